package count

import (
	"fmt"
	"math/big"
	"slices"
)

// A ballot's status in a round: active, or why it is inactive (RCTab's
// StatusForRound).
const (
	irvActive uint8 = iota
	irvNoRankings
	irvExhaustedChoices
	irvByOvervote
	irvBySkippedRanks
	irvByRepeatedRanking
	irvFinalRoundSurplus
	irvNumStatuses
)

// irvInactiveNames are the keys of Round.Inactive.
var irvInactiveNames = [irvNumStatuses]string{
	irvNoRankings:        "no_rankings",
	irvExhaustedChoices:  "exhausted_choices",
	irvByOvervote:        "overvotes",
	irvBySkippedRanks:    "skipped_rankings",
	irvByRepeatedRanking: "repeated_rankings",
	irvFinalRoundSurplus: "final_round_surplus",
}

// A candidate's state.
const (
	irvContinuing uint8 = iota
	irvWon
	irvLost
	irvExcluded
)

// Transfer destinations besides candidates.
const (
	irvToExhausted = -1
	irvToResidual  = -2
	irvNobody      = -1
)

type irvMove struct{ from, to int }

// irvRound is the state of one round as RCTab keeps it.
type irvRound struct {
	tally       []int64
	in          []bool // in the tally
	activeVotes int64  // weight of active ballots
	threshold   *big.Rat
	inactive    [irvNumStatuses]int64
	// transfers are those made while computing this round's tally: the
	// effect of the previous round's elections and eliminations.
	transfers  map[irvMove]int64
	elected    []int
	eliminated []int
	ties       []Tie
	notes      []string
}

// irvCount is a count in progress. Ballots are kept in flat arrays; each
// aggregated ballot carries the weight of the identical cast-vote records
// it stands for, and every computation on it is the one RCTab makes on each
// of them.
type irvCount struct {
	p   *Profile
	opt IRVOptions
	fx  Fixed
	uwi int

	ballots *Packed
	weight  []int64 // ballots.weight

	recipient []int32
	status    []uint8
	value     []int64 // transferable value; nil when nothing is ever split

	state     []uint8
	wonRound  []int
	lostRound []int
	elected   []int
	nLost     int
	rounds    []*irvRound
	rnd       *javaRandom
	perm      []int
	// kept is what each winner keeps of their ballots after the surplus
	// fractions are applied.
	kept []int64
}

func newIRVCount(p *Profile, opt IRVOptions) (*irvCount, error) {
	n := len(p.Candidates)
	t := &irvCount{
		p: p, opt: opt, fx: NewFixed(opt.Decimals), uwi: -1,
		state: make([]uint8, n), wonRound: make([]int, n), lostRound: make([]int, n),
		kept: make([]int64, n), perm: opt.Permutation,
	}
	if opt.UndeclaredWriteIn != "" {
		t.uwi = slices.Index(p.Candidates, opt.UndeclaredWriteIn)
	}
	for _, c := range p.Withdrawn {
		t.state[c] = irvExcluded
	}
	var err error
	if t.ballots, err = p.packed(); err != nil {
		return nil, err
	}
	t.weight = t.ballots.weight
	t.recipient = make([]int32, len(t.weight))
	for i := range t.recipient {
		t.recipient[i] = irvNobody
	}
	t.status = make([]uint8, len(t.weight))
	if t.usesSurpluses() {
		t.value = make([]int64, len(t.weight))
		for i := range t.value {
			t.value[i] = t.fx.One()
		}
	}
	if opt.Tiebreak == TiebreakRandom || opt.Tiebreak == TiebreakPreviousRoundsThenRandom ||
		opt.Tiebreak == TiebreakGeneratePermutation {
		t.rnd = newJavaRandom(opt.Seed)
	}
	if opt.Tiebreak == TiebreakGeneratePermutation {
		t.perm = slices.Clone(opt.Permutation)
		slices.SortFunc(t.perm, func(a, b int) int { return javaCompare(p.Candidates[a], p.Candidates[b]) })
		t.rnd.shuffle(len(t.perm), func(i, j int) { t.perm[i], t.perm[j] = t.perm[j], t.perm[i] })
	}
	return t, nil
}

