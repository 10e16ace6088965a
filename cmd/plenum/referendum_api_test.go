package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"plenum/sqlstore"
	"plenum/storetest"
)

// A referendum through the API alone, on SQLite and on PostgreSQL: a
// member of the Council tables a motion; members demand a referendum and
// sign until the threshold fixed when the demand opened (10% of 40) calls
// it; the election commission's trustees run the key ceremony with plenum
// trustee run; nine members vote with plenum vote; two trustees decrypt;
// the commission adopts the certification, and the motion is adopted in
// the same transaction;
// the record downloaded from the server verifies.
func TestReferendumThroughTheAPI(t *testing.T) {
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) { referendumThroughTheAPI(t, db) })
}

func referendumThroughTheAPI(t *testing.T, db *sqlstore.DB) {
	ctx := context.Background()
	s := newElectionServer(t, db, "fatima.zahra", "jon.eriksen", "mei.chen", "ana.ribeiro", "grace.okafor", "lena.fischer",
		"marek.kowalski", "tomas.novak", "olga.petrova", "rahul.mehta", "kofi.mensah")
	session := func(first string) *apiClient { return s.session(t, first) }
	var m struct {
		ID          string
		Phase       string
		Referendums []struct {
			ID, Status, Via, Election, Majority, Turnout, Booth, Record string
			Needed, Signatures, Eligible, Yes, No, Voters               int
		}
	}
	if err := session("ana").post(ctx, "/api/v1/bodies/"+s.council.String()+"/motions", mustJSON(map[string]any{
		"title": "A hardship fund", "text": "Set aside 5% of dues for members in hardship.", "table": true}), &m); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/motions/" + m.ID
	if err := session("olga").post(ctx, path+"/demand", nil, &m); err != nil {
		t.Fatal(err)
	}
	if rf := m.Referendums[0]; rf.Status != "demand" || rf.Needed != 4 || rf.Signatures != 1 || rf.Eligible != 40 {
		t.Fatalf("demand: %+v", rf)
	}
	if err := session("olga").post(ctx, path+"/demand/sign", nil, nil); err == nil || !strings.Contains(err.Error(), "signed") {
		t.Fatalf("a second signature: %v", err)
	}
	if err := session("ana").post(ctx, path+"/vote", mustJSON(map[string]string{}), nil); err == nil || !strings.Contains(err.Error(), "under way") {
		t.Fatalf("the body votes during the demand: %v", err)
	}
	for _, who := range []string{"rahul", "kofi", "tomas"} {
		if err := session(who).post(ctx, path+"/demand/sign", nil, &m); err != nil {
			t.Fatalf("%s signs: %v", who, err)
		}
	}
	rf := m.Referendums[0]
	if m.Phase != "referendum" || rf.Status != "voting" || rf.Election == "" || rf.Majority != "majority" || rf.Turnout != "20%" {
		t.Fatalf("called: %s, %+v", m.Phase, rf)
	}
	id := rf.Election
	tl := s.timeline(t, id)
	s.tick(t, tl.NominationsOpen)
	s.tick(t, tl.NominationsClose)
	for range 3 {
		for _, who := range commissioners {
			s.trustee(t, id, who)
		}
	}
	s.tick(t, tl.VotingOpen)
	var election map[string]any
	if err := session("lena").get(ctx, "/api/v1/elections/"+id, &election); err != nil || election["status"] != "voting" {
		t.Fatalf("the vote: %v, %v", election["status"], err)
	}
	votes := map[string]string{"ana": "yes", "grace": "yes", "lena": "yes", "marek": "yes", "tomas": "yes", "olga": "yes",
		"rahul": "yes", "kofi": "no", "fatima": "no"}
	for who, choice := range votes {
		if out, err := s.vote(id, who, choice); err != nil || !strings.Contains(out, "Your ballot tracker") {
			t.Fatalf("%s votes: %s, %v", who, out, err)
		}
	}
	s.tick(t, s.timeline(t, id).VotingClose)
	// Two of the three trustees decrypt.
	for _, who := range commissioners[:2] {
		s.trustee(t, id, who)
	}
	s.adoptCertification(t, id)
	if err := session("olga").get(ctx, path, &m); err != nil {
		t.Fatal(err)
	}
	if rf := m.Referendums[0]; m.Phase != "adopted" || rf.Status != "adopted" || rf.Yes != 7 || rf.No != 2 || rf.Voters != 40 {
		t.Fatalf("after certification: %s, %+v", m.Phase, rf)
	}
	page, err := session("olga").Do(ctx, "GET", "/motions/"+m.ID, nil)
	for _, want := range []string{"Adopted by the members", "7 yes, 2 no, of 40 members", "/elections/" + id + "/record", "On the demand of members"} {
		if err != nil || !strings.Contains(string(page), want) {
			t.Errorf("the motion's page lacks %q: %v", want, err)
		}
	}
	rep, _ := s.verifiedRecord(t, id)
	if q := rep.Result.Questions[0]; rep.Counted != 9 || fmt.Sprint(q.Totals) != "[7 2]" {
		t.Fatalf("verified: counted %d, %+v", rep.Counted, q)
	}
}
