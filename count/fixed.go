package count

import (
	"fmt"
	"math/bits"
)

// Fixed is fixed-point decimal arithmetic to a number of places: an int64 v
// stands for v / 10^Places. Results that do not fit in the places are
// truncated toward zero (the Scottish order says "ignoring any remainder")
// unless a method says it rounds up. Products are formed in 128 bits, so
// a*b/c is exact before its one truncation.
type Fixed struct {
	Places int
	one    int64
}

// NewFixed returns arithmetic to places decimal places, 0 to 15.
func NewFixed(places int) Fixed {
	if places < 0 || places > 15 {
		panic(fmt.Sprintf("count: %d decimal places", places))
	}
	one := int64(1)
	for range places {
		one *= 10
	}
	return Fixed{Places: places, one: one}
}

// One is 1 in this arithmetic.
func (f Fixed) One() int64 { return f.one }

// FromInt is n in this arithmetic.
func (f Fixed) FromInt(n int64) int64 { return n * f.one }

// Mul is a×b, truncated.
func (f Fixed) Mul(a, b int64) int64 { return MulDiv(a, b, f.one) }

// Div is a÷b, truncated.
func (f Fixed) Div(a, b int64) int64 { return MulDiv(a, f.one, b) }

// MulUp is a×b rounded up (for non-negative operands).
func (f Fixed) MulUp(a, b int64) int64 { return MulDivUp(a, b, f.one) }

// DivUp is a÷b rounded up (for non-negative operands).
func (f Fixed) DivUp(a, b int64) int64 { return MulDivUp(a, f.one, b) }

// Number is v as a report figure with this arithmetic's places.
func (f Fixed) Number(v int64) Number { return Dec(v, f.Places) }

// MulDiv is a×b÷c truncated toward zero, with a 128-bit intermediate
// product. It panics if c is zero or the quotient overflows int64.
func MulDiv(a, b, c int64) int64 {
	q, _ := mulDiv(a, b, c)
	return q
}

// MulDivUp is a×b÷c rounded away from zero.
func MulDivUp(a, b, c int64) int64 {
	q, rem := mulDiv(a, b, c)
	if rem {
		if (a < 0) != (b < 0) != (c < 0) {
			return q - 1
		}
		return q + 1
	}
	return q
}

func mulDiv(a, b, c int64) (q int64, inexact bool) {
	neg := (a < 0) != (b < 0) != (c < 0)
	hi, lo := bits.Mul64(abs64(a), abs64(b))
	uc := abs64(c)
	if hi >= uc {
		panic("count: fixed-point overflow")
	}
	uq, r := bits.Div64(hi, lo, uc)
	if uq > 1<<63-1 {
		panic("count: fixed-point overflow")
	}
	q = int64(uq)
	if neg {
		q = -q
	}
	return q, r != 0
}

func abs64(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}
