package secretballot

import (
	"encoding/json"
	"fmt"

	"plenum/crypto/group"
)

// Audit is an item of an audits event: a ballot the voter chose to audit
// rather than cast (Benaloh's challenge), with its opening. Anyone can
// re-encrypt the marks with the randomness and compare, which checks that
// the voting device encrypted what the voter chose; the ballot is then
// spoiled, never cast, and the device encrypts afresh.
type Audit struct {
	Ballot  json.RawMessage `json:"ballot"`
	Opening Opening         `json:"opening"`
}

// AuditLine returns the audits item of a ballot line and its opening.
func AuditLine(ballotLine []byte, op *Opening) ([]byte, error) {
	return marshal(Audit{Ballot: ballotLine, Opening: *op})
}

// CheckAudit checks an audited ballot on its own, as a voter's independent
// tool would: the ballot is well formed, signed and proved, and its opening
// re-encrypts to its ciphertexts. It returns the ballot, its tracker and the
// choices it opens to.
func (e *Election) CheckAudit(line []byte) (*Ballot, Hash, []Choice, error) {
	var a Audit
	if err := decodeCanonical(line, &a); err != nil {
		return nil, Hash{}, nil, &Error{Reason: err.Error()}
	}
	b, err := e.decodeBallot(a.Ballot)
	if err == nil {
		// As a verifier checks the record's signatures: an audited
		// ballot is never counted, so no stricter check is needed.
		err = e.checkSignatureCofactored(b, a.Ballot)
	}
	if err == nil {
		err = e.checkBallotAlone(b)
	}
	if err != nil {
		return nil, Hash{}, nil, within("ballot", err)
	}
	choices, err := e.checkOpening(b, &a.Opening)
	if err != nil {
		return nil, Hash{}, nil, within("opening", err)
	}
	return b, Tracker(a.Ballot), choices, nil
}

func (e *Election) checkOpening(b *Ballot, op *Opening) ([]Choice, error) {
	qs := e.Manifest.Questions
	if len(op.Marks) != len(qs) || len(op.Randomness) != len(qs) {
		return nil, errorf("marks", "want %d answers", len(qs))
	}
	choices := make([]Choice, len(qs))
	for qi := range qs {
		if qs[qi].Kind.Ranked() {
			c, err := e.checkRankedOpening(&b.Answers[qi], qi, op.Marks[qi], op.Randomness[qi])
			if err != nil {
				return nil, err
			}
			choices[qi] = c
			continue
		}
		n := len(qs[qi].Options)
		if len(op.Marks[qi]) != n || len(op.Randomness[qi]) != n {
			return nil, errorf(fmt.Sprintf("marks[%d]", qi), "want %d marks and randomness", n)
		}
		for i, m := range op.Marks[qi] {
			r := op.Randomness[qi][i]
			if m > 1 || r == nil {
				return nil, errorf(fmt.Sprintf("marks[%d][%d]", qi, i), "a mark is 0 or 1, with its randomness")
			}
			if !e.pk.Encrypt(group.NewScalarUint64(m), r).Equal(b.Answers[qi].Choices[i].Ciphertext) {
				return nil, errorf(fmt.Sprintf("randomness[%d][%d]", qi, i), "does not re-encrypt the mark to the ballot's ciphertext")
			}
			if m == 1 {
				choices[qi] = append(choices[qi], i)
			}
		}
		if err := choices[qi].check(&qs[qi]); err != nil {
			return nil, errorf(fmt.Sprintf("marks[%d]", qi), "%v", err)
		}
	}
	return choices, nil
}

// auditsEvent checks every audited ballot; none may be cast.
func (v *verifier) auditsEvent(er *eventReader) error {
	if err := er.payload(&struct{}{}); err != nil {
		return err
	}
	if v.election == nil || v.creds == nil {
		return er.fail(fmt.Errorf("audits before the election key and credentials"))
	}
	v.startVoting()
	for range er.header.Items {
		line, err := er.next()
		if err != nil {
			return er.fail(err)
		}
		b, t, _, err := v.election.CheckAudit(line)
		if err != nil {
			return er.fail(err)
		}
		if _, ok := v.creds[b.Credential]; !ok {
			return er.fail(errorf("ballot.credential", "not in the list of public credentials"))
		}
		if _, cast := v.trackers[t]; cast {
			return er.fail(fmt.Errorf("audited ballot %s was cast: an audited ballot is never cast", t))
		}
		if _, dup := v.audited[t]; dup {
			return er.fail(fmt.Errorf("ballot %s is audited twice", t))
		}
		v.audited[t] = fmt.Sprintf("%s:%d", er.file.name, er.line)
		v.report.Audited++
	}
	return nil
}
