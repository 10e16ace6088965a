package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRankedSimulateTallyCrossCheck: a ranked election simulated with its
// mixes, verified, and counted again from its plaintext ballots by 'plenum
// tally', elects the same candidates. The plaintext file carries the
// record's tie order for STV ([tie] in BLT); instant-runoff in 'plenum
// tally' breaks ties by its own draw, so the cross-check of irv holds for
// elections, like this one, that no tie decides.
func TestRankedSimulateTallyCrossCheck(t *testing.T) {
	for _, tc := range []struct {
		method, seats, ext string
	}{
		{"stv-scottish", "2", ".blt"},
		{"stv-meek", "2", ".json"},
		{"schulze", "1", ".blt"},
		{"irv", "1", ".blt"},
	} {
		t.Run(tc.method, func(t *testing.T) {
			dir := t.TempDir()
			rec, plain := filepath.Join(dir, "record"), filepath.Join(dir, "ballots"+tc.ext)
			_, stderr, err := runCLI(t, "simulate", "--voters", "40", "--candidates", "5", "--method", tc.method,
				"--seats", tc.seats, "--trustees", "3", "--threshold", "2", "--plaintext", plain, "--out", rec, "--quiet")
			if err != nil {
				t.Fatalf("simulate: %v\n%s", err, stderr)
			}
			out, _, err := runCLI(t, "verify", "--json", rec)
			if err != nil {
				t.Fatalf("verify: %v\n%s", err, out)
			}
			var v struct {
				Valid   bool `json:"valid"`
				Results []struct {
					Elected []string `json:"elected"`
				} `json:"results"`
			}
			if err := json.Unmarshal([]byte(out), &v); err != nil || !v.Valid || len(v.Results) != 1 {
				t.Fatalf("verify --json: %v\n%s", err, out)
			}
			out, _, err = runCLI(t, "tally", "--method", tc.method, "--seats", tc.seats, "--json", plain)
			if err != nil {
				t.Fatalf("tally: %v", err)
			}
			var tally struct {
				Elected []string `json:"elected"`
			}
			if err := json.Unmarshal([]byte(out), &tally); err != nil {
				t.Fatalf("tally --json: %v\n%s", err, out)
			}
			if !slices.Equal(tally.Elected, v.Results[0].Elected) || len(tally.Elected) == 0 {
				t.Fatalf("tally elects %v, the record %v", tally.Elected, v.Results[0].Elected)
			}
			if !strings.Contains(out, `"method"`) {
				t.Fatal("tally --json has no method")
			}
		})
	}
}

// TestTrusteeMix: trustees 3 and 2 mix, offline, a record that trustee 1
// has mixed, in the order they come; a trustee who mixed, or one not in
// the ceremony, is refused.
func TestTrusteeMix(t *testing.T) {
	rec := filepath.Join(t.TempDir(), "record")
	if _, stderr, err := runCLI(t, "simulate", "--voters", "12", "--candidates", "4", "--method", "irv",
		"--trustees", "3", "--threshold", "2", "--out", rec, "--quiet"); err != nil {
		t.Fatalf("simulate: %v\n%s", err, stderr)
	}
	// Keep the record up to the first mix, as trustee 2 receives it.
	ents, _ := os.ReadDir(rec)
	mixes := 0
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), "-mix.jsonl") {
			mixes++
		}
		if mixes > 1 || (mixes == 1 && !strings.HasSuffix(e.Name(), "-mix.jsonl")) {
			os.Remove(filepath.Join(rec, e.Name()))
		}
	}
	for _, j := range []string{"3", "2"} {
		out, _, err := runCLI(t, "trustee", "mix", "--trustee", j, rec)
		if err != nil || !strings.Contains(out, "by trustee "+j+" appended") {
			t.Fatalf("trustee %s: %v\n%s", j, err, out)
		}
	}
	if _, _, err := runCLI(t, "trustee", "mix", "--trustee", "1", rec); err == nil || !strings.Contains(err.Error(), "trustee 1 has mixed every ranked question") {
		t.Fatalf("a fourth mix: %v", err)
	}
	if _, _, err := runCLI(t, "trustee", "mix", "--trustee", "4", rec); err == nil || !strings.Contains(err.Error(), "not qualified") {
		t.Fatalf("a mix by trustee 4 of 3: %v", err)
	}
}
