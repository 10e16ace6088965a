package secretballot

import (
	"fmt"
	"strings"
)

// Kind is the kind of a question, which fixes how its ballots are checked and
// counted.
type Kind string

const (
	// Plurality: choose between Min and Max options (1 and Seats); the Seats
	// options with the most votes are elected.
	Plurality Kind = "plurality"
	// Approval: approve between Min and Max options; the Seats options with
	// the most approvals are elected.
	Approval Kind = "approval"
	// Referendum: exactly one of two options, "yes" and "no"; yes wins with a
	// strict majority of the votes cast.
	Referendum Kind = "referendum"
)

// MaxOptions bounds the options of one question. It keeps ballots and their
// proofs small enough that one cannot be used to exhaust a verifier.
const MaxOptions = 256

// Question is one contest on the ballot.
type Question struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Kind    Kind     `json:"kind"`
	Options []string `json:"options"`
	Min     int      `json:"min"`
	Max     int      `json:"max"`
	Seats   int      `json:"seats"`
}

// Manifest describes an election and its parameters. Its hash (the election
// fingerprint) is bound into every proof and signature of the election.
type Manifest struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Group     string     `json:"group"`
	Trustees  int        `json:"trustees"`
	Threshold int        `json:"threshold"`
	Questions []Question `json:"questions"`
}

// GroupName is the only group plenum's record uses.
const GroupName = "ristretto255"

// Validate reports the first thing wrong with m, naming the field.
func (m *Manifest) Validate() error {
	switch {
	case m.ID == "":
		return fieldErr("id", "empty")
	case m.Group != GroupName:
		return fieldErr("group", fmt.Sprintf("%q, want %q", m.Group, GroupName))
	case m.Trustees < 1 || m.Trustees > 255:
		return fieldErr("trustees", fmt.Sprintf("%d, want 1 to 255", m.Trustees))
	case m.Threshold < 1 || m.Threshold > m.Trustees:
		return fieldErr("threshold", fmt.Sprintf("%d, want 1 to trustees (%d)", m.Threshold, m.Trustees))
	case len(m.Questions) == 0:
		return fieldErr("questions", "none")
	}
	ids := map[string]bool{}
	for i, q := range m.Questions {
		if err := q.validate(); err != nil {
			return within(fmt.Sprintf("questions[%d]", i), err)
		}
		if ids[q.ID] {
			return fieldErr(fmt.Sprintf("questions[%d].id", i), fmt.Sprintf("%q repeated", q.ID))
		}
		ids[q.ID] = true
	}
	return nil
}

func (q *Question) validate() error {
	n := len(q.Options)
	switch {
	case q.ID == "":
		return fieldErr("id", "empty")
	case n < 2 || n > MaxOptions:
		return fieldErr("options", fmt.Sprintf("%d, want 2 to %d", n, MaxOptions))
	case q.Min < 0 || q.Min > q.Max:
		return fieldErr("min", fmt.Sprintf("%d, want 0 to max (%d)", q.Min, q.Max))
	case q.Max < 1 || q.Max > n:
		return fieldErr("max", fmt.Sprintf("%d, want 1 to %d", q.Max, n))
	case q.Seats < 1 || q.Seats >= n:
		return fieldErr("seats", fmt.Sprintf("%d, want 1 to %d", q.Seats, n-1))
	}
	seen := map[string]bool{}
	for i, o := range q.Options {
		if strings.TrimSpace(o) == "" || seen[o] {
			return fieldErr(fmt.Sprintf("options[%d]", i), fmt.Sprintf("%q empty or repeated", o))
		}
		seen[o] = true
	}
	switch q.Kind {
	case Plurality:
		if q.Max > q.Seats {
			return fieldErr("max", fmt.Sprintf("%d, more than seats (%d)", q.Max, q.Seats))
		}
	case Approval:
	case IRV, STVScottish, STVMeek, Schulze:
		return q.validateRanked()
	case Referendum:
		if n != 2 || q.Options[0] != "yes" || q.Options[1] != "no" || q.Min != 1 || q.Max != 1 || q.Seats != 1 {
			return fieldErr("kind", "a referendum has options [yes no], min 1, max 1, seats 1")
		}
	default:
		return fieldErr("kind", fmt.Sprintf("%q, want plurality, approval, referendum, irv, stv-scottish, stv-meek or schulze", q.Kind))
	}
	return nil
}
