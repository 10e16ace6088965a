package storetest

import (
	"fmt"
	"testing"
	"time"

	"plenum"
)

func testPayHistory(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "pay")
	founding := &plenum.PayChange{Office: f.sec.ID, Allowances: []plenum.Allowance{}, Since: t0}
	raise := &plenum.PayChange{Office: f.sec.ID, Pay: &plenum.Pay{Minor: 130050, Currency: "EUR", Period: "month"},
		Allowances: []plenum.Allowance{{Name: "Travel", Pay: plenum.Pay{Minor: 4000, Currency: "EUR", Period: "month"}}},
		Since:      t0.Add(day), Decision: 7}
	update(t, s, func(tx plenum.Tx) error {
		for _, c := range []*plenum.PayChange{founding, raise} {
			if err := tx.AddPayChange(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, s, func(tx plenum.Tx) error {
		h, err := tx.PayHistory(ctx, f.sec.ID)
		if err != nil {
			return err
		}
		if len(h) != 2 || fmt.Sprint(*h[0]) != fmt.Sprint(*founding) || fmt.Sprint(*h[1].Pay) != fmt.Sprint(*raise.Pay) ||
			fmt.Sprint(h[1].Allowances) != fmt.Sprint(raise.Allowances) || h[1].Decision != 7 || !h[1].Since.Equal(raise.Since) {
			t.Errorf("pay history = %+v, %+v", h[0], h[1])
		}
		off, err := tx.Office(ctx, f.sec.ID)
		if err != nil || off.Pay == nil || *off.Pay != *raise.Pay {
			t.Errorf("current pay = %+v, %v", off, err)
		}
		return nil
	})
	err := s.Update(ctx, func(tx plenum.Tx) error {
		return tx.AddPayChange(ctx, &plenum.PayChange{Office: 999, Since: t0})
	})
	if err == nil {
		t.Error("a pay change of no office was stored")
	}
}

func testRecalls(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "recalls")
	term := &plenum.Term{Office: f.sec.ID, Holder: f.ms[0].ID, Start: t0, End: t0.AddDate(2, 0, 0)}
	r := &plenum.Recall{Org: f.org.ID, Office: f.sec.ID, Unit: f.land.ID, Holder: f.ms[0].ID, Electorate: f.land.ID,
		Opener: f.ms[1].ID, Reason: "Absent.", Eligible: 4, Needed: 1, Status: plenum.RecallOpen, Opened: t0, Deadline: t0.Add(30 * day)}
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateTerm(ctx, term); err != nil {
			return err
		}
		r.Term = term.ID
		if err := tx.CreateRecall(ctx, r); err != nil {
			return err
		}
		for i, m := range f.ms[1:] {
			if err := tx.AddSignature(ctx, &plenum.Signature{Recall: r.ID, Member: m.ID, Receipt: fmt.Sprint("r", i), Signed: t0}); err != nil {
				return err
			}
		}
		return nil
	})
	err := s.Update(ctx, func(tx plenum.Tx) error {
		return tx.AddSignature(ctx, &plenum.Signature{Recall: r.ID, Member: f.ms[1].ID, Receipt: "again", Signed: t0})
	})
	wantKind(t, err, plenum.Conflict)
	update(t, s, func(tx plenum.Tx) error {
		got, err := tx.RemoveSignature(ctx, r.ID, f.ms[2].ID)
		if err != nil || got.Receipt != "r1" {
			t.Errorf("removed %+v, %v", got, err)
		}
		_, err = tx.RemoveSignature(ctx, r.ID, f.ms[2].ID)
		wantKind(t, err, plenum.NotFound)
		return nil
	})
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Recall(ctx, r.ID)
		if err != nil {
			return err
		}
		r.Signatures = 2
		if fmt.Sprint(*got) != fmt.Sprint(*r) {
			t.Errorf("recall =\n%+v, want\n%+v", got, r)
		}
		sigs, err := tx.Signatures(ctx, r.ID, f.ms[1].ID, 10)
		if err != nil || len(sigs) != 1 || sigs[0].Member != f.ms[3].ID || !sigs[0].Signed.Equal(t0) {
			t.Errorf("signatures after the first = %+v, %v", sigs, err)
		}
		if s, err := tx.MemberSignature(ctx, r.ID, f.ms[1].ID); err != nil || s.Receipt != "r0" {
			t.Errorf("signature = %+v, %v", s, err)
		}
		_, err = tx.MemberSignature(ctx, r.ID, f.ms[0].ID)
		wantKind(t, err, plenum.NotFound)
		for name, list := range map[string]func() ([]*plenum.Recall, error){
			"term":   func() ([]*plenum.Recall, error) { return tx.TermRecalls(ctx, term.ID) },
			"holder": func() ([]*plenum.Recall, error) { return tx.HolderRecalls(ctx, f.ms[0].ID) },
			"unit":   func() ([]*plenum.Recall, error) { return tx.UnitRecalls(ctx, f.land.ID) },
		} {
			if got, err := list(); err != nil || len(got) != 1 || got[0].ID != r.ID {
				t.Errorf("%s recalls = %v, %v", name, got, err)
			}
		}
		for at, want := range map[int]int{29: 0, 30: 1} {
			got, err := tx.LapsingRecalls(ctx, t0.Add(day*time.Duration(at)), 10)
			if err != nil || len(got) != want {
				t.Errorf("lapsing at day %d: %v, %v", at, got, err)
			}
		}
		return nil
	})

	e := f.election(plenum.ElectionScheduled)
	e.Recalls, e.Rules = term.ID, plenum.NominationRules{}
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateElection(ctx, e); err != nil {
			return err
		}
		r.Status, r.Election, r.Rule = plenum.RecallFailed, e.ID, plenum.VoteRule{Majority: "two-thirds", Turnout: 3000}
		r.Yes, r.No, r.Closed, r.CoolingOff = 3, 2, t0.Add(day), t0.Add(100*day)
		return tx.UpdateRecall(ctx, r)
	})
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.ElectionRecall(ctx, e.ID)
		if err != nil || fmt.Sprint(*got) != fmt.Sprint(*r) {
			t.Errorf("recall of the vote =\n%+v, want\n%+v (%v)", got, r, err)
		}
		if got, err := tx.Election(ctx, e.ID); err != nil || got.Recalls != term.ID {
			t.Errorf("recall vote = %+v, %v", got, err)
		}
		if got, err := tx.LapsingRecalls(ctx, t0.AddDate(1, 0, 0), 10); err != nil || len(got) != 0 {
			t.Errorf("a closed petition lapses: %v, %v", got, err)
		}
		_, err = tx.ElectionRecall(ctx, 999)
		wantKind(t, err, plenum.NotFound)
		return nil
	})
	err = s.Update(ctx, func(tx plenum.Tx) error {
		missing := *r
		missing.ID = 999
		return tx.UpdateRecall(ctx, &missing)
	})
	wantKind(t, err, plenum.NotFound)
}

