package count

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestPackerMergesIdenticalBallots(t *testing.T) {
	in := []Ballot{
		{Ranks: [][]int{{0}, {1, 2}}, Weight: 2},
		{Ranks: [][]int{{2}, nil, {0}}, Weight: 1},
		{Ranks: [][]int{{0}, {1, 2}}, Weight: 3},
		{Ranks: [][]int{{0}, {2, 1}}, Weight: 1},   // another order of an equal rank
		{Ranks: [][]int{{0}, {1}, {2}}, Weight: 1}, // the same marks, other ranks
		{Ranks: [][]int{{Overvote}, {1}}, Weight: 4},
		{Ranks: [][]int{{2}, nil, {0}}, Weight: 5},
		{Ranks: [][]int{}, Weight: 1},                 // no ranks
		{Ranks: [][]int{nil}, Weight: 1},              // one skipped rank
		{Ranks: [][]int{{0}, {1, 2}, nil}, Weight: 1}, // a trailing skipped rank
		{Ranks: [][]int{{Overvote}, {1}}, Weight: 1},
		{Ranks: [][]int{}, Weight: 2},
		{Ranks: [][]int{{0}, {1, 2}, nil}, Weight: 10},
	}
	pk, err := Pack(in)
	if err != nil {
		t.Fatal(err)
	}
	p := &Profile{Candidates: []string{"a", "b", "c"}, Packed: pk}
	want := []Ballot{
		{Ranks: [][]int{{0}, {1, 2}}, Weight: 5},
		{Ranks: [][]int{{2}, nil, {0}}, Weight: 6},
		{Ranks: [][]int{{0}, {2, 1}}, Weight: 1},
		{Ranks: [][]int{{0}, {1}, {2}}, Weight: 1},
		{Ranks: [][]int{{Overvote}, {1}}, Weight: 5},
		{Ranks: [][]int{}, Weight: 3},
		{Ranks: [][]int{nil}, Weight: 1},
		{Ranks: [][]int{{0}, {1, 2}, nil}, Weight: 11},
	}
	if got := p.Unpacked(); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	if err := p.Validate(); err != nil {
		t.Error(err)
	}
	if n := p.TotalWeight(); n != 33 {
		t.Errorf("total weight %d, want 33", n)
	}
	p.Candidates = p.Candidates[:2]
	if err := p.Validate(); err == nil {
		t.Error("a mark of a candidate out of range passed")
	}
}

// TestPackedCountsAsUnpacked counts random profiles with every method, once
// from Ballots and once packed, and wants the same reports.
func TestPackedCountsAsUnpacked(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 30 {
		n := 2 + r.IntN(6)
		p := &Profile{Seats: 1 + r.IntN(2)}
		for c := range n {
			p.Candidates = append(p.Candidates, string(rune('a'+c)))
		}
		for range 50 + r.IntN(200) {
			var ranks [][]int
			for range r.IntN(n + 2) {
				switch k := r.IntN(12); {
				case k == 0:
					ranks = append(ranks, nil)
				case k == 1:
					ranks = append(ranks, []int{r.IntN(n), r.IntN(n)})
				default:
					ranks = append(ranks, []int{r.IntN(n)})
				}
			}
			p.Ballots = append(p.Ballots, Ballot{Ranks: ranks, Weight: 1 + r.Int64N(3)})
		}
		pk, err := Pack(p.Ballots)
		if err != nil {
			t.Fatal(err)
		}
		q := *p
		q.Ballots, q.Packed = nil, pk
		counts := map[string]func(*Profile) (*Report, error){
			"irv": func(p *Profile) (*Report, error) {
				return IRV(p, IRVOptions{MaxSkippedRanks: 1, Overvote: AlwaysSkipToNextRank})
			},
			"meek":     func(p *Profile) (*Report, error) { return Meek(p, STVOptions{}) },
			"scottish": func(p *Profile) (*Report, error) { return ScottishSTV(p, STVOptions{}) },
			"schulze":  func(p *Profile) (*Report, error) { return Schulze(p, CondorcetOptions{}) },
			"approval": func(p *Profile) (*Report, error) { return Approval(p, 0) },
		}
		for name, count := range counts {
			a, errA := count(p)
			b, errB := count(&q)
			if (errA == nil) != (errB == nil) || !reflect.DeepEqual(a, b) {
				t.Errorf("trial %d, %s: from Ballots %+v (%v)\npacked %+v (%v)", trial, name, a, errA, b, errB)
			}
		}
	}
}
