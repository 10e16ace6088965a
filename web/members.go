package web

import (
	"net/http"
	"strconv"

	"plenum"
)

// orgDirectory is the member directory of an organization: that of its root
// unit.
func (s *Server) orgDirectory(r *http.Request, v *plenum.Viewer) (*directory, error) {
	ctx := r.Context()
	org, err := s.deps.App.Org(ctx, r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	tree, err := s.treeFacts(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	return s.directoryOf(r, v, org, tree.root)
}

func (s *Server) unitDirectory(r *http.Request, v *plenum.Viewer) (*directory, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	// The domain checks the viewer against the unit before anything else, so
	// the organization is looked up only for a directory the viewer may see.
	return s.directoryOf(r, v, nil, plenum.UnitID(id))
}

func (s *Server) directoryOf(r *http.Request, v *plenum.Viewer, org *plenum.Organization, unit plenum.UnitID) (*directory, error) {
	ctx := r.Context()
	q := r.URL.Query()
	limit := 0
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return nil, invalid("limit", "limit must be a positive number")
		}
		limit = n
	}
	p, err := s.deps.App.Directory(ctx, v, unit, q.Get("q"), q.Get("after"), limit)
	if err != nil {
		return nil, err
	}
	if org == nil {
		if org, err = s.orgByID(ctx, p.Unit.Org); err != nil {
			return nil, err
		}
	}
	d := &directory{
		Organization: orgRefOf(org),
		Unit:         unitRefOf(p.Unit),
		Query:        q.Get("q"),
		Limit:        q.Get("limit"),
		Members:      make([]memberView, 0, len(p.Members)),
		Next:         p.Next,
		Invite:       v.IsOfficerAbove(p.Unit, p.Ancestors),
	}
	for _, m := range p.Members {
		d.Members = append(d.Members, memberViewOf(m))
	}
	return d, nil
}

func directoryFrame(d *directory) Layout {
	return Layout{Title: "unit.members", TitleArg: d.Unit.Name, Org: navFor(d.Organization), Nav: "members"}
}

func (s *Server) profilePage(r *http.Request, v *plenum.Viewer) (*profile, error) {
	ctx := r.Context()
	p, err := s.deps.App.Profile(ctx, v)
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(ctx, p.Member.Org)
	if err != nil {
		return nil, err
	}
	pv := &profile{Organization: orgRefOf(org), Member: memberViewOf(p.Member), Memberships: []membershipView{}, Terms: []termView{}}
	for i, ms := range p.Member.Memberships {
		if i < len(p.Units) {
			pv.Memberships = append(pv.Memberships, membershipView{Unit: unitRefOf(p.Units[i]), Status: string(ms.Status), Since: ms.Since})
		}
	}
	for _, t := range p.Terms {
		pv.Terms = append(pv.Terms, termViewOf(t, p.Member.Name, p.Offices[t.Office]))
	}
	return pv, nil
}

func profileFrame(p *profile) Layout {
	return Layout{Title: p.Member.Name, Org: navFor(p.Organization), Nav: "me"}
}
