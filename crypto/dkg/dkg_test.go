package dkg

import (
	"crypto/ed25519"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
)

func seeded(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	s[0], s[1] = byte(seed), 'd'
	return rand.NewChaCha8(s)
}

// ceremony is a whole key ceremony among simulated trustees.
type ceremony struct {
	params       Params
	roster       Roster
	participants []*Participant
	commitments  []*Commitment
	shares       []*EncryptedShare
	complaints   []*Complaint
	reveals      []*Reveal
	result       *Result
	keyShares    map[int]*KeyShare
}

// cheats describes misbehaviour: tamper may change the dealt messages
// before they are checked, and silent trustees answer no complaint.
type cheats struct {
	tamper func(c *ceremony)
	silent map[int]bool
	absent map[int]bool // send no keys: not in the roster
	noDeal map[int]bool // send keys, then deal nothing
}

// runCeremony runs a key ceremony among n trustees, any thr of whom decrypt.
func runCeremony(t testing.TB, n, thr int, ch cheats) (*ceremony, error) {
	t.Helper()
	r := seeded(uint64(n*100 + thr))
	c := &ceremony{params: Params{Fingerprint: []byte("test election"), N: n, T: thr}, keyShares: map[int]*KeyShare{}}
	var ids []*Identity
	for i := 1; i <= n; i++ {
		id, err := NewIdentity(r, i)
		if err != nil {
			t.Fatal(err)
		}
		if ch.absent[i] {
			continue
		}
		pub, err := id.Public()
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		c.roster = append(c.roster, pub)
	}
	for _, id := range ids {
		p, err := NewParticipant(c.params, id, c.roster)
		if err != nil {
			t.Fatal(err)
		}
		cm, sh, err := p.Deal(r)
		if err != nil {
			t.Fatal(err)
		}
		c.participants = append(c.participants, p)
		if !ch.noDeal[id.Index] {
			c.commitments = append(c.commitments, cm)
			c.shares = append(c.shares, sh...)
		}
	}
	if ch.tamper != nil {
		ch.tamper(c)
	}
	for _, p := range c.participants {
		cp, err := p.Receive(c.commitments, c.shares)
		if err != nil {
			t.Fatal(err)
		}
		c.complaints = append(c.complaints, cp...)
	}
	for _, p := range c.participants {
		if ch.silent[p.Identity.Index] {
			continue
		}
		rv, err := p.Answer(c.complaints)
		if err != nil {
			t.Fatal(err)
		}
		c.reveals = append(c.reveals, rv...)
	}
	res, err := Qualify(c.params, c.roster, c.commitments, c.complaints, c.reveals)
	if err != nil {
		return c, err
	}
	c.result = res
	for _, p := range c.participants {
		if !res.Qualified(p.Identity.Index) {
			continue
		}
		ks, err := p.KeyShare(res, c.reveals)
		if err != nil {
			t.Fatalf("trustee %d: %v", p.Identity.Index, err)
		}
		c.keyShares[ks.Index] = ks
	}
	return c, nil
}

// subsets returns every k-element subset of set.
func subsets(set []int, k int) [][]int {
	if k == 0 {
		return [][]int{{}}
	}
	if len(set) < k {
		return nil
	}
	var out [][]int
	for _, rest := range subsets(set[1:], k-1) {
		out = append(out, append([]int{set[0]}, rest...))
	}
	return append(out, subsets(set[1:], k)...)
}

// checkDecryption encrypts m under the joint key and checks that every
// t-subset of qualified trustees decrypts it, with verified proofs, and
// that no (t-1)-subset interpolates the right factor.
func checkDecryption(t *testing.T, c *ceremony, m uint64) {
	t.Helper()
	r := seeded(99)
	pk, err := elgamal.NewPublicKey(c.result.JointKey)
	if err != nil {
		t.Fatal(err)
	}
	ct, _, _ := pk.EncryptRandom(r, group.NewScalarUint64(m))
	pds := map[int]*PartialDecryption{}
	for i, ks := range c.keyShares {
		pd, err := ks.PartialDecrypt(r, ct)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.result.VerifyPartial(ct, pd); err != nil {
			t.Fatalf("trustee %d's partial decryption: %v", i, err)
		}
		pds[i] = pd
	}
	want := new(group.Element).ScalarBaseMult(group.NewScalarUint64(m))
	q := c.result.QualifiedTrustees
	for _, set := range subsets(q, c.params.T) {
		var list []*PartialDecryption
		for _, i := range set {
			list = append(list, pds[i])
		}
		got, err := c.result.Combine(ct, list)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(want) {
			t.Errorf("trustees %v decrypt to the wrong value", set)
		}
	}
	for _, set := range subsets(q, c.params.T-1) {
		var list []*PartialDecryption
		for _, i := range set {
			list = append(list, pds[i])
		}
		if _, err := c.result.Combine(ct, list); err == nil {
			t.Errorf("trustees %v (t-1) combined", set)
		}
		// Interpolating their factors as if they were enough is wrong.
		if len(set) > 0 {
			f := group.NewElement()
			for _, i := range set {
				f.Add(f, new(group.Element).ScalarMult(Lagrange(set, i), pds[i].Factor))
			}
			if elgamal.Decrypt(ct, f).Equal(want) {
				t.Errorf("trustees %v (t-1) recover the plaintext", set)
			}
		}
	}
}

