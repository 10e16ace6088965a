package ranked

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"plenum/count"
	"plenum/crypto/elgamal"
	"plenum/crypto/group"
	"plenum/crypto/proof"
)

func testRand(seed byte) *rand.ChaCha8 { return rand.NewChaCha8([32]byte{seed}) }

// randomRanking ranks a random subset of c candidates in a random order.
func randomRanking(r *rand.Rand, c int) Ranking {
	order := r.Perm(c)
	k := r.IntN(c + 1)
	rk := make(Ranking, c)
	for i, cand := range order[:k] {
		rk[cand] = i + 1
	}
	return rk
}

func TestWidth(t *testing.T) {
	for _, tc := range []struct{ c, w int }{{1, 1}, {2, 1}, {15, 1}, {30, 1}, {40, 1}, {41, 2}, {68, 2}, {69, 3}, {300, 12}} {
		if got := Width(tc.c); got != tc.w {
			t.Errorf("Width(%d) = %d, want %d", tc.c, got, tc.w)
		}
	}
}

// TestRoundTrip: every ranking decodes, through its elements, to itself,
// for sizes on both sides of an element boundary.
func TestRoundTrip(t *testing.T) {
	r := rand.New(testRand(1))
	for _, c := range []int{1, 2, 3, 7, 15, 16, 31, 40, 41, 63, 64, 100} {
		for range 20 {
			want := randomRanking(r, c)
			es, err := want.Elements()
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != Width(c) {
				t.Fatalf("%d elements for %d candidates", len(es), c)
			}
			got, err := Decode(es, c)
			if err != nil {
				t.Fatalf("%v: %v", want, err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("decoded %v, want %v", got, want)
			}
			if err := got.Check(false); err != nil {
				t.Fatalf("%v: %v", got, err)
			}
		}
	}
}

func TestElementsRejectsBadRanks(t *testing.T) {
	for _, r := range []Ranking{{}, {1, 3}, {-1, 1}} {
		if _, err := r.Elements(); err == nil {
			t.Errorf("%v encodes", r)
		}
	}
}

// TestDecodeRejects: what no honest voter's ballot decrypts to is an
// invalid ballot, never a panic and never a different ranking.
func TestDecodeRejects(t *testing.T) {
	good, _ := Ranking{2, 1, 0}.Elements()
	payload, _ := packRanking(Ranking{2, 1, 0})
	var higher *group.Element // the same payload with a non-minimal counter
	minimal := -1
	for counter := range maxCounter {
		e, err := group.NewElement().SetBytes(embeddingBytes(payload, counter))
		if err != nil {
			continue
		}
		if minimal < 0 {
			minimal = counter
			continue
		}
		higher = e
		break
	}
	badPad := bytes.Clone(payload)
	badPad[PayloadSize-1] = 0x80
	padded, err := embed(badPad)
	if err != nil {
		t.Fatal(err)
	}
	bigRank, _ := embed(append([]byte{0xff}, make([]byte, PayloadSize-1)...)) // ranks 3 and 3 of 3: fine; 7 would not be
	for name, tc := range map[string]struct {
		es []*group.Element
		c  int
	}{
		"non-minimal counter":   {[]*group.Element{higher}, 3},
		"padding bit set":       {[]*group.Element{padded}, 3},
		"too many elements":     {[]*group.Element{good[0], good[0]}, 3},
		"no elements":           {nil, 3},
		"rank above candidates": {[]*group.Element{bigRank}, 2},
		"generator":             {[]*group.Element{group.Generator()}, 3},
		"zero candidates":       {good, 0},
	} {
		if r, err := Decode(tc.es, tc.c); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, %v; want a malformed ranking", name, r, err)
		}
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		r          Ranking
		strict, ok bool // valid without ties; valid with ties
	}{
		{Ranking{1, 2, 3}, true, true},
		{Ranking{3, 1, 2}, true, true},
		{Ranking{0, 1, 0}, true, true},
		{Ranking{0, 0, 0}, true, true}, // blank
		{Ranking{1, 1, 2}, false, true},
		{Ranking{1, 3, 0}, false, false}, // rank 2 skipped
		{Ranking{2, 0, 0}, false, false},
		{Ranking{1, 1, 3}, false, false},
	} {
		if err := tc.r.Check(false); (err == nil) != tc.strict {
			t.Errorf("%v.Check(false) = %v", tc.r, err)
		}
		if err := tc.r.Check(true); (err == nil) != tc.ok {
			t.Errorf("%v.Check(true) = %v", tc.r, err)
		}
	}
}

func TestBallot(t *testing.T) {
	got := Ranking{2, 0, 1, 2}.Ballot()
	want := count.Ballot{Ranks: [][]int{{2}, {0, 3}}, Weight: 1}
	if got.Weight != want.Weight || len(got.Ranks) != len(want.Ranks) {
		t.Fatalf("got %+v", got)
	}
	for i := range want.Ranks {
		if !slices.Equal(got.Ranks[i], want.Ranks[i]) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	}
	if b := (Ranking{0, 0}).Ballot(); len(b.Ranks) != 0 {
		t.Fatalf("blank ballot has ranks %v", b.Ranks)
	}
}

