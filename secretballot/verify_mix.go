package secretballot

import (
	"crypto/rand"
	"fmt"
	"slices"

	"plenum/crypto/group"
	"plenum/crypto/proof"
	"plenum/crypto/shuffle"
	"plenum/secretballot/ranked"
)

// mixState is what Verify keeps of the ranked questions: the counted
// answers, the output of the last verified mix, and the verified
// decryption factors. Rows and factors stay encoded.
type mixState struct {
	counted map[int][][]byte         // question -> counted row, by credential index
	current map[int]*shuffle.Rows    // question -> output of the last verified mix
	mixes   map[int]int              // question -> mixes verified
	mixers  map[int][]int            // question -> the trustees who mixed it, in record order
	ended   bool                     // the end-mixes event is in: no more mixes
	factors map[int][]trusteeFactors // question -> verified factors, in event order
	results map[int]QuestionResult   // question -> recounted result
}

type trusteeFactors struct {
	trustee int
	enc     []byte // row by row, column by column
}

func (v *verifier) mixes() *mixState {
	if v.mix == nil {
		v.mix = &mixState{
			counted: map[int][][]byte{}, current: map[int]*shuffle.Rows{}, mixes: map[int]int{}, mixers: map[int][]int{},
			factors: map[int][]trusteeFactors{}, results: map[int]QuestionResult{},
		}
	}
	return v.mix
}

// rankedRows returns b's answers to ranked questions as row encodings (nil
// for the other questions), or nil when the manifest has none.
func (v *verifier) rankedRows(b *Ballot) [][]byte {
	var rows [][]byte
	for qi := range v.manifest.Questions {
		if v.manifest.Questions[qi].Kind.Ranked() {
			if rows == nil {
				rows = make([][]byte, len(v.manifest.Questions))
			}
			rows[qi] = rowBytes(&b.Answers[qi])
		}
	}
	return rows
}

// keepRanked records credential ci's latest ranked answers.
func (v *verifier) keepRanked(ci int32, rows [][]byte) {
	if rows == nil {
		return
	}
	m := v.mixes()
	for qi, r := range rows {
		if r == nil {
			continue
		}
		if m.counted[qi] == nil {
			m.counted[qi] = make([][]byte, len(v.creds))
		}
		m.counted[qi][ci] = r
	}
}

// mixEvent verifies one mix against the output of the one before (or the
// counted answers, for mix 1).
func (v *verifier) mixEvent(er *eventReader) error {
	var p ranked.MixPayload
	if err := er.payload(&p); err != nil {
		return err
	}
	qi := v.questionIndex(p.Question)
	if qi < 0 || !v.manifest.Questions[qi].Kind.Ranked() {
		return er.failAt(1, errorf("payload.question", "%q is not a ranked question of the manifest", p.Question))
	}
	m := v.mixes()
	k := m.mixes[qi]
	if p.Mix != k+1 {
		return er.failAt(1, errorf("payload.mix", "%d, want %d: question %q has had %d mixes", p.Mix, k+1, p.Question, k))
	}
	if !v.election.Key.Qualified(p.Trustee) {
		return er.failAt(1, errorf("payload.trustee", "%d is not a qualified trustee: only they mix", p.Trustee))
	}
	if slices.Contains(m.mixers[qi], p.Trustee) {
		return er.failAt(1, errorf("payload.trustee", "%d has already mixed question %q", p.Trustee, p.Question))
	}
	in := m.current[qi]
	if k == 0 {
		var err error
		if in, err = v.mixInput(qi); err != nil {
			return er.failAt(1, err)
		}
	}
	if p.Rows != in.Len() || p.Width != in.Width() || er.header.Items != p.Rows {
		return er.failAt(1, errorf("payload", "%d rows of width %d in %d items; the input has %d rows of width %d", p.Rows, p.Width, er.header.Items, in.Len(), in.Width()))
	}
	a, err := p.Assemble()
	if err != nil {
		return er.failAt(1, within("payload", err))
	}
	for range p.Rows {
		line, err := er.next()
		var row ranked.MixRow
		if err == nil {
			err = decodeCanonical(line, &row)
		}
		if err == nil {
			err = a.Add(&row)
		}
		if err != nil {
			return er.fail(err)
		}
	}
	out, pr, err := a.Done()
	if err == nil {
		err = shuffle.Verify(rand.Reader, v.election.mixParams(qi, p.Mix, p.Trustee), in, out, pr)
	}
	if err != nil {
		return er.failAt(1, fmt.Errorf("mix %d of question %q by trustee %d: %w", p.Mix, p.Question, p.Trustee, err))
	}
	m.current[qi], m.mixes[qi], m.mixers[qi] = out, k+1, append(m.mixers[qi], p.Trustee)
	delete(m.counted, qi)
	return nil
}

