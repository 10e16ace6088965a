package plenum_test

import (
	"strings"
	"testing"
	"time"

	"plenum"
)

func TestEligibility(t *testing.T) {
	r := newRTU(t, 0)
	sec := r.open(t, r.root, "Secretary")
	treas := r.open(t, r.root, "Treasurer")
	branch := r.open(t, r.north, "Branch secretary")

	// Ana has held Secretary since the founding; give her the term before it.
	secOffice := r.office(t, r.root, "Secretary")
	founded := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	addTerm(t, r.app, secOffice.ID, r.member(t, "ana"), founded.Add(-730*day), founded)
	// Tomas held Treasurer once, long ago: not consecutive with his term now.
	addTerm(t, r.app, r.office(t, r.root, "Treasurer").ID, r.member(t, "tomas"), founded.Add(-1000*day), founded.Add(-300*day))

	_, err := r.app.Nominate(ctx, r.v["grace"], sec.ID, r.member(t, "ana"))
	wantErr(t, err, plenum.Invalid, "nominee: Ana Ribeiro has held Secretary for 2 consecutive terms, the limit the constitution sets")
	r.nominate(t, "tomas", "tomas", treas) // one earlier term, then a break: eligible

	_, err = r.app.Nominate(ctx, r.v["grace"], sec.ID, r.member(t, "tomas"))
	wantErr(t, err, plenum.Invalid, "Tomas Novak holds Treasurer, which may not be held together with Secretary (rule R9)")

	r.nominate(t, "rahul", "rahul", treas)
	_, err = r.app.Nominate(ctx, r.v["grace"], sec.ID, r.member(t, "rahul"))
	wantErr(t, err, plenum.Invalid, "Rahul Mehta stands for Treasurer, which may not be held together with Secretary (rule R9)")
	if _, err := r.app.Withdraw(ctx, r.v["rahul"], r.nominationOf(t, treas, "rahul").ID); err != nil {
		t.Fatal(err)
	}
	r.nominate(t, "grace", "rahul", sec) // no longer standing for Treasurer

	// Samir is a member of the South branch, not of the North branch's electorate.
	_, err = r.app.Nominate(ctx, r.v["kofi"], branch.ID, r.member(t, "samir"))
	wantErr(t, err, plenum.Invalid, "Samir Haddad is not an active member of the electorate of this election")
	_, err = r.app.Nominate(ctx, r.v["samir"], branch.ID, r.member(t, "kofi"))
	wantErr(t, err, plenum.Forbidden, "only members of the electorate may nominate")

	// Olga accepts a Treasurer candidacy while nominated for Secretary:
	// accepting the Secretary nomination is then refused.
	olgaSec := r.nominate(t, "grace", "olga", sec)
	r.nominate(t, "olga", "olga", treas)
	_, err = r.app.AnswerNomination(ctx, r.v["olga"], olgaSec.ID, true)
	wantErr(t, err, plenum.Invalid, "Olga Petrova stands for Treasurer")

	reason, err := r.app.Eligibility(ctx, sec.ID, r.member(t, "ana"))
	if err != nil || !strings.Contains(reason, "2 consecutive terms") {
		t.Errorf("Eligibility = %q, %v", reason, err)
	}
	_, err = r.app.Nominate(ctx, r.v["grace"], sec.ID, r.member(t, "rahul"))
	wantErr(t, err, plenum.Conflict, "already nominated")
}

