package secretballot

import (
	"crypto/sha256"
	"encoding/binary"

	"plenum/crypto/dkg"
	"plenum/crypto/elgamal"
)

// ElectionPayload is the payload of the election event, the first of every
// record.
type ElectionPayload struct {
	Manifest Manifest `json:"manifest"`
}

// Election is what voters and verifiers need to know of an election once
// its key is set: the manifest, the fingerprint, the outcome of the key
// ceremony and the election hash that binds them.
type Election struct {
	Manifest    Manifest
	Fingerprint Hash
	Key         *dkg.Result
	Hash        Hash
	pk          *elgamal.PublicKey
}

// NewElection prepares an election for encrypting and checking ballots.
func NewElection(m Manifest, fingerprint Hash, key *dkg.Result) (*Election, error) {
	pk, err := elgamal.NewPublicKey(key.JointKey)
	if err != nil {
		return nil, err
	}
	return &Election{Manifest: m, Fingerprint: fingerprint, Key: key, Hash: electionHash(fingerprint, key), pk: pk}, nil
}

// electionHash binds everything a ballot's proofs and signature depend on:
// the fingerprint (the hash of the election event, hence of the manifest),
// the election public key and the verification key of every qualified
// trustee, in increasing order of index. A ballot made for one election
// key is worthless under any other.
func electionHash(fingerprint Hash, key *dkg.Result) Hash {
	h := sha256.New()
	h.Write([]byte(dstElection))
	h.Write(fingerprint[:])
	h.Write(key.JointKey.Bytes())
	h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(key.QualifiedTrustees))))
	for _, j := range key.QualifiedTrustees {
		h.Write(binary.BigEndian.AppendUint32(nil, uint32(j)))
		h.Write(key.VerificationKeys[j-1].Bytes())
	}
	var out Hash
	h.Sum(out[:0])
	return out
}
