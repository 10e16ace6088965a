package secretballot

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the known-answer records in testdata (go test -run TestKnownAnswerRecord -update)")

// katConfig is the known-answer election: small enough that the test that
// changes every byte of its record runs in seconds.
var katConfig = SimulateConfig{
	Voters: 3, Candidates: 3, Method: Plurality, Seats: 1, Trustees: 2, Threshold: 2,
	Audits: 1, Revotes: 1, Seed: []byte("plenum known-answer record v1"), Workers: 1,
}

// katAbsentConfig is the known-answer ranked election that goes on
// without absent trustees: 2 of 5, trustee 1 sends no keys (end-keys),
// trustee 2 deals no shares (end-deals), trustee 3 neither mixes nor
// decrypts (end-mixes); trustees 4 and 5 mix and decrypt.
var katAbsentConfig = SimulateConfig{
	Voters: 3, Candidates: 3, Method: IRV, Seats: 1, Trustees: 5, Threshold: 2,
	Absent: 1, SilentDealer: 2, AbsentAtTally: 1,
	Audits: 1, Revotes: 1, Seed: []byte("plenum known-answer record v1, absent trustees"), Workers: 1,
}

// katEmptyConfig is the known-answer vote nobody votes in: no ballot,
// nothing to decrypt, every total zero.
var katEmptyConfig = SimulateConfig{
	Voters: 0, Candidates: 3, Method: Plurality, Seats: 1, Trustees: 2, Threshold: 2,
	Seed: []byte("plenum known-answer record v1, no ballots"), Workers: 1,
}

// katExpected is what testdata/kat*/expected.json says of the record.
type katExpected struct {
	Seed   string  `json:"seed"`
	Head   Hash    `json:"head"`
	Result *Result `json:"result"`
}

// TestKnownAnswerRecord checks the committed records: each verifies, with
// the head and result written down when it was made, and simulating again
// from its seed reproduces it byte for byte, except for what depends on
// the trustees' share encryption (HPKE draws its own randomness): the
// shares' ciphertexts, hence the parents of every later event.
func TestKnownAnswerRecord(t *testing.T) {
	for dir, c := range map[string]SimulateConfig{"testdata/kat": katConfig, "testdata/kat-absent": katAbsentConfig, "testdata/kat-empty": katEmptyConfig} {
		t.Run(dir, func(t *testing.T) { knownAnswer(t, dir, c) })
	}
}

func knownAnswer(t *testing.T, top string, c SimulateConfig) {
	dir := filepath.Join(top, "record")
	if *update {
		os.RemoveAll(top)
		sim, err := Simulate(context.Background(), dir, c)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.MarshalIndent(katExpected{string(c.Seed), sim.Head, sim.Result}, "", "  ")
		os.WriteFile(filepath.Join(top, "expected.json"), append(b, '\n'), 0o644)
	}
	var want katExpected
	b, err := os.ReadFile(filepath.Join(top, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(os.DirFS(dir), VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Head != want.Head {
		t.Errorf("head %s, want %s", rep.Head, want.Head)
	}
	got, _ := marshal(rep.Result)
	exp, _ := marshal(want.Result)
	if !bytes.Equal(got, exp) {
		t.Errorf("result %s, want %s", got, exp)
	}

	again := filepath.Join(t.TempDir(), "again")
	if _, err := Simulate(context.Background(), again, c); err != nil {
		t.Fatal(err)
	}
	files, _ := listEvents(os.DirFS(dir))
	for _, f := range files {
		old, _ := os.ReadFile(filepath.Join(dir, f.name))
		now, err := os.ReadFile(filepath.Join(again, f.name))
		if err != nil {
			t.Fatalf("simulating again: %v", err)
		}
		if f.typ == EventDKGShares {
			continue
		}
		ol, nl := bytes.SplitN(old, []byte("\n"), 2), bytes.SplitN(now, []byte("\n"), 2)
		var oh, nh Header
		decodeCanonical(ol[0], &oh)
		decodeCanonical(nl[0], &nh)
		oh.Parent, nh.Parent = Hash{}, Hash{}
		o, _ := marshal(oh)
		n, _ := marshal(nh)
		if !bytes.Equal(o, n) || !bytes.Equal(ol[1], nl[1]) {
			t.Errorf("%s differs when simulated again from the same seed", f.name)
		}
	}
}

// TestIndependentCheck runs testdata/independent_check.py, a partial
// verifier written in Python from docs/election-record.md alone, on the
// known-answer records: the document says enough to check the chain, the
// hashes, the signatures, the tie-breaking lots and the result of a vote
// without ballots. It needs python3 with the cryptography package, and is
// skipped without them.
func TestIndependentCheck(t *testing.T) {
	if err := exec.Command("python3", "-c", "import cryptography").Run(); err != nil {
		t.Skip("python3 with the cryptography package is not available")
	}
	for _, dir := range []string{"testdata/kat/record", "testdata/kat-empty/record"} {
		out, err := exec.Command("python3", "testdata/independent_check.py", dir).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "independent checks passed") {
			t.Fatalf("%s: %v\n%s", dir, err, out)
		}
	}
}
