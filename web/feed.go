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

// unitFeed is what every feed of a unit starts from: its id, title and
// links. Feed readers carry no session, so a feed is what a visitor sees,
// whoever asks: internal matters never enter one (R8).
type unitFeed struct {
	*feed.Feed
	base, host string
}

// newUnitFeed starts the feed of unit u named what ("articles",
// "elections", "decisions"), served at /units/ID/what.atom, whose page is
// /units/ID/page ("": the unit's page).
func (s *Server) newUnitFeed(r *http.Request, u *plenum.Unit, what, title, page string) (*unitFeed, error) {
	org, err := s.orgByID(r.Context(), u.Org)
	if err != nil {
		return nil, err
	}
	base := s.publicBase(r)
	host := hostOf(base)
	l := s.localizer(r, nil)
	path := base + "/units/" + u.ID.String()
	alternate := path
	if page != "" {
		alternate += "/" + page
	}
	return &unitFeed{base: base, host: host, Feed: &feed.Feed{
		ID:      feed.TagURI(host, org.Created, "unit/"+u.ID.String()+"/"+what),
		Title:   l.T(title, u.Name+", "+org.Name),
		Lang:    l.Lang(),
		Updated: org.Created,
		Authors: []feed.Person{{Name: org.Name}},
		Links: []feed.Link{
			{Href: path + "/" + what + ".atom", Rel: "self", Type: "application/atom+xml"},
			{Href: alternate, Type: "text/html"},
		},
	}}, nil
}

// add appends e, keeping the feed's Updated the latest of its entries'.
func (f *unitFeed) add(e feed.Entry) {
	if e.Updated.After(f.Updated) {
		f.Updated = e.Updated
	}
	f.Entries = append(f.Entries, e)
}

// serveFeed writes f, or fails the request if it is not valid Atom.
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request, f *unitFeed) {
	var buf bytes.Buffer
	if err := feed.Write(&buf, f.Feed); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", feed.ContentType)
	w.Write(buf.Bytes())
}

// articlesFeed serves the Atom feed of a unit's public articles.
func (s *Server) articlesFeed(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.deps.App.Articles(r.Context(), plenum.Visitor(), plenum.UnitID(id), plenum.ArticleCursor{}, 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.newUnitFeed(r, p.Unit, "articles", "feed.articles", "articles")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, a := range p.Articles {
		html, err := s.md.HTML(a.Body)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		f.add(feed.Entry{
			ID:         feed.TagURI(f.host, a.Published, "article/"+a.ID.String()),
			Title:      a.Title,
			Updated:    a.Published,
			Published:  a.Published,
			Authors:    []feed.Person{{Name: a.Byline}},
			Links:      []feed.Link{{Href: f.base + "/articles/" + a.ID.String(), Type: "text/html"}},
			Categories: []string{string(a.Kind)},
			Summary:    a.Summary,
			Content:    string(html),
		})
	}
	s.serveFeed(w, r, f)
}

func hostOf(base string) string {
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localhost"
}
