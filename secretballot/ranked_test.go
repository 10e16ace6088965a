package secretballot

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"plenum/count"
	"plenum/crypto/group"
	"plenum/secretballot/ranked"
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

// editLine replaces line n (from 1) of the event file at height with what
// edit returns.
func editLine(t *testing.T, dir string, height, n int, edit func([]byte) []byte) {
	t.Helper()
	files, _ := listEvents(os.DirFS(dir))
	path := filepath.Join(dir, files[height].name)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
	lines[n-1] = edit(lines[n-1])
	if err := os.WriteFile(path, append(bytes.Join(lines, []byte("\n")), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	rechain(t, dir)
}

func eventHeight(t *testing.T, dir, typ string, nth int) int {
	files, _ := listEvents(os.DirFS(dir))
	for _, f := range files {
		if f.typ == typ {
			if nth == 0 {
				return f.height
			}
			nth--
		}
	}
	t.Fatalf("no %s event", typ)
	return 0
}

// TestCheatingMixIsCaught: a record whose mix changed a ballot, whose mix
// claims to be another trustee's, or whose published rankings are not the
// decryption, fails verification, naming the event.
func TestCheatingMixIsCaught(t *testing.T) {
	c := SimulateConfig{Voters: 12, Candidates: 4, Method: IRV, Seats: 1, Trustees: 3, Threshold: 2, Seed: []byte("cheat")}
	for name, tc := range map[string]struct {
		edit func(t *testing.T, dir string)
		want string
	}{
		"mix 2 swaps a ballot for mix 1's": {func(t *testing.T, dir string) {
			var other []byte
			editLine(t, dir, eventHeight(t, dir, EventMix, 0), 3, func(l []byte) []byte { other = bytes.Clone(l); return l })
			editLine(t, dir, eventHeight(t, dir, EventMix, 1), 3, func(l []byte) []byte {
				var a, b ranked.MixRow
				json.Unmarshal(l, &a)
				json.Unmarshal(other, &b)
				a.Ciphertexts = b.Ciphertexts
				out, _ := marshal(a)
				return out
			})
		}, "mix 2 of question \"q1\" by trustee 2: invalid shuffle"},
		"a mix relabelled as another trustee's": {func(t *testing.T, dir string) {
			editLine(t, dir, eventHeight(t, dir, EventMix, 1), 1, func(l []byte) []byte {
				return bytes.Replace(l, []byte(`"trustee":2`), []byte(`"trustee":3`), 1)
			})
		}, "mix 2 of question \"q1\" by trustee 3: invalid shuffle"},
		"a ranking changed": {func(t *testing.T, dir string) {
			editLine(t, dir, eventHeight(t, dir, EventRankings, 0), 2, func(l []byte) []byte {
				var it RankingItem
				json.Unmarshal(l, &it)
				it.Ranks[0], it.Ranks[1] = it.Ranks[1], it.Ranks[0]
				out, _ := marshal(it)
				return out
			})
		}, "row 1 decrypts to"},
		"a decryption factor changed": {func(t *testing.T, dir string) {
			h := eventHeight(t, dir, EventRankedDecryption, 1)
			var other []byte
			editLine(t, dir, h, 6, func(l []byte) []byte { other = bytes.Clone(l); return l })
			editLine(t, dir, h, 5, func(l []byte) []byte {
				var a, b ranked.DecryptionRow
				json.Unmarshal(l, &a)
				json.Unmarshal(other, &b)
				a.Factors = b.Factors
				out, _ := marshal(a)
				return out
			})
		}, "row 4: invalid proof"},
	} {
		t.Run(name, func(t *testing.T) {
			dir, _ := simulate(t, c)
			tc.edit(t, dir)
			_, err := Verify(os.DirFS(dir), VerifyOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestRankedItem: what a decrypted row becomes in the rankings event. A
// row that is no valid ranking is kept, with the reason, and counted as
// invalid.
func TestRankedItem(t *testing.T) {
	q := &Question{ID: "q", Kind: IRV, Options: []string{"a", "b", "c"}, Min: 2, Max: 3, Seats: 1}
	elements := func(r ranked.Ranking) []*group.Element {
		es, err := r.Elements()
		if err != nil {
			t.Fatal(err)
		}
		return es
	}
	for name, tc := range map[string]struct {
		plain   []*group.Element
		valid   bool
		invalid string
	}{
		"valid":           {elements(ranked.Ranking{2, 1, 0}), true, ""},
		"not a ranking":   {[]*group.Element{group.Generator()}, false, "malformed ranking"},
		"tie":             {elements(ranked.Ranking{1, 1, 0}), false, "share rank"},
		"skipped rank":    {elements(ranked.Ranking{1, 3, 0}), false, "rank 2 is not"},
		"too few ranked":  {elements(ranked.Ranking{1, 0, 0}), false, "1 options ranked, want 2 to 3"},
		"blank":           {elements(ranked.Ranking{0, 0, 0}), false, "0 options ranked"},
		"too many values": {append(elements(ranked.Ranking{1, 2, 3}), group.Generator()), false, "2 elements for 3 candidates"},
	} {
		it := rankedItem(q, tc.plain)
		if (it.Invalid == "") != tc.valid || !strings.Contains(it.Invalid, tc.invalid) || (!tc.valid && len(it.Ranks) != 0) {
			t.Errorf("%s: %+v", name, it)
		}
	}
}
