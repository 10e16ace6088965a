package proof

import (
	"crypto/rand"
	"fmt"

	"plenum/crypto/group"
)

// Batch accumulates verification equations of many proofs and checks them
// together (see the package documentation). It keeps pointers to the
// elements of the statements and proofs added: they must not change until
// Verify. A Batch is not safe for concurrent use: to use several cores,
// give each goroutine its own.
type Batch struct {
	scalars  []*group.Scalar
	elements []*group.Element
	// g, and bases shared by many proofs (an election key), collapse into
	// one term each; shared is keyed by the pointer the caller passes.
	g      group.Scalar
	shared map[*group.Element]*group.Scalar
	weight group.Scalar
	n      int
}

// NewBatch returns an empty batch.
func NewBatch() *Batch {
	return &Batch{shared: make(map[*group.Element]*group.Scalar)}
}

// Len returns the number of proofs added.
func (b *Batch) Len() int { return b.n }

// Terms returns the number of multi-scalar-multiplication terms so far.
func (b *Batch) Terms() int { return len(b.scalars) + len(b.shared) + 1 }

// equation starts a new equation Σ cᵢ·Pᵢ = 0 with a fresh random weight.
func (b *Batch) equation() {
	var w [64]byte
	// 128 random bits: a false equation passes with probability 2^-128.
	if _, err := rand.Read(w[:16]); err != nil {
		panic(fmt.Sprintf("proof: crypto/rand failed: %v", err))
	}
	b.weight.SetUniformBytes(w[:])
}

// term adds weight·c·P to the current equation.
func (b *Batch) term(c *group.Scalar, p *group.Element) {
	b.scalars = append(b.scalars, new(group.Scalar).Multiply(&b.weight, c))
	b.elements = append(b.elements, p)
}

// baseTerm is term for a base that is often g, which it collapses.
func (b *Batch) baseTerm(c *group.Scalar, p *group.Element) {
	if p.Equal(generator) {
		b.gTerm(c)
		return
	}
	b.term(c, p)
}

// weighted adds weight·c to acc, for a base whose coefficient gathers
// terms of several equations (a ciphertext in a range proof).
func (b *Batch) weighted(acc, c *group.Scalar) {
	acc.MultiplyAdd(&b.weight, c, acc)
}

// AddTerm adds s·P with no weight of its own: s must already carry the
// batch's random weights, as the coefficients AddToBatchDeferred returns
// do (and sums of them).
func (b *Batch) AddTerm(s *group.Scalar, p *group.Element) {
	b.scalars = append(b.scalars, s)
	b.elements = append(b.elements, p)
}

// gTerm adds weight·c·g.
func (b *Batch) gTerm(c *group.Scalar) {
	b.g.MultiplyAdd(&b.weight, c, &b.g)
}

// sharedTerm adds weight·c·P for a base P that many equations share; P
// must not change until Verify.
func (b *Batch) sharedTerm(c *group.Scalar, p *group.Element) {
	s, ok := b.shared[p]
	if !ok {
		s = group.NewScalar()
		b.shared[p] = s
	}
	s.MultiplyAdd(&b.weight, c, s)
}

// Verify checks every equation added. It reports only that some proof is
// invalid; verify the proofs one by one to find which.
func (b *Batch) Verify() error {
	scalars := append(b.scalars, &b.g)
	elements := append(b.elements, group.Generator())
	for p, s := range b.shared {
		scalars = append(scalars, s)
		elements = append(elements, p)
	}
	if !new(group.Element).VarTimeMultiScalarMult(scalars, elements).IsIdentity() {
		return fmt.Errorf("%w: batch of %d proofs fails", ErrInvalid, b.n)
	}
	return nil
}

var (
	generator = group.Generator()
	one       = group.NewScalarUint64(1)
)
var minusOne = new(group.Scalar).Negate(one)

// baseMult sets e = k·base, with the precomputed table when base is g.
func baseMult(e *group.Element, k *group.Scalar, base *group.Element) *group.Element {
	if base.Equal(generator) {
		return e.ScalarBaseMult(k)
	}
	return e.ScalarMult(k, base)
}
