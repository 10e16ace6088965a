package web

import (
	"net/http"

	"plenum"
)

func (s *Server) instanceHome(r *http.Request, v *plenum.Viewer) (*instanceHome, error) {
	orgs, err := s.deps.App.Orgs(r.Context())
	if err != nil {
		return nil, err
	}
	h := &instanceHome{Organizations: []orgRef{}}
	for _, o := range orgs {
		h.Organizations = append(h.Organizations, orgRefOf(o))
	}
	return h, nil
}

func instanceFrame(*instanceHome) Layout { return Layout{Title: "nav.organizations", Nav: "home"} }

func (s *Server) orgHome(r *http.Request, v *plenum.Viewer) (*orgHome, error) {
	ctx := r.Context()
	org, err := s.deps.App.Org(ctx, r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	h := &orgHome{Organization: orgRefOf(org)}
	tree, err := s.treeFacts(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	up, err := s.deps.App.Unit(ctx, v, tree.root)
	if err != nil {
		return nil, err
	}
	h.Root = unitViewOf(org, up)
	rec, err := s.deps.App.Record(ctx, v, plenum.RecordFilter{Org: org.ID, Limit: 10})
	if err != nil {
		return nil, err
	}
	h.Recent = entryViews(rec.Entries)
	latest, err := s.deps.App.LatestArticles(ctx, org.ID, 5)
	if err != nil {
		return nil, err
	}
	h.Articles = []articleRef{}
	for _, a := range latest {
		h.Articles = append(h.Articles, articleRefOf(a.Article, a.Unit))
	}
	return h, nil
}

func orgFrame(h *orgHome) Layout {
	return Layout{Org: navFor(h.Organization), Nav: "home"}
}

func (s *Server) unitsTree(r *http.Request, v *plenum.Viewer) (*unitsTree, error) {
	ctx := r.Context()
	org, err := s.deps.App.Org(ctx, r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	units, err := s.deps.App.UnitTree(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	// UnitTree orders parents before their children.
	nodes := map[plenum.UnitID]*unitNode{}
	t := &unitsTree{Organization: orgRefOf(org), Units: []*unitNode{}}
	for _, u := range units {
		n := &unitNode{unitRef: unitRefOf(u)}
		nodes[u.ID] = n
		if p := nodes[u.Parent]; p != nil {
			p.Children = append(p.Children, n)
		} else {
			t.Units = append(t.Units, n)
		}
	}
	return t, nil
}

func unitsFrame(t *unitsTree) Layout {
	return Layout{Title: "nav.units", Org: navFor(t.Organization), Nav: "units"}
}

func navFor(o orgRef) *orgNav { return &orgNav{Slug: o.Slug, Name: o.Name, ID: o.id} }
