package count

import (
	"encoding/json"
	"math/big"
	"testing"
)

func TestNumberString(t *testing.T) {
	tests := []struct {
		n    Number
		want string
	}{
		{Int(1914), "1914"},
		{Dec(191400000, 5), "1914.00000"},
		{Dec(-5, 5), "-0.00005"},
		{Dec(0, 3), "0.000"},
		{Number{}, "0"},
		{Rat(big.NewRat(1, 3), 5), "0.33333"},
		{Rat(big.NewRat(2, 3), 5), "0.66666"},
		{Rat(big.NewRat(7, 1), Exact), "7"},
		{Rat(big.NewRat(1, 3), Exact), "0.333333333333"},
	}
	for _, tt := range tests {
		if got := tt.n.String(); got != tt.want {
			t.Errorf("%v: got %q, want %q", tt.n.rat(), got, tt.want)
		}
	}
}

func TestNumberJSONRoundTrip(t *testing.T) {
	for _, s := range []string{`1914.00000`, `"36.18420"`, `12`, `-0.5`} {
		var n Number
		if err := json.Unmarshal([]byte(s), &n); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		b, _ := json.Marshal(n)
		if want := s; string(b) != want && `"`+string(b)+`"` != want {
			t.Errorf("%s came back as %s", s, b)
		}
	}
	var n Number
	for _, bad := range []string{`"1/3"`, `1e5`, `"x"`} {
		if err := json.Unmarshal([]byte(bad), &n); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestFixed(t *testing.T) {
	f := NewFixed(5)
	// Linn 2007: Ritchie's surplus 129 of 2043 votes, transfer value 0.06314 (truncated).
	if tv := f.Div(f.FromInt(129), f.FromInt(2043)); tv != 6314 {
		t.Errorf("transfer value = %d, want 6314", tv)
	}
	if got := f.DivUp(f.FromInt(1), f.FromInt(3)); got != 33334 {
		t.Errorf("1/3 rounded up = %d", got)
	}
	if got := f.Mul(-150000, 150000); got != -225000 {
		t.Errorf("-1.5*1.5 = %d", got)
	}
	if got := MulDivUp(-7, 1, 2); got != -4 {
		t.Errorf("-7/2 away from zero = %d", got)
	}
	// 128-bit intermediate: (3e18 * 3) / 9 does not overflow.
	if got := MulDiv(3e18, 3, 9); got != 1e18 {
		t.Errorf("big MulDiv = %d", got)
	}
}

func TestPreferencesSkipsWhatNoRuleCounts(t *testing.T) {
	b := Ballot{Ranks: [][]int{{}, {2}, {Overvote}, {0, 1}, {2}, {3}}, Weight: 1}
	standing := []bool{true, true, true, false}
	got := b.Preferences(standing)
	want := [][]int{{2}, {0, 1}}
	if len(got) != len(want) || got[0][0] != 2 || len(got[1]) != 2 {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestValidate(t *testing.T) {
	good := Profile{Candidates: []string{"A", "B"}, Seats: 1, Ballots: []Ballot{{Ranks: [][]int{{0}}, Weight: 1}}}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	bad := []Profile{
		{},
		{Candidates: []string{"A", "A"}},
		{Candidates: []string{"A"}, Withdrawn: []int{1}},
		{Candidates: []string{"A"}, Ballots: []Ballot{{Weight: 0}}},
		{Candidates: []string{"A"}, Ballots: []Ballot{{Ranks: [][]int{{1}}, Weight: 1}}},
	}
	for i, p := range bad {
		if err := p.Validate(); err == nil {
			t.Errorf("profile %d: no error", i)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1914.00000", "-0.5", "12", "1/3", "", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNumber(s)
		if err != nil {
			return
		}
		back, err := ParseNumber(n.String())
		if err != nil || back.Cmp(n) != 0 {
			t.Fatalf("%q -> %s -> %v, %v", s, n, back, err)
		}
	})
}
