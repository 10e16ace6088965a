// Package group is the prime-order group that plenum's secret ballot is
// built on: ristretto255 (RFC 9496) over the Edwards25519 arithmetic of
// filippo.io/edwards25519.
//
// # Elements and scalars
//
// An Element is a group element. It has exactly one 32-byte encoding:
// SetBytes rejects every other byte string, so two equal elements always
// hash the same in a Fiat-Shamir transcript. The identity has an encoding
// (32 zero bytes) and is accepted by SetBytes; statements where the
// identity makes no sense (public keys, commitments, the first half of a
// ciphertext) decode with SetNonIdentityBytes or check IsIdentity.
//
// A Scalar is an integer modulo the group order
// ℓ = 2^252 + 27742317777372353535851937790883648493, encoded in 32
// little-endian bytes; SetBytes rejects values ≥ ℓ.
//
// Text encodings (MarshalText, used by encoding/json) are unpadded base64url
// of the canonical bytes, decoded strictly: one string per value.
//
// # Generators
//
// Generator is the standard base point g. Independent generators (for
// Pedersen commitments and the shuffle) come from HashToElement with a
// domain-separation tag, so nobody knows a discrete-log relation between
// them and g.
//
// # Speed
//
// Operations on secret scalars (ScalarMult, ScalarBaseMult, Table) run in
// constant time. Operations whose name starts with VarTime, and
// MultiScalarMult (Pippenger's bucket method), leak their scalars through
// timing and are for verification, where every input is public.
//
// The zero value of Element is not a valid element: start from
// NewElement, Generator, SetBytes or an operation that sets the receiver.
package group

// Name identifies the group in Fiat-Shamir transcripts and election
// parameters.
const Name = "ristretto255"

// ElementSize and ScalarSize are the lengths of the canonical encodings.
const (
	ElementSize = 32
	ScalarSize  = 32
)
