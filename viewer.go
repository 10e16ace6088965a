package plenum

import "sort"

// Viewer is who is asking: a visitor (no account), a member, or the
// instance operator. The web layer gets one per request from
// App.Authenticate and passes it to every App method; the methods decide
// what it may see and do with the rules below.
//
// The rules (DESIGN.md, section 2, and R11):
//   - Visitors see public things only: organizations, units, bodies,
//     offices and their holders, pay, and the public entries of the record.
//   - A member sees the internal matters of the units they belong to with an
//     active membership and of those units' ancestors: the member directory
//     of those units, and the internal entries of the record about them.
//   - A member who holds an office (a current term) in a unit also sees the
//     member directory of every unit below it: officers need to reach the
//     members they serve. They may invite the members of those units.
//   - The operator sees what visitors see, and may create organizations and
//     invite the holders of founding mandates, so that an organization can
//     start; the operator is not a member and sees no member data.
type Viewer struct {
	Account *Account // nil for a visitor
	Member  *Member  // with memberships; nil unless a member's account

	inside  map[UnitID]bool // units with an active membership, and their ancestors
	officer map[UnitID]bool // units where the viewer holds a current term
	console bool            // the command line
}

// Visitor is the viewer with no account.
func Visitor() *Viewer { return &Viewer{} }

// CommandLine is the viewer of the plenum command run by whoever runs the
// instance with its database at hand: it may found organizations, import
// members and open accounts (init, members import, serve --demo). It sees no
// internal matters. The web layer never uses it.
var CommandLine = &Viewer{console: true}

// IsVisitor reports whether v has no account.
func (v *Viewer) IsVisitor() bool { return v.Account == nil }

// IsOperator reports whether v is the instance operator.
func (v *Viewer) IsOperator() bool { return v.Account != nil && v.Account.Operator }

// Actor is how the record names v.
func (v *Viewer) Actor() Actor {
	switch {
	case v.Member != nil:
		return memberActor(v.Member.ID)
	case v.IsOperator():
		return operatorActor(v.Account.ID)
	case v.console:
		return System
	}
	return "visitor"
}

// CanFound reports whether v may create an organization: the operator or
// the command line.
func (v *Viewer) CanFound() bool { return v.IsOperator() || v.console }

// SeesInternal reports whether v sees the internal matters of unit u.
func (v *Viewer) SeesInternal(u UnitID) bool { return v.inside[u] }

// InsideUnits lists the units whose internal matters v sees, in ID order.
func (v *Viewer) InsideUnits() []UnitID {
	ids := make([]UnitID, 0, len(v.inside))
	for id := range v.inside {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// SeesOrgInternal reports whether v sees the organization-wide internal
// matters of org: v has an active membership in it.
func (v *Viewer) SeesOrgInternal(org OrgID) bool {
	return v.Member != nil && v.Member.Org == org && len(v.inside) > 0
}

// IsOfficerAbove reports whether v holds a current term in u or in one of
// ancestors (u's ancestors).
func (v *Viewer) IsOfficerAbove(u *Unit, ancestors []*Unit) bool {
	if v.officer[u.ID] {
		return true
	}
	for _, a := range ancestors {
		if v.officer[a.ID] {
			return true
		}
	}
	return false
}

// CanSeeDirectory reports whether v may list the members of u's subtree.
func (v *Viewer) CanSeeDirectory(u *Unit, ancestors []*Unit) bool {
	return v.SeesInternal(u.ID) || v.IsOfficerAbove(u, ancestors)
}

// CanSeeMember reports whether v may see member m's details (email,
// number, memberships); unitChains holds, for each of m's units, the unit
// followed by its ancestors.
func (v *Viewer) CanSeeMember(m *Member, unitChains [][]*Unit) bool {
	if v.Member != nil && v.Member.ID == m.ID {
		return true
	}
	for _, chain := range unitChains {
		if len(chain) > 0 && v.CanSeeDirectory(chain[0], chain[1:]) {
			return true
		}
	}
	return false
}

// CanInvite reports whether v may invite member m, given for each of m's
// units the unit followed by its ancestors, and whether m holds a founding
// mandate.
func (v *Viewer) CanInvite(m *Member, unitChains [][]*Unit, founding bool) bool {
	if v.IsOperator() {
		return founding
	}
	if v.Member == nil || v.Member.Org != m.Org || len(v.inside) == 0 {
		return false
	}
	for _, chain := range unitChains {
		if len(chain) > 0 && v.IsOfficerAbove(chain[0], chain[1:]) {
			return true
		}
	}
	return false
}
