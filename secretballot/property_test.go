package secretballot

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"plenum/crypto/dkg"
	"plenum/crypto/group"
)

// The homomorphic tally of random elections equals the plaintext tally.
func TestTallyEqualsPlaintextTally(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	methods := []Kind{Plurality, Approval, Referendum}
	for i := range 6 {
		c := SimulateConfig{
			Voters: 1 + r.IntN(25), Candidates: 2 + r.IntN(5), Method: methods[i%3],
			Trustees: 1 + r.IntN(4), Seed: fmt.Appendf(nil, "property %d", i),
		}
		c.Threshold = 1 + r.IntN(c.Trustees)
		c.Seats = 1 + r.IntN(c.Candidates-1)
		c.Audits, c.Revotes = r.IntN(3), r.IntN(3)
		t.Run(fmt.Sprintf("%d-%s", i, c.Method), func(t *testing.T) {
			dir, sim := simulate(t, c)
			rep, err := Verify(os.DirFS(dir), VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			want, got := sim.Plaintexts.Totals(), rep.Result.Questions[0].Totals
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("decrypted totals %v, plaintext totals %v", got, want)
			}
		})
	}
}

// Any t of the n trustees decrypt the same totals; t-1 of them do not.
func TestAnyThresholdOfTrusteesDecrypts(t *testing.T) {
	c := SimulateConfig{Voters: 12, Candidates: 3, Method: Approval, Seats: 1, Trustees: 4, Threshold: 3, Seed: []byte("any t of n")}
	dir, sim := simulate(t, c)
	e, tally := readElection(t, dir)
	want := fmt.Sprint(sim.Result.Questions[0].Totals)
	subsets := 0
	for mask := range 1 << len(sim.Shares) {
		var pds []*PartialDecryption
		var set []int
		for i, sh := range sim.Shares {
			if mask&(1<<i) != 0 {
				pd, err := e.PartiallyDecrypt(rand.NewChaCha8([32]byte{byte(mask)}), sh, tally)
				if err != nil {
					t.Fatal(err)
				}
				pds, set = append(pds, pd), append(set, sh.Index)
			}
		}
		switch {
		case len(pds) == c.Threshold:
			subsets++
			totals, err := e.Combine(tally, pds, c.Voters)
			if err != nil || fmt.Sprint(totals[0]) != want {
				t.Errorf("trustees %v decrypt %v (%v), want %v", set, totals, err, want)
			}
		case len(pds) == c.Threshold-1:
			if _, err := e.Combine(tally, pds, c.Voters); err == nil {
				t.Errorf("trustees %v, fewer than the threshold, decrypted", set)
			}
			// Interpolating their factors anyway gives nothing useful.
			ct := tally.Questions[0][0]
			f := group.NewElement()
			for k, pd := range pds {
				f.Add(f, new(group.Element).ScalarMult(dkg.Lagrange(set, set[k]), pd.Questions[0][0].Factor))
			}
			m := new(group.Element).Subtract(&ct.B, f)
			if m.Equal(new(group.Element).ScalarBaseMult(group.NewScalarUint64(uint64(sim.Result.Questions[0].Totals[0])))) {
				t.Errorf("trustees %v, fewer than the threshold, found a total", set)
			}
		}
	}
	if subsets != 4 {
		t.Errorf("%d subsets of 3 of 4 trustees tried", subsets)
	}
}

// readElection reads the election and its tally from a valid record.
func readElection(t testing.TB, dir string) (*Election, *Tally) {
	t.Helper()
	v := newVerifier(1, nil)
	files, _ := listEvents(os.DirFS(dir))
	hashes, _ := checkChain(os.DirFS(dir), files, nil)
	v.fingerprint = hashes[0]
	prev := ""
	for _, f := range files {
		if err := v.event(os.DirFS(dir), f, prev); err != nil {
			t.Fatal(err)
		}
		prev = f.typ
	}
	return v.election, v.tally
}
