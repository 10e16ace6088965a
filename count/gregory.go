package count

import (
	"fmt"
	"slices"
)

// ScottishSTV counts p by the Scottish Local Government Elections Order
// 2007 (SSI 2007/42, schedule 1, rules 45 to 52): the weighted inclusive
// Gregory method with transfer values truncated to five decimal places.
//
// The quota is floor(valid/(seats+1))+1. Candidates at or above it are
// elected; surpluses are transferred largest first, all of an elected
// candidate's papers at the value surplus × paper's value ÷ candidate's
// votes (truncated); when no surplus remains, the candidate with fewest
// votes is excluded and their papers pass on at the value they came at.
// Ties are broken by the votes at the earliest stage where the tied
// candidates differ, then by lot. When as many candidates continue as
// seats remain, they are all elected.
func ScottishSTV(p *Profile, opt STVOptions) (*Report, error) {
	if opt.Places == 0 {
		opt.Places = 5
	}
	return gregory(p, opt, "stv-scottish")
}

// WIGM counts p by the weighted inclusive Gregory method as the
// Proportional Representation Foundation's reference WIGM rule has it (and
// Droop's wigm-prf): the Scottish procedure, but to opt.Places decimal
// places (4 unless given) and with the quota votes ÷ (seats+1), truncated,
// plus one unit of the last place.
func WIGM(p *Profile, opt STVOptions) (*Report, error) {
	if opt.Places == 0 {
		opt.Places = 4
	}
	return gregory(p, opt, "stv-wigm")
}

type paper struct {
	prefs  []int32
	pos    int   // index in prefs of the candidate holding the paper
	weight int64 // identical papers
	value  int64 // fixed-point value of each
}

type gregoryCount struct {
	p       *Profile
	f       Fixed
	quota   int64
	papers  []paper
	piles   [][]int // paper indexes held by each candidate
	votes   []int64
	state   []status
	pending []int // elected candidates whose surplus is still to transfer
	history [][]int64
	ties    *tieBreaker
	rep     *Report
	round   *Round
	exhaust int64
	loss    int64
	nElect  int
}

func gregory(p *Profile, opt STVOptions, method string) (*Report, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if p.Seats < 1 {
		return nil, fmt.Errorf("%w: %s needs at least one seat", ErrInvalid, method)
	}
	g := &gregoryCount{p: p, f: NewFixed(opt.Places), ties: newTieBreaker(opt.TieOrder, opt.Seed)}
	g.rep = newReport(method, p)
	valid := g.setup()
	g.quota = g.f.FromInt(droopQuota(valid, p.Seats))
	if method == "stv-wigm" {
		g.quota = g.f.FromInt(valid)/int64(p.Seats+1) + 1
	}
	q := g.f.Number(g.quota)
	g.rep.Quota = &q
	g.run()
	return g.rep, nil
}

// setup deals each ballot to its first preference and returns the number
// of valid ballots: those that mark a standing candidate first.
func (g *gregoryCount) setup() (valid int64) {
	n := len(g.p.Candidates)
	standing := g.p.Standing()
	g.piles = make([][]int, n)
	g.votes = make([]int64, n)
	g.state = make([]status, n)
	for c, s := range standing {
		if !s {
			g.state[c] = withdrawn
		}
	}
	scan := newPrefScanner(standing)
	for b := range g.p.All() {
		prefs := slices.Clone(scan.strict(b))
		if len(prefs) == 0 {
			continue
		}
		valid += b.Weight
		g.papers = append(g.papers, paper{prefs: prefs, weight: b.Weight, value: g.f.One()})
		i := len(g.papers) - 1
		c := prefs[0]
		g.piles[c] = append(g.piles[c], i)
		g.votes[c] += g.f.FromInt(b.Weight)
	}
	if invalid := g.p.TotalWeight() - valid; invalid > 0 {
		g.rep.Notes = append(g.rep.Notes, fmt.Sprintf("%d ballots mark no standing candidate first (or several) and are not counted", invalid))
	}
	g.rep.Valid = Int(valid)
	return valid
}

func (g *gregoryCount) run() {
	for {
		g.startRound()
		g.electAtQuota()
		if g.nElect < g.p.Seats && g.hopefuls() <= g.p.Seats-g.nElect {
			for c, s := range g.state {
				if s == hopeful {
					g.elect(c, "elected as one of the last continuing candidates for the remaining seats")
				}
			}
		}
		if g.nElect >= g.p.Seats {
			break
		}
		if len(g.pending) > 0 {
			g.transferSurplus()
		} else {
			g.exclude()
		}
	}
	g.finish()
}

func (g *gregoryCount) hopefuls() int {
	n := 0
	for _, s := range g.state {
		if s == hopeful {
			n++
		}
	}
	return n
}

func (g *gregoryCount) startRound() {
	g.history = append(g.history, slices.Clone(g.votes))
	tally := map[string]Number{}
	for c, s := range g.state {
		if s == hopeful || s == elected {
			tally[g.p.Candidates[c]] = g.f.Number(g.votes[c])
		}
	}
	loss := g.f.Number(g.loss)
	g.rep.Rounds = append(g.rep.Rounds, Round{
		Round:     len(g.rep.Rounds) + 1,
		Tally:     tally,
		Exhausted: g.f.Number(g.exhaust),
		Residual:  &loss,
	})
	g.round = &g.rep.Rounds[len(g.rep.Rounds)-1]
}

