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
