// Package elgamal is exponential ElGamal over ristretto255: a message m is
// encrypted as (A, B) = (g^r, g^m·y^r), so that the product of two
// ciphertexts encrypts the sum of their messages. Ballots are encrypted
// one option at a time as 0 or 1 and tallied by multiplying ciphertexts;
// only the total is ever decrypted, and recovered from g^total by a
// discrete logarithm bounded by the size of the electorate (DLog).
//
// The secret key x (y = g^x) is never assembled: each trustee holds a
// share and publishes a partial decryption A^share (PartialDecrypt) with a
// proof; the partials are combined by Lagrange interpolation in the
// exponent (package dkg) into A^x, and Decrypt divides it out of B.
//
// The group is written additively in the code (Add, ScalarMult) and
// multiplicatively in comments, as in the literature.
package elgamal

import (
	"errors"
	"fmt"
	"io"

	"plenum/crypto/group"
)

// PublicKey is an election public key y with a precomputed table of its
// multiples, which makes encryption three times cheaper. It is read-only
// and safe for concurrent use.
type PublicKey struct {
	y     group.Element
	table *group.Table
}

// NewPublicKey prepares y for encryption. The identity is rejected: it
// would encrypt every message in the clear.
func NewPublicKey(y *group.Element) (*PublicKey, error) {
	if y.IsIdentity() {
		return nil, errors.New("elgamal: the public key is the identity")
	}
	pk := &PublicKey{table: group.NewTable(y)}
	// A decoded element keeps its encoding, which every proof hashes.
	if _, err := pk.y.SetBytes(y.Bytes()); err != nil {
		panic("elgamal: an element does not decode its own encoding")
	}
	return pk, nil
}

// Element returns y itself, not a copy: the same pointer for every call,
// which lets a proof.Batch collapse all the terms in y into one. It must
// not be modified.
func (pk *PublicKey) Element() *group.Element { return &pk.y }

// Table returns the precomputed table of y, for provers that need y^w.
func (pk *PublicKey) Table() *group.Table { return pk.table }

// Ciphertext is (A, B) = (g^r, g^m·y^r).
type Ciphertext struct {
	A, B group.Element
}

// CiphertextSize is the length of a ciphertext's binary encoding, A ‖ B.
const CiphertextSize = 2 * group.ElementSize

// Encrypt returns the encryption of m with randomness r, in constant
// time. Callers keep r secret; it is what an audited ballot reveals and
// what a proof of the plaintext is built from.
func (pk *PublicKey) Encrypt(m, r *group.Scalar) *Ciphertext {
	c := &Ciphertext{}
	c.A.ScalarBaseMult(r)
	pk.table.ScalarMult(&c.B, r)
	c.B.Add(&c.B, new(group.Element).ScalarBaseMult(m))
	// A fresh ciphertext is hashed into its proof and then published.
	c.A.CacheEncoding()
	c.B.CacheEncoding()
	return c
}

// EncryptRandom encrypts m with randomness drawn from rand and returns
// the ciphertext and the randomness.
func (pk *PublicKey) EncryptRandom(rand io.Reader, m *group.Scalar) (*Ciphertext, *group.Scalar, error) {
	r, err := group.RandomScalar(rand)
	if err != nil {
		return nil, nil, fmt.Errorf("elgamal: %w", err)
	}
	return pk.Encrypt(m, r), r, nil
}

// ReEncrypt returns c·(g^r, y^r): a fresh-looking ciphertext of the same
// message, as a mix server outputs.
func (pk *PublicKey) ReEncrypt(c *Ciphertext, r *group.Scalar) *Ciphertext {
	out := &Ciphertext{}
	out.A.ScalarBaseMult(r)
	out.A.Add(&out.A, &c.A)
	pk.table.ScalarMult(&out.B, r)
	out.B.Add(&out.B, &c.B)
	return out
}

// Add sets c = a·b, which encrypts the sum of their messages, and returns c.
func (c *Ciphertext) Add(a, b *Ciphertext) *Ciphertext {
	c.A.Add(&a.A, &b.A)
	c.B.Add(&a.B, &b.B)
	return c
}

// Sum returns the product of cs, the encryption of the sum of their
// messages; the empty sum is (1, 1), an encryption of 0.
func Sum(cs []*Ciphertext) *Ciphertext {
	s := &Ciphertext{}
	s.A.Set(group.NewElement())
	s.B.Set(group.NewElement())
	for _, c := range cs {
		s.Add(s, c)
	}
	return s
}

// Equal reports whether c and d are the same ciphertext.
func (c *Ciphertext) Equal(d *Ciphertext) bool {
	return c.A.Equal(&d.A) && c.B.Equal(&d.B)
}

// PartialDecrypt returns A^share, a trustee's decryption factor, in
// constant time.
func PartialDecrypt(c *Ciphertext, share *group.Scalar) *group.Element {
	return new(group.Element).ScalarMult(share, &c.A)
}

// Decrypt returns g^m = B / A^x, given the combined factor A^x.
func Decrypt(c *Ciphertext, factor *group.Element) *group.Element {
	return new(group.Element).Subtract(&c.B, factor)
}

// MarshalBinary returns A ‖ B, 64 bytes.
func (c *Ciphertext) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, CiphertextSize)
	return c.B.AppendBytes(c.A.AppendBytes(b)), nil
}

// UnmarshalBinary decodes A ‖ B, rejecting non-canonical elements and an
// identity A (which only r = 0, a broken encryptor, produces).
func (c *Ciphertext) UnmarshalBinary(b []byte) error {
	if len(b) != CiphertextSize {
		return fmt.Errorf("elgamal: ciphertext of %d bytes, want %d", len(b), CiphertextSize)
	}
	var a, bb group.Element
	if _, err := a.SetNonIdentityBytes(b[:group.ElementSize]); err != nil {
		return fmt.Errorf("elgamal: ciphertext A: %w", err)
	}
	if _, err := bb.SetBytes(b[group.ElementSize:]); err != nil {
		return fmt.Errorf("elgamal: ciphertext B: %w", err)
	}
	c.A.Set(&a)
	c.B.Set(&bb)
	return nil
}

// MarshalText returns the unpadded base64url encoding of MarshalBinary.
func (c *Ciphertext) MarshalText() ([]byte, error) {
	b, _ := c.MarshalBinary()
	return group.AppendText(nil, b), nil
}

// UnmarshalText decodes what MarshalText returns, and nothing else.
func (c *Ciphertext) UnmarshalText(text []byte) error {
	b, err := group.DecodeText(text, CiphertextSize)
	if err != nil {
		return fmt.Errorf("elgamal: ciphertext: %w", err)
	}
	return c.UnmarshalBinary(b)
}
