package rctab

import (
	"math/big"
	"strconv"
	"strings"

	"plenum/count"
)

var (
	winnerModes = map[string]count.IRVMode{
		"singleWinnerMajority":                    count.SingleWinner,
		"multiWinnerAllowMultipleWinnersPerRound": count.MultiWinnerMultiplePerRound,
		"multiWinnerAllowOnlyOneWinnerPerRound":   count.MultiWinnerOnePerRound,
		"bottomsUp":                               count.BottomsUp,
		"bottomsUpUsingPercentageThreshold":       count.BottomsUpPercentage,
		"multiPassIrv":                            count.MultiPass,
	}
	overvoteRules = map[string]count.OvervoteRule{
		"exhaustImmediately":          count.ExhaustImmediately,
		"alwaysSkipToNextRank":        count.AlwaysSkipToNextRank,
		"exhaustIfMultipleContinuing": count.ExhaustIfMultipleContinuing,
	}
	tiebreakModes = map[string]count.TiebreakMode{
		"random":                        count.TiebreakRandom,
		"stopCountingAndAsk":            count.TiebreakAsk,
		"previousRoundCountsThenRandom": count.TiebreakPreviousRoundsThenRandom,
		"previousRoundCountsThenAsk":    count.TiebreakPreviousRoundsThenAsk,
		"useCandidateOrder":             count.TiebreakCandidateOrder,
		"generatePermutation":           count.TiebreakGeneratePermutation,
	}
)

func lookup[T any](field, v string, m map[string]T) (T, error) {
	if x, ok := m[v]; ok {
		return x, nil
	}
	var zero T
	var want []string
	for k := range m {
		want = append(want, k)
	}
	return zero, fieldError(field, "unknown value %q (want one of %s)", v, strings.Join(sorted(want), ", "))
}

// validate checks what can be checked without reading the ballots.
func (c *Config) validate() error {
	if len(c.CVRFileSources) == 0 {
		return fieldError("cvrFileSources", "no cast-vote-record source")
	}
	for i, s := range c.CVRFileSources {
		if strings.TrimSpace(s.FilePath) == "" {
			return fieldError("cvrFileSources["+strconv.Itoa(i)+"].filePath", "missing")
		}
	}
	if len(c.Candidates) == 0 {
		return fieldError("candidates", "no candidates")
	}
	seen := map[string]string{}
	for i, cand := range c.Candidates {
		field := "candidates[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(cand.Name) == "" {
			return fieldError(field+".name", "missing")
		}
		for _, n := range append([]string{cand.Name}, cand.Aliases...) {
			if other, dup := seen[n]; dup {
				return fieldError(field, "name or alias %q also used by %s", n, other)
			}
			seen[n] = field
		}
	}
	_, err := c.options()
	return err
}