func TestHonestCeremony(t *testing.T) {
	for _, tc := range []struct{ n, t int }{{1, 1}, {3, 2}, {5, 3}, {4, 4}} {
		c, err := runCeremony(t, tc.n, tc.t, cheats{})
		if err != nil {
			t.Fatalf("%d of %d: %v", tc.t, tc.n, err)
		}
		if len(c.complaints) != 0 || len(c.result.Disqualified) != 0 || len(c.result.QualifiedTrustees) != tc.n {
			t.Fatalf("%d of %d: honest ceremony has complaints or disqualifications: %+v", tc.t, tc.n, c.result.Disqualified)
		}
		y := group.NewElement()
		for _, cm := range c.commitments {
			y.Add(y, cm.Coefficients[0])
		}
		if !y.Equal(c.result.JointKey) {
			t.Errorf("%d of %d: joint key is not the product of the constant commitments", tc.t, tc.n)
		}
		checkDecryption(t, c, 42)
	}
}

// resealShare replaces the share from → to with the value s, properly
// encrypted and signed: a dealer cheating with a wrong share.
func resealShare(t testing.TB, c *ceremony, from, to int, s *group.Scalar) {
	p := c.participants[from-1]
	sk, _ := p.Identity.signer()
	es, err := p.seal(sk, c.roster[to-1], s)
	if err != nil {
		t.Fatal(err)
	}
	for i, old := range c.shares {
		if old.From == from && old.To == to {
			c.shares[i] = es
		}
	}
}

func TestCheatingDealer(t *testing.T) {
	badShare := func(c *ceremony) { resealShare(t, c, 2, 4, group.NewScalarUint64(7)) }
	for _, tc := range []struct {
		name         string
		ch           cheats
		disqualified bool
	}{
		// Trustee 2 sends trustee 4 a wrong share and ignores the complaint.
		{"silent", cheats{tamper: badShare, silent: map[int]bool{2: true}}, true},
		// Trustee 2 sends a wrong share but reveals the right one when
		// trustee 4 complains: it stays, and 4 uses the revealed share.
		{"answers", cheats{tamper: badShare}, false},
		// Trustee 2 sends no share at all to trustee 4 and ignores the complaint.
		{"no share", cheats{tamper: func(c *ceremony) {
			c.shares = slices.DeleteFunc(c.shares, func(s *EncryptedShare) bool { return s.From == 2 && s.To == 4 })
		}, silent: map[int]bool{2: true}}, true},
		// A share for trustee 4 sent as if to trustee 5 does not decrypt.
		{"misdirected", cheats{tamper: func(c *ceremony) {
			for _, s := range c.shares {
				if s.From == 2 && s.To == 4 {
					s.To = 5
				}
			}
		}, silent: map[int]bool{2: true}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := runCeremony(t, 5, 3, tc.ch)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.complaints) == 0 || c.complaints[0].From != 4 || c.complaints[0].Against != 2 {
				t.Fatalf("trustee 4 did not complain about trustee 2: %+v", c.complaints)
			}
			if got := !c.result.Qualified(2); got != tc.disqualified {
				t.Fatalf("trustee 2 disqualified = %v, want %v (%+v)", got, tc.disqualified, c.result.Disqualified)
			}
			if tc.disqualified && !strings.Contains(c.result.Disqualified[0].Reason, "trustee 4") {
				t.Errorf("reason: %+v", c.result.Disqualified)
			}
			checkDecryption(t, c, 5)
		})
	}
}

