package secretballot

import (
	"fmt"
	"slices"

	"plenum/crypto/dkg"
)

// An election goes on without trustees who do not take part, as long as a
// threshold of them does. Three steps wait for every trustee until their
// deadline, which the election's coordinator keeps; at the deadline it
// closes the step with those who took it and names the others in an end
// event:
//
//   - end-keys, after the trustee events: the trustees who sent no keys.
//     Nobody deals them a share; the key ceremony goes on with the others
//     if they are at least the threshold.
//   - end-deals, after the dkg-shares events: the trustees who sent keys
//     but dealt no shares. The election-key event disqualifies them.
//   - end-mixes, after the mixes: the qualified trustees who did not mix
//     every ranked question. Each question must have had at least the
//     threshold of mixes, so that a threshold of trustees would have to
//     collude to link a voter to a ranking, as to decrypt a ballot.
//
// A step every trustee took has no end event.
const (
	EventEndKeys  = "end-keys"
	EventEndDeals = "end-deals"
	EventEndMixes = "end-mixes"
)

// Absent is the payload of an end event: the trustees who did not take
// the step, in increasing order; never empty.
type Absent struct {
	Absent []int `json:"absent"`
}

// endEvent checks an end event against the absent trustees the record
// gives, want.
func endEvent(er *eventReader, want []int) error {
	if err := noItems(er); err != nil {
		return err
	}
	var p Absent
	if err := er.payload(&p); err != nil {
		return err
	}
	if len(want) == 0 {
		return er.failAt(1, errorf("payload.absent", "every trustee took the step: no %s event is due", er.file.typ))
	}
	if !slices.Equal(p.Absent, want) {
		return er.failAt(1, errorf("payload.absent", "%v, but the trustees who did not take the step are %v", p.Absent, want))
	}
	return nil
}

func (v *verifier) endKeysEvent(er *eventReader) error {
	d := v.dkg
	if len(d.roster) < d.params.T {
		return er.failAt(1, fmt.Errorf("%d trustees sent keys, fewer than the threshold of %d: the key ceremony cannot go on", len(d.roster), d.params.T))
	}
	return endEvent(er, d.absentKeys())
}

func (v *verifier) endDealsEvent(er *eventReader) error {
	return endEvent(er, v.dkg.absentDeals())
}

// absentKeys lists the trustees not in the roster.
func (d *dkgState) absentKeys() []int {
	var out []int
	for j := 1; j <= d.params.N; j++ {
		if !slices.ContainsFunc(d.roster, func(k dkg.TrusteeKeys) bool { return k.Index == j }) {
			out = append(out, j)
		}
	}
	return out
}

// absentDeals lists the trustees in the roster who dealt nothing.
func (d *dkgState) absentDeals() []int {
	var out []int
	for _, k := range d.roster {
		if !slices.ContainsFunc(d.commitments, func(c *dkg.Commitment) bool { return c.From == k.Index }) {
			out = append(out, k.Index)
		}
	}
	return out
}

func (v *verifier) endMixesEvent(er *eventReader) error {
	if len(v.manifest.rankedQuestions()) == 0 {
		return er.failAt(1, fmt.Errorf("the manifest has no ranked question: nothing is mixed"))
	}
	if err := v.enoughMixes(); err != nil {
		return er.failAt(1, err)
	}
	if err := endEvent(er, v.absentMixers()); err != nil {
		return err
	}
	v.mixes().ended, v.report.NotMixed = true, v.absentMixers()
	return nil
}

// enoughMixes checks that every ranked question has had at least the
// threshold of mixes.
func (v *verifier) enoughMixes() error {
	for _, qi := range v.manifest.rankedQuestions() {
		if k := v.mixes().mixes[qi]; k < v.manifest.Threshold {
			return fmt.Errorf("question %q has had %d mixes, fewer than the threshold of %d", v.manifest.Questions[qi].ID, k, v.manifest.Threshold)
		}
	}
	return nil
}

// absentMixers lists the qualified trustees who did not mix every ranked
// question.
func (v *verifier) absentMixers() []int {
	var out []int
	for _, j := range v.election.Key.QualifiedTrustees {
		for _, qi := range v.manifest.rankedQuestions() {
			if !slices.Contains(v.mixes().mixers[qi], j) {
				out = append(out, j)
				break
			}
		}
	}
	return out
}

// mixesClosed checks, before the decryptions, that no mix may come any
// more: every qualified trustee mixed every ranked question, or the
// end-mixes event closed the mix-net.
func (v *verifier) mixesClosed() error {
	if v.mix != nil && v.mix.ended {
		return nil
	}
	if absent := v.absentMixers(); len(absent) > 0 {
		return fmt.Errorf("trustees %v have not mixed every ranked question, and no end-mixes event closed the mix-net", absent)
	}
	return nil
}

// MixNet is where the mix-net of a record past its tally stands.
type MixNet struct {
	Ranked bool  // the manifest has ranked questions
	Mixed  []int // the qualified trustees who mixed every ranked question
	Absent []int // the qualified trustees who did not, yet
	// Fewest is the number of mixes of the ranked question that has had
	// the fewest; the mix-net may close once it is at least Threshold.
	Fewest    int
	Threshold int
	// Closed: no more mixes, the trustees decrypt the last ones. Every
	// qualified trustee mixed, or an end-mixes event is in.
	Closed bool
}

// mixNet says where the mix-net stands in the record read so far, which
// holds the tally.
//
// With no ballot counted there is nothing to mix: the mix-net is closed
// from the start, and nobody is waited for.
func (v *verifier) mixNet() *MixNet {
	if v.nothingCounted() {
		return &MixNet{Ranked: len(v.manifest.rankedQuestions()) > 0, Threshold: v.manifest.Threshold, Closed: true}
	}
	mn := &MixNet{Threshold: v.manifest.Threshold, Absent: v.absentMixers(), Closed: v.mixesClosed() == nil}
	for i, qi := range v.manifest.rankedQuestions() {
		if k := v.mixes().mixes[qi]; i == 0 || k < mn.Fewest {
			mn.Fewest = k
		}
		mn.Ranked = true
	}
	for _, j := range v.election.Key.QualifiedTrustees {
		if !slices.Contains(mn.Absent, j) {
			mn.Mixed = append(mn.Mixed, j)
		}
	}
	return mn
}
