package group

import (
	"encoding/binary"
	"runtime"
	"sync"

	"filippo.io/edwards25519"
)

// VarTimeMultiScalarMult sets e = Σ scalars[i]·elements[i] and returns e.
// It is the workhorse of batch verification: with Pippenger's bucket
// method a term costs a fraction of one scalar multiplication (see
// docs/benchmarks.md). Large sums are split over the available cores.
//
// It is not constant time: use it on public values only. It panics if the
// slices differ in length.
func (e *Element) VarTimeMultiScalarMult(scalars []*Scalar, elements []*Element) *Element {
	if len(scalars) != len(elements) {
		panic("group: VarTimeMultiScalarMult: slices of different lengths")
	}
	ss := make([]*edwards25519.Scalar, len(scalars))
	ps := make([]*edwards25519.Point, len(elements))
	for i := range scalars {
		ss[i], ps[i] = &scalars[i].s, &elements[i].p
	}
	return e.set(VarTimeEdwardsMultiScalarMult(ss, ps))
}

// VarTimeEdwardsMultiScalarMult returns Σ scalars[i]·points[i] on the
// Edwards curve itself, torsion included, as VarTimeMultiScalarMult does
// in the group: for checking Ed25519 signatures in batches. It is not
// constant time and panics if the slices differ in length.
func VarTimeEdwardsMultiScalarMult(scalars []*edwards25519.Scalar, points []*edwards25519.Point) *edwards25519.Point {
	if len(scalars) != len(points) {
		panic("group: VarTimeEdwardsMultiScalarMult: slices of different lengths")
	}
	n := len(scalars)
	if n < pippengerMin {
		return new(edwards25519.Point).VarTimeMultiScalarMult(scalars, points)
	}
	workers := min(runtime.GOMAXPROCS(0), n/parallelMin)
	if workers <= 1 {
		return pippenger(scalars, points)
	}
	parts := make([]edwards25519.Point, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Go(func() { parts[w].Set(pippenger(scalars[lo:hi], points[lo:hi])) })
	}
	wg.Wait()
	acc := edwards25519.NewIdentityPoint()
	for i := range parts {
		acc.Add(acc, &parts[i])
	}
	return acc
}

// Below pippengerMin terms the interleaved-window (Straus) method of
// filippo.io/edwards25519 is faster (measured on the development machine:
// the two cross near 128 terms).
const pippengerMin = 128

// parallelMin is the least number of terms worth a goroutine. Splitting
// costs CPU time (smaller sums cost more per term: 18% more at 8,700
// terms), which a caller that already keeps every core busy, such as a
// verifier checking chunks of ballots in parallel, does not want; so only
// large sums, such as a shuffle proof's, are split. A variable so that
// tests can exercise the split cheaply.
var parallelMin = 32768

// shortBits bounds the scalars that pippenger treats as short: a batch
// verifier's random weights (128 bits) times ±1, which is most of its
// terms (the commitments of every proof). Their digits above shortBits are
// zero, so the high windows skip them: about half the additions per term.
const shortBits = 128

