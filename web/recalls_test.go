package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"plenum"
	"plenum/sqlstore"
	"plenum/storetest"
)

// northSigners opens accounts for members of North besides the fixture's
// and returns their logged-in clients.
func northSigners(t *testing.T, s *testServer, firsts ...string) map[string]*client {
	t.Helper()
	out := map[string]*client{}
	for _, first := range firsts {
		email := first + "@riverside-tenants.example"
		if _, err := s.app.OpenAccount(context.Background(), plenum.CommandLine, memberByEmail(t, s.app, email).ID, password); err != nil {
			t.Fatal(err)
		}
		out[first] = s.as(t, email)
	}
	return out
}

// TestRecallThroughTheAPI carries the fixture's petition to its vote
// through the API: signatures counted in public, names kept, refusals by
// role, a withdrawal, and the vote scheduled at the threshold; on SQLite and
// on PostgreSQL.
func TestRecallThroughTheAPI(t *testing.T) {
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) { recallThroughTheAPI(t, newTestServerOn(t, Config{}, db)) })
}

func recallThroughTheAPI(t *testing.T, s *testServer) {
	path := "/api/v1/recalls/" + s.recall
	var rc recallView
	s.as(t, "").get(path).decode(t, &rc)
	// North has 22 members: 20% is 4.4, so 5 signatures; Olga signed as she opened it.
	if rc.Signatures != 1 || rc.Needed != 5 || rc.Eligible != 22 || rc.Status != "open" || rc.Signed || rc.MaySign || rc.Holder.Name != "Grace Okafor" {
		t.Fatalf("the petition as a visitor: %+v", rc)
	}
	signers := northSigners(t, s, "ana.ribeiro", "lena.fischer", "marek.kowalski", "kofi.mensah", "rahul.mehta")
	for _, tc := range []struct {
		email string
		want  int
	}{{"", unau}, {southEmail, forb}, {officerEmail, forb}, {operatorEmail, forb}, {northEmail, http.StatusConflict}} {
		if res := s.as(t, tc.email).postJSON(path+"/sign", nil); res.status != tc.want {
			t.Errorf("sign as %q: %d, want %d: %s", tc.email, res.status, tc.want, res.body)
		}
	}
	sign := func(first string) recallView {
		t.Helper()
		res := signers[first].postJSON(path+"/sign", nil)
		if res.status != ok {
			t.Fatalf("%s signs: %d %s", first, res.status, res.body)
		}
		var rc recallView
		res.decode(t, &rc)
		return rc
	}
	if rc = sign("lena.fischer"); rc.Signatures != 2 || !rc.Signed || rc.Receipt == "" || rc.MaySign {
		t.Errorf("after Lena signs, as Lena: %+v", rc)
	}
	sign("marek.kowalski")
	res := signers["marek.kowalski"].postJSON(path+"/withdraw", nil)
	res.decode(t, &rc)
	if res.status != ok || rc.Signatures != 2 || rc.Signed {
		t.Errorf("Marek withdraws: %d %+v", res.status, rc)
	}
	sign("marek.kowalski")
	if rc = sign("ana.ribeiro"); rc.Signatures != 4 || rc.Status != "open" || rc.Vote != nil {
		t.Errorf("just below the threshold: %+v", rc)
	}
	if rc = sign("kofi.mensah"); rc.Signatures != 5 || rc.Status != "vote" || rc.Vote == nil || rc.Vote.Election.ID == "" ||
		rc.Vote.Majority != "majority" || rc.Vote.Turnout != "30%" {
		t.Fatalf("at the threshold: %+v", rc)
	}
	if res := signers["rahul.mehta"].postJSON(path+"/sign", nil); res.status != http.StatusConflict {
		t.Errorf("a signature after the threshold: %d", res.status)
	}
	if res := signers["kofi.mensah"].postJSON(path+"/withdraw", nil); res.status != http.StatusConflict {
		t.Errorf("a withdrawal after the threshold: %d", res.status)
	}
	var e electionView
	s.as(t, "").get("/api/v1/elections/"+rc.Vote.Election.ID).decode(t, &e)
	if e.Method != plenum.YesNoMethod || e.Seats != 1 || e.MinCandidates != 0 {
		t.Errorf("the recall vote: %+v", e)
	}

	// The count is public; the names are not, to anyone: the record has
	// the receipts.
	for _, email := range []string{"", northEmail, officerEmail} {
		var seen recallView
		s.as(t, email).get(path).decode(t, &seen)
		if seen.Signatures != 5 || len(seen.Signers) != 0 {
			t.Errorf("as %q: %+v", email, seen)
		}
		var p recordPage
		s.as(t, email).get("/api/v1/record?type=recall.signed").decode(t, &p)
		if len(p.Entries) != 6 { // Olga, Lena, Marek twice, Ana, Kofi
			t.Errorf("as %q: %d signatures in the record", email, len(p.Entries))
		}
		for _, e := range p.Entries {
			if e.Actor != "member" || e.Payload["signer"] != nil || e.Payload["receipt"] == "" {
				t.Errorf("as %q: %+v", email, e)
			}
		}
	}

	// The record page lists the petition; the unit's list too.
	var rep representativeView
	s.as(t, "").get("/api/v1/members/"+s.officer+"/record").decode(t, &rep)
	if len(rep.Recalls) != 1 || rep.Recalls[0].Status != "vote" || len(rep.Terms) == 0 || len(rep.Pay) == 0 {
		t.Errorf("the officer's record: %+v", rep)
	}
	var list recallList
	s.as(t, "").get("/api/v1/units/"+s.north+"/recalls").decode(t, &list)
	if len(list.Recalls) != 1 || list.Recalls[0].Signatures != 5 {
		t.Errorf("North's petitions: %+v", list)
	}
}

