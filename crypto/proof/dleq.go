package proof

import (
	"fmt"
	"io"

	"plenum/crypto/group"
)

// DLEQ is a Chaum-Pedersen proof that X = x·G and Z = x·H for one x:
// A = k·G, B = k·H, c = H(binding, G, X, H, Z, A, B), s = k + c·x; the
// verifier checks s·G = A + c·X and s·H = B + c·Z.
//
// For a partial decryption, G = g, X is the trustee's verification key,
// H is the ciphertext's A and Z the trustee's decryption factor.
type DLEQ struct {
	A, B group.Element
	S    group.Scalar
}

// DLEQSize is the length of a DLEQ proof's binary encoding, A ‖ B ‖ s.
const DLEQSize = 2*group.ElementSize + group.ScalarSize

func dleqChallenge(b Binding, G, X, H, Z, A, B *group.Element) *group.Scalar {
	t := b.start(dleqTag)
	t.Element("base G", G)
	t.Element("public X", X)
	t.Element("base H", H)
	t.Element("public Z", Z)
	t.Element("commitment A", A)
	t.Element("commitment B", B)
	return t.Challenge("challenge")
}

// ProveDLEQ proves that X = x·G and Z = x·H.
func ProveDLEQ(rand io.Reader, b Binding, G, X, H, Z *group.Element, x *group.Scalar) (*DLEQ, error) {
	k, err := group.RandomScalar(rand)
	if err != nil {
		return nil, fmt.Errorf("dleq proof: %w", err)
	}
	p := &DLEQ{}
	baseMult(&p.A, k, G)
	p.B.ScalarMult(k, H)
	p.A.CacheEncoding()
	p.B.CacheEncoding()
	c := dleqChallenge(b, G, X, H, Z, &p.A, &p.B)
	p.S.MultiplyAdd(c, x, k)
	return p, nil
}

// Verify checks the proof that X = x·G and Z = x·H.
func (p *DLEQ) Verify(b Binding, G, X, H, Z *group.Element) error {
	bt := NewBatch()
	if err := p.AddToBatch(bt, b, G, X, H, Z); err != nil {
		return err
	}
	return bt.Verify()
}

// AddToBatch checks what can be checked alone and adds the proof's two
// equations to bt. Z may be the identity (x = 0 is a statement like any
// other), the bases and X may not.
func (p *DLEQ) AddToBatch(bt *Batch, b Binding, G, X, H, Z *group.Element) error {
	if G.IsIdentity() || H.IsIdentity() || X.IsIdentity() || p.A.IsIdentity() || p.B.IsIdentity() {
		return fmt.Errorf("%w: dleq: identity element in statement or proof", ErrInvalid)
	}
	c := dleqChallenge(b, G, X, H, Z, &p.A, &p.B)
	negC := new(group.Scalar).Negate(c)
	// s·G - A - c·X = 0
	bt.equation()
	bt.baseTerm(&p.S, G)
	bt.term(minusOne, &p.A)
	bt.sharedTerm(negC, X)
	// s·H - B - c·Z = 0
	bt.equation()
	bt.term(&p.S, H)
	bt.term(minusOne, &p.B)
	bt.term(negC, Z)
	bt.n++
	return nil
}

// MarshalBinary returns A ‖ B ‖ s.
func (p *DLEQ) MarshalBinary() ([]byte, error) {
	out := p.B.AppendBytes(p.A.Bytes())
	return append(out, p.S.Bytes()...), nil
}

// UnmarshalBinary decodes A ‖ B ‖ s canonically.
func (p *DLEQ) UnmarshalBinary(b []byte) error {
	if len(b) != DLEQSize {
		return fmt.Errorf("dleq proof of %d bytes, want %d", len(b), DLEQSize)
	}
	var q DLEQ
	if err := decodeElements(b, true, &q.A, &q.B); err != nil {
		return fmt.Errorf("dleq proof: commitment: %w", err)
	}
	if err := decodeScalars(b[2*group.ElementSize:], &q.S); err != nil {
		return fmt.Errorf("dleq proof: response: %w", err)
	}
	*p = q
	return nil
}

// MarshalText returns the base64url of MarshalBinary.
func (p *DLEQ) MarshalText() ([]byte, error) {
	b, _ := p.MarshalBinary()
	return group.AppendText(nil, b), nil
}

// UnmarshalText decodes what MarshalText returns and nothing else.
func (p *DLEQ) UnmarshalText(text []byte) error {
	b, err := group.DecodeText(text, DLEQSize)
	if err != nil {
		return fmt.Errorf("dleq proof: %w", err)
	}
	return p.UnmarshalBinary(b)
}
