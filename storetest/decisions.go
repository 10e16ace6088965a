package storetest

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"plenum"
)

func (f *electionFixture) decision(title string) *plenum.Decision {
	return &plenum.Decision{Org: f.org.ID, Body: f.council.ID, Unit: f.land.ID, Kind: "resolution", Subject: "office:1",
		Title: title, Text: "We *resolve*.", Payload: json.RawMessage(`{"amount":1200}`), Status: plenum.DecisionVoting,
		Recused: []plenum.MemberID{f.ms[3].ID}, Proposer: f.ms[0].ID, Opened: t0, Deadline: t0.Add(7 * day)}
}

func testDecisions(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "decisions")
	d := f.decision("Adopt the budget")
	secret := f.decision("Hire an organizer")
	secret.Secret, secret.Internal, secret.Subject, secret.Payload, secret.Recused, secret.Proposer = true, true, "", nil, nil, 0
	secret.Deadline = t0.Add(day)
	update(t, s, func(tx plenum.Tx) error {
		for _, x := range []*plenum.Decision{d, secret} {
			if err := tx.CreateDecision(ctx, x); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx plenum.Tx) error {
		for _, want := range []*plenum.Decision{d, secret} {
			got, err := tx.Decision(ctx, want.ID)
			if err != nil {
				return err
			}
			if fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", *want) {
				t.Errorf("decision =\n%+v, want\n%+v", got, want)
			}
		}
		_, err := tx.Decision(ctx, 999)
		wantKind(t, err, plenum.NotFound)
		// Only the public one without Internal.
		for internal, want := range map[bool]int{false: 1, true: 2} {
			list, err := tx.BodyDecisions(ctx, plenum.DecisionQuery{Body: f.council.ID, Limit: 10, Internal: internal})
			if err != nil {
				return err
			}
			if len(list) != want || list[len(list)-1].ID != d.ID {
				t.Errorf("body decisions (internal %v) = %v", internal, list)
			}
		}
		list, err := tx.BodyDecisions(ctx, plenum.DecisionQuery{Body: f.council.ID, Before: secret.ID, Limit: 10, Internal: true})
		if err != nil || len(list) != 1 || list[0].ID != d.ID {
			t.Errorf("body decisions before %d: %v, %v", secret.ID, list, err)
		}
		list, err = tx.SubjectDecisions(ctx, "office:1")
		if err != nil || len(list) != 1 || list[0].ID != d.ID {
			t.Errorf("subject decisions: %v, %v", list, err)
		}
		for at, want := range map[time.Time]int{t0: 0, t0.Add(day): 1, t0.Add(7 * day): 2} {
			due, err := tx.DueDecisions(ctx, at, 10)
			if err != nil {
				return err
			}
			if len(due) != want || want > 0 && due[0].ID != secret.ID {
				t.Errorf("due at %v: %v", at, due)
			}
		}
		return nil
	})

	votes := []plenum.DecisionVote{
		{Decision: d.ID, Member: f.ms[1].ID, Choice: plenum.VoteNo, Cast: t0.Add(time.Hour)},
		{Decision: d.ID, Member: f.ms[0].ID, Choice: plenum.VoteYes, Cast: t0.Add(2 * time.Hour)},
		{Decision: secret.ID, Member: f.ms[0].ID, Cast: t0.Add(3 * time.Hour)},
	}
	update(t, s, func(tx plenum.Tx) error {
		for i := range votes {
			if err := tx.AddDecisionVote(ctx, &votes[i]); err != nil {
				return err
			}
		}
		return nil
	})
	err := s.Update(ctx, func(tx plenum.Tx) error {
		again := votes[0]
		again.Choice = plenum.VoteYes
		return tx.AddDecisionVote(ctx, &again)
	})
	wantKind(t, err, plenum.Conflict)

	d.Status, d.Yes, d.No, d.Closed = plenum.DecisionAdopted, 1, 1, t0.Add(day)
	d.Quorum = plenum.QuorumFigures{Seats: 5, Recused: 1, Eligible: 3, Percent: 5000, Needed: 2, Voted: 2, Met: true}
	update(t, s, func(tx plenum.Tx) error { return tx.UpdateDecision(ctx, d) })
	missing := *d
	missing.ID = 999
	wantKind(t, s.Update(ctx, func(tx plenum.Tx) error { return tx.UpdateDecision(ctx, &missing) }), plenum.NotFound)

	dissent := &plenum.Dissent{Decision: d.ID, Member: f.ms[1].ID, Text: "Too much.", Created: t0.Add(2 * day)}
	update(t, s, func(tx plenum.Tx) error { return tx.AddDissent(ctx, dissent) })
	wantKind(t, s.Update(ctx, func(tx plenum.Tx) error { return tx.AddDissent(ctx, dissent) }), plenum.Conflict)

	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Decision(ctx, d.ID)
		if err != nil {
			return err
		}
		if fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", *d) {
			t.Errorf("updated decision =\n%+v, want\n%+v", got, d)
		}
		due, err := tx.DueDecisions(ctx, t0.Add(30*day), 10)
		if err != nil || len(due) != 1 || due[0].ID != secret.ID {
			t.Errorf("due after closing: %v, %v", due, err)
		}
		dv, err := tx.DecisionVotes(ctx, d.ID)
		if err != nil {
			return err
		}
		if fmt.Sprint(dv) != fmt.Sprint(votes[:2]) {
			t.Errorf("votes = %v, want %v", dv, votes[:2])
		}
		// The secret vote is not on the member's roll call; newest first.
		mine, err := tx.MemberDecisionVotes(ctx, f.ms[0].ID, time.Time{}, 10)
		if err != nil || len(mine) != 1 || mine[0] != votes[1] {
			t.Errorf("member votes = %v, %v", mine, err)
		}
		if mine, err = tx.MemberDecisionVotes(ctx, f.ms[0].ID, votes[1].Cast, 10); err != nil || len(mine) != 0 {
			t.Errorf("member votes before the first: %v, %v", mine, err)
		}
		ds, err := tx.Dissents(ctx, d.ID)
		if err != nil {
			return err
		}
		dissent.Name = f.ms[1].Name
		if len(ds) != 1 || ds[0] != *dissent {
			t.Errorf("dissents = %+v", ds)
		}
		return nil
	})
	testBallotDecision(t, s, f, secret)
}

