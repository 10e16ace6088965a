package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"plenum"
)

// articleRef is an article in a list.
type articleRef struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Title     string    `json:"title"`
	Byline    string    `json:"byline"`
	Summary   string    `json:"summary"`
	Public    bool      `json:"public"`
	Published time.Time `json:"published"`
	Unit      unitRef   `json:"unit"`
}

// articleView is an article's page.
type articleView struct {
	Organization orgRef `json:"organization"`
	articleRef
	Markdown string        `json:"markdown"`
	HTML     template.HTML `json:"html"` // rendered and sanitized
	URL      string        `json:"url"`
	// Page only: the "email this article" form.
	Member bool   `json:"-"` // the viewer is a member, who may add a note
	Sent   string `json:"-"`
	Error  string `json:"-"`
	To     string `json:"-"`
	Note   string `json:"-"`
}

// articleList is a unit's articles, newest first.
type articleList struct {
	Organization orgRef       `json:"organization"`
	Unit         unitRef      `json:"unit"`
	Articles     []articleRef `json:"articles"`
	// Next is the "before" parameter of the next page; empty on the last.
	Next             string `json:"next,omitempty"`
	CanWrite         bool   `json:"can_write"`
	CanPublishPublic bool   `json:"can_publish_public"`
	// Page only: the form after a refused publication.
	Draft articleDraft `json:"-"`
	Error string       `json:"-"`
}

// articleDraft is what the form and the API submit.
type articleDraft struct {
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Body    string `json:"body"`
	Public  bool   `json:"public"`
	Notify  bool   `json:"notify"`
}

func articleRefOf(a *plenum.Article, u *plenum.Unit) articleRef {
	return articleRef{ID: a.ID.String(), Kind: string(a.Kind), Title: a.Title, Byline: a.Byline, Summary: a.Summary,
		Public: a.Public, Published: a.Published, Unit: unitRefOf(u)}
}

// cursorParam encodes an article cursor as "before=MICROS.ID".
func cursorParam(c *plenum.ArticleCursor) string {
	if c == nil {
		return ""
	}
	return strconv.FormatInt(c.Published.UnixMicro(), 10) + "." + c.ID.String()
}

func parseCursor(s string) (plenum.ArticleCursor, error) {
	if s == "" {
		return plenum.ArticleCursor{}, nil
	}
	us, id, ok := strings.Cut(s, ".")
	micros, err1 := strconv.ParseInt(us, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || n <= 0 || micros <= 0 {
		return plenum.ArticleCursor{}, invalid("before", "This is not a position in the list.")
	}
	return plenum.ArticleCursor{Published: time.UnixMicro(micros).UTC(), ID: plenum.ArticleID(n)}, nil
}

func (s *Server) unitArticles(r *http.Request, v *plenum.Viewer) (*articleList, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	before, err := parseCursor(r.URL.Query().Get("before"))
	if err != nil {
		return nil, err
	}
	p, err := s.deps.App.Articles(r.Context(), v, plenum.UnitID(id), before, 20)
	if err != nil {
		return nil, err
	}
	org, err := s.orgByID(r.Context(), p.Unit.Org)
	if err != nil {
		return nil, err
	}
	l := &articleList{Organization: orgRefOf(org), Unit: unitRefOf(p.Unit), Articles: []articleRef{},
		Next: cursorParam(p.Next), CanWrite: p.CanWrite, CanPublishPublic: p.CanPublishPublic,
		Draft: articleDraft{Kind: string(plenum.KindArticle)}}
	for _, a := range p.Articles {
		l.Articles = append(l.Articles, articleRefOf(a, p.Unit))
	}
	return l, nil
}

func articlesFrame(l *articleList) Layout {
	return Layout{Title: l.Unit.Name, Org: navFor(l.Organization), Nav: "units"}
}

func (s *Server) articlePage(r *http.Request, v *plenum.Viewer) (*articleView, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	av, err := s.deps.App.Article(r.Context(), v, plenum.ArticleID(id))
	if err != nil {
		return nil, err
	}
	html, err := s.md.HTML(av.Article.Body)
	if err != nil {
		return nil, err
	}
	return &articleView{
		Organization: orgRefOf(av.Org),
		articleRef:   articleRefOf(av.Article, av.Unit),
		Markdown:     av.Article.Body,
		HTML:         html,
		URL:          s.deps.App.Mail.ArticleURL(av.Article.ID),
		Member:       v.Member != nil,
	}, nil
}

func articleFrame(a *articleView) Layout {
	return Layout{Title: a.Title, Org: navFor(a.Organization), Nav: "units"}
}

// publish publishes a draft in the unit of the path and returns its id.
func (s *Server) publish(r *http.Request, v *plenum.Viewer, d articleDraft) (plenum.ArticleID, error) {
	if v.IsVisitor() {
		return 0, errLoginFirst
	}
	id, err := idParam(r, "id")
	if err != nil {
		return 0, err
	}
	a, err := s.deps.App.PublishArticle(r.Context(), v, plenum.ArticleDraft{Unit: plenum.UnitID(id), Kind: plenum.ArticleKind(d.Kind),
		Title: d.Title, Summary: d.Summary, Body: d.Body, Public: d.Public, Notify: d.Notify})
	if err != nil {
		return 0, err
	}
	return a.ID, nil
}

func (s *Server) publishSubmit(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := articleDraft{Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"), Summary: r.PostFormValue("summary"),
		Body: r.PostFormValue("body"), Public: r.PostFormValue("public") == "on", Notify: r.PostFormValue("notify") == "on"}
	id, err := s.publish(r, v, d)
	if err == nil {
		http.Redirect(w, r, "/articles/"+id.String(), http.StatusSeeOther)
		return
	}
	p := s.problemOf(r, err)
	l, lerr := s.unitArticles(r, v)
	if p.Status != http.StatusBadRequest && p.Status != http.StatusForbidden || lerr != nil {
		s.fail(w, r, forVisitor(v, err))
		return
	}
	l.Draft, l.Error = d, p.Message
	renderPage(s, w, r, v, p.Status, "articles", articlesFrame(l), l)
}

func (s *Server) apiPublish(w http.ResponseWriter, r *http.Request) {
	v, err := s.viewerOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var d articleDraft
	if err := decodeJSON(w, r, &d); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.publish(r, v, d)
	if err != nil {
		s.fail(w, r, forVisitor(v, err))
		return
	}
	r.SetPathValue("id", id.String())
	av, err := s.articlePage(r, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/articles/%s", id))
	writeJSON(w, http.StatusCreated, av)
}
