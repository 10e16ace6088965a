package count

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
)

var irvMethods = map[IRVMode]string{
	SingleWinner:                "irv",
	MultiWinnerMultiplePerRound: "irv-multi-winner",
	MultiWinnerOnePerRound:      "irv-one-winner-per-round",
	BottomsUp:                   "irv-bottoms-up",
	BottomsUpPercentage:         "irv-bottoms-up-percentage",
}

// report writes the finished count as a Report.
func (t *irvCount) report() *Report {
	rep := newReport(irvMethods[t.opt.Mode], t.p)
	rep.Elected = names(t.p, t.elected)
	rep.Ranking = t.ranking()
	var prevQuota *big.Rat
	var exhausted, residual int64
	for k, r := range t.rounds {
		round := Round{
			Round:      k + 1,
			Tally:      map[string]Number{},
			Elected:    names(t.p, r.elected),
			Eliminated: names(t.p, r.eliminated),
			Ties:       r.ties,
			Notes:      r.notes,
		}
		for c, in := range r.in {
			if in {
				round.Tally[t.p.Candidates[c]] = t.fx.Number(r.tally[c])
			}
		}
		if prevQuota == nil || prevQuota.Cmp(r.threshold) != 0 {
			q := t.quota(r.threshold)
			round.Quota = &q
			prevQuota = r.threshold
		}
		exhausted = r.inactive[irvExhaustedChoices] + r.inactive[irvByOvervote] +
			r.inactive[irvBySkippedRanks] + r.inactive[irvByRepeatedRanking]
		round.Exhausted = t.fx.Number(exhausted)
		round.Inactive = map[string]Number{}
		for st := irvNoRankings; st < irvNumStatuses; st++ {
			if r.inactive[st] != 0 || st != irvFinalRoundSurplus {
				round.Inactive[irvInactiveNames[st]] = t.fx.Number(r.inactive[st])
			}
		}
		residual += r.transfersTo(irvToResidual)
		if residual != 0 {
			res := t.fx.Number(residual)
			round.Residual = &res
		}
		if k+1 < len(t.rounds) {
			round.Transfers = t.transfers(t.rounds[k+1])
		}
		rep.Rounds = append(rep.Rounds, round)
	}
	if n := len(t.rounds); n > 0 {
		q := t.quota(t.rounds[n-1].threshold)
		rep.Quota = &q
	}
	rep.Notes = append(rep.Notes, t.describe()...)
	return rep
}

// quota prints a threshold to the count's places when it has no more.
func (t *irvCount) quota(th *big.Rat) Number {
	scaled := new(big.Rat).Mul(th, new(big.Rat).SetInt64(t.fx.One()))
	if scaled.IsInt() {
		return Rat(th, t.fx.Places)
	}
	return Rat(th, Exact)
}

func (r *irvRound) transfersTo(to int) int64 {
	var sum int64
	for m, v := range r.transfers {
		if m.to == to {
			sum += v
		}
	}
	return sum
}

// transfers lists the moves made on the way to round next, by giver and
// then by receiver in candidate order, exhausted last.
func (t *irvCount) transfers(next *irvRound) []Transfer {
	moves := make([]irvMove, 0, len(next.transfers))
	for m := range next.transfers {
		if m.to != irvToResidual {
			moves = append(moves, m)
		}
	}
	slices.SortFunc(moves, func(a, b irvMove) int {
		if c := cmp.Compare(a.from, b.from); c != 0 {
			return c
		}
		return cmp.Compare(uint(a.to), uint(b.to)) // exhausted (-1) sorts last
	})
	out := make([]Transfer, len(moves))
	for i, m := range moves {
		to := ExhaustedName
		if m.to >= 0 {
			to = t.p.Candidates[m.to]
		}
		out[i] = Transfer{From: t.p.Candidates[m.from], To: to, Votes: t.fx.Number(next.transfers[m])}
	}
	return out
}

// ranking is the order of finish: the elected in order, those still
// standing at the end by their last votes, then the eliminated, latest
// first; candidates eliminated together with equal votes share a place.
func (t *irvCount) ranking() [][]string {
	var out [][]string
	for _, c := range t.elected {
		out = append(out, []string{t.p.Candidates[c]})
	}
	if len(t.rounds) == 0 {
		return out
	}
	last := t.rounds[len(t.rounds)-1]
	var standing []int
	for c, st := range t.state {
		if st == irvContinuing {
			standing = append(standing, c)
		}
	}
	out = append(out, t.places(last, standing)...)
	for k := len(t.rounds) - 1; k >= 0; k-- {
		out = append(out, t.places(t.rounds[k], t.rounds[k].eliminated)...)
	}
	return out
}

// places groups cs by their votes in r, most first.
func (t *irvCount) places(r *irvRound, cs []int) [][]string {
	groups := irvGroupByVotes(r, cs)
	slices.Reverse(groups)
	out := make([][]string, len(groups))
	for i, g := range groups {
		out[i] = names(t.p, g)
	}
	return out
}

// describe states the rules in force.
func (t *irvCount) describe() []string {
	o := t.opt
	notes := []string{
		fmt.Sprintf("overvote rule: %s", [...]string{"exhaust immediately", "always skip to next rank", "exhaust if multiple irvContinuing"}[o.Overvote]),
		fmt.Sprintf("vote arithmetic to %d decimal places, truncated", o.Decimals),
	}
	if o.MaxSkippedRanks >= 0 {
		notes = append(notes, fmt.Sprintf("a ballot exhausts after more than %d consecutive skipped ranks", o.MaxSkippedRanks))
	}
	if o.MaxRankings > 0 {
		notes = append(notes, fmt.Sprintf("only the first %d ranks count", o.MaxRankings))
	}
	if o.ExhaustOnDuplicate {
		notes = append(notes, "a ballot that ranks a candidate twice exhausts")
	}
	if o.BatchElimination {
		notes = append(notes, "batch elimination")
	}
	if o.ContinueUntilTwo {
		notes = append(notes, "the count continues until two candidates remain")
	}
	return notes
}
