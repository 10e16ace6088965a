package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"plenum/count"
)

func TestTallyRCTab(t *testing.T) {
	tests := []struct {
		config  string
		elected [][]string // per pass
	}{
		{"2013_minneapolis_mayor", [][]string{{"BETSY HODGES"}}},
		{"2013_minneapolis_park", [][]string{{"ANNIE YOUNG", "JOHN ERWIN", "MEG FORNEY"}}},
		{"sequential_with_batch", [][]string{{"A"}, {"B"}, {"C"}}},
	}
	for _, tt := range tests {
		t.Run(tt.config, func(t *testing.T) {
			path := filepath.Join("../../testdata/rctab", tt.config, tt.config+"_config.json")
			reports, err := tallyRCTab(context.Background(), testEnv(""), path)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for _, r := range reports {
				e := slices.Clone(r.Elected)
				slices.Sort(e)
				got = append(got, e)
			}
			if !slices.EqualFunc(got, tt.elected, slices.Equal) {
				t.Errorf("elected %q, want %q", got, tt.elected)
			}
		})
	}
}

func TestTallyRCTabAsksOperator(t *testing.T) {
	dir := t.TempDir()
	src := "../../testdata/rctab/tiebreak_seed_test"
	data, err := os.ReadFile(filepath.Join(src, "tiebreak_seed_test_config.json"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.Replace(string(data), `"tiebreakMode" : "random"`, `"tiebreakMode" : "stopCountingAndAsk"`, 1)
	abs, _ := filepath.Abs("../../testdata/rctab/_shared")
	cfg = strings.ReplaceAll(cfg, "../_shared", abs)
	path := filepath.Join(dir, "config.json")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := tallyRCTab(context.Background(), testEnv(""), path); !errors.Is(err, count.ErrTie) {
		t.Fatalf("with no answer: err = %v, want ErrTie", err)
	}
	env := testEnv("x\n1\n1\n1\n1\n1\n1\n")
	reports, err := tallyRCTab(context.Background(), env, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports[0].Elected) != 1 || !strings.Contains(env.Stderr.(*bytes.Buffer).String(), "Tie in round") {
		t.Errorf("elected %q; asked %q", reports[0].Elected, env.Stderr.(*bytes.Buffer).String())
	}
}

func testEnv(stdin string) *Env {
	return &Env{Stdin: strings.NewReader(stdin), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
}

// The JSON report of an RCTab multi-winner count with fractional surplus
// transfers, kept as a golden file.
func TestTallyRCTabGoldenJSON(t *testing.T) {
	const name = "test_set_multi_winner_fractional_threshold"
	out, _, err := runCLI(t, "tally", "--json", "--rctab", filepath.Join("../../testdata/rctab", name, name+"_config.json"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "tally", "rctab-"+name+".json")
	if *update {
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
}