func addTerm(t *testing.T, app *plenum.App, office plenum.OfficeID, holder plenum.MemberID, start, end time.Time) {
	t.Helper()
	err := app.Store.Update(ctx, func(tx plenum.Tx) error {
		return tx.CreateTerm(ctx, &plenum.Term{Office: office, Holder: holder, Start: start, End: end, Ended: end, Reason: plenum.Expired})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNominationAnswers(t *testing.T) {
	r := newRTU(t, 1)
	e := r.open(t, r.root, "Secretary")
	if e.Rules.Seconders != 1 {
		t.Fatalf("rules = %+v", e.Rules)
	}
	olga := r.nominate(t, "grace", "olga", e)
	rahul := r.nominate(t, "grace", "rahul", e)
	kofi := r.nominate(t, "kofi", "kofi", e)
	if olga.Status != plenum.NominationPending || kofi.Status != plenum.NominationAccepted {
		t.Errorf("statuses %s, %s", olga.Status, kofi.Status)
	}

	_, err := r.app.AnswerNomination(ctx, r.v["grace"], olga.ID, true)
	wantErr(t, err, plenum.Forbidden, "only the nominee")
	if _, err := r.app.AnswerNomination(ctx, r.v["olga"], olga.ID, true); err != nil {
		t.Fatal(err)
	}
	_, err = r.app.AnswerNomination(ctx, r.v["olga"], olga.ID, false)
	wantErr(t, err, plenum.Conflict, "the nomination was accepted already")
	if n, err := r.app.AnswerNomination(ctx, r.v["rahul"], rahul.ID, false); err != nil || n.Status != plenum.NominationDeclined {
		t.Fatalf("decline: %+v, %v", n, err)
	}
	wantErr(t, r.app.Second(ctx, r.v["lena"], rahul.ID), plenum.Conflict, "the nomination was declined")
	if err := r.app.SetStatement(ctx, r.v["olga"], olga.ID, "Rents first."); err != nil {
		t.Fatal(err)
	}
	wantErr(t, r.app.SetStatement(ctx, r.v["olga"], olga.ID, strings.Repeat("x", plenum.MaxStatement+1)), plenum.Invalid, "longer than")

	// One seconder each is required: neither nominee nor nominator may second.
	wantErr(t, r.app.Second(ctx, r.v["olga"], olga.ID), plenum.Forbidden, "may not second their own")
	wantErr(t, r.app.Second(ctx, r.v["grace"], olga.ID), plenum.Forbidden, "may not second their own")
	page, _ := r.app.ElectionPage(ctx, e.ID)
	if page.Candidates != 0 {
		t.Errorf("%d candidates before seconding", page.Candidates)
	}
	for _, n := range []*plenum.Nomination{olga, kofi} {
		if err := r.app.Second(ctx, r.v["lena"], n.ID); err != nil {
			t.Fatal(err)
		}
	}
	wantErr(t, r.app.Second(ctx, r.v["lena"], olga.ID), plenum.Conflict, "already second")
	page, _ = r.app.ElectionPage(ctx, e.ID)
	if page.Candidates != 2 || page.Nominations[0].Statement != "Rents first." || len(page.Nominations[0].Seconders) != 1 {
		t.Errorf("page: %d candidates, %+v", page.Candidates, page.Nominations[0])
	}
	if _, err := r.app.Withdraw(ctx, r.v["kofi"], kofi.ID); err != nil {
		t.Fatal(err)
	}
	_, err = r.app.Withdraw(ctx, r.v["kofi"], kofi.ID)
	wantErr(t, err, plenum.Conflict, "the nomination was withdrawn")

	got := recorded(t, r.app)
	if got["nomination.made"] != 3 || got["nomination.accepted"] != 1 || got["nomination.declined"] != 1 ||
		got["nomination.withdrawn"] != 1 || got["nomination.seconded"] != 2 || got["nomination.statement"] != 1 {
		t.Errorf("record: %v", got)
	}
}

func TestResignStartsByElection(t *testing.T) {
	r := newRTU(t, 0)
	var term *plenum.Term
	r.app.Store.View(ctx, func(tx plenum.Tx) error {
		terms, err := tx.MemberTerms(ctx, r.member(t, "tomas"))
		term = terms[0]
		return err
	})
	_, err := r.app.Resign(ctx, r.v["ana"], term.ID, plenum.DefaultCalendar)
	wantErr(t, err, plenum.Forbidden, "only the holder")
	e, err := r.app.Resign(ctx, r.v["tomas"], term.ID, plenum.DefaultCalendar)
	if err != nil {
		t.Fatal(err)
	}
	if !e.ByElection || e.Vacated != term.ID || !e.TermEnd.Equal(term.End) || e.Seats != 1 || e.Office != term.Office {
		t.Errorf("by-election = %+v", e)
	}
	_, err = r.app.Resign(ctx, r.v["tomas"], term.ID, plenum.DefaultCalendar)
	wantErr(t, err, plenum.Conflict, "not running")
	got := recorded(t, r.app)
	if got["term.ended"] != 1 || got["election.scheduled"] != 1 {
		t.Errorf("record: %v", got)
	}
}

func TestScheduleExpiring(t *testing.T) {
	r := newRTU(t, 0)
	// The branch mandates end with 2026; at 1 November they are within the lead.
	r.clock.t = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	es, err := r.app.ScheduleExpiring(ctx, plenum.DefaultCalendar)
	if err != nil || len(es) != 4 {
		t.Fatalf("scheduled %d, %v", len(es), err)
	}
	for _, e := range es {
		if !e.Decision.IsZero() || e.Status != plenum.ElectionScheduled || !e.Timeline.NominationsOpen.Equal(r.clock.t) {
			t.Errorf("election %+v", e)
		}
	}
	if es, err := r.app.ScheduleExpiring(ctx, plenum.DefaultCalendar); err != nil || len(es) != 0 {
		t.Errorf("scheduled again: %d, %v", len(es), err)
	}
	// Once an election is over, the terms it replaces still run to their
	// end: they call no second election.
	closed := *es[0]
	closed.Status = plenum.ElectionClosed
	if err := r.app.Store.Update(ctx, func(tx plenum.Tx) error { return tx.UpdateElection(ctx, &closed, time.Time{}) }); err != nil {
		t.Fatal(err)
	}
	r.clock.t = r.clock.t.Add(30 * day)
	if es, err := r.app.ScheduleExpiring(ctx, plenum.DefaultCalendar); err != nil || len(es) != 0 {
		t.Errorf("scheduled after the election closed: %d, %v", len(es), err)
	}
	l, err := r.app.Elections(ctx, r.north.ID)
	if err != nil || len(l.Elections) != 2 || l.Offices[l.Elections[0].Office] == nil {
		t.Errorf("North branch elections: %+v, %v", l, err)
	}
}
