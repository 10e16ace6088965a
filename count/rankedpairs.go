package count

import (
	"fmt"
	"math/big"
	"slices"
)

// RankedPairs counts p by Tideman's ranked pairs: every pairwise defeat,
// strongest first (by opt.Strength; equal strengths by the loser's smaller
// vote), is locked in unless it would close a cycle with defeats already
// locked. Defeats of equal strength are considered together: each that
// closes a cycle with the others is skipped. The order of finish follows
// the locked defeats; candidates the locked defeats do not separate share
// a place.
func RankedPairs(p *Profile, opt CondorcetOptions) (*Report, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	d := pairwise(p, opt)
	n := len(d)
	standing := p.Standing()
	type pair struct {
		win, lose int
		s         *big.Rat
	}
	var pairs []pair
	for i := range n {
		for j := range n {
			if i != j && standing[i] && standing[j] {
				if s := defeat(d, i, j, opt.Strength); s != nil {
					pairs = append(pairs, pair{i, j, s})
				}
			}
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int {
		if c := b.s.Cmp(a.s); c != 0 {
			return c
		}
		return cmpDesc(d[b.lose][b.win], d[a.lose][a.win])
	})
	locked := make([][]bool, n)
	for i := range locked {
		locked[i] = make([]bool, n)
	}
	rep := condorcetReport("ranked-pairs", p, d)
	rep.Notes = append(rep.Notes, fmt.Sprintf("defeats measured by %s", opt.Strength))
	for i := 0; i < len(pairs); {
		j := i
		for j < len(pairs) && pairs[j].s.Cmp(pairs[i].s) == 0 && d[pairs[j].lose][pairs[j].win] == d[pairs[i].lose][pairs[i].win] {
			j++
		}
		// Decide the whole group against what was locked before it.
		var lock []pair
		for _, pr := range pairs[i:j] {
			desc := fmt.Sprintf("%s over %s (%d to %d)", p.Candidates[pr.win], p.Candidates[pr.lose], d[pr.win][pr.lose], d[pr.lose][pr.win])
			if reaches(locked, pr.lose, pr.win) {
				rep.Rounds[0].Notes = append(rep.Rounds[0].Notes, "skipped "+desc+": it would close a cycle")
				continue
			}
			lock = append(lock, pr)
			rep.Rounds[0].Notes = append(rep.Rounds[0].Notes, "locked "+desc)
		}
		for _, pr := range lock {
			locked[pr.win][pr.lose] = true
		}
		i = j
	}
	rep.Ranking = rankBy(p, func(a, b int) bool { return reaches(locked, a, b) })
	finishCondorcet(rep)
	return rep, nil
}

// reaches reports whether locked defeats lead from a to b.
func reaches(locked [][]bool, a, b int) bool {
	seen := make([]bool, len(locked))
	stack := []int{a}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b {
			return true
		}
		for y, l := range locked[x] {
			if l && !seen[y] {
				seen[y] = true
				stack = append(stack, y)
			}
		}
	}
	return false
}
