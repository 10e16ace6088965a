package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"plenum/ical/icaltest"
)

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
	cal, err := icaltest.Parse(buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if cal.One(t, "VERSION") != "2.0" || cal.One(t, "PRODID") == "" {
		t.Error("VERSION or PRODID missing")
	}
	if cal.One(t, "REFRESH-INTERVAL") != "PT1H0M0S" {
		t.Errorf("REFRESH-INTERVAL = %q", cal.One(t, "REFRESH-INTERVAL"))
	}
	if n, _ := icaltest.Unescape(cal.One(t, "X-WR-CALNAME")); n != c.Name {
		t.Errorf("calendar name = %q", n)
	}
	if len(cal.Subs) != 3 {
		t.Fatalf("%d events, want 3", len(cal.Subs))
	}
	for i, ev := range cal.Subs {
		want := c.Events[i]
		if ev.Name != "VEVENT" {
			t.Fatalf("component %d is %s", i, ev.Name)
		}
		uid, _ := icaltest.Unescape(ev.One(t, "UID"))
		if uid != want.UID || ev.One(t, "DTSTAMP") != "20261125T190000Z" {
			t.Errorf("event %d: UID %q, DTSTAMP %q", i, uid, ev.One(t, "DTSTAMP"))
		}
		for _, name := range []string{"SUMMARY", "DESCRIPTION", "LOCATION"} {
			for _, v := range ev.Get(name) {
				if _, err := icaltest.Unescape(v); err != nil {
					t.Errorf("event %d %s: %v", i, name, err)
				}
			}
		}
	}
	m := cal.Subs[0]
	if m.One(t, "DTSTART") != "20261203T180000Z" || m.One(t, "DTEND") != "20261203T200000Z" {
		t.Errorf("meeting times %s-%s, want them in UTC", m.One(t, "DTSTART"), m.One(t, "DTEND"))
	}
	if d, _ := icaltest.Unescape(m.One(t, "DESCRIPTION")); d != "Agenda:\n1. Rent strike, day 10\n2. Budget; vote\\report" {
		t.Errorf("description = %q", d)
	}
	if m.One(t, "CATEGORIES") != `meeting,North\, branch` || m.One(t, "SEQUENCE") != "2" {
		t.Errorf("CATEGORIES %q, SEQUENCE %q", m.One(t, "CATEGORIES"), m.One(t, "SEQUENCE"))
	}
	if m.One(t, "URL") != c.Events[0].URL {
		t.Errorf("URL = %q", m.One(t, "URL"))
	}
	deadline := cal.Subs[1]
	if len(deadline.Get("DTEND")) != 0 {
		t.Error("a deadline has a DTEND")
	}
	if d, _ := icaltest.Unescape(deadline.One(t, "DESCRIPTION")); d != c.Events[1].Description {
		t.Errorf("a long folded description does not read back:\n%q\n%q", d, c.Events[1].Description)
	}
	voting := cal.Subs[2]
	if s, _ := icaltest.Unescape(voting.One(t, "SUMMARY")); s != "Voting: Secretary" || voting.One(t, "STATUS") != "CANCELLED" {
		t.Errorf("voting: SUMMARY %q, STATUS %q", s, voting.One(t, "STATUS"))
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
		cal, err := icaltest.Parse(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range cal.Subs[0].Get("SUMMARY") {
			got, err := icaltest.Unescape(v)
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
