package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"plenum"
	"plenum/sqlstore"
	"plenum/storetest"
)

// fixtureMeeting has the officer, a member of the Council, call a meeting of it.
func fixtureMeeting(t testing.TB, app *plenum.App, council string) string {
	t.Helper()
	id, _ := strconv.ParseInt(council, 10, 64)
	m, err := app.ScheduleMeeting(context.Background(), viewerOf(t, app, officerEmail), plenum.ScheduleMeeting{Body: plenum.BodyID(id), Title: "November sitting",
		Place: "Union hall", Starts: fixtureNow, Items: []string{"Any other business"}})
	if err != nil {
		t.Fatal(err)
	}
	return m.ID.String()
}

// TestMeetingFlow opens the fixture's meeting, registers attendance, takes
// a vote counted on those present, and writes the minutes; on SQLite and
// on PostgreSQL.
func TestMeetingFlow(t *testing.T) {
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) { meetingFlow(t, newTestServerOn(t, Config{}, db)) })
}

func meetingFlow(t *testing.T, s *testServer) {
	ctx := context.Background()
	grace, olga := s.as(t, officerEmail), s.as(t, northEmail)
	var council []*client
	var ids []string
	for _, name := range []string{"ana.ribeiro", "samir.haddad", "lena.fischer"} {
		m := memberByEmail(t, s.app, name+"@riverside-tenants.example")
		if _, err := s.app.OpenAccount(ctx, plenum.CommandLine, m.ID, password); err != nil {
			t.Fatal(err)
		}
		council, ids = append(council, s.as(t, m.Email)), append(ids, m.ID.String())
	}
	path := "/api/v1/meetings/" + s.meeting
	if res := olga.postJSON(path+"/open", nil); res.status != http.StatusForbidden {
		t.Errorf("a member outside the council opens: %d", res.status)
	}
	if res := grace.postForm("/meetings/"+s.meeting+"/open", nil); res.status != http.StatusSeeOther {
		t.Fatalf("open: %d %s", res.status, res.body)
	}
	officer := memberByEmail(t, s.app, officerEmail).ID.String()
	var m meetingView
	for i, c := range append(council, grace) {
		id := officer
		if i < len(ids) {
			id = ids[i]
		}
		res := c.postJSON(path+"/attendance", map[string]any{"member": id, "present": true})
		res.decode(t, &m)
		if res.status != http.StatusOK {
			t.Fatalf("attend: %d %s", res.status, res.body)
		}
	}
	if m.Present != 4 || m.Needed != 4 || !m.Quorum || len(m.Items) != 1 || m.Items[0].Title != "Any other business" {
		t.Fatalf("meeting = %+v", m)
	}
	// Lena asks for the floor, and gets it.
	item := m.Items[0].ID
	if res := council[2].postForm("/meetings/"+s.meeting+"/floor", url.Values{"item": {item}}); res.status != http.StatusSeeOther {
		t.Fatalf("ask for the floor: %d %s", res.status, res.body)
	}
	if res := grace.postJSON(path+"/floor", map[string]string{"item": item, "member": ids[2]}); res.status != http.StatusOK {
		t.Fatalf("give the floor: %d %s", res.status, res.body)
	}
	// A vote in the meeting: the four present vote; Samir leaves before it closes.
	res := grace.postJSON("/api/v1/bodies/"+s.council+"/decisions", map[string]string{"title": "Thank the volunteers", "meeting": s.meeting})
	var d decisionView
	res.decode(t, &d)
	if res.status != http.StatusCreated || d.Quorum.Eligible != 4 {
		t.Fatalf("propose in the meeting: %d %s", res.status, res.body)
	}
	for _, c := range append(council, grace) {
		if res := c.postJSON("/api/v1/decisions/"+d.ID+"/votes", map[string]string{"choice": "yes"}); res.status != http.StatusOK {
			t.Fatalf("vote: %d %s", res.status, res.body)
		}
	}
	if res := council[1].postJSON(path+"/attendance", map[string]any{"member": ids[1], "present": false}); res.status != http.StatusOK {
		t.Fatalf("leave: %d %s", res.status, res.body)
	}
	res = grace.postJSON("/api/v1/decisions/"+d.ID+"/close", nil)
	res.decode(t, &d)
	if res.status != http.StatusOK || d.Status != "failed" || d.Quorum.Voted != 4 {
		t.Errorf("quorum lost: %d %s", res.status, res.body)
	}
	if res := grace.postJSON(path+"/minutes", map[string]string{"minutes": "The quorum was lost at 12:40."}); res.status != http.StatusOK {
		t.Fatalf("minutes: %d %s", res.status, res.body)
	}
	page := olga.get("/meetings/" + s.meeting).body
	for _, want := range []string{"3 present of the 4", "no quorum", "Thank the volunteers", "The quorum was lost", "<s>Lena Fischer</s>"} {
		if !strings.Contains(page, want) {
			t.Errorf("meeting page lacks %q", want)
		}
	}
	if res := grace.postJSON(path+"/close", nil); res.status != http.StatusOK {
		t.Fatalf("close: %d %s", res.status, res.body)
	}
}
