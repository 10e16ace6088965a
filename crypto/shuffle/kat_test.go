package shuffle

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the known-answer vectors in testdata")

// kat is a known-answer vector: a mix of 6 rows of width 2 from fixed
// seeds (newElection(…, 6, 2, 2024) and testRand(1) for the mixer), kept
// as the generators and the SHA-256 of the input, output and proof. A change
// of encoding, transcript, generator derivation or algorithm changes it.
type kat struct {
	Note      string   `json:"note"`
	H         string   `json:"h"`
	HRows     []string `json:"h_rows"`
	Input     string   `json:"input_sha256"`
	Output    string   `json:"output_sha256"`
	Proof     string   `json:"proof_sha256"`
	ProofSize int      `json:"proof_bytes"`
}

func TestKnownAnswer(t *testing.T) {
	e := newElection(t, 6, 2, 2024)
	out, proof, err := Mix(testRand(1), e.params, e.in)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(testRand(2), e.params, e.in, out, proof); err != nil {
		t.Fatal(err)
	}
	pb, _ := proof.MarshalBinary()
	sum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	gens := newGenerators(e.params.Fingerprint)
	got := kat{
		Note:      "crypto/shuffle TestKnownAnswer: election seed 2024 (6 rows of width 2, fingerprint \"test election\", context \"mix 1\"), mixer seed 1",
		H:         hex.EncodeToString(gens.h.Bytes()),
		HRows:     []string{hex.EncodeToString(gens.row(0).Bytes()), hex.EncodeToString(gens.row(1).Bytes())},
		Input:     sum(e.in.Bytes()),
		Output:    sum(out.Bytes()),
		Proof:     sum(pb),
		ProofSize: len(pb),
	}
	const path = "testdata/kat.json"
	if *update {
		b, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want kat
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if got.H != want.H || got.HRows[0] != want.HRows[0] || got.HRows[1] != want.HRows[1] {
		t.Errorf("generators changed:\n got %+v\nwant %+v", got, want)
	}
	if got.Input != want.Input || got.Output != want.Output || got.Proof != want.Proof || got.ProofSize != want.ProofSize {
		t.Errorf("mix changed:\n got %+v\nwant %+v", got, want)
	}
}

// TestGeneratorsAreDistinctAndElectionBound checks what can be checked of
// "no known relation": the generators are distinct, not the identity, not
// g, and change with the fingerprint.
func TestGeneratorsAreDistinctAndElectionBound(t *testing.T) {
	a, b := newGenerators([]byte("election A")), newGenerators([]byte("election B"))
	seen := map[string]bool{}
	for _, e := range append([]string{string(a.h.Bytes())}, func() (s []string) {
		for i := range 100 {
			s = append(s, string(a.row(i).Bytes()))
		}
		return s
	}()...) {
		if seen[e] {
			t.Fatal("two generators are equal")
		}
		seen[e] = true
	}
	if a.h.Equal(b.h) || a.row(0).Equal(b.row(0)) {
		t.Fatal("generators do not depend on the fingerprint")
	}
	if a.h.IsIdentity() || a.row(3).IsIdentity() {
		t.Fatal("identity generator")
	}
}
