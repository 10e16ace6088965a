package plenum_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"plenum"
	"plenum/constitution"
	"plenum/crypto/dkg"
	"plenum/secretballot"
	"plenum/storetest"
)

// The constitution's default: a trustees' step waits 72 hours.
const trusteeDeadline = 72 * time.Hour

// newRTUMethod is the tenants' union whose Secretary is elected by method.
func newRTUMethod(t *testing.T, method string) *rtu {
	t.Helper()
	app, c := appOn(t, storetest.SQLite(t))
	f := founding(t, example(t, "members.csv"))
	f.Source = []byte(strings.Replace(string(f.Source), "name: Secretary\n    method: irv", "name: Secretary\n    method: "+method, 1))
	var err error
	if f.Constitution, err = constitution.Parse(f.File, f.Source); err != nil {
		t.Fatal(err)
	}
	org, err := app.Found(ctx, plenum.CommandLine, f)
	if err != nil {
		t.Fatal(err)
	}
	r := &rtu{app: app, clock: c, org: org, root: unit(t, app, org, "Riverside"),
		north: unit(t, app, org, "Riverside/North branch"), v: map[string]*plenum.Viewer{}}
	for _, email := range []string{"ana.ribeiro", "grace.okafor", "lena.fischer", "marek.kowalski", "olga.petrova", "tomas.novak"} {
		name, _, _ := strings.Cut(email, ".")
		r.v[name] = login(t, app, org, email+"@riverside-tenants.example")
	}
	return r
}

// tick runs the elections' clock at time at.
func (r *rtu) tick(t *testing.T, at time.Time) {
	t.Helper()
	r.clock.t = at
	if _, err := r.app.AdvanceElections(ctx); err != nil && !plenum.IsKind(err, plenum.Conflict) {
		t.Fatal(err)
	}
}

func (r *rtu) election(t *testing.T, id plenum.ElectionID) *plenum.Election {
	t.Helper()
	var e *plenum.Election
	r.app.Store.View(ctx, func(tx plenum.Tx) (err error) {
		e, err = tx.Election(ctx, id)
		return err
	})
	return e
}

// voteAndClose opens the vote, has five members cast ballots (Grace first
// for three of them) and closes it.
func (r *rtu) voteAndClose(t *testing.T, e *plenum.Election) *plenum.Election {
	t.Helper()
	if e = r.election(t, e.ID); e.Status != plenum.ElectionCampaign {
		t.Fatalf("before the vote: %+v", e)
	}
	if r.clock.t.Before(e.Timeline.VotingOpen) {
		r.clock.t = e.Timeline.VotingOpen
	}
	if e = r.advance(t, e, plenum.ElectionVoting); e.Status != plenum.ElectionVoting {
		t.Fatalf("the vote does not open: %+v", e)
	}
	ranked := e.Method != "plurality"
	for who, b := range map[string][]int{"ana": {0, 1}, "grace": {0}, "tomas": {0, 2}, "lena": {1, 0}, "marek": {2, 1}} {
		if !ranked {
			b = b[:1]
		}
		if _, err := r.cast(t, r.v[who], e, false, b...); err != nil {
			t.Fatalf("%s casts: %v", who, err)
		}
	}
	r.clock.t = e.Timeline.VotingClose
	return r.advance(t, e, plenum.ElectionTally)
}

