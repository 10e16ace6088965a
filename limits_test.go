package plenum_test

import (
	"testing"
	"time"

	"plenum"
)

// TestIncompatibleOffices: Grace and Samir, Branch secretaries, come to
// hold seats of the Control commission, which the constitution says may not
// be held with a Branch secretary's office (as when a result is certified
// after they took another office). They are flagged, told, and given 30
// days to resign one. Grace resigns her seat; Samir does not, and at the
// deadline his term on the commission, gained last, ends and its
// by-election starts.
func TestIncompatibleOffices(t *testing.T) {
	r := newRTU(t, 0)
	commission := r.office(t, r.root, "Control commission")
	for _, first := range []string{"grace", "samir"} {
		if _, err := r.app.GainTerm(ctx, commission.ID, r.member(t, first), r.clock.t.AddDate(2, 0, 0)); err != nil {
			t.Fatal(err)
		}
	}
	if got := recorded(t, r.app)["office.incompatibility_flagged"]; got != 2 {
		t.Fatalf("%d flagged, want Grace and Samir", got)
	}
	rec, err := r.app.Representative(ctx, plenum.Visitor(), r.member(t, "grace"), time.Time{})
	if err != nil || len(rec.Incompatible) != 1 {
		t.Fatalf("Grace's record: %+v, %v", rec, err)
	}
	f := rec.Incompatible[0]
	if !f.Deadline.Equal(r.clock.t.Add(30*day)) || rec.Offices[termOf(t, rec, f.Gained).Office].Name != "Control commission" ||
		rec.Offices[termOf(t, rec, f.Held).Office].Name != "Branch secretary" {
		t.Errorf("flag: %+v", f)
	}
	notices, err := r.app.Notifications(ctx, r.v["samir"], 0, 50)
	if err != nil || len(notices.Notices) == 0 || notices.Notices[0].Subject != "recall.notice.incompatible_subject" || !notices.Notices[0].Required {
		t.Errorf("Samir's notice: %+v, %v", notices, err)
	}

	// Grace resigns her seat; nothing happens before the deadline.
	if _, err := r.app.Resign(ctx, r.v["grace"], f.Gained, plenum.DefaultCalendar); err != nil {
		t.Fatal(err)
	}
	if n, err := r.app.EnforceIncompatibilities(ctx, plenum.DefaultCalendar); err != nil || n != 1 {
		t.Fatalf("settle Grace's: %d, %v", n, err)
	}
	r.clock.t = f.Deadline.Add(-time.Second)
	if n, err := r.app.EnforceIncompatibilities(ctx, plenum.DefaultCalendar); err != nil || n != 0 {
		t.Fatalf("before the deadline: %d, %v", n, err)
	}
	r.clock.t = f.Deadline
	if n, err := r.app.EnforceIncompatibilities(ctx, plenum.DefaultCalendar); err != nil || n != 1 {
		t.Fatalf("at the deadline: %d, %v", n, err)
	}
	samir, err := r.app.Representative(ctx, plenum.Visitor(), r.member(t, "samir"), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var ended *plenum.Term
	for _, tm := range samir.Terms {
		if tm.Reason == plenum.Incompatible {
			ended = tm
		}
	}
	if ended == nil || samir.Offices[ended.Office].Name != "Control commission" || len(samir.Incompatible) != 0 {
		t.Fatalf("Samir's terms: %+v", samir.Terms)
	}
	var by *plenum.Election
	err = r.app.Store.View(ctx, func(tx plenum.Tx) error {
		es, err := tx.OfficeElections(ctx, ended.Office)
		if len(es) > 0 {
			by = es[0]
		}
		return err
	})
	// Grace's resignation vacated a seat first: Samir's is the newer by-election.
	if err != nil || by == nil || !by.ByElection || by.Vacated != ended.ID {
		t.Fatalf("by-election: %+v, %v", by, err)
	}
	got := recorded(t, r.app)
	if got["office.incompatibility_resolved"] != 2 || got["term.ended"] != 2 {
		t.Errorf("record: %v", got)
	}
}

func termOf(t *testing.T, rec *plenum.RepresentativeRecord, id plenum.TermID) *plenum.Term {
	t.Helper()
	for _, tm := range rec.Terms {
		if tm.ID == id {
			return tm
		}
	}
	t.Fatalf("no term %d", id)
	return nil
}
