package secretballot

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// A Choice is what one voter marked on one question: the indexes of the
// options chosen, in increasing order; on a ranked question, the indexes
// of the options ranked, from the first preference down.
type Choice []int

// check reports whether c is a valid choice on q.
func (c Choice) check(q *Question) error {
	if q.Kind.Ranked() {
		return c.checkRanked(q)
	}
	if len(c) < q.Min || len(c) > q.Max {
		return fmt.Errorf("question %q: %d options chosen, want %d to %d", q.ID, len(c), q.Min, q.Max)
	}
	for i, o := range c {
		if o < 0 || o >= len(q.Options) || (i > 0 && c[i-1] >= o) {
			return fmt.Errorf("question %q: choice %v is not increasing option indexes", q.ID, []int(c))
		}
	}
	return nil
}

// marks returns c as one 0 or 1 per option of q.
func (c Choice) marks(q *Question) []uint64 {
	m := make([]uint64, len(q.Options))
	for _, o := range c {
		m[o] = 1
	}
	return m
}

// randomChoice draws a valid choice on q. Option i is (roughly) chosen with
// weight 1/(i+1), so that simulated elections have clear winners, as real
// ones mostly do; referendums pass about half the time.
func randomChoice(q *Question, r *rand.Rand) Choice {
	if q.Kind == Referendum {
		return Choice{r.IntN(2)}
	}
	if q.Kind.Ranked() {
		return randomRanking(q, r)
	}
	k := q.Min + r.IntN(q.Max-q.Min+1)
	w := make([]float64, len(q.Options))
	total := 0.0
	for i := range w {
		w[i] = 1 / float64(i+1)
		total += w[i]
	}
	c := make(Choice, 0, k)
	for range k {
		x := r.Float64() * total
		i := 0
		for ; i < len(w)-1 && (w[i] == 0 || x >= w[i]); i++ {
			x -= w[i]
		}
		for w[i] == 0 { // float rounding left x past the last open option
			i--
		}
		c = append(c, i)
		total -= w[i]
		w[i] = 0
	}
	slices.Sort(c)
	return c
}
