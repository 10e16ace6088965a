// Package feed writes Atom feeds (RFC 4287): a unit's public articles, a body's
// decisions, election notices and a representative's record. It knows nothing
// of the domain: the web layer fills a Feed and calls Write.
//
// Write refuses a feed that RFC 4287 would call invalid (see Validate) rather
// than publish something readers reject or, worse, mis-thread: entry ids are
// permanent and unique, and a reader that sees an id again treats it as the
// same entry.
package feed

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"time"
)

// ContentType is the media type to serve a feed with.
const ContentType = "application/atom+xml; charset=utf-8"

// Category terms for the kinds of entry plenum publishes, so that a reader of a
// mixed feed can tell them apart.
const (
	KindArticle   = "article"
	KindStatement = "statement"
	KindDecision  = "decision"
	KindElection  = "election-notice"
	KindRecord    = "record"
)

// Feed is one Atom feed.
type Feed struct {
	ID       string // a permanent absolute IRI, e.g. from TagURI
	Title    string
	Subtitle string
	Lang     string    // xml:lang, e.g. "es"; optional
	Updated  time.Time // when zero, the latest Updated of the entries
	Authors  []Person  // required unless every entry has an author
	Links    []Link    // should include rel "self" (the feed's URL) and "alternate" (the page)
	Entries  []Entry
}

// Entry is one entry of a feed.
type Entry struct {
	ID         string // a permanent absolute IRI
	Title      string
	Updated    time.Time
	Published  time.Time // optional
	Authors    []Person  // optional when the feed has authors
	Links      []Link    // needs rel "alternate" when Content is empty
	Categories []string  // terms such as KindArticle
	Summary    string    // plain text; optional
	Content    string    // HTML, already sanitized by the caller; optional
}

// Person is an author.
type Person struct {
	Name  string
	URI   string // optional
	Email string // optional; plenum does not publish members' addresses
}

// Link is a link of a feed or entry. Rel defaults to "alternate".
type Link struct {
	Href  string
	Rel   string // alternate, self, related, enclosure, via
	Type  string // optional media type, e.g. "text/html"
	Title string // optional
}

// TagURI returns a tag: URI (RFC 4151), a good permanent id for a feed or entry
// that does not change when the instance moves to another address: for
// example TagURI("union.example", created, "article/42").
func TagURI(authority string, date time.Time, specific string) string {
	return fmt.Sprintf("tag:%s,%s:%s", authority, date.UTC().Format("2006-01-02"), specific)
}

// Write validates f and writes it as an Atom document.
func Write(w io.Writer, f *Feed) error {
	if err := f.Validate(); err != nil {
		return err
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f.xml()); err != nil {
		return fmt.Errorf("write feed: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// Validate checks what RFC 4287 requires of a feed (section 4.1): ids that are
// absolute IRIs, titles, update times, authors, an alternate link where an
// entry has no content, and no two entries with the same id and update time.
func (f *Feed) Validate() error {
	if err := checkID("feed id", f.ID); err != nil {
		return err
	}
	if f.Title == "" {
		return fmt.Errorf("feed: no title")
	}
	if f.Updated.IsZero() && len(f.Entries) == 0 {
		return fmt.Errorf("feed: no update time and no entries")
	}
	if err := checkPeople("feed", f.Authors); err != nil {
		return err
	}
	if err := checkLinks("feed", f.Links); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, e := range f.Entries {
		if err := e.validate(len(f.Authors) > 0); err != nil {
			return fmt.Errorf("feed: entry %d: %w", i+1, err)
		}
		key := e.ID + " " + e.Updated.UTC().Format(time.RFC3339Nano)
		if seen[key] {
			return fmt.Errorf("feed: entry %d: id %s appears twice with the same update time", i+1, e.ID)
		}
		seen[key] = true
	}
	return nil
}

func (e *Entry) validate(feedHasAuthor bool) error {
	if err := checkID("id", e.ID); err != nil {
		return err
	}
	if e.Title == "" {
		return fmt.Errorf("no title")
	}
	if e.Updated.IsZero() {
		return fmt.Errorf("no update time")
	}
	if len(e.Authors) == 0 && !feedHasAuthor {
		return fmt.Errorf("no author, and the feed has none")
	}
	if err := checkPeople("entry", e.Authors); err != nil {
		return err
	}
	if err := checkLinks("entry", e.Links); err != nil {
		return err
	}
	if e.Content == "" && !hasAlternate(e.Links) {
		return fmt.Errorf("no content and no alternate link")
	}
	return nil
}

func checkID(what, id string) error {
	u, err := url.Parse(id)
	if err != nil || u.Scheme == "" {
		return fmt.Errorf("feed: %s %q is not an absolute IRI", what, id)
	}
	return nil
}

func checkPeople(where string, people []Person) error {
	for _, p := range people {
		if p.Name == "" {
			return fmt.Errorf("%s: an author has no name", where)
		}
	}
	return nil
}

func checkLinks(where string, links []Link) error {
	for _, l := range links {
		if l.Href == "" {
			return fmt.Errorf("%s: a link has no href", where)
		}
	}
	return nil
}

func hasAlternate(links []Link) bool {
	for _, l := range links {
		if l.Rel == "" || l.Rel == "alternate" {
			return true
		}
	}
	return false
}
