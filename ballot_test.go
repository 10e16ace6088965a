package plenum_test

import (
	"crypto/rand"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"plenum"
	"plenum/crypto/dkg"
	"plenum/secretballot"
)

// kit is a trustee's machine: their secrets never leave it.
type kit struct {
	v     *plenum.Viewer
	index int
	id    *dkg.Identity
	part  *dkg.Participant
	share *dkg.KeyShare
}

// boardOf reads and checks election id's record as it stands.
func boardOf(t testing.TB, app *plenum.App, id plenum.ElectionID) (*secretballot.Board, fstest.MapFS) {
	t.Helper()
	evs, err := app.BallotRecord(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, ev := range evs {
		fsys[secretballot.EventFileName(ev.Height, ev.Type)] = &fstest.MapFile{Data: ev.File}
	}
	b, err := secretballot.ReadBoard(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return b, fsys
}

func (r *rtu) send(t testing.TB, k *kit, e *plenum.Election, step string, v any) error {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.app.SubmitTrustee(ctx, k.v, e.ID, k.index, step, data)
	return err
}

// kits logs the election commission in, one kit per trustee, by index.
func (r *rtu) kits(t testing.TB, e *plenum.Election) []*kit {
	t.Helper()
	c, err := r.app.Ceremony(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ks []*kit
	for _, tv := range c.Trustees {
		var email string
		err := r.app.Store.View(ctx, func(tx plenum.Tx) error {
			mem, err := tx.Member(ctx, tv.Member)
			if err == nil {
				email = mem.Email
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		k := &kit{index: tv.Index}
		for _, v := range r.v { // a trustee who logged in already
			if v.Member.ID == tv.Member {
				k.v = v
			}
		}
		if k.v == nil {
			k.v = login(t, r.app, r.org, email)
		}
		ks = append(ks, k)
	}
	return ks
}

// ceremony runs the key ceremony with trustees ks, each sending in turn,
// the last first.
func (r *rtu) ceremony(t testing.TB, e *plenum.Election, ks []*kit) {
	t.Helper()
	r.sendKeys(t, e, ks)
	r.deal(t, e, ks)
	r.check(t, e, ks)
}

// sendKeys has trustees ks send their keys, the last first.
func (r *rtu) sendKeys(t testing.TB, e *plenum.Election, ks []*kit) {
	t.Helper()
	for i := len(ks) - 1; i >= 0; i-- {
		k := ks[i]
		var err error
		if k.id, err = dkg.NewIdentity(rand.Reader, k.index); err != nil {
			t.Fatal(err)
		}
		keys, _ := k.id.Public()
		if err := r.send(t, k, e, plenum.StepKeys, secretballot.TrusteePayload{Keys: keys}); err != nil {
			t.Fatal(err)
		}
	}
}

// deal has trustees ks deal their shares to the trustees in the record.
func (r *rtu) deal(t testing.TB, e *plenum.Election, ks []*kit) {
	t.Helper()
	b, _ := boardOf(t, r.app, e.ID)
	p := dkg.Params{Fingerprint: b.Fingerprint[:], N: b.Manifest.Trustees, T: b.Manifest.Threshold}
	for _, k := range ks {
		var err error
		if k.part, err = dkg.NewParticipant(p, k.id, b.Roster); err != nil {
			t.Fatal(err)
		}
		c, shares, err := k.part.Deal(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.send(t, k, e, plenum.StepDeal, secretballot.DealPayload{Commitment: c, Shares: shares}); err != nil {
			t.Fatal(err)
		}
	}
}

// check has trustees ks check their shares, which sets the election key,
// and take their share of it.
func (r *rtu) check(t testing.TB, e *plenum.Election, ks []*kit) {
	t.Helper()
	b, _ := boardOf(t, r.app, e.ID)
	for _, k := range ks {
		cs, err := k.part.Receive(b.Commitments, b.Shares)
		if err != nil {
			t.Fatal(err)
		}
		if cs == nil {
			cs = []*dkg.Complaint{}
		}
		if err := r.send(t, k, e, plenum.StepComplaints, cs); err != nil {
			t.Fatal(err)
		}
	}
	b, _ = boardOf(t, r.app, e.ID)
	if b.Election == nil {
		t.Fatal("no election key after the ceremony")
	}
	for _, k := range ks {
		var err error
		if k.share, err = k.part.KeyShare(b.Election.Key, b.Complaints.Reveals); err != nil {
			t.Fatal(err)
		}
	}
}

// cast has the voter rank or choose the candidates at the positions of
// the manifest given, and cast (or audit) the ballot.
func (r *rtu) cast(t *testing.T, v *plenum.Viewer, e *plenum.Election, audit bool, choice ...int) (*plenum.Receipt, error) {
	t.Helper()
	line := r.ballotLine(t, v, e, audit, choice...)
	if audit {
		return r.app.Audit(ctx, v, e.ID, line)
	}
	return r.app.Cast(ctx, v, e.ID, line)
}

func (r *rtu) ballotLine(t *testing.T, v *plenum.Viewer, e *plenum.Election, audit bool, choice ...int) []byte {
	t.Helper()
	bo, err := r.app.Booth(ctx, v, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var key dkg.Result
	if err := json.Unmarshal(bo.Record, &key); err != nil {
		t.Fatal(err)
	}
	se, err := secretballot.NewElection(*bo.Manifest, bo.Fingerprint, &key)
	if err != nil {
		t.Fatal(err)
	}
	cred, err := secretballot.ParseSecretCredential(bo.Credential)
	if err != nil {
		t.Fatalf("credential %q: %v", bo.Credential, err)
	}
	line, op, err := se.EncryptBallot(rand.Reader, cred, []secretballot.Choice{choice})
	if err != nil {
		t.Fatal(err)
	}
	if audit {
		line, err = secretballot.AuditLine(line, op)
		if err != nil {
			t.Fatal(err)
		}
	}
	return line
}

// mix has trustee k mix the ranked ballots on their machine and send it.
func (r *rtu) mix(t *testing.T, k *kit, e *plenum.Election) {
	t.Helper()
	_, fsys := boardOf(t, r.app, e.ID)
	job, err := secretballot.NextMix(fsys, k.index, secretballot.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	file, err := job.File(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.app.SubmitMix(ctx, k.v, e.ID, k.index, file); err != nil {
		t.Fatal(err)
	}
}

// decrypt has trustee k decrypt the tally and the ranked ballots.
func (r *rtu) decrypt(t *testing.T, k *kit, e *plenum.Election) error {
	t.Helper()
	b, fsys := boardOf(t, r.app, e.ID)
	pd, err := b.Election.PartiallyDecrypt(rand.Reader, k.share, b.Tally)
	if err != nil {
		t.Fatal(err)
	}
	rds, err := secretballot.DecryptRanked(rand.Reader, fsys, k.share)
	if err != nil {
		t.Fatal(err)
	}
	return r.send(t, k, e, plenum.StepDecrypt, plenum.Decryption{Partial: pd, Ranked: rds})
}

// toCampaign opens an election of Secretary with candidates Grace, Lena
// and Marek and closes its nominations.
func (r *rtu) toCampaign(t testing.TB) *plenum.Election {
	t.Helper()
	e := r.open(t, r.root, "Secretary")
	for _, who := range []string{"grace", "lena", "marek"} {
		r.nominate(t, who, who, e)
	}
	r.clock.t = e.Timeline.NominationsClose
	e, err := r.app.AdvanceElection(ctx, e.ID, plenum.ElectionCampaign)
	if err != nil || e.Status != plenum.ElectionCampaign {
		t.Fatalf("to campaign: %+v, %v", e, err)
	}
	return e
}

func (r *rtu) advance(t testing.TB, e *plenum.Election, to plenum.ElectionStatus) *plenum.Election {
	t.Helper()
	e, err := r.app.AdvanceElection(ctx, e.ID, to)
	if err != nil {
		t.Fatalf("to %s: %v", to, err)
	}
	return e
}

// A whole secret-ballot election: the ceremony, the vote, the mix-net,
// two of three trustees decrypting, certification and the record verified.
func TestSecretBallotElection(t *testing.T) {
	r := newRTU(t, 0)
	e := r.toCampaign(t)
	ks := r.kits(t, e)

	// The vote does not open before the key ceremony is complete.
	r.clock.t = e.Timeline.VotingOpen
	e = r.advance(t, e, plenum.ElectionVoting)
	if e.Status != plenum.ElectionCampaign || !strings.Contains(e.Hold, "key ceremony is not complete") {
		t.Fatalf("opened without a key: %+v", e)
	}
	r.ceremony(t, e, ks)
	r.clock.t = r.clock.t.Add(day)
	if e = r.advance(t, e, plenum.ElectionVoting); e.Status != plenum.ElectionVoting || e.Hold != "" {
		t.Fatalf("after the ceremony: %+v", e)
	}

	// Options: Grace, Lena, Marek. Grace 3 first preferences, Lena 1, Marek 1.
	ballots := map[string][]int{"ana": {0, 1}, "grace": {0}, "tomas": {0, 2}, "lena": {1, 0}, "marek": {2, 1}}
	if _, err := r.cast(t, r.v["ana"], e, true, 2); err != nil {
		t.Fatalf("audit: %v", err)
	}
	for who, b := range ballots {
		rc, err := r.cast(t, r.v[who], e, false, b...)
		if err != nil {
			t.Fatalf("%s casts: %v", who, err)
		}
		if got, err := r.app.TrackBallot(ctx, e.ID, rc.Tracker); err != nil || got.Height != rc.Height {
			t.Fatalf("tracker: %+v, %v", got, err)
		}
	}
	_, err := r.cast(t, r.v["ana"], e, false, 1)
	wantErr(t, err, plenum.Conflict, "you have voted")
	if tu, _ := r.app.ElectionTurnout(ctx, e.ID); tu.Voted != 5 || tu.Voters < 9 {
		t.Fatalf("turnout: %+v", tu)
	}

	r.clock.t = e.Timeline.VotingClose
	if e = r.advance(t, e, plenum.ElectionTally); e.Status != plenum.ElectionTally {
		t.Fatalf("to tally: %+v", e)
	}
	_, err = r.cast(t, r.v["olga"], e, false, 1)
	wantErr(t, err, plenum.Conflict, "the vote is not open")
	for _, k := range ks {
		r.mix(t, k, e)
	}
	// Trustee 2 is away; 1 and 3 decrypt.
	if err := r.decrypt(t, ks[2], e); err != nil {
		t.Fatal(err)
	}
	// Too few trustees so far: no result, and the status says why.
	if c, err := r.app.Ceremony(ctx, e.ID); err != nil || !strings.Contains(c.Decryption, "1 of the 2 needed") {
		t.Fatalf("status with one decryption: %q, %v", c.Decryption, err)
	}
	if res, err := r.app.Result(ctx, e.ID); res != nil || err != nil {
		t.Fatalf("a result with one decryption: %+v, %v", res, err)
	}
	_, err = r.app.ProposeCertification(ctx, ks[0].v, e.ID)
	wantErr(t, err, plenum.Conflict, "no result to certify")
	if err := r.decrypt(t, ks[0], e); err != nil {
		t.Fatal(err)
	}
	_, fsys := boardOf(t, r.app, e.ID)
	rep, err := secretballot.Verify(fsys, secretballot.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if q := rep.Result.Questions[0]; len(q.Elected) != 1 || q.Elected[0] != "Grace Okafor" || q.Ballots != 5 {
		t.Fatalf("result: %+v", q)
	}
	wantErr(t, r.decrypt(t, ks[1], e), plenum.Conflict, "the result is in the record")

	// The result goes to the commission, whose members are told to vote
	// on its certification (none of them stood). Two of three adopt it:
	// Grace takes office when Ana's term ends.
	d := r.certification(t, e, plenum.DecisionVoting)
	if d.Proposer != 0 || len(d.Recused) != 0 || !strings.Contains(d.Text, "Elected: Grace Okafor.") {
		t.Fatalf("certification: %+v", d)
	}
	if n, err := r.app.Notifications(ctx, ks[0].v, 0, 10); err != nil || len(n.Notices) == 0 ||
		n.Notices[0].Subject != "certify.notice.subject" || !n.Notices[0].Required || n.Notices[0].Link != "/decisions/"+d.ID.String() {
		t.Fatalf("the commission's notice: %+v, %v", n, err)
	}
	wantErr(t, r.app.VoteOnDecision(ctx, r.v["ana"], d.ID, plenum.VoteYes), plenum.Forbidden, "")
	if d = r.resolve(t, d, map[*plenum.Viewer]string{ks[0].v: plenum.VoteYes, ks[1].v: plenum.VoteYes, ks[2].v: plenum.VoteAbstain}); d.Status != plenum.DecisionAdopted {
		t.Fatalf("certification: %+v", d)
	}
	if e = election(t, r.app, e.ID); e.Status != plenum.ElectionCertified {
		t.Fatalf("certify: %+v", e)
	}
	var terms []*plenum.Term
	r.app.Store.View(ctx, func(tx plenum.Tx) (err error) {
		terms, err = tx.MemberTerms(ctx, r.member(t, "grace"))
		return err
	})
	if len(terms) == 0 || terms[0].Office != e.Office || terms[0].End.Sub(terms[0].Start) < 700*day {
		t.Fatalf("grace's terms: %+v", terms)
	}
	e = r.advance(t, e, plenum.ElectionChallenge)
	_, err = r.app.AdvanceElection(ctx, e.ID, plenum.ElectionClosed)
	wantErr(t, err, plenum.Conflict, "not before")
	r.clock.t = r.clock.t.Add(8 * day)
	if e = r.advance(t, e, plenum.ElectionClosed); e.Status != plenum.ElectionClosed {
		t.Fatalf("close: %+v", e)
	}
	got := recorded(t, r.app)
	for _, typ := range []string{"election.ceremony_opened", "election.key", "election.credentials", "election.tally", "election.result", "election.certified", "election.held"} {
		if got[typ] != 1 {
			t.Errorf("%d %s entries, want 1", got[typ], typ)
		}
	}
}

// Fifty casts at once by one voter: exactly one ballot is taken.
func TestDoubleCastConcurrent(t *testing.T) {
	r := newRTU(t, 0)
	e := r.toCampaign(t)
	r.ceremony(t, e, r.kits(t, e))
	r.clock.t = e.Timeline.VotingOpen
	e = r.advance(t, e, plenum.ElectionVoting)
	lines := make([][]byte, 50)
	for i := range lines {
		lines[i] = r.ballotLine(t, r.v["grace"], e, false, i%3)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	taken := 0
	for _, l := range lines {
		wg.Go(func() {
			if _, err := r.app.Cast(ctx, r.v["grace"], e.ID, l); err == nil {
				mu.Lock()
				taken++
				mu.Unlock()
			} else if !plenum.IsKind(err, plenum.Conflict) {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	b, _ := boardOf(t, r.app, e.ID)
	if taken != 1 || b.Cast != 1 {
		t.Fatalf("%d casts taken, %d ballots in the record; want 1", taken, b.Cast)
	}
}

// Casting is refused outside the voting window, to a viewer not on the
// roll, and for a ballot signed with another voter's credential.
func TestCastRefusals(t *testing.T) {
	r := newRTU(t, 0)
	e := r.toCampaign(t)
	r.ceremony(t, e, r.kits(t, e))
	_, err := r.app.Cast(ctx, r.v["grace"], e.ID, []byte(`{}`))
	wantErr(t, err, plenum.Conflict, "the vote is not open")
	r.clock.t = e.Timeline.VotingOpen
	e = r.advance(t, e, plenum.ElectionVoting)
	graces := r.ballotLine(t, r.v["grace"], e, false, 0)
	_, err = r.app.Cast(ctx, r.v["ana"], e.ID, graces)
	wantErr(t, err, plenum.Forbidden, "not signed with your credential")
	_, err = r.app.Cast(ctx, plenum.Visitor(), e.ID, graces)
	wantErr(t, err, plenum.Forbidden, "only members on the roll")
	_, err = r.app.Cast(ctx, r.v["grace"], e.ID, append(graces[:len(graces)-5:len(graces)-5], []byte(`AAAA"}`)...))
	wantErr(t, err, plenum.Invalid, "")
	if _, err := r.app.Cast(ctx, r.v["grace"], e.ID, graces); err != nil {
		t.Fatal(err)
	}
	r.clock.t = e.Timeline.VotingClose
	_, err = r.app.Cast(ctx, r.v["ana"], e.ID, r.ballotLine(t, r.v["ana"], e, false, 1))
	wantErr(t, err, plenum.Conflict, "the vote is not open")
}

// Only trustee i sends trustee i's parts and mixes: a member who is not
// that trustee is refused, and an index the election has no trustee of is
// not found, for both.
func TestOnlyTheTrusteeSends(t *testing.T) {
	r := newRTU(t, 0)
	e := r.toCampaign(t)
	ks := r.kits(t, e)
	for _, tc := range []struct {
		v     *plenum.Viewer
		index int
		kind  plenum.Kind
	}{{r.v["olga"], 1, plenum.Forbidden}, {ks[1].v, 1, plenum.Forbidden}, {plenum.Visitor(), 1, plenum.Forbidden},
		{ks[0].v, 9, plenum.NotFound}, {ks[0].v, 0, plenum.NotFound}} {
		_, err := r.app.SubmitTrustee(ctx, tc.v, e.ID, tc.index, "keys", []byte("{}"))
		wantErr(t, err, tc.kind, "trustee")
		_, err = r.app.SubmitMix(ctx, tc.v, e.ID, tc.index, []byte("{}\n"))
		wantErr(t, err, tc.kind, "trustee")
	}
}
