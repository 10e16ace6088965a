package main

import (
	"flag"
	"fmt"
	"math/big"
	"slices"

	"plenum/count"
)

// irvFlags are `plenum tally`'s instant-runoff options, one per option of
// count.IRVOptions, named as RCTab's configuration names them.
type irvFlags struct {
	mode, overvote, tiebreak, undeclared, minimum, percentage string
	maxSkipped, maxRankings, decimals, stopAfter              int
	seed                                                      int64
	duplicate, batch, untilTwo, nonInteger, hare, firstRound  bool
}

var (
	irvModes = map[string]count.IRVMode{
		"single": count.SingleWinner, "multi": count.MultiWinnerMultiplePerRound,
		"one-per-round": count.MultiWinnerOnePerRound, "bottoms-up": count.BottomsUp,
		"bottoms-up-percentage": count.BottomsUpPercentage, "sequential": count.MultiPass,
	}
	irvOvervotes = map[string]count.OvervoteRule{
		"exhaust": count.ExhaustImmediately, "skip": count.AlwaysSkipToNextRank,
		"exhaust-if-multiple": count.ExhaustIfMultipleContinuing,
	}
	irvTiebreaks = map[string]count.TiebreakMode{
		"random": count.TiebreakRandom, "previous-then-random": count.TiebreakPreviousRoundsThenRandom,
		"candidate-order": count.TiebreakCandidateOrder, "permutation": count.TiebreakGeneratePermutation,
	}
)

func (f *irvFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.mode, "irv-mode", "", "irv: single, multi, one-per-round, bottoms-up, bottoms-up-percentage or sequential (default single, or multi with several seats)")
	fs.StringVar(&f.overvote, "overvote", "exhaust", "irv: overvote rule: exhaust, skip or exhaust-if-multiple")
	fs.IntVar(&f.maxSkipped, "max-skipped", -1, "irv: consecutive skipped ranks allowed before a ballot exhausts (-1: unlimited)")
	fs.IntVar(&f.maxRankings, "max-rankings", 0, "irv: ranks that count (0: all)")
	fs.BoolVar(&f.duplicate, "exhaust-on-duplicate", false, "irv: exhaust a ballot that ranks a candidate twice")
	fs.StringVar(&f.minimum, "minimum-votes", "", "irv: eliminate at once candidates below this many votes")
	fs.BoolVar(&f.batch, "batch-elimination", false, "irv: eliminate at once the lowest candidates who cannot overtake the next")
	fs.BoolVar(&f.untilTwo, "continue-until-two", false, "irv: go on until two candidates remain")
	fs.StringVar(&f.undeclared, "undeclared-write-in", "", "irv: the candidate standing for undeclared write-ins")
	fs.StringVar(&f.tiebreak, "tiebreak", "random", "irv: random, previous-then-random, candidate-order or permutation")
	fs.Int64Var(&f.seed, "tiebreak-seed", 0, "irv: seed of RCTab's random tie-breaks")
	fs.IntVar(&f.decimals, "decimals", 4, "irv: decimal places of vote arithmetic")
	fs.BoolVar(&f.nonInteger, "non-integer-threshold", false, "irv: threshold votes/(seats+1) plus one unit of the last place")
	fs.BoolVar(&f.hare, "hare", false, "irv: Hare quota (votes/seats)")
	fs.BoolVar(&f.firstRound, "first-round-threshold", false, "irv: the first round's threshold holds throughout")
	fs.StringVar(&f.percentage, "bottoms-up-percentage", "", "irv: share every remaining candidate must exceed (e.g. 0.15)")
	fs.IntVar(&f.stopAfter, "stop-after-round", 0, "irv: stop after this round (0: never)")
}

// options turns the flags into count.IRVOptions for an election of seats.
func (f *irvFlags) options(seats int) (count.IRVOptions, error) {
	opt := count.IRVOptions{
		MaxSkippedRanks: f.maxSkipped, MaxRankings: f.maxRankings, ExhaustOnDuplicate: f.duplicate,
		BatchElimination: f.batch, ContinueUntilTwo: f.untilTwo, UndeclaredWriteIn: f.undeclared,
		Seed: f.seed, Decimals: f.decimals, NonIntegerThreshold: f.nonInteger, HareQuota: f.hare,
		FirstRoundDeterminesThreshold: f.firstRound, StopAfterRound: f.stopAfter,
	}
	mode := f.mode
	if mode == "" {
		mode = "single"
		if seats > 1 {
			mode = "multi"
		}
	}
	var ok bool
	if opt.Mode, ok = irvModes[mode]; !ok {
		return opt, badChoice("irv-mode", mode, irvModes)
	}
	if opt.Overvote, ok = irvOvervotes[f.overvote]; !ok {
		return opt, badChoice("overvote", f.overvote, irvOvervotes)
	}
	if opt.Tiebreak, ok = irvTiebreaks[f.tiebreak]; !ok {
		return opt, badChoice("tiebreak", f.tiebreak, irvTiebreaks)
	}
	var err error
	if opt.MinimumVoteThreshold, err = ratFlag("minimum-votes", f.minimum); err != nil {
		return opt, err
	}
	opt.BottomsUpPercentage, err = ratFlag("bottoms-up-percentage", f.percentage)
	return opt, err
}

func ratFlag(name, s string) (*big.Rat, error) {
	if s == "" {
		return nil, nil
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || r.Sign() < 0 {
		return nil, usageError{fmt.Sprintf("plenum tally: --%s %q is not a non-negative number", name, s)}
	}
	return r, nil
}

func badChoice[V any](name, got string, choices map[string]V) error {
	keys := make([]string, 0, len(choices))
	for k := range choices {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return usageError{fmt.Sprintf("plenum tally: --%s %q: want one of %v", name, got, keys)}
}
