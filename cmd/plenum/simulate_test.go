package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSimulateVerifyAndTallyAgree(t *testing.T) {
	for _, method := range []string{"plurality", "approval", "referendum"} {
		t.Run(method, func(t *testing.T) {
			dir := t.TempDir()
			// The plaintext ballots in BLT, or in plenum's JSON for approval.
			ext := map[string]string{"approval": ".json"}[method]
			if ext == "" {
				ext = ".blt"
			}
			rec, blt := filepath.Join(dir, "record"), filepath.Join(dir, "ballots"+ext)
			_, _, err := runCLI(t, "simulate", "--voters", "40", "--candidates", "4", "--method", method,
				"--trustees", "3", "--threshold", "2", "--seed", "cli "+method, "--out", rec, "--plaintext", blt, "--quiet")
			if err != nil {
				t.Fatal(err)
			}
			out, _, err := runCLI(t, "verify", "--json", rec)
			if err != nil {
				t.Fatalf("verify: %v\n%s", err, out)
			}
			var rep struct {
				Valid   bool `json:"valid"`
				Results []struct {
					Elected []string `json:"elected"`
					Rounds  []struct {
						Tally map[string]json.Number `json:"tally"`
					} `json:"rounds"`
				} `json:"results"`
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil || !rep.Valid || len(rep.Results) != 1 {
				t.Fatalf("verify --json: %v\n%s", err, out)
			}
			// plenum tally on the plaintext ballots finds the same totals.
			tallyMethod := map[string]string{"plurality": "plurality", "approval": "approval", "referendum": "plurality"}[method]
			tout, _, err := runCLI(t, "tally", "--method", tallyMethod, "--json", blt)
			if err != nil {
				t.Fatalf("tally: %v", err)
			}
			var tally struct {
				Rounds []struct {
					Tally map[string]json.Number `json:"tally"`
				} `json:"rounds"`
			}
			if err := json.Unmarshal([]byte(tout), &tally); err != nil {
				t.Fatal(err)
			}
			for name, votes := range rep.Results[0].Rounds[0].Tally {
				if got := tally.Rounds[0].Tally[name]; got != votes {
					t.Errorf("%s: %s votes decrypted, plenum tally counts %s", name, votes, got)
				}
			}
		})
	}
}

func TestVerifyNamesTheFirstFailure(t *testing.T) {
	rec := filepath.Join(t.TempDir(), "record")
	if _, _, err := runCLI(t, "simulate", "--voters", "5", "--candidates", "3", "--out", rec, "--quiet"); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runCLI(t, "verify", rec); err != nil || !strings.Contains(out, "valid election record") {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	p := filepath.Join(rec, "000009-credentials.jsonl")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-5] ^= 1
	os.WriteFile(p, b, 0o644)
	_, _, err = runCLI(t, "verify", rec)
	if err == nil || !strings.Contains(err.Error(), "INVALID") || !strings.Contains(err.Error(), "000010-") {
		t.Fatalf("tampered record: %v", err)
	}
	out, _, err := runCLI(t, "verify", "--json", rec)
	if err == nil || !strings.Contains(out, `"valid": false`) || !strings.Contains(out, `"field": "parent"`) {
		t.Fatalf("--json on a tampered record: %v\n%s", err, out)
	}
}

// An election goes on without absent trustees, for every method: one
// sends no keys, one neither mixes nor decrypts; plenum verify accepts the
// record, names who was left out, and finds the totals of the same
// election with every trustee.
func TestSimulateAbsentTrustees(t *testing.T) {
	for _, method := range []string{"plurality", "approval", "referendum", "irv", "stv-scottish", "stv-meek", "schulze"} {
		t.Run(method, func(t *testing.T) {
			sim := func(absent ...string) string {
				rec := filepath.Join(t.TempDir(), "record")
				args := append([]string{"simulate", "--voters", "12", "--candidates", "4", "--method", method, "--trustees", "4", "--threshold", "2",
					"--seed", "absent " + method, "--out", rec, "--quiet"}, absent...)
				if _, _, err := runCLI(t, args...); err != nil {
					t.Fatal(err)
				}
				out, _, err := runCLI(t, "verify", rec)
				if err != nil {
					t.Fatalf("verify: %v\n%s", err, out)
				}
				return out
			}
			all, out := sim(), sim("--absent", "1", "--absent-at-tally", "1")
			// The same votes: the same totals (a tie may be broken by
			// another lot, which the election hash draws).
			totals := func(s string) string { _, e, _ := strings.Cut(s, "elected"); _, e, _ = strings.Cut(e, "\n"); return e }
			if !strings.Contains(out, "decrypted by trustees [3 4]") || !strings.Contains(out, "trustee 1 left out of the key ceremony: took no part: sent no keys") ||
				totals(out) != totals(all) {
				t.Fatalf("with absent trustees:\n%s\nwith every trustee:\n%s", out, all)
			}
			if ranked := method != "plurality" && method != "approval" && method != "referendum"; ranked != strings.Contains(out, "trustees [2] did not mix") {
				t.Fatalf("mix-net:\n%s", out)
			}
		})
	}
	_, _, err := runCLI(t, "simulate", "--voters", "3", "--candidates", "3", "--trustees", "3", "--threshold", "2", "--absent", "2", "--out", filepath.Join(t.TempDir(), "r"), "--quiet")
	if err == nil || !strings.Contains(err.Error(), "fewer than the threshold") {
		t.Fatalf("two of three absent, threshold 2: %v", err)
	}
}

// A vote nobody votes in: nothing is decrypted, no one is elected, and
// the record verifies, for a homomorphic and a ranked method.
func TestSimulateNoVoters(t *testing.T) {
	for _, method := range []string{"plurality", "referendum", "irv"} {
		t.Run(method, func(t *testing.T) {
			rec := filepath.Join(t.TempDir(), "record")
			out, _, err := runCLI(t, "simulate", "--voters", "0", "--candidates", "3", "--method", method, "--out", rec, "--quiet")
			if err != nil || !strings.Contains(out, "(no ballots were cast)") {
				t.Fatalf("simulate: %v\n%s", err, out)
			}
			out, _, err = runCLI(t, "verify", rec)
			if err != nil || !strings.Contains(out, "0 ballots cast, 0 counted, 0 audited; no ballot counted: every total is zero, nothing to decrypt") {
				t.Fatalf("verify: %v\n%s", err, out)
			}
			out, _, err = runCLI(t, "verify", "--json", rec)
			var rep struct {
				Valid   bool `json:"valid"`
				Results []struct {
					Elected []string `json:"elected"`
					Rounds  []any    `json:"rounds"`
				} `json:"results"`
			}
			if err != nil || json.Unmarshal([]byte(out), &rep) != nil || !rep.Valid || len(rep.Results[0].Rounds) != 0 {
				t.Fatalf("verify --json: %v\n%s", err, out)
			}
		})
	}
}
