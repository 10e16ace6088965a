package web

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/ical/icaltest"
)

// TestNotificationsPage: an officer's statement to North reaches its member's
// notifications page, with the unread count in the header, until it is
// marked read; the member of South gets nothing.
func TestNotificationsPage(t *testing.T) {
	s := newTestServer(t, Config{})
	res := s.as(t, officerEmail).postForm("/units/"+s.north+"/articles", url.Values{"title": {"Assembly on Monday"},
		"kind": {"statement"}, "notify": {"on"}, "summary": {"In the hall."}, "body": {"Come."}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.status, res.body)
	}
	olga, south := s.as(t, northEmail), s.as(t, southEmail)
	if body := olga.get("/units/" + s.north).body; !strings.Contains(body, "Notifications (1 unread)") {
		t.Errorf("the header shows no unread notification:\n%s", excerpt(body, `href="/notifications"`))
	}
	if body := south.get("/units/" + s.north).body; !strings.Contains(body, `href="/notifications">Notifications</a>`) {
		t.Errorf("South's header:\n%s", excerpt(body, `href="/notifications"`))
	}
	page := olga.get("/notifications")
	if !strings.Contains(page.body, "Riverside Tenants&#39; Union: Assembly on Monday") || !strings.Contains(page.body, "In the hall.") {
		t.Fatalf("notifications page:\n%s", page.body)
	}
	var l notificationList
	olga.get("/api/v1/notifications").decode(t, &l)
	if len(l.Notifications) != 1 || l.Unread != 1 || l.Notifications[0].Read || l.Notifications[0].Kind != "statement" ||
		!strings.HasPrefix(l.Notifications[0].Link, "/articles/") {
		t.Fatalf("API: %+v", l)
	}
	id := l.Notifications[0].ID
	south.get("/api/v1/notifications").decode(t, &l)
	if len(l.Notifications) != 0 {
		t.Errorf("South has %+v", l)
	}
	// South cannot mark Olga's notice: it is not theirs, and stays unread.
	if res := south.postJSON("/api/v1/notifications/read", map[string]any{"ids": []string{id}}); res.status != none {
		t.Errorf("South marks a notice: %d", res.status)
	}
	if res := olga.postJSON("/api/v1/notifications/read", map[string]any{}); res.status != http.StatusBadRequest {
		t.Errorf("mark nothing: %d", res.status)
	}
	if res := olga.postJSON("/api/v1/notifications/read", map[string]any{"ids": []string{"x"}}); res.status != http.StatusBadRequest {
		t.Errorf("mark a bad id: %d", res.status)
	}
	if res := olga.postForm("/notifications/read", url.Values{"id": {id}}); res.status != http.StatusSeeOther {
		t.Fatalf("mark read: %d", res.status)
	}
	olga.get("/api/v1/notifications").decode(t, &l)
	if l.Unread != 0 || !l.Notifications[0].Read {
		t.Errorf("after marking read: %+v", l)
	}
	if res := s.as(t, "").postForm("/notifications/read", url.Values{"all": {"1"}}); res.status != unau {
		t.Errorf("a visitor marks read: %d", res.status)
	}
	if res := s.as(t, operatorEmail).postJSON("/api/v1/notifications/read", map[string]any{"all": true}); res.status != forb {
		t.Errorf("the operator marks read: %d", res.status)
	}
}

// TestNotificationSettings: a member chooses per kind, on the page and in the
// API; a bad choice changes nothing.
func TestNotificationSettings(t *testing.T) {
	s := newTestServer(t, Config{})
	olga := s.as(t, northEmail)
	if res := olga.postForm("/notifications/settings", url.Values{"motion": {"off"}, "statement": {"weekly"}}); res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, res.body)
	}
	page := olga.get("/notifications/settings?saved=1").body
	for _, want := range []string{`name="motion" value="off" checked`, `name="statement" value="weekly" checked`,
		`name="election" value="immediately" checked`, "Saved.", "/calendar/"} {
		if !strings.Contains(page, want) {
			t.Errorf("settings page lacks %q", want)
		}
	}
	var d deliverySettings
	res := olga.request("PUT", "/api/v1/notifications/settings", strings.NewReader(`{"deliveries":{"case":"daily","motion":"hourly"}}`), "application/json")
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "deliveries.motion") {
		t.Errorf("a bad delivery: %d %s", res.status, res.body)
	}
	res = olga.request("PUT", "/api/v1/notifications/settings", strings.NewReader(`{"deliveries":{"case":"daily"}}`), "application/json")
	res.decode(t, &d)
	if res.status != ok || d.Deliveries["case"] != plenum.DailyDigest || d.Deliveries["motion"] != plenum.Off ||
		!strings.HasPrefix(d.Calendar, s.ts.URL+"/calendar/") {
		t.Errorf("settings: %d %+v", res.status, d)
	}
	if res := s.as(t, "").postForm("/notifications/settings", url.Values{"motion": {"off"}}); res.status != unau {
		t.Errorf("a visitor saves: %d", res.status)
	}
	if res := s.as(t, operatorEmail).request("PUT", "/api/v1/notifications/settings", strings.NewReader(`{"deliveries":{}}`), "application/json"); res.status != forb {
		t.Errorf("the operator saves: %d", res.status)
	}
}

