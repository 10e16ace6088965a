package secretballot

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// simulate runs a small simulated election into a temporary directory.
func simulate(t testing.TB, c SimulateConfig) (string, *Simulation) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "record")
	sim, err := Simulate(context.Background(), dir, c)
	if err != nil {
		t.Fatal(err)
	}
	return dir, sim
}

func TestSimulateThenVerify(t *testing.T) {
	for _, c := range []SimulateConfig{
		{Voters: 40, Candidates: 4, Method: Plurality, Seats: 1, Trustees: 3, Threshold: 2, Audits: 3, Revotes: 2},
		{Voters: 30, Candidates: 5, Method: Plurality, Seats: 2, Trustees: 3, Threshold: 3, Audits: 1},
		{Voters: 30, Candidates: 4, Method: Approval, Seats: 2, Trustees: 2, Threshold: 1, Revotes: 1},
		{Voters: 25, Method: Referendum, Trustees: 1, Threshold: 1, Audits: 2},
	} {
		c.Seed = []byte("simulate then verify")
		t.Run(string(c.Method), func(t *testing.T) {
			dir, sim := simulate(t, c)
			rep, err := Verify(os.DirFS(dir), VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Head != sim.Head || rep.Counted != c.Voters || rep.Ballots != c.Voters+c.Revotes || rep.Audited != c.Audits {
				t.Errorf("report %+v", rep)
			}
			// The decrypted totals are the plaintext totals.
			want := sim.Plaintexts.Totals()
			got := rep.Result.Questions[0].Totals
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("totals %v, plaintexts give %v", got, want)
				}
			}
		})
	}
}
