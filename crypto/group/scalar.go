package group

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"filippo.io/edwards25519"
)

// Scalar is an integer modulo the group order ℓ. The zero value is 0.
// Arithmetic runs in constant time.
type Scalar struct {
	s edwards25519.Scalar
}

// NewScalar returns the scalar 0.
func NewScalar() *Scalar { return &Scalar{} }

// NewScalarUint64 returns the scalar n.
func NewScalarUint64(n uint64) *Scalar { return new(Scalar).SetUint64(n) }

// RandomScalar reads 64 bytes from rand and reduces them modulo ℓ, which
// gives a uniform scalar with a bias below 2^-250. Tests and simulations
// pass a deterministic reader; everything else passes crypto/rand.Reader.
func RandomScalar(rand io.Reader) (*Scalar, error) {
	var b [64]byte
	if _, err := io.ReadFull(rand, b[:]); err != nil {
		return nil, fmt.Errorf("random scalar: %w", err)
	}
	return new(Scalar).SetUniformBytes(b[:]), nil
}

// SetUint64 sets s = n and returns s.
func (s *Scalar) SetUint64(n uint64) *Scalar {
	var b [32]byte
	binary.LittleEndian.PutUint64(b[:], n)
	if _, err := s.s.SetCanonicalBytes(b[:]); err != nil {
		panic("group: uint64 is not a canonical scalar")
	}
	return s
}

// SetUniformBytes sets s to the 64-byte little-endian integer b reduced
// modulo ℓ and returns s. It panics if len(b) != 64.
func (s *Scalar) SetUniformBytes(b []byte) *Scalar {
	if _, err := s.s.SetUniformBytes(b); err != nil {
		panic("group: SetUniformBytes needs 64 bytes")
	}
	return s
}

// SetBytes sets s to the scalar encoded by b and returns s. It returns an
// error unless b is 32 bytes encoding an integer below ℓ.
func (s *Scalar) SetBytes(b []byte) (*Scalar, error) {
	if _, err := s.s.SetCanonicalBytes(b); err != nil {
		return nil, errors.New("not a canonical scalar encoding")
	}
	return s, nil
}

// Bytes returns the 32-byte little-endian encoding of s.
func (s *Scalar) Bytes() []byte { return s.s.Bytes() }

// Set sets s = x and returns s.
func (s *Scalar) Set(x *Scalar) *Scalar { s.s.Set(&x.s); return s }

// Add sets s = x + y and returns s.
func (s *Scalar) Add(x, y *Scalar) *Scalar { s.s.Add(&x.s, &y.s); return s }

// Subtract sets s = x - y and returns s.
func (s *Scalar) Subtract(x, y *Scalar) *Scalar { s.s.Subtract(&x.s, &y.s); return s }

// Multiply sets s = x · y and returns s.
func (s *Scalar) Multiply(x, y *Scalar) *Scalar { s.s.Multiply(&x.s, &y.s); return s }

// MultiplyAdd sets s = x · y + z and returns s.
func (s *Scalar) MultiplyAdd(x, y, z *Scalar) *Scalar { s.s.MultiplyAdd(&x.s, &y.s, &z.s); return s }

// Negate sets s = -x and returns s.
func (s *Scalar) Negate(x *Scalar) *Scalar { s.s.Negate(&x.s); return s }

// Invert sets s = 1/x and returns s. The inverse of 0 is 0.
func (s *Scalar) Invert(x *Scalar) *Scalar { s.s.Invert(&x.s); return s }

// Equal reports whether s and x are equal, in constant time.
func (s *Scalar) Equal(x *Scalar) bool { return s.s.Equal(&x.s) == 1 }

// IsZero reports whether s is 0.
func (s *Scalar) IsZero() bool { return s.s.Equal(edwards25519.NewScalar()) == 1 }

// MarshalText returns the unpadded base64url encoding of s's bytes.
func (s *Scalar) MarshalText() ([]byte, error) {
	return AppendText(nil, s.Bytes()), nil
}

// UnmarshalText decodes what MarshalText returns and nothing else.
func (s *Scalar) UnmarshalText(text []byte) error {
	b, err := DecodeText(text, ScalarSize)
	if err != nil {
		return fmt.Errorf("scalar: %w", err)
	}
	if _, err := s.SetBytes(b); err != nil {
		return fmt.Errorf("scalar: %w", err)
	}
	return nil
}
