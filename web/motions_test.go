package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/sqlstore"
	"plenum/storetest"
)

// viewerOf logs the member with email in, with the fixture's password, and
// returns the viewer the domain sees.
func viewerOf(t testing.TB, app *plenum.App, email string) *plenum.Viewer {
	t.Helper()
	token, _, err := app.Login(context.Background(), email, password, "")
	if err != nil {
		t.Fatal(err)
	}
	v, err := app.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// fixtureMotion has the member of North draft and submit a motion to the
// Council (body ID council), and returns its ID.
func fixtureMotion(t testing.TB, app *plenum.App, council string) string {
	t.Helper()
	ctx := context.Background()
	v := viewerOf(t, app, northEmail)
	id, _ := strconv.ParseInt(council, 10, 64)
	m, err := app.DraftMotion(ctx, v, plenum.NewMotion{Body: plenum.BodyID(id), Title: "Open the office on Saturdays",
		Text: "The union office opens on Saturdays from 10 to 14."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.SubmitMotion(ctx, v, m.ID); err != nil {
		t.Fatal(err)
	}
	return m.ID.String()
}

// TestMotionFlow takes the fixture's motion through support, debate, an
// amendment and the Council's vote, through the API and the forms; on
// SQLite and on PostgreSQL.
func TestMotionFlow(t *testing.T) {
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) { motionFlow(t, newTestServerOn(t, Config{}, db)) })
}

func motionFlow(t *testing.T, s *testServer) {
	ctx := context.Background()
	council := []*client{s.as(t, officerEmail)}
	for _, name := range []string{"ana.ribeiro", "samir.haddad", "lena.fischer"} {
		email := name + "@riverside-tenants.example"
		if _, err := s.app.OpenAccount(ctx, plenum.CommandLine, memberByEmail(t, s.app, email).ID, password); err != nil {
			t.Fatal(err)
		}
		council = append(council, s.as(t, email))
	}
	olga, noah, visitor := s.as(t, northEmail), s.as(t, southEmail), s.as(t, "")
	path := "/api/v1/motions/" + s.motion
	var m motionView
	res := noah.postJSON(path+"/support", nil)
	res.decode(t, &m)
	if res.status != http.StatusOK || m.Phase != "admitted" || m.Support != 2 || m.DecideBy == nil {
		t.Fatalf("support: %d %s", res.status, res.body)
	}
	if res := visitor.get(path); res.status != http.StatusNotFound {
		t.Errorf("a visitor sees a motion: %d", res.status)
	}
	// Debate: a comment, a reply quoting it, an edit by form.
	res = noah.postJSON(path+"/comments", map[string]string{"text": "Who staffs it?"})
	res.decode(t, &m)
	if res.status != http.StatusCreated || len(m.Comments) != 1 {
		t.Fatalf("comment: %d %s", res.status, res.body)
	}
	cid := m.Comments[0].ID
	if res := olga.postForm("/motions/"+s.motion+"/comments", url.Values{"parent": {cid}, "quote": {"Who staffs it?"}, "text": {"Volunteers."}}); res.status != http.StatusSeeOther {
		t.Fatalf("reply by form: %d %s", res.status, res.body)
	}
	if res := olga.postJSON(path+"/comments/"+cid+"/edit", map[string]string{"text": "x"}); res.status != http.StatusForbidden {
		t.Errorf("edit another's comment: %d", res.status)
	}
	res = noah.postForm("/motions/"+s.motion+"/comments/"+cid+"/edit", url.Values{"text": {"Who staffs it on Saturdays?"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.status, res.body)
	}
	// An amendment, voted before the motion.
	res = noah.postJSON(path+"/amendments", map[string]string{"passage": "from 10 to 14", "replacement": "from 9 to 13"})
	res.decode(t, &m)
	if res.status != http.StatusCreated || m.NextAmendment == "" {
		t.Fatalf("amend: %d %s", res.status, res.body)
	}
	if res := council[0].postJSON(path+"/vote", nil); res.status != http.StatusConflict || !strings.Contains(res.body, "voted before the motion") {
		t.Errorf("motion before its amendment: %d %s", res.status, res.body)
	}
	if res := olga.postJSON(path+"/vote", map[string]string{"amendment": m.NextAmendment}); res.status != http.StatusForbidden {
		t.Errorf("a member outside the council puts to the vote: %d", res.status)
	}
	now := fixtureNow
	vote := func(amendment string) {
		t.Helper()
		res := council[0].postJSON(path+"/vote", map[string]string{"amendment": amendment})
		var after motionView
		res.decode(t, &after)
		if res.status != http.StatusCreated {
			t.Fatalf("put to the vote: %d %s", res.status, res.body)
		}
		decision := after.Decision
		if amendment != "" {
			decision = after.Amendments[0].Decision
		}
		for _, c := range council {
			if res := c.postJSON("/api/v1/decisions/"+decision+"/votes", map[string]string{"choice": "yes"}); res.status != http.StatusOK {
				t.Fatalf("vote: %d %s", res.status, res.body)
			}
		}
		now = now.Add(8 * 24 * time.Hour)
		s.app.Now = func() time.Time { return now }
		if res := council[1].postJSON("/api/v1/decisions/"+decision+"/close", nil); res.status != http.StatusOK {
			t.Fatalf("close: %d %s", res.status, res.body)
		}
	}
	vote(m.NextAmendment)
	vote("")
	res = olga.get(path)
	res.decode(t, &m)
	if m.Phase != "adopted" || m.Text != "The union office opens on Saturdays from 9 to 13." || len(m.Changes) == 0 ||
		len(m.Comments) != 2 || len(m.Comments[0].Versions) != 1 {
		t.Fatalf("adopted motion: %s", res.body)
	}
	page := olga.get("/motions/" + s.motion).body
	for _, want := range []string{"<del>10 </del><ins>9 </ins>", "Who staffs it on Saturdays?", "Earlier versions"} {
		if !strings.Contains(page, want) {
			t.Errorf("motion page lacks %q", want)
		}
	}
	// The decision is public, with the amended text.
	if d := visitor.get("/api/v1/decisions/" + m.Decision); d.status != http.StatusOK || !strings.Contains(d.body, "from 9 to 13") {
		t.Errorf("public decision: %d %s", d.status, d.body)
	}
}
