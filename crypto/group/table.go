package group

import "filippo.io/edwards25519"

// Table holds precomputed multiples of one fixed base, so that s·base costs
// 64 additions instead of 253 doublings and additions: about three times
// faster than ScalarMult. Build one per long-lived base (an election's
// public key) and share it; a Table is read-only after NewTable and safe
// for concurrent use. It takes about 80 KB.
type Table struct {
	base Element
	// rows[i][j] = (j+1) · 16^i · base, for the 64 signed radix-16 digits
	// of a scalar.
	rows [64][8]edwards25519.Point
}

// NewTable precomputes the multiples of base.
func NewTable(base *Element) *Table {
	t := &Table{}
	t.base.Set(base)
	var p edwards25519.Point
	p.Set(&base.p)
	for i := range t.rows {
		t.rows[i][0].Set(&p)
		for j := 1; j < 8; j++ {
			t.rows[i][j].Add(&t.rows[i][j-1], &p)
		}
		// 16^(i+1)·base = 2·(8·16^i·base)
		p.Double(&t.rows[i][7])
	}
	return t
}

// Base returns the table's base.
func (t *Table) Base() *Element { return new(Element).Set(&t.base) }

// ScalarMult sets e = s·base in constant time and returns e.
func (t *Table) ScalarMult(e *Element, s *Scalar) *Element {
	digits := signedRadix16(s)
	acc := edwards25519.NewIdentityPoint()
	var sel, neg edwards25519.Point
	for i := range t.rows {
		t.lookup(&sel, i, digits[i])
		neg.Negate(&sel)
		sel.Select(&neg, &sel, int(uint8(digits[i])>>7))
		acc.Add(acc, &sel)
	}
	return e.set(acc)
}

// lookup sets out to |d| · 16^i · base without branching on d.
func (t *Table) lookup(out *edwards25519.Point, i int, d int8) {
	// abs without branches: mask is all ones when d < 0.
	mask := d >> 7
	abs := uint8((d ^ mask) - mask)
	out.Set(edwards25519.NewIdentityPoint())
	for j := range t.rows[i] {
		out.Select(&t.rows[i][j], out, ctEqual(abs, uint8(j+1)))
	}
}

// ctEqual returns 1 if a == b and 0 otherwise, without branches.
func ctEqual(a, b uint8) int {
	x := uint32(a ^ b)
	return int((x - 1) >> 31)
}

// signedRadix16 writes the canonical scalar s as 64 digits in [-8, 8] with
// s = Σ digits[i]·16^i.
func signedRadix16(s *Scalar) [64]int8 {
	b := s.Bytes()
	var d [64]int8
	for i := range 32 {
		d[2*i] = int8(b[i] & 15)
		d[2*i+1] = int8(b[i] >> 4)
	}
	for i := range 63 {
		carry := (d[i] + 8) >> 4
		d[i] -= carry << 4
		d[i+1] += carry
	}
	return d
}
