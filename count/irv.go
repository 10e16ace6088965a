package count

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
)

// Instant-runoff voting and its multi-seat variants, with every option of
// RCTab (the Ranked Choice Voting Resource Center's certified tabulator),
// whose arithmetic and order of operations IRV reproduces exactly: the
// rules of US jurisdictions are written as RCTab configurations, and a count
// they can defend is one that agrees with RCTab to the last decimal.

// IRVMode says how many winners a count elects and how.
type IRVMode int

const (
	// SingleWinner elects one candidate by majority of continuing votes.
	SingleWinner IRVMode = iota
	// MultiWinnerMultiplePerRound elects everyone who reaches the quota in
	// a round and transfers their surpluses fractionally (RCTab's STV).
	MultiWinnerMultiplePerRound
	// MultiWinnerOnePerRound is the same but elects only the top candidate
	// in a round, leaving others who reach the quota to later rounds.
	MultiWinnerOnePerRound
	// BottomsUp eliminates until as many candidates remain as seats.
	BottomsUp
	// BottomsUpPercentage eliminates until every remaining candidate has
	// more than BottomsUpPercentage of the continuing votes; seats is 0.
	BottomsUpPercentage
	// MultiPass runs single-winner counts one after another, each winner
	// excluded from the passes that follow (SequentialIRV).
	MultiPass
)

// OvervoteRule says what a rank with several candidates does to a ballot.
type OvervoteRule int

const (
	// ExhaustImmediately exhausts the ballot at an overvote.
	ExhaustImmediately OvervoteRule = iota
	// AlwaysSkipToNextRank passes over the overvoted rank.
	AlwaysSkipToNextRank
	// ExhaustIfMultipleContinuing exhausts the ballot only when two or more
	// of the overvoted candidates are still continuing; with one, the
	// ballot counts for them.
	ExhaustIfMultipleContinuing
)

// TiebreakMode says how a tie for elimination (or for election, where the
// rules elect one of several) is broken.
type TiebreakMode int

const (
	// TiebreakRandom draws with java.util.Random seeded with Seed among the
	// tied candidates sorted by name, as RCTab does.
	TiebreakRandom TiebreakMode = iota
	// TiebreakPreviousRoundsThenRandom looks back through earlier rounds
	// for one that separates the tied candidates, then draws.
	TiebreakPreviousRoundsThenRandom
	// TiebreakCandidateOrder eliminates the tied candidate latest in
	// Permutation (and elects the earliest).
	TiebreakCandidateOrder
	// TiebreakGeneratePermutation shuffles the candidates (sorted by name)
	// with Collections.shuffle and java.util.Random(Seed), then acts as
	// TiebreakCandidateOrder.
	TiebreakGeneratePermutation
	// TiebreakAsk asks the Ask function.
	TiebreakAsk
	// TiebreakPreviousRoundsThenAsk looks back, then asks.
	TiebreakPreviousRoundsThenAsk
)

// IRVOptions are the rules of an instant-runoff count. The zero value is
// single-winner IRV that exhausts at overvotes, allows any number of skipped
// ranks and breaks ties by random draw with seed 0, in whole votes.
type IRVOptions struct {
	Mode     IRVMode
	Overvote OvervoteRule
	// MaxSkippedRanks is how many consecutive skipped ranks a ballot may
	// have before it exhausts; negative means unlimited.
	MaxSkippedRanks int
	// MaxRankings is how many ranks count; ranks beyond are ignored. Zero
	// means all.
	MaxRankings int
	// ExhaustOnDuplicate exhausts a ballot that ranks a candidate again.
	ExhaustOnDuplicate bool
	// MinimumVoteThreshold eliminates, all at once, candidates below it.
	MinimumVoteThreshold *big.Rat
	// BatchElimination eliminates at once all the lowest candidates whose
	// votes together cannot overtake the next one.
	BatchElimination bool
	// ContinueUntilTwo goes on eliminating after a winner is found until
	// two candidates remain (single winner).
	ContinueUntilTwo bool
	// UndeclaredWriteIn names the candidate standing for undeclared
	// write-ins, eliminated first and never elected; "" for none.
	UndeclaredWriteIn string
	Tiebreak          TiebreakMode
	Seed              int64
	// Permutation is the candidate order for TiebreakCandidateOrder and
	// TiebreakGeneratePermutation (indexes into Profile.Candidates; the
	// order of the profile when nil).
	Permutation []int
	// Ask breaks a tie for TiebreakAsk modes: it returns the chosen one of
	// tied, to be elected if winner is true and eliminated otherwise.
	Ask func(round int, tied []string, winner bool) (string, error)
	// Decimals is the number of places of vote arithmetic (0 to 15);
	// surplus fractions and transfers are truncated to it.
	Decimals int
	// NonIntegerThreshold makes the quota votes/(seats+1) + 10^-Decimals
	// rather than floor(votes/(seats+1)) + 1.
	NonIntegerThreshold bool
	// HareQuota makes the quota votes/seats, rounded up.
	HareQuota bool
	// FirstRoundDeterminesThreshold keeps the first round's threshold in a
	// single-winner count instead of recomputing it each round.
	FirstRoundDeterminesThreshold bool
	// BottomsUpPercentage is the share of continuing votes (0.15 for 15%)
	// every remaining candidate must exceed in BottomsUpPercentage mode.
	BottomsUpPercentage *big.Rat
	// StopAfterRound stops the count after that round; 0 means never.
	StopAfterRound int
}

