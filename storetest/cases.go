package storetest

import (
	"bytes"
	"crypto/sha256"
	"reflect"
	"testing"

	"plenum"
)

func testCases(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "cases")
	south := members(f.org.ID, f.south.ID, "Southerner", 1)
	update(t, s, func(tx plenum.Tx) error { return tx.CreateMembers(ctx, south) })
	verdict := &plenum.Verdict{Step: plenum.StepVerdict, Decision: 4, Outcome: plenum.Proven, Sanction: "Suspension",
		Months: 3, Reasons: "Proven.", Recused: []plenum.MemberID{f.ms[3].ID}, At: t0.Add(20 * day)}
	c := &plenum.Case{Org: f.org.ID, Unit: f.land.ID, Body: f.council.ID, Accused: f.ms[0].ID, MemberUnit: f.n1.ID,
		Accusers: []plenum.MemberID{f.ms[1].ID}, Provisions: []string{"Rule 1", "Rule 2"}, Charges: "Took the funds.",
		Status: plenum.CaseFiled, Opened: t0}
	other := &plenum.Case{Org: f.org.ID, Unit: f.land.ID, Body: f.council.ID, AppealBody: f.council.ID, Accused: south[0].ID,
		MemberUnit: f.south.ID, Accusers: []plenum.MemberID{f.ms[1].ID}, Provisions: []string{"Rule 3"}, Charges: "x",
		Status: plenum.CaseFiled, Opened: t0}
	update(t, s, func(tx plenum.Tx) error {
		for _, cs := range []*plenum.Case{c, other} {
			if err := tx.CreateCase(ctx, cs); err != nil {
				return err
			}
		}
		if err := tx.AddAccuser(ctx, c.ID, f.ms[2].ID); err != nil {
			return err
		}
		c.Accusers = append(c.Accusers, f.ms[2].ID)
		c.Status, c.Verdict, c.Reply, c.Replied, c.Assistant = plenum.CaseDecided, verdict, "Not so.", t0.Add(3*day), f.ms[3].ID
		c.AppealDue, c.Due = t0.Add(50*day), t0.Add(50*day)
		c.Proposals = []*plenum.Verdict{verdict}
		c.Admission = &plenum.Verdict{Step: plenum.StepAdmission, Outcome: plenum.Admitted, Reasons: "Fine.", At: t0.Add(day)}
		return tx.UpdateCase(ctx, c)
	})
	wantKind(t, s.Update(ctx, func(tx plenum.Tx) error { return tx.AddAccuser(ctx, c.ID, f.ms[2].ID) }), plenum.Conflict)
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Case(ctx, c.ID)
		if err != nil || !reflect.DeepEqual(got, c) {
			t.Errorf("case =\n%+v, %v\nwant\n%+v", got, err, c)
		}
		_, err = tx.Case(ctx, 999)
		wantKind(t, err, plenum.NotFound)
		if due, err := tx.DueCases(ctx, t0.Add(49*day), 10); err != nil || len(due) != 0 {
			t.Errorf("due too early: %v, %v", due, err)
		}
		if due, err := tx.DueCases(ctx, t0.Add(50*day), 10); err != nil || len(due) != 1 || due[0].ID != c.ID || len(due[0].Accusers) != 2 {
			t.Errorf("due cases = %+v, %v", due, err)
		}
		if got, err := tx.UnitCases(ctx, f.north.ID, 0, 10); err != nil || len(got) != 1 || got[0].ID != c.ID {
			t.Errorf("cases of North = %+v, %v", got, err)
		}
		if got, err := tx.UnitCases(ctx, f.land.ID, 0, 1); err != nil || len(got) != 1 || got[0].ID != other.ID {
			t.Errorf("first page of Land = %+v, %v", got, err)
		}
		if got, err := tx.UnitCases(ctx, f.land.ID, other.ID, 10); err != nil || len(got) != 1 || got[0].ID != c.ID {
			t.Errorf("second page of Land = %+v, %v", got, err)
		}
		if got, err := tx.AccuserCases(ctx, f.ms[2].ID, 0, 10); err != nil || len(got) != 1 || got[0].ID != c.ID {
			t.Errorf("cases Voter 2 brought = %+v, %v", got, err)
		}
		if got, err := tx.AccuserCases(ctx, f.ms[1].ID, 0, 10); err != nil || len(got) != 2 {
			t.Errorf("cases Voter 1 brought = %+v, %v", got, err)
		}
		if st, err := tx.UnitCaseStats(ctx, f.land.ID); err != nil || st != (plenum.CaseStats{Opened: 2, Proven: 1}) {
			t.Errorf("stats of Land = %+v, %v", st, err)
		}
		return nil
	})
	update(t, s, func(tx plenum.Tx) error {
		other.Status, other.Appeal, other.Verdict = plenum.CaseClosed, &plenum.Verdict{Step: plenum.StepAppeal, Outcome: plenum.NotProven}, verdict
		return tx.UpdateCase(ctx, other)
	})
	view(t, s, func(tx plenum.Tx) error {
		if st, err := tx.UnitCaseStats(ctx, f.land.ID); err != nil || st != (plenum.CaseStats{Opened: 2, Proven: 1, NotProven: 1, Overturned: 1}) {
			t.Errorf("stats after the appeal = %+v, %v", st, err)
		}
		if st, err := tx.UnitCaseStats(ctx, f.n2.ID); err != nil || st != (plenum.CaseStats{}) {
			t.Errorf("stats of N2 = %+v, %v", st, err)
		}
		return nil
	})

	data := []byte("%PDF-1.4 evidence")
	sum := sha256.Sum256(data)
	e := &plenum.Evidence{Case: c.ID, By: f.ms[1].ID, Name: "bank.pdf", Type: "application/pdf", Size: int64(len(data)),
		SHA256: sum[:], Added: t0, Data: data}
	update(t, s, func(tx plenum.Tx) error { return tx.AddEvidence(ctx, e) })
	view(t, s, func(tx plenum.Tx) error {
		list, err := tx.CaseEvidence(ctx, c.ID)
		if err != nil || len(list) != 1 || list[0].Data != nil || !bytes.Equal(list[0].SHA256, sum[:]) || list[0].Name != "bank.pdf" {
			t.Errorf("evidence list = %+v, %v", list, err)
		}
		got, err := tx.EvidenceFile(ctx, c.ID, e.ID)
		if err != nil || !reflect.DeepEqual(got, e) {
			t.Errorf("evidence = %+v, %v", got, err)
		}
		_, err = tx.EvidenceFile(ctx, other.ID, e.ID)
		wantKind(t, err, plenum.NotFound)
		return nil
	})

	update(t, s, func(tx plenum.Tx) error {
		return tx.SetMemberStatus(ctx, f.ms[0].ID, plenum.Suspended, t0.Add(60*day))
	})
	view(t, s, func(tx plenum.Tx) error {
		m, err := tx.Member(ctx, f.ms[0].ID)
		if err != nil || m.Memberships[0].Status != plenum.Suspended || !m.Memberships[0].Since.Equal(t0.Add(60*day)) {
			t.Errorf("memberships = %+v, %v", m.Memberships, err)
		}
		return nil
	})
	err := s.Update(ctx, func(tx plenum.Tx) error { return tx.SetMemberStatus(ctx, 999, plenum.Suspended, t0) })
	wantKind(t, err, plenum.NotFound)
}