// countedRanks returns the range of ballot i's ranks that count: the first
// MaxRankings.
func (t *irvCount) countedRanks(i int) (lo, hi int) {
	lo, hi = t.ballots.ranks(i)
	if t.opt.MaxRankings > 0 {
		hi = min(hi, lo+t.opt.MaxRankings)
	}
	return lo, hi
}

func (t *irvCount) seats() int { return t.p.Seats }

// usesSurpluses says whether winners' surpluses are transferred.
func (t *irvCount) usesSurpluses() bool {
	return t.p.Seats > 1 && (t.opt.Mode == MultiWinnerMultiplePerRound || t.opt.Mode == MultiWinnerOnePerRound)
}

// numCandidates counts the candidates in the count, undeclared write-ins
// included; numDeclared counts the declared ones, excluded included.
func (t *irvCount) numCandidates() int { return len(t.p.Candidates) - len(t.p.Withdrawn) }

func (t *irvCount) numDeclared() int {
	if t.uwi >= 0 {
		return len(t.p.Candidates) - 1
	}
	return len(t.p.Candidates)
}

func (t *irvCount) isContinuing(c int) bool {
	return t.state[c] == irvContinuing || t.state[c] == irvWon && t.opt.ContinueUntilTwo
}

func (t *irvCount) round() int { return len(t.rounds) }

func (t *irvCount) shouldContinue() bool {
	r := t.round()
	switch {
	case t.opt.StopAfterRound > 0 && r >= t.opt.StopAfterRound:
		return false
	case len(t.elected) == t.numDeclared() && t.seats() > t.numCandidates():
		return false
	case t.opt.ContinueUntilTwo:
		return t.nLost+len(t.elected)+1 < t.numCandidates() || r > 0 && slices.Contains(t.lostRound, r)
	case t.opt.Mode == BottomsUpPercentage:
		return len(t.elected) == 0
	}
	return len(t.elected) < t.seats() || t.usesSurpluses() && r > 0 && slices.Contains(t.wonRound, r)
}

// run counts round by round until the rules say stop.
func (t *irvCount) run() error {
	for t.shouldContinue() {
		r := t.newRound()
		t.rounds = append(t.rounds, r)
		if err := t.allocate(r); err != nil {
			return err
		}
		t.setThreshold(r)
		winners, err := t.identifyWinners(r)
		if err != nil {
			return err
		}
		switch {
		case len(winners) > 0:
			t.elect(r, winners)
		case len(t.elected) < t.seats() ||
			t.opt.ContinueUntilTwo && t.nLost < t.numCandidates()-2 ||
			t.opt.Mode == BottomsUpPercentage:
			losers, err := t.chooseLosers(r)
			if err != nil {
				return err
			}
			for _, c := range losers {
				t.state[c], t.lostRound[c] = irvLost, t.round()
				t.nLost++
			}
			r.eliminated = losers
		}
		if t.seats() > 1 {
			t.updateWinnerTallies(r)
		}
	}
	return nil
}

func (t *irvCount) newRound() *irvRound {
	n := len(t.p.Candidates)
	r := &irvRound{tally: make([]int64, n), in: make([]bool, n), transfers: map[irvMove]int64{}}
	for c := range n {
		r.in[c] = t.isContinuing(c)
	}
	return r
}

