package storetest

import (
	"fmt"
	"testing"
	"time"

	"plenum"
)

func testReferendums(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "referendums")
	m := &plenum.Motion{Org: f.org.ID, Unit: f.land.ID, Body: f.council.ID, Kind: plenum.MotionPlain, Title: "Dues",
		Text: "Dues are 5 EUR.", Author: f.ms[0].ID, Phase: plenum.MotionAdmitted, Support: 1, Created: t0}
	demand := &plenum.Referendum{Org: f.org.ID, Unit: f.land.ID, Body: f.council.ID, Via: plenum.ViaDemand, Opener: f.ms[0].ID,
		Eligible: 4, Needed: 2, Status: plenum.ReferendumDemand, Opened: t0, Deadline: t0.Add(30 * day)}
	// A referral has no deadline and no signatures; its election no office.
	referral := &plenum.Referendum{Org: f.org.ID, Unit: f.land.ID, Body: f.council.ID, Via: plenum.ViaReferral,
		Status: plenum.ReferendumVoting, Opened: t0.Add(day), Rule: plenum.VoteRule{Majority: "two-thirds", Turnout: 2500}}
	e := f.election(plenum.ElectionScheduled)
	e.Office, e.Method, e.Rules, e.Decision = 0, plenum.YesNoMethod, plenum.NominationRules{}, plenum.DecisionRef{}
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateMotion(ctx, m); err != nil {
			return err
		}
		d := f.decision("Refer")
		if err := tx.CreateDecision(ctx, d); err != nil {
			return err
		}
		e.Motion, referral.Referral = m.ID, d.ID
		if err := tx.CreateElection(ctx, e); err != nil {
			return err
		}
		demand.Motion, referral.Motion, referral.Election = m.ID, m.ID, e.ID
		if err := tx.CreateReferendum(ctx, demand); err != nil {
			return err
		}
		return tx.CreateReferendum(ctx, referral)
	})
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Election(ctx, e.ID)
		if err != nil || got.Office != 0 || got.Motion != m.ID || !got.YesNo() {
			t.Errorf("referendum election = %+v, %v", got, err)
		}
		for _, want := range []*plenum.Referendum{demand, referral} {
			if got, err := tx.Referendum(ctx, want.ID); err != nil || fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", *want) {
				t.Errorf("referendum = %+v, %v; want %+v", got, err, want)
			}
		}
		_, err = tx.Referendum(ctx, 999)
		wantKind(t, err, plenum.NotFound)
		if l, err := tx.MotionReferendums(ctx, m.ID); err != nil || len(l) != 2 || l[0].ID != referral.ID {
			t.Errorf("motion's referendums = %v, %v", l, err)
		}
		if got, err := tx.ElectionReferendum(ctx, e.ID); err != nil || got.ID != referral.ID {
			t.Errorf("election's referendum = %+v, %v", got, err)
		}
		_, err = tx.ElectionReferendum(ctx, 999)
		wantKind(t, err, plenum.NotFound)
		return nil
	})

	// Signatures: one each, counted.
	update(t, s, func(tx plenum.Tx) error { return tx.SignDemand(ctx, demand.ID, f.ms[1].ID, t0) })
	wantKind(t, s.Update(ctx, func(tx plenum.Tx) error { return tx.SignDemand(ctx, demand.ID, f.ms[1].ID, t0) }), plenum.Conflict)
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Referendum(ctx, demand.ID)
		if err != nil || got.Signatures != 1 {
			t.Errorf("signatures = %+v, %v", got, err)
		}
		for i, want := range []time.Time{{}, t0, {}} {
			if at, err := tx.DemandSigned(ctx, demand.ID, f.ms[i].ID); err != nil || !at.Equal(want) {
				t.Errorf("member %d signed: %v, %v; want %v", i, at, err, want)
			}
		}
		return nil
	})

	// Demands lapse at their deadline; a referendum called no longer does.
	lapsing := func(want int) {
		t.Helper()
		view(t, s, func(tx plenum.Tx) error {
			l, err := tx.LapsingDemands(ctx, t0.Add(30*day), 10)
			if err != nil || len(l) != want {
				t.Errorf("lapsing: %v, %v; want %d", l, err, want)
			}
			return nil
		})
	}
	lapsing(1)
	demand.Status, demand.Closed, demand.Yes, demand.No, demand.Voters = plenum.ReferendumAdopted, t0.Add(40*day), 30, 10, 90
	demand.Election, demand.Rule = e.ID, plenum.VoteRule{Majority: "majority", Turnout: 2000}
	referral.Election = 0
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.UpdateReferendum(ctx, referral); err != nil {
			return err
		}
		return tx.UpdateReferendum(ctx, demand)
	})
	lapsing(0)
	view(t, s, func(tx plenum.Tx) error {
		demand.Signatures = 1
		if got, err := tx.Referendum(ctx, demand.ID); err != nil || fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", *demand) {
			t.Errorf("updated = %+v, %v; want %+v", got, err, demand)
		}
		return nil
	})
	missing := *demand
	missing.ID = 999
	wantKind(t, s.Update(ctx, func(tx plenum.Tx) error { return tx.UpdateReferendum(ctx, &missing) }), plenum.NotFound)

	// A constitution version a referendum adopted has no decision.
	v := &plenum.ConstitutionVersion{Org: f.org.ID, Version: 2, Source: "name: y\n", Previous: "name: x\n", Referendum: demand.ID, Adopted: t0}
	update(t, s, func(tx plenum.Tx) error { return tx.AddConstitutionVersion(ctx, v) })
	view(t, s, func(tx plenum.Tx) error {
		if vs, err := tx.ConstitutionVersions(ctx, f.org.ID); err != nil || len(vs) != 1 || *vs[0] != *v {
			t.Errorf("versions = %+v, %v", vs, err)
		}
		return nil
	})
}
