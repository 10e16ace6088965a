package group

import (
	"filippo.io/edwards25519"
	"filippo.io/edwards25519/field"
)

// Table holds precomputed multiples of one fixed base, so that s·base costs
// 64 cheap additions instead of 253 doublings and additions: about 2.5
// times faster than ScalarMult. Build one per long-lived base (an
// election's public key) and share it; a Table is read-only after NewTable
// and safe for concurrent use. It takes about 60 KB.
type Table struct {
	base Element
	// rows[i][j] = (j+1) · 16^i · base in affine Niels form, for the 64
	// signed radix-16 digits of a scalar.
	rows [64][8]affineNiels
}

// NewTable precomputes the multiples of base.
func NewTable(base *Element) *Table {
	t := &Table{}
	t.base.Set(base)
	pts := make([]*edwards25519.Point, 0, 64*8)
	p := new(edwards25519.Point).Set(&base.p)
	for range t.rows {
		q := new(edwards25519.Point).Set(p)
		pts = append(pts, q)
		for j := 1; j < 8; j++ {
			q = new(edwards25519.Point).Add(q, p)
			pts = append(pts, q)
		}
		// 16^(i+1)·base = 2·(8·16^i·base)
		p.Double(q)
	}
	flat := make([]affineNiels, len(pts))
	toAffineNiels(flat, pts)
	for i := range t.rows {
		copy(t.rows[i][:], flat[8*i:8*i+8])
	}
	return t
}

// Base returns the table's base.
func (t *Table) Base() *Element { return new(Element).Set(&t.base) }

// ScalarMult sets e = s·base in constant time and returns e.
func (t *Table) ScalarMult(e *Element, s *Scalar) *Element {
	digits := signedRadix16(s)
	var acc extended
	acc.setIdentity()
	var sel affineNiels
	for i := range t.rows {
		t.lookup(&sel, i, digits[i])
		acc.addAffine(&acc, &sel, false)
	}
	return e.set(acc.point())
}

// lookup sets out to d · 16^i · base without branching on d.
func (t *Table) lookup(out *affineNiels, i int, d int8) {
	// sign is 1 when d < 0; abs = |d| without branches.
	sign := int(uint8(d) >> 7)
	mask := d >> 7
	abs := uint8((d ^ mask) - mask)
	// The identity: (y+x, y-x, 2d·x·y) = (1, 1, 0).
	out.yPlusX.One()
	out.yMinusX.One()
	out.xy2d.Zero()
	for j := range t.rows[i] {
		cond := ctEqual(abs, uint8(j+1))
		out.yPlusX.Select(&t.rows[i][j].yPlusX, &out.yPlusX, cond)
		out.yMinusX.Select(&t.rows[i][j].yMinusX, &out.yMinusX, cond)
		out.xy2d.Select(&t.rows[i][j].xy2d, &out.xy2d, cond)
	}
	// -P swaps y+x and y-x and negates 2d·x·y.
	out.yPlusX.Swap(&out.yMinusX, sign)
	var neg field.Element
	neg.Negate(&out.xy2d)
	out.xy2d.Select(&neg, &out.xy2d, sign)
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
