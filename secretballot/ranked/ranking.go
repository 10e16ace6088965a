package ranked

import (
	"fmt"

	"plenum/count"
	"plenum/crypto/group"
)

// Elements packs r into the group elements that a ranked ballot encrypts,
// Width(len(r)) of them.
func (r Ranking) Elements() ([]*group.Element, error) {
	payload, err := packRanking(r)
	if err != nil {
		return nil, err
	}
	es := make([]*group.Element, 0, len(payload)/PayloadSize)
	for off := 0; off < len(payload); off += PayloadSize {
		e, err := embed(payload[off : off+PayloadSize])
		if err != nil {
			return nil, err
		}
		es = append(es, e)
	}
	return es, nil
}

// Decode reads the ranking of candidates candidates that the decrypted
// elements carry. It fails, wrapping ErrMalformed, on anything Elements
// cannot have produced: then the ballot is counted as invalid, and the
// record says so.
func Decode(elements []*group.Element, candidates int) (Ranking, error) {
	if candidates < 1 || len(elements) != Width(candidates) {
		return nil, fmt.Errorf("%w: %d elements for %d candidates", ErrMalformed, len(elements), candidates)
	}
	payload := make([]byte, 0, len(elements)*PayloadSize)
	for i, e := range elements {
		p, err := extract(e)
		if err != nil {
			return nil, fmt.Errorf("element %d: %w", i+1, err)
		}
		payload = append(payload, p...)
	}
	return unpackRanking(payload, candidates)
}

// Check reports whether r is a ranking a voter may cast: the ranks used
// are 1, 2, ..., k for some k (none skipped; k = 0 is a blank ballot), and
// no two candidates share a rank unless ties are allowed (Schulze counts
// equal preferences; instant-runoff and STV do not).
func (r Ranking) Check(allowTies bool) error {
	used := make([]int, len(r)+1)
	for i, rank := range r {
		if rank < 0 || rank > len(r) {
			return fmt.Errorf("%w: candidate %d has rank %d of %d", ErrMalformed, i+1, rank, len(r))
		}
		used[rank]++
	}
	last := 0
	for rank := 1; rank <= len(r); rank++ {
		switch {
		case used[rank] == 0:
			continue
		case last != rank-1:
			return fmt.Errorf("%w: rank %d is used but rank %d is not", ErrMalformed, rank, rank-1)
		case used[rank] > 1 && !allowTies:
			return fmt.Errorf("%w: %d candidates share rank %d", ErrMalformed, used[rank], rank)
		}
		last = rank
	}
	return nil
}

// Ballot returns r as the counting engine takes it: the candidates at each
// rank, first preference first, with weight 1. Call it on a ranking that
// passed Check.
func (r Ranking) Ballot() count.Ballot {
	var ranks [][]int
	for c, rank := range r {
		if rank == 0 {
			continue
		}
		for len(ranks) < rank {
			ranks = append(ranks, nil)
		}
		ranks[rank-1] = append(ranks[rank-1], c)
	}
	return count.Ballot{Ranks: ranks, Weight: 1}
}
