package secretballot

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// boothParams simulates a small election and returns its booth parameters
// as the server would send them, and the election as the verifier reads it.
func boothParams(t testing.TB, method Kind) ([]byte, *Election) {
	dir := t.TempDir()
	c := SimulateConfig{Voters: 2, Candidates: 4, Method: method, Seats: 1, Trustees: 3, Threshold: 2, Seed: []byte("booth")}
	if _, err := Simulate(context.Background(), dir, c); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBoard(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	params, err := json.Marshal(map[string]any{"manifest": b.Manifest, "election_key": b.Election.Key, "other": "ignored"})
	if err != nil {
		t.Fatal(err)
	}
	return params, b.Election
}

// TestBooth encrypts a ballot from booth parameters and opens it again, as
// the booth does in the browser, for a ballot of each shape.
func TestBooth(t *testing.T) {
	for _, tc := range []struct {
		method Kind
		choice Choice
	}{{Plurality, Choice{2}}, {Approval, Choice{0, 3}}, {IRV, Choice{3, 0, 1}}} {
		t.Run(string(tc.method), func(t *testing.T) {
			params, want := boothParams(t, tc.method)
			e, err := ParseBooth(params)
			if err != nil {
				t.Fatal(err)
			}
			if e.Hash != want.Hash {
				t.Fatalf("election hash %s, want %s", e.Hash, want.Hash)
			}
			cred, _ := NewCredential(rand.Reader)
			line, op, err := e.EncryptBallot(rand.Reader, cred, []Choice{tc.choice})
			if err != nil {
				t.Fatal(err)
			}
			audit, err := AuditLine(line, op)
			if err != nil {
				t.Fatal(err)
			}
			b, tracker, choices, err := want.CheckAudit(audit)
			if err != nil {
				t.Fatal(err)
			}
			if tracker != Tracker(line) || b.Credential != cred.Public(want.Fingerprint) || !slices.Equal(choices[0], tc.choice) {
				t.Fatalf("audit opens to %v (tracker %s, credential %s), want %v", choices, tracker, b.Credential, tc.choice)
			}
		})
	}
}

// TestBoothRefusesOtherManifest: a key made for one manifest does not
// encrypt for another, so a server cannot show the voter other candidates
// than the ones the trustees' key binds.
func TestBoothRefusesOtherManifest(t *testing.T) {
	params, _ := boothParams(t, Plurality)
	for name, edit := range map[string]func(s string) string{
		"candidate renamed": func(s string) string { return strings.Replace(s, "Candidate 2", "Candidate X", 1) },
		"threshold":         func(s string) string { return strings.Replace(s, `"threshold":2`, `"threshold":3`, 1) },
		"no key":            func(s string) string { return strings.Replace(s, `"election_key"`, `"key"`, 1) },
		"not json":          func(s string) string { return s[:len(s)/2] },
	} {
		if _, err := ParseBooth([]byte(edit(string(params)))); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParseBooth(f *testing.F) {
	params, _ := boothParams(f, Approval)
	f.Add(params)
	f.Add([]byte(`{"manifest":{},"election_key":{"params":{"n":1,"t":1},"qualified":[5],"verification_keys":[null]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ParseBooth(data)
		if err == nil && e == nil {
			t.Fatal("no election and no error")
		}
	})
}
