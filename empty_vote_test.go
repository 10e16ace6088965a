package plenum_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/secretballot"
)

// Votes in which no ballot is cast: the tally has nothing to decrypt,
// the result (every total zero) goes in as the vote closes and to the
// election commission to certify, and the record verifies.

// nobodyVotes runs election e from where it stands through the key
// ceremony and a vote nobody votes in (one member audits a ballot, which
// is never counted), checks that nothing is asked of
// the trustees after the close, and returns the certification proposed,
// and the trustees.
func (r *rtu) nobodyVotes(t *testing.T, e *plenum.Election, text string) (*plenum.Decision, []*kit) {
	t.Helper()
	var ks []*kit
	for _, to := range []plenum.ElectionStatus{plenum.ElectionNominations, plenum.ElectionCampaign, plenum.ElectionVoting, plenum.ElectionTally} {
		switch {
		case to == plenum.ElectionNominations && e.Status != plenum.ElectionScheduled:
			continue
		case to == plenum.ElectionCampaign:
			r.clock.t = e.Timeline.NominationsClose
		case to == plenum.ElectionVoting:
			ks = r.kits(t, e)
			r.ceremony(t, e, ks)
			r.clock.t = e.Timeline.VotingOpen
		case to == plenum.ElectionTally:
			// Ana audits a ballot: it is opened, never counted.
			if _, err := r.cast(t, r.v["ana"], e, true, 0); err != nil {
				t.Fatalf("ana audits: %v", err)
			}
			r.clock.t = e.Timeline.VotingClose
		}
		e = r.advance(t, e, to)
		if e.Status != to || e.Hold != "" {
			t.Fatalf("to %s: %s, held %q", to, e.Status, e.Hold)
		}
	}
	c, err := r.app.Ceremony(ctx, e.ID)
	if err != nil || !c.NoBallots || c.Decryption != "" || c.Step != "" {
		t.Fatalf("after the close: %+v, %v", c, err)
	}
	// A trustee who would decrypt is told there is nothing to decrypt.
	err = r.send(t, ks[0], e, plenum.StepDecrypt, plenum.Decryption{Partial: &secretballot.PartialDecryption{Trustee: ks[0].index}})
	wantErr(t, err, plenum.Conflict, "no ballots were cast: there is nothing to decrypt")

	res, err := r.app.Result(ctx, e.ID)
	if err != nil || res == nil {
		t.Fatalf("result: %+v, %v", res, err)
	}
	q := res.Result.Questions[0]
	if q.Ballots != 0 || slices.ContainsFunc(q.Totals, func(n int64) bool { return n != 0 }) || len(res.Elected) != 0 {
		t.Errorf("result: %+v, elected %v", q, res.Elected)
	}
	b, fsys := boardOf(t, r.app, e.ID)
	rep, err := secretballot.Verify(fsys, secretballot.VerifyOptions{})
	if err != nil || rep.Counted != 0 || rep.Audited != 1 || len(rep.Decrypted) != 0 || b.Counted != 0 || !b.MixNet.Closed {
		t.Fatalf("the record: %+v, %v", rep, err)
	}
	d := r.certification(t, e, plenum.DecisionVoting)
	if !strings.Contains(d.Text, text) {
		t.Errorf("certification: %q, want %q", d.Text, text)
	}
	return d, ks
}

// certifyAll has the three trustees, the commission, adopt d.
func (r *rtu) certifyAll(t *testing.T, d *plenum.Decision, ks []*kit) {
	t.Helper()
	votes := map[*plenum.Viewer]string{}
	for _, k := range ks {
		if !slices.Contains(d.Recused, k.v.Member.ID) {
			votes[k.v] = plenum.VoteYes
		}
	}
	if d = r.resolve(t, d, votes); d.Status != plenum.DecisionAdopted {
		t.Fatalf("certification: %+v", d)
	}
}

