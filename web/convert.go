package web

import (
	"encoding/hex"
	"encoding/json"

	"plenum"
	"plenum/record"
)

// These functions fill the web's views from the domain's values.

func orgRefOf(o *plenum.Organization) orgRef { return orgRef{Slug: o.Slug, Name: o.Name, id: o.ID} }

func unitRefOf(u *plenum.Unit) unitRef {
	return unitRef{ID: u.ID.String(), Name: u.Name, Path: u.Path}
}

func unitRefs(us []*plenum.Unit) []unitRef {
	out := make([]unitRef, 0, len(us))
	for _, u := range us {
		out = append(out, unitRefOf(u))
	}
	return out
}

func termViewOf(t *plenum.Term, holder string, o *plenum.Office) termView {
	tv := termView{
		Member:   memberRef{ID: t.Holder.String(), Name: holder},
		Start:    t.Start,
		End:      t.End,
		LastDay:  t.LastDay(),
		Founding: t.Founding,
	}
	if o != nil {
		tv.Office = officeRef{ID: o.ID.String(), Name: o.Name}
	}
	return tv
}

func holderViews(hs []plenum.Holder, o *plenum.Office) []termView {
	out := make([]termView, 0, len(hs))
	for _, h := range hs {
		out = append(out, termViewOf(h.Term, h.Name, o))
	}
	return out
}

func officeViewOf(o *plenum.Office, unit *plenum.Unit, hs []plenum.Holder) officeView {
	ov := officeView{
		ID:               o.ID.String(),
		Name:             o.Name,
		Unit:             unitRefOf(unit),
		Seats:            o.Seats,
		Method:           o.Method,
		TermMonths:       o.TermMonths,
		TermLimit:        o.TermLimit,
		IncompatibleWith: o.IncompatibleWith,
		Holders:          holderViews(hs, o),
	}
	if ov.IncompatibleWith == nil {
		ov.IncompatibleWith = []string{}
	}
	if o.Pay != nil {
		ov.Pay = &payView{Minor: o.Pay.Minor, Currency: o.Pay.Currency, Period: o.Pay.Period}
	}
	return ov
}

// unitViewOf splits a unit's offices into the seats of its bodies and its
// named posts.
func unitViewOf(org *plenum.Organization, p *plenum.UnitPage) *unitView {
	uv := &unitView{
		Organization: orgRefOf(org),
		Unit:         unitRefOf(p.Unit),
		Ancestors:    unitRefs(p.Ancestors),
		Children:     unitRefs(p.Children),
		Bodies:       []bodyView{},
		Offices:      []officeView{},
		Directory:    p.CanSeeDirectory,
	}
	seats := map[plenum.BodyID]*plenum.OfficeHolders{}
	for _, oh := range p.Offices {
		if oh.Office.Body != 0 {
			seats[oh.Office.Body] = oh
			continue
		}
		uv.Offices = append(uv.Offices, officeViewOf(oh.Office, p.Unit, oh.Holders))
	}
	for _, b := range p.Bodies {
		bv := bodyView{ID: b.ID.String(), Name: b.Name, Seats: b.Seats, AllMembers: b.AllMembers, Method: b.Method, Holders: []termView{}}
		if oh := seats[b.ID]; oh != nil {
			bv.Office = &officeRef{ID: oh.Office.ID.String(), Name: oh.Office.Name}
			bv.Holders = holderViews(oh.Holders, oh.Office)
		}
		uv.Bodies = append(uv.Bodies, bv)
	}
	return uv
}

func memberViewOf(m *plenum.Member) memberView {
	return memberView{ID: m.ID.String(), Name: m.Name, Email: m.Email, Number: m.Number}
}

func entryViewOf(e *record.Entry) recordEntry {
	re := recordEntry{
		Seq: e.Seq, Time: e.Time, Type: e.Type, Actor: e.Actor, Org: e.Org, Unit: e.Unit,
		Internal: e.Internal, Hash: hex.EncodeToString(e.Hash[:]),
	}
	// The payload was compacted JSON when it was sealed; an entry whose
	// payload is not an object shows none rather than failing the page.
	if json.Unmarshal(e.Payload, &re.Payload) != nil || re.Payload == nil {
		re.Payload = map[string]any{}
	}
	return re
}

func entryViews(es []*record.Entry) []recordEntry {
	out := make([]recordEntry, 0, len(es))
	for _, e := range es {
		out = append(out, entryViewOf(e))
	}
	return out
}
