// Package ed25519batch checks Ed25519 signatures (RFC 8032) many at a
// time. A verifier of a million ballots spends most of a signature check
// in one double scalar multiplication; summed over a batch with random
// weights, a signature costs two terms of one multi-scalar multiplication
// instead, a few times less.
//
// Signatures are checked with the cofactored equation of RFC 8032 section
// 5.1.7, [8]([s]B - R - [k]A) = 0, the only one that gives the same answer
// one at a time and in any batch. crypto/ed25519 checks the cofactorless
// [s]B - [k]A = R, which the section also allows: the two differ only on
// signatures made with a point of small order in R or A, which an honest
// signer never makes; every signature crypto/ed25519 accepts passes here.
package ed25519batch

import (
	"crypto/rand"
	"crypto/sha512"
	"errors"
	"fmt"

	"filippo.io/edwards25519"

	"plenum/crypto/group"
)

// ErrInvalid is returned for a signature that is malformed or false.
var ErrInvalid = errors.New("ed25519batch: invalid signature")

// signature is a decoded signature with its challenge k = H(R ‖ A ‖ M).
type signature struct {
	a, r edwards25519.Point
	s, k edwards25519.Scalar
}

func decode(pub, msg, sig []byte) (*signature, error) {
	if len(pub) != 32 || len(sig) != 64 {
		return nil, fmt.Errorf("%w: %d-byte key, %d-byte signature", ErrInvalid, len(pub), len(sig))
	}
	var g signature
	if _, err := g.a.SetBytes(pub); err != nil {
		return nil, fmt.Errorf("%w: the key is not a point", ErrInvalid)
	}
	if _, err := g.r.SetBytes(sig[:32]); err != nil {
		return nil, fmt.Errorf("%w: R is not a point", ErrInvalid)
	}
	if _, err := g.s.SetCanonicalBytes(sig[32:]); err != nil {
		return nil, fmt.Errorf("%w: s is not below the group order", ErrInvalid)
	}
	h := sha512.New()
	h.Write(sig[:32])
	h.Write(pub)
	h.Write(msg)
	var digest [64]byte
	g.k.SetUniformBytes(h.Sum(digest[:0]))
	return &g, nil
}

// Verify checks one signature with the cofactored equation.
func Verify(pub, msg, sig []byte) bool {
	g, err := decode(pub, msg, sig)
	if err != nil {
		return false
	}
	// [s]B - [k]A - R
	var minusK edwards25519.Scalar
	p := new(edwards25519.Point).VarTimeDoubleScalarBaseMult(minusK.Negate(&g.k), &g.a, &g.s)
	p.Subtract(p, &g.r)
	return p.MultByCofactor(p).Equal(edwards25519.NewIdentityPoint()) == 1
}

// Batch accumulates signatures and checks them together. It is not safe
// for concurrent use: give each goroutine its own.
type Batch struct {
	scalars []*edwards25519.Scalar
	points  []*edwards25519.Point
	base    edwards25519.Scalar // Σ z·s, the base point's coefficient
}

// Len returns the number of signatures added.
func (b *Batch) Len() int { return len(b.points) / 2 }

// Add adds the signature sig of msg by pub, or returns why it cannot be
// a signature at all (lengths, encodings).
func (b *Batch) Add(pub, msg, sig []byte) error {
	g, err := decode(pub, msg, sig)
	if err != nil {
		return err
	}
	// 128 random bits: a false signature passes with probability 2^-128.
	var w [32]byte
	if _, err := rand.Read(w[:16]); err != nil {
		panic(fmt.Sprintf("ed25519batch: crypto/rand failed: %v", err))
	}
	z, err := new(edwards25519.Scalar).SetCanonicalBytes(w[:])
	if err != nil {
		panic(err) // below 2^128, so canonical
	}
	// z·([s]B - R - [k]A)
	b.base.MultiplyAdd(z, &g.s, &b.base)
	zk := new(edwards25519.Scalar).Multiply(z, &g.k)
	b.scalars = append(b.scalars, z.Negate(z), zk.Negate(zk))
	b.points = append(b.points, &g.r, &g.a)
	return nil
}

// Verify reports whether every signature added is valid. When it is not,
// check them one by one with Verify to find which.
func (b *Batch) Verify() bool {
	if len(b.points) == 0 {
		return true
	}
	scalars := append(b.scalars, &b.base)
	points := append(b.points, edwards25519.NewGeneratorPoint())
	p := group.VarTimeEdwardsMultiScalarMult(scalars, points)
	return p.MultByCofactor(p).Equal(edwards25519.NewIdentityPoint()) == 1
}
