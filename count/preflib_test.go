package count_test

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"plenum/count"
)

// The PrefLib files carry no seat count; the seats and the official
// elected sets are those in testdata/preflib/EXPECTED.md. Irish counts
// follow Irish rules (random samples of surplus papers), which plenum does
// not implement, so each STV rule is held to the official elected set only.
func TestPrefLibIrishElectedSets(t *testing.T) {
	tests := []struct {
		file  string
		seats int
		want  []string
	}{
		{"00001-00000001.soi", 4, []string{"Trevor Sargent G.P.", "Jim Glennon F.F.", "G.V. Wright F.F.", "Sean Ryan Lab"}},
		{"00001-00000003.soi", 5, []string{"Noel Dempsey F.F.", "Mary Wallace F.F.", "Johnny Brady F.F.", "John Bruton F.G.", "Damien English F.G."}},
	}
	rules := map[string]func(*count.Profile, count.STVOptions) (*count.Report, error){
		"stv-scottish": count.ScottishSTV, "stv-wigm": count.WIGM, "stv-meek": count.Meek,
	}
	for _, tt := range tests {
		e := readElection(t, "testdata/preflib/"+tt.file)
		e.Seats = tt.seats
		for name, rule := range rules {
			rep, err := rule(&e.Profile, count.STVOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := slices.Sorted(slices.Values(rep.Elected))
			if want := slices.Sorted(slices.Values(tt.want)); !slices.Equal(got, want) {
				t.Errorf("%s %s: elected %v, want %v", tt.file, name, got, want)
			}
		}
	}
}

// PrefLib's copy of the Glasgow Linn ballots counts to the official stages
// too (PrefLib spells two names differently, so candidates are matched by
// position, which is the same in both).
func TestPrefLibLinnOfficialStages(t *testing.T) {
	e := readElection(t, "testdata/preflib/00008-00000013.soi")
	e.Seats = 4
	rep, err := count.ScottishSTV(&e.Profile, count.STVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Candidates []string `json:"candidates"`
		Stages     []struct {
			Votes map[string]*count.Number `json:"votes"`
		} `json:"stages"`
	}
	b, err := os.ReadFile("testdata/preflib/linn07_official_stages.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	if len(rep.Rounds) != len(want.Stages) {
		t.Fatalf("%d rounds, want %d", len(rep.Rounds), len(want.Stages))
	}
	for i, st := range want.Stages {
		for c, official := range want.Candidates {
			v := st.Votes[official]
			got, ok := rep.Rounds[i].Tally[e.Candidates[c]]
			if v == nil || (!ok && v.Sign() == 0) {
				continue
			}
			if got.String() != v.String() {
				t.Errorf("stage %d %s: %s, want %s", i+1, official, got, v)
			}
		}
	}
	// Ritchie at stage 1, Docherty at stage 8, Clark and McKenzie together
	// at stage 10.
	got := rep.Elected
	if len(got) != 4 || got[0] != "David Ritchie" || got[1] != "Sadie Docherty" ||
		!slices.Equal(slices.Sorted(slices.Values(got[2:])), []string{"John Mckenzie", "Margot Clark"}) ||
		!slices.Equal(rep.Rounds[9].Elected, got[2:]) {
		t.Errorf("elected %v", got)
	}
}