func testIncompatibilities(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "incompatibilities")
	a := &plenum.Term{Office: f.sec.ID, Holder: f.ms[0].ID, Start: t0, End: t0.AddDate(2, 0, 0)}
	b := &plenum.Term{Office: f.sec.ID, Holder: f.ms[0].ID, Start: t0.Add(day), End: t0.AddDate(2, 0, 0)}
	late := &plenum.Incompatibility{Org: f.org.ID, Member: f.ms[0].ID, Flagged: t0, Deadline: t0.Add(30 * day)}
	update(t, s, func(tx plenum.Tx) error {
		for _, tm := range []*plenum.Term{a, b} {
			if err := tx.CreateTerm(ctx, tm); err != nil {
				return err
			}
		}
		late.Held, late.Gained = a.ID, b.ID
		return tx.CreateIncompatibility(ctx, late)
	})
	err := s.Update(ctx, func(tx plenum.Tx) error {
		return tx.CreateIncompatibility(ctx, &plenum.Incompatibility{Org: f.org.ID, Member: f.ms[0].ID, Held: a.ID, Gained: b.ID,
			Flagged: t0, Deadline: t0})
	})
	wantKind(t, err, plenum.Conflict)
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.MemberIncompatibilities(ctx, f.ms[0].ID)
		if err != nil || len(got) != 1 || fmt.Sprint(*got[0]) != fmt.Sprint(*late) {
			t.Errorf("member's flags = %+v, %v", got, err)
		}
		open, err := tx.OpenIncompatibilities(ctx, 10)
		if err != nil || len(open) != 1 || open[0].ID != late.ID {
			t.Errorf("open flags = %+v, %v", open, err)
		}
		return nil
	})
	late.Resolved, late.Resolution = t0.Add(day), "resigned"
	update(t, s, func(tx plenum.Tx) error { return tx.ResolveIncompatibility(ctx, late) })
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.MemberIncompatibilities(ctx, f.ms[0].ID)
		if err != nil || len(got) != 1 || !got[0].Resolved.Equal(late.Resolved) || got[0].Resolution != "resigned" {
			t.Errorf("resolved flag = %+v, %v", got, err)
		}
		if open, err := tx.OpenIncompatibilities(ctx, 10); err != nil || len(open) != 0 {
			t.Errorf("open flags after resolving = %+v, %v", open, err)
		}
		return nil
	})
	err = s.Update(ctx, func(tx plenum.Tx) error {
		missing := *late
		missing.ID = 999
		return tx.ResolveIncompatibility(ctx, &missing)
	})
	wantKind(t, err, plenum.NotFound)
}
