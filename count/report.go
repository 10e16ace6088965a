package count

import "encoding/json"

// A Report is the result of a count and how it was reached. Its JSON form is
// what `plenum tally --json` prints.
type Report struct {
	Method     string   `json:"method"`
	Title      string   `json:"title,omitempty"`
	Seats      int      `json:"seats"`
	Candidates []string `json:"candidates"`
	Withdrawn  []string `json:"withdrawn,omitempty"`
	// Valid is the weight of the ballots counted.
	Valid Number `json:"valid"`
	// Elected names the winners in the order they were elected.
	Elected []string `json:"elected"`
	// Ranking is the full order of finish, best first; candidates who tie
	// share a place. For instant-runoff it is the winner, then the
	// candidates in reverse order of elimination.
	Ranking [][]string `json:"ranking"`
	// Quota is the number of votes that elects (for Meek, the final one;
	// each round has its own); nil for methods without one.
	Quota  *Number `json:"quota"`
	Rounds []Round `json:"rounds"`
	// Pairwise and StrongestPaths are the Condorcet methods' matrices:
	// Pairwise[i][j] is the weight of voters preferring candidate i to j,
	// StrongestPaths[i][j] the strength of the strongest path from i to j
	// under the method's measure of a defeat.
	Pairwise       [][]Number `json:"pairwise,omitempty"`
	StrongestPaths [][]Number `json:"strongest_paths,omitempty"`
	// Notes explain anything about the count as a whole: the rule's
	// options, what was done with unusual ballots.
	Notes []string `json:"notes,omitempty"`
}

// A Round is one step of a count. Tally is the state at the start of the
// round; the round then declares Elected those the rules elect on it,
// Eliminated those they exclude, and makes the Transfers that lead to the
// next round's Tally. The last round has no transfers.
type Round struct {
	Round int `json:"round"`
	// Tally holds each candidate still in the count (continuing, or elected
	// and still holding votes) and their votes.
	Tally map[string]Number `json:"tally"`
	// Quota is set when it changes from round to round (Meek).
	Quota *Number `json:"quota,omitempty"`
	// Exhausted is the weight of votes that can no longer count for anyone,
	// cumulative from the first round.
	Exhausted Number `json:"exhausted"`
	// Residual is the weight lost to rounding so far, cumulative, for rules
	// that lose it (the Scottish order counts it as non-transferable).
	Residual *Number `json:"residual,omitempty"`
	// Inactive breaks down, for counts that tell them apart, the ballots
	// no longer counting for anyone by why (overvotes, skipped rankings,
	// no rankings at all...), cumulative.
	Inactive   map[string]Number `json:"inactive,omitempty"`
	Elected    []string          `json:"elected"`
	Eliminated []string          `json:"eliminated"`
	Transfers  []Transfer        `json:"transfers"`
	Ties       []Tie             `json:"ties,omitempty"`
	// Notes say why: who reached the quota, who had fewest votes, whose
	// surplus is transferred.
	Notes []string `json:"notes,omitempty"`
}

// ExhaustedName is the To of a transfer to no one: votes that exhaust.
const ExhaustedName = "exhausted"

// A Transfer moves Votes from one candidate to another (or to
// ExhaustedName) when a surplus is distributed or a candidate eliminated.
type Transfer struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Votes Number `json:"votes"`
}

// A Tie is a choice the rules had to break: among Candidates, Chosen were
// picked For something ("elimination", "election", "surplus order"), by
// the means BrokenBy says ("earlier round", "lot", "candidate order", a
// seeded random draw...).
type Tie struct {
	Candidates []string `json:"candidates"`
	Chosen     []string `json:"chosen"`
	For        string   `json:"for"`
	BrokenBy   string   `json:"broken_by"`
}

// MarshalJSON writes empty lists as [] rather than null, so readers of the
// JSON need not tell the two apart.
func (r Round) MarshalJSON() ([]byte, error) {
	type round Round
	c := round(r)
	c.Elected = nonNil(c.Elected)
	c.Eliminated = nonNil(c.Eliminated)
	if c.Transfers == nil {
		c.Transfers = []Transfer{}
	}
	if c.Tally == nil {
		c.Tally = map[string]Number{}
	}
	return json.Marshal(c)
}

// MarshalJSON writes empty lists as [] rather than null.
func (r Report) MarshalJSON() ([]byte, error) {
	type report Report
	c := report(r)
	c.Elected = nonNil(c.Elected)
	if c.Ranking == nil {
		c.Ranking = [][]string{}
	}
	if c.Rounds == nil {
		c.Rounds = []Round{}
	}
	return json.Marshal(c)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// names maps candidate indexes to their names.
func names(p *Profile, cs []int) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = p.Candidates[c]
	}
	return out
}

// newReport starts a report on p for method.
func newReport(method string, p *Profile) *Report {
	r := &Report{
		Method:     method,
		Title:      p.Title,
		Seats:      p.Seats,
		Candidates: append([]string(nil), p.Candidates...),
		Withdrawn:  names(p, p.Withdrawn),
		Valid:      Int(p.TotalWeight()),
	}
	if len(r.Withdrawn) == 0 {
		r.Withdrawn = nil
	}
	return r
}
