package count

import (
	"errors"
	"iter"
	"math"
	"slices"
)

// Packed holds ballots in three flat arrays rather than a slice per rank:
// a million ten-rank ballots take about 60 MB rather than 350, and a count
// reads them without chasing a pointer per rank. Ballot readers build it
// with a Packer, which merges identical ballots as they come.
type Packed struct {
	weight []int64
	ballot []int32 // ballot i's ranks are rank[ballot[i]:ballot[i+1]]
	rank   []int32 // rank j's marks are marks[rank[j]:rank[j+1]]
	marks  []int32
}

// Len is the number of (distinct) ballots.
func (p *Packed) Len() int { return len(p.weight) }

// Weight is the number of voters who cast ballot i.
func (p *Packed) Weight(i int) int64 { return p.weight[i] }

// ranks returns the first and last+1 rank indexes of ballot i: rank j's
// marks are p.marksOf(j).
func (p *Packed) ranks(i int) (int, int) { return int(p.ballot[i]), int(p.ballot[i+1]) }

func (p *Packed) marksOf(j int) []int32 { return p.marks[p.rank[j]:p.rank[j+1]] }

// A Packer builds a Packed a mark at a time, merging each ballot with an
// identical one seen before (same marks at the same ranks) by adding its
// weight. It allocates only as its arrays grow.
type Packer struct {
	p Packed
	// slots is an open-addressing hash table of ballots: a ballot's hash
	// in the high 32 bits, its index plus one in the low (0: empty).
	slots []uint64
	h     uint32 // hash of the ballot being built
}

// ErrTooLarge says a profile has more marks than a Packed holds.
var ErrTooLarge = errors.New("more than 2^31 ranks or marks")

func (b *Packer) init() {
	if b.p.ballot == nil {
		b.p.ballot, b.p.rank = []int32{0}, []int32{0}
		b.slots = make([]uint64, 1024)
	}
}

// Reserve makes room for a file of about size bytes, so that the arrays
// need not grow (and be copied) as it is read. Room reserved and not used
// costs address space only.
func (b *Packer) Reserve(size int64) {
	b.init()
	// A mark and a rank take at least two bytes ("3 "), a ballot four; the
	// hash table takes a slot per ballot or more.
	n := len(b.slots)
	for n < int(min(size/16, 1<<24)) {
		n *= 2
	}
	if n > len(b.slots) {
		b.slots = make([]uint64, n)
	}
	// (Made rather than grown: a grown slice's spare room is cleared, and
	// clearing it costs a page fault a page.)
	marks := int(min(size/2, 1<<28))
	b.p.marks = append(make([]int32, 0, marks), b.p.marks...)
	b.p.rank = append(make([]int32, 0, marks), b.p.rank...)
	b.p.ballot = append(make([]int32, 0, marks/2), b.p.ballot...)
	b.p.weight = append(make([]int64, 0, marks/2), b.p.weight...)
}

// Mark adds candidate c (or Overvote) to the current rank.
func (b *Packer) Mark(c int) {
	b.p.marks = append(b.p.marks, int32(c))
	b.h = (b.h ^ uint32(c+2)) * 16777619
}

// EndRank ends the current rank: with no Mark since the last EndRank, it
// is a skipped rank.
func (b *Packer) EndRank() {
	if b.p.rank == nil {
		b.init()
	}
	b.p.rank = append(b.p.rank, int32(len(b.p.marks)))
	b.h = (b.h ^ 1) * 16777619
}

// EndBallot ends the ballot of the ranks since the last EndBallot, cast by
// weight voters.
func (b *Packer) EndBallot(weight int64) error {
	b.init()
	p := &b.p
	if len(p.marks) >= math.MaxInt32 || len(p.rank) >= math.MaxInt32 {
		return ErrTooLarge
	}
	n := len(p.weight)
	h := uint64(b.h) << 32
	b.h = 0
	mask := len(b.slots) - 1
	s := int(h>>32) & mask
	for ; b.slots[s] != 0; s = (s + 1) & mask {
		if b.slots[s]&^math.MaxUint32 == h {
			if i := int(uint32(b.slots[s])) - 1; p.sameAsLast(i) {
				p.weight[i] += weight
				p.rank = p.rank[:p.ballot[n]+1]
				p.marks = p.marks[:p.rank[p.ballot[n]]]
				return nil
			}
		}
	}
	b.slots[s] = h | uint64(n+1)
	p.weight = append(p.weight, weight)
	p.ballot = append(p.ballot, int32(len(p.rank)-1))
	if 2*len(p.weight) > len(b.slots) {
		b.grow()
	}
	return nil
}

