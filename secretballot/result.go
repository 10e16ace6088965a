package secretballot

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"slices"

	"plenum/count"
)

// Result is the outcome of an election: for each question, the decrypted
// totals and who is elected. It is the payload of the result event.
type Result struct {
	Questions []QuestionResult `json:"questions"`
}

// QuestionResult is the outcome of one question.
type QuestionResult struct {
	ID      string   `json:"id"`
	Options []string `json:"options"`
	// Ballots is the number of ballots counted; Totals the votes (or
	// approvals) of each option, in the manifest's order.
	Ballots int64   `json:"ballots"`
	Totals  []int64 `json:"totals"`
	// Elected lists the elected options, most votes first.
	Elected []string `json:"elected"`
	// For a ranked question (see mix.go): Ballots counts the valid
	// rankings, Totals their first preferences, Invalid the rows that
	// decrypted to no valid ranking, and Report is the count round by round.
	Invalid int64         `json:"invalid,omitempty"`
	Report  *count.Report `json:"report,omitempty"`
}

// decide computes the result of q from its totals. Options with more votes
// rank first; options with equal votes are ordered by lot, drawn from the
// election hash (see tieOrder), so anyone recomputes the same order. A
// referendum passes ("yes" is elected) only with more yes than no votes.
//
// With no ballot counted nobody is elected: a lot among options that all
// have zero votes would fill the seats with people no one voted for.
func decide(q *Question, ballots int64, totals []int64, electionHash Hash) QuestionResult {
	r := QuestionResult{ID: q.ID, Options: q.Options, Ballots: ballots, Totals: totals, Elected: []string{}}
	if q.Kind == Referendum {
		r.Elected = []string{"no"}
		if totals[0] > totals[1] {
			r.Elected = []string{"yes"}
		}
		return r
	}
	if ballots == 0 {
		return r
	}
	for _, i := range finishOrder(q, totals, electionHash)[:q.Seats] {
		r.Elected = append(r.Elected, q.Options[i])
	}
	return r
}

// finishOrder lists q's option indexes, most votes first, ties by lot.
func finishOrder(q *Question, totals []int64, electionHash Hash) []int {
	lot := tieOrder(q, electionHash)
	order := make([]int, len(totals))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if totals[a] != totals[b] {
			if totals[a] > totals[b] {
				return -1
			}
			return 1
		}
		return bytes.Compare(lot[a][:], lot[b][:])
	})
	return order
}

// tieOrder gives each option of q a lot: SHA-256 of the tag
// "plenum/secretballot/v1/tie", the election hash, the question's id and the
// option's 4-byte big-endian index. Among tied options, the lower lot ranks
// first. Nobody can steer it: the election hash is fixed before voting.
func tieOrder(q *Question, electionHash Hash) [][32]byte {
	lots := make([][32]byte, len(q.Options))
	for i := range lots {
		h := sha256.New()
		h.Write([]byte("plenum/secretballot/v1/tie"))
		h.Write(electionHash[:])
		h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(q.ID))))
		h.Write([]byte(q.ID))
		h.Write(binary.BigEndian.AppendUint32(nil, uint32(i)))
		h.Sum(lots[i][:0])
	}
	return lots
}

// Tallies returns each question's result as a count report, the shape of
// 'plenum tally --json'.
func (r *Result) Tallies(m *Manifest, electionHash Hash) []*count.Report {
	out := make([]*count.Report, len(r.Questions))
	for i := range r.Questions {
		if r.Questions[i].Report != nil { // a ranked question's count
			out[i] = r.Questions[i].Report
			continue
		}
		out[i] = r.Questions[i].report(&m.Questions[i], electionHash)
	}
	return out
}

func (r *QuestionResult) report(q *Question, electionHash Hash) *count.Report {
	rep := &count.Report{
		Method: reportMethod(q), Title: q.Title, Seats: q.Seats,
		Candidates: slices.Clone(q.Options),
		Valid:      count.Int(r.Ballots),
		Elected:    slices.Clone(r.Elected),
	}
	if r.Ballots == 0 {
		return noBallots(rep)
	}
	round := count.Round{Round: 1, Tally: map[string]count.Number{}, Elected: slices.Clone(r.Elected)}
	for i, o := range q.Options {
		round.Tally[o] = count.Int(r.Totals[i])
	}
	order := finishOrder(q, r.Totals, electionHash)
	for k, i := range order {
		if k > 0 && r.Totals[order[k-1]] == r.Totals[i] {
			last := &rep.Ranking[len(rep.Ranking)-1]
			*last = append(*last, q.Options[i])
			continue
		}
		rep.Ranking = append(rep.Ranking, []string{q.Options[i]})
	}
	if q.Kind != Referendum {
		round.Ties = seatTies(q, r.Totals, order)
		rep.Notes = []string{"totals decrypted from the homomorphic sum of the encrypted ballots"}
	}
	rep.Rounds = []count.Round{round}
	return rep
}

// seatTies reports a tie that decides who takes the last seat.
func seatTies(q *Question, totals []int64, order []int) []count.Tie {
	edge := totals[order[q.Seats-1]]
	if totals[order[q.Seats]] != edge {
		return nil
	}
	t := count.Tie{For: "election", BrokenBy: "lot drawn from the election hash"}
	for k, i := range order {
		if totals[i] == edge {
			t.Candidates = append(t.Candidates, q.Options[i])
			if k < q.Seats {
				t.Chosen = append(t.Chosen, q.Options[i])
			}
		}
	}
	return []count.Tie{t}
}

// reportMethod is the method a count report names for q.
func reportMethod(q *Question) string {
	if q.Kind == Plurality && q.Seats > 1 {
		return "block"
	}
	return string(q.Kind)
}

// noBallots completes rep, the count of a question without a valid
// ballot: no rounds, no order of finish, and a note that says why.
func noBallots(rep *count.Report) *count.Report {
	rep.Ranking, rep.Rounds = [][]string{}, []count.Round{}
	rep.Notes = []string{"no valid ballot: every total is zero, and no one is elected"}
	return rep
}

// emptyRanked is the result of ranked question q without a valid
// ranking, of invalid rows that decrypted to none.
func emptyRanked(q *Question, invalid int64) QuestionResult {
	rep := &count.Report{Method: reportMethod(q), Title: q.Title, Seats: q.Seats,
		Candidates: slices.Clone(q.Options), Valid: count.Int(0), Elected: []string{}}
	return QuestionResult{ID: q.ID, Options: q.Options, Totals: make([]int64, len(q.Options)), Elected: []string{},
		Invalid: invalid, Report: noBallots(rep)}
}

// EmptyResult is the result of a vote in which no ballot was counted:
// every total is zero by definition, with nothing to decrypt. Nobody is
// elected (see decide), a referendum is not carried, and a ranked
// question's count has no rounds.
func (e *Election) EmptyResult() *Result {
	r := &Result{}
	for qi := range e.Manifest.Questions {
		q := &e.Manifest.Questions[qi]
		if q.Kind.Ranked() {
			r.Questions = append(r.Questions, emptyRanked(q, 0))
			continue
		}
		r.Questions = append(r.Questions, decide(q, 0, make([]int64, len(q.Options)), e.Hash))
	}
	return r
}