// TestRecallForms opens, signs and withdraws through the pages, which work
// without JavaScript, and shows refusals on the page.
func TestRecallForms(t *testing.T) {
	s := newTestServer(t, Config{})
	signers := northSigners(t, s, "lena.fischer")
	lena := signers["lena.fischer"]
	page := lena.get("/members/" + s.officer + "/record")
	for _, want := range []string{"Grace Okafor", "Branch secretary", `action="/terms/`, "Recall petitions", "unpaid", "the constitution"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("record page lacks %q", want)
		}
	}
	if res := lena.postForm("/recalls/"+s.recall+"/sign", nil); res.status != http.StatusSeeOther || res.header.Get("Location") != "/recalls/"+s.recall {
		t.Fatalf("sign: %d %s", res.status, res.header.Get("Location"))
	}
	page = lena.get("/recalls/" + s.recall)
	for _, want := range []string{"Has not called a branch meeting", ">2</strong>", "You signed this petition", "Withdraw my signature"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("petition page lacks %q", want)
		}
	}
	res := lena.postForm("/recalls/"+s.recall+"/sign", nil)
	if res.status != http.StatusConflict || !strings.Contains(res.body, "You have signed this petition") {
		t.Errorf("sign twice: %d", res.status)
	}
	if res := lena.postForm("/recalls/"+s.recall+"/withdraw", nil); res.status != http.StatusSeeOther {
		t.Errorf("withdraw: %d", res.status)
	}
	// A second petition against the same term is refused on the record page.
	res = lena.postForm("/terms/"+s.recalled+"/recalls", url.Values{"reason": {"Again."}, "holder": {s.officer}})
	if res.status != http.StatusConflict || !strings.Contains(res.body, "under way") || !strings.Contains(res.body, "Offices held") {
		t.Errorf("a second petition: %d %.300s", res.status, res.body)
	}
	if res := s.as(t, "").postForm("/recalls/"+s.recall+"/sign", nil); res.status != unau {
		t.Errorf("a visitor signs: %d", res.status)
	}
	// The officer's roll-call vote in the Council goes on her record.
	if res := s.as(t, officerEmail).postJSON("/api/v1/decisions/"+s.decision+"/votes", map[string]string{"choice": "no"}); res.status != ok {
		t.Fatalf("vote: %d %s", res.status, res.body)
	}
	var rep representativeView
	s.as(t, "").get("/api/v1/members/"+s.officer+"/record").decode(t, &rep)
	if len(rep.Votes) != 1 || rep.Votes[0].Choice != "no" || rep.Votes[0].Body != "Council" || rep.Votes[0].Decision.ID != s.decision {
		t.Errorf("votes on the record: %+v", rep.Votes)
	}
	// The office page shows the pay history.
	if body := s.as(t, "").get("/offices/" + s.secretary).body; !strings.Contains(body, "EUR 1,200.00 a month") || !strings.Contains(body, "the constitution") {
		t.Error("the Secretary's page lacks its pay history")
	}
	if res := s.as(t, "").get("/members/" + s.officer + "/feed.atom"); res.status != ok || !strings.Contains(res.body, "Recall petition: Branch secretary") {
		t.Errorf("feed: %d %.500s", res.status, res.body)
	}
}
