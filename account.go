package plenum

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"time"
)

// Account is a login. A member account belongs to one member; an operator
// account (Operator true, Member zero) runs the instance and may create
// organizations, nothing more: it is not a member and sees no internal matters.
type Account struct {
	ID           AccountID
	Email        string // lower case, unique in the instance
	PasswordHash string // PHC-formatted argon2id hash
	Member       MemberID
	Operator     bool
	Created      time.Time
}

// Invitation lets a member set a password and so open their account. Its token
// is shown once to the officer who created it; the store keeps only its hash.
type Invitation struct {
	ID        int64
	Member    MemberID
	TokenHash []byte
	CreatedBy string // the actor, e.g. "member:12"
	Created   time.Time
	Expires   time.Time
	Used      time.Time // zero until accepted
}

// Session is a server-side login session. The cookie holds the token; the
// store keeps only its hash, so a copy of the database opens no session.
type Session struct {
	TokenHash []byte
	Account   AccountID
	Created   time.Time
	Expires   time.Time
}

const (
	sessionLifetime    = 30 * 24 * time.Hour
	invitationLifetime = 14 * 24 * time.Hour
	tokenBytes         = 32
)

// newToken returns a random token for a URL or cookie and the hash to store.
func newToken(rand io.Reader) (token string, hash []byte, err error) {
	b := make([]byte, tokenBytes)
	if _, err := io.ReadFull(rand, b); err != nil {
		return "", nil, err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

// hashToken hashes a token for storage. Tokens carry 256 random bits, so a
// fast hash is enough: there is nothing to guess by brute force.
func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
