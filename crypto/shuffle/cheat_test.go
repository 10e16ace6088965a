package shuffle

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
)

// A cheat changes output row i of a mix (after honest re-encryption) the
// way a dishonest mixer would; the prover then commits to and proves the
// changed output with its honest witness, the best it can do.
type cheat struct {
	name  string
	minN  int
	minW  int
	apply func(pr *prover, e *election, i int, row []elgamal.Ciphertext)
}

var cheats = []cheat{
	{"replace a ballot with a new one", 1, 1, func(pr *prover, e *election, i int, row []elgamal.Ciphertext) {
		r := testRand(uint64(99 + i))
		row[0] = *e.params.Key.Encrypt(mustScalar(r), mustScalar(r))
	}},
	{"change a ballot's plaintext", 1, 1, func(pr *prover, e *election, i int, row []elgamal.Ciphertext) {
		row[0].B.Add(&row[0].B, group.Generator())
	}},
	{"drop a ballot and duplicate another", 2, 1, func(pr *prover, e *election, i int, row []elgamal.Ciphertext) {
		other, _ := e.in.Row(int(pr.psi[(i+1)%pr.n]))
		r := testRand(uint64(7 + i))
		for k := range row {
			row[k] = *e.params.Key.ReEncrypt(&other[k], mustScalar(r))
		}
	}},
	{"swap ciphertexts within a row", 1, 2, func(pr *prover, e *election, i int, row []elgamal.Ciphertext) {
		row[0], row[1] = row[1], row[0]
	}},
}

// cheatingMix runs the prover with c applied to output row victim.
func cheatingMix(t *testing.T, e *election, c *cheat, victim int) (*Rows, *Proof) {
	t.Helper()
	pr := &prover{p: e.params, in: e.in, n: e.in.Len(), w: e.in.Width()}
	testRand(5).Read(pr.sec.seed[:])
	pr.tamper = func(i int, row []elgamal.Ciphertext) {
		if i == victim {
			c.apply(pr, e, i, row)
		}
	}
	out, proof, err := pr.run()
	if err != nil {
		t.Fatal(err)
	}
	return out, proof
}

// TestCheatingMixersAreCaught is the property "a mix verifies if and only
// if its output is a re-encrypted permutation of its input" over random
// sizes, each kind of cheat, and each victim row; the decryption of the
// output is the oracle.
func TestCheatingMixersAreCaught(t *testing.T) {
	r := testRand(42)
	for trial := range 12 {
		n, w := 1+int(r.Uint64()%6), 1+int(r.Uint64()%3)
		e := newElection(t, n, w, uint64(trial))
		for ci := range cheats {
			c := &cheats[ci]
			if n < c.minN || w < c.minW {
				continue
			}
			victim := int(r.Uint64() % uint64(n))
			t.Run(fmt.Sprintf("%d/%s/n=%d,w=%d,row=%d", trial, c.name, n, w, victim), func(t *testing.T) {
				out, proof := cheatingMix(t, e, c, victim)
				permuted := slices.Equal(e.decryptRows(t, out), e.plainRows())
				err := Verify(testRand(3), e.params, e.in, out, proof)
				if err == nil {
					t.Fatal("a cheating mix verifies")
				}
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("error %v does not wrap ErrInvalid", err)
				}
				if permuted {
					t.Fatal("the cheat left a re-encrypted permutation: the test proves nothing")
				}
			})
		}
	}
}

func TestDroppedRowIsCaught(t *testing.T) {
	e := newElection(t, 4, 1, 1)
	out, proof, err := Mix(testRand(1), e.params, e.in)
	if err != nil {
		t.Fatal(err)
	}
	short, _ := NewRows(1, out.Bytes()[:3*CiphertextSize])
	if err := Verify(testRand(2), e.params, e.in, short, proof); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a mix that drops a row: %v", err)
	}
}

// TestReplayedProofIsCaught: a mixer who copies another mix (its output and
// proof) as its own fails, because the context names the mix's place.
func TestReplayedProofIsCaught(t *testing.T) {
	e := newElection(t, 4, 1, 1)
	out, proof, err := Mix(testRand(1), e.params, e.in)
	if err != nil {
		t.Fatal(err)
	}
	second := *e.params
	second.Context = []byte("mix 2")
	if err := Verify(testRand(2), &second, e.in, out, proof); !errors.Is(err, ErrInvalid) {
		t.Fatalf("replayed proof: %v", err)
	}
}

// TestMixWithoutReencryptionIsCaught: a mixer who keeps the input's
// randomness (re-encrypts with 0) gives a sound proof, but its output links
// every ballot to its input; Verify rejects it.
func TestMixWithoutReencryptionIsCaught(t *testing.T) {
	e := newElection(t, 5, 2, 3)
	pr := &prover{p: e.params, in: e.in, n: 5, w: 2}
	pr.sec.fixed = func(label byte, i, k int) *group.Scalar {
		if label == secReencrypt && i == 3 && k == 1 {
			return group.NewScalar()
		}
		return nil
	}
	out, proof, err := pr.run()
	if err != nil {
		t.Fatal(err)
	}
	v := &verifier{p: e.params, in: e.in, out: out, proof: proof, n: 5, w: 2}
	if err := v.decodeResponses(); err != nil {
		t.Fatal(err)
	}
	st := newStatement(e.params, e.in, out, proof.C)
	v.u, v.c = rowChallenges(st, 5), finalChallenge(st, proof)
	if err := v.batch(); err != nil {
		t.Fatalf("the proof itself should verify: %v", err)
	}
	err = Verify(testRand(2), e.params, e.in, out, proof)
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "row 4, ciphertext 2, was not re-encrypted") {
		t.Fatalf("got %v", err)
	}
}
