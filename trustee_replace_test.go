package plenum_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"plenum"
	"plenum/storetest"
)

// replacement proposes, as v, that the member replace trustee index.
func (r *rtu) replacement(v *plenum.Viewer, e *plenum.Election, index int, m plenum.MemberID) (*plenum.Decision, error) {
	return r.app.ReplaceTrustee(ctx, v, e.ID, index, m)
}

// Too few trustees take part in the key ceremony, and the election is
// held. The election commission names a member in place of an absent
// trustee, by a decision: not a candidate, not a trustee already, not a
// member who does not exist, not by a member outside the commission. Its
// adoption begins the ceremony again with the new list; the held election
// resumes, and the new trustee is told their step. Once the vote has
// opened, no trustee can be replaced.
func TestCommissionReplacesAnAbsentTrustee(t *testing.T) {
	r := newRTU(t, 0)
	e := r.toCampaign(t)
	ks := r.kits(t, e)
	r.sendKeys(t, e, ks[:1])
	r.tick(t, e.Timeline.VotingOpen.Add(trusteeDeadline))
	if e = r.election(t, e.ID); !strings.Contains(e.Hold, "too few trustees") {
		t.Fatalf("not held: %+v", e)
	}
	var olga plenum.MemberID
	for _, who := range []string{"olga", "tomas", "ana"} {
		if !slices.ContainsFunc(ks, func(k *kit) bool { return k.v.Member.ID == r.member(t, who) }) {
			olga = r.member(t, who)
			break
		}
	}

	_, err := r.replacement(r.v["lena"], e, 2, olga)
	wantErr(t, err, plenum.Forbidden, "only members of the Election commission")
	_, err = r.replacement(ks[0].v, e, 2, r.member(t, "grace"))
	wantErr(t, err, plenum.Invalid, "stands in this election")
	_, err = r.replacement(ks[0].v, e, 2, ks[2].v.Member.ID)
	wantErr(t, err, plenum.Invalid, "a trustee of this election already")
	_, err = r.replacement(ks[0].v, e, 2, 999999)
	wantErr(t, err, plenum.Invalid, "no member 999999")
	_, err = r.replacement(ks[0].v, e, 4, olga)
	wantErr(t, err, plenum.Invalid, "the election has 3 trustees")
	// Through the decisions' own route, the payload is checked alike.
	commission, _, _ := r.commission(t, e)
	payload, _ := json.Marshal(map[string]any{"election": e.ID, "trustee": 2, "member": r.member(t, "marek")})
	_, err = r.app.ProposeDecision(ctx, ks[0].v, plenum.ProposeDecision{Body: commission, Kind: "trustee", Title: "Marek", Payload: payload})
	wantErr(t, err, plenum.Invalid, "stands in this election")

	d, err := r.replacement(ks[0].v, e, 2, olga)
	if err != nil || d.Kind != "trustee" || d.Subject != "election:"+e.ID.String() {
		t.Fatalf("replacement: %+v, %v", d, err)
	}
	_, err = r.replacement(ks[2].v, e, 2, olga)
	wantErr(t, err, plenum.Conflict, "being voted on already")
	before := recorded(t, r.app)
	if d = r.resolve(t, d, map[*plenum.Viewer]string{ks[0].v: plenum.VoteYes, ks[2].v: plenum.VoteYes, ks[1].v: plenum.VoteNo}); d.Status != plenum.DecisionAdopted {
		t.Fatalf("replacement: %+v", d)
	}
	after := recorded(t, r.app)
	if after["election.trustee_replaced"] != 1 || after["election.ceremony_opened"] != before["election.ceremony_opened"]+1 {
		t.Fatalf("record entries %v", after)
	}
	if e = r.election(t, e.ID); e.Hold != "" || e.Status != plenum.ElectionCampaign {
		t.Fatalf("still held: %+v", e)
	}
	c, err := r.app.Ceremony(ctx, e.ID)
	if err != nil || len(c.Trustees) != 3 || c.Trustees[1].Member != olga || c.Trustees[0].Member != ks[0].v.Member.ID || c.Events != 1 || c.Step != plenum.StepKeys {
		t.Fatalf("the new ceremony: %+v, %v", c, err)
	}
	for _, k := range ks { // logged in already
		r.v[k.v.Member.Email] = k.v
	}
	ks = r.kits(t, e)
	if got := r.trusteeNotices(t, ks[1], e); got["keys.told"] != 1 {
		t.Fatalf("the new trustee was told %v", got)
	}

	// The ceremony completes with the new trustee, and the vote goes on.
	r.ceremony(t, e, ks)
	e = r.voteAndClose(t, e)
	_, err = r.replacement(ks[0].v, e, 3, r.member(t, "tomas"))
	wantErr(t, err, plenum.Conflict, "the vote has opened: ballots are cast under the election key")
	for _, k := range ks {
		r.mix(t, k, e)
	}
	for _, k := range ks[1:] {
		if err := r.decrypt(t, k, e); err != nil {
			t.Fatal(err)
		}
	}
	r.wantResult(t, e, 2, 3)
}

