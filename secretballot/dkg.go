package secretballot

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"plenum/crypto/dkg"
)

// The trustees' key ceremony (package crypto/dkg) in the record. Every
// message of the ceremony is public except the shares, which travel
// encrypted to their recipient; a verifier recomputes its outcome, the
// election key, from the public messages with dkg.Qualify.

// TrusteePayload is the payload of a trustee event: one trustee's
// registration, its signing and encryption keys.
type TrusteePayload struct {
	Keys dkg.TrusteeKeys `json:"keys"`
}

// DealPayload is the payload of a dkg-shares event: one trustee's
// commitment to its polynomial and its shares, encrypted to each other
// trustee.
type DealPayload struct {
	Commitment *dkg.Commitment       `json:"commitment"`
	Shares     []*dkg.EncryptedShare `json:"shares"`
}

// ComplaintsPayload is the payload of the dkg-complaints event: the
// trustees' complaints about shares they got, and the dealers' answers,
// each disputed share in the clear.
type ComplaintsPayload struct {
	Complaints []*dkg.Complaint `json:"complaints"`
	Reveals    []*dkg.Reveal    `json:"reveals"`
}

// dkgState gathers the ceremony's messages as a verifier reads them.
type dkgState struct {
	params      dkg.Params
	roster      dkg.Roster
	commitments []*dkg.Commitment
	shares      []*dkg.EncryptedShare
	complaints  *ComplaintsPayload
}

func newDKGState(m *Manifest, fingerprint Hash) *dkgState {
	return &dkgState{params: dkg.Params{Fingerprint: fingerprint[:], N: m.Trustees, T: m.Threshold}}
}

func (v *verifier) trusteeEvent(er *eventReader) error {
	if err := noItems(er); err != nil {
		return err
	}
	var p TrusteePayload
	if err := er.payload(&p); err != nil {
		return err
	}
	d := v.dkg
	low := 1
	if len(d.roster) > 0 {
		low = d.roster[len(d.roster)-1].Index + 1
	}
	if p.Keys.Index < low || p.Keys.Index > d.params.N {
		return er.failAt(1, errorf("payload.keys.index", "%d, want a trustee from %d to %d (in increasing order)", p.Keys.Index, low, d.params.N))
	}
	d.roster = append(d.roster, p.Keys)
	return nil
}

func (v *verifier) sharesEvent(er *eventReader) error {
	if err := noItems(er); err != nil {
		return err
	}
	d := v.dkg
	if len(d.commitments) == 0 {
		if absent := d.absentKeys(); len(absent) > 0 && v.counts[EventEndKeys] == 0 {
			return er.failAt(1, fmt.Errorf("trustees %v have sent no keys, and no end-keys event closed the step", absent))
		}
		if err := d.roster.Validate(d.params); err != nil {
			return er.failAt(1, fmt.Errorf("trustees: %v", err))
		}
	}
	var p DealPayload
	if err := er.payload(&p); err != nil {
		return err
	}
	if p.Commitment == nil {
		return er.failAt(1, errorf("payload.commitment", "missing"))
	}
	dealer := p.Commitment.From
	if _, ok := slices.BinarySearchFunc(d.roster, dealer, func(k dkg.TrusteeKeys, i int) int { return cmp.Compare(k.Index, i) }); !ok ||
		(len(d.commitments) > 0 && dealer <= d.commitments[len(d.commitments)-1].From) {
		return er.failAt(1, errorf("payload.commitment.from", "%d: dealers are trustees who sent keys, in increasing order", dealer))
	}
	for i, s := range p.Shares {
		if s == nil || s.From != dealer {
			return er.failAt(1, errorf(fmt.Sprintf("payload.shares[%d].from", i), "want trustee %d", dealer))
		}
	}
	// Whether the commitment is valid is for dkg.Qualify to judge: a
	// trustee with an invalid one is disqualified, not the record.
	d.commitments = append(d.commitments, p.Commitment)
	d.shares = append(d.shares, p.Shares...)
	return nil
}

func (v *verifier) complaintsEvent(er *eventReader) error {
	if err := noItems(er); err != nil {
		return err
	}
	if absent := v.dkg.absentDeals(); len(absent) > 0 && v.counts[EventEndDeals] == 0 {
		return er.failAt(1, fmt.Errorf("trustees %v have dealt no shares, and no end-deals event closed the step", absent))
	}
	var p ComplaintsPayload
	if err := er.payload(&p); err != nil {
		return err
	}
	v.dkg.complaints = &p
	return nil
}

// appendAbsent appends an end event naming trustees 1 to n, if n > 0.
func appendAbsent(w *Writer, typ string, n int) error {
	if n == 0 {
		return nil
	}
	a := Absent{}
	for j := 1; j <= n; j++ {
		a.Absent = append(a.Absent, j)
	}
	_, err := w.Append(typ, a)
	return err
}

