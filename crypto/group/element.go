package group

import (
	"encoding/base64"
	"errors"
	"fmt"

	"filippo.io/edwards25519"
)

// Element is an element of ristretto255. Methods set the receiver and
// return it, in the style of filippo.io/edwards25519, so they chain.
//
// An Element decoded from bytes remembers them: encoding costs a field
// inversion, and verifiers hash every element they decode. Only SetBytes,
// Set and CacheEncoding write that cache, never a read such as Bytes, so
// reading elements from many goroutines is safe.
type Element struct {
	p      edwards25519.Point
	enc    [32]byte
	hasEnc bool
}

// ErrIdentity is returned when the identity is decoded where it is not allowed.
var ErrIdentity = errors.New("the identity element is not allowed here")

// NewElement returns the identity element.
func NewElement() *Element {
	e := &Element{}
	e.p.Set(edwards25519.NewIdentityPoint())
	return e
}

// Generator returns the standard base point g of ristretto255.
func Generator() *Element {
	e := &Element{}
	e.p.Set(edwards25519.NewGeneratorPoint())
	return e
}

// set is the only way methods change the point, so the cached encoding
// can never be stale.
func (e *Element) set(p *edwards25519.Point) *Element {
	e.p.Set(p)
	e.hasEnc = false
	return e
}

// Set sets e = x and returns e.
func (e *Element) Set(x *Element) *Element {
	e.p.Set(&x.p)
	e.enc, e.hasEnc = x.enc, x.hasEnc
	return e
}

// Add sets e = a + b (the group operation, written multiplicatively
// elsewhere in plenum's documents) and returns e.
func (e *Element) Add(a, b *Element) *Element {
	var p edwards25519.Point
	return e.set(p.Add(&a.p, &b.p))
}

// Subtract sets e = a - b and returns e.
func (e *Element) Subtract(a, b *Element) *Element {
	var p edwards25519.Point
	return e.set(p.Subtract(&a.p, &b.p))
}

// Negate sets e = -a and returns e.
func (e *Element) Negate(a *Element) *Element {
	var p edwards25519.Point
	return e.set(p.Negate(&a.p))
}

// ScalarMult sets e = s·a in constant time and returns e.
func (e *Element) ScalarMult(s *Scalar, a *Element) *Element {
	var p edwards25519.Point
	return e.set(p.ScalarMult(&s.s, &a.p))
}

// ScalarBaseMult sets e = s·g in constant time, with a precomputed table,
// and returns e.
func (e *Element) ScalarBaseMult(s *Scalar) *Element {
	var p edwards25519.Point
	return e.set(p.ScalarBaseMult(&s.s))
}

// VarTimeDoubleScalarBaseMult sets e = a·A + b·g and returns e. It is not
// constant time: use it on public values only.
func (e *Element) VarTimeDoubleScalarBaseMult(a *Scalar, A *Element, b *Scalar) *Element {
	var p edwards25519.Point
	return e.set(p.VarTimeDoubleScalarBaseMult(&a.s, &A.p, &b.s))
}

// Select sets e to a if cond == 1 and to b if cond == 0, in constant time.
func (e *Element) Select(a, b *Element, cond int) *Element {
	var p edwards25519.Point
	return e.set(p.Select(&a.p, &b.p, cond))
}

// Equal reports whether e and x are the same element, in constant time.
func (e *Element) Equal(x *Element) bool {
	return ristrettoEqual(&e.p, &x.p) == 1
}

// IsIdentity reports whether e is the identity element.
func (e *Element) IsIdentity() bool {
	return ristrettoIsIdentity(&e.p) == 1
}

// Bytes returns the canonical 32-byte encoding of e.
func (e *Element) Bytes() []byte {
	return e.AppendBytes(make([]byte, 0, ElementSize))
}

// AppendBytes appends the canonical encoding of e to b.
func (e *Element) AppendBytes(b []byte) []byte {
	if e.hasEnc {
		return append(b, e.enc[:]...)
	}
	var enc [32]byte
	ristrettoEncode(&enc, &e.p)
	return append(b, enc[:]...)
}

// CacheEncoding computes e's encoding now and keeps it, so that later
// calls of Bytes and AppendBytes cost nothing, and returns e. Provers call
// it on the commitments and ciphertexts they both hash and publish. It
// writes e: call it before sharing e between goroutines, not during.
func (e *Element) CacheEncoding() *Element {
	if !e.hasEnc {
		ristrettoEncode(&e.enc, &e.p)
		e.hasEnc = true
	}
	return e
}

// SetBytes sets e to the element encoded by b and returns e. It returns an
// error, leaving e unchanged, unless b is the canonical encoding of an
// element. The identity (32 zero bytes) is accepted.
func (e *Element) SetBytes(b []byte) (*Element, error) {
	var p edwards25519.Point
	if err := ristrettoDecode(&p, b); err != nil {
		return nil, err
	}
	e.p.Set(&p)
	copy(e.enc[:], b)
	e.hasEnc = true
	return e, nil
}

// SetNonIdentityBytes is SetBytes that also rejects the identity, for
// public keys, commitments and other elements that must not be trivial.
func (e *Element) SetNonIdentityBytes(b []byte) (*Element, error) {
	var x Element
	if _, err := x.SetBytes(b); err != nil {
		return nil, err
	}
	if x.IsIdentity() {
		return nil, ErrIdentity
	}
	return e.Set(&x), nil
}

// MarshalText returns the unpadded base64url encoding of e's bytes.
func (e *Element) MarshalText() ([]byte, error) {
	return AppendText(nil, e.Bytes()), nil
}

// UnmarshalText decodes what MarshalText returns, rejecting any other
// spelling of the same element. The identity is accepted; callers for
// whom it is invalid check IsIdentity.
func (e *Element) UnmarshalText(text []byte) error {
	b, err := DecodeText(text, ElementSize)
	if err != nil {
		return fmt.Errorf("group element: %w", err)
	}
	if _, err := e.SetBytes(b); err != nil {
		return fmt.Errorf("group element: %w", err)
	}
	return nil
}

// String returns the text encoding, for logs and test failures.
func (e *Element) String() string {
	t, _ := e.MarshalText()
	return string(t)
}

// b64 is strict so that each value has a single text encoding.
var b64 = base64.RawURLEncoding.Strict()

// AppendText appends the unpadded base64url encoding of b to dst: the text
// form of elements, scalars and of the fixed-size values built from them
// (ciphertexts, proofs) in plenum's JSON documents.
func AppendText(dst, b []byte) []byte { return b64.AppendEncode(dst, b) }

// DecodeText decodes unpadded base64url text of exactly n bytes, strictly:
// padding, other alphabets and non-zero spare bits are rejected, so that
// each byte string has one text encoding.
func DecodeText(text []byte, n int) ([]byte, error) {
	if len(text) != b64.EncodedLen(n) {
		return nil, fmt.Errorf("want %d base64url characters, got %d", b64.EncodedLen(n), len(text))
	}
	b, err := b64.AppendDecode(make([]byte, 0, n), text)
	if err != nil {
		return nil, fmt.Errorf("bad base64url: %w", err)
	}
	return b, nil
}
