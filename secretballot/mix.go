package secretballot

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"

	"plenum/crypto/dkg"
	"plenum/crypto/group"
	"plenum/crypto/shuffle"
	"plenum/secretballot/ranked"
)

// The mix-net of ranked questions, between the tally and the result. For
// each ranked question, in the order of the manifest:
//
//  1. the counted answers, in the order of the credential list, are the
//     input of mix 1; every qualified trustee, in increasing order of
//     index, mixes the output of the mix before (a mix event each), and
//     each mix is verified before the next starts;
//  2. after the partial decryptions of the tally, a threshold of trustees
//     publish the decryption factors of the last mix's rows with proofs (a
//     ranked-decryption event each);
//  3. a rankings event publishes every row's decrypted ranking, or why it
//     is not a valid one; the result counts the valid ones.
const (
	EventMix              = "mix"
	EventRankedDecryption = "ranked-decryption"
	EventRankings         = "rankings"
)

// RankedDecryptionPayload is the payload of a ranked-decryption event; its
// items are the trustee's ranked.DecryptionRow for each row of the last mix.
type RankedDecryptionPayload struct {
	Question string `json:"question"`
	Trustee  int    `json:"trustee"`
	Rows     int    `json:"rows"`
}

// RankingsPayload is the payload of a rankings event; its items are a
// RankingItem for each row of the last mix, in its order.
type RankingsPayload struct {
	Question string `json:"question"`
	Rows     int    `json:"rows"`
	Invalid  int    `json:"invalid"`
	// Decrypted lists the trustees whose factors were combined.
	Decrypted []int `json:"decrypted_by"`
}

// RankingItem is one decrypted row: the rank of each option (0: unranked),
// or, for a row that is not a valid ranking, no ranks and the reason.
type RankingItem struct {
	Ranks   []int  `json:"ranks"`
	Invalid string `json:"invalid"`
}

// rankedItem decodes the plaintext elements of a row and checks the
// ranking against the question.
func rankedItem(q *Question, plain []*group.Element) RankingItem {
	r, err := ranked.Decode(plain, len(q.Options))
	if err == nil {
		err = r.Check(ranked.AllowsTies(string(q.Kind)))
	}
	if err == nil {
		if n := ranksUsed(r); n < q.Min || n > q.Max {
			err = fmt.Errorf("%w: %d options ranked, want %d to %d", ranked.ErrMalformed, n, q.Min, q.Max)
		}
	}
	if err != nil {
		return RankingItem{Ranks: []int{}, Invalid: err.Error()}
	}
	return RankingItem{Ranks: r}
}

func ranksUsed(r ranked.Ranking) int {
	n := 0
	for _, x := range r {
		if x > 0 {
			n++
		}
	}
	return n
}

// mixParams are the parameters of mix number mix of question qi by trustee.
func (e *Election) mixParams(qi, mix, trustee int) *shuffle.Params {
	return &shuffle.Params{
		Fingerprint: e.Hash[:],
		Context:     ranked.MixContext(e.Manifest.Questions[qi].ID, mix, trustee),
		Key:         e.pk,
	}
}

func (e *Election) decryptor(qi, trustee int, rows *shuffle.Rows) *ranked.Decryptor {
	return &ranked.Decryptor{
		Fingerprint: e.Hash[:], Question: e.Manifest.Questions[qi].ID, Rows: rows,
		Trustee: trustee, Key: e.Key.VerificationKeys[trustee-1],
	}
}

// rankedQuestions lists the indexes of the ranked questions.
func (m *Manifest) rankedQuestions() []int {
	var out []int
	for qi := range m.Questions {
		if m.Questions[qi].Kind.Ranked() {
			out = append(out, qi)
		}
	}
	return out
}

// rankedRow is a counted ranked answer, kept as its ciphertexts' encodings
// with the credential that orders it.
type rankedRow struct {
	cred PublicCredential
	enc  []byte
}

func rowBytes(a *Answer) []byte {
	var b []byte
	for _, ct := range a.Ranking.Ciphertexts {
		enc, _ := ct.MarshalBinary()
		b = append(b, enc...)
	}
	return b
}

