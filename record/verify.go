package record

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
)

// Error names the first entry of a log that does not verify.
type Error struct {
	Seq    int64 // the entry's place in the chain (the expected one if it is missing)
	Line   int   // line of an export, when verifying one; 0 otherwise
	Reason string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: entry %d: %s", e.Line, e.Seq, e.Reason)
	}
	return fmt.Sprintf("entry %d: %s", e.Seq, e.Reason)
}

// A Verifier checks the entries of one log, in order, from the first.
type Verifier struct {
	key  ed25519.PublicKey
	last *Entry
	n    int64
}

// NewVerifier returns a Verifier of the log signed by key.
func NewVerifier(key ed25519.PublicKey) *Verifier { return &Verifier{key: key} }

// Add checks e as the next entry. The first failure is an *Error; once Add has
// failed, the Verifier must not be used further.
func (v *Verifier) Add(e Entry) error {
	want := v.n + 1
	bad := func(reason string, args ...any) error {
		return &Error{Seq: want, Reason: fmt.Sprintf(reason, args...)}
	}
	switch {
	case e.Seq != want:
		return bad("sequence number is %d: an entry is missing, repeated or out of order", e.Seq)
	case v.last == nil && e.Prev != Hash{}:
		return bad("first entry names a previous entry")
	case v.last != nil && e.Prev != v.last.Hash:
		return bad("previous hash does not match entry %d", v.last.Seq)
	}
	if p, err := compactObject(e.Payload); err != nil || !bytes.Equal(p, e.Payload) {
		return bad("payload is not a compacted JSON object")
	}
	if hashEntry(&e) != e.Hash {
		return bad("hash does not match the entry's contents")
	}
	if len(v.key) != ed25519.PublicKeySize || !ed25519.Verify(v.key, signedMessage(entryTag, e.Hash[:]), e.Sig) {
		return bad("signature is not the instance key's")
	}
	v.last, v.n = &e, want
	return nil
}

// Count is the number of entries verified so far.
func (v *Verifier) Count() int64 { return v.n }

// Head is the hash of the last entry verified (zero before the first).
func (v *Verifier) Head() Hash {
	if v.last == nil {
		return Hash{}
	}
	return v.last.Hash
}
