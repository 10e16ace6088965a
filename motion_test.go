package plenum_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"plenum"
)

// motion drafts a motion to the Council as Olga and submits it.
func (r *rtu) motion(t *testing.T, title, text string) *plenum.Motion {
	t.Helper()
	m, err := r.app.DraftMotion(ctx, r.v["olga"], plenum.NewMotion{Body: r.body(t, r.root, "Council").ID,
		Title: title, Text: text, Reason: "Because."})
	if err != nil {
		t.Fatal(err)
	}
	if m, err = r.app.SubmitMotion(ctx, r.v["olga"], m.ID); err != nil {
		t.Fatal(err)
	}
	return m
}

func (r *rtu) page(t *testing.T, who string, id plenum.MotionID) *plenum.MotionPage {
	t.Helper()
	p, err := r.app.MotionPage(ctx, r.v[who], id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// passVote has the Council's members who have accounts vote yes on d and
// closes it at its deadline.
func (r *rtu) passVote(t *testing.T, d *plenum.Decision, choice string) *plenum.Decision {
	t.Helper()
	for _, name := range []string{"ana", "grace", "lena", "marek"} {
		if err := r.app.VoteOnDecision(ctx, r.v[name], d.ID, choice); err != nil {
			t.Fatalf("%s votes: %v", name, err)
		}
	}
	r.clock.t = d.Deadline
	d, err := r.app.CloseDecision(ctx, r.v["ana"], d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestMotionSupportThreshold(t *testing.T) {
	r := newRTU(t, 0)
	council := r.body(t, r.root, "Council")
	_, err := r.app.DraftMotion(ctx, plenum.Visitor(), plenum.NewMotion{Body: council.ID, Title: "x", Text: "y"})
	wantErr(t, err, plenum.Forbidden, "only members")
	_, err = r.app.DraftMotion(ctx, r.v["olga"], plenum.NewMotion{Body: council.ID, Title: "x"})
	wantErr(t, err, plenum.Invalid, "text")
	_, err = r.app.TableMotion(ctx, r.v["olga"], plenum.NewMotion{Body: council.ID, Title: "x", Text: "y"})
	wantErr(t, err, plenum.Forbidden, "only members of Council may table")

	d, err := r.app.DraftMotion(ctx, r.v["olga"], plenum.NewMotion{Body: council.ID, Title: "Free legal clinic", Text: "Open a clinic."})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.app.EditMotion(ctx, r.v["rahul"], d.ID, "x", "y", ""); !plenum.IsKind(err, plenum.Forbidden) {
		t.Errorf("edit by another: %v", err)
	}
	if err := r.app.EditMotion(ctx, r.v["olga"], d.ID, "Free legal clinic", "Open a clinic on Saturdays.", "Rents."); err != nil {
		t.Fatal(err)
	}
	// 40 members, 5%: 2 supporters; Olga counts.
	m, err := r.app.SubmitMotion(ctx, r.v["olga"], d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Phase != plenum.MotionSupport || m.Needed != 2 || m.Support != 1 {
		t.Fatalf("submitted = %+v", m)
	}
	if _, err := r.app.SupportMotion(ctx, r.v["olga"], m.ID); !plenum.IsKind(err, plenum.Conflict) {
		t.Errorf("the author supports twice: %v", err)
	}
	if _, err := r.app.SupportMotion(ctx, plenum.Visitor(), m.ID); !plenum.IsKind(err, plenum.NotFound) {
		t.Errorf("visitor supports: %v", err)
	}
	if err := r.app.CosponsorMotion(ctx, r.v["rahul"], m.ID); !plenum.IsKind(err, plenum.Conflict) {
		t.Errorf("co-sponsor a submitted motion: %v", err)
	}
	if m, err = r.app.SupportMotion(ctx, r.v["kofi"], m.ID); err != nil || m.Phase != plenum.MotionAdmitted {
		t.Fatalf("second supporter: %+v, %v", m, err)
	}
	// The unit's members are told it is on the agenda.
	for _, who := range []string{"rahul", "tomas"} {
		p, err := r.app.Notifications(ctx, r.v[who], 0, 10)
		if err != nil || len(p.Notices) == 0 || p.Notices[0].Subject != "motion.notice.admitted_subject" || p.Notices[0].Link != "/motions/"+m.ID.String() {
			t.Errorf("%s's notices: %+v, %v", who, p, err)
		}
	}
	// A co-sponsored draft has its support when submitted.
	other, err := r.app.DraftMotion(ctx, r.v["olga"], plenum.NewMotion{Body: council.ID, Title: "Newsletter", Text: "Monthly."})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.app.CosponsorMotion(ctx, r.v["rahul"], other.ID); err != nil {
		t.Fatal(err)
	}
	if other, err = r.app.SubmitMotion(ctx, r.v["olga"], other.ID); err != nil || other.Phase != plenum.MotionAdmitted {
		t.Fatalf("co-sponsored: %+v, %v", other, err)
	}
	if !m.DecideBy.Equal(r.clock.t.Add(30 * day)) {
		t.Errorf("decide by %v", m.DecideBy)
	}
	// Not decided in time: flagged once, in the record.
	r.clock.t = m.DecideBy
	if n, err := r.app.TickMotions(ctx); n != 2 || err != nil {
		t.Fatalf("tick: %d, %v", n, err)
	}
	if n, _ := r.app.TickMotions(ctx); n != 0 {
		t.Errorf("flagged twice")
	}
	l, err := r.app.BodyMotions(ctx, r.v["tomas"], council.ID)
	if err != nil || l.Overdue != 2 || !l.Motions[1].Flagged {
		t.Errorf("body motions: %+v, %v", l, err)
	}
	if _, err := r.app.BodyMotions(ctx, plenum.Visitor(), council.ID); !plenum.IsKind(err, plenum.Forbidden) {
		t.Errorf("a visitor lists motions: %v", err)
	}
}

func TestMotionLapses(t *testing.T) {
	r := newRTU(t, 0)
	m := r.motion(t, "Paint the office", "Paint it red.")
	r.clock.t = m.SupportUntil
	if n, err := r.app.TickMotions(ctx); n != 1 || err != nil {
		t.Fatalf("tick: %d, %v", n, err)
	}
	if p := r.page(t, "olga", m.ID); p.Motion.Phase != plenum.MotionLapsed {
		t.Errorf("phase %s", p.Motion.Phase)
	}
}

func TestAmendmentOrderAndDecision(t *testing.T) {
	r := newRTU(t, 0)
	council := r.body(t, r.root, "Council")
	m, err := r.app.TableMotion(ctx, r.v["ana"], plenum.NewMotion{Body: council.ID, Title: "Dues",
		Text: "Dues are 5 EUR a month, paid in cash."})
	if err != nil || m.Phase != plenum.MotionAdmitted || !m.Tabled {
		t.Fatalf("tabled: %+v, %v", m, err)
	}
	_, err = r.app.ProposeAmendment(ctx, r.v["olga"], m.ID, "10 EUR", "8 EUR", "")
	wantErr(t, err, plenum.Invalid, "passage")
	a1, err := r.app.ProposeAmendment(ctx, r.v["olga"], m.ID, "5 EUR", "4 EUR", "Lower.")
	if err != nil {
		t.Fatal(err)
	}
	a2, err := r.app.ProposeAmendment(ctx, r.v["rahul"], m.ID, "paid in cash", "paid by transfer", "")
	if err != nil {
		t.Fatal(err)
	}
	a3, err := r.app.ProposeAmendment(ctx, r.v["kofi"], m.ID, "5 EUR a month", "60 EUR a year", "")
	if err != nil {
		t.Fatal(err)
	}
	// The motion waits for its amendments; amendments go in order.
	_, err = r.app.PutToVote(ctx, r.v["ana"], m.ID, 0, time.Time{})
	wantErr(t, err, plenum.Conflict, "amendments are voted before the motion")
	_, err = r.app.PutToVote(ctx, r.v["ana"], m.ID, a2.ID, time.Time{})
	wantErr(t, err, plenum.Conflict, "in the order proposed")
	_, err = r.app.PutToVote(ctx, r.v["olga"], m.ID, a1.ID, time.Time{})
	wantErr(t, err, plenum.Forbidden, "only members of Council")
	d1, err := r.app.PutToVote(ctx, r.v["ana"], m.ID, a1.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	r.passVote(t, d1, "yes")
	// a1 changed "5 EUR": a3's passage is gone and it lapsed.
	p := r.page(t, "olga", m.ID)
	if p.Motion.Text != "Dues are 4 EUR a month, paid in cash." || p.Amendments[2].Status != plenum.AmendmentLapsed || p.NextAmendment != a2.ID {
		t.Fatalf("after a1: %q, %+v", p.Motion.Text, p.Amendments[2])
	}
	_ = a3
	d2, err := r.app.PutToVote(ctx, r.v["ana"], m.ID, a2.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	r.passVote(t, d2, "no")
	d, err := r.app.PutToVote(ctx, r.v["ana"], m.ID, 0, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Dues" || d.Text != "Dues are 4 EUR a month, paid in cash." || d.Subject != "motion:"+m.ID.String() {
		t.Errorf("decision = %+v", d)
	}
	if r.page(t, "olga", m.ID).Motion.Phase != plenum.MotionVoting {
		t.Error("not voting")
	}
	r.passVote(t, d, "yes")
	p = r.page(t, "olga", m.ID)
	if p.Motion.Phase != plenum.MotionAdopted || p.Decision.Status != plenum.DecisionAdopted {
		t.Fatalf("decided: %s", p.Motion.Phase)
	}
	var marked strings.Builder
	for _, c := range p.Changes {
		switch c.Op {
		case 1:
			marked.WriteString("[-" + c.Text + "-]")
		case 2:
			marked.WriteString("{+" + c.Text + "+}")
		default:
			marked.WriteString(c.Text)
		}
	}
	if marked.String() != "Dues are [-5 -]{+4 +}EUR a month, paid in cash." {
		t.Errorf("changes marked: %q", marked.String())
	}
	// The adopted decision, with the amended text, is public.
	if pub, err := r.app.Decision(ctx, plenum.Visitor(), d.ID); err != nil || pub.Status != plenum.DecisionAdopted {
		t.Errorf("public decision: %v", err)
	}
}

func TestDebate(t *testing.T) {
	r := newRTU(t, 0)
	m := r.motion(t, "Rent strike", "We call a rent strike.")
	c, err := r.app.PostComment(ctx, r.v["rahul"], m.ID, 0, "", "Too early.")
	if err != nil {
		t.Fatal(err)
	}
	reply, err := r.app.PostComment(ctx, r.v["olga"], m.ID, c.ID, "Too early.", "No: rents rose 20%.")
	if err != nil || reply.Parent != c.ID {
		t.Fatalf("reply: %+v, %v", reply, err)
	}
	if _, err := r.app.PostComment(ctx, plenum.Visitor(), m.ID, 0, "", "x"); !plenum.IsKind(err, plenum.NotFound) {
		t.Errorf("visitor comments: %v", err)
	}
	wantErr(t, r.app.EditComment(ctx, r.v["olga"], c.ID, "x"), plenum.Forbidden, "only the author")
	if err := r.app.EditComment(ctx, r.v["rahul"], c.ID, "Too early, I think."); err != nil {
		t.Fatal(err)
	}
	p := r.page(t, "tomas", m.ID)
	if len(p.Comments) != 2 || p.Comments[0].Text != "Too early, I think." || len(p.Comments[0].Versions) != 1 ||
		p.Comments[0].Versions[0].Text != "Too early." || p.Comments[1].Quote != "Too early." {
		t.Fatalf("comments = %+v", p.Comments)
	}
	// Hidden only by a decision of a body of the unit, with the reason.
	d, err := r.app.ProposeDecision(ctx, r.v["ana"], plenum.ProposeDecision{Body: r.body(t, r.root, "Council").ID,
		Kind: "hide_comment", Title: "Hide an insult", Payload: []byte(`{"comment": ` + reply.ID.String() + `, "reason": "A personal attack."}`)})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Internal {
		t.Error("a decision on a comment is public")
	}
	r.passVote(t, d, "yes")
	p = r.page(t, "tomas", m.ID)
	if p.Comments[1].Hidden != d.ID || p.Comments[1].Reason != "A personal attack." {
		t.Errorf("hidden = %+v", p.Comments[1])
	}
	wantErr(t, r.app.EditComment(ctx, r.v["olga"], reply.ID, "x"), plenum.Conflict, "hidden")
	for _, e := range verifyRecord(t, r.app) {
		if strings.HasPrefix(e.Type, "comment.") && !e.Internal {
			t.Errorf("public entry %s", e.Type)
		}
	}
}

func TestReconsiderationNeverPublic(t *testing.T) {
	r := newRTU(t, 0)
	council := r.body(t, r.root, "Council")
	target := r.passVote(t, r.propose(t, "Close the North office", false), "yes")
	rc, err := r.app.DraftMotion(ctx, r.v["olga"], plenum.NewMotion{Body: council.ID, Kind: plenum.MotionReconsideration,
		Target: target.ID, Title: "Reconsider closing the North office", Text: "The members were not consulted."})
	if err != nil {
		t.Fatal(err)
	}
	// 10% of 40: 4 supporters.
	rc, err = r.app.SubmitMotion(ctx, r.v["olga"], rc.ID)
	if err != nil || rc.Needed != 4 {
		t.Fatalf("submitted: %+v, %v", rc, err)
	}
	for _, name := range []string{"rahul", "kofi", "tomas"} {
		if rc, err = r.app.SupportMotion(ctx, r.v[name], rc.ID); err != nil {
			t.Fatal(err)
		}
	}
	if rc.Phase != plenum.MotionAdmitted {
		t.Fatalf("phase %s", rc.Phase)
	}
	d, err := r.app.PutToVote(ctx, r.v["ana"], rc.ID, 0, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Internal {
		t.Fatal("the vote on a reconsideration is public")
	}
	if _, err := r.app.Decision(ctx, plenum.Visitor(), d.ID); !plenum.IsKind(err, plenum.NotFound) {
		t.Errorf("a visitor sees the reconsideration: %v", err)
	}
	if l, _ := r.app.BodyDecisions(ctx, plenum.Visitor(), council.ID, 0, 10); len(l.Decisions) != 1 {
		t.Errorf("public decisions: %d", len(l.Decisions))
	}
	r.passVote(t, d, "yes")
	// Nor in the unit's public feed of decisions.
	feed, err := r.app.UnitDecisions(ctx, plenum.Visitor(), r.root.ID, 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range feed.Decisions {
		if fd.ID == d.ID {
			t.Error("the reconsideration is in the public feed")
		}
	}
	// Adopted: the original proposal is put to the vote again.
	l, err := r.app.BodyDecisions(ctx, plenum.Visitor(), council.ID, 0, 10)
	if err != nil || len(l.Decisions) != 2 || l.Decisions[0].Title != "Close the North office" || l.Decisions[0].Status != plenum.DecisionVoting {
		t.Errorf("decisions after reconsideration: %+v", l.Decisions)
	}
	for _, e := range verifyRecord(t, r.app) {
		if (strings.HasPrefix(e.Type, "motion.") || strings.Contains(string(e.Payload), "Reconsider")) && !e.Internal {
			t.Errorf("public entry %s: %s", e.Type, e.Payload)
		}
	}
}

func TestConstitutionChange(t *testing.T) {
	r := newRTU(t, 0)
	council := r.body(t, r.root, "Council")
	old := r.org.Constitution
	bad := strings.Replace(old, "quorum: 50%", "quorum: lots", 1)
	_, err := r.app.TableMotion(ctx, r.v["ana"], plenum.NewMotion{Body: council.ID, Kind: plenum.MotionConstitution, Title: "x", Text: bad})
	wantErr(t, err, plenum.Invalid, "constitution.yaml:")
	renamed := strings.Replace(old, "seats: 7", "seats: 9", 1)
	_, err = r.app.TableMotion(ctx, r.v["ana"], plenum.NewMotion{Body: council.ID, Kind: plenum.MotionConstitution, Title: "x", Text: renamed})
	wantErr(t, err, plenum.Invalid, "not the name, units, bodies")
	branch := r.body(t, r.north, "Branch committee")
	_, err = r.app.TableMotion(ctx, r.v["grace"], plenum.NewMotion{Body: branch.ID, Kind: plenum.MotionConstitution, Title: "x", Text: old})
	wantErr(t, err, plenum.Invalid, "whole organization")

	lower := strings.Replace(old, "quorum: 50%", "quorum: 40%", 1)
	m, err := r.app.TableMotion(ctx, r.v["ana"], plenum.NewMotion{Body: council.ID, Kind: plenum.MotionConstitution,
		Title: "Lower the quorum", Text: lower})
	if err != nil {
		t.Fatal(err)
	}
	d, err := r.app.PutToVote(ctx, r.v["ana"], m.ID, 0, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if d = r.passVote(t, d, "yes"); d.Status != plenum.DecisionAdopted {
		t.Fatalf("decision %s", d.Status)
	}
	org, err := r.app.Org(ctx, r.org.Slug)
	if err != nil || org.Constitution != lower {
		t.Fatalf("constitution not in force: %v\n%s", err, plenum.UnifiedDiff(org.Constitution, lower))
	}
	// The new quorum applies: 40% of 7 seats is 3.
	next := r.propose(t, "Meet weekly", false)
	page, err := r.app.DecisionPage(ctx, r.v["ana"], next.ID)
	if err != nil || page.Quorum.Needed != 3 {
		t.Errorf("quorum after the change: %+v, %v", page.Quorum, err)
	}
	var found bool
	for _, e := range verifyRecord(t, r.app) {
		if e.Type == "constitution.amended" {
			found = true
			var p struct {
				Diff, Source string
				Version      int
			}
			if err := json.Unmarshal(e.Payload, &p); err != nil {
				t.Fatal(err)
			}
			if e.Internal || !strings.Contains(p.Diff, "-   quorum: 50%") || !strings.Contains(p.Diff, "+   quorum: 40%") ||
				strings.Contains(p.Diff, "founding_mandates:") || p.Source != lower || p.Version != 2 {
				t.Errorf("constitution.amended = %+v", p)
			}
		}
	}
	if !found {
		t.Error("no constitution.amended entry")
	}
	var versions []*plenum.ConstitutionVersion
	_ = r.app.Store.View(ctx, func(tx plenum.Tx) (err error) { versions, err = tx.ConstitutionVersions(ctx, r.org.ID); return err })
	if len(versions) != 1 || versions[0].Previous != old || versions[0].Source != lower || versions[0].Decision != d.ID {
		t.Errorf("versions = %+v", versions)
	}
}