func (v *verifier) questionIndex(id string) int {
	return slices.IndexFunc(v.manifest.Questions, func(q Question) bool { return q.ID == id })
}

// mixInput is the input of mix 1: the counted answers in credential order.
func (v *verifier) mixInput(qi int) (*shuffle.Rows, error) {
	var enc []byte
	for _, r := range v.mixes().counted[qi] {
		enc = append(enc, r...)
	}
	if len(enc) == 0 {
		return nil, fmt.Errorf("question %q has no counted ballot to mix", v.manifest.Questions[qi].ID)
	}
	return shuffle.NewRows(ranked.Width(len(v.manifest.Questions[qi].Options)), enc)
}

// rankedDecryptionEvent verifies one trustee's factors of a question's
// last mix, a chunk of rows per batch, on every core.
func (v *verifier) rankedDecryptionEvent(er *eventReader) error {
	var p RankedDecryptionPayload
	if err := er.payload(&p); err != nil {
		return err
	}
	qi := v.questionIndex(p.Question)
	m := v.mixes()
	if qi < 0 || !v.manifest.Questions[qi].Kind.Ranked() {
		return er.failAt(1, errorf("payload.question", "%q is not a ranked question of the manifest", p.Question))
	}
	if !slices.Contains(v.election.Key.QualifiedTrustees, p.Trustee) {
		return er.failAt(1, errorf("payload.trustee", "%d is not a qualified trustee", p.Trustee))
	}
	for _, f := range m.factors[qi] {
		if f.trustee == p.Trustee {
			return er.failAt(1, errorf("payload.trustee", "%d has already decrypted question %q", p.Trustee, p.Question))
		}
	}
	rows := m.current[qi]
	if p.Rows != rows.Len() || er.header.Items != p.Rows {
		return er.failAt(1, errorf("payload.rows", "%d in %d items, the last mix has %d", p.Rows, er.header.Items, rows.Len()))
	}
	d := v.election.decryptor(qi, p.Trustee, rows)
	enc := make([]byte, 0, rows.Len()*rows.Width()*group.ElementSize)
	const chunk = 1024
	for lo := 0; lo < p.Rows; lo += chunk {
		hi := min(p.Rows, lo+chunk)
		items := make([]ranked.DecryptionRow, hi-lo)
		for i := range items {
			line, err := er.next()
			if err == nil {
				err = decodeCanonical(line, &items[i])
			}
			if err != nil {
				return er.fail(err)
			}
		}
		if err := v.checkFactors(d, items, lo); err != nil {
			return er.fail(err)
		}
		for i := range items {
			for _, f := range items[i].Factors {
				enc = append(enc, f[:]...)
			}
		}
	}
	m.factors[qi] = append(m.factors[qi], trusteeFactors{p.Trustee, enc})
	return nil
}