// pippenger computes Σ sᵢ·Pᵢ by cutting each scalar into signed c-bit
// digits; for each digit position, points are added into 2^(c-1) buckets
// by digit value and the buckets are summed with a running sum, so the
// whole costs about (253/c)·(n + 2^c) additions, most of them the cheap
// mixed additions of edwards.go. Short scalars (below 2^shortBits, or
// whose negation is) take part in the low windows only.
func pippenger(scalars []*edwards25519.Scalar, points []*edwards25519.Point) *edwards25519.Point {
	n := len(scalars)
	// Full-length terms first, then the short ones, each with the scalar
	// to cut into digits and whether the term is negated.
	order := make([]int32, 0, n)
	short := make([]int32, 0, n)
	ks := make([]edwards25519.Scalar, n)
	negated := make([]bool, n)
	for i, s := range scalars {
		switch {
		case isShort(s):
			ks[i].Set(s)
			short = append(short, int32(i))
		case isShort(ks[i].Negate(s)):
			negated[i] = true
			short = append(short, int32(i))
		default:
			ks[i].Set(s)
			order = append(order, int32(i))
		}
	}
	full := len(order)
	order = append(order, short...)
	c := windowBits(full, n-full)
	windows, shortWindows := digitCount(253, c), digitCount(shortBits, c)
	digits := make([]int32, n*windows)
	pts := make([]*edwards25519.Point, n)
	for k, i := range order {
		d := digits[k*windows : (k+1)*windows]
		if k >= full {
			d = d[:shortWindows]
		}
		signedDigits(d, &ks[i], c)
		if negated[i] {
			for j := range d {
				d[j] = -d[j]
			}
		}
		pts[k] = points[i]
	}
	affine := make([]affineNiels, n)
	toAffineNiels(affine, pts)
	buckets := make([]extended, 1<<(c-1))
	used := make([]bool, len(buckets))
	var acc, running, sum extended
	acc.setIdentity()
	for w := windows - 1; w >= 0; w-- {
		for range c {
			acc.double(&acc)
		}
		for j := range buckets {
			buckets[j].setIdentity()
		}
		clear(used)
		terms := n
		if w >= shortWindows {
			terms = full
		}
		for k := range terms {
			switch d := digits[k*windows+w]; {
			case d > 0:
				buckets[d-1].addAffine(&buckets[d-1], &affine[k], false)
				used[d-1] = true
			case d < 0:
				buckets[-d-1].addAffine(&buckets[-d-1], &affine[k], true)
				used[-d-1] = true
			}
		}
		// Σ_j (j+1)·bucket[j] = Σ_j Σ_{k≥j} bucket[k], by a running sum.
		running.setIdentity()
		sum.setIdentity()
		for j := len(buckets) - 1; j >= 0; j-- {
			if used[j] {
				running.add(&running, &buckets[j])
			}
			sum.add(&sum, &running)
		}
		acc.add(&acc, &sum)
	}
	return acc.point()
}

// isShort reports whether s < 2^shortBits.
func isShort(s *edwards25519.Scalar) bool {
	b := s.Bytes()
	for _, x := range b[shortBits/8:] {
		if x != 0 {
			return false
		}
	}
	return true
}

// digitCount is the number of signed c-bit digits of a scalar below
// 2^bits: one more than the unsigned digits, for the last carry.
func digitCount(bits, c int) int { return (bits+c-1)/c + 1 }

// windowBits picks the digit width c that minimises the additions of
// full terms of 253 bits and short terms of shortBits bits: each window
// costs one addition per term with a digit there and about 2^c to sum
// its buckets.
func windowBits(full, short int) int {
	best, bestCost := 4, int(^uint(0)>>1)
	for c := 4; c <= 16; c++ {
		windows := digitCount(253, c)
		cost := windows*(full+1<<c) + digitCount(shortBits, c)*short
		if cost < bestCost {
			best, bestCost = c, cost
		}
	}
	return best
}

// signedDigits writes s = Σ out[k]·2^(c·k) with digits in [-2^(c-1), 2^(c-1)].
func signedDigits(out []int32, s *edwards25519.Scalar, c int) {
	b := s.Bytes()
	var limbs [5]uint64
	for i := range 4 {
		limbs[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	mask := uint64(1)<<c - 1
	half := int64(1) << (c - 1)
	carry := int64(0)
	for k := range out {
		bit := k * c
		var v uint64
		if bit < 256 {
			v = limbs[bit/64] >> (bit % 64)
			if bit%64+c > 64 {
				v |= limbs[bit/64+1] << (64 - bit%64)
			}
			v &= mask
		}
		d := int64(v) + carry
		carry = 0
		if d >= half {
			d -= 1 << c
			carry = 1
		}
		out[k] = int32(d)
	}
}
