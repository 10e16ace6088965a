package secretballot

import (
	"io/fs"

	"plenum/crypto/dkg"
)

// Board is what a record says so far, checked: what trustees and the
// election's coordinator read between the steps of an election. Fields are
// nil until the events that set them are in the record.
type Board struct {
	Manifest    *Manifest
	Fingerprint Hash
	Roster      dkg.Roster
	Commitments []*dkg.Commitment
	Shares      []*dkg.EncryptedShare
	Complaints  *ComplaintsPayload
	// KeysClosed: no more trustee events, every trustee's keys are in or
	// an end-keys event closed the step; DealsClosed likewise for the
	// dkg-shares events. The trustees deal, and check their shares, once
	// the step before is closed.
	KeysClosed, DealsClosed bool
	Election                *Election // once the election key is set
	// Cast and Counted count the ballots so far; Sums is the product of
	// the counted ballots' ciphertexts, the tally once voting has ended.
	Cast, Counted int
	Sums          *Tally
	Tally         *Tally // once the tally event is in
	Partials      []*PartialDecryption
	MixNet        *MixNet // once the tally event is in
}

// ReadBoard reads and checks the record in fsys, which may stop at any
// event.
func ReadBoard(fsys fs.FS) (*Board, error) {
	files, err := listEvents(fsys)
	if err != nil {
		return nil, err
	}
	hashes, err := checkChain(fsys, files, nil)
	if err != nil {
		return nil, err
	}
	v := newVerifier(0, nil)
	v.fingerprint = hashes[0]
	prev := ""
	for _, f := range files {
		if err := v.event(fsys, f, prev); err != nil {
			return nil, err
		}
		prev = f.typ
	}
	b := &Board{Manifest: v.manifest, Fingerprint: v.fingerprint, Election: v.election, Tally: v.tally, Partials: v.partials}
	if v.dkg != nil {
		b.Roster, b.Commitments, b.Shares, b.Complaints = v.dkg.roster, v.dkg.commitments, v.dkg.shares, v.dkg.complaints
		b.KeysClosed = len(v.dkg.absentKeys()) == 0 || v.counts[EventEndKeys] > 0
		b.DealsClosed = b.KeysClosed && (len(v.dkg.absentDeals()) == 0 || v.counts[EventEndDeals] > 0)
	}
	if v.tally != nil {
		b.MixNet = v.mixNet()
	}
	if v.sums != nil && v.tally == nil {
		if prev != EventEndBallots {
			if err := v.subtractSuperseded(); err != nil {
				return nil, err
			}
		}
		b.Cast, b.Counted, b.Sums = v.cast, v.cast-len(v.superseded), &Tally{Questions: v.sums}
	}
	return b, nil
}