// IRV counts p by instant runoff with opt. For Mode MultiPass it returns
// the first pass; SequentialIRV returns them all.
func IRV(p *Profile, opt IRVOptions) (*Report, error) {
	if opt.Mode == MultiPass {
		reports, err := SequentialIRV(p, opt)
		if err != nil {
			return nil, err
		}
		return reports[0], nil
	}
	if err := checkIRV(p, &opt); err != nil {
		return nil, err
	}
	t, err := newIRVCount(p, opt)
	if err != nil {
		return nil, err
	}
	if err := t.run(); err != nil {
		return nil, err
	}
	return t.report(), nil
}

// SequentialIRV fills p.Seats seats by single-winner passes, each excluding
// the winners of the passes before (RCTab's multi-pass IRV). It returns one
// report per pass.
func SequentialIRV(p *Profile, opt IRVOptions) ([]*Report, error) {
	q := *p
	q.Seats = 1
	q.Withdrawn = append([]int(nil), p.Withdrawn...)
	opt.Mode = SingleWinner
	if err := checkIRV(&q, &opt); err != nil {
		return nil, err
	}
	var reports []*Report
	for len(reports) < max(p.Seats, 1) {
		t, err := newIRVCount(&q, opt)
		if err != nil {
			return nil, err
		}
		if err := t.run(); err != nil {
			return nil, fmt.Errorf("pass %d: %w", len(reports)+1, err)
		}
		if len(t.elected) != 1 {
			return nil, fmt.Errorf("pass %d elected %d candidates, want 1", len(reports)+1, len(t.elected))
		}
		r := t.report()
		r.Method = "irv-sequential"
		r.Seats = p.Seats
		r.Notes = append(r.Notes, fmt.Sprintf("pass %d of %d", len(reports)+1, p.Seats))
		reports = append(reports, r)
		q.Withdrawn = append(q.Withdrawn, t.elected[0])
	}
	return reports, nil
}

// ErrTie is returned when a tie must be broken by an operator and no Ask
// function was given.
var ErrTie = errors.New("tie needs an operator's choice")

func checkIRV(p *Profile, opt *IRVOptions) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if opt.Decimals < 0 || opt.Decimals > 15 {
		return fmt.Errorf("%w: %d decimal places (want 0 to 15)", ErrInvalid, opt.Decimals)
	}
	// Votes are counted in units of 10^-Decimals in 64 bits.
	limit := int64(1) << 62
	for range opt.Decimals {
		limit /= 10
	}
	if p.TotalWeight() > limit {
		return fmt.Errorf("%w: %d votes are too many to count to %d decimal places", ErrInvalid, p.TotalWeight(), opt.Decimals)
	}
	switch opt.Mode {
	case SingleWinner:
		if p.Seats != 1 {
			return fmt.Errorf("%w: single-winner IRV with %d seats", ErrInvalid, p.Seats)
		}
	case BottomsUpPercentage:
		if opt.BottomsUpPercentage == nil || opt.BottomsUpPercentage.Sign() <= 0 {
			return fmt.Errorf("%w: bottoms-up needs a percentage threshold", ErrInvalid)
		}
	default:
		if p.Seats < 1 {
			return fmt.Errorf("%w: %d seats", ErrInvalid, p.Seats)
		}
	}
	uwi := -1
	if opt.UndeclaredWriteIn != "" {
		if uwi = slices.Index(p.Candidates, opt.UndeclaredWriteIn); uwi < 0 {
			return fmt.Errorf("%w: no candidate %q for undeclared write-ins", ErrInvalid, opt.UndeclaredWriteIn)
		}
	}
	for _, c := range opt.Permutation {
		if c < 0 || c >= len(p.Candidates) {
			return fmt.Errorf("%w: tiebreak order names candidate %d out of range", ErrInvalid, c)
		}
	}
	if opt.Permutation == nil {
		for c := range p.Candidates {
			if c != uwi {
				opt.Permutation = append(opt.Permutation, c)
			}
		}
	}
	return nil
}
