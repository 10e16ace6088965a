package count

import (
	"bytes"
	"fmt"
	"math/big"
	"strings"
)

// A Number is an exact figure in a report: a rational value and the number
// of decimal places its rule works to, which is how it is printed. Places
// below zero mark an exact rational; it prints as an integer when it is one
// and otherwise to twelve places. The zero Number is 0. Numbers are values:
// nothing changes one after it is made.
type Number struct {
	r      *big.Rat
	places int
}

// Exact is the Places of a Number computed in exact rationals.
const Exact = -1

// Int is the whole number n.
func Int(n int64) Number { return Number{r: new(big.Rat).SetInt64(n)} }

// Dec is units / 10^places.
func Dec(units int64, places int) Number {
	r := new(big.Rat).SetInt64(units)
	if places > 0 {
		r.Quo(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)))
	}
	return Number{r: r, places: places}
}

// Rat is a copy of r, printed to places (Exact for an exact rational).
func Rat(r *big.Rat, places int) Number { return Number{r: new(big.Rat).Set(r), places: places} }

// ParseNumber reads a decimal such as "1914.00000" or "-3"; the number of
// digits after the point become the Number's places.
func ParseNumber(s string) (Number, error) {
	r, ok := new(big.Rat).SetString(s)
	if !ok || strings.ContainsAny(s, "/eE") {
		return Number{}, fmt.Errorf("%q is not a decimal number", s)
	}
	places := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		places = len(s) - i - 1
	}
	return Number{r: r, places: places}, nil
}

func (n Number) rat() *big.Rat {
	if n.r == nil {
		return new(big.Rat)
	}
	return n.r
}

// Rat returns the exact value (a copy).
func (n Number) Rat() *big.Rat { return new(big.Rat).Set(n.rat()) }

// Places is how many decimal places the number's rule works to (Exact for
// exact rationals).
func (n Number) Places() int { return n.places }

// Cmp compares n and m by value.
func (n Number) Cmp(m Number) int { return n.rat().Cmp(m.rat()) }

// Sign is -1, 0 or +1.
func (n Number) Sign() int { return n.rat().Sign() }

// Add is n+m, printed to the larger of their places.
func (n Number) Add(m Number) Number {
	return Number{r: new(big.Rat).Add(n.rat(), m.rat()), places: maxPlaces(n.places, m.places)}
}

// Sub is n-m, printed to the larger of their places.
func (n Number) Sub(m Number) Number {
	return Number{r: new(big.Rat).Sub(n.rat(), m.rat()), places: maxPlaces(n.places, m.places)}
}

func maxPlaces(a, b int) int {
	if a == Exact || b == Exact {
		return Exact
	}
	return max(a, b)
}

// Float64 is the nearest float, for drawing pictures, never for counting.
func (n Number) Float64() float64 {
	f, _ := n.rat().Float64()
	return f
}

// String prints n to its places, truncating digits beyond them.
func (n Number) String() string {
	r := n.rat()
	places := n.places
	if places == Exact {
		if r.IsInt() {
			return r.RatString()
		}
		places = 12
	}
	// Truncate toward zero rather than round, as the rules do.
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	units := new(big.Int).Mul(r.Num(), scale)
	units.Quo(units, r.Denom())
	s := units.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if places > 0 {
		if len(s) <= places {
			s = strings.Repeat("0", places-len(s)+1) + s
		}
		s = s[:len(s)-places] + "." + s[len(s)-places:]
	}
	if neg && strings.Trim(s, "0.") != "" {
		s = "-" + s
	}
	return s
}

// MarshalJSON writes n as a JSON number to its places.
func (n Number) MarshalJSON() ([]byte, error) { return []byte(n.String()), nil }

// UnmarshalJSON reads a JSON number, or a decimal in a JSON string.
func (n *Number) UnmarshalJSON(b []byte) error {
	b = bytes.Trim(b, `"`)
	v, err := ParseNumber(string(b))
	if err != nil {
		return err
	}
	*n = v
	return nil
}
