// Package ical writes iCalendar feeds (RFC 5545) of a member's or a unit's
// dates: meetings, nomination deadlines and voting windows. Calendar programs
// subscribe to the feed's URL and poll it, so each event's UID must stay the
// same for the life of the thing it describes, and its Sequence must grow when
// the thing moves.
//
// The writer is small and hand-written: the subset plenum needs is a dozen
// properties, and the parts that calendar programs are strict about (CRLF line
// ends, folding at 75 octets without splitting a character, escaping of TEXT
// values, times in UTC) are tested against a strict reader.
package ical

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ContentType is the media type to serve a calendar with.
const ContentType = "text/calendar; charset=utf-8"

// Calendar is one VCALENDAR.
type Calendar struct {
	Name    string        // shown by calendar programs as the calendar's name
	Refresh time.Duration // how often subscribers should poll; 0 for no hint
	Events  []Event
}

// Event is one VEVENT. A deadline is an event with no End.
type Event struct {
	UID         string    // permanent and globally unique, e.g. "election-7-voting@union.example"
	Sequence    int       // revision: raise it when the event changes
	Stamp       time.Time // when this revision was made (DTSTAMP)
	Start       time.Time
	End         time.Time // optional; when set, after Start
	Summary     string
	Description string // optional
	Location    string // optional
	URL         string // optional, absolute
	Categories  []string
	Cancelled   bool
}

// prodID names the program that made the calendar (RFC 5545 section 3.7.3).
const prodID = "-//plenum//plenum//EN"

// Write validates c and writes it. Nothing is written if c is invalid.
func Write(w io.Writer, c *Calendar) error {
	if err := c.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	l := &lineWriter{w: bw}
	l.prop("BEGIN", "VCALENDAR")
	l.prop("VERSION", "2.0")
	l.prop("PRODID", prodID)
	l.prop("CALSCALE", "GREGORIAN")
	l.prop("METHOD", "PUBLISH")
	if c.Name != "" {
		l.prop("NAME", text(c.Name))
		l.prop("X-WR-CALNAME", text(c.Name))
	}
	if c.Refresh > 0 {
		l.prop("REFRESH-INTERVAL;VALUE=DURATION", duration(c.Refresh))
	}
	for i := range c.Events {
		c.Events[i].write(l)
	}
	l.prop("END", "VCALENDAR")
	if l.err != nil {
		return l.err
	}
	return bw.Flush()
}

func (e *Event) write(l *lineWriter) {
	l.prop("BEGIN", "VEVENT")
	l.prop("UID", text(e.UID))
	l.prop("SEQUENCE", strconv.Itoa(e.Sequence))
	l.prop("DTSTAMP", utc(e.Stamp))
	l.prop("DTSTART", utc(e.Start))
	if !e.End.IsZero() {
		l.prop("DTEND", utc(e.End))
	}
	l.prop("SUMMARY", text(e.Summary))
	if e.Description != "" {
		l.prop("DESCRIPTION", text(e.Description))
	}
	if e.Location != "" {
		l.prop("LOCATION", text(e.Location))
	}
	if e.URL != "" {
		l.prop("URL", e.URL)
	}
	if len(e.Categories) > 0 {
		vals := make([]string, len(e.Categories))
		for i, c := range e.Categories {
			vals[i] = text(c)
		}
		l.prop("CATEGORIES", strings.Join(vals, ","))
	}
	status := "CONFIRMED"
	if e.Cancelled {
		status = "CANCELLED"
	}
	l.prop("STATUS", status)
	l.prop("TRANSP", "TRANSPARENT") // a deadline does not make anyone busy
	l.prop("END", "VEVENT")
}

// Validate checks what RFC 5545 requires of each event and what plenum relies
// on: a UID, DTSTAMP and DTSTART, an end after the start, an absolute URL.
func (c *Calendar) Validate() error {
	uids := map[string]bool{}
	for i, e := range c.Events {
		where := fmt.Sprintf("ical: event %d", i+1)
		switch {
		case e.UID == "":
			return fmt.Errorf("%s: no UID", where)
		case uids[e.UID]:
			return fmt.Errorf("%s: UID %q appears twice", where, e.UID)
		case e.Stamp.IsZero():
			return fmt.Errorf("%s: no stamp (DTSTAMP)", where)
		case e.Start.IsZero():
			return fmt.Errorf("%s: no start", where)
		case !e.End.IsZero() && !e.End.After(e.Start):
			return fmt.Errorf("%s: ends at or before its start", where)
		case e.Summary == "":
			return fmt.Errorf("%s: no summary", where)
		case e.Sequence < 0:
			return fmt.Errorf("%s: negative sequence", where)
		}
		if e.URL != "" {
			u, err := url.Parse(e.URL)
			if err != nil || !u.IsAbs() || strings.ContainsAny(e.URL, "\r\n") {
				return fmt.Errorf("%s: URL %q is not an absolute URL", where, e.URL)
			}
		}
		uids[e.UID] = true
	}
	return nil
}

// utc formats t as a UTC DATE-TIME (form #2 of RFC 5545 section 3.3.5), which
// needs no VTIMEZONE.
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// duration formats d as an RFC 5545 DURATION to the second.
func duration(d time.Duration) string {
	s := int64(d / time.Second)
	return fmt.Sprintf("PT%dH%dM%dS", s/3600, s/60%60, s%60)
}
