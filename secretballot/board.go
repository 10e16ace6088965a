package secretballot

import (
	"bytes"
	"io/fs"
	"testing/fstest"

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
	Credentials             int       // the public credentials listed so far
	// Cast and Counted count the ballots so far, and after the end-ballots
	// event those of the whole vote; Sums is the product of the counted
	// ballots' ciphertexts, the tally once voting has ended. When voting
	// has ended with Counted zero there is nothing to mix or decrypt: the
	// result follows the tally (EmptyResult).
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
	b := v.board()
	if v.sums != nil && v.tally == nil {
		if prev != EventEndBallots {
			if err := v.subtractSuperseded(); err != nil {
				return nil, err
			}
		}
		b.Sums = &Tally{Questions: v.sums}
	}
	return b, nil
}

// board returns what v has read so far, but the sums of the ballots.
func (v *verifier) board() *Board {
	b := &Board{Manifest: v.manifest, Fingerprint: v.fingerprint, Election: v.election, Credentials: len(v.creds),
		Tally: v.tally, Partials: v.partials}
	if v.dkg != nil {
		b.Roster, b.Commitments, b.Shares, b.Complaints = v.dkg.roster, v.dkg.commitments, v.dkg.shares, v.dkg.complaints
		b.KeysClosed = len(v.dkg.absentKeys()) == 0 || v.counts[EventEndKeys] > 0
		b.DealsClosed = b.KeysClosed && (len(v.dkg.absentDeals()) == 0 || v.counts[EventEndDeals] > 0)
	}
	if v.tally != nil {
		b.MixNet = v.mixNet()
	}
	switch {
	case v.counts[EventEndBallots] > 0:
		b.Cast, b.Counted = v.report.Ballots, v.report.Counted
	case v.sums != nil:
		b.Cast, b.Counted = v.cast, v.cast-len(v.superseded)
	}
	return b
}

// A BoardReader reads a record as it grows, an event at a time: each event
// is checked once, as it is added, against those before it, so that what
// a record says is kept up to date at the cost of the events added since.
// A board it returns is what ReadBoard returns for the same events, but
// for Sums, which are nil: the running sums would have to subtract again
// every ballot replaced by a later one. The ballots' sums are checked as
// exactly as by ReadBoard when the tally goes in.
//
// A BoardReader is not safe for concurrent use; the boards it returns may
// be read while it reads on.
type BoardReader struct {
	v      *verifier
	prev   string
	events int
	head   Hash
}

// NewBoardReader returns a reader of a record that has no event yet.
func NewBoardReader() *BoardReader { return &BoardReader{v: newVerifier(0, nil)} }

// Add checks the record's next event, file, and takes it in. earlier opens
// the record's events so far by their file names (EventFileName), without
// listing them; it is read only when voting ends, for the ballots that a
// later ballot of the same credential replaced. After an error the reader
// may hold part of the event: it must be dropped.
func (r *BoardReader) Add(file []byte, earlier fs.FS) error {
	first, _, _ := bytes.Cut(file, []byte("\n"))
	var h Header
	name := EventFileName(r.events, "event")
	if err := decodeCanonical(first, &h); err != nil {
		return at(name, 1, err)
	}
	f := eventFile{name: EventFileName(r.events, h.Type), height: r.events, typ: h.Type, size: int64(len(file))}
	fsys := addedFS{MapFS: fstest.MapFS{f.name: {Data: file}}, earlier: earlier}
	sum, err := hashEvent(fsys, f, r.head, nil)
	if err != nil {
		return at(f.name, 1, err)
	}
	if r.events == 0 {
		r.v.fingerprint = sum
	}
	if err := r.v.event(fsys, f, r.prev); err != nil {
		return err
	}
	r.prev, r.events, r.head = h.Type, r.events+1, sum
	return nil
}

// Head returns the number of events read and the hash of the last (zero
// before the first).
func (r *BoardReader) Head() (int, Hash) { return r.events, r.head }

// Board returns what the events read so far say.
func (r *BoardReader) Board() *Board { return r.v.board() }

// addedFS is the event being added, and the record before it.
type addedFS struct {
	fstest.MapFS
	earlier fs.FS
}

func (a addedFS) Open(name string) (fs.File, error) {
	if _, ok := a.MapFS[name]; ok || a.earlier == nil {
		return a.MapFS.Open(name)
	}
	return a.earlier.Open(name)
}