// mixInput returns the input of mix 1: the rows in credential order.
func mixInput(q *Question, rows []rankedRow) (*shuffle.Rows, error) {
	slices.SortFunc(rows, func(a, b rankedRow) int { return bytes.Compare(a.cred[:], b.cred[:]) })
	var enc []byte
	for _, r := range rows {
		enc = append(enc, r.enc...)
	}
	if len(enc) == 0 {
		return nil, fmt.Errorf("question %q: no ballot to mix", q.ID)
	}
	return shuffle.NewRows(ranked.Width(len(q.Options)), enc)
}

// simulateMixes has the trustees present (those with a share) mix each
// ranked question in turn, writing and verifying each mix, and closes the
// mix-net without the qualified trustees absent; it returns the last
// mix's rows.
func (s *simulation) simulateMixes(rand func(label string, i uint64) io.Reader, present []*dkg.KeyShare) (map[int]*shuffle.Rows, error) {
	e := s.e
	last := map[int]*shuffle.Rows{}
	var mixers, absent []int
	for _, sh := range present {
		mixers = append(mixers, sh.Index)
	}
	for _, j := range e.Key.QualifiedTrustees {
		if !slices.Contains(mixers, j) {
			absent = append(absent, j)
		}
	}
	for _, qi := range e.Manifest.rankedQuestions() {
		q := &e.Manifest.Questions[qi]
		rows, err := mixInput(q, s.ranked[qi])
		if err != nil {
			return nil, err
		}
		s.ranked[qi] = nil
		for k, j := range mixers {
			p := e.mixParams(qi, k+1, j)
			out, pr, err := shuffle.Mix(rand("mix", uint64(qi<<16|j)), p, rows)
			if err != nil {
				return nil, fmt.Errorf("mix %d of question %q: %w", k+1, q.ID, err)
			}
			if err := writeMix(s.w, ranked.NewMixPayload(q.ID, k+1, j, out, pr), out, pr); err != nil {
				return nil, err
			}
			// The next mixer starts only from a verified mix.
			if err := shuffle.Verify(rand("verify-mix", uint64(qi<<16|j)), p, rows, out, pr); err != nil {
				return nil, fmt.Errorf("mix %d of question %q: %w", k+1, q.ID, err)
			}
			rows = out
		}
		last[qi] = rows
	}
	if len(last) > 0 && len(absent) > 0 {
		if _, err := s.w.Append(EventEndMixes, Absent{Absent: absent}); err != nil {
			return nil, err
		}
	}
	return last, nil
}

func writeMix(w *Writer, p *ranked.MixPayload, out *shuffle.Rows, pr *shuffle.Proof) error {
	ew, err := w.Begin(EventMix, p, out.Len())
	if err != nil {
		return err
	}
	for i := range out.Len() {
		if err := ew.Add(ranked.NewMixRow(out, pr, i)); err != nil {
			return err
		}
	}
	_, err = ew.Close()
	return err
}

// simulateRankedDecryption has the decrypting trustees publish their
// factors of each ranked question's last mix, then publishes the rankings
// and returns each question's ranked result.
func (s *simulation) simulateRankedDecryption(rand func(label string, i uint64) io.Reader, last map[int]*shuffle.Rows, shares []*dkg.KeyShare) (map[int]QuestionResult, error) {
	e := s.e
	results := map[int]QuestionResult{}
	for _, qi := range e.Manifest.rankedQuestions() {
		q, rows := &e.Manifest.Questions[qi], last[qi]
		var set []int
		factors := make([][]byte, len(shares))
		for t, sh := range shares {
			set = append(set, sh.Index)
			d := e.decryptor(qi, sh.Index, rows)
			ew, err := s.w.Begin(EventRankedDecryption, RankedDecryptionPayload{Question: q.ID, Trustee: sh.Index, Rows: rows.Len()}, rows.Len())
			if err != nil {
				return nil, err
			}
			// Rows are decrypted a chunk at a time on every core, each row
			// with its own random stream, and written in order.
			const chunk = 4096
			for lo := 0; lo < rows.Len(); lo += chunk {
				drs := make([]*ranked.DecryptionRow, min(chunk, rows.Len()-lo))
				errs := make([]error, len(drs))
				parallel(s.cfg.Workers, len(drs), func(i int) {
					r := rand("ranked-decrypt", uint64(qi)<<48|uint64(sh.Index)<<32|uint64(lo+i))
					drs[i], errs[i] = d.PartialDecrypt(r, sh.Secret, lo+i)
				})
				if err := errors.Join(errs...); err != nil {
					return nil, err
				}
				for _, dr := range drs {
					for _, f := range dr.Factors {
						factors[t] = append(factors[t], f[:]...)
					}
					if err := ew.Add(dr); err != nil {
						return nil, err
					}
				}
			}
			if _, err := ew.Close(); err != nil {
				return nil, err
			}
		}
		items, err := combineRanked(q, rows, set, factors)
		if err != nil {
			return nil, err
		}
		if qi == 0 {
			s.plain.TieOrder = rankedTieOrder(q, e.Hash)
		}
		r, err := s.writeRankings(q, items, set)
		if err != nil {
			return nil, err
		}
		results[qi] = r
	}
	return results, nil
}

