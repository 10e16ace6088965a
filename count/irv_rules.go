package count

import (
	"fmt"
	"slices"
)

// inTally lists the candidates in round r's tally.
func (t *irvCount) inTally(r *irvRound) []int {
	var cs []int
	for c, in := range r.in {
		if in {
			cs = append(cs, c)
		}
	}
	return cs
}

// irvExtreme returns those of cs with the most (top) or fewest votes in r.
func irvExtreme(r *irvRound, cs []int, top bool) []int {
	var out []int
	for _, c := range cs {
		switch {
		case len(out) == 0 || r.tally[c] == r.tally[out[0]]:
			out = append(out, c)
		case (r.tally[c] > r.tally[out[0]]) == top:
			out = append(out[:0], c)
		}
	}
	return out
}

// identifyWinners returns the candidates elected in round r.
func (t *irvCount) identifyWinners(r *irvRound) ([]int, error) {
	if t.uwi >= 0 && r.in[t.uwi] && r.tally[t.uwi] != 0 {
		return nil, nil // no one wins while undeclared write-ins hold votes
	}
	cs := t.inTally(r)
	if t.opt.Mode == BottomsUpPercentage {
		for _, c := range cs {
			if t.rat(r.tally[c]).Cmp(r.threshold) <= 0 {
				return nil, nil
			}
		}
		r.notes = append(r.notes, "every remaining candidate has more than the threshold")
		return t.byVotes(r, cs), nil
	}
	var winners []int
	unfilled := t.seats() - len(t.elected)
	if unfilled > 0 {
		switch {
		case len(cs) <= unfilled:
			winners = cs
		case t.opt.FirstRoundDeterminesThreshold && len(cs)-1 == t.seats():
			winners = irvExtreme(r, cs, true)
		case t.opt.Mode != BottomsUp:
			for _, c := range cs {
				if c != t.uwi && t.rat(r.tally[c]).Cmp(r.threshold) >= 0 {
					winners = append(winners, c)
				}
			}
		}
	}
	several := len(winners) > 1 && (t.opt.Mode == MultiWinnerOnePerRound || t.opt.FirstRoundDeterminesThreshold)
	none := t.seats() == 1 && len(winners) == 0 && len(cs) == 2 && unfilled == 1 && t.allReachMinimum(r, cs)
	if several || none {
		winners = irvExtreme(r, cs, true)
		if len(winners) > 1 {
			c, err := t.breakTie(r, winners, true)
			if err != nil {
				return nil, err
			}
			winners = []int{c}
		}
	}
	return t.byVotes(r, winners), nil
}

func (t *irvCount) allReachMinimum(r *irvRound, cs []int) bool {
	m := t.opt.MinimumVoteThreshold
	for _, c := range cs {
		if m != nil && t.rat(r.tally[c]).Cmp(m) < 0 {
			return false
		}
	}
	return true
}

// byVotes orders cs by votes in r, most first, then by name.
func (t *irvCount) byVotes(r *irvRound, cs []int) []int {
	cs = slices.Clone(cs)
	slices.SortStableFunc(cs, func(a, b int) int {
		if r.tally[a] != r.tally[b] {
			if r.tally[a] > r.tally[b] {
				return -1
			}
			return 1
		}
		return javaCompare(t.p.Candidates[a], t.p.Candidates[b])
	})
	return cs
}

// chooseLosers returns the candidates eliminated in round r, by the first
// of RCTab's four ways that eliminates anyone.
func (t *irvCount) chooseLosers(r *irvRound) ([]int, error) {
	if t.uwi >= 0 && r.in[t.uwi] && r.tally[t.uwi] > 0 {
		r.notes = append(r.notes, "undeclared write-ins are eliminated first")
		return []int{t.uwi}, nil
	}
	cs := t.inTally(r)
	if m := t.opt.MinimumVoteThreshold; m != nil && m.Sign() > 0 {
		var below []int
		for _, c := range cs {
			if t.rat(r.tally[c]).Cmp(m) < 0 {
				below = append(below, c)
			}
		}
		if len(below) == t.numDeclared() {
			return nil, fmt.Errorf("%w: every declared candidate is below the minimum vote threshold", ErrInvalid)
		}
		if len(below) > 0 {
			r.notes = append(r.notes, "candidates below the minimum vote threshold are eliminated")
			return slices.Concat(irvGroupByVotes(r, below)...), nil
		}
	}
	if t.opt.BatchElimination {
		if batch := t.batch(r, cs); len(batch) > 1 {
			r.notes = append(r.notes, "batch elimination: together these cannot overtake the next candidate")
			return batch, nil
		}
	}
	lowest := irvExtreme(r, cs, false)
	if len(lowest) == 1 {
		return lowest, nil
	}
	c, err := t.breakTie(r, lowest, false)
	if err != nil {
		return nil, err
	}
	return []int{c}, nil
}

// batch returns the candidates RCTab's batch elimination removes: the
// lowest ones whose votes together are below the next candidate's.
func (t *irvCount) batch(r *irvRound, cs []int) []int {
	groups := irvGroupByVotes(r, cs)
	var running int64
	var seen, elim, prev []int
	for _, g := range groups {
		votes := r.tally[g[0]]
		next := slices.Clone(elim)
		if running < votes {
			for _, c := range seen {
				if !slices.Contains(next, c) {
					next = append(next, c)
				}
			}
		}
		running += votes * int64(len(g))
		seen = append(seen, g...)
		if len(next) > len(elim) {
			prev, elim = elim, next
		}
	}
	if t.opt.ContinueUntilTwo && len(elim)+t.nLost == t.numCandidates()-1 {
		elim = prev
	}
	return elim
}

// irvGroupByVotes groups cs by their votes in r, fewest first.
func irvGroupByVotes(r *irvRound, cs []int) [][]int {
	cs = slices.Clone(cs)
	slices.SortStableFunc(cs, func(a, b int) int {
		switch {
		case r.tally[a] < r.tally[b]:
			return -1
		case r.tally[a] > r.tally[b]:
			return 1
		}
		return 0
	})
	var groups [][]int
	for i, c := range cs {
		if i > 0 && r.tally[c] == r.tally[cs[i-1]] {
			groups[len(groups)-1] = append(groups[len(groups)-1], c)
		} else {
			groups = append(groups, []int{c})
		}
	}
	return groups
}
