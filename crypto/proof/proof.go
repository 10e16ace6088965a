// Package proof holds the zero-knowledge proofs of plenum's secret ballot,
// as Sigma protocols made non-interactive by strong Fiat-Shamir (package
// transcript):
//
//   - Schnorr: knowledge of x with X = x·G (trustees' coefficients,
//     voters' credentials);
//   - DLEQ (Chaum-Pedersen): the same x in X = x·G and Z = x·H (a
//     trustee's partial decryption matches its verification key);
//   - Range (Cramer-Damgård-Schoenmakers disjunction of Chaum-Pedersen
//     proofs): an ElGamal ciphertext encrypts one of lo, lo+1, ..., hi
//     (0 or 1 for an option of a ballot; min..max for the sum of an
//     approval ballot; exactly 1 for a single choice).
//
// # Binding
//
// Every challenge hashes the proof's own protocol tag, the group, the
// Binding (the election fingerprint and the context the caller names, such
// as a voter's credential and the question), every public input of the
// statement and every commitment, in that order. A proof therefore does not
// verify in another election, for another voter, for another ciphertext,
// key or base: the negative tests change each of them.
//
// # Form and batching
//
// Proofs keep their commitments rather than only (challenge, response):
// that costs a few more bytes but lets a verifier check thousands of
// proofs at once. A Batch collects each proof's equations
// Σ cᵢ·Pᵢ = 0, multiplies each by a fresh 128-bit random weight from
// crypto/rand, and checks the sum with one multi-scalar multiplication
// in which g and an election's public key collapse into one term each. A
// false equation survives with probability 2^-128. When a batch fails,
// callers verify its proofs one by one to name the culprit.
//
// # Encoding
//
// Each proof has a fixed binary layout of canonical 32-byte elements and
// scalars (MarshalBinary), and a text form that is its unpadded base64url
// (MarshalText, used in JSON). Decoders accept only canonical encodings
// and reject the identity as a commitment, so each proof has exactly one
// encoding.
//
// # Randomness
//
// Provers draw their nonces from the io.Reader they are given; tests and
// simulations pass a seeded one. A reused or predictable nonce reveals the
// secret: everything but tests must pass crypto/rand.Reader.
package proof

import (
	"errors"

	"plenum/crypto/group"
	"plenum/crypto/transcript"
)

// Binding names where a proof belongs. Both fields enter every challenge.
type Binding struct {
	// Fingerprint is the election fingerprint: the hash of its parameters.
	Fingerprint []byte
	// Context binds the proof to its use within the election, for example
	// a voter's public credential and the index of the question, or a
	// trustee's index; empty when the statement alone says it all.
	Context []byte
}

// ErrInvalid is wrapped by every verification failure.
var ErrInvalid = errors.New("invalid proof")

// start begins the transcript of a proof of the given kind.
func (b Binding) start(tag string) *transcript.Transcript {
	t := transcript.New(tag, b.Fingerprint)
	t.Bytes("context", b.Context)
	return t
}

// Protocol tags, one per proof; a change of statement or layout changes
// the version.
const (
	schnorrTag = "plenum/proof/schnorr/v1"
	dleqTag    = "plenum/proof/dleq/v1"
	rangeTag   = "plenum/proof/range/v1"
)

// decodeElements decodes n consecutive 32-byte elements of b, rejecting
// the identity when nonIdentity is set.
func decodeElements(b []byte, nonIdentity bool, out ...*group.Element) error {
	for i, e := range out {
		chunk := b[i*group.ElementSize : (i+1)*group.ElementSize]
		var err error
		if nonIdentity {
			_, err = e.SetNonIdentityBytes(chunk)
		} else {
			_, err = e.SetBytes(chunk)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// decodeScalars decodes consecutive 32-byte scalars of b.
func decodeScalars(b []byte, out ...*group.Scalar) error {
	for i, s := range out {
		if _, err := s.SetBytes(b[i*group.ScalarSize : (i+1)*group.ScalarSize]); err != nil {
			return err
		}
	}
	return nil
}
