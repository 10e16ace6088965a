package secretballot

import (
	"bytes"
	"fmt"
	"slices"

	"plenum/crypto/elgamal"
	"plenum/crypto/proof"
)

// startVoting prepares the bookkeeping of ballots, once the election key
// and the credentials are known.
func (v *verifier) startVoting() {
	if v.trackers != nil {
		return
	}
	v.trackers = map[Hash]struct{}{}
	v.audited = map[Hash]string{}
	v.latest = make([]ballotPos, len(v.creds))
	for i := range v.latest {
		v.latest[i] = noBallot
	}
	v.sums = v.zeroSums()
}

// endBallotsEvent closes voting: the ballots replaced by a later ballot of
// the same credential leave the sums, which then hold the counted ballots.
func (v *verifier) endBallotsEvent(er *eventReader) error {
	if err := noItems(er); err != nil {
		return err
	}
	var p EndBallots
	if err := er.payload(&p); err != nil {
		return err
	}
	v.startVoting()
	if err := v.subtractSuperseded(); err != nil {
		return err
	}
	counted := v.cast - len(v.superseded)
	if p.Cast != v.cast || p.Counted != counted {
		return er.failAt(1, errorf("payload", "cast %d, counted %d; the record holds %d ballots cast, %d counted", p.Cast, p.Counted, v.cast, counted))
	}
	v.report.Ballots, v.report.Counted = v.cast, counted
	return nil
}

// subtractSuperseded reads the replaced ballots again and takes their
// ciphertexts out of the sums. Re-voting is rare, and this keeps the
// verifier's memory independent of the number of ballots.
func (v *verifier) subtractSuperseded() error {
	byFile := map[int32][]int32{}
	for _, p := range v.superseded {
		byFile[p.file] = append(byFile[p.file], p.line)
	}
	for file, lines := range byFile {
		slices.Sort(lines)
		// Ballots are in ballots events only.
		f := eventFile{name: EventFileName(int(file), EventBallots), height: int(file), typ: EventBallots}
		er, err := openEvent(v.fsys, f)
		if err != nil {
			return err
		}
		for _, want := range lines {
			var line []byte
			for er.line < int(want) && err == nil {
				line, err = er.next()
			}
			var b *Ballot
			if err == nil {
				b, err = v.election.decodeBallot(line)
			}
			if err != nil {
				er.Close()
				return er.failAt(int(want), err)
			}
			subtractBallot(v.sums, b)
		}
		er.Close()
	}
	return nil
}

func subtractBallot(sums [][]*elgamal.Ciphertext, b *Ballot) {
	for qi, a := range b.Answers {
		for i, c := range a.Choices {
			sums[qi][i].A.Subtract(&sums[qi][i].A, &c.Ciphertext.A)
			sums[qi][i].B.Subtract(&sums[qi][i].B, &c.Ciphertext.B)
		}
	}
}

// tallyEvent checks the encrypted tally against the sums.
func (v *verifier) tallyEvent(er *eventReader) error {
	if err := noItems(er); err != nil {
		return err
	}
	var t Tally
	if err := er.payload(&t); err != nil {
		return err
	}
	if len(t.Questions) != len(v.sums) {
		return er.failAt(1, errorf("payload.questions", "%d questions, want %d", len(t.Questions), len(v.sums)))
	}
	for qi := range v.sums {
		if v.nothingCounted() && len(t.Questions[qi]) > 0 {
			return er.failAt(1, errorf(fmt.Sprintf("payload.questions[%d]", qi), "%d ciphertexts: no ballot was counted, so the tally has none", len(t.Questions[qi])))
		}
		if !v.nothingCounted() && len(t.Questions[qi]) != len(v.sums[qi]) {
			return er.failAt(1, errorf(fmt.Sprintf("payload.questions[%d]", qi), "%d ciphertexts, want %d", len(t.Questions[qi]), len(v.sums[qi])))
		}
		for i, c := range t.Questions[qi] {
			if c == nil || !c.Equal(v.sums[qi][i]) {
				return er.failAt(1, errorf(fmt.Sprintf("payload.questions[%d][%d]", qi, i), "is not the product of the counted ballots' ciphertexts"))
			}
		}
	}
	v.tally = &t
	return nil
}

