package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"plenum/secretballot"
	"plenum/sqlstore"
	"plenum/storetest"
)

// A secret decision of the Council through the API alone, on SQLite and
// on PostgreSQL: Ana proposes it with Samir recused; voting on it or
// closing it as a roll call is refused; the election commission's trustees
// run the key ceremony with plenum trustee run; four members of the
// Council vote with plenum vote (Samir may not); two trustees decrypt; the
// commission adopts the certification, which closes the decision from the
// certified totals; the record downloaded from the server verifies.
func TestSecretDecisionThroughTheAPI(t *testing.T) {
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) { secretDecisionThroughTheAPI(t, db) })
}

// decisionJSON is what the test reads of a decision.
type decisionJSON struct {
	ID, Status, Title string
	Yes, No, Abstain  int
	Quorum            struct {
		Needed, Voted int
		Met           bool
	}
	Ballot *struct {
		Election, Status, Hold, Booth string
		OnRoll                        bool `json:"on_roll"`
		Open                          bool
		Turnout                       struct{ Voters, Voted int }
	}
}

func secretDecisionThroughTheAPI(t *testing.T, db *sqlstore.DB) {
	ctx := context.Background()
	s := newElectionServer(t, db, "fatima.zahra", "jon.eriksen", "mei.chen", "ana.ribeiro", "grace.okafor", "lena.fischer",
		"marek.kowalski", "samir.haddad", "olga.petrova")
	session := func(first string) *apiClient { return s.session(t, first) }
	samir := memberID(t, s.app, s.org, s.emails["samir"])
	var d decisionJSON
	err := session("ana").post(ctx, "/api/v1/bodies/"+s.council.String()+"/decisions", mustJSON(map[string]any{
		"title": "Dismiss the organiser on probation", "text": "The probation was not passed.", "secret": true,
		"recused": []string{samir}}), &d)
	if err != nil || d.Ballot == nil || d.Ballot.Status != "campaign" || !d.Ballot.OnRoll {
		t.Fatalf("propose: %+v, %v", d, err)
	}
	id, path := d.Ballot.Election, "/api/v1/decisions/"+d.ID
	if err := voteOnDecision(session("grace"), d.ID, "yes"); err == nil || !strings.Contains(err.Error(), "/elections/"+id+"/booth") {
		t.Fatalf("a roll-call vote on a secret decision: %v", err)
	}
	if err := session("grace").post(ctx, path+"/close", nil, nil); err == nil || !strings.Contains(err.Error(), "certifies") {
		t.Fatalf("closing a secret decision: %v", err)
	}
	for range 3 {
		for _, who := range commissioners {
			s.trustee(t, id, who)
		}
	}
	s.tick(t, s.timeline(t, id).VotingOpen)
	if err := session("lena").get(ctx, path, &d); err != nil || d.Ballot.Status != "voting" || !d.Ballot.Open || d.Ballot.Turnout.Voters != 6 {
		t.Fatalf("the vote: %+v, %v", d.Ballot, err)
	}
	if out, err := s.vote(id, "samir", "yes"); err == nil {
		t.Fatalf("Samir, recused, votes: %s", out)
	}
	if out, err := s.vote(id, "olga", "yes"); err == nil {
		t.Fatalf("Olga, not on the Council, votes: %s", out)
	}
	for who, choice := range map[string]string{"ana": "yes", "grace": "yes", "lena": "abstain", "marek": "no"} {
		if out, err := s.vote(id, who, choice); err != nil || !strings.Contains(out, "Your ballot tracker") {
			t.Fatalf("%s votes: %s, %v", who, out, err)
		}
	}
	if err := session("olga").get(ctx, path, &d); err != nil || d.Ballot.Turnout.Voted != 4 || d.Status != "voting" || d.Yes != 0 {
		t.Fatalf("turnout: %+v, %v", d, err)
	}
	s.tick(t, s.timeline(t, id).VotingClose)
	for _, who := range commissioners[:2] {
		s.trustee(t, id, who)
	}
	s.adoptCertification(t, id)
	if err := session("olga").get(ctx, path, &d); err != nil || d.Status != "adopted" || d.Yes != 2 || d.No != 1 || d.Abstain != 1 ||
		d.Quorum.Voted != 4 || d.Quorum.Needed != 3 || !d.Quorum.Met || d.Ballot.Status != "certified" {
		t.Fatalf("after certification: %+v, %v", d, err)
	}
	page, err := session("olga").Do(ctx, "GET", "/decisions/"+d.ID, nil)
	for _, want := range []string{"Adopted", "2 yes, 1 no, 1 abstain", "/elections/" + id} {
		if err != nil || !strings.Contains(string(page), want) {
			t.Errorf("the decision's page lacks %q: %v", want, err)
		}
	}
	rep, rec := s.verifiedRecord(t, id)
	if q := rep.Result.Questions[0]; rep.Counted != 4 || fmt.Sprint(q.Totals) != "[2 1 1]" {
		t.Fatalf("verified: counted %d, %+v", rep.Counted, q)
	}
	// The public record names the decision by its number, not its title.
	files, _ := filepath.Glob(filepath.Join(rec, "*"))
	for _, f := range files {
		if b, _ := os.ReadFile(f); strings.Contains(string(b), "organiser") {
			t.Errorf("%s names the decision's title", filepath.Base(f))
		}
	}
}

// verifiedRecord downloads election id's record from the server as a
// member does, verifies it, and returns the report and its directory.
func (s *electionServer) verifiedRecord(t *testing.T, id string) (*secretballot.Report, string) {
	t.Helper()
	rec := filepath.Join(s.states, "record")
	os.Mkdir(rec, 0o755)
	if err := s.session(t, "ana").record(context.Background(), mustInt(t, id), rec); err != nil {
		t.Fatal(err)
	}
	rep, err := secretballot.Verify(os.DirFS(rec), secretballot.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return rep, rec
}
