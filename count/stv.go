package count

import "fmt"

// STVOptions are the choices the single transferable vote rules leave to
// the election.
type STVOptions struct {
	// Places is the number of decimal places of the rule's arithmetic; zero
	// means the rule's own (Scottish 5, WIGM 5, Meek 9).
	Places int
	// TieOrder lists candidates from the one who loses a tie-break to the
	// one who wins it (as BLT's [tie] line does for Droop and stv-rs), used
	// when the rule's own tie-break does not decide. Without it, ties are
	// broken by lot from Seed.
	TieOrder []int
	Seed     uint64
	// Exact makes Meek count in exact rationals instead of fixed point.
	Exact bool
}

// status is where a candidate stands in a count.
type status uint8

const (
	hopeful status = iota
	elected
	excluded
	withdrawn
)

// droopQuota is floor(valid / (seats+1)) + 1 in whole votes, as the Scottish
// order has it.
func droopQuota(valid int64, seats int) int64 { return valid/int64(seats+1) + 1 }

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
