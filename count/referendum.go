package count

import (
	"fmt"
	"math/big"
	"strings"
)

// ReferendumOptions say what a referendum needs to pass.
type ReferendumOptions struct {
	// Electorate is the number of members entitled to vote; with Quorum it
	// sets the turnout a result needs.
	Electorate int64
	// Quorum is the share of the electorate that must cast a ballot (blank
	// ones included) for the result to stand; nil for none.
	Quorum *big.Rat
	// Majority is the share of yes and no votes that yes must exceed; nil
	// means one half (a simple majority). A two-thirds rule is 2/3 and is
	// met by exactly two thirds, so Majority is exceeded, or reached when
	// AtLeast is set.
	Majority *big.Rat
	AtLeast  bool
}

// Referendum counts a yes/no question. The profile's candidates are the two
// answers: the one named "yes" (in any case), else the first, is yes. A
// ballot marking one answer at its first marked rank votes for it; blank
// and overvoted ballots count towards turnout only. The report elects
// "yes" or "no" (by the candidates' own names), or no one when turnout
// falls short of the quorum.
func Referendum(p *Profile, opt ReferendumOptions) (*Report, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if len(p.Candidates) != 2 {
		return nil, fmt.Errorf("%w: a referendum has two answers, yes and no; found %d", ErrInvalid, len(p.Candidates))
	}
	yes := 0
	if strings.EqualFold(p.Candidates[1], "yes") {
		yes = 1
	}
	no := 1 - yes
	q := *p
	q.Withdrawn, q.Seats = nil, 1
	rep, err := Plurality(&q, 0)
	if err != nil {
		return nil, err
	}
	rep.Method = "referendum"
	rep.Elected, rep.Rounds[0].Elected, rep.Rounds[0].Ties = nil, nil, nil
	y := rep.Rounds[0].Tally[p.Candidates[yes]].Rat()
	n := rep.Rounds[0].Tally[p.Candidates[no]].Rat()
	turnout := p.TotalWeight()

	if opt.Quorum != nil {
		need := new(big.Rat).Mul(opt.Quorum, new(big.Rat).SetInt64(opt.Electorate))
		if new(big.Rat).SetInt64(turnout).Cmp(need) < 0 {
			rep.Notes = append(rep.Notes, fmt.Sprintf("turnout %d of %d is below the quorum of %s: no result", turnout, opt.Electorate, opt.Quorum.RatString()))
			return rep, nil
		}
		rep.Notes = append(rep.Notes, fmt.Sprintf("turnout %d of %d meets the quorum of %s", turnout, opt.Electorate, opt.Quorum.RatString()))
	}
	maj := opt.Majority
	if maj == nil {
		maj = big.NewRat(1, 2)
	}
	decided := new(big.Rat).Add(y, n)
	need := new(big.Rat).Mul(maj, decided)
	cmp := y.Cmp(need)
	pass := cmp > 0 || (cmp == 0 && opt.AtLeast)
	rule := "more than " + maj.RatString()
	if opt.AtLeast {
		rule = "at least " + maj.RatString()
	}
	winner, loser := p.Candidates[no], p.Candidates[yes]
	if pass && decided.Sign() > 0 {
		winner, loser = loser, winner
	}
	rep.Elected = []string{winner}
	rep.Rounds[0].Elected = rep.Elected
	rep.Ranking = [][]string{{winner}, {loser}}
	rep.Notes = append(rep.Notes, fmt.Sprintf("%s needs %s of the %s yes and no votes: %s", p.Candidates[yes], rule, decided.RatString(), winner))
	return rep, nil
}
