// Package dkg is the trustees' key ceremony of plenum's secret ballot: a
// Pedersen distributed key generation with threshold t of n and no
// dealer, after which any t trustees can decrypt a tally and t-1 learn
// nothing. The election's private key is never assembled anywhere.
//
// # The ceremony
//
// Every trustee registers a TrusteeKeys: an Ed25519 key that signs its
// messages and an HPKE (X25519) key that receives shares. The server only
// relays messages; it can drop them, which shows, but it cannot read or
// forge them.
//
//  1. Deal. Trustee i picks a random polynomial fᵢ of degree t-1 and
//     publishes a Commitment: the Feldman commitments Aᵢₖ = g^aᵢₖ to its
//     coefficients, with a Schnorr proof of knowledge of aᵢ₀ (which stops
//     a trustee from choosing its commitment after seeing the others', the
//     rogue-key attack). To each trustee j it sends an EncryptedShare:
//     fᵢ(j), HPKE-encrypted to j and signed.
//  2. Check. Trustee j decrypts the shares addressed to it and checks
//     g^fᵢ(j) = Πₖ Aᵢₖ^(jᵏ). For a share that is missing, unreadable or
//     wrong, j publishes a signed Complaint against i.
//  3. Answer. Trustee i answers each complaint against it with a Reveal:
//     the share fᵢ(j) in the clear, which anyone can check against i's
//     commitments.
//  4. Qualify. Anyone, from the public messages alone, disqualifies every
//     trustee whose commitment is missing or invalid, or who left a
//     complaint unanswered or answered it with a wrong share (Qualify).
//     The joint key is y = Πᵢ Aᵢ₀ over the qualified trustees, trustee j's
//     secret share is sⱼ = Σᵢ fᵢ(j), and its public verification key
//     Yⱼ = g^sⱼ = Πᵢ Πₖ Aᵢₖ^(jᵏ) is computable by all.
//
// A trustee who sends no keys before the ceremony's deadline is left out
// of the Roster: nobody deals it a share, and Qualify disqualifies it
// (ReasonNoKeys), as it does a trustee in the roster who dealt nothing
// (ReasonNoDeal). The threshold stays T: the ceremony completes if at
// least T trustees qualify, and any T of them decrypt.
//
// Decryption: trustee j publishes αʲ = α^sⱼ with a DLEQ proof against Yⱼ
// (PartialDecrypt); any t of them combine with Lagrange coefficients into
// α^x (Combine). A Pedersen DKG lets a cheating trustee bias the
// distribution of y slightly (Gennaro et al., 1999); for ElGamal
// encryption this is harmless.
//
// # Messages
//
// Messages are JSON structs. Decode (and the UnmarshalJSON methods) accept
// only the exact bytes that encoding/json produces for the decoded value,
// so every message has one encoding; unknown fields are rejected.
// Signatures cover a length-prefixed binary encoding of every field, the
// kind of message and the election fingerprint, never the JSON.
//
// # Randomness
//
// Keys, polynomials and proof nonces come from the io.Reader given, so a
// simulation is reproducible. HPKE draws its ephemeral keys from
// crypto/rand, which only makes share ciphertexts differ between runs.
package dkg

import (
	"cmp"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/hpke"
	"errors"
	"fmt"
	"io"
	"slices"
)

// Params identify one ceremony.
type Params struct {
	// Fingerprint is the election fingerprint; every message signs it.
	Fingerprint []byte `json:"fingerprint"`
	// N trustees, numbered 1..N; any T of them decrypt (1 ≤ T ≤ N).
	N int `json:"n"`
	T int `json:"t"`
}

// Validate checks 1 ≤ T ≤ N ≤ MaxTrustees.
func (p Params) Validate() error {
	if p.N < 1 || p.N > MaxTrustees || p.T < 1 || p.T > p.N {
		return fmt.Errorf("dkg: threshold %d of %d trustees: need 1 ≤ t ≤ n ≤ %d", p.T, p.N, MaxTrustees)
	}
	return nil
}

// MaxTrustees bounds n (and so every list a decoder accepts).
const MaxTrustees = 255

// ErrInvalid is wrapped by every check of a message that fails.
var ErrInvalid = errors.New("invalid key-ceremony message")

