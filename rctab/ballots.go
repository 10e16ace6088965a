package rctab

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"

	"plenum/count"
)

// UndeclaredWriteIns is the candidate that stands for every undeclared
// write-in, as RCTab names it in its reports.
const UndeclaredWriteIns = "Undeclared Write-ins"

// maxRank bounds the rank numbers a cast-vote record may use, so a corrupt
// file cannot make a reader allocate without limit.
const maxRank = 1 << 12

// A mark is one candidate (or count.Overvote) marked at a rank.
type mark struct {
	rank int
	cand int
}

// builder turns cast-vote records into aggregated ballots: identical
// records become one count.Ballot with their number as its weight, so a
// million records of a ten-candidate contest need far fewer values.
type builder struct {
	names   map[string]int // candidate names and aliases
	uwi     int
	ballots []count.Ballot
	index   map[string]int // ballot key -> position in ballots
	unknown map[string]string
	key     []byte
	ranks   [][]int
}

func newBuilder(candidates []string, aliases map[string]int, uwi int) *builder {
	b := &builder{names: map[string]int{}, uwi: uwi, index: map[string]int{}, unknown: map[string]string{}}
	for i, name := range candidates {
		b.names[name] = i
	}
	for alias, i := range aliases {
		b.names[alias] = i
	}
	return b
}

// candidate resolves a name or alias; where says where it was read, for the
// error about names no candidate has.
func (b *builder) candidate(name, where string) (int, bool) {
	return b.candidateAt(name, func() string { return where })
}

// candidateAt is candidate for hot loops: where is only called for an
// unknown name.
func (b *builder) candidateAt(name string, where func() string) (int, bool) {
	if i, ok := b.names[name]; ok {
		return i, true
	}
	if _, seen := b.unknown[name]; !seen {
		b.unknown[name] = where()
	}
	return 0, false
}

// writeIn is the undeclared write-in candidate; ok is false when the
// contest has none.
func (b *builder) writeIn() (int, bool) { return b.uwi, b.uwi >= 0 }

// add records one cast-vote record; where says where it was read, for
// errors.
func (b *builder) add(marks []mark, where func() string) error {
	top := 0
	for _, m := range marks {
		if m.rank < 1 || m.rank > maxRank {
			return fmt.Errorf("%s: rank %d out of range 1 to %d", where(), m.rank, maxRank)
		}
		top = max(top, m.rank)
	}
	ranks := b.ranks[:0]
	for range top {
		ranks = append(ranks, nil)
	}
	for _, m := range marks {
		ranks[m.rank-1] = append(ranks[m.rank-1], m.cand)
	}
	b.key = b.key[:0]
	for _, r := range ranks {
		b.key = binary.AppendUvarint(b.key, uint64(len(r)))
		for _, c := range r {
			b.key = binary.AppendVarint(b.key, int64(c))
		}
	}
	if i, ok := b.index[string(b.key)]; ok {
		b.ballots[i].Weight++
		b.ranks = ranks
		return nil
	}
	b.index[string(b.key)] = len(b.ballots)
	own := make([][]int, len(ranks))
	for i, r := range ranks {
		own[i] = slices.Clone(r)
	}
	b.ballots = append(b.ballots, count.Ballot{Ranks: own, Weight: 1})
	b.ranks = ranks
	return nil
}

// err reports the names that matched no candidate, as RCTab refuses to
// count records naming unknown candidates.
func (b *builder) err() error {
	if len(b.unknown) == 0 {
		return nil
	}
	names := make([]string, 0, len(b.unknown))
	for n := range b.unknown {
		names = append(names, n)
	}
	sort.Strings(names)
	var parts []string
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%q (%s)", n, b.unknown[n]))
	}
	return fmt.Errorf("cast-vote records name unknown candidates: %s", strings.Join(parts, ", "))
}
