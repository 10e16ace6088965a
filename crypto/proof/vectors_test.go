package proof

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"plenum/crypto/elgamal"
	"plenum/crypto/group"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors.json")

// vectorSeed is the ChaCha8 seed of the known-answer vectors; it is also
// written into the file.
const vectorSeed = "plenum proof known-answer vectors"

// vectors is the layout of testdata/vectors.json.
type vectors struct {
	Seed        string `json:"seed"`
	Fingerprint []byte `json:"fingerprint"`
	Context     []byte `json:"context"`
	Schnorr     struct {
		Base   *group.Element `json:"base"`
		Public *group.Element `json:"public"`
		Proof  *Schnorr       `json:"proof"`
	} `json:"schnorr"`
	DLEQ struct {
		G, X, H, Z *group.Element
		Proof      *DLEQ `json:"proof"`
	} `json:"dleq"`
	Range []struct {
		Key        *group.Element      `json:"key"`
		Ciphertext *elgamal.Ciphertext `json:"ciphertext"`
		Lo         uint64              `json:"lo"`
		Hi         uint64              `json:"hi"`
		Proof      *Range              `json:"proof"`
	} `json:"range"`
}

func generateVectors(t *testing.T) *vectors {
	var seed [32]byte
	copy(seed[:], vectorSeed)
	r := rand.NewChaCha8(seed)
	v := &vectors{Seed: "ChaCha8 of the bytes of \"" + vectorSeed + "\", zero-padded to 32 (math/rand/v2)"}
	v.Fingerprint, v.Context = []byte("fingerprint of a test election"), []byte("voter 1, question 1")
	b := Binding{Fingerprint: v.Fingerprint, Context: v.Context}
	var err error

	x := scalar(t, r)
	v.Schnorr.Base = group.DeriveGenerator("known-answer", 0)
	v.Schnorr.Public = new(group.Element).ScalarMult(x, v.Schnorr.Base)
	if v.Schnorr.Proof, err = ProveSchnorr(r, b, v.Schnorr.Base, v.Schnorr.Public, x); err != nil {
		t.Fatal(err)
	}

	x = scalar(t, r)
	v.DLEQ.G, v.DLEQ.H = group.Generator(), element(t, r)
	v.DLEQ.X, v.DLEQ.Z = new(group.Element).ScalarBaseMult(x), new(group.Element).ScalarMult(x, v.DLEQ.H)
	if v.DLEQ.Proof, err = ProveDLEQ(r, b, v.DLEQ.G, v.DLEQ.X, v.DLEQ.H, v.DLEQ.Z, x); err != nil {
		t.Fatal(err)
	}

	pk := testKey(t, r)
	for _, tc := range []struct{ m, lo, hi uint64 }{{0, 0, 1}, {1, 0, 1}, {2, 1, 3}} {
		c, rr := encrypt(t, r, pk, tc.m)
		p, err := ProveRange(r, b, pk, c, tc.m, rr, tc.lo, tc.hi)
		if err != nil {
			t.Fatal(err)
		}
		v.Range = append(v.Range, struct {
			Key        *group.Element      `json:"key"`
			Ciphertext *elgamal.Ciphertext `json:"ciphertext"`
			Lo         uint64              `json:"lo"`
			Hi         uint64              `json:"hi"`
			Proof      *Range              `json:"proof"`
		}{pk.Element(), c, tc.lo, tc.hi, p})
	}
	return v
}

// TestVectors regenerates the vectors from their seed and compares them
// with the committed file, then decodes the file and verifies every proof
// in it: a change to any encoding, transcript or prover shows here.
func TestVectors(t *testing.T) {
	path := filepath.Join("testdata", "vectors.json")
	got, err := json.MarshalIndent(generateVectors(t), "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("vectors generated from the seed differ from %s (rerun with -update only if the change is intended)", path)
	}
	var v vectors
	if err := json.Unmarshal(want, &v); err != nil {
		t.Fatal(err)
	}
	b := Binding{Fingerprint: v.Fingerprint, Context: v.Context}
	if err := v.Schnorr.Proof.Verify(b, v.Schnorr.Base, v.Schnorr.Public); err != nil {
		t.Errorf("schnorr vector: %v", err)
	}
	if err := v.DLEQ.Proof.Verify(b, v.DLEQ.G, v.DLEQ.X, v.DLEQ.H, v.DLEQ.Z); err != nil {
		t.Errorf("dleq vector: %v", err)
	}
	for i, rv := range v.Range {
		pk, err := elgamal.NewPublicKey(rv.Key)
		if err != nil {
			t.Fatal(err)
		}
		if err := rv.Proof.Verify(b, pk, rv.Ciphertext, rv.Lo, rv.Hi); err != nil {
			t.Errorf("range vector %d: %v", i, err)
		}
	}
}
