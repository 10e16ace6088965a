package plenum_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"plenum"
	"plenum/sqlstore"
	"plenum/storetest"
)

// holderTerm returns the running term of office in unit u.
func (r *rtu) holderTerm(t *testing.T, u *plenum.Unit, office string) *plenum.Term {
	t.Helper()
	off := r.office(t, u, office)
	var terms []*plenum.Term
	err := r.app.Store.View(ctx, func(tx plenum.Tx) (err error) {
		terms, err = tx.CurrentTerms(ctx, off.ID, r.clock.t)
		return err
	})
	if err != nil || len(terms) == 0 {
		t.Fatalf("no holder of %s: %v", office, err)
	}
	return terms[0]
}

// petition has Ana open a petition against Grace as North's Branch
// secretary: 22 members in the electorate, 20% of them is 4.4, so 5
// signatures are needed.
func (r *rtu) petition(t *testing.T) (*plenum.Recall, *plenum.Term) {
	t.Helper()
	term := r.holderTerm(t, r.north, "Branch secretary")
	rc, err := r.app.OpenRecall(ctx, r.v["ana"], term.ID, "Missed every committee meeting since June.")
	if err != nil {
		t.Fatal(err)
	}
	if rc.Eligible != 22 || rc.Needed != 5 || rc.Signatures != 1 || rc.Status != plenum.RecallOpen {
		t.Fatalf("petition: %+v", rc)
	}
	return rc, term
}

func (r *rtu) sign(t *testing.T, first string, id plenum.RecallID) *plenum.Recall {
	t.Helper()
	rc, err := r.app.SignRecall(ctx, r.v[first], id)
	if err != nil {
		t.Fatalf("%s signs: %v", first, err)
	}
	return rc
}

