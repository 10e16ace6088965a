package count

import (
	"fmt"
	"slices"
)

// Plurality counts each ballot's first marked rank for the candidate marked
// there and elects the p.Seats (at least one) candidates with most votes. A
// first rank marking several candidates is an overvote and counts for no
// one. Ties for the last seat are reported and broken by lot from seed.
func Plurality(p *Profile, seed uint64) (*Report, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	standing := p.Standing()
	votes := make([]int64, len(p.Candidates))
	var invalid, blank int64
	for b := range p.All() {
		prefs := b.Preferences(standing)
		switch {
		case len(prefs) == 0:
			blank += b.Weight
		case len(prefs[0]) > 1 || overvoted(b):
			invalid += b.Weight
		default:
			votes[prefs[0][0]] += b.Weight
		}
	}
	r := singleRound("plurality", p, votes, max(p.Seats, 1), seed)
	r.Rounds[0].Exhausted = Int(blank + invalid)
	r.Notes = append(r.Notes, fmt.Sprintf("%d blank and %d overvoted ballots count for no one", blank, invalid))
	return r, nil
}

// overvoted reports whether b's first marked rank marks an unknown
// overvote.
func overvoted(b Ballot) bool {
	for _, rank := range b.Ranks {
		if len(rank) > 0 {
			return slices.Contains(rank, Overvote)
		}
	}
	return false
}

// Block counts multi-seat plurality: each ballot is a vote for each of the
// first p.Seats candidates it marks, rank by rank (all of them on a ballot
// marked without ranks), and the p.Seats candidates with most votes win. A
// ballot whose rank would take it past p.Seats marks (an overvote of a
// block ballot) counts for no one.
func Block(p *Profile, seed uint64) (*Report, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if p.Seats < 1 {
		return nil, fmt.Errorf("%w: block voting needs at least one seat", ErrInvalid)
	}
	votes, invalid := approvals(p, p.Seats)
	r := singleRound("block", p, votes, p.Seats, seed)
	r.Rounds[0].Exhausted = Int(invalid)
	r.Notes = append(r.Notes, fmt.Sprintf("ballots marking more than %s count for no one: %d", plural(p.Seats, "candidate", "candidates"), invalid))
	return r, nil
}

// Approval counts each ballot as a vote for every candidate it marks and
// elects the p.Seats (at least one) candidates with most approvals.
func Approval(p *Profile, seed uint64) (*Report, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	votes, _ := approvals(p, 0)
	return singleRound("approval", p, votes, max(p.Seats, 1), seed), nil
}

// approvals counts, for each candidate, the weight of ballots marking them.
// With a limit, a ballot counts for its first limit candidates, rank by
// rank, and for no one (it is returned as invalid) when a rank takes it past
// the limit or it marks an unknown overvote.
func approvals(p *Profile, limit int) (votes []int64, invalid int64) {
	standing := p.Standing()
	votes = make([]int64, len(p.Candidates))
	for b := range p.All() {
		var marked []int
		over := false
		for _, g := range b.Preferences(standing) {
			if limit > 0 && len(marked) == limit {
				break
			}
			if limit > 0 && len(marked)+len(g) > limit {
				over = true
				break
			}
			marked = append(marked, g...)
		}
		if limit > 0 && (over || slices.ContainsFunc(b.Ranks, func(r []int) bool { return slices.Contains(r, Overvote) })) {
			invalid += b.Weight
			continue
		}
		for _, c := range marked {
			votes[c] += b.Weight
		}
	}
	return votes, invalid
}

// singleRound reports a one-round count electing the seats candidates with
// most votes.
func singleRound(method string, p *Profile, votes []int64, seats int, seed uint64) *Report {
	r := newReport(method, p)
	r.Seats = seats
	standing := p.Standing()
	tally := map[string]Number{}
	var cands []int
	for c, s := range standing {
		if s {
			cands = append(cands, c)
			tally[p.Candidates[c]] = Int(votes[c])
		}
	}
	slices.SortStableFunc(cands, func(a, b int) int { return cmpDesc(votes[a], votes[b]) })
	round := Round{Round: 1, Tally: tally}
	for i := 0; i < len(cands); {
		j := i
		for j < len(cands) && votes[cands[j]] == votes[cands[i]] {
			j++
		}
		r.Ranking = append(r.Ranking, names(p, cands[i:j]))
		i = j
	}
	ranked := 0
	ties := newTieBreaker(nil, seed)
	for _, place := range r.Ranking {
		if ranked >= seats {
			break
		}
		if ranked+len(place) <= seats {
			r.Elected = append(r.Elected, place...)
			ranked += len(place)
			continue
		}
		// A tie for the last seats: draw lots among the tied.
		tied := make([]int, len(place))
		for i, n := range place {
			tied[i] = slices.Index(p.Candidates, n)
		}
		var chosen []string
		for ranked < seats {
			c, how := ties.pick(tied, nil, true)
			tied = slices.DeleteFunc(tied, func(x int) bool { return x == c })
			chosen = append(chosen, p.Candidates[c])
			round.Ties = append(round.Ties, Tie{Candidates: place, Chosen: []string{p.Candidates[c]}, For: "election", BrokenBy: how})
			ranked++
		}
		r.Elected = append(r.Elected, chosen...)
	}
	round.Elected = r.Elected
	r.Rounds = []Round{round}
	return r
}