// TestCalendarsAndFeeds: an election's dates reach the unit's calendar, the
// member's private calendar (in the member's language) and the unit's feed
// of election notices; a closed decision reaches the decisions feed. Each is
// parsed back as its format's readers would.
func TestCalendarsAndFeeds(t *testing.T) {
	s := newTestServer(t, Config{})
	s.app.Mail.BaseURL = "https://riverside.example"
	now := fixtureNow
	s.app.Now = func() time.Time { return now }
	ctx := context.Background()
	council, _ := strconv.ParseInt(s.council, 10, 64)
	secretary, _ := strconv.ParseInt(s.secretary, 10, 64)
	e, err := s.app.ScheduleElection(ctx, plenum.CommandLine, plenum.ScheduleElection{Office: plenum.OfficeID(secretary),
		Decision: plenum.DecisionRef{Body: plenum.BodyID(council), Ref: "minutes of 1 November"},
		Timeline: plenum.Timeline{NominationsOpen: now.Add(24 * time.Hour), NominationsClose: now.Add(15 * 24 * time.Hour),
			VotingOpen: now.Add(22 * 24 * time.Hour), VotingClose: now.Add(29 * 24 * time.Hour), ChallengeDays: 7}})
	if err != nil {
		t.Fatal(err)
	}
	now = e.Timeline.NominationsOpen
	if _, err := s.app.AdvanceElection(ctx, e.ID, plenum.ElectionNominations); err != nil {
		t.Fatal(err)
	}
	// A meeting of the Council: internal to Riverside's members.
	m, err := s.app.ScheduleMeeting(ctx, viewerOf(t, s.app, officerEmail), plenum.ScheduleMeeting{Body: plenum.BodyID(council),
		Title: "Monthly sitting", Place: "Community hall, Elm Street", Starts: now.Add(3 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}

	visitor := s.as(t, "")
	res := visitor.get("/units/" + s.riverside + "/calendar.ics")
	if res.status != ok || res.header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("unit calendar: %d %s", res.status, res.header.Get("Content-Type"))
	}
	cal, err := icaltest.Parse([]byte(res.body))
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Subs) != 2 {
		t.Fatalf("%d events, want the nominations and the vote (and no internal meeting)", len(cal.Subs))
	}
	nom := cal.Subs[0]
	if sum, _ := icaltest.Unescape(nom.One(t, "SUMMARY")); sum != "Nominations: Secretary" || nom.One(t, "DTSTART") != "20261102T120000Z" ||
		nom.One(t, "DTEND") != "20261116T120000Z" || nom.One(t, "URL") != "https://riverside.example/elections/"+e.ID.String() {
		t.Errorf("nominations event: %+v", nom.Props)
	}
	if uid := nom.One(t, "UID"); uid != "election-"+e.ID.String()+"-nominations@riverside.example" {
		t.Errorf("UID %q", uid)
	}
	if res := visitor.get("/units/" + s.south + "/calendar.ics"); strings.Contains(res.body, "VEVENT") {
		t.Error("South's calendar has Riverside's election")
	}

	// Olga's private calendar, in Spanish: she is in North, under Riverside.
	if err := s.app.SetLanguage(ctx, viewerOf(t, s.app, northEmail), "es"); err != nil {
		t.Fatal(err)
	}
	res = visitor.get(s.calendar)
	if cal, err = icaltest.Parse([]byte(res.body)); err != nil || len(cal.Subs) != 4 {
		t.Fatalf("member calendar: %v\n%s", err, res.body)
	}
	byUID := map[string]*icaltest.Component{}
	for _, ev := range cal.Subs {
		byUID[strings.TrimSuffix(ev.One(t, "UID"), "@riverside.example")] = ev
	}
	if sum, _ := icaltest.Unescape(byUID["election-"+e.ID.String()+"-voting"].One(t, "SUMMARY")); sum != "Votación: Secretary" {
		t.Errorf("Olga's vote event: %q", sum)
	}
	meeting := byUID["meeting-"+m.ID.String()]
	if byUID["meeting-"+s.meeting] == nil || meeting == nil {
		t.Fatalf("Olga's meetings: %v", byUID)
	}
	if sum, _ := icaltest.Unescape(meeting.One(t, "SUMMARY")); sum != "Reunión: Council: Monthly sitting" ||
		meeting.One(t, "DTSTART") != "20261105T120000Z" || len(meeting.Get("DTEND")) != 0 ||
		meeting.One(t, "URL") != "https://riverside.example/meetings/"+m.ID.String() {
		t.Errorf("Olga's meeting: %+v", meeting.Props)
	}
	if place, _ := icaltest.Unescape(meeting.One(t, "LOCATION")); place != "Community hall, Elm Street" {
		t.Errorf("LOCATION %q", place)
	}

	// The election notices feed, and the decisions feed once the council's
	// vote closed (without a quorum: no one voted).
	type atom struct {
		Entries []struct {
			ID      string `xml:"http://www.w3.org/2005/Atom id"`
			Title   string `xml:"http://www.w3.org/2005/Atom title"`
			Summary string `xml:"http://www.w3.org/2005/Atom summary"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
		} `xml:"http://www.w3.org/2005/Atom entry"`
	}
	var f atom
	res = visitor.get("/units/" + s.riverside + "/elections.atom")
	if err := xml.Unmarshal([]byte(res.body), &f); err != nil || len(f.Entries) != 1 || f.Entries[0].Title != "Nominations open: Secretary" ||
		!strings.Contains(f.Entries[0].Summary, "16 November 2026") {
		t.Fatalf("elections feed: %v %+v", err, f.Entries)
	}
	res, f = visitor.get("/units/"+s.riverside+"/decisions.atom"), atom{}
	if err := xml.Unmarshal([]byte(res.body), &f); err != nil || len(f.Entries) != 0 {
		t.Fatalf("decisions feed before any closing: %v %+v", err, f.Entries)
	}
	now = now.Add(8 * 24 * time.Hour)
	if n, err := s.app.CloseDueDecisions(ctx); err != nil || n != 1 {
		t.Fatalf("close: %d, %v", n, err)
	}
	res, f = visitor.get("/units/"+s.riverside+"/decisions.atom"), atom{}
	if err := xml.Unmarshal([]byte(res.body), &f); err != nil || len(f.Entries) != 1 || f.Entries[0].Title != "No quorum: Meet monthly" ||
		f.Entries[0].Link.Href != "https://riverside.example/decisions/"+s.decision {
		t.Fatalf("decisions feed: %v %+v", err, f.Entries)
	}
}

// TestBodyStatement: a Council member proposes a statement on the decisions
// page; once the Council adopts one, it is a public article of Riverside in
// its feed, and a notice on the members' notifications pages.
func TestBodyStatement(t *testing.T) {
	s := newTestServer(t, Config{})
	ctx := context.Background()
	for _, email := range []string{"ana.ribeiro@riverside-tenants.example", "samir.haddad@riverside-tenants.example"} {
		if _, err := s.app.OpenAccount(ctx, plenum.CommandLine, memberByEmail(t, s.app, email).ID, password); err != nil {
			t.Fatal(err)
		}
	}
	grace, ana := s.as(t, officerEmail), s.as(t, "ana.ribeiro@riverside-tenants.example")
	page := grace.get("/bodies/" + s.council + "/decisions").body
	if !strings.Contains(page, `name="statement"`) {
		t.Fatal("the proposal form offers no statement")
	}
	res := grace.postForm("/bodies/"+s.council+"/decisions", url.Values{"title": {"Heating now"}, "text": {"The landlord must act."},
		"statement": {"on"}, "summary": {"On the heating."}, "public": {"on"}, "notify": {"on"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("propose a statement: %d %s", res.status, res.body)
	}
	var d decisionView
	s.as(t, "").get("/api/v1"+res.header.Get("Location")).decode(t, &d)
	if d.Kind != "statement" {
		t.Fatalf("the form proposed a %q", d.Kind)
	}

	var recused []string
	for _, name := range []string{"lena.fischer", "marek.kowalski", "ines.moreno", "david.levi"} {
		recused = append(recused, memberByEmail(t, s.app, name+"@riverside-tenants.example").ID.String())
	}
	res = grace.postJSON("/api/v1/bodies/"+s.council+"/decisions", map[string]any{"kind": "statement", "title": "We stand with Elm Street",
		"text": "The council supports the strike.", "recused": recused, "payload": map[string]any{"summary": "Support.", "public": true, "notify": true}})
	res.decode(t, &d)
	for _, c := range []*client{grace, ana, s.as(t, "samir.haddad@riverside-tenants.example")} {
		if res := c.postJSON("/api/v1/decisions/"+d.ID+"/votes", map[string]any{"choice": "yes"}); res.status != ok {
			t.Fatalf("vote: %d %s", res.status, res.body)
		}
	}
	if feed := s.as(t, "").get("/units/" + s.riverside + "/articles.atom").body; strings.Contains(feed, "Elm Street") {
		t.Fatal("published before the vote closed")
	}
	if res := grace.postJSON("/api/v1/decisions/"+d.ID+"/close", nil); res.status != ok || !strings.Contains(res.body, `"adopted"`) {
		t.Fatalf("close: %d %s", res.status, res.body)
	}
	if feed := s.as(t, "").get("/units/" + s.riverside + "/articles.atom").body; !strings.Contains(feed, "We stand with Elm Street") ||
		!strings.Contains(feed, "Council, Riverside") {
		t.Errorf("the statement is not in Riverside's feed:\n%s", feed)
	}
	var l notificationList
	s.as(t, northEmail).get("/api/v1/notifications").decode(t, &l)
	if len(l.Notifications) != 1 || !strings.Contains(l.Notifications[0].Subject, "We stand with Elm Street") {
		t.Errorf("Olga's notifications: %+v", l)
	}
}
