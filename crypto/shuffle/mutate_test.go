package shuffle

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
)

// bumpElement returns the encoding of the element b encodes plus G: another
// valid element, so the change is caught by the proof, not by a decoder.
func bumpElement(t *testing.T, b []byte) []byte {
	e, err := group.NewElement().SetBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return e.Add(e, group.Generator()).Bytes()
}

func bumpScalar(t *testing.T, b []byte) []byte {
	s, err := group.NewScalar().SetBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return s.Add(s, group.NewScalarUint64(1)).Bytes()
}

// TestEveryPublicInputIsBound changes, after proving, each public input of
// the challenges in turn (the parameters, every input and output
// ciphertext, every element and every response of the proof) and checks
// that the proof no longer verifies.
func TestEveryPublicInputIsBound(t *testing.T) {
	const n, w = 3, 2
	e := newElection(t, n, w, 11)
	out, proof, err := Mix(testRand(1), e.params, e.in)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(testRand(2), e.params, e.in, out, proof); err != nil {
		t.Fatal(err)
	}
	type mutation struct {
		name string
		run  func() error
	}
	var ms []mutation
	withParams := func(name string, change func(p *Params)) {
		ms = append(ms, mutation{name, func() error {
			p := *e.params
			change(&p)
			return Verify(testRand(2), &p, e.in, out, proof)
		}})
	}
	withParams("fingerprint", func(p *Params) { p.Fingerprint = append(bytes.Clone(p.Fingerprint), '!') })
	withParams("context", func(p *Params) { p.Context = []byte("mix 2") })
	withParams("key", func(p *Params) {
		p.Key, _ = elgamal.NewPublicKey(group.NewElement().Add(p.Key.Element(), group.Generator()))
	})

	for _, list := range []struct {
		name string
		rows *Rows
	}{{"input", e.in}, {"output", out}} {
		for off := 0; off < len(list.rows.Bytes()); off += 32 {
			ms = append(ms, mutation{fmt.Sprintf("%s bytes %d", list.name, off), func() error {
				b := bytes.Clone(list.rows.Bytes())
				copy(b[off:], bumpElement(t, b[off:off+32]))
				changed, _ := NewRows(w, b)
				if list.rows == e.in {
					return Verify(testRand(2), e.params, changed, out, proof)
				}
				return Verify(testRand(2), e.params, e.in, changed, proof)
			}})
		}
	}
	scalarParts := map[string]bool{"s1": true, "s2": true, "s3": true, "s4": true, "s_hat": true, "s_prime": true}
	for fi, f := range proof.parts() {
		for off := 0; off < len(*f.b); off += 32 {
			ms = append(ms, mutation{fmt.Sprintf("proof %s[%d]", f.name, off/32), func() error {
				q := cloneProof(proof)
				b := q.parts()[fi].b
				if scalarParts[f.name] {
					copy((*b)[off:], bumpScalar(t, (*b)[off:off+32]))
				} else {
					copy((*b)[off:], bumpElement(t, (*b)[off:off+32]))
				}
				return Verify(testRand(2), e.params, e.in, out, q)
			}})
		}
	}
	if len(ms) != 3+2*n*w*2+(5*n+3*w+6) {
		t.Fatalf("%d mutations", len(ms))
	}
	for _, m := range ms {
		if err := m.run(); !errors.Is(err, ErrInvalid) {
			t.Errorf("changing %s: got %v, want an invalid shuffle", m.name, err)
		}
	}
}

func cloneProof(p *Proof) *Proof {
	q := &Proof{}
	qs := q.parts()
	for i, f := range p.parts() {
		*qs[i].b = bytes.Clone(*f.b)
	}
	return q
}

// TestNonCanonicalEncodingsAreRejected: a proof part that is not the
// canonical encoding of its value fails with a message naming it.
func TestNonCanonicalEncodingsAreRejected(t *testing.T) {
	e := newElection(t, 2, 1, 4)
	out, proof, err := Mix(testRand(1), e.params, e.in)
	if err != nil {
		t.Fatal(err)
	}
	q := cloneProof(proof)
	copy(q.SPrime[32:], bytes.Repeat([]byte{0xff}, 32)) // ≥ ℓ
	if err := Verify(testRand(2), e.params, e.in, out, q); !errors.Is(err, ErrInvalid) || !bytes.Contains([]byte(err.Error()), []byte("s_prime[2]")) {
		t.Fatalf("scalar ≥ ℓ: %v", err)
	}
	q = cloneProof(proof)
	copy(q.CHat, bytes.Repeat([]byte{0xff}, 32)) // not a field element
	if err := Verify(testRand(2), e.params, e.in, out, q); !errors.Is(err, ErrInvalid) || !bytes.Contains([]byte(err.Error()), []byte("c_hat[1]")) {
		t.Fatalf("bad element: %v", err)
	}
}
