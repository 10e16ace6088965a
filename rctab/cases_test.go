package rctab

import (
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"plenum/count"
)

// casesDir holds RCTab's own regression cases (see its SOURCES.md).
const casesDir = "../testdata/rctab"

// expectedReport is the part of RCTab's detailed JSON report we compare.
type expectedReport struct {
	Results []struct {
		Round           int               `json:"round"`
		Tally           map[string]string `json:"tally"`
		Threshold       string            `json:"threshold"`
		InactiveBallots map[string]string `json:"inactiveBallots"`
		TallyResults    []struct {
			Elected    string            `json:"elected"`
			Eliminated string            `json:"eliminated"`
			Transfers  map[string]string `json:"transfers"`
		} `json:"tallyResults"`
	} `json:"results"`
	Summary struct {
		TotalNumBallots string          `json:"totalNumBallots"`
		Undervotes      json.RawMessage `json:"undervotes"`
	} `json:"summary"`
}

// rctabInactive maps RCTab's inactive-ballot keys to the report's.
var rctabInactive = map[string]string{
	"exhaustedChoices":  "exhausted_choices",
	"overvotes":         "overvotes",
	"repeatedRankings":  "repeated_rankings",
	"skippedRankings":   "skipped_rankings",
	"finalRoundSurplus": "final_round_surplus",
}

func TestRCTabCases(t *testing.T) {
	dirs, err := os.ReadDir(casesDir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range dirs {
		name := d.Name()
		if !d.IsDir() || name == "_shared" || name == "2013_minneapolis_mayor_scale" {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(casesDir, name)
			reports, err := Run(filepath.Join(dir, name+"_config.json"))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range expectedFiles(t, dir, name, len(reports)) {
				for _, m := range compareReport(e.report, reports[e.pass]) {
					t.Errorf("%s: %s", e.file, m)
				}
			}
		})
	}
	if n != 39 {
		t.Errorf("found %d cases besides the scale case, want 39", n)
	}
}

type expectation struct {
	file   string
	pass   int
	report *expectedReport
}

// expectedFiles reads a case's expected report, or one per pass.
func expectedFiles(t *testing.T, dir, name string, passes int) []expectation {
	t.Helper()
	files := []string{name + "_expected_detailed_report.json"}
	if passes > 1 {
		files = nil
		for i := range passes {
			files = append(files, fmt.Sprintf("%s_%d_expected_detailed_report.json", name, i+1))
		}
	}
	var out []expectation
	for i, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		var e expectedReport
		if err := json.Unmarshal(data, &e); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, expectation{f, i, &e})
	}
	return out
}

// compareReport lists every difference between RCTab's report and ours:
// rounds, tallies, thresholds, inactive ballots, who was elected and
// eliminated and the transfers that followed. Figures compare by value
// (RCTab prints 8 as "8" or "8.0000" depending on how it was reached).
func compareReport(want *expectedReport, got *count.Report) []string {
	var diffs []string
	add := func(format string, args ...any) { diffs = append(diffs, fmt.Sprintf(format, args...)) }
	if len(want.Results) != len(got.Rounds) {
		add("%d rounds, want %d", len(got.Rounds), len(want.Results))
	}
	if !sameValue(want.Summary.TotalNumBallots, got.Valid) {
		add("%s ballots, want %s", got.Valid, want.Summary.TotalNumBallots)
	}
	var quota *count.Number
	for i := range min(len(want.Results), len(got.Rounds)) {
		w, g := want.Results[i], got.Rounds[i]
		if g.Quota != nil {
			quota = g.Quota
		}
		if quota == nil || !sameValue(w.Threshold, *quota) {
			add("round %d: threshold %v, want %s", i+1, quota, w.Threshold)
		}
		for _, m := range compareTally(w.Tally, g.Tally) {
			add("round %d: %s", i+1, m)
		}
		for k, v := range w.InactiveBallots {
			if !sameValue(v, g.Inactive[rctabInactive[k]]) {
				add("round %d: inactive %s %s, want %s", i+1, k, g.Inactive[rctabInactive[k]], v)
			}
		}
		var wantElected, wantEliminated []string
		for _, tr := range w.TallyResults {
			from := tr.Elected + tr.Eliminated
			if tr.Elected != "" {
				wantElected = append(wantElected, tr.Elected)
			} else {
				wantEliminated = append(wantEliminated, tr.Eliminated)
			}
			for _, m := range compareTransfers(from, tr.Transfers, g.Transfers) {
				add("round %d: %s", i+1, m)
			}
		}
		if !sameSet(wantElected, g.Elected) {
			add("round %d: elected %q, want %q", i+1, g.Elected, wantElected)
		}
		if !sameSet(wantEliminated, g.Eliminated) {
			add("round %d: eliminated %q, want %q", i+1, g.Eliminated, wantEliminated)
		}
	}
	return diffs
}

func compareTally(want map[string]string, got map[string]count.Number) []string {
	var diffs []string
	for _, name := range unionKeys(want, got) {
		w, inW := want[name]
		g, inG := got[name]
		if !inW || !inG || !sameValue(w, g) {
			diffs = append(diffs, fmt.Sprintf("%s has %s, want %s", name, show(g, inG), showS(w, inW)))
		}
	}
	return diffs
}

func compareTransfers(from string, want map[string]string, got []count.Transfer) []string {
	gotFrom := map[string]count.Number{}
	for _, tr := range got {
		if tr.From == from {
			gotFrom[tr.To] = tr.Votes
		}
	}
	w := map[string]string{}
	for k, v := range want {
		if k != "residual surplus" {
			w[k] = v
		}
	}
	var diffs []string
	for _, to := range unionKeys(w, gotFrom) {
		wv, inW := w[to]
		g, inG := gotFrom[to]
		if !inW || !inG || !sameValue(wv, g) {
			diffs = append(diffs, fmt.Sprintf("transfer %s -> %s: %s, want %s", from, to, show(g, inG), showS(wv, inW)))
		}
	}
	return diffs
}

func unionKeys[V, W any](a map[string]V, b map[string]W) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

func show(n count.Number, ok bool) string {
	if !ok {
		return "nothing"
	}
	return n.String()
}

func showS(s string, ok bool) string {
	if !ok {
		return "nothing"
	}
	return s
}

func sameValue(s string, n count.Number) bool {
	r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
	return ok && r.Cmp(n.Rat()) == 0
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
