package count_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"plenum/count"
)

// droopRounds reads a Droop dump into the state (each candidate's status
// and vote, and the quota) at each of plenum's rounds. Droop logs several
// rows a round; state picks, for each of its rounds, the row that
// matches plenum's round tally and the plenum round it is. Rows of
// actions it does not pick are skipped.
func droopRounds(t *testing.T, path string, state func(droopRound int, action string) (round int, ok bool)) (rounds []map[string][2]string, quotas []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	head := strings.Split(lines[0], "\t")
	for _, line := range lines[1:] {
		f := strings.Split(line, "\t")
		if len(f) < 4 || f[0] == "X" {
			continue
		}
		dr, _ := strconv.Atoi(f[0])
		i, ok := state(dr, f[1])
		if !ok {
			continue
		}
		row := map[string][2]string{}
		for j, h := range head {
			if strings.HasSuffix(h, ".name") && j+2 < len(f) {
				row[strings.Join(strings.Fields(f[j]), " ")] = [2]string{f[j+1], f[j+2]}
			}
		}
		for len(rounds) <= i {
			rounds = append(rounds, nil)
			quotas = append(quotas, "")
		}
		rounds[i], quotas[i] = row, f[2]
	}
	return rounds, quotas
}

// meekRow: plenum's round k is the first row of Droop's round k (for round
// 1, the begin row).
func meekRow() func(int, string) (int, bool) {
	seen := map[int]bool{}
	return func(dr int, action string) (int, bool) {
		if action == "log" || action == "round" || seen[max(dr, 1)] {
			return 0, false
		}
		seen[max(dr, 1)] = true
		return max(dr, 1) - 1, true
	}
}

// gregoryRow: plenum's round k+1 is the state after Droop's round k's
// transfer (for round 1, the begin row).
func gregoryRow(dr int, action string) (int, bool) {
	return dr, action == "begin" || action == "transfer"
}

// compareDroop checks every candidate's votes and the quota at each round
// of rep against a Droop dump, to the dump's precision.
func compareDroop(t *testing.T, rep *count.Report, dump string, state func(int, string) (int, bool)) {
	t.Helper()
	rounds, quotas := droopRounds(t, dump, state)
	if len(rounds) != len(rep.Rounds) {
		t.Errorf("%d rounds, Droop has %d", len(rep.Rounds), len(rounds))
	}
	for i := range min(len(rounds), len(rep.Rounds)) {
		r := rep.Rounds[i]
		q := rep.Quota
		if r.Quota != nil {
			q = r.Quota
		}
		if q.String() != quotas[i] {
			t.Errorf("round %d quota %s, Droop %s", i+1, q, quotas[i])
		}
		for name, sv := range rounds[i] {
			got, ok := r.Tally[name]
			if !ok {
				if sv[0] != "D" && sv[0] != "W" && sv[0] != "d" {
					t.Errorf("round %d: %s missing (Droop: %s %s)", i+1, name, sv[0], sv[1])
				}
				continue
			}
			if got.String() != sv[1] {
				t.Errorf("round %d %s: %s, Droop %s", i+1, name, got, sv[1])
			}
		}
	}
}
