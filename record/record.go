// Package record is plenum's tamper-evident log (rule R12): every state change
// of an instance is appended as an Entry that carries the hash of the entry
// before it and the instance's ed25519 signature, so that a changed, removed or
// reordered entry is detected by anyone holding a copy.
//
// # Hashing
//
// An entry's hash is SHA-256 over a length-prefixed binary encoding of every
// field but the hash and signature (see hashEntry), never over JSON, so that the
// same entry hashes the same however it was stored or transported. The payload is
// hashed as the exact bytes of its compacted JSON: a store must keep those bytes
// as they are (text, not a re-ordering JSON type).
//
// # Signatures
//
// The signature is ed25519 over a domain-separated message holding the hash, so
// that no entry signature can be replayed as any other kind of signature of the
// instance key (see the export's end line).
package record

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Hash is the SHA-256 hash of an entry. In JSON it is lower-case hex.
type Hash [32]byte

func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// MarshalText encodes h as lower-case hex.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText decodes exactly 64 lower-case hex digits.
func (h *Hash) UnmarshalText(b []byte) error {
	if len(b) != 2*len(h) || !bytes.Equal(bytes.ToLower(b), b) {
		return fmt.Errorf("hash must be %d lower-case hex digits", 2*len(h))
	}
	_, err := hex.Decode(h[:], b)
	return err
}

// Entry is one entry of the log.
type Entry struct {
	Seq      int64           `json:"seq"`  // 1, 2, 3, ... without gaps
	Time     time.Time       `json:"time"` // UTC, to the microsecond
	Type     string          `json:"type"` // what happened, e.g. "member.imported"
	Actor    string          `json:"actor"`
	Org      string          `json:"org,omitempty"`
	Unit     string          `json:"unit,omitempty"`
	Internal bool            `json:"internal,omitempty"` // visible to members only
	Payload  json.RawMessage `json:"payload"`            // a compacted JSON object
	Prev     Hash            `json:"prev"`               // zero for the first entry
	Hash     Hash            `json:"hash"`
	Sig      []byte          `json:"sig"`
}

const (
	hashTag  = "plenum-record-entry/1"
	entryTag = "plenum-record-entry-signature/1"
)

// Next seals e as the entry that follows prev (nil for the first entry of a
// log): it sets Seq and Prev, compacts Payload, truncates Time to the
// microsecond in UTC, and computes Hash and Sig. Fields Seq, Prev, Hash and Sig
// of e are ignored.
func Next(prev *Entry, e Entry, key ed25519.PrivateKey) (Entry, error) {
	if len(key) != ed25519.PrivateKeySize {
		return Entry{}, errors.New("record: no signing key")
	}
	if e.Type == "" {
		return Entry{}, errors.New("record: entry has no type")
	}
	if e.Actor == "" {
		return Entry{}, fmt.Errorf("record: %s entry has no actor", e.Type)
	}
	for _, f := range []string{e.Type, e.Actor, e.Org, e.Unit} {
		if !utf8.ValidString(f) {
			return Entry{}, fmt.Errorf("record: %s entry has a field that is not UTF-8", e.Type)
		}
	}
	payload, err := compactObject(e.Payload)
	if err != nil {
		return Entry{}, fmt.Errorf("record: %s entry payload: %w", e.Type, err)
	}
	e.Payload = payload
	e.Time = e.Time.UTC().Truncate(time.Microsecond)
	e.Seq, e.Prev = 1, Hash{}
	if prev != nil {
		e.Seq, e.Prev = prev.Seq+1, prev.Hash
	}
	e.Hash = hashEntry(&e)
	e.Sig = ed25519.Sign(key, signedMessage(entryTag, e.Hash[:]))
	return e, nil
}

// compactObject returns p compacted, or "{}" for an empty payload; anything
// but a JSON object is refused so that payloads stay extensible.
func compactObject(p json.RawMessage) (json.RawMessage, error) {
	if len(bytes.TrimSpace(p)) == 0 {
		return json.RawMessage("{}"), nil
	}
	if !utf8.Valid(p) {
		return nil, errors.New("not UTF-8")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, p); err != nil {
		return nil, err
	}
	if buf.Bytes()[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	return buf.Bytes(), nil
}

// hashEntry hashes every field of e but Hash and Sig, each length-prefixed.
func hashEntry(e *Entry) Hash {
	h := sha256.New()
	writeField(h, []byte(hashTag))
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(e.Seq))
	h.Write(n[:])
	h.Write(e.Prev[:])
	binary.BigEndian.PutUint64(n[:], uint64(e.Time.UnixMicro()))
	h.Write(n[:])
	for _, s := range []string{e.Type, e.Actor, e.Org, e.Unit} {
		writeField(h, []byte(s))
	}
	if e.Internal {
		h.Write([]byte{1})
	} else {
		h.Write([]byte{0})
	}
	writeField(h, e.Payload)
	var out Hash
	h.Sum(out[:0])
	return out
}

func writeField(w interface{ Write([]byte) (int, error) }, b []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(b)))
	w.Write(n[:])
	w.Write(b)
}

// signedMessage is what the instance key signs: a tag, then the data.
func signedMessage(tag string, data []byte) []byte {
	m := make([]byte, 0, len(tag)+1+len(data))
	m = append(m, tag...)
	m = append(m, 0)
	return append(m, data...)
}
