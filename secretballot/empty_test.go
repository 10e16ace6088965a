package secretballot

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"plenum/secretballot/ranked"
)

// A vote in which no ballot is counted: the tally holds no ciphertext,
// nothing is mixed or decrypted, and the result, every total zero, elects
// nobody (a referendum is not carried).
func TestEmptyVote(t *testing.T) {
	for _, c := range []SimulateConfig{
		{Candidates: 3, Method: Plurality, Seats: 1},
		{Candidates: 4, Method: Plurality, Seats: 2},
		{Candidates: 3, Method: Approval, Seats: 2},
		{Method: Referendum},
		{Candidates: 3, Method: IRV, Seats: 1},
		{Candidates: 4, Method: STVScottish, Seats: 2},
		{Candidates: 4, Method: STVMeek, Seats: 2},
		{Candidates: 3, Method: Schulze, Seats: 1},
	} {
		c.Trustees, c.Threshold, c.Seed = 3, 2, []byte("nobody votes")
		t.Run(string(c.Method), func(t *testing.T) {
			dir, sim := simulate(t, c)
			rep, err := Verify(os.DirFS(dir), VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Head != sim.Head || rep.Ballots != 0 || rep.Counted != 0 || len(rep.Decrypted) != 0 {
				t.Errorf("report %+v", rep)
			}
			files, _ := listEvents(os.DirFS(dir))
			for _, f := range files {
				if slices.Contains([]string{EventMix, EventEndMixes, EventPartialDecryption, EventRankedDecryption, EventRankings}, f.typ) {
					t.Errorf("%s in a record without ballots", f.name)
				}
			}
			q := rep.Result.Questions[0]
			want := []string{}
			if c.Method == Referendum {
				want = []string{"no"}
			}
			if q.Ballots != 0 || slices.ContainsFunc(q.Totals, func(n int64) bool { return n != 0 }) || len(q.Totals) != len(q.Options) || !slices.Equal(q.Elected, want) {
				t.Errorf("result %+v", q)
			}
			r := rep.Result.Tallies(rep.Manifest, rep.ElectionHash)[0]
			if len(r.Rounds) != 0 || !slices.Equal(r.Elected, want) || r.Valid.Sign() != 0 || len(r.Notes) != 1 {
				t.Errorf("count report %+v", r)
			}
			b, err := ReadBoard(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			if b.Counted != 0 || b.Tally == nil || !b.MixNet.Closed || len(b.MixNet.Absent) != 0 {
				t.Errorf("board: counted %d, tally %v, mix-net %+v", b.Counted, b.Tally, b.MixNet)
			}
		})
	}
}

// empty is a plurality vote nobody votes in, with the candidates of small.
var empty = SimulateConfig{Candidates: 3, Method: Plurality, Seats: 1, Trustees: 3, Threshold: 2, Seed: []byte("empty")}

// A forged record that says no ballot was counted while its ballots
// events hold ballots fails at the end of voting.
func TestEmptyClaimWithBallots(t *testing.T) {
	dir, _ := simulate(t, small)
	name, lines := eventLines(t, dir, EventEndBallots, 0)
	lines[0] = bytes.Replace(lines[0], []byte(`"cast":7,"counted":6`), []byte(`"cast":0,"counted":0`), 1)
	writeLines(t, dir, name, lines)
	rechain(t, dir)
	wantFailure(t, dir, EventEndBallots, "cast 0, counted 0", "the record holds 7 ballots cast, 6 counted")
}

// A tally without ciphertexts, as if no ballot was counted, in a record
// that counts ballots, fails: it is not their product.
func TestEmptyTallyWithBallots(t *testing.T) {
	dir, _ := simulate(t, small)
	name, lines := eventLines(t, dir, EventTally, 0)
	lines[0] = editHeader(t, lines[0], func(h *Header) { h.Payload = []byte(`{"questions":[[]]}`) })
	writeLines(t, dir, name, lines)
	rechain(t, dir)
	wantFailure(t, dir, EventTally, "payload.questions[0]", "0 ciphertexts, want 3")
}

// A record without ballots whose result gives a vote to a candidate
// fails: the result of no ballots is every total zero.
func TestEmptyVoteWithVotes(t *testing.T) {
	dir, _ := simulate(t, empty)
	name, lines := eventLines(t, dir, EventResult, 0)
	lines[0] = bytes.Replace(lines[0], []byte(`"ballots":0,"totals":[0,0,0],"elected":[]`), []byte(`"ballots":0,"totals":[0,1,0],"elected":["Candidate 2"]`), 1)
	writeLines(t, dir, name, lines)
	rechain(t, dir)
	wantFailure(t, dir, EventResult, "payload.questions[0]", `"totals":[0,1,0]`, `the tally decrypts to`, `"totals":[0,0,0]`)
}

// A record without ballots whose tally holds ciphertexts, or that has a
// trustee decrypt, fails.
func TestEmptyVoteDecrypted(t *testing.T) {
	full, _ := simulate(t, small)
	_, tally := eventLines(t, full, EventTally, 0)
	_, partial := eventLines(t, full, EventPartialDecryption, 0)

	dir, _ := simulate(t, empty)
	name, _ := eventLines(t, dir, EventTally, 0)
	h, _, _ := parseEventFileName(name)
	writeLines(t, dir, name, [][]byte{setHeight(t, tally[0], h)})
	rechain(t, dir)
	wantFailure(t, dir, EventTally, "payload.questions[0]", "3 ciphertexts: no ballot was counted")

	dir, _ = simulate(t, empty)
	name, _ = eventLines(t, dir, EventResult, 0)
	h, _, _ = parseEventFileName(name)
	result, _ := os.ReadFile(filepath.Join(dir, name))
	os.Remove(filepath.Join(dir, name))
	writeLines(t, dir, EventFileName(h, EventPartialDecryption), [][]byte{setHeight(t, partial[0], h)})
	os.WriteFile(filepath.Join(dir, EventFileName(h+1, EventResult)), result, 0o644)
	_, lines := eventLines(t, dir, EventResult, 0)
	writeLines(t, dir, EventFileName(h+1, EventResult), append([][]byte{setHeight(t, lines[0], h+1)}, lines[1:]...))
	rechain(t, dir)
	wantFailure(t, dir, EventPartialDecryption, "no ballot was counted", "nothing to mix or decrypt")
}

// editHeader returns header line changed by edit.
func editHeader(t *testing.T, line []byte, edit func(*Header)) []byte {
	t.Helper()
	var h Header
	if err := decodeCanonical(line, &h); err != nil {
		t.Fatal(err)
	}
	edit(&h)
	out, _ := marshal(h)
	return out
}

// setHeight returns header line with its height set.
func setHeight(t *testing.T, line []byte, height int) []byte {
	return editHeader(t, line, func(h *Header) { h.Height = height })
}

// A ranked question whose rows all decrypt to invalid rankings elects no
// one either: the count is not asked to draw lots among options that have
// no vote.
func TestRankedNoValidRanking(t *testing.T) {
	for _, kind := range []Kind{IRV, STVScottish, STVMeek, Schulze} {
		q := &Question{ID: "q1", Kind: kind, Options: []string{"a", "b", "c"}, Seats: 1, Min: 1, Max: 3}
		tl, err := ranked.NewTally(string(kind), q.Options, q.Seats)
		if err != nil {
			t.Fatal(err)
		}
		tl.AddInvalid()
		tl.AddInvalid()
		r, err := rankedResult(q, tl, Hash{})
		if err != nil || len(r.Elected) != 0 || r.Invalid != 2 || r.Ballots != 0 || len(r.Report.Rounds) != 0 || len(r.Report.Elected) != 0 {
			t.Errorf("%s: %+v, %v", kind, r, err)
		}
	}
}
