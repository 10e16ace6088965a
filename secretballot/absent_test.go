package secretballot

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"plenum/crypto/shuffle"
	"plenum/secretballot/ranked"
)

// rawEvent is an event of a record being rewritten by a test.
type rawEvent struct {
	typ     string
	payload json.RawMessage
	items   [][]byte
}

// readRaw reads every event of the record in dir.
func readRaw(t *testing.T, dir string) []rawEvent {
	t.Helper()
	files, err := listEvents(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []rawEvent
	for _, f := range files {
		b, _ := os.ReadFile(filepath.Join(dir, f.name))
		lines := bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
		var h Header
		if err := decodeCanonical(lines[0], &h); err != nil {
			t.Fatal(err)
		}
		out = append(out, rawEvent{f.typ, h.Payload, lines[1:]})
	}
	return out
}

// writeRaw replaces the record in dir with evs, numbered and chained
// afresh.
func writeRaw(t *testing.T, dir string, evs []rawEvent) {
	t.Helper()
	os.RemoveAll(dir)
	os.MkdirAll(dir, 0o755)
	var parent Hash
	for h, ev := range evs {
		file, err := EventFile(h, parent, ev.typ, ev.payload, ev.items)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, EventFileName(h, ev.typ)), file, 0o644); err != nil {
			t.Fatal(err)
		}
		parent = HashFile(file)
	}
}