// nothingCounted reports whether voting has ended without a ballot
// counted. Then the tally holds no ciphertext, nothing is mixed or
// decrypted, and the result, every total zero, follows the tally (see
// EmptyResult).
func (v *verifier) nothingCounted() bool {
	return v.counts[EventEndBallots] > 0 && v.report.Counted == 0
}

// notEmpty refuses an event of the mix-net or of the decryption in a
// record in which no ballot was counted.
func (v *verifier) notEmpty(er *eventReader) error {
	if v.nothingCounted() {
		return er.failAt(1, fmt.Errorf("no ballot was counted: there is nothing to mix or decrypt, and the result follows the tally"))
	}
	return nil
}

// partialEvent checks one trustee's partial decryption.
func (v *verifier) partialEvent(er *eventReader) error {
	if err := noItems(er); err != nil {
		return err
	}
	var pd PartialDecryption
	if err := er.payload(&pd); err != nil {
		return err
	}
	for _, other := range v.partials {
		if other.Trustee == pd.Trustee {
			return er.failAt(1, errorf("payload.trustee", "%d has already decrypted", pd.Trustee))
		}
	}
	bt := proof.NewBatch()
	err := v.election.checkPartial(bt, &pd, v.tally)
	if err == nil && bt.Verify() != nil {
		err = v.election.checkPartialAlone(&pd, v.tally)
	}
	if err != nil {
		return er.failAt(1, within("payload", err))
	}
	v.partials = append(v.partials, &pd)
	return nil
}

// resultEvent decrypts the tally and checks the result against it.
func (v *verifier) resultEvent(er *eventReader) error {
	if err := noItems(er); err != nil {
		return err
	}
	var r Result
	if err := er.payload(&r); err != nil {
		return err
	}
	want := v.election.EmptyResult()
	v.report.Decrypted = []int{}
	if !v.nothingCounted() {
		if len(v.partials) < v.manifest.Threshold {
			return er.failAt(1, fmt.Errorf("%d partial decryptions, the threshold is %d", len(v.partials), v.manifest.Threshold))
		}
		var err error
		want, err = v.election.Result(v.tally, v.partials, v.report.Counted)
		if err == nil {
			err = v.rankedResults(want)
		}
		if err != nil {
			return er.failAt(1, err)
		}
		for _, pd := range v.partials[:v.manifest.Threshold] {
			v.report.Decrypted = append(v.report.Decrypted, pd.Trustee)
		}
	}
	if err := sameResult(&r, want); err != nil {
		return er.failAt(1, within("payload", err))
	}
	v.report.ElectionHash = v.election.Hash
	v.report.Result = want
	return nil
}

// Result decrypts the tally from checked partial decryptions and decides
// each question.
func (e *Election) Result(t *Tally, pds []*PartialDecryption, counted int) (*Result, error) {
	totals, err := e.Combine(t, pds, counted)
	if err != nil {
		return nil, err
	}
	r := &Result{}
	for qi := range e.Manifest.Questions {
		if e.Manifest.Questions[qi].Kind.Ranked() {
			// Counted from the decrypted rankings (mix.go).
			r.Questions = append(r.Questions, QuestionResult{ID: e.Manifest.Questions[qi].ID})
			continue
		}
		r.Questions = append(r.Questions, decide(&e.Manifest.Questions[qi], int64(counted), totals[qi], e.Hash))
	}
	return r, nil
}

// sameResult names the first field where the published result differs
// from the recomputed one.
func sameResult(got, want *Result) error {
	if len(got.Questions) != len(want.Questions) {
		return errorf("questions", "%d, want %d", len(got.Questions), len(want.Questions))
	}
	for i := range want.Questions {
		g, _ := marshal(got.Questions[i])
		w, _ := marshal(want.Questions[i])
		if !bytes.Equal(g, w) {
			return errorf(fmt.Sprintf("questions[%d]", i), "%s, but the tally decrypts to %s", g, w)
		}
	}
	return nil
}
