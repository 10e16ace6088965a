package count

import "fmt"

// allocate computes round r's tally: every ballot stays with its continuing
// candidate, moves to its next continuing choice, or becomes inactive, in
// the order and by the tests RCTab applies.
func (t *irvCount) allocate(r *irvRound) error {
	one := t.fx.One()
	allFilled := t.usesSurpluses() && len(t.elected) == t.seats()
	for i := range t.weight {
		w, v := t.weight[i], one
		if t.value != nil {
			v = t.value[i]
		}
		if t.status[i] != irvActive {
			r.inactive[t.status[i]] += v * w
			continue
		}
		if rc := t.recipient[i]; rc != irvNobody && t.isContinuing(int(rc)) {
			r.tally[rc] += v * w
			r.activeVotes += v * w
			continue
		}
		lo, hi := t.countedRanks(i)
		for hi > lo && len(t.ballots.marksOf(hi-1)) == 0 {
			hi--
		}
		if hi == lo {
			t.settle(r, i, v, irvNobody, irvNoRankings)
			continue
		}
		if err := t.allocateBallot(r, i, v, lo, hi, allFilled); err != nil {
			return err
		}
	}
	return nil
}

// allocateBallot finds ballot i's next continuing choice among its ranks
// lo to hi-1 (the last one marked).
func (t *irvCount) allocateBallot(r *irvRound, i int, v int64, lo, hi int, allFilled bool) error {
	last := hi - lo
	lastSeen := 0
	var seen []int32
	for j := lo; j < hi; j++ {
		marks := t.ballots.marksOf(j)
		if len(marks) == 0 {
			continue
		}
		no := j - lo + 1
		if allFilled {
			t.settle(r, i, v, irvNobody, irvFinalRoundSurplus)
			return nil
		}
		if t.opt.MaxSkippedRanks >= 0 && no-lastSeen > t.opt.MaxSkippedRanks+1 {
			t.settle(r, i, v, irvNobody, irvBySkippedRanks)
			return nil
		}
		lastSeen = no
		if t.opt.ExhaustOnDuplicate {
			dup := false
			for _, c := range marks {
				for _, s := range seen {
					dup = dup || s == c
				}
				if dup {
					break
				}
				seen = append(seen, c)
			}
			if dup {
				t.settle(r, i, v, irvNobody, irvByRepeatedRanking)
				return nil
			}
		}
		decision := irvOvervoteNone
		if len(marks) > 1 || marks[0] == Overvote {
			var err error
			if decision, err = t.overvoteDecision(marks); err != nil {
				return fmt.Errorf("ballot %d, rank %d: %w", i+1, no, err)
			}
		}
		switch decision {
		case irvOvervoteExhaust:
			t.settle(r, i, v, irvNobody, irvByOvervote)
			return nil
		case irvOvervoteSkip:
			if no == last {
				t.settle(r, i, v, irvNobody, irvExhaustedChoices)
			}
			continue
		}
		for _, c := range marks {
			if c != Overvote && t.isContinuing(int(c)) {
				t.settle(r, i, v, int(c), irvActive)
				r.tally[c] += v * t.weight[i]
				r.activeVotes += v * t.weight[i]
				return nil
			}
		}
		if no == last {
			t.settle(r, i, v, irvNobody, irvExhaustedChoices)
		}
	}
	return nil
}

const (
	irvOvervoteNone = iota
	irvOvervoteExhaust
	irvOvervoteSkip
)

func (t *irvCount) overvoteDecision(marks []int32) (int, error) {
	rule := t.opt.Overvote
	for _, c := range marks {
		if c != Overvote {
			continue
		}
		if len(marks) != 1 {
			return 0, fmt.Errorf("an overvote mark with candidates at the same rank")
		}
		switch rule {
		case ExhaustImmediately:
			return irvOvervoteExhaust, nil
		case AlwaysSkipToNextRank:
			return irvOvervoteSkip, nil
		}
		return 0, fmt.Errorf("an overvote mark needs the overvote rule exhaust immediately or always skip")
	}
	switch {
	case len(marks) <= 1:
		return irvOvervoteNone, nil
	case rule == ExhaustImmediately:
		return irvOvervoteExhaust, nil
	case rule == AlwaysSkipToNextRank:
		return irvOvervoteSkip, nil
	}
	n := 0
	for _, c := range marks {
		if t.isContinuing(int(c)) {
			n++
		}
	}
	if n >= 2 {
		return irvOvervoteExhaust, nil
	}
	return irvOvervoteNone, nil
}

// settle gives ballot i (of transferable value v) to candidate to, or makes
// it inactive with status st, recording the transfer from its last holder.
func (t *irvCount) settle(r *irvRound, i int, v int64, to int, st uint8) {
	w := t.weight[i]
	if from := t.recipient[i]; from != irvNobody && v > 0 {
		dest := to
		if to == irvNobody {
			dest = irvToExhausted
		}
		r.transfers[irvMove{int(from), dest}] += v * w
	}
	t.recipient[i] = int32(to)
	if st != irvActive {
		t.status[i] = st
		r.inactive[st] += v * w
	}
}