// commission returns the body that holds e's key.
func (r *rtu) commission(t *testing.T, e *plenum.Election) (plenum.BodyID, string, error) {
	t.Helper()
	c, err := r.app.Ceremony(ctx, e.ID)
	if err != nil || c.Commission == nil {
		t.Fatalf("no commission: %+v, %v", c, err)
	}
	return c.Commission.ID, c.Commission.Name, nil
}

// A trustee the constitution names is checked when the constitution is
// changed (an active member of the commission's unit) and when they are
// nominated: a trustee cannot stand in the election they hold a key for.
func TestNamedTrusteesChecked(t *testing.T) {
	const commission = "  - { unit: Riverside, body: Election commission }"
	named := func(emails ...string) string {
		return "  - { unit: Riverside, body: Election commission, trustees: [" + strings.Join(emails, ", ") + "] }"
	}
	trustees := named("olga.petrova@riverside-tenants.example", "grace.okafor@riverside-tenants.example", "tomas.novak@riverside-tenants.example")
	r := newRTUEdited(t, storetest.SQLite(t), func(src string) string { return strings.Replace(src, commission, trustees, 1) })
	if !strings.Contains(r.org.Constitution, trustees) {
		t.Fatal("the constitution names no trustees")
	}
	e := r.open(t, r.root, "Secretary")
	_, err := r.app.Nominate(ctx, r.v["grace"], e.ID, r.member(t, "grace"))
	wantErr(t, err, plenum.Invalid, "names Grace Okafor a trustee of this election: a trustee cannot stand")
	_, err = r.app.Nominate(ctx, r.v["lena"], e.ID, r.member(t, "olga"))
	wantErr(t, err, plenum.Invalid, "a trustee cannot stand")
	if _, err := r.app.Nominate(ctx, r.v["lena"], e.ID, r.member(t, "lena")); err != nil {
		t.Fatal(err)
	}

	council := r.body(t, r.root, "Council")
	stranger := strings.Replace(r.org.Constitution, trustees, named("olga.petrova@riverside-tenants.example", "nobody@riverside-tenants.example"), 1)
	_, err = r.app.TableMotion(ctx, r.v["ana"], plenum.NewMotion{Body: council.ID, Kind: plenum.MotionConstitution, Title: "x", Text: stranger})
	wantErr(t, err, plenum.Invalid, "names nobody@riverside-tenants.example a trustee, who is not an active member of Riverside")
	other := strings.Replace(r.org.Constitution, trustees, named("olga.petrova@riverside-tenants.example", "marek.kowalski@riverside-tenants.example"), 1)
	if _, err = r.app.TableMotion(ctx, r.v["ana"], plenum.NewMotion{Body: council.ID, Kind: plenum.MotionConstitution, Title: "Other trustees", Text: other}); err != nil {
		t.Fatal(err)
	}
}

// An election commission with no members in office cannot certify: the
// certification says so, for the page to tell who must act.
func TestVacantCommissionCannotCertify(t *testing.T) {
	r := newRTU(t, 0)
	e, ks := r.toResult(t, r.root, "Secretary", []string{"grace", "lena", "marek"}, map[string]int{"ana": 0, "tomas": 1, "olga": 0})
	if c, err := r.app.Certification(ctx, plenum.Visitor(), e.ID); err != nil || c.Vacant {
		t.Fatalf("a commission in office: %+v, %v", c, err)
	}
	for _, k := range ks {
		var terms []*plenum.Term
		r.app.Store.View(ctx, func(tx plenum.Tx) (err error) { terms, err = tx.MemberTerms(ctx, k.v.Member.ID); return err })
		for _, term := range terms {
			if term.Current(r.clock.t) {
				if _, err := r.app.Resign(ctx, k.v, term.ID, plenum.DefaultCalendar); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if c, err := r.app.Certification(ctx, plenum.Visitor(), e.ID); err != nil || !c.Vacant || c.Commission == nil {
		t.Fatalf("a commission with nobody in office: %+v, %v", c, err)
	}
}
