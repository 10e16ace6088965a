package feed

import (
	"encoding/xml"
	"time"
)

// The XML shapes of RFC 4287. encoding/xml escapes every text and attribute,
// and replaces characters XML cannot carry, so no caller's string can break out
// of its element.

const atomNS = "http://www.w3.org/2005/Atom"

type xmlFeed struct {
	XMLName  xml.Name    `xml:"feed"`
	NS       string      `xml:"xmlns,attr"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	ID       string      `xml:"id"`
	Title    xmlText     `xml:"title"`
	Subtitle *xmlText    `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Authors  []xmlPerson `xml:"author"`
	Links    []xmlLink   `xml:"link"`
	Gen      string      `xml:"generator"`
	Entries  []xmlEntry  `xml:"entry"`
}

type xmlEntry struct {
	ID         string        `xml:"id"`
	Title      xmlText       `xml:"title"`
	Updated    string        `xml:"updated"`
	Published  string        `xml:"published,omitempty"`
	Authors    []xmlPerson   `xml:"author"`
	Links      []xmlLink     `xml:"link"`
	Categories []xmlCategory `xml:"category"`
	Summary    *xmlText      `xml:"summary,omitempty"`
	Content    *xmlText      `xml:"content,omitempty"`
}

type xmlText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type xmlPerson struct {
	Name  string `xml:"name"`
	URI   string `xml:"uri,omitempty"`
	Email string `xml:"email,omitempty"`
}

type xmlLink struct {
	Href  string `xml:"href,attr"`
	Rel   string `xml:"rel,attr"`
	Type  string `xml:"type,attr,omitempty"`
	Title string `xml:"title,attr,omitempty"`
}

type xmlCategory struct {
	Term string `xml:"term,attr"`
}

func (f *Feed) xml() xmlFeed {
	updated := f.Updated
	if updated.IsZero() {
		for _, e := range f.Entries {
			if e.Updated.After(updated) {
				updated = e.Updated
			}
		}
	}
	x := xmlFeed{
		NS:      atomNS,
		Lang:    f.Lang,
		ID:      f.ID,
		Title:   xmlText{"text", f.Title},
		Updated: stamp(updated),
		Authors: people(f.Authors),
		Links:   links(f.Links),
		Gen:     "plenum",
	}
	if f.Subtitle != "" {
		x.Subtitle = &xmlText{"text", f.Subtitle}
	}
	for _, e := range f.Entries {
		x.Entries = append(x.Entries, e.xml())
	}
	return x
}

func (e *Entry) xml() xmlEntry {
	x := xmlEntry{
		ID:      e.ID,
		Title:   xmlText{"text", e.Title},
		Updated: stamp(e.Updated),
		Authors: people(e.Authors),
		Links:   links(e.Links),
	}
	if !e.Published.IsZero() {
		x.Published = stamp(e.Published)
	}
	for _, c := range e.Categories {
		x.Categories = append(x.Categories, xmlCategory{c})
	}
	if e.Summary != "" {
		x.Summary = &xmlText{"text", e.Summary}
	}
	if e.Content != "" {
		x.Content = &xmlText{"html", e.Content}
	}
	return x
}

// stamp formats t as RFC 3339 in UTC, as RFC 4287 section 3.3 requires.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func people(ps []Person) []xmlPerson {
	var out []xmlPerson
	for _, p := range ps {
		out = append(out, xmlPerson(p))
	}
	return out
}

func links(ls []Link) []xmlLink {
	var out []xmlLink
	for _, l := range ls {
		if l.Rel == "" {
			l.Rel = "alternate"
		}
		out = append(out, xmlLink(l))
	}
	return out
}