func TestRecallThreshold(t *testing.T) {
	r := newRTU(t, 0)
	rc, term := r.petition(t)
	r.sign(t, "lena", rc.ID)
	r.sign(t, "marek", rc.ID)
	if rc = r.sign(t, "olga", rc.ID); rc.Signatures != 4 || rc.Status != plenum.RecallOpen {
		t.Fatalf("just below the threshold: %+v", rc)
	}
	_, err := r.app.SignRecall(ctx, r.v["olga"], rc.ID)
	wantErr(t, err, plenum.Conflict, "you have signed")
	_, err = r.app.SignRecall(ctx, r.v["grace"], rc.ID)
	wantErr(t, err, plenum.Forbidden, "the holder may not")
	_, err = r.app.SignRecall(ctx, r.v["samir"], rc.ID) // South branch
	wantErr(t, err, plenum.Forbidden, "only members of the electorate")
	_, err = r.app.OpenRecall(ctx, r.v["lena"], term.ID, "Again.")
	wantErr(t, err, plenum.Conflict, "under way")

	// Withdrawn before the threshold, then signed again.
	if rc, err = r.app.WithdrawSignature(ctx, r.v["marek"], rc.ID); err != nil || rc.Signatures != 3 {
		t.Fatalf("withdraw: %+v, %v", rc, err)
	}
	_, err = r.app.WithdrawSignature(ctx, r.v["marek"], rc.ID)
	wantErr(t, err, plenum.NotFound, "you have not signed")
	r.sign(t, "marek", rc.ID)

	rc = r.sign(t, "rahul", rc.ID) // exactly at the threshold
	if rc.Signatures != 5 || rc.Status != plenum.RecallVoting || rc.Election == 0 || rc.Rule.Majority != "majority" || rc.Rule.Turnout != 3000 {
		t.Fatalf("at the threshold: %+v", rc)
	}
	e := election(t, r.app, rc.Election)
	if e.Recalls != term.ID || e.Method != plenum.YesNoMethod || e.Electorate != r.north.ID || e.Rules.MinCandidates != 0 ||
		e.Status != plenum.ElectionScheduled {
		t.Errorf("recall vote: %+v", e)
	}
	_, err = r.app.SignRecall(ctx, r.v["kofi"], rc.ID)
	wantErr(t, err, plenum.Conflict, "the petition is closed")
	_, err = r.app.WithdrawSignature(ctx, r.v["rahul"], rc.ID)
	wantErr(t, err, plenum.Conflict, "the petition is closed")

	// A recall vote has no candidates.
	e, err = r.app.AdvanceElection(ctx, e.ID, plenum.ElectionNominations)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.app.Nominate(ctx, r.v["kofi"], e.ID, r.member(t, "kofi"))
	wantErr(t, err, plenum.Conflict, "nominations are not open")

	// The holder was told of the petition; the electorate, of the vote.
	for first, want := range map[string][]string{"grace": {"recall.notice.vote_subject", "recall.notice.petition_subject"},
		"kofi": {"recall.notice.vote_subject"}, "samir": nil} {
		p, err := r.app.Notifications(ctx, r.v[first], 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, n := range p.Notices {
			if n.Kind == "recall" {
				got = append(got, n.Subject)
				if !n.Required || n.Link != "/recalls/"+rc.ID.String() {
					t.Errorf("%s's notice: %+v", first, n)
				}
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s's recall notices: %v, want %v", first, got, want)
		}
	}

	got := recorded(t, r.app)
	if got["recall.opened"] != 1 || got["recall.signed"] != 6 || got["recall.signature_withdrawn"] != 1 || got["recall.vote_scheduled"] != 1 {
		t.Errorf("record: %v", got)
	}
	for _, en := range verifyRecord(t, r.app) {
		if en.Type == "recall.signed" && (en.Actor != "member" || en.Internal) {
			t.Errorf("a signature names its signer by default: %+v", en)
		}
	}
}

func TestRecallDeadline(t *testing.T) {
	r := newRTU(t, 0)
	rc, _ := r.petition(t)
	if want := r.clock.t.Add(60 * day); !rc.Deadline.Equal(want) {
		t.Errorf("deadline %v, want %v", rc.Deadline, want)
	}
	r.clock.t = rc.Deadline.Add(-1)
	if n, err := r.app.LapseRecalls(ctx); err != nil || n != 0 {
		t.Fatalf("lapse before the deadline: %d, %v", n, err)
	}
	r.sign(t, "lena", rc.ID)
	r.clock.t = rc.Deadline
	_, err := r.app.SignRecall(ctx, r.v["marek"], rc.ID)
	wantErr(t, err, plenum.Conflict, "deadline has passed")
	if n, err := r.app.LapseRecalls(ctx); err != nil || n != 1 {
		t.Fatalf("lapse: %d, %v", n, err)
	}
	p, err := r.app.RecallPage(ctx, r.v["lena"], rc.ID)
	if err != nil || p.Recall.Status != plenum.RecallLapsed || p.Recall.Signatures != 2 {
		t.Fatalf("lapsed: %+v, %v", p, err)
	}
	// A lapsed petition bars no new one.
	if _, err := r.app.OpenRecall(ctx, r.v["lena"], rc.Term, "Still absent."); err != nil {
		t.Fatal(err)
	}
}

// recallToVote carries the petition to its threshold and the vote to its
// end: the members yes and no vote so, and the election commission
// certifies the result by a decision.
func (r *rtu) recallToVote(t *testing.T, yes, no []string) (*plenum.Recall, *plenum.Term) {
	t.Helper()
	rc, term := r.petition(t)
	for _, first := range []string{"lena", "marek", "olga", "rahul"} {
		rc = r.sign(t, first, rc.ID)
	}
	r.recallVote(t, rc.Election, yes, no)
	return rc, term
}

// recallVote runs recall vote id: the key ceremony, the ballots (yes and
// no, by members' first names), two of three trustees decrypting, and
// the commission's certification, which its members adopt; the holder
// the vote is on is recused.
func (r *rtu) recallVote(t *testing.T, id plenum.ElectionID, yes, no []string) {
	t.Helper()
	e := election(t, r.app, id)
	var ks []*kit
	for _, to := range []plenum.ElectionStatus{plenum.ElectionNominations, plenum.ElectionCampaign, plenum.ElectionVoting, plenum.ElectionTally} {
		switch to {
		case plenum.ElectionVoting:
			ks = r.kits(t, e)
			r.ceremony(t, e, ks)
			r.clock.t = e.Timeline.VotingOpen
		case plenum.ElectionTally:
			for i, who := range append(slices.Clip(yes), no...) {
				choice := 0 // yes
				if i >= len(yes) {
					choice = 1
				}
				if _, err := r.cast(t, r.v[who], e, false, choice); err != nil {
					t.Fatalf("%s votes: %v", who, err)
				}
			}
			r.clock.t = e.Timeline.VotingClose
		}
		var err error
		if e, err = r.app.AdvanceElection(ctx, e.ID, to); err != nil || e.Status != to {
			t.Fatalf("recall vote to %s: %+v, %v", to, e, err)
		}
	}
	for _, k := range ks[:2] {
		if err := r.decrypt(t, k, e); err != nil {
			t.Fatal(err)
		}
	}
	d := r.certification(t, e, plenum.DecisionVoting)
	if !strings.Contains(d.Text, fmt.Sprintf("Yes: %d. No: %d.", len(yes), len(no))) {
		t.Fatalf("the recall's certification: %+v", d)
	}
	// A holder who sits on the commission does not certify their own recall.
	for _, v := range r.v {
		if slices.Contains(d.Recused, v.Member.ID) {
			wantErr(t, r.app.VoteOnDecision(ctx, v, d.ID, plenum.VoteNo), plenum.Forbidden, "not recused")
		}
	}
	if d = r.resolve(t, d, map[*plenum.Viewer]string{ks[0].v: plenum.VoteYes, ks[1].v: plenum.VoteYes, ks[2].v: plenum.VoteYes}); d.Status != plenum.DecisionAdopted {
		t.Fatalf("certification: %+v", d)
	}
}

func TestRecallPasses(t *testing.T) {
	r := newRTU(t, 0)
	// Grace sits on the Election commission too: she is recused from the
	// certification of the vote on her recall.
	if _, err := r.app.GainTerm(ctx, r.office(t, r.root, "Election commission").ID, r.member(t, "grace"), r.clock.t.Add(400*day)); err != nil {
		t.Fatal(err)
	}
	// Seven of North's 22 members vote, the 30% turnout: 6 yes, 1 no.
	rc, term := r.recallToVote(t, []string{"ana", "lena", "marek", "olga", "rahul", "kofi"}, []string{"grace"})
	if d := r.certification(t, election(t, r.app, rc.Election), plenum.DecisionAdopted); !slices.Equal(d.Recused, []plenum.MemberID{r.member(t, "grace")}) || d.Quorum.Recused != 1 {
		t.Errorf("the holder is not recused: %+v", d)
	}
	p, err := r.app.RecallPage(ctx, plenum.Visitor(), rc.ID)
	if err != nil || p.Recall.Status != plenum.RecallPassed || p.Recall.Yes != 6 || p.Recall.No != 1 {
		t.Fatalf("passed: %+v, %v", p.Recall, err)
	}
	var ended *plenum.Term
	var by *plenum.Election
	err = r.app.Store.View(ctx, func(tx plenum.Tx) (err error) {
		if ended, err = tx.Term(ctx, term.ID); err != nil {
			return err
		}
		es, err := tx.OfficeElections(ctx, term.Office)
		by = es[0]
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if ended.Reason != plenum.Recalled || !ended.Ended.Equal(r.clock.t) {
		t.Errorf("recalled term: %+v", ended)
	}
	// The by-election is for the rest of the term, and the recalled holder may not stand in it.
	if !by.ByElection || by.Vacated != term.ID || !by.TermEnd.Equal(term.End) || by.Seats != 1 {
		t.Errorf("by-election: %+v", by)
	}
	r.clock.t = by.Timeline.NominationsOpen
	if _, err := r.app.AdvanceElection(ctx, by.ID, plenum.ElectionNominations); err != nil {
		t.Fatal(err)
	}
	_, err = r.app.Nominate(ctx, r.v["grace"], by.ID, r.member(t, "grace"))
	wantErr(t, err, plenum.Invalid, "was recalled")
	// The by-election checks incompatibilities as any election does.
	patrick := member(t, r.app, r.org, "patrick.oneill@riverside-tenants.example")
	_, err = r.app.Nominate(ctx, r.v["lena"], by.ID, patrick.ID)
	wantErr(t, err, plenum.Invalid, "Patrick O'Neill holds Control commission, which may not be held together with Branch secretary (rule R9)")
	r.nominate(t, "lena", "lena", by)
	got := recorded(t, r.app)
	if got["recall.passed"] != 1 || got["term.ended"] != 1 {
		t.Errorf("record: %v", got)
	}
}

func TestRecallFailsAndCoolsOff(t *testing.T) {
	r := newRTU(t, 0)
	// Six votes of 22 fall short of the 30% turnout, though all are yes.
	rc, term := r.recallToVote(t, []string{"ana", "lena", "marek", "olga", "rahul", "kofi"}, nil)
	p, err := r.app.RecallPage(ctx, plenum.Visitor(), rc.ID)
	if err != nil || p.Recall.Status != plenum.RecallFailed || !p.Recall.CoolingOff.Equal(r.clock.t.Add(180*day)) {
		t.Fatalf("failed: %+v, %v", p.Recall, err)
	}
	if tm := r.holderTerm(t, r.north, "Branch secretary"); tm.ID != term.ID {
		t.Errorf("the holder changed: %+v", tm)
	}
	r.clock.t = p.Recall.CoolingOff.Add(-1)
	_, err = r.app.OpenRecall(ctx, r.v["lena"], term.ID, "Still absent.")
	wantErr(t, err, plenum.Conflict, "bars a new petition until")
	r.clock.t = p.Recall.CoolingOff
	if _, err := r.app.OpenRecall(ctx, r.v["lena"], term.ID, "Still absent."); err != nil {
		t.Fatal(err)
	}
}

func TestRecallOvertakenByResignation(t *testing.T) {
	r := newRTU(t, 0)
	rc, term := r.petition(t)
	if _, err := r.app.Resign(ctx, r.v["grace"], term.ID, plenum.DefaultCalendar); err != nil {
		t.Fatal(err)
	}
	p, err := r.app.RecallPage(ctx, r.v["ana"], rc.ID)
	if err != nil || p.Recall.Status != plenum.RecallOvertake {
		t.Fatalf("after the resignation: %+v, %v", p.Recall, err)
	}
	_, err = r.app.SignRecall(ctx, r.v["lena"], rc.ID)
	wantErr(t, err, plenum.Conflict, "the petition is closed")
}

func TestRecallRefusals(t *testing.T) {
	r := newRTU(t, 0)
	term := r.holderTerm(t, r.north, "Branch secretary")
	_, err := r.app.OpenRecall(ctx, r.v["ana"], term.ID, "  ")
	wantErr(t, err, plenum.Invalid, "say why")
	_, err = r.app.OpenRecall(ctx, r.v["samir"], term.ID, "From the south.")
	wantErr(t, err, plenum.Forbidden, "only members of the electorate")
	_, err = r.app.OpenRecall(ctx, plenum.Visitor(), term.ID, "Anonymous.")
	wantErr(t, err, plenum.Forbidden, "only members of the electorate")
	_, err = r.app.OpenRecall(ctx, r.v["ana"], 9999, "No such term.")
	wantErr(t, err, plenum.NotFound, "")
}

// TestConcurrentThreshold has the fifth and sixth signatures arrive at once:
// one reaches the threshold and schedules the vote, the other is refused,
// and there is one vote; on SQLite and on PostgreSQL.
func TestConcurrentThreshold(t *testing.T) {
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		r := newRTUOn(t, db)
		rc, term := r.petition(t)
		for _, first := range []string{"lena", "marek", "olga"} {
			r.sign(t, first, rc.ID)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, first := range []string{"rahul", "kofi"} {
			wg.Go(func() { _, errs[i] = r.app.SignRecall(ctx, r.v[first], rc.ID) })
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("both or neither signed: %v, %v", errs[0], errs[1])
		}
		for _, err := range errs {
			if err != nil {
				wantErr(t, err, plenum.Conflict, "the petition is closed")
			}
		}
		var votes int
		err := r.app.Store.View(ctx, func(tx plenum.Tx) error {
			es, err := tx.OfficeElections(ctx, term.Office)
			for _, e := range es {
				if e.Recalls == term.ID {
					votes++
				}
			}
			return err
		})
		if err != nil || votes != 1 {
			t.Fatalf("%d recall votes, %v", votes, err)
		}
	})
}