// setThreshold sets the votes that elect in round r.
func (t *irvCount) setThreshold(r *irvRound) {
	// A single-winner count recomputes the threshold each round until it
	// has a winner (a count that continues until two remain keeps the
	// winning threshold), unless the first round determines it.
	recompute := t.round() == 1
	if !recompute && t.seats() <= 1 {
		recompute = !t.opt.FirstRoundDeterminesThreshold && len(t.elected) == 0
	}
	if !recompute {
		r.threshold = t.rounds[t.round()-2].threshold
		return
	}
	votes := t.rat(r.activeVotes)
	var th *big.Rat
	if t.opt.Mode == BottomsUpPercentage {
		th = new(big.Rat).Mul(votes, t.opt.BottomsUpPercentage)
	} else {
		divisor := int64(t.seats() + 1)
		if t.opt.HareQuota {
			divisor = int64(t.seats())
		}
		places := 0
		if t.opt.NonIntegerThreshold {
			places = t.opt.Decimals
		}
		fx := NewFixed(places)
		units := MulDiv(r.activeVotes, fx.One(), t.fx.One()*divisor)
		if t.opt.HareQuota {
			units = MulDivUp(r.activeVotes, fx.One(), t.fx.One()*divisor)
		} else {
			units++
		}
		th = new(big.Rat).SetFrac64(units, fx.One())
	}
	if m := t.opt.MinimumVoteThreshold; m != nil && m.Sign() > 0 && m.Cmp(th) > 0 {
		th = m
	}
	r.threshold = th
}

// rat is the exact value of v units of the count's arithmetic.
func (t *irvCount) rat(v int64) *big.Rat { return new(big.Rat).SetFrac64(v, t.fx.One()) }

// elect declares winners in round r and, where surpluses transfer, splits
// each winner's ballots into what the winner keeps and what moves on.
func (t *irvCount) elect(r *irvRound, winners []int) {
	for _, c := range winners {
		t.state[c], t.wonRound[c] = irvWon, t.round()
		t.elected = append(t.elected, c)
	}
	r.elected = winners
	if !t.usesSurpluses() {
		return
	}
	for _, c := range winners {
		votes := r.tally[c]
		var fraction int64
		if extra := new(big.Rat).Sub(t.rat(votes), r.threshold); extra.Sign() > 0 {
			// extra has the count's places: the threshold is never finer.
			fraction = t.fx.Div(irvRatUnits(extra, t.fx), votes)
		}
		r.notes = append(r.notes, fmt.Sprintf("%s elected with surplus fraction %s",
			t.p.Candidates[c], t.fx.Number(fraction)))
		for i, rc := range t.recipient {
			if int(rc) != c || t.status[i] != irvActive {
				continue
			}
			move := t.fx.Mul(t.value[i], fraction)
			t.kept[c] += (t.value[i] - move) * t.weight[i]
			t.value[i] = move
		}
	}
}

// irvRatUnits converts x, which must be a multiple of 10^-places, to units.
func irvRatUnits(x *big.Rat, fx Fixed) int64 {
	v := new(big.Rat).Mul(x, new(big.Rat).SetInt64(fx.One()))
	return new(big.Int).Quo(v.Num(), v.Denom()).Int64()
}

// updateWinnerTallies puts earlier winners into round r's tally: what they
// keep, capped at the threshold, the excess lost as residual surplus.
func (t *irvCount) updateWinnerTallies(r *irvRound) {
	if t.round() == 1 {
		return
	}
	prev := t.rounds[t.round()-2]
	for _, c := range t.elected {
		switch t.wonRound[c] {
		case t.round():
			continue
		case t.round() - 1:
			r.tally[c], r.in[c] = t.kept[c], true
			if !t.usesSurpluses() {
				r.tally[c] = 0
				continue
			}
			residual := new(big.Rat).Sub(t.rat(t.kept[c]), r.threshold)
			if residual.Sign() > 0 {
				res := irvRatUnits(residual, t.fx)
				r.tally[c] -= res
				r.transfers[irvMove{c, irvToResidual}] += res
			}
		default:
			r.tally[c], r.in[c] = prev.tally[c], true
		}
	}
}
