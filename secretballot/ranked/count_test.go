package ranked

import (
	"errors"
	"testing"
)

// TestTallyCounts: A is first on 4 ballots, B on 3, C on 2 whose second
// choice is B. Instant-runoff elects B after C's elimination; A wins no
// pairwise contest against B (4 to 5), so Schulze elects B too.
func TestTallyCounts(t *testing.T) {
	for _, method := range Methods {
		tl, err := NewTally(method, []string{"A", "B", "C"}, 1)
		if err != nil {
			t.Fatal(err)
		}
		for range 4 {
			tl.Add(Ranking{1, 0, 0})
		}
		for range 3 {
			tl.Add(Ranking{0, 1, 2})
		}
		for range 2 {
			tl.Add(Ranking{0, 2, 1})
		}
		if err := tl.Add(Ranking{1, 3, 0}); !errors.Is(err, ErrMalformed) {
			t.Fatalf("%s: skipped rank accepted: %v", method, err)
		}
		tl.AddInvalid()
		if tl.Valid != 9 || tl.Invalid != 2 || len(tl.Profile().Ballots) != 3 {
			t.Fatalf("%s: %d valid, %d invalid, %d distinct", method, tl.Valid, tl.Invalid, len(tl.Profile().Ballots))
		}
		rep, err := tl.Count([]int{0, 1, 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Elected) != 1 || rep.Elected[0] != "B" {
			t.Errorf("%s elects %v, want B", method, rep.Elected)
		}
	}
	if _, err := NewTally("borda", []string{"A"}, 1); err == nil {
		t.Fatal("unknown method accepted")
	}
}

func TestTiesOnlyForSchulze(t *testing.T) {
	for _, method := range Methods {
		tl, _ := NewTally(method, []string{"A", "B"}, 1)
		err := tl.Add(Ranking{1, 1})
		if (err == nil) != AllowsTies(method) {
			t.Errorf("%s: tie gives %v", method, err)
		}
	}
}
