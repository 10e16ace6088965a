package ranked

import (
	"errors"
	"fmt"
	"math/bits"
)

// PayloadSize is the number of ranking bytes one group element carries: a
// ristretto255 encoding has 32 bytes, of which the first and the last hold
// the counter that makes the bytes a valid encoding (see embed).
const PayloadSize = 30

// A Ranking gives, for each candidate in the order of the ballot paper, the
// rank the voter gave them: 1 for the first preference, 2 for the second,
// and so on; 0 leaves the candidate unranked.
type Ranking []int

// rankBits is the number of bits that hold one candidate's rank: enough for
// 0..candidates.
func rankBits(candidates int) int { return bits.Len(uint(candidates)) }

// Width is the number of group elements, and so of ciphertexts, that a
// ranking of this many candidates takes: one up to 40 candidates, two up to
// 68, three up to 102, and so on.
func Width(candidates int) int {
	n := (candidates*rankBits(candidates) + 7) / 8
	return max(1, (n+PayloadSize-1)/PayloadSize)
}

// packRanking writes r as little-endian bit fields of rankBits each, padded
// with zero bits to Width·PayloadSize bytes.
func packRanking(r Ranking) ([]byte, error) {
	c := len(r)
	if c == 0 {
		return nil, errors.New("a ranking needs at least one candidate")
	}
	b := rankBits(c)
	out := make([]byte, Width(c)*PayloadSize)
	for i, rank := range r {
		if rank < 0 || rank > c {
			return nil, fmt.Errorf("candidate %d: rank %d is not between 0 and %d", i+1, rank, c)
		}
		for k := range b {
			if rank>>k&1 == 1 {
				pos := i*b + k
				out[pos/8] |= 1 << (pos % 8)
			}
		}
	}
	return out, nil
}

// ErrMalformed is wrapped by every error about a decrypted ranking that no
// valid ballot could have produced.
var ErrMalformed = errors.New("malformed ranking")

// unpackRanking reads a ranking of c candidates from payload, which must be
// exactly what packRanking writes: the right length, every rank in 0..c,
// and zero padding bits.
func unpackRanking(payload []byte, c int) (Ranking, error) {
	if c <= 0 || len(payload) != Width(c)*PayloadSize {
		return nil, fmt.Errorf("%w: %d bytes for %d candidates", ErrMalformed, len(payload), c)
	}
	b := rankBits(c)
	r := make(Ranking, c)
	for i := range r {
		for k := range b {
			pos := i*b + k
			if payload[pos/8]>>(pos%8)&1 == 1 {
				r[i] |= 1 << k
			}
		}
		if r[i] > c {
			return nil, fmt.Errorf("%w: candidate %d has rank %d of %d", ErrMalformed, i+1, r[i], c)
		}
	}
	for pos := c * b; pos < len(payload)*8; pos++ {
		if payload[pos/8]>>(pos%8)&1 == 1 {
			return nil, fmt.Errorf("%w: padding bit %d is set", ErrMalformed, pos)
		}
	}
	return r, nil
}
