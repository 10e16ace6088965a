package web

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"plenum"
)

func TestArticlePages(t *testing.T) {
	s := newTestServer(t, Config{})
	s.app.Mail.BaseURL = "https://riverside.example"
	officer, member, visitor := s.as(t, officerEmail), s.as(t, northEmail), s.as(t, "")

	// An officer publishes a public statement through the form.
	res := officer.postForm("/units/"+s.north+"/articles", url.Values{"title": {"Heating restored"}, "kind": {"statement"},
		"public": {"on"}, "summary": {"After 3 weeks."}, "body": {"## What we won\n\n- heat\n- [repairs](https://x.example)"}})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/articles/") {
		t.Fatalf("publish: %d %s", res.status, res.header.Get("Location"))
	}
	page := visitor.get(res.header.Get("Location"))
	for _, want := range []string{"<h1>Heating restored</h1>", "Statement of Grace Okafor, ", "Published 1 November 2026",
		"<h2>What we won</h2>", `<a href="https://x.example" rel="nofollow">repairs</a>`, `action="/articles/`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	if strings.Contains(page.body, `name="note"`) {
		t.Error("a visitor is offered a note")
	}

	// Markdown cannot inject script.
	fixture := visitor.get("/articles/" + s.publicArticle)
	if strings.Contains(fixture.body, "<script>alert") {
		t.Error("the article's script reached the page")
	}

	// A member may not publish in public; the form comes back with the error.
	res = member.postForm("/units/"+s.north+"/articles", url.Values{"title": {"Press release"}, "kind": {"article"}, "public": {"on"}, "body": {"x"}})
	if res.status != http.StatusForbidden || !strings.Contains(res.body, "Press release") || !strings.Contains(res.body, `role="alert"`) {
		t.Errorf("member publishing in public: %d", res.status)
	}
	res = member.postForm("/units/"+s.north+"/articles", url.Values{"title": {""}, "kind": {"article"}, "body": {"text kept"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "text kept") {
		t.Errorf("no title: %d", res.status)
	}
	if res := visitor.postForm("/units/"+s.north+"/articles", url.Values{"title": {"x"}, "kind": {"article"}, "body": {"x"}}); res.status != http.StatusUnauthorized {
		t.Errorf("visitor publishing: %d", res.status)
	}

	// The list: members see both kinds, visitors the public ones.
	if list := member.get("/units/" + s.north + "/articles"); !strings.Contains(list.body, "Minutes of the branch") || !strings.Contains(list.body, "Heating restored") {
		t.Error("the member's list lacks an article")
	}
	if list := visitor.get("/units/" + s.north + "/articles"); strings.Contains(list.body, "Minutes of the branch") || strings.Contains(list.body, `action="/units/`) {
		t.Error("a visitor's list shows a members-only article or the form")
	}
}

func TestArticlePrint(t *testing.T) {
	s := newTestServer(t, Config{})
	s.app.Mail.BaseURL = "https://riverside.example"
	res := s.as(t, "").get("/articles/" + s.publicArticle + "/print")
	if res.status != http.StatusOK {
		t.Fatalf("print: %d", res.status)
	}
	for _, want := range []string{"<h1>Rent strike: day 3</h1>", "Statement of Grace Okafor", "Published 1 November 2026",
		"Printed from https://riverside.example/articles/" + s.publicArticle + " on ", "/static/print.", "<strong>stand together</strong>"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("print version lacks %q", want)
		}
	}
	for _, absent := range []string{"<nav", "<form", "Log in", "<script>"} {
		if strings.Contains(res.body, absent) {
			t.Errorf("print version has %q", absent)
		}
	}
}

func TestArticleFeed(t *testing.T) {
	s := newTestServer(t, Config{})
	s.app.Mail.BaseURL = "https://riverside.example"
	res := s.as(t, northEmail).get("/units/" + s.north + "/articles.atom")
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("feed: %d %s", res.status, res.header.Get("Content-Type"))
	}
	var f struct {
		ID      string `xml:"http://www.w3.org/2005/Atom id"`
		Title   string `xml:"http://www.w3.org/2005/Atom title"`
		Entries []struct {
			ID      string `xml:"http://www.w3.org/2005/Atom id"`
			Title   string `xml:"http://www.w3.org/2005/Atom title"`
			Author  string `xml:"http://www.w3.org/2005/Atom author>name"`
			Content string `xml:"http://www.w3.org/2005/Atom content"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
		} `xml:"http://www.w3.org/2005/Atom entry"`
	}
	if err := xml.Unmarshal([]byte(res.body), &f); err != nil {
		t.Fatal(err)
	}
	// The feed is public whoever asks: the members-only article is not in it.
	if len(f.Entries) != 1 || f.Entries[0].Title != "Rent strike: day 3" || !strings.HasPrefix(f.Entries[0].Author, "Grace Okafor, ") {
		t.Fatalf("entries: %+v", f.Entries)
	}
	e := f.Entries[0]
	if !strings.HasPrefix(f.ID, "tag:riverside.example,") || e.Link.Href != "https://riverside.example/articles/"+s.publicArticle ||
		!strings.Contains(e.Content, "<strong>stand together</strong>") || strings.Contains(e.Content, "<script") {
		t.Errorf("feed id %q, entry %+v", f.ID, e)
	}
}

func TestEmailArticleForm(t *testing.T) {
	s := newTestServer(t, Config{})
	s.app.Mail.BaseURL = "https://riverside.example"
	visitor := s.as(t, "")
	path := "/articles/" + s.publicArticle + "/email"
	res := visitor.postForm(path, url.Values{"to": {"friend@example.org"}})
	if res.status != http.StatusOK || !strings.Contains(res.body, "The article has been sent to friend@example.org.") {
		t.Fatalf("share: %d", res.status)
	}
	if res := visitor.postForm(path, url.Values{"to": {"friend@example.org"}, "note": {"cheap pills"}}); res.status != http.StatusBadRequest {
		t.Errorf("a visitor's note: %d", res.status)
	}
	if res := s.as(t, northEmail).postForm("/articles/"+s.membersArticle+"/email", url.Values{"to": {"friend@example.org"}}); res.status != http.StatusForbidden {
		t.Errorf("members-only article: %d", res.status)
	}
	// The visitors' throttle: 10 an hour from one address (one is sent).
	for i := range 9 {
		if res := visitor.postForm(path, url.Values{"to": {"r" + string(rune('a'+i)) + "@example.org"}}); res.status != http.StatusOK {
			t.Fatalf("share %d: %d", i+2, res.status)
		}
	}
	res = visitor.postForm(path, url.Values{"to": {"z@example.org"}})
	if res.status != http.StatusTooManyRequests || !strings.Contains(res.body, "z@example.org") {
		t.Errorf("11th share: %d", res.status)
	}
	// Through the API, as a member, with a note.
	api := s.as(t, northEmail)
	if res := api.postJSON("/api/v1/articles/"+s.publicArticle+"/email", map[string]string{"to": "aunt@example.org", "note": "Look!"}); res.status != http.StatusAccepted {
		t.Errorf("API share: %d %s", res.status, res.body)
	}
	n, err := s.db.Outbox().Pending(t.Context())
	if err != nil || n != 11 {
		t.Errorf("%d messages queued, %v; want 11", n, err)
	}
}

func TestArticleAPI(t *testing.T) {
	s := newTestServer(t, Config{})
	officer := s.as(t, officerEmail)
	res := officer.postJSON("/api/v1/units/"+s.north+"/articles", map[string]any{"kind": "article", "title": "By API", "body": "*hi*", "public": true})
	if res.status != http.StatusCreated {
		t.Fatalf("publish: %d %s", res.status, res.body)
	}
	var a struct {
		ID, Title, Byline, HTML, Kind string
		Public                        bool
	}
	res.decode(t, &a)
	if a.Title != "By API" || a.Byline != "Grace Okafor" || a.HTML != "<p><em>hi</em></p>\n" || !a.Public || res.header.Get("Location") != "/api/v1/articles/"+a.ID {
		t.Errorf("published: %+v", a)
	}
	var list struct {
		Articles []struct{ ID string }
		Next     string
	}
	s.as(t, "").get("/api/v1/units/"+s.north+"/articles").decode(t, &list)
	if len(list.Articles) != 2 || list.Articles[0].ID != a.ID || list.Next != "" {
		t.Errorf("visitor's list: %+v", list)
	}
	if res := s.as(t, southEmail).postJSON("/api/v1/units/"+s.north+"/articles", map[string]any{"kind": "article", "title": "x", "body": "y"}); res.status != http.StatusForbidden {
		t.Errorf("member of another unit publishing: %d", res.status)
	}
	if res := officer.postJSON("/api/v1/units/"+s.north+"/articles", map[string]any{"kind": "memo", "title": "x", "body": "y"}); res.status != http.StatusBadRequest || !strings.Contains(res.body, `"field": "kind"`) {
		t.Errorf("bad kind: %d %s", res.status, res.body)
	}
	// Every publication is in the record.
	p, err := s.app.Record(t.Context(), plenum.Visitor(), plenum.RecordFilter{Type: "article.published", Limit: 10})
	if err != nil || len(p.Entries) != 2 {
		t.Errorf("public record of publications: %d, %v", len(p.Entries), err)
	}
}

func TestOrgHomeShowsLatestArticles(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, email := range []string{"", northEmail} {
		res := s.as(t, email).get("/orgs/" + orgSlug)
		if !strings.Contains(res.body, "Latest articles") || !strings.Contains(res.body, `href="/articles/`+s.publicArticle+`"`) ||
			strings.Contains(res.body, "Minutes of the branch") {
			t.Errorf("home page as %q: latest public articles missing, or a members-only one shown", email)
		}
	}
	if res := s.as(t, "").get("/units/" + s.north); !strings.Contains(res.body, `href="/units/`+s.north+`/articles"`) {
		t.Error("the unit's page does not link its articles")
	}
}

// A Spanish-speaking reader: the browser's language, then a member's choice
// kept with their account, then a visitor's kept in a cookie.
func TestPagesInSpanish(t *testing.T) {
	s := newTestServer(t, Config{})
	visitor := s.as(t, "")
	req, _ := http.NewRequest("GET", s.ts.URL+"/articles/"+s.publicArticle, nil)
	req.Header.Set("Accept-Language", "es-MX,es;q=0.9,en;q=0.5")
	res := visitor.do(req)
	for _, want := range []string{`<html lang="es">`, "Declaración de Grace Okafor", "Publicado el 1 de noviembre de 2026",
		"Versión para imprimir", "Enviar este artículo por correo", ">Secciones</a>", ">Entrar</a>", "Ir al contenido"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("Spanish page lacks %q", want)
		}
	}

	// A member chooses Spanish in the footer; it holds whatever the browser says.
	member := s.as(t, northEmail)
	if res := member.postForm("/language", url.Values{"lang": {"es"}, "next": {"/units/" + s.north + "/articles"}}); res.status != http.StatusSeeOther ||
		res.header.Get("Location") != "/units/"+s.north+"/articles" {
		t.Fatalf("choose Spanish: %d %s", res.status, res.header.Get("Location"))
	}
	if res := member.get("/units/" + s.north + "/articles"); !strings.Contains(res.body, "Escribir un artículo") || !strings.Contains(res.body, `<html lang="es">`) {
		t.Error("the member's choice is not kept")
	}
	if lang, _ := s.app.Language(t.Context(), viewerOf(t, s.app, northEmail)); lang != "es" {
		t.Errorf("the member's language is %q", lang)
	}

	// A visitor's choice is a cookie; the redirect stays on the site.
	if res := visitor.postForm("/language", url.Values{"lang": {"es"}, "next": {"//evil.example/"}}); res.header.Get("Location") != "/" {
		t.Errorf("redirect to %q", res.header.Get("Location"))
	}
	if res := visitor.get("/"); !strings.Contains(res.body, `<html lang="es">`) {
		t.Error("the visitor's choice is not kept")
	}
	if res := visitor.get("/orgs/" + orgSlug + "/units"); !strings.Contains(res.body, "<title>Secciones · ") {
		t.Error("the page's title is not translated")
	}
	if res := visitor.postForm("/language", url.Values{"lang": {"fr"}}); res.status != http.StatusBadRequest {
		t.Errorf("French: %d", res.status)
	}
}

// Every page renders in both languages with no message left as its key and
// no argument out of place.
func TestEveryPageTranslates(t *testing.T) {
	s := newTestServer(t, Config{})
	keyRE := regexp.MustCompile(`\b(nav|unit|units|office|record|me|members|article|page|login|key|invited|invitation|org|home|footer|lang|term|error|site|month|format|recall|notifications|notice|delivery|case)\.[a-z_0-9]+\b`)
	member := s.as(t, officerEmail)
	for _, lang := range []string{"en", "es"} {
		for _, rt := range s.matrix() {
			if rt.method != "GET" || strings.HasPrefix(rt.path, "/api/") || strings.HasSuffix(rt.path, ".atom") || strings.HasSuffix(rt.path, ".ics") || rt.path == "/metrics" || rt.path == "/healthz" || strings.Contains(rt.path, "/evidence/") {
				continue
			}
			req, _ := http.NewRequest("GET", s.ts.URL+rt.path, nil)
			req.Header.Set("Accept-Language", lang)
			res := member.do(req)
			if m := keyRE.FindString(res.body); m != "" {
				t.Errorf("%s in %s: message key %q shown", rt.path, lang, m)
			}
			if strings.Contains(res.body, "%!") {
				t.Errorf("%s in %s: a message's arguments are wrong: %s", rt.path, lang, excerpt(res.body, "%!"))
			}
			if !strings.Contains(res.body, `<html lang="`+lang+`">`) {
				t.Errorf("%s in %s: not in %s", rt.path, lang, lang)
			}
		}
	}
}

// An officer's statement goes to the unit's members by email; a member's
// unsubscribe link asks first, then works with one POST.
func TestStatementByEmailAndUnsubscribe(t *testing.T) {
	s := newTestServer(t, Config{})
	s.app.Mail.BaseURL = "https://riverside.example"
	res := s.as(t, officerEmail).postForm("/units/"+s.north+"/articles", url.Values{"title": {"Assembly"}, "kind": {"statement"},
		"public": {"on"}, "notify": {"on"}, "body": {"On Monday."}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.status)
	}
	if _, err := s.app.DeliverNotices(t.Context()); err != nil {
		t.Fatal(err)
	}
	claimed, err := s.db.Outbox().Claim(t.Context(), fixtureNow.Add(time.Hour), time.Minute, 1000)
	if err != nil || len(claimed) == 0 {
		t.Fatalf("nothing queued: %v", err)
	}
	var link string
	for _, c := range claimed {
		if strings.Contains(c.Message.To, northEmail) {
			link = c.Message.Unsubscribe
		}
	}
	path := strings.TrimPrefix(link, "https://riverside.example")
	if !strings.HasPrefix(path, "/unsubscribe/") {
		t.Fatalf("Olga's message has no unsubscribe link: %q", link)
	}
	visitor := s.as(t, "")
	if res := visitor.get(path); res.status != http.StatusOK || !strings.Contains(res.body, "Olga Petrova") || !strings.Contains(res.body, `<form method="post">`) {
		t.Errorf("unsubscribe page: %d", res.status)
	}
	// The one-click POST of a mail program: no cookie, no Origin.
	if res := visitor.request("POST", path, strings.NewReader("List-Unsubscribe=One-Click"), "application/x-www-form-urlencoded"); res.status != http.StatusOK || !strings.Contains(res.body, "receives no more") {
		t.Errorf("one-click unsubscribe: %d", res.status)
	}
	if d, err := s.app.Deliveries(t.Context(), viewerOf(t, s.app, northEmail)); err != nil || d["statement"] != plenum.Off {
		t.Errorf("the unsubscription is not kept: %v, %v", d, err)
	}
}

func TestAPISettings(t *testing.T) {
	s := newTestServer(t, Config{})
	member := s.as(t, northEmail)
	if res := member.postJSON("/api/v1/me/settings", map[string]any{"lang": "es"}); res.status != http.StatusNoContent {
		t.Fatalf("settings: %d %s", res.status, res.body)
	}
	if res := member.get("/me"); !strings.Contains(res.body, `<html lang="es">`) {
		t.Error("settings not kept")
	}
	if res := member.postJSON("/api/v1/me/settings", map[string]any{"lang": "fr"}); res.status != http.StatusBadRequest {
		t.Errorf("French: %d", res.status)
	}
	if res := s.as(t, operatorEmail).postJSON("/api/v1/me/settings", map[string]any{"lang": "es"}); res.status != http.StatusForbidden {
		t.Errorf("operator: %d", res.status)
	}
	if res := s.as(t, "").postJSON("/api/v1/me/settings", map[string]any{"lang": "es"}); res.status != http.StatusUnauthorized {
		t.Errorf("visitor: %d", res.status)
	}
}
