package count

import (
	"fmt"
	"math/big"
)

// Schulze counts p by the Schulze method: the strength of the strongest
// path from each candidate to each other (a path's strength being that of
// its weakest defeat, measured by opt.Strength), and the order in which
// each candidate beats another when its strongest path to them is stronger
// than theirs back. The report carries the pairwise and strongest-path
// matrices; candidates whom no one beats share the first place.
func Schulze(p *Profile, opt CondorcetOptions) (*Report, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	d := pairwise(p, opt)
	n := len(d)
	standing := p.Standing()
	paths := make([][]*big.Rat, n)
	for i := range n {
		paths[i] = make([]*big.Rat, n)
		for j := range n {
			if i != j && standing[i] && standing[j] {
				paths[i][j] = defeat(d, i, j, opt.Strength)
			}
		}
	}
	// Widest paths, Floyd-Warshall style.
	for k := range n {
		for i := range n {
			if i == k || paths[i][k] == nil {
				continue
			}
			for j := range n {
				if j == i || j == k || paths[k][j] == nil {
					continue
				}
				w := minRat(paths[i][k], paths[k][j])
				if paths[i][j] == nil || w.Cmp(paths[i][j]) > 0 {
					paths[i][j] = w
				}
			}
		}
	}
	rep := condorcetReport("schulze", p, d)
	rep.StrongestPaths = make([][]Number, n)
	for i := range n {
		rep.StrongestPaths[i] = make([]Number, n)
		for j := range n {
			if paths[i][j] != nil {
				rep.StrongestPaths[i][j] = Rat(paths[i][j], Exact)
			}
		}
	}
	rep.Notes = append(rep.Notes, fmt.Sprintf("defeats measured by %s", opt.Strength))
	beats := func(i, j int) bool { return cmpPath(paths[i][j], paths[j][i]) > 0 }
	rep.Ranking = rankBy(p, beats)
	finishCondorcet(rep)
	return rep, nil
}

func minRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) < 0 {
		return a
	}
	return b
}

// cmpPath compares path strengths, no path being weakest.
func cmpPath(a, b *big.Rat) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return a.Cmp(b)
}
