package web

import (
	"net/http"

	"plenum"
)

func (s *Server) unitPage(r *http.Request, v *plenum.Viewer) (*unitView, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	up, err := s.deps.App.Unit(r.Context(), v, plenum.UnitID(id))
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), up.Unit.Org)
	if err != nil {
		return nil, err
	}
	return unitViewOf(org, up), nil
}

func unitFrame(u *unitView) Layout {
	return Layout{Title: u.Unit.Name, Org: navFor(u.Organization), Nav: "units"}
}

func (s *Server) officePage(r *http.Request, v *plenum.Viewer) (*officeView, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	op, err := s.deps.App.Office(r.Context(), plenum.OfficeID(id))
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), op.Unit.Org)
	if err != nil {
		return nil, err
	}
	ov := officeViewOf(op.Office, op.Unit, op.Holders)
	o := orgRefOf(org)
	ov.Organization = &o
	ov.Ancestors = unitRefs(op.Ancestors)
	ov.PayHistory = payChangesOf(op.PayHistory)
	if op.Body != nil {
		ov.Body = op.Body.Name
	}
	return &ov, nil
}

func officeFrame(o *officeView) Layout {
	return Layout{Title: o.Name + ", " + o.Unit.Name, Org: navFor(*o.Organization), Nav: "units"}
}
