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
)

// openElection schedules the Secretary's election by a decision of the
// Council, entered from the command line, and opens its nominations.
func openElection(t *testing.T, s *testServer) string {
	t.Helper()
	ctx := context.Background()
	var council plenum.BodyID
	err := s.app.Store.View(ctx, func(tx plenum.Tx) error {
		bodies, err := tx.Bodies(ctx, plenum.UnitID(mustID(t, s.riverside)))
		for _, b := range bodies {
			if b.Name == "Council" {
				council = b.ID
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	day := 24 * time.Hour
	e, err := s.app.ScheduleElection(ctx, plenum.CommandLine, plenum.ScheduleElection{
		Office: plenum.OfficeID(mustID(t, s.secretary)), Decision: plenum.DecisionRef{Body: council, Ref: "Council 2026/9"},
		Timeline: plenum.Timeline{NominationsOpen: fixtureNow, NominationsClose: fixtureNow.Add(14 * day),
			VotingOpen: fixtureNow.Add(21 * day), VotingClose: fixtureNow.Add(28 * day), ChallengeDays: 7}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.app.AdvanceElection(ctx, e.ID, plenum.ElectionNominations); err != nil {
		t.Fatal(err)
	}
	return e.ID.String()
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestElectionNominations(t *testing.T) {
	s := newTestServer(t, Config{})
	id := openElection(t, s)
	member, officer, south, visitor := s.as(t, northEmail), s.as(t, officerEmail), s.as(t, southEmail), s.as(t, "")
	olga := memberByEmail(t, s.app, northEmail).ID.String()
	noah := memberByEmail(t, s.app, southEmail).ID.String()
	tomas := memberByEmail(t, s.app, "tomas.novak@riverside-tenants.example").ID.String()

	// Olga stands through the form.
	if res := member.postForm("/elections/"+id+"/nominations", url.Values{"nominee": {olga}}); res.status != http.StatusSeeOther {
		t.Fatalf("stand: %d %s", res.status, res.body)
	}
	page := visitor.get("/elections/" + id)
	for _, want := range []string{"Election of Secretary", "Olga Petrova: stands, candidate", "the vote needs at least 2", "nominations are open", "instant-runoff vote"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("election page lacks %q", want)
		}
	}
	req, _ := http.NewRequest("GET", s.ts.URL+"/elections/"+id, nil)
	req.Header.Set("Accept-Language", "es")
	page = visitor.do(req)
	for _, want := range []string{"Elección de Secretary", "Olga Petrova: se presenta, candidatura", "la votación necesita al menos 2", "candidaturas abiertas", "voto preferencial"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("election page in Spanish lacks %q", want)
		}
	}
	if strings.Contains(page.body, `action="/elections/`+id+`/nominations"`) {
		t.Error("a visitor is offered the nomination form")
	}

	// The officer nominates Noah through the API; Noah declines.
	res := officer.postJSON("/api/v1/elections/"+id+"/nominations", map[string]string{"nominee": noah})
	var e electionView
	res.decode(t, &e)
	if res.status != http.StatusCreated || len(e.Nominations) != 2 || e.Nominations[1].Status != "pending" || e.Candidates != 1 {
		t.Fatalf("nominate: %d %s", res.status, res.body)
	}
	nid := e.Nominations[1].ID
	if res := officer.postJSON("/api/v1/elections/"+id+"/nominations/"+nid+"/answer", map[string]bool{"accept": true}); res.status != http.StatusForbidden {
		t.Errorf("the nominator answers: %d", res.status)
	}
	res = south.postJSON("/api/v1/elections/"+id+"/nominations/"+nid+"/answer", map[string]bool{"accept": false})
	res.decode(t, &e)
	if res.status != http.StatusOK || e.Nominations[1].Status != "declined" {
		t.Errorf("decline: %d %s", res.status, res.body)
	}

	// Refusals: an incompatible office held, a visitor, a duplicate.
	res = officer.postJSON("/api/v1/elections/"+id+"/nominations", map[string]string{"nominee": tomas})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "Tomas Novak holds Treasurer") {
		t.Errorf("incompatible nominee: %d %s", res.status, res.body)
	}
	if res := visitor.postJSON("/api/v1/elections/"+id+"/nominations", map[string]string{"nominee": olga}); res.status != http.StatusUnauthorized {
		t.Errorf("visitor nominates: %d", res.status)
	}
	res = member.postForm("/elections/"+id+"/nominations", url.Values{"nominee": {olga}})
	if res.status != http.StatusConflict || !strings.Contains(res.body, "already nominated") || !strings.Contains(res.body, `role="alert"`) {
		t.Errorf("nominated twice: %d", res.status)
	}

	// Noah seconds Olga's candidacy; she writes her statement, nobody else may.
	olgaNom := "/elections/" + id + "/nominations/" + e.Nominations[0].ID
	res = south.postJSON("/api/v1"+olgaNom+"/second", nil)
	res.decode(t, &e)
	if res.status != http.StatusOK || e.Nominations[0].Seconders != 1 {
		t.Errorf("second: %d %s", res.status, res.body)
	}
	if res := officer.postJSON("/api/v1"+olgaNom+"/statement", map[string]string{"statement": "x"}); res.status != http.StatusForbidden {
		t.Errorf("someone else's statement: %d", res.status)
	}
	if res := member.postForm(olgaNom+"/statement", url.Values{"statement": {"Rents <first>."}}); res.status != http.StatusSeeOther {
		t.Errorf("statement: %d %s", res.status, res.body)
	}
	if page := visitor.get("/elections/" + id); !strings.Contains(page.body, "<blockquote>Rents &lt;first&gt;.</blockquote>") {
		t.Error("the statement is not on the page, escaped")
	}

	// Olga withdraws through the form.
	if res := member.postForm("/elections/"+id+"/nominations/"+e.Nominations[0].ID+"/withdraw", nil); res.status != http.StatusSeeOther {
		t.Errorf("withdraw: %d %s", res.status, res.body)
	}
	var list electionList
	res = visitor.get("/api/v1/units/" + s.riverside + "/elections")
	res.decode(t, &list)
	if len(list.Elections) != 1 || list.Elections[0].Status != "nominations" || list.Elections[0].Office.Name != "Secretary" {
		t.Errorf("elections of Riverside: %s", res.body)
	}
	if unit := visitor.get("/units/" + s.riverside); !strings.Contains(unit.body, `href="/units/`+s.riverside+`/elections"`) {
		t.Error("the unit page does not link its elections")
	}
	if page := visitor.get("/units/" + s.riverside + "/elections"); !strings.Contains(page.body, `href="/elections/`+id+`"`) {
		t.Errorf("elections page: %d", page.status)
	}
	res = visitor.get("/api/v1/elections/" + id)
	res.decode(t, &e)
	if e.Nominations[0].Status != "withdrawn" || e.Candidates != 0 {
		t.Errorf("after withdrawal: %s", res.body)
	}
}