// electionKeyEvent recomputes the outcome of the ceremony and checks the
// event against it.
func (v *verifier) electionKeyEvent(er *eventReader) error {
	if err := noItems(er); err != nil {
		return err
	}
	var got dkg.Result
	if err := er.payload(&got); err != nil {
		return err
	}
	d := v.dkg
	want, err := dkg.Qualify(d.params, d.roster, d.commitments, d.complaints.Complaints, d.complaints.Reveals)
	if err != nil {
		return er.failAt(1, err)
	}
	g, _ := marshal(&got)
	w, _ := marshal(want)
	if string(g) != string(w) {
		return er.failAt(1, errorf("payload", "the key ceremony's messages give %s", w))
	}
	e, err := NewElection(*v.manifest, v.fingerprint, want)
	if err != nil {
		return er.failAt(1, within("payload.joint_key", err))
	}
	v.election = e
	v.report.ElectionHash, v.report.Disqualified = e.Hash, want.Disqualified
	return nil
}

// simulateDKG runs the key ceremony of the manifest's trustees in one
// process, writing its public messages to the record. If c.BadDealer is a
// trustee, it sends a corrupt share to the next trustee and ignores the
// complaint, which disqualifies it. Trustees 1 to c.Absent send no keys,
// and c.SilentDealer deals nothing: each step closes without them.
func simulateDKG(w *Writer, m *Manifest, fingerprint Hash, rand io.Reader, c *SimulateConfig) ([]*dkg.KeyShare, *dkg.Result, error) {
	params := dkg.Params{Fingerprint: fingerprint[:], N: m.Trustees, T: m.Threshold}
	var ids []*dkg.Identity
	var roster dkg.Roster
	for i := range params.N {
		id, err := dkg.NewIdentity(rand, i+1)
		if err != nil {
			return nil, nil, err
		}
		if i < c.Absent {
			continue
		}
		keys, err := id.Public()
		if err != nil {
			return nil, nil, err
		}
		if _, err := w.Append(EventTrustee, TrusteePayload{Keys: keys}); err != nil {
			return nil, nil, err
		}
		ids, roster = append(ids, id), append(roster, keys)
	}
	if err := appendAbsent(w, EventEndKeys, c.Absent); err != nil {
		return nil, nil, err
	}
	parts := make([]*dkg.Participant, len(ids))
	var commitments []*dkg.Commitment
	var shares []*dkg.EncryptedShare
	for i, id := range ids {
		p, err := dkg.NewParticipant(params, id, roster)
		if err != nil {
			return nil, nil, err
		}
		parts[i] = p
		if id.Index == c.SilentDealer {
			continue
		}
		cm, ss, err := p.Deal(rand)
		if err != nil {
			return nil, nil, err
		}
		if id.Index == c.BadDealer && len(ss) > 0 {
			ss[0].Ciphertext[0] ^= 1
		}
		if _, err := w.Append(EventDKGShares, DealPayload{Commitment: cm, Shares: ss}); err != nil {
			return nil, nil, err
		}
		commitments, shares = append(commitments, cm), append(shares, ss...)
	}
	if c.SilentDealer > c.Absent {
		if _, err := w.Append(EventEndDeals, Absent{Absent: []int{c.SilentDealer}}); err != nil {
			return nil, nil, err
		}
	}
	cp := ComplaintsPayload{Complaints: []*dkg.Complaint{}, Reveals: []*dkg.Reveal{}}
	for _, p := range parts {
		cs, err := p.Receive(commitments, shares)
		if err != nil {
			return nil, nil, err
		}
		cp.Complaints = append(cp.Complaints, cs...)
	}
	for _, p := range parts {
		if p.Identity.Index == c.BadDealer || p.Identity.Index == c.SilentDealer {
			continue
		}
		rs, err := p.Answer(cp.Complaints)
		if err != nil {
			return nil, nil, err
		}
		cp.Reveals = append(cp.Reveals, rs...)
	}
	if _, err := w.Append(EventDKGComplaints, cp); err != nil {
		return nil, nil, err
	}
	res, err := dkg.Qualify(params, roster, commitments, cp.Complaints, cp.Reveals)
	if err != nil {
		return nil, nil, err
	}
	if _, err := w.Append(EventElectionKey, res); err != nil {
		return nil, nil, err
	}
	var keys []*dkg.KeyShare
	for _, p := range parts {
		if res.Qualified(p.Identity.Index) {
			k, err := p.KeyShare(res, cp.Reveals)
			if err != nil {
				return nil, nil, err
			}
			keys = append(keys, k)
		}
	}
	return keys, res, nil
}
