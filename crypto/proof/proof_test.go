package proof

import (
	"errors"
	"math/rand/v2"
	"testing"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
)

func seeded(seed byte) *rand.ChaCha8 { return rand.NewChaCha8([32]byte{seed, 'p', 'r', 'o', 'o', 'f'}) }

func scalar(t testing.TB, r *rand.ChaCha8) *group.Scalar {
	s, err := group.RandomScalar(r)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func element(t testing.TB, r *rand.ChaCha8) *group.Element {
	return new(group.Element).ScalarBaseMult(scalar(t, r))
}

var binding = Binding{Fingerprint: []byte("election 1"), Context: []byte("voter 7, question 0")}

// variants returns the binding with each field changed in turn.
func otherBindings() map[string]Binding {
	return map[string]Binding{
		"fingerprint": {Fingerprint: []byte("election 2"), Context: binding.Context},
		"context":     {Fingerprint: binding.Fingerprint, Context: []byte("voter 8, question 0")},
		"no context":  {Fingerprint: binding.Fingerprint},
	}
}

func mustFail(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: verification passed", what)
	} else if !errors.Is(err, ErrInvalid) {
		t.Errorf("%s: error %v does not wrap ErrInvalid", what, err)
	}
}

func TestSchnorr(t *testing.T) {
	r := seeded(1)
	base := group.DeriveGenerator("test", 0)
	x := scalar(t, r)
	X := new(group.Element).ScalarMult(x, base)
	p, err := ProveSchnorr(r, binding, base, X, x)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Verify(binding, base, X); err != nil {
		t.Fatalf("honest proof: %v", err)
	}
	gx := new(group.Element).ScalarBaseMult(x)
	pg, _ := ProveSchnorr(r, binding, group.Generator(), gx, x)
	if err := pg.Verify(binding, group.Generator(), gx); err != nil {
		t.Fatalf("honest proof on g: %v", err)
	}
	for name, b := range otherBindings() {
		mustFail(t, name, p.Verify(b, base, X))
	}
	mustFail(t, "base", p.Verify(binding, group.Generator(), X))
	mustFail(t, "public key", p.Verify(binding, base, element(t, r)))
	mustFail(t, "identity key", p.Verify(binding, base, group.NewElement()))
	bad := *p
	bad.A.Add(&bad.A, group.Generator())
	mustFail(t, "commitment", bad.Verify(binding, base, X))
	bad = *p
	bad.S.Add(&bad.S, one)
	mustFail(t, "response", bad.Verify(binding, base, X))
	wrong, _ := ProveSchnorr(r, binding, base, X, scalar(t, r))
	mustFail(t, "wrong witness", wrong.Verify(binding, base, X))
}

func TestDLEQ(t *testing.T) {
	r := seeded(2)
	G, H := group.Generator(), element(t, r)
	x := scalar(t, r)
	X, Z := new(group.Element).ScalarMult(x, G), new(group.Element).ScalarMult(x, H)
	p, err := ProveDLEQ(r, binding, G, X, H, Z, x)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Verify(binding, G, X, H, Z); err != nil {
		t.Fatalf("honest proof: %v", err)
	}
	for name, b := range otherBindings() {
		mustFail(t, name, p.Verify(b, G, X, H, Z))
	}
	other := element(t, r)
	mustFail(t, "base G", p.Verify(binding, other, X, H, Z))
	mustFail(t, "key X", p.Verify(binding, G, other, H, Z))
	mustFail(t, "base H", p.Verify(binding, G, X, other, Z))
	mustFail(t, "factor Z", p.Verify(binding, G, X, H, other))
	mustFail(t, "swapped", p.Verify(binding, H, Z, G, X))
	for i, mutate := range []func(*DLEQ){
		func(q *DLEQ) { q.A.Add(&q.A, G) },
		func(q *DLEQ) { q.B.Add(&q.B, G) },
		func(q *DLEQ) { q.S.Add(&q.S, one) },
	} {
		bad := *p
		mutate(&bad)
		mustFail(t, "proof field "+string(rune('0'+i)), bad.Verify(binding, G, X, H, Z))
	}
	// A factor computed with another share cannot be proved.
	y := scalar(t, r)
	Zy := new(group.Element).ScalarMult(y, H)
	forged, _ := ProveDLEQ(r, binding, G, X, H, Zy, x)
	mustFail(t, "unequal logs", forged.Verify(binding, G, X, H, Zy))
}

func encrypt(t testing.TB, r *rand.ChaCha8, pk *elgamal.PublicKey, m uint64) (*elgamal.Ciphertext, *group.Scalar) {
	c, rr, err := pk.EncryptRandom(r, group.NewScalarUint64(m))
	if err != nil {
		t.Fatal(err)
	}
	return c, rr
}

func testKey(t testing.TB, r *rand.ChaCha8) *elgamal.PublicKey {
	pk, err := elgamal.NewPublicKey(element(t, r))
	if err != nil {
		t.Fatal(err)
	}
	return pk
}

