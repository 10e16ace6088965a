package count

import (
	"fmt"
	"math/big"
	"slices"
)

// Strength is how a Condorcet method measures a pairwise defeat.
type Strength int

const (
	// WinningVotes measures a defeat by the votes of its winner.
	WinningVotes Strength = iota
	// Margin measures it by winner's votes minus loser's.
	Margin
	// Ratio measures it by winner's votes divided by loser's.
	Ratio
)

func (s Strength) String() string {
	return [...]string{"winning votes", "margins", "ratio"}[s]
}

// CondorcetOptions choose the variant of a Condorcet method.
type CondorcetOptions struct {
	Strength Strength
	// IgnoreUnranked leaves out of the pairwise count every pair in which a
	// ballot does not rank both candidates. By default a ballot prefers every
	// candidate it ranks to every one it does not.
	IgnoreUnranked bool
}

// pairwise returns d[i][j], the weight of ballots preferring i to j, over
// the candidates standing.
func pairwise(p *Profile, opt CondorcetOptions) [][]int64 {
	n := len(p.Candidates)
	standing := p.Standing()
	d := make([][]int64, n)
	for i := range d {
		d[i] = make([]int64, n)
	}
	pos := make([]int, n)
	for b := range p.All() {
		for i := range pos {
			pos[i] = -1
		}
		for r, group := range b.Preferences(standing) {
			for _, c := range group {
				pos[c] = r
			}
		}
		for i := range n {
			for j := range n {
				pi, pj := pos[i], pos[j]
				if i == j || pi < 0 || (pj < 0 && opt.IgnoreUnranked) {
					continue
				}
				if pj < 0 || pi < pj {
					d[i][j] += b.Weight
				}
			}
		}
	}
	return d
}

// defeat is the strength of i's defeat of j, or nil when i does not beat j.
func defeat(d [][]int64, i, j int, s Strength) *big.Rat {
	if d[i][j] <= d[j][i] {
		return nil
	}
	switch s {
	case Margin:
		return big.NewRat(d[i][j]-d[j][i], 1)
	case Ratio:
		if d[j][i] == 0 {
			// An unopposed defeat is stronger than any ratio.
			return big.NewRat(d[i][j]*int64(1<<40), 1)
		}
		return big.NewRat(d[i][j], d[j][i])
	}
	return big.NewRat(d[i][j], 1)
}

func condorcetReport(method string, p *Profile, d [][]int64) *Report {
	rep := newReport(method, p)
	rep.Seats = 1
	standing := p.Standing()
	rep.Pairwise = make([][]Number, len(d))
	for i := range d {
		rep.Pairwise[i] = make([]Number, len(d))
		for j := range d {
			rep.Pairwise[i][j] = Int(d[i][j])
		}
	}
	tally := map[string]Number{}
	for c, s := range standing {
		if !s {
			continue
		}
		wins := 0
		for o := range d {
			if standing[o] && d[c][o] > d[o][c] {
				wins++
			}
		}
		tally[p.Candidates[c]] = Int(int64(wins))
	}
	rep.Rounds = []Round{{Round: 1, Tally: tally, Notes: []string{"tally: the number of opponents each candidate beats head to head"}}}
	return rep
}

// rankBy orders the standing candidates into places: a place holds every
// remaining candidate whom beats(j, i) clears of defeat by every other
// remaining candidate.
func rankBy(p *Profile, beats func(i, j int) bool) [][]string {
	var remaining []int
	for c, s := range p.Standing() {
		if s {
			remaining = append(remaining, c)
		}
	}
	var ranking [][]string
	for len(remaining) > 0 {
		var top []int
		for _, i := range remaining {
			if !slices.ContainsFunc(remaining, func(j int) bool { return j != i && beats(j, i) }) {
				top = append(top, i)
			}
		}
		if len(top) == 0 { // a cycle the method left open: the rest tie
			top = remaining
		}
		ranking = append(ranking, names(p, top))
		remaining = slices.DeleteFunc(remaining, func(c int) bool { return slices.Contains(top, c) })
	}
	return ranking
}

// finishCondorcet sets the elected from the first place of the ranking.
func finishCondorcet(rep *Report) {
	if len(rep.Ranking) > 0 {
		rep.Elected = slices.Clone(rep.Ranking[0])
		rep.Rounds[0].Elected = rep.Elected
		if len(rep.Elected) > 1 {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%d candidates tie for first place; the method does not choose among them", len(rep.Elected)))
		}
	}
}
