package web

import (
	"context"
	"fmt"
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

// fixtureDecision puts a resolution to the vote of the Council of unit,
// from the command line, and returns the Council's and the decision's IDs.
func fixtureDecision(t testing.TB, app *plenum.App, unit string) (council, decision string) {
	t.Helper()
	id, _ := strconv.ParseInt(unit, 10, 64)
	p, err := app.Unit(context.Background(), plenum.Visitor(), plenum.UnitID(id))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range p.Bodies {
		if b.Name == "Council" {
			d, err := app.ProposeDecision(context.Background(), plenum.CommandLine, plenum.ProposeDecision{Body: b.ID,
				Kind: "resolution", Title: "Meet monthly", Text: "The council meets on the first Monday."})
			if err != nil {
				t.Fatal(err)
			}
			return b.ID.String(), d.ID.String()
		}
	}
	t.Fatal("no council")
	return "", ""
}

// TestDecisionFlow puts a proposal to the Council's vote through the API,
// votes, closes and records dissent, and checks what each viewer sees; on
// SQLite and on PostgreSQL.
func TestDecisionFlow(t *testing.T) {
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) { decisionFlow(t, newTestServerOn(t, Config{}, db)) })
}

func decisionFlow(t *testing.T, s *testServer) {
	ctx := context.Background()
	for _, email := range []string{"ana.ribeiro@riverside-tenants.example", "samir.haddad@riverside-tenants.example"} {
		if _, err := s.app.OpenAccount(ctx, plenum.CommandLine, memberByEmail(t, s.app, email).ID, password); err != nil {
			t.Fatal(err)
		}
	}
	grace, ana, samir := s.as(t, officerEmail), s.as(t, "ana.ribeiro@riverside-tenants.example"), s.as(t, "samir.haddad@riverside-tenants.example")
	olga, visitor := s.as(t, northEmail), s.as(t, "")
	var recused []string
	for _, name := range []string{"lena.fischer", "marek.kowalski", "ines.moreno", "david.levi"} {
		recused = append(recused, memberByEmail(t, s.app, name+"@riverside-tenants.example").ID.String())
	}
	path := "/api/v1/bodies/" + s.council + "/decisions"
	proposal := map[string]any{"title": "Open a legal aid fund", "text": "With **500 EUR** a month.", "recused": recused}
	if res := olga.postJSON(path, proposal); res.status != http.StatusForbidden {
		t.Errorf("a member outside the council proposes: %d %s", res.status, res.body)
	}
	if res := grace.postJSON(path, map[string]any{"title": ""}); res.status != http.StatusBadRequest || !strings.Contains(res.body, `"title"`) {
		t.Errorf("no title: %d %s", res.status, res.body)
	}
	res := grace.postJSON(path, proposal)
	var d decisionView
	res.decode(t, &d)
	if res.status != http.StatusCreated || d.Status != "voting" || !d.CanVote || d.Quorum.Needed != 2 || d.Quorum.Eligible != 3 ||
		!strings.Contains(string(d.HTML), "<strong>500 EUR</strong>") {
		t.Fatalf("propose: %d %s", res.status, res.body)
	}
	dpath := "/api/v1/decisions/" + d.ID
	for c, choice := range map[*client]string{grace: "yes", ana: "yes"} {
		if res := c.postJSON(dpath+"/votes", map[string]string{"choice": choice}); res.status != http.StatusOK {
			t.Fatalf("vote: %d %s", res.status, res.body)
		}
	}
	if res := olga.postJSON(dpath+"/votes", map[string]string{"choice": "no"}); res.status != http.StatusForbidden {
		t.Errorf("olga votes: %d", res.status)
	}
	if res := grace.postJSON(dpath+"/close", nil); res.status != http.StatusConflict || !strings.Contains(res.body, "2 of 3") {
		t.Errorf("early close: %d %s", res.status, res.body)
	}
	// Samir votes through the form; all have voted, so the vote may close.
	if res := samir.postForm("/decisions/"+d.ID+"/votes", url.Values{"choice": {"no"}}); res.status != http.StatusSeeOther {
		t.Fatalf("vote by form: %d %s", res.status, res.body)
	}
	res = samir.postForm("/decisions/"+d.ID+"/votes", url.Values{"choice": {"no"}})
	if res.status != http.StatusConflict || !strings.Contains(res.body, `role="alert"`) {
		t.Errorf("second vote by form: %d", res.status)
	}
	res = grace.postJSON(dpath+"/close", nil)
	res.decode(t, &d)
	if res.status != http.StatusOK || d.Status != "adopted" || !d.Quorum.Met || d.Yes != 2 || d.No != 1 || len(d.Votes) != 3 {
		t.Fatalf("close: %d %s", res.status, res.body)
	}
	if res := ana.postJSON(dpath+"/dissents", map[string]string{"text": "x"}); res.status != http.StatusForbidden {
		t.Errorf("majority dissents: %d", res.status)
	}
	if res := samir.postJSON(dpath+"/dissents", map[string]string{"text": "The fund should be audited first."}); res.status != http.StatusCreated {
		t.Fatalf("dissent: %d %s", res.status, res.body)
	}
	// The roll call is public; dissent is for members only (R8).
	for _, c := range []*client{visitor, olga} {
		member := c == olga
		for _, p := range []string{dpath, "/decisions/" + d.ID} {
			body := c.get(p).body
			if strings.Contains(body, "audited first") != member {
				t.Errorf("%s as member=%v: dissent shown %v", p, member, !member)
			}
			if !strings.Contains(body, "Samir Haddad") {
				t.Errorf("%s: no roll call", p)
			}
		}
	}
	list := visitor.get("/bodies/" + s.council + "/decisions")
	if !strings.Contains(list.body, "Open a legal aid fund") || !strings.Contains(list.body, "Meet monthly") || strings.Contains(list.body, `action="/bodies/`) {
		t.Errorf("decisions page for a visitor: %s", list.body)
	}
	if !strings.Contains(grace.get("/bodies/"+s.council+"/decisions").body, `action="/bodies/`+s.council+`/decisions"`) {
		t.Error("a council member is not offered the proposal form")
	}
	// A proposal through the form lands on its page.
	res = grace.postForm("/bodies/"+s.council+"/decisions", url.Values{"title": {"Adopt the budget"}, "deadline": {"2026-11-20T18:00"}})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/decisions/") {
		t.Errorf("propose by form: %d %s", res.status, res.body)
	}
	res = grace.postForm("/bodies/"+s.council+"/decisions", url.Values{"title": {"Past"}, "deadline": {"2020-01-01T00:00"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "future") || !strings.Contains(res.body, `value="Past"`) {
		t.Errorf("a deadline in the past by form: %d", res.status)
	}
}

// A representative's record page links to their older roll-call votes,
// RecordVotes a page, and back to the latest; the API gives the cursor.
func TestRepresentativeVotesPages(t *testing.T) {
	s := newTestServer(t, Config{})
	ctx := context.Background()
	at := fixtureNow
	s.app.Now = func() time.Time { at = at.Add(time.Second); return at }
	council, _ := strconv.ParseInt(s.council, 10, 64)
	grace := viewerOf(t, s.app, officerEmail)
	for i := range plenum.RecordVotes {
		d, err := s.app.ProposeDecision(ctx, plenum.CommandLine, plenum.ProposeDecision{Body: plenum.BodyID(council),
			Kind: "resolution", Title: fmt.Sprintf("Resolution %d", i)})
		if err == nil {
			err = s.app.VoteOnDecision(ctx, grace, d.ID, plenum.VoteYes)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	first, _ := strconv.ParseInt(s.decision, 10, 64)
	if err := s.app.VoteOnDecision(ctx, grace, plenum.DecisionID(first), plenum.VoteNo); err != nil {
		t.Fatal(err)
	}
	var latest, older representativeView
	path := "/members/" + s.officer + "/record"
	s.as(t, "").get("/api/v1"+path).decode(t, &latest)
	if len(latest.Votes) != plenum.RecordVotes || latest.OlderVotes == "" || latest.Votes[0].Choice != "no" {
		t.Fatalf("latest votes: %d, older %q", len(latest.Votes), latest.OlderVotes)
	}
	s.as(t, "").get("/api/v1"+path+"?votes_before="+latest.OlderVotes).decode(t, &older)
	if len(older.Votes) != 1 || older.OlderVotes != "" || older.Votes[0].Decision.Title != "Resolution 0" {
		t.Fatalf("older votes: %+v, older %q", older.Votes, older.OlderVotes)
	}
	page := s.as(t, "").get(path).body
	if !strings.Contains(page, `votes_before=`+latest.OlderVotes+`#votes" rel="next">Older votes`) {
		t.Errorf("no link to the older votes: %s", excerpt(page, "pager"))
	}
	page = s.as(t, "").get(path + "?votes_before=" + latest.OlderVotes).body
	if !strings.Contains(page, "Latest votes") || strings.Contains(page, "Older votes") {
		t.Errorf("the older page's links: %s", excerpt(page, "pager"))
	}
}
