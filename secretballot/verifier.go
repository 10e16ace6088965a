package secretballot

import (
	"fmt"
	"io/fs"

	"plenum/crypto/elgamal"
)

// verifier holds what Verify has learnt of a record so far, event by event.
type verifier struct {
	workers  int
	progress func(int64)
	report   Report
	fsys     fs.FS

	manifest    *Manifest
	fingerprint Hash
	dkg         *dkgState
	election    *Election

	counts map[string]int // events seen, by type

	creds    map[PublicCredential]int32 // public credential -> index in the list
	lastCred *PublicCredential

	trackers   map[Hash]struct{} // trackers of cast ballots
	audited    map[Hash]string   // trackers of audited ballots -> where
	latest     []ballotPos       // per credential: its last ballot so far
	superseded []ballotPos       // ballots replaced by a later one of the same credential
	sums       [][]*elgamal.Ciphertext
	cast       int

	tally    *Tally
	mix      *mixState // ranked questions (verify_mix.go)
	partials []*PartialDecryption
}

// ballotPos locates a ballot: event file (index in the record) and line.
type ballotPos struct {
	file int32
	line int32
}

var noBallot = ballotPos{-1, -1}

func newVerifier(workers int, progress func(int64)) *verifier {
	return &verifier{workers: workerCount(workers), progress: progress, counts: map[string]int{}}
}

// order lists the event types in the order they come, with how many of
// each a record has: min and max (-1: any number).
var order = []struct {
	types    []string
	min, max int
}{
	{[]string{EventElection}, 1, 1},
	{[]string{EventTrustee}, 1, -1},
	{[]string{EventEndKeys}, 0, 1},
	{[]string{EventDKGShares}, 1, -1},
	{[]string{EventEndDeals}, 0, 1},
	{[]string{EventDKGComplaints}, 1, 1},
	{[]string{EventElectionKey}, 1, 1},
	{[]string{EventCredentials}, 1, -1},
	{[]string{EventBallots, EventAudits}, 0, -1},
	{[]string{EventEndBallots}, 1, 1},
	{[]string{EventTally}, 1, 1},
	{[]string{EventMix}, 0, -1},
	{[]string{EventEndMixes}, 0, 1},
	{[]string{EventPartialDecryption}, 0, -1}, // at least the threshold, unless no ballot was counted (resultEvent)
	{[]string{EventRankedDecryption}, 0, -1},
	{[]string{EventRankings}, 0, -1},
	{[]string{EventResult}, 1, 1},
}

// stage returns the index in order of typ, or -1.
func stage(typ string) int {
	for i, o := range order {
		for _, t := range o.types {
			if t == typ {
				return i
			}
		}
	}
	return -1
}

// checkOrder checks that an event of type typ may come after those seen.
func (v *verifier) checkOrder(f eventFile, prev string) error {
	s := stage(f.typ)
	if s < 0 {
		return &Error{Event: f.name, Reason: fmt.Sprintf("unknown event type %q", f.typ)}
	}
	p := -1
	if prev != "" {
		p = stage(prev)
	}
	if s < p {
		return &Error{Event: f.name, Reason: fmt.Sprintf("a %s event cannot come after a %s event", f.typ, prev)}
	}
	for i := p + 1; i < s; i++ {
		if order[i].min > 0 {
			return &Error{Event: f.name, Reason: fmt.Sprintf("a %s event must come before this one", order[i].types[0])}
		}
	}
	if s != p {
		// A new stage: nothing to count yet.
	} else if order[s].max > 0 && v.stageCount(s) >= order[s].max {
		return &Error{Event: f.name, Reason: fmt.Sprintf("more than %d %s events", order[s].max, f.typ)}
	}
	return nil
}

func (v *verifier) stageCount(s int) int {
	n := 0
	for _, t := range order[s].types {
		n += v.counts[t]
	}
	return n
}

// event checks one event.
func (v *verifier) event(fsys fs.FS, f eventFile, prev string) error {
	v.fsys = fsys
	if err := v.checkOrder(f, prev); err != nil {
		return err
	}
	er, err := openEvent(fsys, f)
	if err != nil {
		return err
	}
	defer er.Close()
	if f.typ != EventBallots && v.progress != nil {
		defer v.progress(f.size)
	}
	if err := v.handle(er); err != nil {
		return err
	}
	v.counts[f.typ]++
	return er.end()
}

func (v *verifier) handle(er *eventReader) error {
	switch er.file.typ {
	case EventElection:
		return v.electionEvent(er)
	case EventTrustee:
		return v.trusteeEvent(er)
	case EventEndKeys:
		return v.endKeysEvent(er)
	case EventDKGShares:
		return v.sharesEvent(er)
	case EventEndDeals:
		return v.endDealsEvent(er)
	case EventDKGComplaints:
		return v.complaintsEvent(er)
	case EventElectionKey:
		return v.electionKeyEvent(er)
	case EventCredentials:
		return v.credentialsEvent(er)
	case EventBallots:
		return v.ballotsEvent(er)
	case EventAudits:
		return v.auditsEvent(er)
	case EventEndBallots:
		return v.endBallotsEvent(er)
	case EventTally:
		return v.tallyEvent(er)
	case EventMix, EventEndMixes, EventPartialDecryption, EventRankedDecryption, EventRankings:
		if err := v.notEmpty(er); err != nil {
			return err
		}
		return v.decryptionEvent(er)
	case EventResult:
		return v.resultEvent(er)
	}
	return er.fail(fmt.Errorf("unknown event type %q", er.file.typ))
}

// decryptionEvent checks an event of the mix-net or of the decryption.
func (v *verifier) decryptionEvent(er *eventReader) error {
	switch er.file.typ {
	case EventMix:
		return v.mixEvent(er)
	case EventEndMixes:
		return v.endMixesEvent(er)
	case EventPartialDecryption:
		if err := v.mixesClosed(); err != nil {
			return er.failAt(1, err)
		}
		return v.partialEvent(er)
	case EventRankedDecryption, EventRankings:
		if len(v.partials) == 0 {
			return er.failAt(1, fmt.Errorf("a %s event must come before this one", EventPartialDecryption))
		}
		if er.file.typ == EventRankings {
			return v.rankingsEvent(er)
		}
		return v.rankedDecryptionEvent(er)
	}
	return er.fail(fmt.Errorf("unknown event type %q", er.file.typ))
}

// noItems checks that an event that has no items announces none.
func noItems(er *eventReader) error {
	if er.header.Items != 0 {
		return er.failAt(1, errorf("items", "%d, a %s event has none", er.header.Items, er.file.typ))
	}
	return nil
}

func (v *verifier) electionEvent(er *eventReader) error {
	if err := noItems(er); err != nil {
		return err
	}
	var p ElectionPayload
	if err := er.payload(&p); err != nil {
		return err
	}
	if err := p.Manifest.Validate(); err != nil {
		return er.failAt(1, within("payload.manifest", err))
	}
	v.manifest = &p.Manifest
	v.report.Manifest = v.manifest
	v.report.Fingerprint = v.fingerprint
	v.dkg = newDKGState(v.manifest, v.fingerprint)
	return nil
}
