package feed

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

// The shapes a reader sees, parsed with the Atom namespace required, so that
// a feed written without it fails.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string      `xml:"http://www.w3.org/2005/Atom id"`
	Title   atomText    `xml:"http://www.w3.org/2005/Atom title"`
	Updated string      `xml:"http://www.w3.org/2005/Atom updated"`
	Authors []atomAuth  `xml:"http://www.w3.org/2005/Atom author"`
	Links   []atomLink  `xml:"http://www.w3.org/2005/Atom link"`
	Entries []atomEntry `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomEntry struct {
	ID         string     `xml:"http://www.w3.org/2005/Atom id"`
	Title      atomText   `xml:"http://www.w3.org/2005/Atom title"`
	Updated    string     `xml:"http://www.w3.org/2005/Atom updated"`
	Published  string     `xml:"http://www.w3.org/2005/Atom published"`
	Authors    []atomAuth `xml:"http://www.w3.org/2005/Atom author"`
	Links      []atomLink `xml:"http://www.w3.org/2005/Atom link"`
	Categories []struct {
		Term string `xml:"term,attr"`
	} `xml:"http://www.w3.org/2005/Atom category"`
	Summary atomText `xml:"http://www.w3.org/2005/Atom summary"`
	Content atomText `xml:"http://www.w3.org/2005/Atom content"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomAuth struct {
	Name string `xml:"http://www.w3.org/2005/Atom name"`
	URI  string `xml:"http://www.w3.org/2005/Atom uri"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

var (
	created = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	t1      = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	t2      = time.Date(2026, 11, 24, 18, 0, 0, 0, time.FixedZone("CET", 3600))
)

// articles is a unit's article feed: tricky text in every field a caller fills.
func articles() *Feed {
	return &Feed{
		ID:      TagURI("riverside.example", created, "unit/north/articles"),
		Title:   `North branch: "Rent & repairs" <news>`,
		Lang:    "en",
		Authors: []Person{{Name: "North branch"}},
		Links: []Link{
			{Href: "https://riverside.example/units/north/articles.atom", Rel: "self", Type: "application/atom+xml"},
			{Href: "https://riverside.example/units/north/articles", Type: "text/html"},
		},
		Entries: []Entry{
			{
				ID:         TagURI("riverside.example", created, "article/7"),
				Title:      "Rent strike: day 3 & counting ]]> <script>",
				Updated:    t2,
				Published:  t1,
				Authors:    []Person{{Name: "Ana Pérez", URI: "https://riverside.example/members/12"}},
				Links:      []Link{{Href: "https://riverside.example/articles/7?print=1&lang=es"}},
				Categories: []string{KindArticle},
				Summary:    "Tenants of 12 Elm St. hold out.\nBell\x07 rings",
				Content:    `<p>We &amp; they said "no".</p><p><a href="https://x.example/?a=1&amp;b=2">link</a></p>`,
			},
			{
				ID:         TagURI("riverside.example", created, "article/5"),
				Title:      "Statement on the eviction",
				Updated:    t1,
				Links:      []Link{{Href: "https://riverside.example/articles/5"}},
				Categories: []string{KindStatement},
			},
		},
	}
}

func write(t *testing.T, f *Feed) (string, atomFeed) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	var got atomFeed
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, buf.String())
	}
	return buf.String(), got
}

func TestArticleFeed(t *testing.T) {
	f := articles()
	raw, got := write(t, f)
	if !strings.HasPrefix(raw, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration: %.60s", raw)
	}
	if got.ID != f.ID || got.Title.Body != f.Title || got.Title.Type != "text" || got.Lang != "en" {
		t.Errorf("feed head = %+v", got)
	}
	if got.Updated != "2026-11-24T17:00:00Z" {
		t.Errorf("feed updated = %q, want the latest entry's time in UTC", got.Updated)
	}
	if len(got.Authors) != 1 || got.Authors[0].Name != "North branch" {
		t.Errorf("feed authors = %+v", got.Authors)
	}
	if len(got.Links) != 2 || got.Links[0].Rel != "self" || got.Links[1].Rel != "alternate" {
		t.Errorf("feed links = %+v", got.Links)
	}
	if len(got.Entries) != 2 {
		t.Fatalf("%d entries, want 2", len(got.Entries))
	}
	e := got.Entries[0]
	want := f.Entries[0]
	if e.ID != want.ID || e.Title.Body != want.Title || e.Published != "2026-11-20T09:30:00Z" || e.Updated != "2026-11-24T17:00:00Z" {
		t.Errorf("entry = %+v", e)
	}
	if e.Content.Type != "html" || e.Content.Body != want.Content {
		t.Errorf("content = %+v, want the HTML back exactly", e.Content)
	}
	// XML cannot carry U+0007: it is replaced, never written raw.
	if e.Summary.Body != "Tenants of 12 Elm St. hold out.\nBell\uFFFD rings" {
		t.Errorf("summary = %q", e.Summary.Body)
	}
	if e.Links[0].Href != "https://riverside.example/articles/7?print=1&lang=es" || e.Links[0].Rel != "alternate" {
		t.Errorf("entry links = %+v", e.Links)
	}
	if len(e.Categories) != 1 || e.Categories[0].Term != KindArticle {
		t.Errorf("categories = %+v", e.Categories)
	}
	if len(e.Authors) != 1 || e.Authors[0].Name != "Ana Pérez" {
		t.Errorf("entry authors = %+v", e.Authors)
	}
	if strings.Contains(raw, "<script>") || strings.Contains(raw, "<p>") {
		t.Error("text reached the document unescaped")
	}
	if got.Entries[1].Content.Body != "" || got.Entries[1].Published != "" {
		t.Errorf("optional elements written when empty: %+v", got.Entries[1])
	}
}

// A representative's record and a decisions feed: entries carry their own
// authors and the feed has none, and the feed's time is given.
func TestRecordFeed(t *testing.T) {
	f := &Feed{
		ID:      "https://riverside.example/members/12/record.atom",
		Title:   "Record of Ana Pérez, Secretary",
		Updated: t2,
		Links:   []Link{{Href: "https://riverside.example/members/12/record.atom", Rel: "self"}},
		Entries: []Entry{
			{ID: "https://riverside.example/record/101", Title: "Voted yes on motion 14", Updated: t1,
				Authors: []Person{{Name: "Council"}}, Categories: []string{KindRecord, KindDecision},
				Links: []Link{{Href: "https://riverside.example/record/101"}}},
			{ID: "https://riverside.example/record/99", Title: "Election of the Secretary: nominations open", Updated: t1,
				Authors: []Person{{Name: "Election commission"}}, Categories: []string{KindElection},
				Content: "<p>Nominations close on 1 December.</p>"},
		},
	}
	_, got := write(t, f)
	if got.Updated != "2026-11-24T17:00:00Z" || len(got.Authors) != 0 {
		t.Errorf("feed = %+v", got)
	}
	if n := len(got.Entries[0].Categories); n != 2 {
		t.Errorf("%d categories, want 2", n)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *Feed)
		want   string
	}{
		{"relative id", func(f *Feed) { f.ID = "/units/north" }, "feed id"},
		{"no title", func(f *Feed) { f.Title = "" }, "no title"},
		{"no time", func(f *Feed) { f.Entries = nil }, "no update time"},
		{"nameless author", func(f *Feed) { f.Authors = []Person{{URI: "https://x.example"}} }, "no name"},
		{"no author anywhere", func(f *Feed) { f.Authors = nil }, "entry 2: no author"},
		{"empty link", func(f *Feed) { f.Links[0].Href = "" }, "no href"},
		{"entry without id", func(f *Feed) { f.Entries[1].ID = "" }, "entry 2: feed: id"},
		{"entry without title", func(f *Feed) { f.Entries[0].Title = "" }, "entry 1: no title"},
		{"entry without time", func(f *Feed) { f.Entries[0].Updated = time.Time{} }, "entry 1: no update time"},
		{"no content, no alternate", func(f *Feed) { f.Entries[1].Links[0].Rel = "related" }, "entry 2: no content and no alternate"},
		{"duplicate", func(f *Feed) { f.Entries[1] = f.Entries[0] }, "appears twice"},
	}
	for _, tt := range tests {
		f := articles()
		tt.change(f)
		var buf bytes.Buffer
		err := Write(&buf, f)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, err, tt.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes of an invalid feed", tt.name, buf.Len())
		}
	}
}

func TestTagURI(t *testing.T) {
	got := TagURI("riverside.example", t2, "article/7")
	if got != "tag:riverside.example,2026-11-24:article/7" {
		t.Errorf("TagURI = %q", got)
	}
}

// Whatever text callers put in, the feed is well-formed XML and reads back.
func FuzzWrite(f *testing.F) {
	f.Add("Rent & repairs", "<p>x</p>", "a\x00b")
	f.Add("]]>", "&amp;", "\uFFFE")
	f.Fuzz(func(t *testing.T, title, content, summary string) {
		feed := articles()
		feed.Title, feed.Entries[0].Content, feed.Entries[0].Summary = title+"x", content, summary
		var buf bytes.Buffer
		if err := Write(&buf, feed); err != nil {
			t.Fatal(err)
		}
		var got atomFeed
		if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		if len(got.Entries) != 2 {
			t.Fatalf("%d entries", len(got.Entries))
		}
	})
}
