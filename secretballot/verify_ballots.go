package secretballot

import (
	"fmt"
	"sync"

	"plenum/crypto/ed25519batch"
	"plenum/crypto/elgamal"
	"plenum/crypto/proof"
)

// ballotChunk is the number of ballots a worker checks in one batch: large
// enough that the multi-scalar multiplication of their proofs (about 34
// terms a five-option ballot, 35,000 for the chunk) costs less per term
// than smaller ones (6% less CPU for a whole verification than chunks of
// 256), small enough not to be split over the cores (group.parallelMin),
// to keep every core busy on a record of a few thousand ballots, and to
// keep a failed batch cheap to search.
const ballotChunk = 1024

type ballotJob struct {
	seq     int
	line    int // line number of the first ballot
	lines   [][]byte
	readErr error // a line that could not be read, after lines
}

// ballotDone is what a worker found in a chunk: for each ballot up to the
// first bad one, its tracker and credential; the sum of their ciphertexts;
// and the first error, at index bad.
type ballotDone struct {
	seq      int
	line     int
	trackers []Hash
	creds    []int32
	ranked   [][][]byte // per ballot: its ranked answers' rows, or nil
	sums     [][]*elgamal.Ciphertext
	bad      int
	err      error
}

// ballotsEvent checks a ballots event: its ballots are checked by
// v.workers goroutines, a chunk at a time, and the results taken in order,
// so that the first failure reported is the first in the file.
func (v *verifier) ballotsEvent(er *eventReader) error {
	if err := er.payload(&struct{}{}); err != nil {
		return err
	}
	if v.election == nil || v.creds == nil {
		return er.fail(fmt.Errorf("ballots before the election key and credentials"))
	}
	v.startVoting()
	stop := make(chan struct{})
	defer close(stop)
	jobs := make(chan ballotJob, v.workers)
	done := make(chan ballotDone, v.workers)
	go v.readBallots(er, jobs, stop)
	var wg sync.WaitGroup
	for range v.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				select {
				case done <- v.checkChunk(j):
				case <-stop:
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	pending := map[int]ballotDone{}
	next := 0
	for d := range done {
		pending[d.seq] = d
		for {
			d, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if err := v.takeChunk(er, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// readBallots reads the event's items into chunks.
func (v *verifier) readBallots(er *eventReader, jobs chan<- ballotJob, stop <-chan struct{}) {
	defer close(jobs)
	seq := 0
	j := ballotJob{line: er.line + 1}
	send := func() bool {
		j.seq = seq
		seq++
		select {
		case jobs <- j:
		case <-stop:
			return false
		}
		j = ballotJob{line: er.line + 1}
		return true
	}
	for range er.header.Items {
		line, err := er.next()
		if err != nil {
			j.readErr = err
			send()
			return
		}
		if v.progress != nil {
			v.progress(int64(len(line) + 1))
		}
		j.lines = append(j.lines, line)
		if len(j.lines) == ballotChunk && !send() {
			return
		}
	}
	if len(j.lines) > 0 {
		send()
	}
}

// checkChunk decodes and checks a chunk of ballots, with one batch for all
// their proofs.
func (v *verifier) checkChunk(j ballotJob) ballotDone {
	e := v.election
	d := ballotDone{seq: j.seq, line: j.line, bad: len(j.lines), err: j.readErr}
	if j.readErr != nil {
		d.err = at("", j.line+len(j.lines), j.readErr)
	}
	bt := proof.NewBatch()
	var sigs ed25519batch.Batch
	ballots := make([]*Ballot, 0, len(j.lines))
	for i, line := range j.lines {
		b, ci, err := v.checkBallot(bt, &sigs, line)
		if err != nil {
			d.bad, d.err = i, at("", j.line+i, err)
			break
		}
		ballots = append(ballots, b)
		d.trackers = append(d.trackers, Tracker(line))
		d.creds = append(d.creds, ci)
		d.ranked = append(d.ranked, v.rankedRows(b))
	}
	if len(ballots) > 0 && (!sigs.Verify() || bt.Verify() != nil) {
		// Some signature or proof is false: find the first ballot that
		// fails alone.
		for i, b := range ballots {
			err := e.checkSignatureCofactored(b, j.lines[i])
			if err == nil {
				err = e.checkBallotAlone(b)
			}
			if err != nil {
				d.bad, d.err = i, at("", j.line+i, err)
				ballots = ballots[:i]
				break
			}
		}
	}
	d.trackers, d.creds = d.trackers[:len(ballots)], d.creds[:len(ballots)]
	d.sums = v.zeroSums()
	for _, b := range ballots {
		addBallot(d.sums, b)
	}
	return d
}

// checkBallot decodes a ballot and checks everything but the batches of
// signatures and proofs, to which it adds the ballot's.
func (v *verifier) checkBallot(bt *proof.Batch, sigs *ed25519batch.Batch, line []byte) (*Ballot, int32, error) {
	e := v.election
	b, err := e.decodeBallot(line)
	if err != nil {
		return nil, 0, err
	}
	ci, ok := v.creds[b.Credential]
	if !ok {
		return nil, 0, errorf("credential", "%s is not in the list of public credentials", b64.EncodeToString(b.Credential[:]))
	}
	if sigs.Add(b.Credential[:], e.signedMessage(line), b.Signature) != nil {
		return nil, 0, errSignature()
	}
	if err := e.addProofs(bt, b); err != nil {
		// The signature is checked first, as alone.
		if sigErr := e.checkSignatureCofactored(b, line); sigErr != nil {
			return nil, 0, sigErr
		}
		return nil, 0, err
	}
	return b, ci, nil
}

// takeChunk records a checked chunk, in order: trackers must be new, and a
// later ballot of a credential replaces its earlier one.
func (v *verifier) takeChunk(er *eventReader, d ballotDone) error {
	file := int32(er.file.height)
	for i, t := range d.trackers {
		line := d.line + i
		if _, dup := v.trackers[t]; dup {
			return er.failAt(line, fmt.Errorf("ballot %s is cast twice", t))
		}
		if where, ok := v.audited[t]; ok {
			return er.failAt(line, fmt.Errorf("ballot %s was audited (%s): an audited ballot is never cast", t, where))
		}
		v.trackers[t] = struct{}{}
		ci := d.creds[i]
		if v.latest[ci] != noBallot {
			v.superseded = append(v.superseded, v.latest[ci])
		}
		v.latest[ci] = ballotPos{file, int32(line)}
		v.keepRanked(ci, d.ranked[i])
		v.cast++
	}
	if d.err != nil {
		return at(er.file.name, 0, d.err)
	}
	addSums(v.sums, d.sums)
	return nil
}

func (v *verifier) zeroSums() [][]*elgamal.Ciphertext { return zeroSums(v.manifest) }

// zeroSums returns encryptions of 0 for each option of each question.
func zeroSums(m *Manifest) [][]*elgamal.Ciphertext {
	qs := m.Questions
	s := make([][]*elgamal.Ciphertext, len(qs))
	for qi := range qs {
		if qs[qi].Kind.Ranked() {
			s[qi] = []*elgamal.Ciphertext{} // mixed, not summed
			continue
		}
		s[qi] = make([]*elgamal.Ciphertext, len(qs[qi].Options))
		for i := range s[qi] {
			s[qi][i] = elgamal.Sum(nil)
		}
	}
	return s
}

func addBallot(sums [][]*elgamal.Ciphertext, b *Ballot) {
	for qi, a := range b.Answers {
		for i, c := range a.Choices {
			sums[qi][i].Add(sums[qi][i], c.Ciphertext)
		}
	}
}

func addSums(sums, more [][]*elgamal.Ciphertext) {
	for qi := range sums {
		for i := range sums[qi] {
			sums[qi][i].Add(sums[qi][i], more[qi][i])
		}
	}
}