// testBallotDecision gives secret decision d a secret ballot: an election
// that decides it, named by the decision with its deadline moved; the
// clock no longer closes it.
func testBallotDecision(t *testing.T, s plenum.Store, f *electionFixture, d *plenum.Decision) {
	e := f.election(plenum.ElectionCampaign)
	e.Office, e.Method, e.Rules, e.Decision, e.Decides = 0, plenum.DecisionMethod, plenum.NominationRules{}, plenum.DecisionRef{}, d.ID
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateElection(ctx, e); err != nil {
			return err
		}
		d.Election, d.Deadline = e.ID, d.Deadline.Add(time.Hour)
		return tx.UpdateDecision(ctx, d)
	})
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Election(ctx, e.ID)
		if err != nil || got.Decides != d.ID || got.Office != 0 || !got.YesNo() {
			t.Errorf("the decision's election = %+v, %v", got, err)
		}
		gd, err := tx.Decision(ctx, d.ID)
		if err != nil || fmt.Sprintf("%+v", *gd) != fmt.Sprintf("%+v", *d) {
			t.Errorf("decision by ballot =\n%+v, want\n%+v (%v)", gd, d, err)
		}
		if due, err := tx.DueDecisions(ctx, t0.Add(30*day), 10); err != nil || len(due) != 0 {
			t.Errorf("a decision by ballot is due: %v, %v", due, err)
		}
		return nil
	})
}

func testActiveMembers(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "active")
	south := members(f.org.ID, f.south.ID, "South", 2)
	south[1].Memberships[0].Status = plenum.Lapsed
	update(t, s, func(tx plenum.Tx) error { return tx.CreateMembers(ctx, south) })
	view(t, s, func(tx plenum.Tx) error {
		for u, want := range map[plenum.UnitID]int{f.land.ID: 5, f.north.ID: 4, f.n1.ID: 4, f.n2.ID: 0, f.south.ID: 1} {
			n, err := tx.ActiveMembers(ctx, u)
			if err != nil {
				return err
			}
			if n != want {
				t.Errorf("active members of unit %d = %d, want %d", u, n, want)
			}
		}
		return nil
	})
}
