package count

import (
	"errors"
	"fmt"
	"slices"
)

// Overvote stands at a rank for a mark the ballot reader knows was an
// overvote without knowing for whom (some cast-vote records only say
// "overvote"). Readers that know the candidates list them all instead.
const Overvote = -1

// A Ballot is one way of filling in a ranked (or approval, or single-choice)
// ballot paper, and how many voters filled it in that way.
type Ballot struct {
	// Ranks holds, for each rank from the first, the indexes into
	// Profile.Candidates of the candidates marked at that rank. An empty rank
	// was skipped; a rank with more than one candidate is an overvote, or an
	// equal ranking where the rule allows it. The same candidate may appear at
	// several ranks (a duplicate ranking); rules decide what that means.
	Ranks [][]int
	// Weight is the number of voters who cast this ballot (or its integer
	// weight, for formats that weight ballots). It is at least 1.
	Weight int64
}

// A Profile is everything a count needs to know: who stands, who withdrew,
// how many seats there are, and how the voters voted.
type Profile struct {
	Title      string
	Candidates []string
	// Withdrawn lists candidates (indexes into Candidates) excluded before the
	// count: their marks are passed over as if absent.
	Withdrawn []int
	Seats     int
	Ballots   []Ballot
	// Packed holds more ballots, packed flat (as ballot file readers leave
	// them); the profile's ballots are those of Ballots and then these. All
	// yields them either way.
	Packed *Packed
}

// ErrInvalid is wrapped by every error about a profile a method cannot count.
var ErrInvalid = errors.New("invalid profile")

// Validate reports the first thing in p that no method can count.
func (p *Profile) Validate() error {
	if len(p.Candidates) == 0 {
		return fmt.Errorf("%w: no candidates", ErrInvalid)
	}
	if p.Seats < 0 {
		return fmt.Errorf("%w: %d seats", ErrInvalid, p.Seats)
	}
	seen := make(map[string]bool, len(p.Candidates))
	for _, name := range p.Candidates {
		if seen[name] {
			return fmt.Errorf("%w: candidate %q named twice", ErrInvalid, name)
		}
		seen[name] = true
	}
	for _, w := range p.Withdrawn {
		if w < 0 || w >= len(p.Candidates) {
			return fmt.Errorf("%w: withdrawn candidate %d out of range", ErrInvalid, w)
		}
	}
	for i, b := range p.Ballots {
		if b.Weight < 1 {
			return fmt.Errorf("%w: ballot %d has weight %d", ErrInvalid, i+1, b.Weight)
		}
		for _, rank := range b.Ranks {
			for _, c := range rank {
				if c != Overvote && (c < 0 || c >= len(p.Candidates)) {
					return fmt.Errorf("%w: ballot %d marks candidate %d out of range", ErrInvalid, i+1, c)
				}
			}
		}
	}
	if pk := p.Packed; pk != nil {
		for i, w := range pk.weight {
			if w < 1 {
				return fmt.Errorf("%w: ballot %d has weight %d", ErrInvalid, len(p.Ballots)+i+1, w)
			}
		}
		for _, c := range pk.marks {
			// One comparison for c == Overvote or 0 <= c < len(Candidates).
			if uint64(c-Overvote) > uint64(len(p.Candidates)) {
				return fmt.Errorf("%w: a ballot marks candidate %d out of range", ErrInvalid, c)
			}
		}
	}
	return nil
}

// TotalWeight is the number of voters in p.
func (p *Profile) TotalWeight() int64 {
	var n int64
	for _, b := range p.Ballots {
		n += b.Weight
	}
	if p.Packed != nil {
		for _, w := range p.Packed.weight {
			n += w
		}
	}
	return n
}

// Standing reports, for each candidate, whether they stand in the count
// (were not withdrawn).
func (p *Profile) Standing() []bool {
	s := make([]bool, len(p.Candidates))
	for i := range s {
		s[i] = true
	}
	for _, w := range p.Withdrawn {
		s[w] = false
	}
	return s
}

// Preferences returns b's candidates in order of preference, one group per
// rank that marks a candidate still standing, with skipped ranks, withdrawn
// candidates, overvote markers and repeated candidates left out. It is what
// rules that allow equal rankings (Meek, WIGM, Condorcet methods) read;
// instant-runoff rules read Ranks themselves.
func (b Ballot) Preferences(standing []bool) [][]int {
	var out [][]int
	seen := func(c int) bool {
		for _, g := range out {
			if slices.Contains(g, c) {
				return true
			}
		}
		return false
	}
	for _, rank := range b.Ranks {
		var group []int
		for _, c := range rank {
			if c == Overvote || !standing[c] || seen(c) || slices.Contains(group, c) {
				continue
			}
			group = append(group, c)
		}
		if len(group) > 0 {
			out = append(out, group)
		}
	}
	return out
}
