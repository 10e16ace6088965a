package secretballot

import (
	"bytes"
	"encoding/json"
	"fmt"

	"plenum/crypto/dkg"
)

// Booth is what a voter's device needs to encrypt a ballot: the manifest
// and the outcome of the trustees' key ceremony (the payload of the
// election-key event). The election's server sends it to the booth; other
// fields of its answer are ignored here.
type Booth struct {
	Manifest    Manifest    `json:"manifest"`
	ElectionKey *dkg.Result `json:"election_key"`
}

// ParseBooth reads booth parameters and checks that the key was made for
// this very manifest: the fingerprint the trustees signed must be the hash
// of the record's first event, which the manifest alone determines. A
// server that showed the voter one manifest and held the ceremony for
// another would be caught here, on the voter's device.
func ParseBooth(data []byte) (*Election, error) {
	var b Booth
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("booth parameters: %w", err)
	}
	if err := b.Manifest.Validate(); err != nil {
		return nil, within("manifest", err)
	}
	k := b.ElectionKey
	if k == nil || k.JointKey == nil || len(k.QualifiedTrustees) == 0 || len(k.VerificationKeys) != k.Params.N {
		return nil, fieldErr("election_key", "missing or incomplete")
	}
	fp, err := b.Manifest.Fingerprint()
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(k.Params.Fingerprint, fp[:]) || k.Params.N != b.Manifest.Trustees || k.Params.T != b.Manifest.Threshold {
		return nil, fieldErr("election_key.params", "not the key of this manifest's election")
	}
	for _, j := range k.QualifiedTrustees {
		if j < 1 || j > k.Params.N || k.VerificationKeys[j-1] == nil {
			return nil, fieldErr("election_key.qualified", fmt.Sprintf("trustee %d has no verification key", j))
		}
	}
	return NewElection(b.Manifest, fp, k)
}

// Fingerprint is the fingerprint of the election of m: the hash of the
// first event of its record, whose bytes m fixes.
func (m *Manifest) Fingerprint() (Hash, error) {
	p, err := marshal(ElectionPayload{Manifest: *m})
	if err != nil {
		return Hash{}, err
	}
	line, err := marshal(Header{Version: RecordVersion, Type: EventElection, Payload: p})
	if err != nil {
		return Hash{}, err
	}
	return fileHash(append(line, '\n')), nil
}
