package plenum

import "context"

// Orgs lists the organizations of the instance. Anyone may call it.
func (a *App) Orgs(ctx context.Context) ([]*Organization, error) {
	var orgs []*Organization
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		orgs, err = tx.Orgs(ctx)
		return err
	})
	return orgs, wrap("list organizations", err)
}

// Org returns the organization with URL name slug. Anyone may call it.
// Errors: NotFound.
func (a *App) Org(ctx context.Context, slug string) (*Organization, error) {
	var o *Organization
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		o, err = tx.OrgBySlug(ctx, slug)
		return err
	})
	return o, wrap("organization", err)
}

// UnitTree lists every unit of an organization ordered by path, so that a
// parent comes before its children. Anyone may call it. Errors: NotFound.
func (a *App) UnitTree(ctx context.Context, org OrgID) ([]*Unit, error) {
	var units []*Unit
	err := a.Store.View(ctx, func(tx Tx) error {
		if _, err := tx.Org(ctx, org); err != nil {
			return err
		}
		var err error
		units, err = tx.Units(ctx, org)
		return err
	})
	return units, wrap("unit tree", err)
}

// UnitPage is what the page of a unit shows.
type UnitPage struct {
	Unit      *Unit
	Ancestors []*Unit // root first
	Children  []*Unit
	Bodies    []*Body
	Offices   []*OfficeHolders
	// CanSeeDirectory says whether the viewer may open the member directory.
	CanSeeDirectory bool
}

// OfficeHolders is an office with its current holders.
type OfficeHolders struct {
	Office  *Office
	Holders []Holder
}

// Holder is a current term and the name of its holder (public, R4).
type Holder struct {
	Term *Term
	Name string
}

// Unit returns the data of a unit's page. Anyone may call it: all of it is
// public. Errors: NotFound.
func (a *App) Unit(ctx context.Context, v *Viewer, id UnitID) (*UnitPage, error) {
	p := &UnitPage{}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if p.Unit, err = tx.Unit(ctx, id); err != nil {
			return err
		}
		if p.Ancestors, err = tx.Ancestors(ctx, id); err != nil {
			return err
		}
		if p.Children, err = tx.ChildUnits(ctx, id); err != nil {
			return err
		}
		if p.Bodies, err = tx.Bodies(ctx, id); err != nil {
			return err
		}
		offices, err := tx.Offices(ctx, id)
		if err != nil {
			return err
		}
		for _, o := range offices {
			hs, err := a.holders(ctx, tx, o.ID)
			if err != nil {
				return err
			}
			p.Offices = append(p.Offices, &OfficeHolders{Office: o, Holders: hs})
		}
		p.CanSeeDirectory = v.CanSeeDirectory(p.Unit, p.Ancestors)
		return nil
	})
	return p, wrap("unit", err)
}

func (a *App) holders(ctx context.Context, tx Tx, office OfficeID) ([]Holder, error) {
	terms, err := tx.CurrentTerms(ctx, office, a.now())
	if err != nil {
		return nil, err
	}
	hs := make([]Holder, 0, len(terms))
	for _, t := range terms {
		m, err := tx.Member(ctx, t.Holder)
		if err != nil {
			return nil, err
		}
		hs = append(hs, Holder{Term: t, Name: m.Name})
	}
	return hs, nil
}

// OfficePage is what the page of an office shows: all public (R4, R9).
type OfficePage struct {
	Office       *Office
	Unit         *Unit
	Ancestors    []*Unit
	Body         *Body // nil for a named post
	Holders      []Holder
	Incompatible []string     // names of offices it cannot be held with
	PayHistory   []*PayChange // oldest first: the founding pay, then each pay decision
}

// Office returns the data of an office's page. Anyone may call it.
// Errors: NotFound.
func (a *App) Office(ctx context.Context, id OfficeID) (*OfficePage, error) {
	p := &OfficePage{}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if p.Office, err = tx.Office(ctx, id); err != nil {
			return err
		}
		if p.Unit, err = tx.Unit(ctx, p.Office.Unit); err != nil {
			return err
		}
		if p.Ancestors, err = tx.Ancestors(ctx, p.Office.Unit); err != nil {
			return err
		}
		if p.Office.Body != 0 {
			if p.Body, err = tx.Body(ctx, p.Office.Body); err != nil {
				return err
			}
		}
		p.Incompatible = p.Office.IncompatibleWith
		if p.PayHistory, err = tx.PayHistory(ctx, id); err != nil {
			return err
		}
		p.Holders, err = a.holders(ctx, tx, id)
		return err
	})
	return p, wrap("office", err)
}

// Profile is what a member sees of themselves.
type Profile struct {
	Member  *Member
	Units   []*Unit // the unit of each membership, in the same order
	Terms   []*Term // every term held, newest first
	Offices map[OfficeID]*Office
	Account *Account
}

// Profile returns the viewer's own profile. Who may call: a member.
// Errors: Forbidden for visitors and the operator.
func (a *App) Profile(ctx context.Context, v *Viewer) (*Profile, error) {
	const op = "profile"
	if v.Member == nil {
		return nil, Errorf(Forbidden, op, "only members have a profile")
	}
	p := &Profile{Account: v.Account, Offices: map[OfficeID]*Office{}}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if p.Member, err = tx.Member(ctx, v.Member.ID); err != nil {
			return err
		}
		for _, ms := range p.Member.Memberships {
			u, err := tx.Unit(ctx, ms.Unit)
			if err != nil {
				return err
			}
			p.Units = append(p.Units, u)
		}
		if p.Terms, err = tx.MemberTerms(ctx, v.Member.ID); err != nil {
			return err
		}
		for _, t := range p.Terms {
			if p.Offices[t.Office], err = tx.Office(ctx, t.Office); err != nil {
				return err
			}
		}
		return nil
	})
	return p, wrap(op, err)
}

// wrap gives an error from a transaction the operation's name; errors that
// are not *Error become Internal.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return internalError(op, err)
}