func rawPayload(t *testing.T, v any) json.RawMessage {
	b, err := marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mixesBy returns, for the record in dir cut after its tally, valid mixes
// of question q1 numbered and signed as given (mix number, trustee), each
// of the output of the one before: the proofs verify, only the rules of
// the mix-net can refuse them.
func mixesBy(t *testing.T, dir string, mixes [][2]int) []rawEvent {
	t.Helper()
	evs := readRaw(t, dir)
	tally := slices.IndexFunc(evs, func(e rawEvent) bool { return e.typ == EventTally })
	cut := filepath.Join(t.TempDir(), "cut")
	writeRaw(t, cut, evs[:tally+1])
	v, _, _, err := verifyEvents(os.DirFS(cut), VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	in, err := v.mixInput(0)
	if err != nil {
		t.Fatal(err)
	}
	var out []rawEvent
	for _, m := range mixes {
		p := v.election.mixParams(0, m[0], m[1])
		rows, pr, err := shuffle.Mix(rand.Reader, p, in)
		if err != nil {
			t.Fatal(err)
		}
		ev := rawEvent{typ: EventMix, payload: rawPayload(t, ranked.NewMixPayload("q1", m[0], m[1], rows, pr))}
		for i := range rows.Len() {
			ev.items = append(ev.items, rawPayload(t, ranked.NewMixRow(rows, pr, i)))
		}
		out, in = append(out, ev), rows
	}
	return out
}

// TestMixNetRules: a record whose mix-net breaks a rule fails, naming it,
// even when every proof of shuffle verifies. The election is 2 of 3, IRV.
func TestMixNetRules(t *testing.T) {
	dir, _ := simulate(t, SimulateConfig{Voters: 6, Candidates: 3, Method: IRV, Seats: 1, Trustees: 3, Threshold: 2, Seed: []byte("mix-net rules")})
	evs := readRaw(t, dir)
	tally := slices.IndexFunc(evs, func(e rawEvent) bool { return e.typ == EventTally })
	partial := slices.IndexFunc(evs, func(e rawEvent) bool { return e.typ == EventPartialDecryption })
	absent := func(js ...int) rawEvent {
		return rawEvent{typ: EventEndMixes, payload: rawPayload(t, Absent{Absent: js})}
	}
	for name, tc := range map[string]struct {
		mixes [][2]int
		then  []rawEvent // after the mixes; the partial decryptions follow
		want  string
	}{
		"a mix by a trustee not in the ceremony":   {[][2]int{{1, 1}, {2, 4}}, nil, "4 is not a qualified trustee"},
		"a mix out of order":                       {[][2]int{{2, 1}}, nil, "payload.mix: 2, want 1"},
		"a skipped mix":                            {[][2]int{{1, 1}, {3, 2}}, nil, "payload.mix: 3, want 2"},
		"a trustee mixing twice":                   {[][2]int{{1, 1}, {2, 1}}, nil, "1 has already mixed"},
		"fewer than the threshold of mixes":        {[][2]int{{1, 2}}, []rawEvent{absent(1, 3)}, "1 mixes, fewer than the threshold of 2"},
		"a mix missing, the mix-net not closed":    {[][2]int{{1, 1}, {2, 2}}, nil, "trustees [3] have not mixed"},
		"the wrong trustees named absent":          {[][2]int{{1, 1}, {2, 3}}, []rawEvent{absent(3)}, "the trustees who did not take the step are [2]"},
		"an end-mixes event nobody is absent from": {[][2]int{{1, 1}, {2, 2}, {3, 3}}, []rawEvent{absent()}, "no end-mixes event is due"},
		"a mix after the end of mixes":             {[][2]int{{1, 3}, {2, 1}}, []rawEvent{absent(2), {typ: EventMix, payload: rawPayload(t, map[string]int{})}}, "a mix event cannot come after a end-mixes event"},
	} {
		t.Run(name, func(t *testing.T) {
			rec := slices.Clone(evs[:tally+1])
			rec = append(rec, mixesBy(t, dir, tc.mixes)...)
			rec = append(rec, tc.then...)
			rec = append(rec, evs[partial:]...)
			bad := filepath.Join(t.TempDir(), "record")
			writeRaw(t, bad, rec)
			_, err := Verify(os.DirFS(bad), VerifyOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
	// Mixes in any order of trustees, the mix-net closed by end-mixes
	// after the threshold: the record is valid up to the decryptions,
	// which are of other mixes.
	rec := append(slices.Clone(evs[:tally+1]), mixesBy(t, dir, [][2]int{{1, 3}, {2, 1}})...)
	rec = append(rec, absent(2))
	good := filepath.Join(t.TempDir(), "record")
	writeRaw(t, good, rec)
	b, err := ReadBoard(os.DirFS(good))
	if err != nil {
		t.Fatal(err)
	}
	mn := b.MixNet
	if !mn.Closed || !slices.Equal(mn.Mixed, []int{1, 3}) || !slices.Equal(mn.Absent, []int{2}) || mn.Fewest != 2 {
		t.Fatalf("mix-net %+v", mn)
	}
}

// TestKeyCeremonyRules: a record whose key ceremony goes on without a
// trustee must say so, and say it right.
func TestKeyCeremonyRules(t *testing.T) {
	dir := "testdata/kat-absent/record"
	evs := readRaw(t, dir)
	at := func(typ string) int { return slices.IndexFunc(evs, func(e rawEvent) bool { return e.typ == typ }) }
	without := func(i int) []rawEvent { return slices.Delete(slices.Clone(evs), i, i+1) }
	swap := func(i, j int) []rawEvent {
		r := slices.Clone(evs)
		r[i], r[j] = r[j], r[i]
		return r
	}
	with := func(i int, payload any) []rawEvent {
		r := slices.Clone(evs)
		r[i].payload = rawPayload(t, payload)
		return r
	}
	for name, tc := range map[string]struct {
		rec  []rawEvent
		want string
	}{
		"no end-keys event":         {without(at(EventEndKeys)), "trustees [1] have sent no keys"},
		"no end-deals event":        {without(at(EventEndDeals)), "trustees [2] have dealt no shares"},
		"trustees out of order":     {swap(at(EventTrustee), at(EventTrustee)+1), "want a trustee from 4 to 5"},
		"dealers out of order":      {swap(at(EventDKGShares), at(EventDKGShares)+1), "dealers are trustees who sent keys, in increasing order"},
		"the wrong trustee absent":  {with(at(EventEndKeys), Absent{Absent: []int{2}}), "the trustees who did not take the step are [1]"},
		"an absent trustee unnamed": {with(at(EventEndDeals), Absent{Absent: []int{}}), "payload.absent"},
		"a dealer who sent no keys": {func() []rawEvent {
			r := with(at(EventEndKeys), Absent{Absent: []int{1, 3}})
			return slices.Delete(r, at(EventTrustee)+1, at(EventTrustee)+2)
		}(), "3: dealers are trustees who sent keys"},
		"fewer than the threshold":    {append(append(slices.Clone(evs[:at(EventTrustee)+1]), rawEvent{typ: EventEndKeys, payload: rawPayload(t, Absent{Absent: []int{1, 3, 4, 5}})}), evs[at(EventDKGShares):]...), "1 trustees sent keys, fewer than the threshold of 2"},
		"the end of keys after deals": {swap(at(EventEndKeys), at(EventDKGShares)), "trustees [1] have sent no keys, and no end-keys event closed the step"},
	} {
		t.Run(name, func(t *testing.T) {
			bad := filepath.Join(t.TempDir(), "record")
			writeRaw(t, bad, tc.rec)
			_, err := Verify(os.DirFS(bad), VerifyOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestAbsentTrusteesEveryMethod: simulated elections without absent
// trustees, in the key ceremony and at the tally, verify for every
// method, with the totals of the same election with every trustee.
func TestAbsentTrusteesEveryMethod(t *testing.T) {
	for _, m := range []Kind{Plurality, Approval, Referendum, IRV, STVScottish, STVMeek, Schulze} {
		t.Run(string(m), func(t *testing.T) {
			c := SimulateConfig{Voters: 8, Candidates: 4, Method: m, Seats: 1, Trustees: 4, Threshold: 2, Seed: []byte("absent " + m)}
			if m == STVScottish || m == STVMeek {
				c.Seats = 2
			}
			_, all := simulate(t, c)
			c.Absent, c.AbsentAtTally = 1, 1
			dir, sim := simulate(t, c)
			rep, err := Verify(os.DirFS(dir), VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			// The same votes: the same totals (a tie may be broken by
			// another lot, which the election hash draws).
			if !slices.Equal(rep.Decrypted, []int{3, 4}) || !slices.Equal(sim.Result.Questions[0].Totals, all.Result.Questions[0].Totals) {
				t.Errorf("decrypted by %v, result %+v; with every trustee %+v", rep.Decrypted, sim.Result.Questions[0], all.Result.Questions[0])
			}
		})
	}
}

// TestAnyThresholdOfTrustees: whichever trustees are absent, from the key
// ceremony or at the tally, any threshold of those present mix and
// decrypt to the same counts (the election key, hence the lots that break
// ties, depends on who qualified); fewer than the threshold cannot.
func TestAnyThresholdOfTrustees(t *testing.T) {
	c := SimulateConfig{Voters: 10, Candidates: 4, Method: IRV, Seats: 1, Trustees: 4, Threshold: 2, Seed: []byte("any threshold")}
	var want *QuestionResult
	for absent := range 3 {
		for atTally := range 3 - absent {
			c.Absent, c.AbsentAtTally = absent, atTally
			dir, sim := simulate(t, c)
			rep, err := Verify(os.DirFS(dir), VerifyOptions{})
			if err != nil {
				t.Fatalf("%d absent, %d at the tally: %v", absent, atTally, err)
			}
			if d := []int{absent + atTally + 1, absent + atTally + 2}; !slices.Equal(rep.Decrypted, d) {
				t.Errorf("%d absent, %d at the tally: decrypted by %v, want %v", absent, atTally, rep.Decrypted, d)
			}
			q := sim.Result.Questions[0]
			if want == nil {
				want = &q
			}
			if !slices.Equal(q.Totals, want.Totals) || q.Ballots != want.Ballots {
				t.Errorf("%d absent, %d at the tally: %+v, want %+v", absent, atTally, q, *want)
			}
		}
	}
	for _, a := range [][2]int{{3, 0}, {2, 1}, {0, 3}} {
		c.Absent, c.AbsentAtTally = a[0], a[1]
		if _, err := Simulate(t.Context(), filepath.Join(t.TempDir(), "r"), c); err == nil {
			t.Errorf("%d absent, %d at the tally: one trustee left, and the election went on", a[0], a[1])
		}
	}
}

// TestAnySubsetDecrypts: from one record mixed by three of four trustees
// (one absent at the mix-net), every threshold of the trustees decrypts
// it to the same rankings and result, byte for byte; one fewer than the
// threshold cannot.
func TestAnySubsetDecrypts(t *testing.T) {
	c := SimulateConfig{Voters: 10, Candidates: 4, Method: STVMeek, Seats: 2, Trustees: 4, Threshold: 3, AbsentAtTally: 1, Seed: []byte("any subset")}
	dir, sim := simulate(t, c)
	evs := readRaw(t, dir)
	partial := slices.IndexFunc(evs, func(e rawEvent) bool { return e.typ == EventPartialDecryption })
	want, _ := marshal(sim.Result)
	try := func(set []int) error {
		rec := slices.Clone(evs[:partial])
		cut := filepath.Join(t.TempDir(), "record")
		writeRaw(t, cut, rec)
		v, _, _, err := verifyEvents(os.DirFS(cut), VerifyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var rds []RankedDecryption
		for _, sh := range sim.Shares {
			if !slices.Contains(set, sh.Index) {
				continue
			}
			pd, err := v.election.PartiallyDecrypt(rand.Reader, sh, v.tally)
			if err != nil {
				t.Fatal(err)
			}
			rec = append(rec, rawEvent{typ: EventPartialDecryption, payload: rawPayload(t, pd)})
			rd, err := DecryptRanked(rand.Reader, os.DirFS(cut), sh)
			if err != nil {
				t.Fatal(err)
			}
			rds = append(rds, rd...)
		}
		for _, rd := range rds {
			ev := rawEvent{typ: EventRankedDecryption, payload: rawPayload(t, rd.Payload)}
			for _, row := range rd.Rows {
				ev.items = append(ev.items, rawPayload(t, row))
			}
			rec = append(rec, ev)
		}
		writeRaw(t, cut, rec)
		rankings, r, err := CountRanked(os.DirFS(cut))
		if err != nil {
			return err
		}
		for _, rk := range rankings {
			ev := rawEvent{typ: EventRankings, payload: rawPayload(t, rk.Payload)}
			for _, it := range rk.Items {
				ev.items = append(ev.items, rawPayload(t, it))
			}
			rec = append(rec, ev)
		}
		writeRaw(t, cut, append(rec, rawEvent{typ: EventResult, payload: rawPayload(t, r)}))
		rep, err := Verify(os.DirFS(cut), VerifyOptions{})
		if err != nil {
			t.Fatalf("decrypted by %v: %v", set, err)
		}
		if got, _ := marshal(rep.Result); !bytes.Equal(got, want) || !slices.Equal(rep.Decrypted, set) {
			t.Errorf("decrypted by %v: %s, want %s", set, got, want)
		}
		return nil
	}
	// Trustee 1 did not mix; any three of the four decrypt.
	for _, set := range [][]int{{1, 2, 3}, {1, 2, 4}, {1, 3, 4}, {2, 3, 4}} {
		if err := try(set); err != nil {
			t.Fatalf("decrypted by %v: %v", set, err)
		}
	}
	if err := try([]int{2, 4}); err == nil {
		t.Fatal("two trustees decrypted, the threshold is three")
	}
}