// The HPKE suite for shares: RFC 9180 DHKEM(X25519, HKDF-SHA256),
// HKDF-SHA256, ChaCha20-Poly1305.
var (
	shareKEM  = hpke.DHKEM(ecdh.X25519())
	shareKDF  = hpke.HKDFSHA256()
	shareAEAD = hpke.ChaCha20Poly1305()
)

// TrusteeKeys is a trustee's public registration.
type TrusteeKeys struct {
	Index int `json:"index"`
	// SigningKey is an Ed25519 public key (32 bytes).
	SigningKey []byte `json:"signing_key"`
	// EncryptionKey is an X25519 HPKE public key (32 bytes).
	EncryptionKey []byte `json:"encryption_key"`
}

// Identity is a trustee's private keys for the ceremony: keep it in a
// file sealed with SealSecret.
type Identity struct {
	Index int `json:"index"`
	// SigningSeed is the 32-byte Ed25519 seed.
	SigningSeed []byte `json:"signing_seed"`
	// EncryptionKey is the serialized X25519 HPKE private key.
	EncryptionKey []byte `json:"encryption_key"`
}

// NewIdentity draws the keys of trustee index from rand.
func NewIdentity(rand io.Reader, index int) (*Identity, error) {
	id := &Identity{Index: index, SigningSeed: make([]byte, ed25519.SeedSize)}
	ikm := make([]byte, 32)
	if _, err := io.ReadFull(rand, id.SigningSeed); err != nil {
		return nil, fmt.Errorf("dkg: identity: %w", err)
	}
	if _, err := io.ReadFull(rand, ikm); err != nil {
		return nil, fmt.Errorf("dkg: identity: %w", err)
	}
	k, err := shareKEM.DeriveKeyPair(ikm)
	if err != nil {
		return nil, fmt.Errorf("dkg: identity: %w", err)
	}
	if id.EncryptionKey, err = k.Bytes(); err != nil {
		return nil, fmt.Errorf("dkg: identity: %w", err)
	}
	return id, nil
}

// Public returns the registration of id.
func (id *Identity) Public() (TrusteeKeys, error) {
	k, err := shareKEM.NewPrivateKey(id.EncryptionKey)
	if err != nil {
		return TrusteeKeys{}, fmt.Errorf("dkg: identity %d: encryption key: %w", id.Index, err)
	}
	sk, err := id.signer()
	if err != nil {
		return TrusteeKeys{}, err
	}
	return TrusteeKeys{
		Index:         id.Index,
		SigningKey:    sk.Public().(ed25519.PublicKey),
		EncryptionKey: k.PublicKey().Bytes(),
	}, nil
}

func (id *Identity) signer() (ed25519.PrivateKey, error) {
	if len(id.SigningSeed) != ed25519.SeedSize {
		return nil, fmt.Errorf("dkg: identity %d: signing seed of %d bytes", id.Index, len(id.SigningSeed))
	}
	return ed25519.NewKeyFromSeed(id.SigningSeed), nil
}

// Roster is the list of registered trustees, in increasing order of
// index. A trustee who sent no keys before the ceremony's deadline is not
// in it: the ceremony goes on without them if at least T are.
type Roster []TrusteeKeys

// Validate checks that r holds at least T trustees of 1..N, in increasing
// order of index, with well-formed keys.
func (r Roster) Validate(p Params) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if len(r) < p.T || len(r) > p.N {
		return fmt.Errorf("dkg: roster of %d trustees, want %d to %d", len(r), p.T, p.N)
	}
	for i, k := range r {
		if k.Index < 1 || k.Index > p.N || (i > 0 && k.Index <= r[i-1].Index) {
			return fmt.Errorf("dkg: roster entry %d has index %d: want increasing indexes from 1 to %d", i+1, k.Index, p.N)
		}
		if len(k.SigningKey) != ed25519.PublicKeySize {
			return fmt.Errorf("dkg: trustee %d: signing key of %d bytes", k.Index, len(k.SigningKey))
		}
		if _, err := shareKEM.NewPublicKey(k.EncryptionKey); err != nil {
			return fmt.Errorf("dkg: trustee %d: encryption key: %w", k.Index, err)
		}
	}
	return nil
}

// trustee returns the keys of trustee i, or false if i is not in r.
func (r Roster) trustee(i int) (TrusteeKeys, bool) {
	k, ok := slices.BinarySearchFunc(r, i, func(t TrusteeKeys, i int) int { return cmp.Compare(t.Index, i) })
	if !ok {
		return TrusteeKeys{}, false
	}
	return r[k], true
}