// A reveal of a wrong share does not answer a complaint.
func TestWrongRevealDisqualifies(t *testing.T) {
	c, err := runCeremony(t, 4, 2, cheats{tamper: func(c *ceremony) {
		resealShare(t, c, 1, 3, group.NewScalarUint64(1))
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, rv := range c.reveals {
		rv.Share = group.NewScalarUint64(1)
		p := c.participants[rv.From-1]
		sk, _ := p.Identity.signer()
		rv.Signature = ed25519.Sign(sk, rv.signed(c.params.Fingerprint))
	}
	res, err := Qualify(c.params, c.roster, c.commitments, c.complaints, c.reveals)
	if err != nil {
		t.Fatal(err)
	}
	if res.Qualified(1) {
		t.Error("trustee 1 revealed a wrong share and stays qualified")
	}
}

// A false complaint against an honest trustee costs that trustee only the
// publication of one share.
func TestFalseComplaint(t *testing.T) {
	c, err := runCeremony(t, 3, 2, cheats{tamper: func(c *ceremony) {
		p := c.participants[2]
		sk, _ := p.Identity.signer()
		cp := &Complaint{From: 3, Against: 1}
		cp.Signature = ed25519.Sign(sk, cp.signed(c.params.Fingerprint))
		c.complaints = append(c.complaints, cp)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.result.Disqualified) != 0 {
		t.Fatalf("honest trustee disqualified: %+v", c.result.Disqualified)
	}
	checkDecryption(t, c, 1)
}

func TestBadCommitments(t *testing.T) {
	for name, tamper := range map[string]func(c *ceremony){
		"forged signature": func(c *ceremony) { c.commitments[1].Signature[0] ^= 1 },
		"signed by another trustee": func(c *ceremony) {
			sk, _ := c.participants[0].Identity.signer()
			c.commitments[1].Signature = ed25519.Sign(sk, c.commitments[1].signed(c.params.Fingerprint))
		},
		"proof of another trustee": func(c *ceremony) {
			cm := c.commitments[1]
			cm.Coefficients[0], cm.Proof = c.commitments[0].Coefficients[0], c.commitments[0].Proof
			sk, _ := c.participants[1].Identity.signer()
			cm.Signature = ed25519.Sign(sk, cm.signed(c.params.Fingerprint))
		},
		"too few coefficients": func(c *ceremony) {
			cm := c.commitments[1]
			cm.Coefficients = cm.Coefficients[:1]
			sk, _ := c.participants[1].Identity.signer()
			cm.Signature = ed25519.Sign(sk, cm.signed(c.params.Fingerprint))
		},
		"missing": func(c *ceremony) { c.commitments = slices.Delete(c.commitments, 1, 2) },
	} {
		t.Run(name, func(t *testing.T) {
			c, err := runCeremony(t, 4, 3, cheats{tamper: tamper})
			if err != nil {
				t.Fatal(err)
			}
			if c.result.Qualified(2) || len(c.result.QualifiedTrustees) != 3 {
				t.Fatalf("trustee 2 is not disqualified: %+v", c.result)
			}
			checkDecryption(t, c, 3)
		})
	}
}

// TestAbsentTrustees runs ceremonies without trustees who sent no keys or
// dealt nothing: they are disqualified with the reason, the others share
// the key, any t of them decrypt and t-1 cannot.
func TestAbsentTrustees(t *testing.T) {
	c, err := runCeremony(t, 5, 3, cheats{absent: map[int]bool{2: true}, noDeal: map[int]bool{4: true}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Disqualification{{2, ReasonNoKeys}, {4, ReasonNoDeal}}
	if !slices.Equal(c.result.Disqualified, want) || !slices.Equal(c.result.QualifiedTrustees, []int{1, 3, 5}) {
		t.Fatalf("qualified %v, disqualified %v; want [1 3 5], %v", c.result.QualifiedTrustees, c.result.Disqualified, want)
	}
	if len(c.result.VerificationKeys) != 5 || len(c.complaints) != 0 {
		t.Fatalf("%d verification keys, %d complaints", len(c.result.VerificationKeys), len(c.complaints))
	}
	checkDecryption(t, c, 7)
	if _, err := runCeremony(t, 4, 3, cheats{absent: map[int]bool{1: true}, noDeal: map[int]bool{3: true}}); err == nil {
		t.Fatal("a 3-of-4 ceremony with 2 dealers succeeded")
	}
}

func TestRosterOrder(t *testing.T) {
	c, err := runCeremony(t, 3, 2, cheats{})
	if err != nil {
		t.Fatal(err)
	}
	// Out of order, twice the same, fewer than the threshold.
	for _, r := range []Roster{{c.roster[1], c.roster[0]}, {c.roster[0], c.roster[0]}, {c.roster[0]}} {
		if r.Validate(c.params) == nil {
			t.Errorf("roster %v validates", r)
		}
	}
	if err := (Roster{c.roster[0], c.roster[2]}).Validate(c.params); err != nil {
		t.Errorf("roster of trustees 1 and 3: %v", err)
	}
}

func TestTooFewQualify(t *testing.T) {
	_, err := runCeremony(t, 3, 3, cheats{tamper: func(c *ceremony) { c.commitments = c.commitments[:2] }})
	if err == nil {
		t.Fatal("a 3-of-3 ceremony with 2 commitments succeeded")
	}
}

func TestPartialDecryptionNegative(t *testing.T) {
	c, err := runCeremony(t, 3, 2, cheats{})
	if err != nil {
		t.Fatal(err)
	}
	r := seeded(5)
	pk, _ := elgamal.NewPublicKey(c.result.JointKey)
	ct, _, _ := pk.EncryptRandom(r, group.NewScalarUint64(1))
	other, _, _ := pk.EncryptRandom(r, group.NewScalarUint64(1))
	pd, err := c.keyShares[1].PartialDecrypt(r, ct)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.result.VerifyPartial(other, pd); err == nil {
		t.Error("a partial decryption verifies for another ciphertext")
	}
	wrong := *pd
	wrong.Factor = new(group.Element).Add(pd.Factor, group.Generator())
	if err := c.result.VerifyPartial(ct, &wrong); err == nil {
		t.Error("a wrong factor verifies")
	}
	wrong = *pd
	wrong.Trustee = 2
	if err := c.result.VerifyPartial(ct, &wrong); err == nil {
		t.Error("a partial decryption verifies as another trustee's")
	}
	other2 := *c.result
	other2.Params.Fingerprint = []byte("another election")
	if err := other2.VerifyPartial(ct, pd); err == nil {
		t.Error("a partial decryption verifies in another election")
	}
}

func TestLagrange(t *testing.T) {
	// f(x) = 5 + 3x + 2x², f(0) = Σ λⱼ f(j) for any 3 points.
	f := []*group.Scalar{group.NewScalarUint64(5), group.NewScalarUint64(3), group.NewScalarUint64(2)}
	for _, set := range [][]int{{1, 2, 3}, {2, 4, 7}, {9, 1, 5}} {
		sum := group.NewScalar()
		for _, j := range set {
			sum.MultiplyAdd(Lagrange(set, j), evaluate(f, j), sum)
		}
		if !sum.Equal(f[0]) {
			t.Errorf("%v: interpolation at 0 is wrong", set)
		}
	}
}

func TestSecretFile(t *testing.T) {
	c, err := runCeremony(t, 2, 2, cheats{})
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := json.Marshal(c.keyShares[1])
	sealed, err := SealSecret(plain, "correct horse", 10)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(sealed), string(plain[:20])) {
		t.Fatal("sealed file contains the plaintext")
	}
	got, err := OpenSecret(sealed, "correct horse")
	if err != nil || string(got) != string(plain) {
		t.Fatalf("open: %v", err)
	}
	if _, err := OpenSecret(sealed, "wrong horse"); err == nil {
		t.Error("opened with a wrong passphrase")
	}
	if _, err := SealSecret(plain, "", 10); err == nil {
		t.Error("sealed with an empty passphrase")
	}
	var ks KeyShare
	if err := Decode(got, &ks); err != nil || !ks.Secret.Equal(c.keyShares[1].Secret) {
		t.Fatalf("decode key share: %v", err)
	}
}

// A participant's state survives a round trip through JSON between rounds,
// as a trustee working offline needs.
func TestParticipantState(t *testing.T) {
	c, err := runCeremony(t, 3, 2, cheats{})
	if err != nil {
		t.Fatal(err)
	}
	p := c.participants[0]
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var back Participant
	if err := Decode(data, &back); err != nil {
		t.Fatal(err)
	}
	ks, err := back.KeyShare(c.result, c.reveals)
	if err != nil || !ks.Secret.Equal(c.keyShares[1].Secret) {
		t.Fatalf("key share after a round trip: %v", err)
	}
}