// options turns the rules into count options.
func (c *Config) options() (count.IRVOptions, error) {
	r := c.Rules
	opt := count.IRVOptions{UndeclaredWriteIn: c.writeInName()}
	var err error
	if opt.Mode, err = lookup("rules.winnerElectionMode", r.WinnerElectionMode, winnerModes); err != nil {
		return opt, err
	}
	if opt.Overvote, err = lookup("rules.overvoteRule", r.OvervoteRule, overvoteRules); err != nil {
		return opt, err
	}
	if opt.Tiebreak, err = lookup("rules.tiebreakMode", r.TiebreakMode, tiebreakModes); err != nil {
		return opt, err
	}
	switch opt.Tiebreak {
	case count.TiebreakRandom, count.TiebreakPreviousRoundsThenRandom, count.TiebreakGeneratePermutation:
		seed, err := strconv.ParseInt(strings.TrimSpace(string(r.RandomSeed)), 10, 64)
		if err != nil {
			return opt, fieldError("rules.randomSeed", "%q is not an integer (this tiebreak mode needs a seed)", string(r.RandomSeed))
		}
		opt.Seed = seed
	}
	if opt.Decimals, err = intField("rules.decimalPlacesForVoteArithmetic", r.DecimalPlacesForVoteArithmetic, 4); err != nil {
		return opt, err
	}
	if opt.Decimals < 0 || opt.Decimals > 15 {
		return opt, fieldError("rules.decimalPlacesForVoteArithmetic", "%d is not from 0 to 15", opt.Decimals)
	}
	if opt.MaxSkippedRanks, err = optionalCount("rules.maxSkippedRanksAllowed", r.MaxSkippedRanksAllowed, "unlimited", -1); err != nil {
		return opt, err
	}
	if opt.MaxRankings, err = optionalCount("rules.maxRankingsAllowed", r.MaxRankingsAllowed, "max", 0); err != nil {
		return opt, err
	}
	if opt.MinimumVoteThreshold, err = ratField("rules.minimumVoteThreshold", r.MinimumVoteThreshold); err != nil {
		return opt, err
	}
	if opt.StopAfterRound, err = intField("rules.stopTabulationEarlyAfterRound", r.StopTabulationEarlyAfterRound, 0); err != nil {
		return opt, err
	}
	if opt.Mode == count.BottomsUpPercentage {
		pct, err := ratField("rules.multiSeatBottomsUpPercentageThreshold", r.MultiSeatBottomsUpPercentageThreshold)
		if err != nil || pct == nil || pct.Sign() <= 0 || pct.Cmp(big.NewRat(100, 1)) > 0 {
			return opt, fieldError("rules.multiSeatBottomsUpPercentageThreshold", "%q is not a percentage above 0", string(r.MultiSeatBottomsUpPercentageThreshold))
		}
		opt.BottomsUpPercentage = pct.Quo(pct, big.NewRat(100, 1))
	}
	opt.BatchElimination = r.BatchElimination
	opt.ContinueUntilTwo = r.ContinueUntilTwoCandidatesRemain
	opt.ExhaustOnDuplicate = r.ExhaustOnDuplicateCandidate
	opt.NonIntegerThreshold = r.NonIntegerWinningThreshold
	opt.HareQuota = r.HareQuota
	opt.FirstRoundDeterminesThreshold = r.DoesFirstRoundDetermineThreshold
	for i := range c.Candidates {
		opt.Permutation = append(opt.Permutation, i)
	}
	_, err = c.seats()
	return opt, err
}

// seats is the number of winners.
func (c *Config) seats() (int, error) {
	n, err := intField("rules.numberOfWinners", c.Rules.NumberOfWinners, 1)
	if err == nil && n < 0 {
		err = fieldError("rules.numberOfWinners", "%d is negative", n)
	}
	return n, err
}

// optionalCount parses a non-negative integer or the word that means "no
// limit", which gives none.
func optionalCount(field string, v text, word string, none int) (int, error) {
	s := strings.TrimSpace(string(v))
	if s == "" || strings.EqualFold(s, word) {
		return none, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fieldError(field, "%q is neither %q nor a non-negative integer", s, word)
	}
	return n, nil
}

func ratField(field string, v text) (*big.Rat, error) {
	s := strings.TrimSpace(string(v))
	if s == "" {
		return nil, nil
	}
	x, ok := new(big.Rat).SetString(s)
	if !ok || x.Sign() < 0 {
		return nil, fieldError(field, "%q is not a non-negative number", s)
	}
	return x, nil
}

// writeInName is the undeclared write-in candidate's name when any source
// has undeclared write-ins, and "" otherwise.
func (c *Config) writeInName() string {
	for _, s := range c.CVRFileSources {
		if strings.TrimSpace(string(s.UndeclaredWriteInLabel)) != "" || s.TreatBlankAsUndeclaredWriteIn {
			return UndeclaredWriteIns
		}
	}
	if strings.TrimSpace(string(c.Rules.UndeclaredWriteInLabel)) != "" || c.Rules.TreatBlankAsUndeclaredWriteIn {
		return UndeclaredWriteIns
	}
	return ""
}
