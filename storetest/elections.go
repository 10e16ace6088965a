package storetest

import (
	"fmt"
	"testing"
	"time"

	"plenum"
)

const day = 24 * time.Hour

// electionFixture is a tree with a Secretary office, a Council body and
// four members of N1.
type electionFixture struct {
	*tree
	sec     *plenum.Office
	council *plenum.Body
	ms      []*plenum.Member
}

func newElectionFixture(t *testing.T, s plenum.Store, slug string) *electionFixture {
	t.Helper()
	f := &electionFixture{tree: newTree(t, s, slug)}
	f.council = &plenum.Body{Unit: f.land.ID, Name: "Council", Seats: 5, Method: "stv-meek", TermMonths: 24}
	f.sec = &plenum.Office{Unit: f.land.ID, Name: "Secretary", Seats: 1, Method: "irv", TermMonths: 24}
	f.ms = members(f.org.ID, f.n1.ID, "Voter", 4)
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateBody(ctx, f.council); err != nil {
			return err
		}
		if err := tx.CreateOffice(ctx, f.sec); err != nil {
			return err
		}
		return tx.CreateMembers(ctx, f.ms)
	})
	return f
}

func (f *electionFixture) election(status plenum.ElectionStatus) *plenum.Election {
	return &plenum.Election{Org: f.org.ID, Office: f.sec.ID, Unit: f.land.ID, Electorate: f.land.ID, Seats: 1, Method: "irv",
		Status: status, Created: t0, Decision: plenum.DecisionRef{Body: f.council.ID, Ref: "R-1"},
		Timeline: plenum.Timeline{NominationsOpen: t0.Add(day), NominationsClose: t0.Add(15 * day),
			VotingOpen: t0.Add(22 * day), VotingClose: t0.Add(29 * day), ChallengeDays: 7},
		Rules: plenum.NominationRules{MinCandidates: 2, ExtensionDays: 7, Seconders: 1}}
}

func testElections(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "elections")
	e := f.election(plenum.ElectionScheduled)
	by := f.election(plenum.ElectionScheduled)
	by.Decision, by.ByElection, by.TermEnd, by.Revote = plenum.DecisionRef{}, true, t0.AddDate(1, 0, 0), true
	update(t, s, func(tx plenum.Tx) error {
		term := &plenum.Term{Office: f.sec.ID, Holder: f.ms[0].ID, Start: t0.AddDate(-1, 0, 0), End: t0.AddDate(1, 0, 0)}
		if err := tx.CreateTerm(ctx, term); err != nil {
			return err
		}
		by.Vacated = term.ID
		for _, el := range []*plenum.Election{e, by} {
			if err := tx.CreateElection(ctx, el); err != nil {
				return err
			}
		}
		return tx.UpdateElection(ctx, e, e.Timeline.NominationsOpen)
	})
	view(t, s, func(tx plenum.Tx) error {
		for _, want := range []*plenum.Election{e, by} {
			got, err := tx.Election(ctx, want.ID)
			if err != nil {
				return err
			}
			if fmt.Sprint(*got) != fmt.Sprint(*want) {
				t.Errorf("election =\n%+v, want\n%+v", got, want)
			}
		}
		_, err := tx.Election(ctx, 999)
		wantKind(t, err, plenum.NotFound)
		list, err := tx.Elections(ctx, f.land.ID)
		if err != nil {
			return err
		}
		if len(list) != 2 || list[0].ID != by.ID {
			t.Errorf("elections of Land = %v", list)
		}
		if list, err = tx.OfficeElections(ctx, f.sec.ID); err != nil || len(list) != 2 {
			t.Errorf("office elections: %d, %v", len(list), err)
		}
		// Only e has a due date; by waits (due NULL).
		for at, want := range map[time.Time]int{t0: 0, t0.Add(day): 1} {
			due, err := tx.DueElections(ctx, at, 10)
			if err != nil {
				return err
			}
			if len(due) != want || want == 1 && due[0].ID != e.ID {
				t.Errorf("due at %v: %v", at, due)
			}
		}
		return nil
	})

	e.Status, e.Extensions, e.Hold, e.Certified = plenum.ElectionNominations, 1, "held for a reason", t0.Add(3*day)
	e.HoldPhrase = plenum.Phrase{Key: "hold.reason", Args: []any{"Ana Ruiz (2)", int64(2), t0.Add(day)}}
	e.Timeline.NominationsClose = e.Timeline.NominationsClose.Add(7 * day)
	update(t, s, func(tx plenum.Tx) error { return tx.UpdateElection(ctx, e, time.Time{}) })
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Election(ctx, e.ID)
		if err != nil {
			return err
		}
		if fmt.Sprint(*got) != fmt.Sprint(*e) {
			t.Errorf("updated election = %+v", got)
		}
		due, err := tx.DueElections(ctx, t0.AddDate(1, 0, 0), 10)
		if err != nil || len(due) != 0 {
			t.Errorf("due after clearing: %v, %v", due, err)
		}
		// By status, by ID, from after.
		for _, tc := range []struct {
			s     plenum.ElectionStatus
			after plenum.ElectionID
			limit int
			want  []plenum.ElectionID
		}{
			{plenum.ElectionNominations, 0, 10, []plenum.ElectionID{e.ID}},
			{plenum.ElectionScheduled, 0, 10, []plenum.ElectionID{by.ID}},
			{plenum.ElectionScheduled, by.ID, 10, nil},
			{plenum.ElectionVoting, 0, 10, nil},
		} {
			list, err := tx.ElectionsIn(ctx, tc.s, tc.after, tc.limit)
			var got []plenum.ElectionID
			for _, el := range list {
				got = append(got, el.ID)
			}
			if err != nil || fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("elections in %s after %d: %v, %v; want %v", tc.s, tc.after, got, err, tc.want)
			}
		}
		return nil
	})
	// The phrase goes with the hold it says.
	e.Hold = ""
	update(t, s, func(tx plenum.Tx) error { return tx.UpdateElection(ctx, e, time.Time{}) })
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Election(ctx, e.ID)
		if err == nil && (got.Hold != "" || got.HoldPhrase.Key != "" || got.HoldPhrase.Args != nil) {
			t.Errorf("a hold cleared: %q, %+v", got.Hold, got.HoldPhrase)
		}
		return err
	})
	err := s.Update(ctx, func(tx plenum.Tx) error {
		missing := *e
		missing.ID = 999
		return tx.UpdateElection(ctx, &missing, time.Time{})
	})
	wantKind(t, err, plenum.NotFound)
}

