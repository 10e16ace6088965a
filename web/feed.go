package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"plenum"
	"plenum/feed"
)

// publicBase is the address links that leave the site are built from: the
// configured base URL, else the address the request names.
func (s *Server) publicBase(r *http.Request) string {
	if b := s.deps.App.Mail.BaseURL; b != "" {
		return strings.TrimSuffix(b, "/")
	}
	return s.baseURL(r)
}

// unitFeed serves the Atom feed of a unit's public articles. Feed readers
// carry no session, so the feed is what a visitor sees, whoever asks.
func (s *Server) unitFeed(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	p, err := s.deps.App.Articles(ctx, plenum.Visitor(), plenum.UnitID(id), plenum.ArticleCursor{}, 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	org, err := s.orgByID(ctx, p.Unit.Org)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := s.publicBase(r)
	host := hostOf(base)
	l := s.localizer(r, nil)
	f := &feed.Feed{
		ID:      feed.TagURI(host, org.Created, "unit/"+p.Unit.ID.String()+"/articles"),
		Title:   l.T("feed.articles", p.Unit.Name+", "+org.Name),
		Lang:    l.Lang(),
		Updated: org.Created,
		Authors: []feed.Person{{Name: org.Name}},
		Links: []feed.Link{
			{Href: base + "/units/" + p.Unit.ID.String() + "/articles.atom", Rel: "self", Type: "application/atom+xml"},
			{Href: base + "/units/" + p.Unit.ID.String() + "/articles", Type: "text/html"},
		},
	}
	for _, a := range p.Articles {
		html, err := s.md.HTML(a.Body)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if a.Published.After(f.Updated) {
			f.Updated = a.Published
		}
		f.Entries = append(f.Entries, feed.Entry{
			ID:         feed.TagURI(host, a.Published, "article/"+a.ID.String()),
			Title:      a.Title,
			Updated:    a.Published,
			Published:  a.Published,
			Authors:    []feed.Person{{Name: a.Byline}},
			Links:      []feed.Link{{Href: base + "/articles/" + a.ID.String(), Type: "text/html"}},
			Categories: []string{string(a.Kind)},
			Summary:    a.Summary,
			Content:    string(html),
		})
	}
	var buf bytes.Buffer
	if err := feed.Write(&buf, f); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", feed.ContentType)
	w.Write(buf.Bytes())
}

func hostOf(base string) string {
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localhost"
}
