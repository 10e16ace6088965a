package web

import (
	"net/http"
	"strconv"

	"plenum"
)

// maxUnitChoices is the largest organization whose units the record's filter
// offers as a list; a larger one takes a unit number.
const maxUnitChoices = 300

func (s *Server) recordList(r *http.Request, v *plenum.Viewer) (*recordPage, error) {
	ctx := r.Context()
	q := r.URL.Query()
	p := &recordPage{Org: q.Get("org"), Unit: q.Get("unit"), Type: q.Get("type"), Before: q.Get("before"), After: q.Get("after")}
	f := plenum.RecordFilter{Type: p.Type}
	if p.Org != "" {
		org, err := s.deps.App.Org(ctx, p.Org)
		if err != nil {
			return nil, err
		}
		f.Org = org.ID
		p.org = org
	}
	for _, n := range []struct {
		name, value string
		dst         *int64
	}{{"unit", p.Unit, (*int64)(&f.Unit)}, {"before", p.Before, &f.Before}, {"after", p.After, &f.After}} {
		if n.value == "" {
			continue
		}
		id, err := strconv.ParseInt(n.value, 10, 64)
		if err != nil || id <= 0 {
			return nil, invalid(n.name, n.name+" must be a positive number")
		}
		*n.dst = id
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 {
			return nil, invalid("limit", "limit must be a positive number")
		}
		f.Limit = n
	}
	rp, err := s.deps.App.Record(ctx, v, f)
	if err != nil {
		return nil, err
	}
	p.Entries = entryViews(rp.Entries)
	if rp.Next != 0 {
		p.Next = strconv.FormatInt(rp.Next, 10)
	}
	if rp.Prev != 0 {
		p.Prev = strconv.FormatInt(rp.Prev, 10)
	}
	return p, nil
}

// recordHTML adds what only the page needs: the organization's units for the
// filter, when there are few enough to list.
func (s *Server) recordHTML(r *http.Request, v *plenum.Viewer) (*recordPage, error) {
	p, err := s.recordList(r, v)
	if err != nil || p.org == nil {
		return p, err
	}
	tree, err := s.treeFacts(r.Context(), p.org.ID)
	if err != nil {
		return nil, err
	}
	p.Units = tree.units
	return p, nil
}

func recordFrame(p *recordPage) Layout {
	l := Layout{Title: "nav.record", Nav: "record"}
	if p.org != nil {
		l.Org = navFor(orgRefOf(p.org))
	}
	return l
}
