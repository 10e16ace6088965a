package count_test

import (
	"math/rand/v2"
	"testing"

	"plenum/count"
)

// benchProfile is 100,000 ballots over 30 candidates for 5 seats, each a
// random ranking of random length skewed towards popular candidates, so
// counts run many rounds as real ones do.
func benchProfile() *count.Profile {
	rng := rand.New(rand.NewPCG(1, 2))
	p := &count.Profile{Seats: 5}
	for i := range 30 {
		p.Candidates = append(p.Candidates, string(rune('A'+i%26))+string(rune('a'+i/26)))
	}
	for range 100_000 {
		n := 1 + rng.IntN(10)
		seen := map[int]bool{}
		var ranks [][]int
		for len(ranks) < n {
			c := int(float64(30) * rng.Float64() * rng.Float64())
			if !seen[c] {
				seen[c] = true
				ranks = append(ranks, []int{c})
			}
		}
		p.Ballots = append(p.Ballots, count.Ballot{Ranks: ranks, Weight: 1})
	}
	return p
}

func BenchmarkScottishSTV100k(b *testing.B) {
	p := benchProfile()
	for b.Loop() {
		if _, err := count.ScottishSTV(p, count.STVOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMeek100k(b *testing.B) {
	p := benchProfile()
	for b.Loop() {
		if _, err := count.Meek(p, count.STVOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
