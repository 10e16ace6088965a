package count_test

import (
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"plenum/ballotfile"
	"plenum/count"
)

// profile builds a profile from ballots written "A>B=C>>D * 3": ranks split
// by ">", an empty rank is skipped, "=" marks several candidates at a rank
// and "*" an overvote mark.
func profile(t *testing.T, candidates string, seats int, ballots ...string) *count.Profile {
	t.Helper()
	p := &count.Profile{Candidates: strings.Fields(candidates), Seats: seats}
	for _, b := range ballots {
		weight := int64(1)
		if text, w, ok := strings.Cut(b, " * "); ok {
			b = text
			n, _ := new(big.Int).SetString(w, 10)
			weight = n.Int64()
		}
		var ranks [][]int
		for _, r := range strings.Split(b, ">") {
			var rank []int
			for _, name := range strings.Split(r, "=") {
				switch {
				case name == "":
				case name == "*":
					rank = append(rank, count.Overvote)
				default:
					i := slices.Index(p.Candidates, name)
					if i < 0 {
						t.Fatalf("unknown candidate %q", name)
					}
					rank = append(rank, i)
				}
			}
			ranks = append(ranks, rank)
		}
		p.Ballots = append(p.Ballots, count.Ballot{Ranks: ranks, Weight: weight})
	}
	return p
}

func withdrawn(p *count.Profile, cs ...int) *count.Profile {
	p.Withdrawn = cs
	return p
}