// A recall vote nobody votes in: no turnout, so the recall fails, and the
// holder stays.
func TestRecallVoteNobodyVotes(t *testing.T) {
	r := newRTU(t, 0)
	rc, term := r.petition(t)
	for _, first := range []string{"lena", "marek", "olga", "rahul"} {
		rc = r.sign(t, first, rc.ID)
	}
	d, ks := r.nobodyVotes(t, election(t, r.app, rc.Election), "No ballots were cast: the vote is not carried.")
	r.certifyAll(t, d, ks)
	p, err := r.app.RecallPage(ctx, plenum.Visitor(), rc.ID)
	if err != nil || p.Recall.Status != plenum.RecallFailed || p.Recall.Yes != 0 || p.Recall.No != 0 {
		t.Fatalf("recall: %+v, %v", p.Recall, err)
	}
	if tm := r.holderTerm(t, r.north, "Branch secretary"); tm.ID != term.ID {
		t.Errorf("the holder changed: %+v", tm)
	}
	if got := recorded(t, r.app); got["recall.failed"] != 1 || got["election.certified"] != 1 {
		t.Errorf("record: %v", got)
	}
}

// A referendum nobody votes in is rejected.
func TestReferendumNobodyVotes(t *testing.T) {
	r := newRTU(t, 0)
	m := r.tabled(t, plenum.MotionPlain, "Rent strike fund", "Set up a strike fund.")
	d, err := r.app.ReferMotion(ctx, r.v["ana"], m.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if d = r.passVote(t, d, "yes"); d.Status != plenum.DecisionAdopted {
		t.Fatalf("referral %s", d.Status)
	}
	rf := r.page(t, "ana", m.ID).Referendums[0]
	cert, ks := r.nobodyVotes(t, election(t, r.app, rf.Election), "No ballots were cast: the vote is not carried.")
	r.certifyAll(t, cert, ks)
	p := r.page(t, "ana", m.ID)
	if rf = p.Referendums[0]; rf.Status != plenum.ReferendumRejected || p.Motion.Phase != plenum.MotionRejected || rf.Yes != 0 || rf.No != 0 {
		t.Fatalf("referendum: %+v, motion %s", rf, p.Motion.Phase)
	}
}

// An election nobody votes in elects no one, by plurality as by a ranked
// method (the Secretary's is irv): the count draws no lot among
// candidates who have no vote, the commission certifies that no one is
// elected, and no term begins.
func TestElectionNobodyVotes(t *testing.T) {
	for _, method := range []string{"plurality", "irv"} {
		t.Run(method, func(t *testing.T) {
			r := newRTUMethod(t, method)
			e := r.open(t, r.root, "Secretary")
			for _, who := range []string{"grace", "lena", "marek"} {
				r.nominate(t, who, who, e)
			}
			d, ks := r.nobodyVotes(t, e, "No ballots were cast: no one is elected.")
			res, _ := r.app.Result(ctx, e.ID)
			if rep := res.Reports[0]; len(rep.Rounds) != 0 || len(rep.Elected) != 0 || len(rep.Ranking) != 0 {
				t.Errorf("count: %+v", rep)
			}
			r.certifyAll(t, d, ks)
			if e = election(t, r.app, e.ID); e.Status != plenum.ElectionCertified {
				t.Fatalf("certify: %s", e.Status)
			}
			for _, en := range verifyRecord(t, r.app) {
				if en.Type == "election.certified" && !bytes.Contains(en.Payload, []byte(`"elected":[]`)) {
					t.Errorf("certified: %s", en.Payload)
				}
			}
			var terms []*plenum.Term
			r.app.Store.View(ctx, func(tx plenum.Tx) (err error) {
				terms, err = tx.CurrentTerms(ctx, e.Office, r.clock.t.Add(3*365*day))
				return err
			})
			if len(terms) != 0 {
				t.Errorf("terms after an election nobody voted in: %+v", terms)
			}
		})
	}
}
