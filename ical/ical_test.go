package ical

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// component is what the strict reader returns: a component's properties in
// order (unescaped where the test asks) and its sub-components.
type component struct {
	name  string
	props []prop
	subs  []*component
}

type prop struct{ name, params, value string }

func (c *component) get(name string) []string {
	var out []string
	for _, p := range c.props {
		if p.name == name {
			out = append(out, p.value)
		}
	}
	return out
}

func (c *component) one(t *testing.T, name string) string {
	t.Helper()
	v := c.get(name)
	if len(v) != 1 {
		t.Fatalf("%s has %d %s properties, want 1", c.name, len(v), name)
	}
	return v[0]
}

// parse is a strict reader of RFC 5545: every line ends in CRLF, no physical
// line exceeds 75 octets or splits a UTF-8 sequence, continuation lines start
// with one space, every content line is NAME[;params]:value, and BEGIN/END nest.
func parse(data []byte) (*component, error) {
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		return nil, fmt.Errorf("does not end in CRLF")
	}
	physical := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
	var logical []string
	for i, l := range physical {
		if strings.ContainsAny(l, "\r\n") {
			return nil, fmt.Errorf("line %d: a bare CR or LF", i+1)
		}
		if len(l) > 75 {
			return nil, fmt.Errorf("line %d: %d octets", i+1, len(l))
		}
		if !utf8.ValidString(l) {
			return nil, fmt.Errorf("line %d: not valid UTF-8 (a character split by folding?)", i+1)
		}
		if strings.HasPrefix(l, " ") {
			if len(logical) == 0 {
				return nil, fmt.Errorf("line %d: continuation of nothing", i+1)
			}
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	root := &component{}
	stack := []*component{root}
	for i, l := range logical {
		name, value, ok := strings.Cut(l, ":")
		if !ok || name == "" {
			return nil, fmt.Errorf("content line %d: no name and colon: %q", i+1, l)
		}
		name, params, _ := strings.Cut(name, ";")
		top := stack[len(stack)-1]
		switch name {
		case "BEGIN":
			c := &component{name: value}
			top.subs = append(top.subs, c)
			stack = append(stack, c)
		case "END":
			if top.name != value || len(stack) == 1 {
				return nil, fmt.Errorf("content line %d: END:%s closes %q", i+1, value, top.name)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 1 {
				return nil, fmt.Errorf("content line %d: property outside any component", i+1)
			}
			top.props = append(top.props, prop{name, params, value})
		}
	}
	if len(stack) != 1 || len(root.subs) != 1 || root.subs[0].name != "VCALENDAR" {
		return nil, fmt.Errorf("not one closed VCALENDAR")
	}
	return root.subs[0], nil
}

// unescape reads a TEXT value, refusing unescaped commas and semicolons and
// unknown escapes.
func unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ',', ';':
			return "", fmt.Errorf("unescaped %q in %q", c, s)
		case '\\':
			i++
			if i == len(s) {
				return "", fmt.Errorf("trailing backslash in %q", s)
			}
			switch s[i] {
			case '\\', ',', ';':
				b.WriteByte(s[i])
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				return "", fmt.Errorf("unknown escape \\%c in %q", s[i], s)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

var (
	stamp = time.Date(2026, 11, 25, 19, 0, 0, 0, time.UTC)
	cet   = time.FixedZone("CET", 3600)
)

func calendar() *Calendar {
	long := strings.Repeat("Asamblea de la sección Norte, día de acción 🏠; ", 6)
	return &Calendar{
		Name:    "North branch, Riverside",
		Refresh: time.Hour,
		Events: []Event{
			{
				UID: "meeting-31@riverside.example", Sequence: 2, Stamp: stamp,
				Start: time.Date(2026, 12, 3, 19, 0, 0, 0, cet), End: time.Date(2026, 12, 3, 21, 0, 0, 0, cet),
				Summary:     "Meeting: Branch committee",
				Description: "Agenda:\n1. Rent strike, day 10\r\n2. Budget; vote\\report",
				Location:    "Hall 2, 12 Elm St.",
				URL:         "https://riverside.example/meetings/31?lang=es&x=1",
				Categories:  []string{"meeting", "North, branch"},
			},
			{
				UID: "election-7-nominations@riverside.example", Stamp: stamp,
				Start:   time.Date(2026, 12, 1, 23, 59, 0, 0, time.UTC),
				Summary: "Nominations close: Secretary", Description: long,
			},
			{
				UID: "election-7-voting@riverside.example", Stamp: stamp, Cancelled: true,
				Start: time.Date(2026, 12, 8, 8, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 15, 20, 0, 0, 0, time.UTC),
				Summary: "Voting: Secretary\x00\x07",
			},
		},
	}
}

func TestWrite(t *testing.T) {
	c := calendar()
	var buf bytes.Buffer
	if err := Write(&buf, c); err != nil {
		t.Fatal(err)
	}
	cal, err := parse(buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if cal.one(t, "VERSION") != "2.0" || cal.one(t, "PRODID") == "" {
		t.Error("VERSION or PRODID missing")
	}
	if cal.one(t, "REFRESH-INTERVAL") != "PT1H0M0S" {
		t.Errorf("REFRESH-INTERVAL = %q", cal.one(t, "REFRESH-INTERVAL"))
	}
	if n, _ := unescape(cal.one(t, "X-WR-CALNAME")); n != c.Name {
		t.Errorf("calendar name = %q", n)
	}
	if len(cal.subs) != 3 {
		t.Fatalf("%d events, want 3", len(cal.subs))
	}
	for i, ev := range cal.subs {
		want := c.Events[i]
		if ev.name != "VEVENT" {
			t.Fatalf("component %d is %s", i, ev.name)
		}
		uid, _ := unescape(ev.one(t, "UID"))
		if uid != want.UID || ev.one(t, "DTSTAMP") != "20261125T190000Z" {
			t.Errorf("event %d: UID %q, DTSTAMP %q", i, uid, ev.one(t, "DTSTAMP"))
		}
		for _, name := range []string{"SUMMARY", "DESCRIPTION", "LOCATION"} {
			for _, v := range ev.get(name) {
				if _, err := unescape(v); err != nil {
					t.Errorf("event %d %s: %v", i, name, err)
				}
			}
		}
	}
	m := cal.subs[0]
	if m.one(t, "DTSTART") != "20261203T180000Z" || m.one(t, "DTEND") != "20261203T200000Z" {
		t.Errorf("meeting times %s-%s, want them in UTC", m.one(t, "DTSTART"), m.one(t, "DTEND"))
	}
	if d, _ := unescape(m.one(t, "DESCRIPTION")); d != "Agenda:\n1. Rent strike, day 10\n2. Budget; vote\\report" {
		t.Errorf("description = %q", d)
	}
	if m.one(t, "CATEGORIES") != `meeting,North\, branch` || m.one(t, "SEQUENCE") != "2" {
		t.Errorf("CATEGORIES %q, SEQUENCE %q", m.one(t, "CATEGORIES"), m.one(t, "SEQUENCE"))
	}
	if m.one(t, "URL") != c.Events[0].URL {
		t.Errorf("URL = %q", m.one(t, "URL"))
	}
	deadline := cal.subs[1]
	if len(deadline.get("DTEND")) != 0 {
		t.Error("a deadline has a DTEND")
	}
	if d, _ := unescape(deadline.one(t, "DESCRIPTION")); d != c.Events[1].Description {
		t.Errorf("a long folded description does not read back:\n%q\n%q", d, c.Events[1].Description)
	}
	voting := cal.subs[2]
	if s, _ := unescape(voting.one(t, "SUMMARY")); s != "Voting: Secretary" || voting.one(t, "STATUS") != "CANCELLED" {
		t.Errorf("voting: SUMMARY %q, STATUS %q", s, voting.one(t, "STATUS"))
	}
}

func TestFold(t *testing.T) {
	tests := []string{
		"",
		strings.Repeat("a", 75),
		strings.Repeat("a", 76),
		strings.Repeat("a", 74) + "é" + strings.Repeat("b", 80),
		strings.Repeat("🏠", 60),
		strings.Repeat("aé", 100),
	}
	for _, line := range tests {
		folded := fold(line)
		for i, l := range strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Errorf("physical line %d of %.20q...: %d octets, valid UTF-8 %v", i, line, len(l), utf8.ValidString(l))
			}
			if i > 0 && !strings.HasPrefix(l, " ") {
				t.Errorf("continuation line %d does not start with a space", i)
			}
		}
		if got := strings.ReplaceAll(strings.TrimSuffix(folded, "\r\n"), "\r\n ", ""); got != line {
			t.Errorf("unfolding does not give the line back: %q", got)
		}
	}
	// A line of exactly 75 octets is not folded; one of 76 is.
	if strings.Count(fold(strings.Repeat("a", 75)), "\r\n") != 1 || strings.Count(fold(strings.Repeat("a", 76)), "\r\n") != 2 {
		t.Error("folding at the wrong length")
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Calendar)
		want   string
	}{
		{"no UID", func(c *Calendar) { c.Events[1].UID = "" }, "event 2: no UID"},
		{"same UID", func(c *Calendar) { c.Events[1].UID = c.Events[0].UID }, "appears twice"},
		{"no stamp", func(c *Calendar) { c.Events[0].Stamp = time.Time{} }, "no stamp"},
		{"no start", func(c *Calendar) { c.Events[0].Start = time.Time{} }, "no start"},
		{"end before start", func(c *Calendar) { c.Events[0].End = c.Events[0].Start }, "ends at or before"},
		{"no summary", func(c *Calendar) { c.Events[2].Summary = "" }, "event 3: no summary"},
		{"relative URL", func(c *Calendar) { c.Events[0].URL = "/meetings/31" }, "not an absolute URL"},
		{"URL with newline", func(c *Calendar) { c.Events[0].URL = "https://x.example/\r\nBEGIN:VEVENT" }, "not an absolute URL"},
	}
	for _, tt := range tests {
		c := calendar()
		tt.change(c)
		var buf bytes.Buffer
		err := Write(&buf, c)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, err, tt.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote an invalid calendar", tt.name)
		}
	}
}

// Whatever text goes in, the calendar reads back strictly and the text is
// preserved (less what TEXT cannot hold).
func FuzzWrite(f *testing.F) {
	f.Add("Budget; vote, now\\", "a\r\nb\rc\n")
	f.Add(strings.Repeat("é", 50), "\x00\xff")
	f.Fuzz(func(t *testing.T, summary, desc string) {
		c := calendar()
		c.Events[0].Summary, c.Events[0].Description = "s"+summary, desc
		var buf bytes.Buffer
		if err := Write(&buf, c); err != nil {
			t.Fatal(err)
		}
		cal, err := parse(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range cal.subs[0].get("SUMMARY") {
			got, err := unescape(v)
			if err != nil {
				t.Fatal(err)
			}
			if want := "s" + summary; utf8.ValidString(want) && !strings.ContainsFunc(want, isCtl) && got != want {
				t.Fatalf("summary %q read back as %q", want, got)
			}
		}
	})
}

func isCtl(r rune) bool { return r < 0x20 || r == 0x7f }