// wantResult checks that the record verifies, elects Grace from five
// ballots, and was decrypted by trustees decrypted.
func (r *rtu) wantResult(t *testing.T, e *plenum.Election, decrypted ...int) {
	t.Helper()
	_, fsys := boardOf(t, r.app, e.ID)
	rep, err := secretballot.Verify(fsys, secretballot.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if q := rep.Result.Questions[0]; len(q.Elected) != 1 || q.Elected[0] != "Grace Okafor" || q.Ballots != 5 || !slices.Equal(rep.Decrypted, decrypted) {
		t.Fatalf("result %+v, decrypted by %v; want Grace, 5 ballots, by %v", q, rep.Decrypted, decrypted)
	}
}

// A trustee who never takes part: the key ceremony waits for them until
// its deadline, then goes on with the two others (the threshold); the
// record and the page say who was left out and why; the vote, the mix-net
// (ranked) and the result go on without them. For a plurality and a
// ranked method.
func TestTrusteeMissingThresholdMet(t *testing.T) {
	for _, method := range []string{"plurality", "irv"} {
		t.Run(method, func(t *testing.T) {
			r := newRTUMethod(t, method)
			e := r.toCampaign(t)
			ks := r.kits(t, e)
			r.sendKeys(t, e, ks[:2])

			// The vote does not open without the key; the clock keeps
			// looking until the deadline, after the planned opening.
			r.tick(t, e.Timeline.VotingOpen)
			c, err := r.app.Ceremony(ctx, e.ID)
			if err != nil || c.Key || c.Step != plenum.StepKeys || !c.Deadline.Equal(e.Timeline.VotingOpen.Add(trusteeDeadline)) ||
				!strings.Contains(c.Waiting, "their public keys from") || !strings.Contains(c.Waiting, "(trustee 3)") {
				t.Fatalf("before the deadline: %+v, %v", c, err)
			}
			err = r.send(t, ks[0], e, plenum.StepDeal, secretballot.DealPayload{})
			wantErr(t, err, plenum.Conflict, "deal once every trustee's keys are in the record")

			// The deadline passes: the ceremony goes on without trustee 3.
			r.tick(t, c.Deadline)
			if b, _ := boardOf(t, r.app, e.ID); !b.KeysClosed || len(b.Roster) != 2 {
				t.Fatalf("after the deadline: roster %+v", b.Roster)
			}
			wantErr(t, r.send(t, ks[2], e, plenum.StepKeys, secretballot.TrusteePayload{}), plenum.Conflict, "went on without you")
			r.deal(t, e, ks[:2])
			r.check(t, e, ks[:2])
			b, _ := boardOf(t, r.app, e.ID)
			if want := []dkg.Disqualification{{Trustee: 3, Reason: dkg.ReasonNoKeys}}; !slices.Equal(b.Election.Key.Disqualified, want) {
				t.Fatalf("disqualified %+v, want %+v", b.Election.Key.Disqualified, want)
			}
			if c, _ = r.app.Ceremony(ctx, e.ID); c.Trustees[2].Absent != dkg.ReasonNoKeys || c.Trustees[2].AbsentPhrase.Key != "ceremony.absent.no_keys" ||
				c.Trustees[0].Absent != "" || !c.Key {
				t.Fatalf("ceremony %+v", c)
			}
			if got := recorded(t, r.app); got["election.trustees_absent"] != 1 || got["election.key"] != 1 {
				t.Fatalf("record entries %v", got)
			}

			e = r.voteAndClose(t, e)
			if method == "irv" {
				r.mix(t, ks[1], e)
				r.mix(t, ks[0], e)
			}
			for _, k := range ks[:2] {
				if err := r.decrypt(t, k, e); err != nil {
					t.Fatal(err)
				}
			}
			r.wantResult(t, e, 1, 2)
		})
	}
}

// A trustee who took part in the key ceremony is away after the vote: the
// mix-net waits for their mix until its deadline, then closes with the
// two who mixed, who decrypt.
func TestTrusteeMissingAtTheMixNet(t *testing.T) {
	r := newRTU(t, 0)
	e := r.toCampaign(t)
	ks := r.kits(t, e)
	r.ceremony(t, e, ks)
	e = r.voteAndClose(t, e)
	closed := r.clock.t
	r.mix(t, ks[2], e)
	r.mix(t, ks[0], e)
	c, err := r.app.Ceremony(ctx, e.ID)
	if err != nil || c.Step != plenum.StepMix || !strings.Contains(c.Decryption, "2 of the qualified trustees mixed") || !strings.Contains(c.Decryption, "(trustee 2)") {
		t.Fatalf("waiting for a mix: %+v, %v", c, err)
	}
	if !c.Deadline.Equal(closed.Add(trusteeDeadline)) {
		t.Fatalf("deadline %s, want %s", c.Deadline, closed.Add(trusteeDeadline))
	}
	r.tick(t, c.Deadline.Add(-time.Minute))
	if b, _ := boardOf(t, r.app, e.ID); b.MixNet.Closed {
		t.Fatal("the mix-net closed before its deadline")
	}
	r.tick(t, c.Deadline)
	b, _ := boardOf(t, r.app, e.ID)
	if !b.MixNet.Closed || !slices.Equal(b.MixNet.Absent, []int{2}) {
		t.Fatalf("after the deadline: %+v", b.MixNet)
	}
	if got := recorded(t, r.app); got["election.trustees_absent"] != 1 {
		t.Fatalf("record entries %v", got)
	}
	_, err = r.app.SubmitMix(ctx, ks[1].v, e.ID, 2, []byte("{}\n"))
	wantErr(t, err, plenum.Conflict, "not waiting for a mix")
	for _, k := range []*kit{ks[2], ks[0]} {
		if err := r.decrypt(t, k, e); err != nil {
			t.Fatal(err)
		}
	}
	r.wantResult(t, e, 3, 1)
}

// Too few trustees: at the deadline only one of the three sent keys, so
// the election holds, saying whom it waits for; no key, no vote. The
// step closes as soon as a second trustee comes. After the vote, one mix
// is not enough either: no result, a clear status, until a second trustee
// mixes.
func TestTooFewTrustees(t *testing.T) {
	r := newRTU(t, 0)
	e := r.toCampaign(t)
	ks := r.kits(t, e)
	r.sendKeys(t, e, ks[:1])
	r.tick(t, e.Timeline.VotingOpen.Add(trusteeDeadline))
	e = r.election(t, e.ID)
	if e.Status != plenum.ElectionCampaign || !strings.Contains(e.Hold, "too few trustees") || !strings.Contains(e.Hold, "from 1 trustees, 2 are needed") ||
		!strings.Contains(e.Hold, "(trustee 2), ") || !strings.Contains(e.Hold, "(trustee 3)") {
		t.Fatalf("held: %+v", e)
	}
	if b, _ := boardOf(t, r.app, e.ID); b.KeysClosed || b.Election != nil {
		t.Fatal("the key ceremony went on with one trustee")
	}
	r.sendKeys(t, e, ks[2:3])
	if b, _ := boardOf(t, r.app, e.ID); !b.KeysClosed || len(b.Roster) != 2 {
		t.Fatalf("a second trustee came after the deadline: roster %+v", b.Roster)
	}
	if e = r.election(t, e.ID); e.Hold != "" {
		t.Fatalf("still held: %q", e.Hold)
	}
	two := []*kit{ks[0], ks[2]}
	r.deal(t, e, two)
	r.check(t, e, two)

	e = r.voteAndClose(t, e)
	r.mix(t, ks[2], e)
	c, _ := r.app.Ceremony(ctx, e.ID)
	r.tick(t, c.Deadline)
	e = r.election(t, e.ID)
	if !strings.Contains(e.Hold, "their mixes of the ranked ballots from 1 trustees, 2 are needed") || !strings.Contains(e.Hold, "(trustee 1)") {
		t.Fatalf("held at the mix-net: %q", e.Hold)
	}
	if res, err := r.app.Result(ctx, e.ID); res != nil || err != nil {
		t.Fatalf("a result with one mix: %+v, %v", res, err)
	}
	r.mix(t, ks[0], e)
	if b, _ := boardOf(t, r.app, e.ID); !b.MixNet.Closed {
		t.Fatal("the mix-net is still open after the threshold mixed, past its deadline")
	}
	for _, k := range two {
		if err := r.decrypt(t, k, e); err != nil {
			t.Fatal(err)
		}
	}
	r.wantResult(t, e, 1, 3)
}
