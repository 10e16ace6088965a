package secretballot

import (
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"io"
)

// A voter's credential, as in Belenios: the credential authority gives each
// voter a secret and publishes only the matching public key, before voting
// starts. A ballot counts only when signed by the key of a published
// credential, so whoever runs the server, who never sees the secrets, cannot
// cast ballots for members who did not vote. The list of public credentials
// says nothing of who holds which.

// credentialSecretLen is the length of a secret credential: 128 bits.
const credentialSecretLen = 16

// SecretCredential is what the voter keeps; it is shown to them as text.
type SecretCredential [credentialSecretLen]byte

// PublicCredential is an Ed25519 public key, published in the record.
type PublicCredential [ed25519.PublicKeySize]byte

func (c PublicCredential) MarshalJSON() ([]byte, error)  { return quoteB64(c[:]), nil }
func (c *PublicCredential) UnmarshalJSON(b []byte) error { return unquoteFixed(b, c[:]) }

// String is the credential as the voter is given it.
func (s SecretCredential) String() string { return b64.EncodeToString(s[:]) }

// ParseSecretCredential reads a credential as String writes it.
func ParseSecretCredential(s string) (SecretCredential, error) {
	var c SecretCredential
	if len(s) != b64.EncodedLen(len(c)) {
		return c, fmt.Errorf("a credential is %d characters", b64.EncodedLen(len(c)))
	}
	if _, err := b64.Decode(c[:], []byte(s)); err != nil {
		return c, fmt.Errorf("credential: %v", err)
	}
	return c, nil
}

// NewCredential draws a secret credential from rand.
func NewCredential(rand io.Reader) (SecretCredential, error) {
	var c SecretCredential
	_, err := io.ReadFull(rand, c[:])
	return c, err
}

// SigningKey derives the credential's signing key for the election with the
// given fingerprint: the same secret gives unrelated keys in other elections.
func (s SecretCredential) SigningKey(fingerprint Hash) ed25519.PrivateKey {
	h := sha256.New()
	h.Write([]byte(dstCredential))
	h.Write(fingerprint[:])
	h.Write(s[:])
	return ed25519.NewKeyFromSeed(h.Sum(nil))
}

// Public is the public credential of s in the election with fingerprint.
func (s SecretCredential) Public(fingerprint Hash) PublicCredential {
	var p PublicCredential
	copy(p[:], s.SigningKey(fingerprint).Public().(ed25519.PublicKey))
	return p
}

// Domain separation tags of everything hashed or signed in this package.
const (
	dstCredential = "plenum/secretballot/v1/credential"
	dstBallot     = "plenum/secretballot/v1/ballot"
	dstElection   = "plenum/secretballot/v1/election"
)
