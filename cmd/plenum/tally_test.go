package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Golden JSON reports: each count's full report, round by round.
func TestTallyGoldenJSON(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"linn-scottish.json", []string{"--method", "stv-scottish", "../../count/testdata/scotland-official/Linn-2007.blt"}},
		{"dundee7-scottish.json", []string{"../../count/testdata/scotland-official/dundee_2022_ward7.blt"}},
		{"42-meek.json", []string{"--method", "stv-meek", "../../count/testdata/droop/blt/42t.blt"}},
		{"schulze-1.json", []string{"--method", "schulze", "../../count/testdata/condorcet-php/schulze__schulze_official_example_1.cvotes"}},
		{"rankedpairs-1.json", []string{"--method", "ranked-pairs", "--strength", "margin", "../../count/testdata/condorcet-php/rankedpairs__result_1.cvotes"}},
		{"plurality-french2002.json", []string{"--method", "plurality", "../../count/testdata/condorcet-php/firstpastthepost__result_french2002.cvotes"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			out, _, err := runCLI(t, append([]string{"tally", "--json"}, tt.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			if !json.Valid([]byte(out)) {
				t.Fatalf("not JSON: %s", out)
			}
			path := filepath.Join("testdata", "tally", tt.golden)
			if *update {
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("report differs from %s (rerun with -update if intended):\n%s", path, out)
			}
		})
	}
}

func TestTallyJSONShape(t *testing.T) {
	out, _, err := runCLI(t, "tally", "--json", "../../count/testdata/scotland-official/dundee_2022_ward7.blt")
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Method  string                       `json:"method"`
		Seats   int                          `json:"seats"`
		Elected []string                     `json:"elected"`
		Ranking [][]string                   `json:"ranking"`
		Quota   float64                      `json:"quota"`
		Rounds  []map[string]json.RawMessage `json:"rounds"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Method != "stv-scottish" || r.Seats != 3 || r.Quota != 1030 || len(r.Elected) != 3 || len(r.Ranking) != 7 {
		t.Errorf("report: %+v", r)
	}
	for _, key := range []string{"round", "tally", "exhausted", "elected", "eliminated", "transfers"} {
		if _, ok := r.Rounds[0][key]; !ok {
			t.Errorf("round has no %q", key)
		}
	}
}

func TestTallyTableCSVAndHTML(t *testing.T) {
	blt := "../../count/testdata/scotland-official/Linn-2007.blt"
	out, _, err := runCLI(t, "tally", blt)
	if err != nil || !strings.Contains(out, "Elected: David Ritchie, Sadie Docherty") || !strings.Contains(out, "1914.00000") {
		t.Fatalf("table: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "tally", "--csv", blt)
	if err != nil || !strings.Contains(out, "Rounds,Round 1 Votes,% of vote,transfer") {
		t.Fatalf("csv: %v\n%s", err, out)
	}
	page := filepath.Join(t.TempDir(), "report.html")
	if _, _, err := runCLI(t, "tally", "--html", page, blt); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "<path", "Round 10", "David Ritchie", "Sadie Docherty"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
	if bytes.Contains(b, []byte("<script")) {
		t.Error("HTML report uses JavaScript")
	}
}

func TestTallyErrors(t *testing.T) {
	for _, args := range [][]string{
		{"tally"},
		{"tally", "--method", "nope", "../../count/testdata/droop/blt/42.blt"},
		{"tally", "--json", "--csv", "../../count/testdata/droop/blt/42.blt"},
	} {
		if _, _, err := runCLI(t, args...); err == nil {
			t.Errorf("%v: no error", args)
		} else if _, ok := err.(usageError); !ok {
			t.Errorf("%v: %v is not a usage error", args, err)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.blt")
	os.WriteFile(bad, []byte("2 1\n1 1 9 0\n0\n"), 0o644)
	if _, _, err := runCLI(t, "tally", bad); err == nil || !strings.Contains(err.Error(), "bad.blt:2:") {
		t.Errorf("bad file: %v", err)
	}
}

func TestBallotsGenerateCounts(t *testing.T) {
	for _, model := range []string{"impartial", "spatial"} {
		out, _, err := runCLI(t, "ballots", "generate", "--ballots", "500", "--candidates", "6", "--seats", "2", "--model", model, "--seed", "7")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "gen.blt")
		os.WriteFile(path, []byte(out), 0o644)
		res, _, err := runCLI(t, "tally", "--json", path)
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			Elected []string `json:"elected"`
			Valid   int      `json:"valid"`
		}
		json.Unmarshal([]byte(res), &r)
		if len(r.Elected) != 2 || r.Valid != 500 {
			t.Errorf("%s: %+v", model, r)
		}
	}
}

func TestTallyIRVAndRCTab(t *testing.T) {
	out, _, err := runCLI(t, "tally", "--json", "--rctab", "../../testdata/rctab/2015_portland_mayor/2015_portland_mayor_config.json")
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Method  string   `json:"method"`
		Elected []string `json:"elected"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Elected) != 1 {
		t.Fatalf("rctab: %v %+v", err, r)
	}
	// The same flags as an RCTab configuration: single winner, batch
	// elimination, candidate-order tie-breaks, on a .cvotes file.
	out, _, err = runCLI(t, "tally", "--method", "irv", "--batch-elimination", "--tiebreak", "candidate-order", "--overvote", "skip",
		"--json", "../../count/testdata/condorcet-php/instantrunoff__result_1.cvotes")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Method == "" || len(r.Elected) != 1 {
		t.Fatalf("irv: %v %s", err, out)
	}
	for _, bad := range [][]string{
		{"tally", "--method", "irv", "--overvote", "sometimes", "../../count/testdata/droop/blt/42.blt"},
		{"tally", "--rctab", "x.json", "../../count/testdata/droop/blt/42.blt"},
		{"tally", "--method", "irv", "--minimum-votes", "lots", "../../count/testdata/droop/blt/42.blt"},
	} {
		if _, _, err := runCLI(t, bad...); err == nil {
			t.Errorf("%v: no error", bad)
		} else if _, ok := err.(usageError); !ok {
			t.Errorf("%v: %v is not a usage error", bad, err)
		}
	}
}

func TestTallyMergesFilesAndTakesFormat(t *testing.T) {
	blt := "../../count/testdata/scotland-official/dundee_2022_ward7.blt"
	renamed := filepath.Join(t.TempDir(), "ward7.txt")
	b, err := os.ReadFile(blt)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(renamed, b, 0o644)
	out, _, err := runCLI(t, "tally", "--json", "--format", "blt", blt, renamed)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Valid int `json:"valid"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Valid != 2*4117 {
		t.Errorf("two copies of 4,117 ballots counted as %d (%v)", r.Valid, err)
	}
	other := "../../count/testdata/droop/blt/42.blt"
	if _, _, err := runCLI(t, "tally", blt, other); err == nil || !strings.Contains(err.Error(), "candidates differ") {
		t.Errorf("files with different candidates: %v", err)
	}
}