// checkFactors checks the factors of rows lo.. in batches on every core;
// on failure it names the first bad row.
func (v *verifier) checkFactors(d *ranked.Decryptor, items []ranked.DecryptionRow, lo int) error {
	parts := min(v.workers, len(items))
	errs := make([]error, parts)
	parallel(parts, parts, func(w int) {
		a, b := w*len(items)/parts, (w+1)*len(items)/parts
		bt := proof.NewBatch()
		for i := a; i < b; i++ {
			if _, err := d.AddToBatch(bt, &items[i], lo+i); err != nil {
				errs[w] = err
				return
			}
		}
		if bt.Verify() == nil {
			return
		}
		for i := a; i < b; i++ {
			one := proof.NewBatch()
			d.AddToBatch(one, &items[i], lo+i)
			if err := one.Verify(); err != nil {
				errs[w] = fmt.Errorf("row %d: %w", lo+i+1, err)
				return
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// rankedFactors returns the first threshold of the verified factors of
// question qi's last mix: the trustees and their factors.
func (v *verifier) rankedFactors(qi int) (set []int, enc [][]byte, err error) {
	fs := v.mix.factors[qi]
	if len(fs) < v.manifest.Threshold {
		return nil, nil, fmt.Errorf("question %q: %d trustees decrypted, the threshold is %d", v.manifest.Questions[qi].ID, len(fs), v.manifest.Threshold)
	}
	for _, f := range fs[:v.manifest.Threshold] {
		set, enc = append(set, f.trustee), append(enc, f.enc)
	}
	return set, enc, nil
}

// rankingsEvent decrypts a question's last mix from the first threshold of
// verified factors, checks every published ranking against it, and
// recounts.
func (v *verifier) rankingsEvent(er *eventReader) error {
	var p RankingsPayload
	if err := er.payload(&p); err != nil {
		return err
	}
	qi := v.questionIndex(p.Question)
	m := v.mixes()
	if qi < 0 || !v.manifest.Questions[qi].Kind.Ranked() {
		return er.failAt(1, errorf("payload.question", "%q is not a ranked question of the manifest", p.Question))
	}
	if _, done := m.results[qi]; done {
		return er.failAt(1, errorf("payload.question", "%q has its rankings already", p.Question))
	}
	set, enc, err := v.rankedFactors(qi)
	if err != nil {
		return er.failAt(1, err)
	}
	q, rows := &v.manifest.Questions[qi], m.current[qi]
	want, err := combineRanked(q, rows, set, enc)
	if err != nil {
		return er.failAt(1, err)
	}
	invalid := 0
	for _, it := range want {
		if it.Invalid != "" {
			invalid++
		}
	}
	if p.Rows != rows.Len() || er.header.Items != p.Rows || p.Invalid != invalid || !slices.Equal(p.Decrypted, set) {
		return er.failAt(1, errorf("payload", "rows %d, invalid %d, decrypted by %v; the decryption gives rows %d, invalid %d, by %v", p.Rows, p.Invalid, p.Decrypted, rows.Len(), invalid, set))
	}
	tl, err := ranked.NewTally(string(q.Kind), q.Options, q.Seats)
	if err != nil {
		return er.failAt(1, err)
	}
	for i := range want {
		line, err := er.next()
		var got RankingItem
		if err == nil {
			err = decodeCanonical(line, &got)
		}
		if err != nil {
			return er.fail(err)
		}
		if !slices.Equal(got.Ranks, want[i].Ranks) || got.Invalid != want[i].Invalid {
			return er.fail(fmt.Errorf("row %d decrypts to ranks %v (invalid: %q), not %v (%q)", i+1, want[i].Ranks, want[i].Invalid, got.Ranks, got.Invalid))
		}
		if want[i].Invalid != "" {
			tl.AddInvalid()
		} else {
			tl.Add(want[i].Ranks)
		}
	}
	r, err := rankedResult(q, tl, v.election.Hash)
	if err != nil {
		return er.failAt(1, err)
	}
	m.results[qi] = r
	return nil
}

// rankedResults fills want's ranked questions with their recounts.
func (v *verifier) rankedResults(want *Result) error {
	for _, qi := range v.manifest.rankedQuestions() {
		r, ok := v.mixes().results[qi]
		if !ok {
			return fmt.Errorf("question %q: the record ends before its rankings event", v.manifest.Questions[qi].ID)
		}
		want.Questions[qi] = r
	}
	return nil
}
