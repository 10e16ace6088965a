// Package transcript is the Fiat-Shamir transcript of every proof in
// plenum: the hash from which a non-interactive proof draws its challenge.
//
// # Why it looks like this
//
// A challenge that does not hash the whole statement lets a prover choose
// part of the statement after seeing the challenge, and forge proofs of
// false statements: Helios hashed only the commitments of its disjunctive
// proofs (Bernhard, Pereira and Warinschi, "How not to prove yourself",
// 2012); the "Frozen Heart" bugs (Trail of Bits, 2022) were the same
// omission in PlonK and Bulletproofs implementations; circl's DLEQ left
// the base out until its 2025 fix (v1.6.5). So a Transcript:
//
//   - starts with a version tag, the group name, the protocol tag of the
//     proof, and the election fingerprint, so no proof is valid in another
//     protocol, group or election;
//   - then takes every public input of the statement and every commitment,
//     each under a label, in the order the protocol fixes;
//   - encodes every item as len(label) ‖ label ‖ len(data) ‖ data with
//     8-byte big-endian lengths, so two different sequences of items never
//     produce the same byte string;
//   - hashes group elements by their canonical encoding (decoders reject
//     every other), and derives a challenge from 64 bytes of SHA-512
//     reduced modulo the group order, so challenges are uniform.
//
// Absorbing the same items in a different order gives a different
// challenge: provers and verifiers must follow the protocol's order, which
// each proof documents.
package transcript

import (
	"crypto/sha512"
	"encoding/binary"
	"hash"

	"plenum/crypto/group"
)

// version names this encoding; a change of encoding changes it.
const version = "plenum-transcript-v1"

// Transcript accumulates the statement and commitments of one proof.
// It is not safe for concurrent use; Clone it to branch.
type Transcript struct {
	h   hash.Hash
	buf []byte // what is written next, so that a field costs one Write and no allocation
}

// New starts a transcript for the protocol named by tag (for example
// "plenum/proof/dleq/v1") in the election whose fingerprint is given (the
// hash of the election's parameters; nil outside an election, in tests).
func New(tag string, fingerprint []byte) *Transcript {
	t := &Transcript{h: sha512.New()}
	t.Bytes("version", []byte(version))
	t.Bytes("group", []byte(group.Name))
	t.Bytes("protocol", []byte(tag))
	t.Bytes("fingerprint", fingerprint)
	return t
}

// Bytes absorbs data under label.
func (t *Transcript) Bytes(label string, data []byte) {
	t.field(label, len(data))
	if len(data) > 256 {
		t.h.Write(t.buf)
		t.h.Write(data)
		return
	}
	t.buf = append(t.buf, data...)
	t.h.Write(t.buf)
}

// field puts in buf the head of a field of n bytes under label: the
// label's length, the label, the data's length.
func (t *Transcript) field(label string, n int) {
	t.buf = binary.BigEndian.AppendUint64(t.buf[:0], uint64(len(label)))
	t.buf = append(t.buf, label...)
	t.buf = binary.BigEndian.AppendUint64(t.buf, uint64(n))
}

// Uint64 absorbs v, as 8 big-endian bytes, under label.
func (t *Transcript) Uint64(label string, v uint64) {
	t.field(label, 8)
	t.buf = binary.BigEndian.AppendUint64(t.buf, v)
	t.h.Write(t.buf)
}

// Element absorbs the canonical encoding of e under label.
func (t *Transcript) Element(label string, e *group.Element) {
	t.field(label, group.ElementSize)
	t.buf = e.AppendBytes(t.buf)
	t.h.Write(t.buf)
}

// Elements absorbs a list: its length under label, then each element.
func (t *Transcript) Elements(label string, es []*group.Element) {
	t.Uint64(label, uint64(len(es)))
	for _, e := range es {
		t.Element(label, e)
	}
}

// Scalar absorbs the canonical encoding of s under label.
func (t *Transcript) Scalar(label string, s *group.Scalar) {
	t.Bytes(label, s.Bytes())
}

// Challenge returns a uniform scalar that depends on everything absorbed
// so far and on label. The challenge is absorbed in turn, so a later
// challenge depends on this one (multi-round protocols such as the
// shuffle proof draw several).
func (t *Transcript) Challenge(label string) *group.Scalar {
	t.Bytes("challenge", []byte(label))
	c := new(group.Scalar).SetUniformBytes(t.h.Sum(t.buf[:0]))
	t.Scalar("challenge value", c)
	return c
}

// Challenges returns n challenges drawn one after the other under label,
// for protocols that need a vector of them.
func (t *Transcript) Challenges(label string, n int) []*group.Scalar {
	t.Uint64("challenges", uint64(n))
	cs := make([]*group.Scalar, n)
	for i := range cs {
		cs[i] = t.Challenge(label)
	}
	return cs
}

// Clone returns an independent copy of t, to branch a transcript that
// shares a prefix (for example one per ballot from an election's prefix).
func (t *Transcript) Clone() *Transcript {
	h, err := t.h.(hash.Cloner).Clone()
	if err != nil {
		panic("transcript: SHA-512 state cannot be cloned: " + err.Error())
	}
	return &Transcript{h: h}
}
