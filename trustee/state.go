// Package trustee is the work of an election's trustee against a plenum
// server: the key ceremony, the mix of ranked ballots and the decryption of
// the tally. It runs where the trustee is: in `plenum trustee run` on their
// machine, and compiled to WebAssembly in their page in the browser
// (cmd/trustee). The trustee's secrets stay in their State, which is sealed
// with their passphrase (the same age file in both places); only public,
// signed messages reach the server.
package trustee

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"

	"plenum/crypto/dkg"
	"plenum/secretballot"
)

// State is a trustee's secrets: their keys, their part of the key ceremony
// while it runs, then their share of the election key.
type State struct {
	Identity    *dkg.Identity    `json:"identity"`
	Participant *dkg.Participant `json:"participant,omitempty"`
	KeyShare    *dkg.KeyShare    `json:"key_share,omitempty"`
}

// Open decrypts a state sealed with passphrase.
func Open(sealed []byte, passphrase string) (*State, error) {
	plain, err := dkg.OpenSecret(sealed, passphrase)
	if err != nil {
		return nil, err
	}
	var st State
	if err := json.Unmarshal(plain, &st); err != nil {
		return nil, fmt.Errorf("trustee state: %w", err)
	}
	if st.Identity == nil {
		return nil, errors.New("trustee state: no identity")
	}
	return &st, nil
}

// Seal encrypts st under passphrase (dkg.SealSecret: an age file; 0 is
// age's scrypt cost).
func (st *State) Seal(passphrase string, workFactor int) ([]byte, error) {
	plain, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	return dkg.SealSecret(plain, passphrase, workFactor)
}

func ceremonyParams(b *secretballot.Board) (dkg.Params, error) {
	if b.Manifest == nil || !b.KeysClosed {
		return dkg.Params{}, errors.New("the record does not yet register every trustee, and the step has not closed at its deadline")
	}
	return dkg.Params{Fingerprint: b.Fingerprint[:], N: b.Manifest.Trustees, T: b.Manifest.Threshold}, nil
}

// Deal starts the trustee's part of the key ceremony once every trustee is
// registered, or the step closed at its deadline without some: their
// commitment and their shares, encrypted to each other trustee registered.
func (st *State) Deal(b *secretballot.Board) (*secretballot.DealPayload, error) {
	p, err := ceremonyParams(b)
	if err != nil {
		return nil, err
	}
	part, err := dkg.NewParticipant(p, st.Identity, b.Roster)
	if err != nil {
		return nil, err
	}
	c, shares, err := part.Deal(rand.Reader)
	if err != nil {
		return nil, err
	}
	st.Participant = part
	return &secretballot.DealPayload{Commitment: c, Shares: shares}, nil
}

// Check checks the shares dealt to the trustee once every trustee has
// dealt (or the step closed at its deadline), and returns their complaints (often none).
func (st *State) Check(b *secretballot.Board) ([]*dkg.Complaint, error) {
	if st.Participant == nil {
		return nil, errors.New("this trustee has not dealt")
	}
	if !b.DealsClosed {
		return nil, errors.New("the record does not yet hold every trustee's deal, and the step has not closed at its deadline")
	}
	cs, err := st.Participant.Receive(b.Commitments, b.Shares)
	if cs == nil {
		cs = []*dkg.Complaint{}
	}
	return cs, err
}

// Answer reveals the shares the complaints against the trustee are about.
func (st *State) Answer(cs []*dkg.Complaint) ([]*dkg.Reveal, error) {
	if st.Participant == nil {
		return nil, errors.New("this trustee has not dealt")
	}
	rs, err := st.Participant.Answer(cs)
	if rs == nil {
		rs = []*dkg.Reveal{}
	}
	return rs, err
}

// Finish keeps the trustee's share of the election key, once the key is in
// the record, and returns their verification key's record.
func (st *State) Finish(b *secretballot.Board) (map[string]any, error) {
	if st.Participant == nil || b.Election == nil {
		return nil, errors.New("the key ceremony is not over: no election key in the record")
	}
	// A trustee who missed the check of the shares reads them now.
	if _, err := st.Participant.Receive(b.Commitments, b.Shares); err != nil {
		return nil, err
	}
	ks, err := st.Participant.KeyShare(b.Election.Key, b.Complaints.Reveals)
	if err != nil {
		return nil, err
	}
	st.KeyShare, st.Participant = ks, nil
	return map[string]any{"trustee": ks.Index, "verification_key": b.Election.Key.VerificationKeys[ks.Index-1]}, nil
}
