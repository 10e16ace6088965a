package secretballot

import (
	"crypto/sha256"
	"encoding/binary"
)

// ElectionPayload is the payload of the election event, the first of every
// record.
type ElectionPayload struct {
	Manifest Manifest `json:"manifest"`
}

// electionHash binds everything a ballot's proofs and signature depend on:
// the fingerprint (the hash of the election event, hence of the manifest),
// the election public key and every trustee's verification key, in the
// order of the election-key event. A ballot made for one election key is
// worthless under any other.
func electionHash(fingerprint Hash, key *ElectionKey) Hash {
	h := sha256.New()
	h.Write([]byte(dstElection))
	h.Write(fingerprint[:])
	h.Write(key.PublicKey.Bytes())
	h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(key.Trustees))))
	for _, t := range key.Trustees {
		h.Write(binary.BigEndian.AppendUint32(nil, uint32(t.Index)))
		h.Write(t.VerificationKey.Bytes())
	}
	var out Hash
	h.Sum(out[:0])
	return out
}
