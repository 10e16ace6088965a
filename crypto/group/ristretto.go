package group

import (
	"errors"
	"math/big"

	"filippo.io/edwards25519"
	"filippo.io/edwards25519/field"
)

// This file is the ristretto255 layer of RFC 9496 over the Edwards25519
// points of filippo.io/edwards25519: encoding, decoding, equality and the
// one-way map used to hash to the group. Every function here runs in
// constant time; decoding branches only on the validity of public input.

var (
	sqrtM1           = fieldFromDecimal("19681161376707505956807079304988542015446066515923890162744021073123829784752")
	sqrtADMinusOne   = fieldFromDecimal("25063068953384623474111414158702152701244531502492656460079210482610430750235")
	invSqrtAMinusD   = fieldFromDecimal("54469307008909316920995813868745141605393597292927456921205312896311721017578")
	oneMinusDSquared = fieldFromDecimal("1159843021668779879193775521855586647937357759715417654439879720876111806838")
	dMinusOneSquared = fieldFromDecimal("40440834346308536858101042469323190826248399146238708352240133220865137265952")
	curveD           = fieldFromDecimal("37095705934669439343138083508754565189542113879843219016388785533085940283555")
	fieldOne         = new(field.Element).One()
	fieldMinusOne    = new(field.Element).Negate(fieldOne)
)

var errEncoding = errors.New("not a canonical ristretto255 encoding")

// fieldFromDecimal parses a constant; it only ever sees the literals above.
func fieldFromDecimal(s string) *field.Element {
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("group: bad field constant " + s)
	}
	var le [32]byte
	n.FillBytes(le[:])
	for i, j := 0, len(le)-1; i < j; i, j = i+1, j-1 {
		le[i], le[j] = le[j], le[i]
	}
	fe, err := new(field.Element).SetBytes(le[:])
	if err != nil {
		panic(err)
	}
	return fe
}

// ristrettoDecode implements RFC 9496 section 4.3.1. It rejects
// non-canonical field encodings, negative s, non-square x² and negative or
// zero results, so every group element has exactly one accepted encoding.
func ristrettoDecode(p *edwards25519.Point, in []byte) error {
	if len(in) != 32 {
		return errEncoding
	}
	s, err := new(field.Element).SetBytes(in)
	if err != nil {
		return errEncoding
	}
	// SetBytes ignores the top bit and reduces values >= p: a round trip
	// shows whether the input was the canonical encoding of s.
	if string(s.Bytes()) != string(in) || s.IsNegative() == 1 {
		return errEncoding
	}
	ss := new(field.Element).Square(s)
	u1 := new(field.Element).Subtract(fieldOne, ss)
	u2 := new(field.Element).Add(fieldOne, ss)
	u2sq := new(field.Element).Square(u2)
	// v = -(d * u1²) - u2²
	v := new(field.Element).Square(u1)
	v.Multiply(v, curveD).Negate(v).Subtract(v, u2sq)
	invSqrt, wasSquare := new(field.Element).SqrtRatio(fieldOne, new(field.Element).Multiply(v, u2sq))
	denX := new(field.Element).Multiply(invSqrt, u2)
	denY := new(field.Element).Multiply(invSqrt, denX)
	denY.Multiply(denY, v)
	x := new(field.Element).Multiply(s, denX)
	x.Add(x, x).Absolute(x)
	y := new(field.Element).Multiply(u1, denY)
	t := new(field.Element).Multiply(x, y)
	if wasSquare == 0 || t.IsNegative() == 1 || y.Equal(new(field.Element).Zero()) == 1 {
		return errEncoding
	}
	if _, err := p.SetExtendedCoordinates(x, y, fieldOne, t); err != nil {
		return errEncoding
	}
	return nil
}

