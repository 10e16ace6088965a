package elgamal

import (
	"errors"
	"math"

	"plenum/crypto/group"
)

// ErrOutOfRange is returned by DLog.Solve when g^m has no m in [0, max].
var ErrOutOfRange = errors.New("elgamal: discrete log out of range")

// DLog recovers m from g^m for 0 ≤ m ≤ max by baby-step giant-step: a
// table of the encodings of g^0 .. g^(k-1), k ≈ √(max+1), and at most k
// giant steps of g^-k per query. For an electorate of a million the table
// holds a thousand entries and a query takes a few milliseconds. A DLog is
// read-only after NewDLog and safe for concurrent use.
type DLog struct {
	max   uint64
	k     uint64
	baby  map[[group.ElementSize]byte]uint64
	giant group.Element // g^-k
}

// NewDLog prepares the table for totals up to max (for example the
// number of voters, or voters times the largest weight).
func NewDLog(max uint64) *DLog {
	k := uint64(math.Sqrt(float64(max))) + 1
	d := &DLog{max: max, k: k, baby: make(map[[group.ElementSize]byte]uint64, k)}
	p, g := group.NewElement(), group.Generator()
	for j := range k {
		d.baby[[group.ElementSize]byte(p.Bytes())] = j
		p.Add(p, g)
	}
	// p is now g^k.
	d.giant.Negate(p)
	return d
}

// Solve returns m with g^m = e and 0 ≤ m ≤ max, or ErrOutOfRange. It is
// not constant time: it runs on decrypted totals, which are public.
func (d *DLog) Solve(e *group.Element) (uint64, error) {
	p := new(group.Element).Set(e)
	for i := uint64(0); i <= d.max/d.k; i++ {
		if j, ok := d.baby[[group.ElementSize]byte(p.Bytes())]; ok {
			if m := i*d.k + j; m <= d.max {
				return m, nil
			}
			return 0, ErrOutOfRange
		}
		p.Add(p, &d.giant)
	}
	return 0, ErrOutOfRange
}
