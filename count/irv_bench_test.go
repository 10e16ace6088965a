package count

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkIRVMillion counts a million ten-candidate ballots (each a
// random ranking of a random number of candidates, as `plenum ballots
// generate` makes them), profile already in memory.
func BenchmarkIRVMillion(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 0))
	p := &Profile{Seats: 1}
	for i := range 10 {
		p.Candidates = append(p.Candidates, string(rune('A'+i)))
	}
	for range 1_000_000 {
		perm := rng.Perm(10)[:1+rng.IntN(10)]
		ranks := make([][]int, len(perm))
		for i, c := range perm {
			ranks[i] = []int{c}
		}
		p.Ballots = append(p.Ballots, Ballot{Ranks: ranks, Weight: 1})
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := IRV(p, IRVOptions{MaxSkippedRanks: -1}); err != nil {
			b.Fatal(err)
		}
	}
}
