package count_test

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"plenum/ballotfile"
	"plenum/count"
)

// droopEnd reads each candidate's state from the last row of a Droop dump.
func droopEnd(t *testing.T, path string) (state map[string]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	head := strings.Split(lines[0], "\t")
	last := strings.Split(lines[len(lines)-1], "\t")
	state = map[string]string{}
	for i, h := range head {
		if strings.HasSuffix(h, ".name") && i+2 < len(last) {
			state[strings.Join(strings.Fields(last[i]), " ")] = last[i+1]
		}
	}
	return state
}

// checkDroopElected compares the elected of rep with those of a Droop dump.
func checkDroopElected(t *testing.T, rep *count.Report, dump string) {
	t.Helper()
	var want []string
	for name, s := range droopEnd(t, dump) {
		if s == "E" {
			want = append(want, name)
		}
	}
	slices.Sort(want)
	if got := slices.Sorted(slices.Values(rep.Elected)); !slices.Equal(got, want) {
		t.Errorf("elected %v, want %v", got, want)
	}
}

// meekNotMatched lists reference counts we do not yet reproduce, with what
// differs; docs/validation.md repeats them.
var meekNotMatched = map[string]string{
	"random/rand_2x10.fixed9.log": "every ballot ranks candidates equally; plenum's Meek ends a ballot at an equal ranking, stv-rs shares it",
}

func TestMeekAgainstDroop(t *testing.T) {
	dumps, _ := filepath.Glob("testdata/droop/ref/dump/*-meek-prf-o6-fixed-p9-d9.txt")
	if len(dumps) < 5 {
		t.Fatalf("only %d Droop meek-prf dumps", len(dumps))
	}
	for _, dump := range dumps {
		stem := strings.TrimSuffix(filepath.Base(dump), "-meek-prf-o6-fixed-p9-d9.txt")
		t.Run(stem, func(t *testing.T) {
			if why, ok := meekNotMatched[stem]; ok {
				t.Skip(why)
			}
			e := readElection(t, filepath.Join("testdata/droop/blt", stem+".blt"))
			rep, err := count.Meek(&e.Profile, count.STVOptions{TieOrder: referenceTieOrder(e)})
			if err != nil {
				t.Fatal(err)
			}
			checkDroopElected(t, rep, dump)
			compareDroop(t, rep, dump, meekRow())
		})
	}
}

// stvrsElected reads the elected of an stv-rs transcript's last section.
func stvrsElected(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var elected []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "Action: ") {
			elected = nil
		}
		if name, ok := strings.CutPrefix(line, "Elected:"); ok {
			name = strings.TrimSpace(name)
			elected = append(elected, strings.TrimSpace(name[:strings.LastIndexByte(name, '(')]))
		}
	}
	slices.Sort(elected)
	return elected
}

func TestMeekAgainstSTVRS(t *testing.T) {
	logs, _ := filepath.Glob("testdata/stv-rs/testdata/meek/*/*.fixed9.log")
	more, _ := filepath.Glob("testdata/stv-rs/testdata/meek/*.fixed9.log")
	logs = append(logs, more...)
	for _, log := range logs {
		if strings.Contains(log, ".equalize.") || strings.Contains(log, "equal_preference") || strings.Contains(log, "crashes") || strings.Contains(log, "negative_surplus") {
			continue // equal rankings: see docs/validation.md
		}
		rel, _ := filepath.Rel("testdata/stv-rs/testdata/meek", log)
		blt := filepath.Join("testdata/stv-rs/testdata/ballots", strings.TrimSuffix(rel, ".fixed9.log")+".blt")
		t.Run(rel, func(t *testing.T) {
			if why, ok := meekNotMatched[rel]; ok {
				t.Skip(why)
			}
			e := readElection(t, blt)
			rep, err := count.Meek(&e.Profile, count.STVOptions{TieOrder: referenceTieOrder(e)})
			if err != nil {
				t.Fatal(err)
			}
			want := stvrsElected(t, log)
			if got := slices.Sorted(slices.Values(rep.Elected)); !slices.Equal(got, want) {
				t.Errorf("elected %v, want %v", got, want)
			}
		})
	}
}

// referenceTieOrder is the tie-break order Droop and stv-rs use: the file's
// [tie] line, else the candidates' order in the file (the first loses).
func referenceTieOrder(e *ballotfile.Election) []int {
	if e.TieOrder != nil {
		return e.TieOrder
	}
	order := make([]int, len(e.Candidates))
	for i := range order {
		order[i] = i
	}
	return order
}

// Exact Meek elects the same candidates as Droop's rational Meek
// (meek-o10-rational-d12): on the Voting matters 12 example, exact
// arithmetic elects X where 9-place arithmetic elects Y, which is that
// example's point. (Droop's rational rule defeats several sure losers at
// once, so its rounds are not the PR Foundation rule's.)
func TestMeekExact(t *testing.T) {
	dumps, _ := filepath.Glob("testdata/droop/ref/dump/*-meek-o10-rational-d12.txt")
	if len(dumps) < 5 {
		t.Fatalf("only %d dumps", len(dumps))
	}
	for _, dump := range dumps {
		stem := strings.TrimSuffix(filepath.Base(dump), "-meek-o10-rational-d12.txt")
		e := readElection(t, filepath.Join("testdata/droop/blt", stem+".blt"))
		rep, err := count.Meek(&e.Profile, count.STVOptions{TieOrder: referenceTieOrder(e), Exact: true})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for name, s := range droopEnd(t, dump) {
			if s == "E" {
				want = append(want, name)
			}
		}
		slices.Sort(want)
		if got := slices.Sorted(slices.Values(rep.Elected)); !slices.Equal(got, want) {
			t.Errorf("%s: elected %v, want %v", stem, got, want)
		}
		if rep.Quota.Places() != count.Exact {
			t.Errorf("%s: exact quota printed to %d places", stem, rep.Quota.Places())
		}
	}
}