// combineRanked decrypts every row from the factors of the trustees in set
// (factors[t] holds trustee set[t]'s, row by row) and decodes it.
func combineRanked(q *Question, rows *shuffle.Rows, set []int, factors [][]byte) ([]RankingItem, error) {
	lambda := make([]*group.Scalar, len(set))
	for t, j := range set {
		lambda[t] = dkg.Lagrange(set, j)
	}
	w := rows.Width()
	items := make([]RankingItem, rows.Len())
	errs := make([]error, rows.Len())
	parallel(0, (rows.Len()+255)/256, func(c int) {
		for i := c * 256; i < min(rows.Len(), (c+1)*256); i++ {
			fs := make([][]*group.Element, len(set))
			for t := range set {
				for k := range w {
					off := (i*w + k) * group.ElementSize
					f, err := group.NewElement().SetBytes(factors[t][off : off+group.ElementSize])
					if err != nil {
						errs[i] = err
						return
					}
					fs[t] = append(fs[t], f)
				}
			}
			plain, err := ranked.Combine(rows, i, lambda, fs)
			if err != nil {
				errs[i] = err
				return
			}
			items[i] = rankedItem(q, plain)
		}
	})
	return items, errors.Join(errs...)
}

func (s *simulation) writeRankings(q *Question, items []RankingItem, set []int) (QuestionResult, error) {
	tl, err := ranked.NewTally(string(q.Kind), q.Options, q.Seats)
	if err != nil {
		return QuestionResult{}, err
	}
	invalid := 0
	for _, it := range items {
		if it.Invalid != "" {
			invalid++
			tl.AddInvalid()
			continue
		}
		tl.Add(it.Ranks)
	}
	ew, err := s.w.Begin(EventRankings, RankingsPayload{Question: q.ID, Rows: len(items), Invalid: invalid, Decrypted: set}, len(items))
	if err != nil {
		return QuestionResult{}, err
	}
	for i := range items {
		if err := ew.Add(&items[i]); err != nil {
			return QuestionResult{}, err
		}
	}
	if _, err := ew.Close(); err != nil {
		return QuestionResult{}, err
	}
	return rankedResult(q, tl, s.e.Hash)
}

// rankedResult counts a ranked question. Ties the rules leave to lot are
// broken by the order of the options' lots drawn from the election hash
// (see tieOrder), lowest lot first.
func rankedResult(q *Question, tl *ranked.Tally, electionHash Hash) (QuestionResult, error) {
	if tl.Valid == 0 {
		// Nobody is elected on no vote (see decide): the count is not run.
		return emptyRanked(q, tl.Invalid), nil
	}
	rep, err := tl.Count(rankedTieOrder(q, electionHash))
	if err != nil {
		return QuestionResult{}, fmt.Errorf("question %q: count: %w", q.ID, err)
	}
	first := make([]int64, len(q.Options))
	for _, b := range tl.Profile().Ballots {
		if len(b.Ranks) > 0 {
			for _, o := range b.Ranks[0] {
				first[o] += b.Weight
			}
		}
	}
	return QuestionResult{
		ID: q.ID, Options: q.Options, Ballots: tl.Valid, Totals: first,
		Elected: append([]string{}, rep.Elected...), Invalid: tl.Invalid, Report: rep,
	}, nil
}

// rankedTieOrder lists the options from the lowest lot to the highest.
func rankedTieOrder(q *Question, electionHash Hash) []int {
	lot := tieOrder(q, electionHash)
	order := make([]int, len(q.Options))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(lot[a][:], lot[b][:]) })
	return order
}
