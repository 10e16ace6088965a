package secretballot

import (
	"os"
	"slices"
	"testing"

	"plenum/count"
)

// TestRankedSimulateThenVerify runs ranked elections through the whole
// protocol, mixes included, verifies the record, and checks the result
// against a count of the simulation's plaintext rankings.
func TestRankedSimulateThenVerify(t *testing.T) {
	for _, c := range []SimulateConfig{
		{Voters: 30, Candidates: 4, Method: IRV, Seats: 1, Trustees: 3, Threshold: 2, Audits: 2, Revotes: 2},
		{Voters: 25, Candidates: 5, Method: STVScottish, Seats: 2, Trustees: 2, Threshold: 2},
		{Voters: 20, Candidates: 4, Method: STVMeek, Seats: 2, Trustees: 1, Threshold: 1, Audits: 1},
		{Voters: 20, Candidates: 3, Method: Schulze, Seats: 1, Trustees: 3, Threshold: 3},
	} {
		c.Seed = []byte("ranked")
		t.Run(string(c.Method), func(t *testing.T) {
			dir, sim := simulate(t, c)
			rep, err := Verify(os.DirFS(dir), VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Head != sim.Head || rep.Counted != c.Voters || rep.Audited != c.Audits {
				t.Errorf("report %+v", rep)
			}
			got := rep.Result.Questions[0]
			if got.Ballots != int64(c.Voters) || got.Invalid != 0 || got.Report == nil {
				t.Fatalf("result %+v", got)
			}
			prof := sim.Plaintexts.Profile()
			q := &rep.Manifest.Questions[0]
			tieOrder := rankedTieOrder(q, rep.ElectionHash)
			var want *count.Report
			switch c.Method {
			case IRV:
				want, err = count.IRV(&prof, count.IRVOptions{Tiebreak: count.TiebreakCandidateOrder, Permutation: tieOrder})
			case STVScottish:
				want, err = count.ScottishSTV(&prof, count.STVOptions{TieOrder: tieOrder})
			case STVMeek:
				want, err = count.Meek(&prof, count.STVOptions{TieOrder: tieOrder})
			case Schulze:
				want, err = count.Schulze(&prof, count.CondorcetOptions{})
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Elected, want.Elected) {
				t.Fatalf("the record elects %v, the plaintexts %v", got.Elected, want.Elected)
			}
		})
	}
}
