package count_test

import (
	"bufio"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"plenum/count"
)

func ballots(ranks ...[][]int) []count.Ballot {
	var bs []count.Ballot
	for _, r := range ranks {
		bs = append(bs, count.Ballot{Ranks: r, Weight: 1})
	}
	return bs
}

func TestPluralityBlockApproval(t *testing.T) {
	p := &count.Profile{
		Candidates: []string{"A", "B", "C", "D"},
		Seats:      2,
		Ballots: append(ballots(
			[][]int{{0}, {1}, {2}},    // A, B, C in order
			[][]int{{1, 2}},           // B and C unranked
			[][]int{{}, {2}, {3}},     // skips a rank: C, D
			[][]int{{0, 1, 2}},        // three marks in one rank
			[][]int{{count.Overvote}}, // an overvote of unknown marks
			[][]int{{3}},              // D
		), count.Ballot{Ranks: [][]int{{2}}, Weight: 3}),
	}
	tests := []struct {
		method string
		run    func(*count.Profile, uint64) (*count.Report, error)
		tally  map[string]int64
		elect  []string
	}{
		// First marks: A 1, C 1+3, D 1; the rest are overvotes or blank.
		{"plurality", count.Plurality, map[string]int64{"A": 1, "B": 0, "C": 4, "D": 1}, []string{"C"}},
		// Two marks each: A,B / B,C / C,D / (3 in a rank: none) / (overvote) / D / C×3.
		{"block", count.Block, map[string]int64{"A": 1, "B": 2, "C": 5, "D": 2}, nil},
		{"approval", count.Approval, map[string]int64{"A": 2, "B": 3, "C": 7, "D": 2}, []string{"C", "B"}},
	}
	for _, tt := range tests {
		q := *p
		if tt.method == "plurality" {
			q.Seats = 1
		}
		r, err := tt.run(&q, 1)
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range tt.tally {
			if got := r.Rounds[0].Tally[name]; got.Cmp(count.Int(want)) != 0 {
				t.Errorf("%s %s: %s votes, want %d", tt.method, name, got, want)
			}
		}
		if tt.elect != nil && !slices.Equal(r.Elected, tt.elect) {
			t.Errorf("%s elected %v, want %v", tt.method, r.Elected, tt.elect)
		}
		if tt.method == "block" {
			// B and D tie for the second seat: drawn by lot, and reported.
			if len(r.Elected) != 2 || r.Elected[0] != "C" || len(r.Rounds[0].Ties) != 1 {
				t.Errorf("block: elected %v, ties %v", r.Elected, r.Rounds[0].Ties)
			}
		}
	}
}

func TestReferendum(t *testing.T) {
	p := func(yes, no, blank int64) *count.Profile {
		all := []count.Ballot{{Ranks: [][]int{{1}}, Weight: yes}, {Ranks: [][]int{{0}}, Weight: no}, {Ranks: [][]int{{}}, Weight: blank}}
		return &count.Profile{Candidates: []string{"No", "Yes"}, Ballots: slices.DeleteFunc(all, func(b count.Ballot) bool { return b.Weight == 0 })}
	}
	tests := []struct {
		name string
		p    *count.Profile
		opt  count.ReferendumOptions
		want []string
	}{
		{"simple majority", p(51, 49, 10), count.ReferendumOptions{}, []string{"Yes"}},
		{"a tie fails", p(50, 50, 0), count.ReferendumOptions{}, []string{"No"}},
		{"two thirds reached", p(66, 33, 0), count.ReferendumOptions{Majority: big.NewRat(2, 3), AtLeast: true}, []string{"Yes"}},
		{"two thirds missed", p(65, 34, 0), count.ReferendumOptions{Majority: big.NewRat(2, 3), AtLeast: true}, []string{"No"}},
		{"quorum met by blank ballots", p(10, 5, 10), count.ReferendumOptions{Electorate: 100, Quorum: big.NewRat(1, 4)}, []string{"Yes"}},
		{"quorum missed", p(10, 5, 9), count.ReferendumOptions{Electorate: 100, Quorum: big.NewRat(1, 4)}, nil},
	}
	for _, tt := range tests {
		r, err := count.Referendum(tt.p, tt.opt)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.Elected, tt.want) {
			t.Errorf("%s: %v, want %v (%v)", tt.name, r.Elected, tt.want, r.Notes)
		}
	}
	if _, err := count.Referendum(&count.Profile{Candidates: []string{"A", "B", "C"}}, count.ReferendumOptions{}); err == nil {
		t.Error("three answers accepted")
	}
}

// stv-rs simulates plurality block voting from ranked ballots: each ballot
// votes for its first seats preferences. Its transcripts give each
// candidate's final votes. (Its rand_hypergeometric transcript shares votes
// among candidates ranked equally across the seats limit, where plenum
// counts such a ballot for no one; see docs/validation.md.)
func TestBlockAgainstSTVRS(t *testing.T) {
	logs := []string{"vegetables", "random/rand_2x10"}
	for _, name := range logs {
		e := readElection(t, filepath.Join("testdata/stv-rs/testdata/ballots", name+".blt"))
		r, err := count.Block(&e.Profile, 0)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(filepath.Join("testdata/stv-rs/testdata/plurality_block_voting", name+".fixed9.log"))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		var want []string
		checked := 0
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			for _, prefix := range []string{"Elected:", "Defeated:"} {
				rest, ok := strings.CutPrefix(line, prefix)
				if !ok {
					continue
				}
				open := strings.LastIndexByte(rest, '(')
				who := strings.TrimSpace(rest[:open])
				votes := strings.TrimSuffix(rest[open+1:], ")")
				if prefix == "Elected:" {
					want = append(want, who)
				}
				for _, n := range strings.Split(who, ", ") {
					got := r.Rounds[0].Tally[n]
					w, _ := count.ParseNumber(votes)
					if got.Cmp(w) != 0 {
						t.Errorf("%s %s: %s votes, want %s", name, n, got, votes)
					}
					checked++
				}
			}
		}
		f.Close()
		slices.Sort(want)
		if got := slices.Sorted(slices.Values(r.Elected)); !slices.Equal(got, want) {
			t.Errorf("%s: elected %v, want %v", name, got, want)
		}
		if checked < 5 {
			t.Errorf("%s: only %d figures checked", name, checked)
		}
	}
}
