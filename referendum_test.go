package plenum_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/secretballot"
)

// tabled has Ana table a motion to the Council: on its agenda at once.
func (r *rtu) tabled(t *testing.T, kind, title, text string) *plenum.Motion {
	t.Helper()
	m, err := r.app.TableMotion(ctx, r.v["ana"], plenum.NewMotion{Body: r.body(t, r.root, "Council").ID,
		Kind: kind, Title: title, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A demand's threshold is fixed when it opens; while it is open the body
// may not vote and no one may amend; the signature that reaches the
// threshold calls the referendum, an election of the unit's members with
// no office and no candidates.
func TestReferendumDemand(t *testing.T) {
	r := newRTU(t, 0)
	m := r.tabled(t, plenum.MotionPlain, "Rent strike fund", "Set up a strike fund.")
	_, err := r.app.DemandReferendum(ctx, plenum.Visitor(), m.ID)
	wantErr(t, err, plenum.NotFound, "")
	rf, err := r.app.DemandReferendum(ctx, r.v["olga"], m.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 40 active members, 10%: 4 signatures; Olga's counts.
	if rf.Status != plenum.ReferendumDemand || rf.Eligible != 40 || rf.Needed != 4 || rf.Signatures != 1 || rf.Via != plenum.ViaDemand {
		t.Fatalf("demand = %+v", rf)
	}
	_, err = r.app.DemandReferendum(ctx, r.v["rahul"], m.ID)
	wantErr(t, err, plenum.Conflict, "under way")
	_, err = r.app.SignDemand(ctx, r.v["olga"], m.ID)
	wantErr(t, err, plenum.Conflict, "signed")
	_, err = r.app.PutToVote(ctx, r.v["ana"], m.ID, 0, time.Time{})
	wantErr(t, err, plenum.Conflict, "under way")
	_, err = r.app.ProposeAmendment(ctx, r.v["rahul"], m.ID, "strike fund", "hardship fund", "")
	wantErr(t, err, plenum.Conflict, "under way")

	for _, who := range []string{"rahul", "tomas"} {
		if rf, err = r.app.SignDemand(ctx, r.v[who], m.ID); err != nil || rf.Status != plenum.ReferendumDemand {
			t.Fatalf("%s signs: %+v, %v", who, rf, err)
		}
	}
	// Each signer has a receipt: a notice of their own, and the motion's
	// page says when they signed; a member who did not sign has neither.
	for who, want := range map[string]bool{"olga": true, "tomas": true, "kofi": false} {
		p, err := r.app.Notifications(ctx, r.v[who], 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		got := len(p.Notices) > 0 && p.Notices[0].Subject == "referendum.notice.signed_subject"
		if got != want || got && (p.Notices[0].Link != "/motions/"+m.ID.String() || p.Notices[0].Args[0] != m.Title) {
			t.Errorf("%s's receipt: %v, want %v: %+v", who, got, want, p.Notices)
		}
		if signed := r.page(t, who, m.ID).Signed; signed.Equal(r.clock.t) != want || !want && !signed.IsZero() {
			t.Errorf("%s signed at %v, want %v", who, signed, want)
		}
	}
	if rf, err = r.app.SignDemand(ctx, r.v["kofi"], m.ID); err != nil || rf.Status != plenum.ReferendumVoting || rf.Election == 0 {
		t.Fatalf("threshold: %+v, %v", rf, err)
	}
	_, err = r.app.SignDemand(ctx, r.v["samir"], m.ID)
	wantErr(t, err, plenum.Conflict, "no demand")
	e := election(t, r.app, rf.Election)
	if e.Motion != m.ID || e.Office != 0 || e.Method != plenum.YesNoMethod || e.Electorate != r.root.ID || e.Rules.MinCandidates != 0 ||
		!e.Timeline.VotingOpen.Equal(r.clock.t.Add(7*day)) || !e.Timeline.VotingClose.Equal(r.clock.t.Add(14*day)) {
		t.Fatalf("election = %+v", e)
	}
	if p := r.page(t, "olga", m.ID); p.Motion.Phase != plenum.MotionReferendum || len(p.Referendums) != 1 {
		t.Fatalf("motion page: %+v, %+v", p.Motion, p.Referendums)
	}
	if rf.Rule != (plenum.VoteRule{Majority: "majority", Turnout: 2000}) {
		t.Errorf("rule = %+v", rf.Rule)
	}
	got := recorded(t, r.app)
	if got["referendum.demanded"] != 1 || got["referendum.signed"] != 4 || got["referendum.called"] != 1 || got["election.scheduled"] != 1 {
		t.Errorf("record: %v", got)
	}
	// The motion stays the unit's: no public entry names it.
	for _, en := range verifyRecord(t, r.app) {
		if !en.Internal && strings.Contains(string(en.Payload), "strike fund") {
			t.Errorf("public entry %s names the motion: %s", en.Type, en.Payload)
		}
		if strings.HasPrefix(en.Type, "referendum.") && en.Type != "referendum.called" && !en.Internal {
			t.Errorf("%s is public", en.Type)
		}
	}
}

func TestReferendumDemandLapses(t *testing.T) {
	r := newRTU(t, 0)
	m := r.tabled(t, plenum.MotionPlain, "Longer meetings", "Meet for three hours.")
	rf, err := r.app.DemandReferendum(ctx, r.v["olga"], m.ID)
	if err != nil {
		t.Fatal(err)
	}
	r.clock.t = rf.Deadline
	_, err = r.app.SignDemand(ctx, r.v["rahul"], m.ID)
	wantErr(t, err, plenum.Conflict, "no demand")
	// Past its deadline the demand no longer holds the motion back.
	if _, err := r.app.PutToVote(ctx, r.v["ana"], m.ID, 0, time.Time{}); err != nil {
		t.Fatal(err)
	}
	// The demand lapses, and the motion, 30 days on the agenda, is overdue.
	if n, err := r.app.TickMotions(ctx); err != nil || n != 2 {
		t.Fatalf("tick: %d, %v", n, err)
	}
	if p := r.page(t, "olga", m.ID); p.Referendums[0].Status != plenum.ReferendumLapsed {
		t.Errorf("demand = %+v", p.Referendums[0])
	}
}

// The rule fixed at the call: a majority of the votes cast and a turnout of
// the electorate.
func TestReferendumPassingRule(t *testing.T) {
	for _, tt := range []struct {
		yes, no, voters int
		want            plenum.ReferendumStatus
	}{
		{8, 0, 40, plenum.ReferendumAdopted},
		{7, 0, 40, plenum.ReferendumRejected}, // 7 of 40 is under the 20% turnout
		{5, 5, 40, plenum.ReferendumRejected}, // a tie is no majority
		{6, 5, 40, plenum.ReferendumAdopted},
	} {
		r := newRTU(t, 0)
		m := r.tabled(t, plenum.MotionPlain, "Rent strike fund", "Set up a strike fund.")
		_, err := r.app.ReferMotion(ctx, r.v["olga"], m.ID, time.Time{})
		wantErr(t, err, plenum.Forbidden, "only members of Council")
		d, err := r.app.ReferMotion(ctx, r.v["ana"], m.ID, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if d.Title != "Refer to a referendum: Rent strike fund" || d.Subject != "motion:"+m.ID.String() {
			t.Errorf("referral = %+v", d)
		}
		if d = r.passVote(t, d, "yes"); d.Status != plenum.DecisionAdopted {
			t.Fatalf("referral %s", d.Status)
		}
		p := r.page(t, "ana", m.ID)
		rf := p.Referendums[0]
		if rf.Via != plenum.ViaReferral || rf.Referral != d.ID || rf.Status != plenum.ReferendumVoting || p.Motion.Phase != plenum.MotionReferendum {
			t.Fatalf("referred: %+v, %s", rf, p.Motion.Phase)
		}
		if err := r.app.CertifyReferendum(ctx, rf.Election, tt.yes, tt.no, tt.voters); err != nil {
			t.Fatal(err)
		}
		p = r.page(t, "ana", m.ID)
		rf = p.Referendums[0]
		phase := map[plenum.ReferendumStatus]plenum.MotionPhase{plenum.ReferendumAdopted: plenum.MotionAdopted,
			plenum.ReferendumRejected: plenum.MotionRejected}[tt.want]
		if rf.Status != tt.want || p.Motion.Phase != phase || rf.Yes != tt.yes || rf.No != tt.no || rf.Voters != tt.voters {
			t.Errorf("%d yes, %d no of %d: %+v, motion %s", tt.yes, tt.no, tt.voters, rf, p.Motion.Phase)
		}
		if n := recorded(t, r.app)["referendum."+string(tt.want)]; n != 1 {
			t.Errorf("%d referendum.%s entries", n, tt.want)
		}
	}
}

// A constitution that puts its changes to the members: the body may not
// adopt one; a member of the body calls the referendum, the members vote
// by secret ballot, the commission certifies, and the change takes effect
// in the same transaction, with both versions and the diff kept.
func TestConstitutionChangeByReferendum(t *testing.T) {
	r := newRTU(t, 0)
	old := r.org.Constitution
	// First, by the body's vote, the constitution makes its changes the members'.
	ratify := strings.Replace(old, "constitution: false", "constitution: true", 1)
	m := r.tabled(t, plenum.MotionConstitution, "Members ratify changes", ratify)
	_, err := r.app.CallReferendum(ctx, r.v["ana"], m.ID)
	wantErr(t, err, plenum.Conflict, "only a constitution change the constitution decides by referendum")
	d, err := r.app.PutToVote(ctx, r.v["ana"], m.ID, 0, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if d = r.passVote(t, d, "yes"); d.Status != plenum.DecisionAdopted {
		t.Fatalf("decision %s", d.Status)
	}

	lower := strings.Replace(ratify, "quorum: 50%", "quorum: 40%", 1)
	m = r.tabled(t, plenum.MotionConstitution, "Lower the quorum", lower)
	_, err = r.app.PutToVote(ctx, r.v["ana"], m.ID, 0, time.Time{})
	wantErr(t, err, plenum.Conflict, "referendum of the members")
	_, err = r.app.CallReferendum(ctx, r.v["olga"], m.ID)
	wantErr(t, err, plenum.Forbidden, "only members of Council")
	rf, err := r.app.CallReferendum(ctx, r.v["ana"], m.ID)
	if err != nil || rf.Via != plenum.ViaConstitution || rf.Status != plenum.ReferendumVoting {
		t.Fatalf("call: %+v, %v", rf, err)
	}

	e := election(t, r.app, rf.Election)
	r.clock.t = e.Timeline.NominationsOpen
	e = r.advance(t, e, plenum.ElectionNominations)
	e = r.advance(t, e, plenum.ElectionCampaign)
	ks := r.kits(t, e)
	r.ceremony(t, e, ks)
	r.clock.t = e.Timeline.VotingOpen
	if e = r.advance(t, e, plenum.ElectionVoting); e.Status != plenum.ElectionVoting {
		t.Fatalf("voting: %+v", e)
	}
	bo, err := r.app.Booth(ctx, r.v["olga"], e.ID)
	if err != nil || bo.Motion == nil || bo.Motion.Title != "Lower the quorum" || bo.Office != nil {
		t.Fatalf("booth: %+v, %v", bo, err)
	}
	if q := bo.Manifest.Questions[0]; q.Kind != secretballot.Referendum || strings.Contains(q.Title, "quorum") ||
		len(q.Options) != 2 || q.Options[0] != "yes" {
		t.Fatalf("question: %+v", q)
	}
	// Seven yes, two no: 9 of 40 voted, over the 20% turnout.
	r.closeBallot(t, e, ks, map[string]int{"ana": 0, "grace": 0, "lena": 0, "marek": 0, "olga": 0, "rahul": 0, "tomas": 0, "samir": 1, "kofi": 1})
	res, err := r.app.Result(ctx, e.ID)
	if err != nil || res == nil || res.Result.Questions[0].Totals[0] != 7 || res.Result.Questions[0].Totals[1] != 2 {
		t.Fatalf("result: %+v, %v", res, err)
	}
	// The commission certifies by a decision; no one of it stood.
	d = r.certification(t, e, plenum.DecisionVoting)
	if len(d.Recused) != 0 || !strings.Contains(d.Text, "Yes: 7. No: 2.") || strings.Contains(d.Title, "quorum") {
		t.Fatalf("certification: %+v", d)
	}
	if d = r.resolve(t, d, map[*plenum.Viewer]string{ks[0].v: plenum.VoteYes, ks[1].v: plenum.VoteYes, ks[2].v: plenum.VoteAbstain}); d.Status != plenum.DecisionAdopted {
		t.Fatalf("certification: %+v", d)
	}
	if e = election(t, r.app, e.ID); e.Status != plenum.ElectionCertified {
		t.Fatalf("certify: %+v", e)
	}

	p := r.page(t, "olga", m.ID)
	if p.Motion.Phase != plenum.MotionAdopted || p.Referendums[0].Status != plenum.ReferendumAdopted || p.Referendums[0].Yes != 7 {
		t.Fatalf("after certification: %s, %+v", p.Motion.Phase, p.Referendums[0])
	}
	org, err := r.app.Org(ctx, r.org.Slug)
	if err != nil || org.Constitution != lower {
		t.Fatalf("constitution not in force: %v", err)
	}
	var versions []*plenum.ConstitutionVersion
	_ = r.app.Store.View(ctx, func(tx plenum.Tx) (err error) { versions, err = tx.ConstitutionVersions(ctx, r.org.ID); return err })
	if len(versions) != 2 || versions[0].Referendum != rf.ID || versions[0].Decision != 0 || versions[0].Previous != ratify || versions[0].Source != lower {
		t.Fatalf("versions = %+v", versions[0])
	}
	got := recorded(t, r.app)
	if got["referendum.adopted"] != 1 || got["constitution.amended"] != 2 || got["election.certified"] != 1 {
		t.Errorf("record: %v", got)
	}
	for _, en := range verifyRecord(t, r.app) {
		if !en.Internal && strings.Contains(string(en.Payload), "Lower the quorum") {
			t.Errorf("public entry %s names the motion: %s", en.Type, en.Payload)
		}
	}
}

// A referendum puts the text as it stands: amendments proposed, or put to
// the body's vote, while the body decided to refer the motion lapse when
// the referendum is called, with the reason recorded, and an amendment
// vote that runs on changes nothing.
func TestReferralLapsesPendingAmendments(t *testing.T) {
	r := newRTU(t, 0)
	m := r.tabled(t, plenum.MotionPlain, "Rent strike fund", "Set up a strike fund.")
	referral, err := r.app.ReferMotion(ctx, r.v["ana"], m.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	a1, err := r.app.ProposeAmendment(ctx, r.v["rahul"], m.ID, "strike fund", "hardship fund", "")
	if err != nil {
		t.Fatal(err)
	}
	a2, err := r.app.ProposeAmendment(ctx, r.v["tomas"], m.ID, "Set up", "Create", "")
	if err != nil {
		t.Fatal(err)
	}
	onA1, err := r.app.PutToVote(ctx, r.v["ana"], m.ID, a1.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if d := r.passVote(t, referral, "yes"); d.Status != plenum.DecisionAdopted {
		t.Fatalf("referral %s", d.Status)
	}
	p := r.page(t, "ana", m.ID)
	if p.Motion.Phase != plenum.MotionReferendum || len(p.Referendums) != 1 {
		t.Fatalf("referred: %s, %+v", p.Motion.Phase, p.Referendums)
	}
	for _, am := range p.Amendments {
		if am.Status != plenum.AmendmentLapsed {
			t.Errorf("amendment %s is %s, want lapsed", am.ID, am.Status)
		}
	}
	lapsed := map[plenum.AmendmentID]string{}
	for _, e := range verifyRecord(t, r.app) {
		if e.Type == "amendment.lapsed" {
			var pl struct {
				Amendment plenum.AmendmentID
				Reason    string
			}
			if err := json.Unmarshal(e.Payload, &pl); err != nil {
				t.Fatal(err)
			}
			lapsed[pl.Amendment] = pl.Reason
		}
	}
	if len(lapsed) != 2 || lapsed[a1.ID] != "referendum" || lapsed[a2.ID] != "referendum" {
		t.Errorf("lapsed entries: %v", lapsed)
	}
	// The body's vote on the first amendment closes adopted: the text the
	// members vote on does not change.
	if d := r.passVote(t, onA1, "yes"); d.Status != plenum.DecisionAdopted {
		t.Fatalf("amendment vote %s", d.Status)
	}
	p = r.page(t, "ana", m.ID)
	if p.Motion.Text != "Set up a strike fund." || p.Amendments[0].Status != plenum.AmendmentLapsed {
		t.Errorf("after the amendment's vote: %q, amendment %s", p.Motion.Text, p.Amendments[0].Status)
	}
}