// sameAsLast says whether ballot i has the same ranks as the one being
// built (the ranks after the last ballot).
func (p *Packed) sameAsLast(i int) bool {
	lo, hi := p.ranks(i)
	start := int(p.ballot[len(p.weight)])
	if hi-lo != len(p.rank)-1-start {
		return false
	}
	for k := range hi - lo {
		if p.rank[lo+k+1]-p.rank[lo+k] != p.rank[start+k+1]-p.rank[start+k] {
			return false
		}
	}
	return slices.Equal(p.marks[p.rank[lo]:p.rank[hi]], p.marks[p.rank[start]:])
}

func (b *Packer) grow() {
	old := b.slots
	b.slots = make([]uint64, 2*len(old))
	mask := len(b.slots) - 1
	for _, e := range old {
		if e == 0 {
			continue
		}
		s := int(e>>32) & mask
		for b.slots[s] != 0 {
			s = (s + 1) & mask
		}
		b.slots[s] = e
	}
}

// Add adds a ballot given as ranks.
func (b *Packer) Add(ranks [][]int, weight int64) error {
	for _, r := range ranks {
		for _, c := range r {
			b.Mark(c)
		}
		b.EndRank()
	}
	return b.EndBallot(weight)
}

// Packed returns the ballots added so far. The Packer must not be used
// after.
func (b *Packer) Packed() *Packed {
	b.init()
	b.slots = nil
	return &b.p
}

// Pack packs ballots, merging identical ones.
func Pack(ballots []Ballot) (*Packed, error) {
	var b Packer
	for _, bl := range ballots {
		if err := b.Add(bl.Ranks, bl.Weight); err != nil {
			return nil, err
		}
	}
	return b.Packed(), nil
}

// All yields every ballot of p: those of Ballots, then those of Packed. The
// ranks of a packed ballot are valid only until the next one is yielded.
func (p *Profile) All() iter.Seq[Ballot] {
	return func(yield func(Ballot) bool) {
		for _, b := range p.Ballots {
			if !yield(b) {
				return
			}
		}
		if p.Packed != nil {
			p.Packed.all(yield)
		}
	}
}

func (pk *Packed) all(yield func(Ballot) bool) {
	var ints []int
	var ranks [][]int
	for i := range pk.Len() {
		lo, hi := pk.ranks(i)
		ints, ranks = ints[:0], ranks[:0]
		for _, c := range pk.marks[pk.rank[lo]:pk.rank[hi]] {
			ints = append(ints, int(c))
		}
		at := 0
		for j := lo; j < hi; j++ {
			n := len(pk.marksOf(j))
			if n == 0 {
				ranks = append(ranks, nil)
				continue
			}
			ranks = append(ranks, ints[at:at+n:at+n])
			at += n
		}
		if !yield(Ballot{Ranks: ranks, Weight: pk.weight[i]}) {
			return
		}
	}
}

// Unpacked returns every ballot of p as a Ballot of its own.
func (p *Profile) Unpacked() []Ballot {
	out := slices.Clone(p.Ballots)
	if p.Packed != nil {
		p.Packed.all(func(b Ballot) bool {
			ranks := make([][]int, len(b.Ranks))
			for i, r := range b.Ranks {
				ranks[i] = slices.Clone(r)
			}
			out = append(out, Ballot{Ranks: ranks, Weight: b.Weight})
			return true
		})
	}
	return out
}

// packed returns p's ballots packed: Packed itself when Ballots is empty.
func (p *Profile) packed() (*Packed, error) {
	if len(p.Ballots) == 0 && p.Packed != nil {
		return p.Packed, nil
	}
	var b Packer
	for bl := range p.All() {
		if err := b.Add(bl.Ranks, bl.Weight); err != nil {
			return nil, err
		}
	}
	return b.Packed(), nil
}