// ristrettoEncode implements RFC 9496 section 4.3.2.
func ristrettoEncode(out *[32]byte, p *edwards25519.Point) {
	x0, y0, z0, t0 := p.ExtendedCoordinates()
	u1 := new(field.Element).Add(z0, y0)
	u1.Multiply(u1, new(field.Element).Subtract(z0, y0))
	u2 := new(field.Element).Multiply(x0, y0)
	u2sq := new(field.Element).Square(u2)
	invSqrt, _ := new(field.Element).SqrtRatio(fieldOne, new(field.Element).Multiply(u1, u2sq))
	den1 := new(field.Element).Multiply(invSqrt, u1)
	den2 := new(field.Element).Multiply(invSqrt, u2)
	zInv := new(field.Element).Multiply(den1, den2)
	zInv.Multiply(zInv, t0)
	ix0 := new(field.Element).Multiply(x0, sqrtM1)
	iy0 := new(field.Element).Multiply(y0, sqrtM1)
	enchanted := new(field.Element).Multiply(den1, invSqrtAMinusD)
	rotate := new(field.Element).Multiply(t0, zInv).IsNegative()
	x := new(field.Element).Select(iy0, x0, rotate)
	y := new(field.Element).Select(ix0, y0, rotate)
	denInv := new(field.Element).Select(enchanted, den2, rotate)
	negY := new(field.Element).Negate(y)
	y.Select(negY, y, new(field.Element).Multiply(x, zInv).IsNegative())
	s := new(field.Element).Subtract(z0, y)
	s.Multiply(s, denInv).Absolute(s)
	copy(out[:], s.Bytes())
}

// ristrettoEqual reports whether p and q represent the same ristretto255
// element (RFC 9496 section 4.3.3): returns 1 if so, 0 otherwise.
func ristrettoEqual(p, q *edwards25519.Point) int {
	x1, y1, _, _ := p.ExtendedCoordinates()
	x2, y2, _, _ := q.ExtendedCoordinates()
	a := new(field.Element).Multiply(x1, y2)
	b := new(field.Element).Multiply(y1, x2)
	c := new(field.Element).Multiply(y1, y2)
	d := new(field.Element).Multiply(x1, x2)
	return a.Equal(b) | c.Equal(d)
}

// ristrettoIsIdentity reports whether p represents the identity: the
// identity's class holds exactly the points with X = 0 or Y = 0.
func ristrettoIsIdentity(p *edwards25519.Point) int {
	x, y, _, _ := p.ExtendedCoordinates()
	var zero field.Element
	return x.Equal(&zero) | y.Equal(&zero)
}

// ristrettoMap is the one-way map MAP(t) of RFC 9496 section 4.3.4.
func ristrettoMap(t *field.Element) *edwards25519.Point {
	r := new(field.Element).Square(t)
	r.Multiply(r, sqrtM1)
	u := new(field.Element).Add(r, fieldOne)
	u.Multiply(u, oneMinusDSquared)
	rd := new(field.Element).Multiply(r, curveD)
	v := new(field.Element).Subtract(fieldMinusOne, rd)
	v.Multiply(v, new(field.Element).Add(r, curveD))
	s, wasSquare := new(field.Element).SqrtRatio(u, v)
	sPrime := new(field.Element).Multiply(s, t)
	sPrime.Absolute(sPrime).Negate(sPrime)
	s.Select(s, sPrime, wasSquare)
	c := new(field.Element).Select(fieldMinusOne, r, wasSquare)
	n := new(field.Element).Subtract(r, fieldOne)
	n.Multiply(n, c).Multiply(n, dMinusOneSquared).Subtract(n, v)
	w0 := new(field.Element).Multiply(s, v)
	w0.Add(w0, w0)
	w1 := new(field.Element).Multiply(n, sqrtADMinusOne)
	ss := new(field.Element).Square(s)
	w2 := new(field.Element).Subtract(fieldOne, ss)
	w3 := new(field.Element).Add(fieldOne, ss)
	p, err := new(edwards25519.Point).SetExtendedCoordinates(
		new(field.Element).Multiply(w0, w3),
		new(field.Element).Multiply(w2, w1),
		new(field.Element).Multiply(w1, w3),
		new(field.Element).Multiply(w0, w2))
	if err != nil {
		// MAP always lands on the curve; reaching this is a bug.
		panic("group: ristretto255 map left the curve")
	}
	return p
}

// ristrettoFromUniformBytes is FROM_UNIFORM_BYTES / one-way map of RFC 9496
// section 4.3.4 applied to 64 uniformly random bytes.
func ristrettoFromUniformBytes(p *edwards25519.Point, b *[64]byte) {
	// SetBytes ignores the top bit of each half, as the RFC requires.
	t1, _ := new(field.Element).SetBytes(b[:32])
	t2, _ := new(field.Element).SetBytes(b[32:])
	p.Add(ristrettoMap(t1), ristrettoMap(t2))
}
