package ranked

import (
	"fmt"

	"plenum/count"
)

// Methods are the counting methods of a ranked question.
var Methods = []string{"irv", "stv-scottish", "stv-meek", "schulze"}

// CheckMethod reports whether method is one of Methods.
func CheckMethod(method string) error {
	for _, m := range Methods {
		if m == method {
			return nil
		}
	}
	return fmt.Errorf("counting method %q: want irv, stv-scottish, stv-meek or schulze", method)
}

// AllowsTies reports whether a method counts a ranking in which candidates
// share a rank: Schulze does, instant-runoff and STV do not.
func AllowsTies(method string) bool { return method == "schulze" }

// A Tally gathers the decoded rankings of a question into the profile the
// counting engine takes, one ballot per distinct ranking with its weight,
// so that a million rankings of a few candidates take little memory.
type Tally struct {
	method  string
	profile count.Profile
	index   map[string]int
	// Valid and Invalid count the rankings added.
	Valid, Invalid int64
}

// NewTally starts the tally of a question counted by method.
func NewTally(method string, candidates []string, seats int) (*Tally, error) {
	if err := CheckMethod(method); err != nil {
		return nil, err
	}
	return &Tally{
		method:  method,
		profile: count.Profile{Candidates: candidates, Seats: seats},
		index:   map[string]int{},
	}, nil
}

// Add counts one ranking if the method accepts it, and returns the reason
// it is invalid otherwise.
func (t *Tally) Add(r Ranking) error {
	if len(r) != len(t.profile.Candidates) {
		return fmt.Errorf("%w: %d ranks for %d candidates", ErrMalformed, len(r), len(t.profile.Candidates))
	}
	if err := r.Check(AllowsTies(t.method)); err != nil {
		t.Invalid++
		return err
	}
	t.Valid++
	key := string(rankKey(r))
	if i, ok := t.index[key]; ok {
		t.profile.Ballots[i].Weight++
		return nil
	}
	t.index[key] = len(t.profile.Ballots)
	t.profile.Ballots = append(t.profile.Ballots, r.Ballot())
	return nil
}

// AddInvalid counts a ballot that did not decode.
func (t *Tally) AddInvalid() { t.Invalid++ }

func rankKey(r Ranking) []byte {
	b := make([]byte, len(r)*2)
	for i, rank := range r {
		b[2*i], b[2*i+1] = byte(rank), byte(rank>>8)
	}
	return b
}

// Profile returns the profile counted.
func (t *Tally) Profile() *count.Profile { return &t.profile }

// Count runs the method, breaking the ties that the rules leave to lot by
// tieOrder (the candidates from the one who wins a tie to the one who loses
// it), which the election draws so that anyone recounts the same way.
func (t *Tally) Count(tieOrder []int) (*count.Report, error) {
	p := &t.profile
	switch t.method {
	case "irv":
		return count.IRV(p, count.IRVOptions{Tiebreak: count.TiebreakCandidateOrder, Permutation: tieOrder})
	case "stv-scottish":
		return count.ScottishSTV(p, count.STVOptions{TieOrder: tieOrder})
	case "stv-meek":
		return count.Meek(p, count.STVOptions{TieOrder: tieOrder})
	case "schulze":
		return count.Schulze(p, count.CondorcetOptions{})
	}
	return nil, CheckMethod(t.method)
}
