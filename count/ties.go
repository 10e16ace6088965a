package count

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// A tieBreaker picks among tied candidates the way a rule says: first by
// their votes at earlier rounds, then by a fixed order when the election
// gives one, then by lot from a seeded generator (so a count can be rerun
// and checked).
type tieBreaker struct {
	order []int // candidates, from the first to lose a tie to the last; nil when none given
	rng   *rand.Rand
	seed  uint64
}

func newTieBreaker(order []int, seed uint64) *tieBreaker {
	return &tieBreaker{order: order, rng: rand.New(rand.NewPCG(seed, 0x706c656e756d)), seed: seed}
}

// pick chooses one of tied (at least two): the candidate with the highest
// (high true) or lowest figure at the earliest round of history where the
// tied candidates' figures differ, else by order, else by lot. It returns
// the choice and how the tie was broken.
func (t *tieBreaker) pick(tied []int, history [][]int64, high bool) (int, string) {
	cands := slices.Clone(tied)
	for r, tally := range history {
		best := tally[cands[0]]
		for _, c := range cands[1:] {
			if v := tally[c]; (high && v > best) || (!high && v < best) {
				best = v
			}
		}
		var keep []int
		for _, c := range cands {
			if tally[c] == best {
				keep = append(keep, c)
			}
		}
		if len(keep) < len(cands) {
			cands = keep
			if len(cands) == 1 {
				return cands[0], fmt.Sprintf("votes at round %d", r+1)
			}
		}
	}
	if len(t.order) > 0 {
		pos := func(c int) int {
			if i := slices.Index(t.order, c); i >= 0 {
				return i
			}
			return len(t.order)
		}
		slices.SortFunc(cands, func(a, b int) int { return pos(a) - pos(b) })
		if high {
			return cands[len(cands)-1], "the election's tie-break order"
		}
		return cands[0], "the election's tie-break order"
	}
	slices.Sort(cands)
	return cands[t.rng.IntN(len(cands))], fmt.Sprintf("lot (seed %d)", t.seed)
}