func TestRange(t *testing.T) {
	r := seeded(3)
	pk := testKey(t, r)
	for _, tc := range []struct{ m, lo, hi uint64 }{
		{0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 0, 0}, {3, 0, 5}, {5, 2, 5}, {2, 2, 5},
	} {
		c, rr := encrypt(t, r, pk, tc.m)
		p, err := ProveRange(r, binding, pk, c, tc.m, rr, tc.lo, tc.hi)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Verify(binding, pk, c, tc.lo, tc.hi); err != nil {
			t.Errorf("m=%d in %d..%d: %v", tc.m, tc.lo, tc.hi, err)
		}
	}
	if _, err := ProveRange(r, binding, pk, nil, 2, nil, 0, 1); err == nil {
		t.Error("ProveRange accepted a plaintext out of range")
	}
}

func TestRangeNegative(t *testing.T) {
	r := seeded(4)
	pk := testKey(t, r)
	c, rr := encrypt(t, r, pk, 1)
	p, err := ProveRange(r, binding, pk, c, 1, rr, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range otherBindings() {
		mustFail(t, name, p.Verify(b, pk, c, 0, 1))
	}
	mustFail(t, "key", p.Verify(binding, testKey(t, r), c, 0, 1))
	other, _ := encrypt(t, r, pk, 1)
	mustFail(t, "ciphertext", p.Verify(binding, pk, other, 0, 1))
	swapA := &elgamal.Ciphertext{}
	swapA.A.Set(&other.A)
	swapA.B.Set(&c.B)
	mustFail(t, "ciphertext A", p.Verify(binding, pk, swapA, 0, 1))
	swapB := &elgamal.Ciphertext{}
	swapB.A.Set(&c.A)
	swapB.B.Set(&other.B)
	mustFail(t, "ciphertext B", p.Verify(binding, pk, swapB, 0, 1))
	mustFail(t, "range shifted", p.Verify(binding, pk, c, 1, 2))
	mustFail(t, "range widened", p.Verify(binding, pk, c, 0, 2))
	// The same randomness with the plaintext 2: a ciphertext out of range.
	two := pk.Encrypt(group.NewScalarUint64(2), rr)
	mustFail(t, "plaintext out of range", p.Verify(binding, pk, two, 0, 1))
	for j := range p.Branches {
		for f, mutate := range []func(*RangeBranch){
			func(b *RangeBranch) { b.A.Add(&b.A, generator) },
			func(b *RangeBranch) { b.B.Add(&b.B, generator) },
			func(b *RangeBranch) { b.C.Add(&b.C, one) },
			func(b *RangeBranch) { b.S.Add(&b.S, one) },
		} {
			bad := Range{Branches: append([]RangeBranch(nil), p.Branches...)}
			mutate(&bad.Branches[j])
			mustFail(t, "branch field", bad.Verify(binding, pk, c, 0, 1))
			_ = f
		}
	}
	// Moving challenge between branches keeps the sum but breaks both.
	bad := Range{Branches: append([]RangeBranch(nil), p.Branches...)}
	bad.Branches[0].C.Add(&bad.Branches[0].C, one)
	bad.Branches[1].C.Subtract(&bad.Branches[1].C, one)
	mustFail(t, "shifted challenge", bad.Verify(binding, pk, c, 0, 1))
}

// An honest batch of mixed proofs verifies; one bad proof anywhere in it
// makes the whole batch fail.
func TestBatch(t *testing.T) {
	r := seeded(5)
	pk := testKey(t, r)
	type item struct {
		c     *elgamal.Ciphertext
		p     *Range
		lo, h uint64
	}
	var items []item
	for i := range 40 {
		m := uint64(i % 2)
		c, rr := encrypt(t, r, pk, m)
		p, err := ProveRange(r, binding, pk, c, m, rr, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, item{c, p, 0, 1})
	}
	x := scalar(t, r)
	X := new(group.Element).ScalarBaseMult(x)
	factor := elgamal.PartialDecrypt(items[0].c, x)
	dl, _ := ProveDLEQ(r, binding, group.Generator(), X, &items[0].c.A, factor, x)
	sp, _ := ProveSchnorr(r, binding, group.Generator(), X, x)
	// spoil changes one response, which the hash does not cover: only the
	// batched equations can catch it.
	build := func(spoil int) *Batch {
		bt := NewBatch()
		for i, it := range items {
			p := it.p
			if i == spoil {
				p = &Range{Branches: append([]RangeBranch(nil), it.p.Branches...)}
				p.Branches[1].S.Add(&p.Branches[1].S, one)
			}
			if err := p.AddToBatch(bt, binding, pk, it.c, it.lo, it.h); err != nil {
				t.Fatal(err)
			}
		}
		if err := dl.AddToBatch(bt, binding, group.Generator(), X, &items[0].c.A, factor); err != nil {
			t.Fatal(err)
		}
		if err := sp.AddToBatch(bt, binding, group.Generator(), X); err != nil {
			t.Fatal(err)
		}
		return bt
	}
	if err := build(-1).Verify(); err != nil {
		t.Fatalf("honest batch: %v", err)
	}
	for _, spoil := range []int{0, 17, 39} {
		mustFail(t, "batch with a bad response", build(spoil).Verify())
	}
	bt := build(-1)
	bad := *dl
	bad.S.Add(&bad.S, one)
	if err := bad.AddToBatch(bt, binding, group.Generator(), X, &items[0].c.A, factor); err != nil {
		t.Fatal(err)
	}
	mustFail(t, "batch with a bad decryption proof", bt.Verify())
}
