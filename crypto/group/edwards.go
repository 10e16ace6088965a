package group

import (
	"filippo.io/edwards25519"
	"filippo.io/edwards25519/field"
)

// This file is the Edwards25519 arithmetic of the bucket method, written on
// the field arithmetic of filippo.io/edwards25519 because the library does
// not export the representations that make bucket additions cheap: inputs
// are normalised once to affine Niels form (y+x, y-x, 2d·x·y), so adding
// one to a bucket costs 7 multiplications instead of 9. The formulas are
// those of Hisil, Wong, Carter and Dawson (2008) for a = -1, as used by the
// library itself. None of it is constant time; it serves public data only.

var curveD2 = new(field.Element).Add(curveD, curveD)

// extended is the point (X:Y:Z:T) with x = X/Z, y = Y/Z and x·y = T/Z.
type extended struct {
	X, Y, Z, T field.Element
}

// affineNiels is the affine point (x, y) as y+x, y-x and 2d·x·y.
type affineNiels struct {
	yPlusX, yMinusX, xy2d field.Element
}

func (v *extended) setIdentity() {
	v.X.Zero()
	v.Y.One()
	v.Z.One()
	v.T.Zero()
}

// fromCompleted sets v from the completed point ((X:Z), (Y:T)).
func (v *extended) fromCompleted(X, Y, Z, T *field.Element) {
	v.X.Multiply(X, T)
	v.Y.Multiply(Y, Z)
	v.Z.Multiply(Z, T)
	v.T.Multiply(X, Y)
}

// addAffine sets v = p + q, or p - q when sub is set.
func (v *extended) addAffine(p *extended, q *affineNiels, sub bool) {
	var yPlusX, yMinusX, pp, mm, tt2d, z2, X, Y, Z, T field.Element
	yPlusX.Add(&p.Y, &p.X)
	yMinusX.Subtract(&p.Y, &p.X)
	if sub {
		// -q swaps y+x and y-x and negates 2d·x·y.
		pp.Multiply(&yPlusX, &q.yMinusX)
		mm.Multiply(&yMinusX, &q.yPlusX)
	} else {
		pp.Multiply(&yPlusX, &q.yPlusX)
		mm.Multiply(&yMinusX, &q.yMinusX)
	}
	tt2d.Multiply(&p.T, &q.xy2d)
	z2.Add(&p.Z, &p.Z)
	X.Subtract(&pp, &mm)
	Y.Add(&pp, &mm)
	if sub {
		Z.Subtract(&z2, &tt2d)
		T.Add(&z2, &tt2d)
	} else {
		Z.Add(&z2, &tt2d)
		T.Subtract(&z2, &tt2d)
	}
	v.fromCompleted(&X, &Y, &Z, &T)
}

// add sets v = p + q.
func (v *extended) add(p, q *extended) {
	var a, b, pp, mm, tt2d, zz2, X, Y, Z, T field.Element
	a.Add(&p.Y, &p.X)
	b.Add(&q.Y, &q.X)
	pp.Multiply(&a, &b)
	a.Subtract(&p.Y, &p.X)
	b.Subtract(&q.Y, &q.X)
	mm.Multiply(&a, &b)
	tt2d.Multiply(&q.T, curveD2)
	tt2d.Multiply(&tt2d, &p.T)
	zz2.Multiply(&p.Z, &q.Z)
	zz2.Add(&zz2, &zz2)
	X.Subtract(&pp, &mm)
	Y.Add(&pp, &mm)
	Z.Add(&zz2, &tt2d)
	T.Subtract(&zz2, &tt2d)
	v.fromCompleted(&X, &Y, &Z, &T)
}

// double sets v = 2·p.
func (v *extended) double(p *extended) {
	var xx, yy, zz2, xPlusYSq, X, Y, Z, T field.Element
	xx.Square(&p.X)
	yy.Square(&p.Y)
	zz2.Square(&p.Z)
	zz2.Add(&zz2, &zz2)
	xPlusYSq.Add(&p.X, &p.Y)
	xPlusYSq.Square(&xPlusYSq)
	Y.Add(&yy, &xx)
	Z.Subtract(&yy, &xx)
	X.Subtract(&xPlusYSq, &Y)
	T.Subtract(&zz2, &Z)
	v.fromCompleted(&X, &Y, &Z, &T)
}

// point converts v to a library point.
func (v *extended) point() *edwards25519.Point {
	p, err := new(edwards25519.Point).SetExtendedCoordinates(&v.X, &v.Y, &v.Z, &v.T)
	if err != nil {
		// Every formula above stays on the curve; reaching this is a bug.
		panic("group: bucket arithmetic left the curve")
	}
	return p
}

// toAffineNiels normalises the points with one shared inversion
// (Montgomery's trick) and writes their affine Niels forms to out.
func toAffineNiels(out []affineNiels, pts []*edwards25519.Point) {
	xs := make([]field.Element, len(pts))
	ys := make([]field.Element, len(pts))
	prefix := make([]field.Element, len(pts))
	acc := new(field.Element).One()
	for i, p := range pts {
		X, Y, Z, _ := p.ExtendedCoordinates()
		xs[i].Set(X)
		ys[i].Set(Y)
		prefix[i].Set(acc)
		acc.Multiply(acc, Z)
	}
	// acc = Π Z; walking back, inv·prefix[i] is 1/Zᵢ.
	inv := new(field.Element).Invert(acc)
	var zInv, x, y field.Element
	for i := len(pts) - 1; i >= 0; i-- {
		zInv.Multiply(inv, &prefix[i])
		_, _, Z, _ := pts[i].ExtendedCoordinates()
		inv.Multiply(inv, Z)
		x.Multiply(&xs[i], &zInv)
		y.Multiply(&ys[i], &zInv)
		out[i].yPlusX.Add(&y, &x)
		out[i].yMinusX.Subtract(&y, &x)
		out[i].xy2d.Multiply(&x, &y)
		out[i].xy2d.Multiply(&out[i].xy2d, curveD2)
	}
}