func testNominations(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "nominations")
	e := f.election(plenum.ElectionNominations)
	n := &plenum.Nomination{Nominee: f.ms[0].ID, Nominator: f.ms[1].ID, Status: plenum.NominationPending, Created: t0}
	self := &plenum.Nomination{Nominee: f.ms[1].ID, Nominator: f.ms[1].ID, Status: plenum.NominationAccepted, Created: t0, Decided: t0}
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateElection(ctx, e); err != nil {
			return err
		}
		for _, nom := range []*plenum.Nomination{n, self} {
			nom.Election = e.ID
			if err := tx.CreateNomination(ctx, nom); err != nil {
				return err
			}
		}
		if err := tx.AddSeconder(ctx, n.ID, f.ms[3].ID, t0.Add(time.Hour)); err != nil {
			return err
		}
		return tx.AddSeconder(ctx, n.ID, f.ms[2].ID, t0.Add(2*time.Hour))
	})
	err := s.Update(ctx, func(tx plenum.Tx) error {
		return tx.CreateNomination(ctx, &plenum.Nomination{Election: e.ID, Nominee: f.ms[0].ID, Nominator: f.ms[2].ID,
			Status: plenum.NominationPending, Created: t0})
	})
	wantKind(t, err, plenum.Conflict)
	err = s.Update(ctx, func(tx plenum.Tx) error { return tx.AddSeconder(ctx, n.ID, f.ms[3].ID, t0) })
	wantKind(t, err, plenum.Conflict)

	n.Status, n.Statement, n.Decided = plenum.NominationAccepted, "Fair rents.", t0.Add(day)
	update(t, s, func(tx plenum.Tx) error { return tx.UpdateNomination(ctx, n) })
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Nomination(ctx, n.ID)
		if err != nil {
			return err
		}
		// Seconders come in the order they seconded.
		n.Seconders = []plenum.MemberID{f.ms[3].ID, f.ms[2].ID}
		if fmt.Sprint(*got) != fmt.Sprint(*n) {
			t.Errorf("nomination =\n%+v, want\n%+v", got, n)
		}
		all, err := tx.Nominations(ctx, e.ID)
		if err != nil {
			return err
		}
		if len(all) != 2 || all[0].ID != n.ID || len(all[0].Seconders) != 2 || len(all[1].Seconders) != 0 {
			t.Errorf("nominations = %+v", all)
		}
		mine, err := tx.MemberNominations(ctx, f.ms[1].ID)
		if err != nil || len(mine) != 1 || mine[0].ID != self.ID || !mine[0].Decided.Equal(t0) {
			t.Errorf("member nominations = %+v, %v", mine, err)
		}
		_, err = tx.Nomination(ctx, 999)
		wantKind(t, err, plenum.NotFound)
		return nil
	})
}

func testTermEnds(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "term-ends")
	soon := &plenum.Term{Office: f.sec.ID, Holder: f.ms[0].ID, Start: t0.AddDate(-2, 0, 0), End: t0.Add(30 * day)}
	later := &plenum.Term{Office: f.sec.ID, Holder: f.ms[1].ID, Start: t0, End: t0.AddDate(2, 0, 0)}
	update(t, s, func(tx plenum.Tx) error {
		for _, tm := range []*plenum.Term{soon, later} {
			if err := tx.CreateTerm(ctx, tm); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.TermsEnding(ctx, t0, t0.Add(60*day))
		if err != nil || len(got) != 1 || got[0].ID != soon.ID {
			t.Errorf("terms ending = %+v, %v", got, err)
		}
		return nil
	})
	update(t, s, func(tx plenum.Tx) error { return tx.EndTerm(ctx, soon.ID, t0.Add(day), plenum.Resigned) })
	err := s.Update(ctx, func(tx plenum.Tx) error { return tx.EndTerm(ctx, soon.ID, t0.Add(2*day), plenum.Resigned) })
	wantKind(t, err, plenum.Conflict)
	err = s.Update(ctx, func(tx plenum.Tx) error { return tx.EndTerm(ctx, 999, t0, plenum.Resigned) })
	wantKind(t, err, plenum.NotFound)
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Term(ctx, soon.ID)
		if err != nil || got.Reason != plenum.Resigned || !got.Ended.Equal(t0.Add(day)) {
			t.Errorf("ended term = %+v, %v", got, err)
		}
		if ending, err := tx.TermsEnding(ctx, t0, t0.Add(60*day)); err != nil || len(ending) != 0 {
			t.Errorf("an ended term is still ending: %+v, %v", ending, err)
		}
		return nil
	})
}