func keyPair(t *testing.T) (*group.Scalar, *elgamal.PublicKey) {
	x, _ := group.RandomScalar(testRand(9))
	pk, err := elgamal.NewPublicKey(group.NewElement().ScalarBaseMult(x))
	if err != nil {
		t.Fatal(err)
	}
	return x, pk
}

// TestEncryptDecrypt: an encrypted ranking verifies, decrypts to its
// elements and decodes to the ranking.
func TestEncryptDecrypt(t *testing.T) {
	x, pk := keyPair(t)
	b := proof.Binding{Fingerprint: []byte("election"), Context: []byte("credential|question 1")}
	for _, c := range []int{3, 45} {
		want := randomRanking(rand.New(testRand(byte(c))), c)
		enc, rs, err := Encrypt(testRand(2), pk, b, want)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != Width(c) {
			t.Fatalf("%d randomness values", len(rs))
		}
		if err := enc.Verify(b, c); err != nil {
			t.Fatal(err)
		}
		if err := enc.Opens(pk, want, rs); err != nil {
			t.Fatalf("opening: %v", err)
		}
		other := slices.Clone(want)
		other[0], other[1] = other[1], other[0]
		if slices.Equal(other, want) {
			other[0] = 1 - min(other[0], 1)
		}
		if err := enc.Opens(pk, other, rs); err == nil {
			t.Fatal("the opening opens another ranking")
		}
		var plain []*group.Element
		for _, ct := range enc.Ciphertexts {
			plain = append(plain, elgamal.Decrypt(ct, elgamal.PartialDecrypt(ct, x)))
		}
		got, err := Decode(plain, c)
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("decoded %v, %v; want %v", got, err, want)
		}
	}
}

// TestEncryptedIsBound: the proofs fail in another election, for another
// voter or question, for a changed ciphertext, or with columns swapped.
func TestEncryptedIsBound(t *testing.T) {
	_, pk := keyPair(t)
	b := proof.Binding{Fingerprint: []byte("election"), Context: []byte("credential A")}
	enc, _, err := Encrypt(testRand(3), pk, b, Ranking(slices.Repeat([]int{0}, 50)))
	if err != nil {
		t.Fatal(err)
	}
	clone := func() *Encrypted {
		e := &Encrypted{}
		for k := range enc.Ciphertexts {
			ct := *enc.Ciphertexts[k]
			e.Ciphertexts = append(e.Ciphertexts, &ct)
			e.Proofs = append(e.Proofs, enc.Proofs[k])
		}
		return e
	}
	changedB := clone()
	changedB.Ciphertexts[0].B.Add(&changedB.Ciphertexts[0].B, group.Generator())
	swapped := clone()
	swapped.Ciphertexts[0], swapped.Ciphertexts[1] = swapped.Ciphertexts[1], swapped.Ciphertexts[0]
	swapped.Proofs[0], swapped.Proofs[1] = swapped.Proofs[1], swapped.Proofs[0]
	short := clone()
	short.Ciphertexts, short.Proofs = short.Ciphertexts[:1], short.Proofs[:1]
	for name, tc := range map[string]struct {
		e *Encrypted
		b proof.Binding
	}{
		"other election": {enc, proof.Binding{Fingerprint: []byte("election 2"), Context: b.Context}},
		"other voter":    {enc, proof.Binding{Fingerprint: b.Fingerprint, Context: []byte("credential B")}},
		"changed B":      {changedB, b},
		"swapped":        {swapped, b},
		"short":          {short, b},
	} {
		if err := tc.e.Verify(tc.b, 50); !errors.Is(err, proof.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := enc.Verify(b, 50); err != nil {
		t.Fatal(err)
	}
}

// FuzzDecode: any bytes that decode as elements either give a ranking
// whose encoding is those very elements, or a malformed-ranking error.
func FuzzDecode(f *testing.F) {
	es, _ := Ranking{2, 1, 0}.Elements()
	f.Add(es[0].Bytes(), 3)
	f.Add(make([]byte, 32), 3)
	f.Add(group.Generator().Bytes(), 1)
	f.Fuzz(func(t *testing.T, b []byte, c int) {
		if c < 1 || c > 200 || len(b)%32 != 0 || len(b) == 0 {
			return
		}
		var es []*group.Element
		for off := 0; off < len(b); off += 32 {
			e, err := group.NewElement().SetBytes(b[off : off+32])
			if err != nil {
				return
			}
			es = append(es, e)
		}
		r, err := Decode(es, c)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		again, err := r.Elements()
		if err != nil {
			t.Fatal(err)
		}
		for i := range again {
			if !again[i].Equal(es[i]) {
				t.Fatal("decoded ranking encodes differently")
			}
		}
	})
}