// electAtQuota elects every continuing candidate at or above the quota,
// most votes first.
func (g *gregoryCount) electAtQuota() {
	for g.nElect < g.p.Seats {
		var reached []int
		for c, s := range g.state {
			if s == hopeful && g.votes[c] >= g.quota {
				reached = append(reached, c)
			}
		}
		if len(reached) == 0 {
			return
		}
		c := g.choose(reached, true, "election")
		g.elect(c, fmt.Sprintf("reached the quota with %s votes", g.f.Number(g.votes[c])))
		if g.votes[c] > g.quota {
			g.pending = append(g.pending, c)
		}
	}
}

func (g *gregoryCount) elect(c int, why string) {
	g.state[c] = elected
	g.nElect++
	name := g.p.Candidates[c]
	g.rep.Elected = append(g.rep.Elected, name)
	g.round.Elected = append(g.round.Elected, name)
	g.round.Notes = append(g.round.Notes, name+" "+why)
}

// choose returns the candidate among cs with the most (high) or fewest
// votes, breaking ties by the rule and recording them.
func (g *gregoryCount) choose(cs []int, high bool, what string) int {
	best := cs[0]
	for _, c := range cs[1:] {
		if (high && g.votes[c] > g.votes[best]) || (!high && g.votes[c] < g.votes[best]) {
			best = c
		}
	}
	var tied []int
	for _, c := range cs {
		if g.votes[c] == g.votes[best] {
			tied = append(tied, c)
		}
	}
	if len(tied) == 1 {
		return best
	}
	c, how := g.ties.pick(tied, g.history, high)
	g.round.Ties = append(g.round.Ties, Tie{Candidates: names(g.p, tied), Chosen: []string{g.p.Candidates[c]}, For: what, BrokenBy: how})
	return c
}

func (g *gregoryCount) transferSurplus() {
	c := g.choose(g.pending, true, "surplus order")
	g.pending = slices.DeleteFunc(g.pending, func(x int) bool { return x == c })
	total := g.votes[c]
	surplus := total - g.quota
	name := g.p.Candidates[c]
	g.round.Notes = append(g.round.Notes, fmt.Sprintf("surplus of %s (%s) transferred", name, g.f.Number(surplus)))
	moved := g.move(c, func(v int64) int64 { return MulDiv(surplus, v, total) })
	g.loss += surplus - moved
	g.votes[c] = g.quota
}

func (g *gregoryCount) exclude() {
	var hs []int
	for c, s := range g.state {
		if s == hopeful {
			hs = append(hs, c)
		}
	}
	c := g.choose(hs, false, "exclusion")
	g.state[c] = excluded
	name := g.p.Candidates[c]
	g.round.Eliminated = append(g.round.Eliminated, name)
	g.round.Notes = append(g.round.Notes, fmt.Sprintf("%s excluded with the fewest votes (%s)", name, g.f.Number(g.votes[c])))
	g.move(c, func(v int64) int64 { return v })
	g.votes[c] = 0
}

// move passes every paper c holds to its next continuing preference at the
// value newValue gives, records the transfers, and returns the total value
// moved (exhausted papers included).
func (g *gregoryCount) move(c int, newValue func(int64) int64) int64 {
	to := make([]int64, len(g.p.Candidates))
	var exhausted, moved int64
	for _, i := range g.piles[c] {
		pp := &g.papers[i]
		pp.value = newValue(pp.value)
		amount := pp.value * pp.weight
		moved += amount
		next := g.nextContinuing(pp)
		if next < 0 {
			exhausted += amount
			continue
		}
		to[next] += amount
		g.piles[next] = append(g.piles[next], i)
	}
	g.piles[c] = nil
	from := g.p.Candidates[c]
	for d, v := range to {
		if v > 0 {
			g.votes[d] += v
			g.round.Transfers = append(g.round.Transfers, Transfer{From: from, To: g.p.Candidates[d], Votes: g.f.Number(v)})
		}
	}
	if exhausted > 0 {
		g.round.Transfers = append(g.round.Transfers, Transfer{From: from, To: ExhaustedName, Votes: g.f.Number(exhausted)})
	}
	g.exhaust += exhausted
	return moved
}

// nextContinuing advances the paper to its next hopeful candidate and
// returns it, or -1 when none is left.
func (g *gregoryCount) nextContinuing(pp *paper) int {
	for pp.pos++; pp.pos < len(pp.prefs); pp.pos++ {
		if c := int(pp.prefs[pp.pos]); g.state[c] == hopeful {
			return c
		}
	}
	return -1
}

// finish writes the order of finish: the elected in order, then the rest
// by when they were excluded, last excluded first.
func (g *gregoryCount) finish() {
	for _, n := range g.rep.Elected {
		g.rep.Ranking = append(g.rep.Ranking, []string{n})
	}
	var rest []string
	for _, r := range g.rep.Rounds {
		rest = append(rest, r.Eliminated...)
	}
	// Candidates neither elected nor excluded (the count stopped) rank
	// above those excluded, by their final votes.
	var open []int
	for c, s := range g.state {
		if s == hopeful {
			open = append(open, c)
		}
	}
	slices.SortStableFunc(open, func(a, b int) int { return cmpDesc(g.votes[a], g.votes[b]) })
	for _, c := range open {
		g.rep.Ranking = append(g.rep.Ranking, []string{g.p.Candidates[c]})
	}
	for i := len(rest) - 1; i >= 0; i-- {
		g.rep.Ranking = append(g.rep.Ranking, []string{rest[i]})
	}
}

func cmpDesc(a, b int64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}
