package proof

import (
	"fmt"
	"io"

	"plenum/crypto/group"
)

// Schnorr proves knowledge of x with X = x·G for a base G (RFC 8235 in
// commitment form): A = k·G, c = H(binding, G, X, A), s = k + c·x; the
// verifier checks s·G = A + c·X.
type Schnorr struct {
	A group.Element
	S group.Scalar
}

// SchnorrSize is the length of a Schnorr proof's binary encoding, A ‖ s.
const SchnorrSize = group.ElementSize + group.ScalarSize

func schnorrChallenge(b Binding, base, X, A *group.Element) *group.Scalar {
	t := b.start(schnorrTag)
	t.Element("base", base)
	t.Element("public", X)
	t.Element("commitment", A)
	return t.Challenge("challenge")
}

// ProveSchnorr proves knowledge of x for X = x·base.
func ProveSchnorr(rand io.Reader, b Binding, base, X *group.Element, x *group.Scalar) (*Schnorr, error) {
	k, err := group.RandomScalar(rand)
	if err != nil {
		return nil, fmt.Errorf("schnorr proof: %w", err)
	}
	p := &Schnorr{}
	baseMult(&p.A, k, base).CacheEncoding()
	c := schnorrChallenge(b, base, X, &p.A)
	p.S.MultiplyAdd(c, x, k)
	return p, nil
}

// Verify checks the proof for X = x·base.
func (p *Schnorr) Verify(b Binding, base, X *group.Element) error {
	bt := NewBatch()
	if err := p.AddToBatch(bt, b, base, X); err != nil {
		return err
	}
	return bt.Verify()
}

// AddToBatch checks what can be checked alone and adds the proof's
// equation to bt.
func (p *Schnorr) AddToBatch(bt *Batch, b Binding, base, X *group.Element) error {
	if base.IsIdentity() || X.IsIdentity() || p.A.IsIdentity() {
		return fmt.Errorf("%w: schnorr: identity element in statement or proof", ErrInvalid)
	}
	c := schnorrChallenge(b, base, X, &p.A)
	// s·base - A - c·X = 0
	bt.equation()
	bt.baseTerm(&p.S, base)
	bt.term(minusOne, &p.A)
	bt.term(new(group.Scalar).Negate(c), X)
	bt.n++
	return nil
}

// MarshalBinary returns A ‖ s.
func (p *Schnorr) MarshalBinary() ([]byte, error) {
	return append(p.A.Bytes(), p.S.Bytes()...), nil
}

// UnmarshalBinary decodes A ‖ s canonically.
func (p *Schnorr) UnmarshalBinary(b []byte) error {
	if len(b) != SchnorrSize {
		return fmt.Errorf("schnorr proof of %d bytes, want %d", len(b), SchnorrSize)
	}
	var q Schnorr
	if err := decodeElements(b, true, &q.A); err != nil {
		return fmt.Errorf("schnorr proof: commitment: %w", err)
	}
	if err := decodeScalars(b[group.ElementSize:], &q.S); err != nil {
		return fmt.Errorf("schnorr proof: response: %w", err)
	}
	*p = q
	return nil
}

// MarshalText returns the base64url of MarshalBinary.
func (p *Schnorr) MarshalText() ([]byte, error) {
	b, _ := p.MarshalBinary()
	return group.AppendText(nil, b), nil
}

// UnmarshalText decodes what MarshalText returns and nothing else.
func (p *Schnorr) UnmarshalText(text []byte) error {
	b, err := group.DecodeText(text, SchnorrSize)
	if err != nil {
		return fmt.Errorf("schnorr proof: %w", err)
	}
	return p.UnmarshalBinary(b)
}
