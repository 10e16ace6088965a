package secretballot

import (
	"fmt"
	"io"
	"math/rand/v2"

	"plenum/crypto/group"
	"plenum/crypto/proof"
	"plenum/secretballot/ranked"
)

// Ranked questions. The voter ranks the options; the answer is the ranking
// packed into group elements and encrypted, with proofs of knowledge of the
// randomness (package ranked). Ranked answers are not summed: after voting,
// every trustee mixes the counted answers in turn, a threshold of trustees
// decrypts the last mix, and the rankings are counted by the method the kind
// names (see mix.go).
const (
	IRV         Kind = "irv"
	STVScottish Kind = "stv-scottish"
	STVMeek     Kind = "stv-meek"
	Schulze     Kind = "schulze"
)

// Ranked reports whether questions of kind k are ranked.
func (k Kind) Ranked() bool { return ranked.CheckMethod(string(k)) == nil }

// validateRanked checks a ranked question: Min and Max bound the number of
// options a ranking ranks (checked after decryption; a ranking outside them
// is counted as invalid), and instant-runoff has one seat.
func (q *Question) validateRanked() error {
	n := len(q.Options)
	switch {
	case q.Min < 1 || q.Min > q.Max:
		return fieldErr("min", fmt.Sprintf("%d, want 1 to max (%d)", q.Min, q.Max))
	case q.Max > n:
		return fieldErr("max", fmt.Sprintf("%d, want at most %d", q.Max, n))
	case q.Kind == IRV && q.Seats != 1:
		return fieldErr("seats", fmt.Sprintf("%d, instant-runoff fills one seat", q.Seats))
	}
	return nil
}

// checkRanked reports whether c, the option indexes from the first
// preference down, is a valid ranking on q.
func (c Choice) checkRanked(q *Question) error {
	if len(c) < q.Min || len(c) > q.Max {
		return fmt.Errorf("question %q: %d options ranked, want %d to %d", q.ID, len(c), q.Min, q.Max)
	}
	seen := make([]bool, len(q.Options))
	for _, o := range c {
		if o < 0 || o >= len(q.Options) || seen[o] {
			return fmt.Errorf("question %q: ranking %v is not distinct option indexes", q.ID, []int(c))
		}
		seen[o] = true
	}
	return nil
}

// ranking returns c as a rank per option.
func (c Choice) ranking(q *Question) ranked.Ranking {
	r := make(ranked.Ranking, len(q.Options))
	for i, o := range c {
		r[o] = i + 1
	}
	return r
}

// choiceOf returns the choice a valid ranking stands for, if it has no ties.
func choiceOf(r ranked.Ranking) Choice {
	var c Choice
	for rank := 1; ; rank++ {
		n := len(c)
		for o, x := range r {
			if x == rank {
				c = append(c, o)
			}
		}
		if len(c) == n {
			return c
		}
	}
}

// randomRanking draws a ranking of Min to Max options, each drawn in turn
// with weight 1/(i+1) among those left, so that simulated elections have
// clear front-runners and the transfers of a real count.
func randomRanking(q *Question, r *rand.Rand) Choice {
	k := q.Min + r.IntN(q.Max-q.Min+1)
	left := make([]int, len(q.Options))
	for i := range left {
		left[i] = i
	}
	c := make(Choice, 0, k)
	for range k {
		total := 0.0
		for _, o := range left {
			total += 1 / float64(o+1)
		}
		x, j := r.Float64()*total, 0
		for ; j < len(left)-1 && x >= 1/float64(left[j]+1); j++ {
			x -= 1 / float64(left[j]+1)
		}
		c = append(c, left[j])
		left = append(left[:j], left[j+1:]...)
	}
	return c
}

// rankedBinding binds the proofs of a ranked answer to the election, the
// credential and the question (column and ciphertext are added by package
// ranked).
func rankedBinding(electionHash Hash, cred PublicCredential, question int) proof.Binding {
	return binding(electionHash, cred, question, 0)
}

// encryptRanked encrypts a ranked answer; the opening's marks are the
// ranks per option and its randomness one scalar per ciphertext.
func (e *Election) encryptRanked(rand io.Reader, cred PublicCredential, qi int, c Choice) (Answer, []uint64, []*group.Scalar, error) {
	q := &e.Manifest.Questions[qi]
	rk := c.ranking(q)
	enc, rs, err := ranked.Encrypt(rand, e.pk, rankedBinding(e.Hash, cred, qi), rk)
	if err != nil {
		return Answer{}, nil, nil, err
	}
	marks := make([]uint64, len(rk))
	for i, x := range rk {
		marks[i] = uint64(x)
	}
	return Answer{Ranking: enc}, marks, rs, nil
}

// checkRankedOpening checks the opening of a ranked answer: the marks are a
// valid ranking, and encrypting it with the randomness gives the ballot's
// ciphertexts.
func (e *Election) checkRankedOpening(a *Answer, qi int, marks []uint64, rs []*group.Scalar) (Choice, error) {
	q := &e.Manifest.Questions[qi]
	rk := make(ranked.Ranking, len(marks))
	for i, m := range marks {
		if m > uint64(len(q.Options)) {
			return nil, errorf(fmt.Sprintf("marks[%d][%d]", qi, i), "rank %d of %d options", m, len(q.Options))
		}
		rk[i] = int(m)
	}
	if len(rk) != len(q.Options) || rk.Check(false) != nil {
		return nil, errorf(fmt.Sprintf("marks[%d]", qi), "not a ranking of the %d options", len(q.Options))
	}
	if err := a.Ranking.Opens(e.pk, rk, rs); err != nil {
		return nil, errorf(fmt.Sprintf("randomness[%d]", qi), "%v", err)
	}
	c := choiceOf(rk)
	if err := c.checkRanked(q); err != nil {
		return nil, errorf(fmt.Sprintf("marks[%d]", qi), "%v", err)
	}
	return c, nil
}
