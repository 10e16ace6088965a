package dkg

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"plenum/crypto/group"
	"plenum/crypto/proof"
)

// Commitment is trustee From's Feldman commitments Aₖ = g^aₖ to the
// coefficients of its polynomial, with a Schnorr proof of knowledge of a₀.
type Commitment struct {
	From         int              `json:"from"`
	Coefficients []*group.Element `json:"coefficients"`
	Proof        *proof.Schnorr   `json:"proof"`
	Signature    []byte           `json:"signature"`
}

// EncryptedShare carries fᵢ(j) from trustee From to trustee To, sealed
// with HPKE to To's encryption key and signed by From.
type EncryptedShare struct {
	From       int    `json:"from"`
	To         int    `json:"to"`
	Ciphertext []byte `json:"ciphertext"`
	Signature  []byte `json:"signature"`
}

// Complaint is trustee From's public statement that the share it got
// from Against is missing, unreadable or inconsistent with Against's
// commitments.
type Complaint struct {
	From      int    `json:"from"`
	Against   int    `json:"against"`
	Signature []byte `json:"signature"`
}

// Reveal is trustee From's answer to a complaint by To: the share fᵢ(To)
// in the clear, for everyone to check.
type Reveal struct {
	From      int           `json:"from"`
	To        int           `json:"to"`
	Share     *group.Scalar `json:"share"`
	Signature []byte        `json:"signature"`
}

// signedBytes is the unambiguous encoding that signatures cover: a
// version tag, the kind of message, the fingerprint, then each field,
// every item prefixed with its 8-byte length.
func signedBytes(kind string, fingerprint []byte, fields ...[]byte) []byte {
	var b []byte
	for _, f := range append([][]byte{[]byte("plenum-dkg-v1"), []byte(kind), fingerprint}, fields...) {
		b = binary.BigEndian.AppendUint64(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

func uint64Bytes(i int) []byte { return binary.BigEndian.AppendUint64(nil, uint64(i)) }

func (c *Commitment) signed(fp []byte) []byte {
	fields := [][]byte{uint64Bytes(c.From), uint64Bytes(len(c.Coefficients))}
	for _, a := range c.Coefficients {
		fields = append(fields, a.Bytes())
	}
	pb, _ := c.Proof.MarshalBinary()
	return signedBytes("commitment", fp, append(fields, pb)...)
}

func (s *EncryptedShare) signed(fp []byte) []byte {
	return signedBytes("share", fp, uint64Bytes(s.From), uint64Bytes(s.To), s.Ciphertext)
}

func (c *Complaint) signed(fp []byte) []byte {
	return signedBytes("complaint", fp, uint64Bytes(c.From), uint64Bytes(c.Against))
}

func (r *Reveal) signed(fp []byte) []byte {
	return signedBytes("reveal", fp, uint64Bytes(r.From), uint64Bytes(r.To), r.Share.Bytes())
}

// shareInfo is the HPKE info string of the share from → to: a share
// cannot be replayed to another recipient, sender or election.
func shareInfo(fp []byte, from, to int) []byte {
	return signedBytes("share encryption", fp, uint64Bytes(from), uint64Bytes(to))
}

// commitmentProofBinding binds trustee i's proof of knowledge to the
// election and to i, so it cannot be copied by another trustee.
func commitmentProofBinding(fp []byte, i int) proof.Binding {
	return proof.Binding{Fingerprint: fp, Context: signedBytes("commitment proof", nil, uint64Bytes(i))}
}

// verifySignature checks sig by trustee i of the roster over msg.
func verifySignature(r Roster, i int, msg, sig []byte) error {
	k, ok := r.trustee(i)
	if !ok {
		return fmt.Errorf("%w: unknown trustee %d", ErrInvalid, i)
	}
	if len(k.SigningKey) != ed25519.PublicKeySize || !ed25519.Verify(k.SigningKey, msg, sig) {
		return fmt.Errorf("%w: bad signature of trustee %d", ErrInvalid, i)
	}
	return nil
}

// Decode unmarshals data into v (a pointer to a message) and accepts it
// only if re-encoding gives data back byte for byte: one encoding per
// message, no unknown or duplicate fields, no other spelling of a key.
// After an error v may be partly filled: discard it.
func Decode(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("dkg: decode %T: %w", v, err)
	}
	again, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("dkg: decode %T: %w", v, err)
	}
	if !bytes.Equal(again, data) {
		return fmt.Errorf("dkg: decode %T: not in canonical form (compact JSON as encoding/json writes it)", v)
	}
	return nil
}
