package secretballot

import (
	"slices"
	"strconv"
	"strings"

	"plenum/count"
)

// Plaintexts aggregates the plaintext choices of a simulated election's first
// question, so that a counting program can check the decrypted result. Only
// simulations know them: a real election never does.
type Plaintexts struct {
	q      Question
	counts map[string]int64 // key: the chosen option indexes, as "0,3"
	// TieOrder, for a ranked question, lists the options from the one who
	// wins a tie broken by lot to the one who loses it, as the record's
	// count breaks them.
	TieOrder []int
}

func newPlaintexts(q Question) *Plaintexts {
	return &Plaintexts{q: q, counts: map[string]int64{}}
}

func (p *Plaintexts) add(choice []int) {
	parts := make([]string, len(choice))
	for i, c := range choice {
		parts[i] = strconv.Itoa(c)
	}
	p.counts[strings.Join(parts, ",")]++
}

// Totals returns the votes of each option.
func (p *Plaintexts) Totals() []int64 {
	t := make([]int64, len(p.q.Options))
	for k, n := range p.counts {
		for _, i := range parseKey(k) {
			t[i] += n
		}
	}
	return t
}

// Profile returns the ballots for the counting package, identical ballots
// as one weighted ballot. A choice of several options (approval, block
// plurality) is one rank of equal preferences.
func (p *Plaintexts) Profile() count.Profile {
	prof := count.Profile{Title: p.q.Title, Candidates: slices.Clone(p.q.Options), Seats: p.q.Seats}
	keys := make([]string, 0, len(p.counts))
	for k := range p.counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b := count.Ballot{Weight: p.counts[k]}
		switch {
		case k == "":
		case p.q.Kind.Ranked(): // the options in order of preference
			for _, o := range parseKey(k) {
				b.Ranks = append(b.Ranks, []int{o})
			}
		default:
			b.Ranks = [][]int{parseKey(k)}
		}
		prof.Ballots = append(prof.Ballots, b)
	}
	return prof
}

// parseKey returns the option indexes of a key of counts.
func parseKey(k string) []int {
	if k == "" {
		return nil
	}
	var out []int
	for _, s := range strings.Split(k, ",") {
		n, _ := strconv.Atoi(s)
		out = append(out, n)
	}
	return out
}