func tallies(r *count.Report) []string {
	var out []string
	for _, rd := range r.Rounds {
		var parts []string
		for _, name := range r.Candidates {
			if v, ok := rd.Tally[name]; ok {
				parts = append(parts, name+":"+v.String())
			}
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

func TestIRVRules(t *testing.T) {
	tests := []struct {
		name    string
		p       *count.Profile
		opt     count.IRVOptions
		elected []string
		rounds  []string
	}{
		{
			name:    "overvote exhausts",
			p:       profile(t, "A B C", 1, "A=B>C * 2", "A * 3", "B * 2", "C>B * 2"),
			opt:     count.IRVOptions{Overvote: count.ExhaustImmediately, MaxSkippedRanks: -1},
			elected: []string{"B"}, rounds: []string{"A:3 B:2 C:2", "A:3 B:4"},
		},
		{
			name:    "overvote skips to next rank",
			p:       profile(t, "A B C", 1, "A=B>C * 2", "A * 3", "B * 2", "C>B * 2"),
			opt:     count.IRVOptions{Overvote: count.AlwaysSkipToNextRank, MaxSkippedRanks: -1, Tiebreak: count.TiebreakCandidateOrder},
			elected: []string{"C"}, rounds: []string{"A:3 B:2 C:4", "A:3 C:4"},
		},
		{
			name:    "exhaust if multiple continuing",
			p:       withdrawn(profile(t, "A B C", 1, "C=B>A * 2", "A * 3", "B * 2"), 2),
			opt:     count.IRVOptions{Overvote: count.ExhaustIfMultipleContinuing, MaxSkippedRanks: -1},
			elected: []string{"B"}, rounds: []string{"A:3 B:4"},
		},
		{
			name:    "two skipped ranks exhaust",
			p:       profile(t, "A B C", 1, ">>>A * 2", ">B * 3", "C * 4"),
			opt:     count.IRVOptions{MaxSkippedRanks: 1},
			elected: []string{"C"}, rounds: []string{"A:0 B:3 C:4"},
		},
		{
			name:    "duplicate exhausts",
			p:       profile(t, "A B C", 1, "A * 4", "B * 3", "C>C>B * 2"),
			opt:     count.IRVOptions{ExhaustOnDuplicate: true, MaxSkippedRanks: -1},
			elected: []string{"A"}, rounds: []string{"A:4 B:3 C:2", "A:4 B:3"},
		},
		{
			name:    "earlier round breaks a tie",
			p:       profile(t, "A B C D", 1, "A * 6", "B * 3", "C * 2", "D>C * 1"),
			opt:     count.IRVOptions{Tiebreak: count.TiebreakPreviousRoundsThenRandom, MaxSkippedRanks: -1},
			elected: []string{"A"}, rounds: []string{"A:6 B:3 C:2 D:1", "A:6 B:3 C:3", "A:6 B:3"},
		},
		{
			name:    "minimum vote threshold",
			p:       profile(t, "A B C D", 1, "A * 5", "B * 4", "C>B * 2", "D>A * 1"),
			opt:     count.IRVOptions{MinimumVoteThreshold: big.NewRat(3, 1), MaxSkippedRanks: -1},
			elected: []string{"B"}, rounds: []string{"A:5 B:4 C:2 D:1", "A:6 B:6"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := count.IRV(tt.p, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(r.Elected, tt.elected) {
				t.Errorf("elected %q, want %q", r.Elected, tt.elected)
			}
			if got := tallies(r); !slices.Equal(got, tt.rounds) {
				t.Errorf("rounds\n got %q\nwant %q", got, tt.rounds)
			}
		})
	}
}

func TestSequentialIRV(t *testing.T) {
	p := profile(t, "A B C D", 2, "A>B * 5", "B>A * 4", "C>B * 3", "D>C * 1")
	reports, err := count.SequentialIRV(p, count.IRVOptions{MaxSkippedRanks: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 2 || reports[0].Elected[0] != "B" || reports[1].Elected[0] != "A" {
		t.Fatalf("passes elected %v", reports)
	}
	if _, ok := reports[1].Rounds[0].Tally["B"]; ok {
		t.Error("the first pass's winner stands in the second")
	}
}

func TestIRVRecordsTies(t *testing.T) {
	p := profile(t, "A B C", 1, "A * 2", "B * 2", "C * 3")
	for _, tt := range []struct {
		opt   count.IRVOptions
		loser string
		by    string
	}{
		{count.IRVOptions{Tiebreak: count.TiebreakCandidateOrder}, "B", "candidate order"},
		{count.IRVOptions{Tiebreak: count.TiebreakCandidateOrder, Permutation: []int{1, 0, 2}}, "A", "candidate order"},
		{count.IRVOptions{Tiebreak: count.TiebreakRandom, Seed: 0}, "B", "random draw (java.util.Random, seed 0)"},
		{count.IRVOptions{Tiebreak: count.TiebreakGeneratePermutation, Seed: 1}, "A", "permutation drawn with seed 1"},
	} {
		r, err := count.IRV(p, tt.opt)
		if err != nil {
			t.Fatal(err)
		}
		ties := r.Rounds[0].Ties
		if len(ties) != 1 || ties[0].Chosen[0] != tt.loser || ties[0].BrokenBy != tt.by || r.Rounds[0].Eliminated[0] != tt.loser {
			t.Errorf("%+v: ties %+v, eliminated %q; want %s by %s", tt.opt, ties, r.Rounds[0].Eliminated, tt.loser, tt.by)
		}
	}
	if _, err := count.IRV(p, count.IRVOptions{Tiebreak: count.TiebreakAsk}); err == nil {
		t.Error("a tie for an operator with no Ask function counted")
	}
}

// The Condorcet PHP library's instant-runoff examples. Its rules and
// RCTab's agree when no tie arises (results 1 and 2); where candidates
// tie it shares places rather than break the tie, which RCTab's rules
// never do (see docs/validation.md).
func TestIRVCondorcetExamples(t *testing.T) {
	tests := []struct {
		file    string
		ranking [][]string
	}{
		{"instantrunoff__result_1.cvotes", [][]string{{"D"}, {"A"}, {"B"}, {"C"}}},
		{"instantrunoff__result_2.cvotes", [][]string{{"sue"}, {"bob"}, {"bill"}}},
	}
	for _, tt := range tests {
		f, err := os.Open(filepath.Join("testdata", "condorcet-php", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		e, err := ballotfile.ReadCVotes(f, tt.file)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		e.Seats = 1
		r, err := count.IRV(&e.Profile, count.IRVOptions{MaxSkippedRanks: -1})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(r.Ranking, tt.ranking, slices.Equal) {
			t.Errorf("%s: ranking %q, want %q", tt.file, r.Ranking, tt.ranking)
		}
	}
}

func TestIRVRefusesOverflow(t *testing.T) {
	p := profile(t, "A B", 1, "A * 5000", "B * 4000")
	if _, err := count.IRV(p, count.IRVOptions{Decimals: 15}); err == nil {
		t.Error("counted 9000 votes to 15 places in 64 bits")
	}
	if _, err := count.IRV(p, count.IRVOptions{Decimals: 14}); err != nil {
		t.Error(err)
	}
}
