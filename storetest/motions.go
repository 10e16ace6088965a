package storetest

import (
	"fmt"
	"testing"
	"time"

	"plenum"
)

func testMotions(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "motions")
	m := &plenum.Motion{Org: f.org.ID, Unit: f.land.ID, Body: f.council.ID, Kind: plenum.MotionPlain, Title: "Dues",
		Text: "Dues are 5 EUR.", Reason: "Costs.", Author: f.ms[0].ID, Phase: plenum.MotionDraft, Support: 1, Created: t0}
	draft := *m
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateMotion(ctx, m); err != nil {
			return err
		}
		return tx.CreateMotion(ctx, &draft)
	})
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Motion(ctx, m.ID)
		if err != nil || fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", *m) {
			t.Errorf("motion = %+v, %v; want %+v", got, err, m)
		}
		_, err = tx.Motion(ctx, 999)
		wantKind(t, err, plenum.NotFound)
		if l, err := tx.BodyMotions(ctx, f.council.ID, 10); err != nil || len(l) != 0 {
			t.Errorf("drafts listed: %v, %v", l, err)
		}
		return nil
	})
	// Submitted, then admitted: due at the end of support, then at the date to decide.
	m.Phase, m.Submitted, m.SupportUntil, m.Needed = plenum.MotionSupport, t0, t0.Add(10*day), 3
	update(t, s, func(tx plenum.Tx) error { return tx.UpdateMotion(ctx, m) })
	due := func(at time.Time, want int) {
		t.Helper()
		view(t, s, func(tx plenum.Tx) error {
			l, err := tx.DueMotions(ctx, at, 10)
			if err != nil || len(l) != want {
				t.Errorf("due at %v: %v, %v", at, l, err)
			}
			return nil
		})
	}
	due(t0.Add(9*day), 0)
	due(t0.Add(10*day), 1)
	m.Phase, m.Admitted, m.DecideBy, m.Original, m.Tabled = plenum.MotionAdmitted, t0.Add(day), t0.Add(20*day), m.Text, true
	update(t, s, func(tx plenum.Tx) error { return tx.UpdateMotion(ctx, m) })
	due(t0.Add(10*day), 0)
	due(t0.Add(20*day), 1)
	m.Flagged = true
	update(t, s, func(tx plenum.Tx) error { return tx.UpdateMotion(ctx, m) })
	due(t0.Add(30*day), 0)
	missing := *m
	missing.ID = 999
	wantKind(t, s.Update(ctx, func(tx plenum.Tx) error { return tx.UpdateMotion(ctx, &missing) }), plenum.NotFound)

	sup := []*plenum.Supporter{{Motion: m.ID, Member: f.ms[0].ID, Sponsor: true, At: t0}, {Motion: m.ID, Member: f.ms[1].ID, At: t0.Add(day)}}
	update(t, s, func(tx plenum.Tx) error {
		for _, x := range sup {
			if err := tx.AddSupporter(ctx, x); err != nil {
				return err
			}
		}
		return nil
	})
	wantKind(t, s.Update(ctx, func(tx plenum.Tx) error { return tx.AddSupporter(ctx, sup[1]) }), plenum.Conflict)

	c := &plenum.Comment{Motion: m.ID, Author: f.ms[1].ID, Text: "Too much.", Created: t0.Add(day)}
	reply := &plenum.Comment{Motion: m.ID, Author: f.ms[0].ID, Quote: "much", Text: "No.", Created: t0.Add(2 * day)}
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateComment(ctx, c); err != nil {
			return err
		}
		reply.Parent = c.ID
		if err := tx.CreateComment(ctx, reply); err != nil {
			return err
		}
		c.Text, c.Edited = "Too much, I think.", t0.Add(3*day)
		return tx.UpdateComment(ctx, c, "Too much.")
	})
	am := &plenum.Amendment{Motion: m.ID, Author: f.ms[2].ID, Passage: "5 EUR", Replacement: "4 EUR", Reason: "Less.",
		Status: plenum.AmendmentProposed, Created: t0.Add(day)}
	update(t, s, func(tx plenum.Tx) error {
		if err := tx.CreateAmendment(ctx, am); err != nil {
			return err
		}
		am.Status = plenum.AmendmentRejected
		return tx.UpdateAmendment(ctx, am)
	})
	view(t, s, func(tx plenum.Tx) error {
		got, err := tx.Motion(ctx, m.ID)
		if err != nil || fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", *m) {
			t.Errorf("updated motion = %+v, %v; want %+v", got, err, m)
		}
		if l, err := tx.BodyMotions(ctx, f.council.ID, 10); err != nil || len(l) != 1 || l[0].ID != m.ID {
			t.Errorf("body motions: %v, %v", l, err)
		}
		if l, err := tx.MemberMotions(ctx, f.ms[0].ID, 10); err != nil || len(l) != 2 || l[0].ID != draft.ID {
			t.Errorf("member motions: %v, %v", l, err)
		}
		ss, err := tx.Supporters(ctx, m.ID)
		if err != nil || len(ss) != 2 || !ss[0].Sponsor || ss[1].Name != f.ms[1].Name || !ss[1].At.Equal(t0.Add(day)) {
			t.Errorf("supporters = %+v, %v", ss, err)
		}
		cs, err := tx.Comments(ctx, m.ID)
		if err != nil {
			return err
		}
		c.Name, reply.Name = f.ms[1].Name, f.ms[0].Name
		c.Versions = []plenum.CommentVersion{{Text: "Too much.", Until: t0.Add(3 * day)}}
		if fmt.Sprintf("%+v %+v", *cs[0], *cs[1]) != fmt.Sprintf("%+v %+v", *c, *reply) {
			t.Errorf("comments =\n%+v\n%+v, want\n%+v\n%+v", cs[0], cs[1], c, reply)
		}
		one, err := tx.Comment(ctx, c.ID)
		if err != nil || len(one.Versions) != 1 {
			t.Errorf("comment = %+v, %v", one, err)
		}
		_, err = tx.Comment(ctx, 999)
		wantKind(t, err, plenum.NotFound)
		ams, err := tx.Amendments(ctx, m.ID)
		if err != nil || len(ams) != 1 || *ams[0] != *am {
			t.Errorf("amendments = %+v, %v", ams, err)
		}
		got1, err := tx.Amendment(ctx, am.ID)
		if err != nil || *got1 != *am {
			t.Errorf("amendment = %+v, %v", got1, err)
		}
		return nil
	})
}

func testConstitutionVersions(t *testing.T, s plenum.Store) {
	f := newElectionFixture(t, s, "versions")
	d := f.decision("New rules")
	update(t, s, func(tx plenum.Tx) error { return tx.CreateDecision(ctx, d) })
	v := &plenum.ConstitutionVersion{Org: f.org.ID, Version: 2, Source: "name: y\n", Previous: "name: x\n", Decision: d.ID, Adopted: t0}
	update(t, s, func(tx plenum.Tx) error { return tx.AddConstitutionVersion(ctx, v) })
	wantKind(t, s.Update(ctx, func(tx plenum.Tx) error { return tx.AddConstitutionVersion(ctx, v) }), plenum.Conflict)
	view(t, s, func(tx plenum.Tx) error {
		vs, err := tx.ConstitutionVersions(ctx, f.org.ID)
		if err != nil || len(vs) != 1 || *vs[0] != *v {
			t.Errorf("versions = %+v, %v", vs, err)
		}
		o, err := tx.Org(ctx, f.org.ID)
		if err != nil || o.Constitution != "name: y\n" {
			t.Errorf("constitution in force = %q, %v", o.Constitution, err)
		}
		return nil
	})
}
