package web

import (
	"bytes"
	"net/http"
	"strings"
	"time"

	"plenum"
	"plenum/i18n"
	"plenum/ical"
)

// unitCalendar serves the iCalendar feed of a unit's public dates. Calendar
// programs carry no session: the feed is what a visitor sees.
func (s *Server) unitCalendar(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, events, err := s.deps.App.UnitCalendar(r.Context(), plenum.UnitID(id))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := s.localizer(r, nil)
	s.writeCalendar(w, r, l, l.T("calendar.unit", u.Name), events)
}

// memberCalendar serves a member's private calendar, named by the token in
// its address ("/calendar/TOKEN.ics"), in the member's language.
func (s *Server) memberCalendar(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		s.fail(w, r, errNotFound)
		return
	}
	m, events, err := s.deps.App.MemberCalendar(r.Context(), token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := s.localizer(r, &plenum.Viewer{Member: m})
	s.writeCalendar(w, r, l, l.T("calendar.member", m.Name), events)
}

func (s *Server) writeCalendar(w http.ResponseWriter, r *http.Request, l *i18n.Localizer, name string, events []plenum.CalendarEvent) {
	base := s.publicBase(r)
	host := hostOf(base)
	now := s.deps.App.Now().UTC()
	c := &ical.Calendar{Name: name, Refresh: 6 * time.Hour}
	for _, e := range events {
		c.Events = append(c.Events, ical.Event{UID: e.UID + "@" + host, Sequence: e.Sequence, Stamp: now,
			Start: e.Start, End: e.End, Summary: l.T("calendar."+e.Kind, e.Title),
			Description: l.T("calendar."+e.Kind+"_text", e.Title, e.Unit.Name), Location: e.Place, URL: base + e.Link,
			Categories: []string{e.Kind}})
	}
	var buf bytes.Buffer
	if err := ical.Write(&buf, c); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ical.ContentType)
	w.Write(buf.Bytes())
}
