package secretballot

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Plaintexts aggregates the plaintext choices of a simulated election's first
// question, so that a counting program can check the decrypted result. Only
// simulations know them: a real election never does.
type Plaintexts struct {
	q      Question
	counts map[string]int64 // key: the chosen option indexes, as "0,3"
	order  []string         // keys in order of first appearance
}

func newPlaintexts(q Question) *Plaintexts {
	return &Plaintexts{q: q, counts: map[string]int64{}}
}

func (p *Plaintexts) add(choice []int) {
	parts := make([]string, len(choice))
	for i, c := range choice {
		parts[i] = strconv.Itoa(c)
	}
	k := strings.Join(parts, ",")
	if _, ok := p.counts[k]; !ok {
		p.order = append(p.order, k)
	}
	p.counts[k]++
}

func (p *Plaintexts) keys() []string {
	ks := slices.Clone(p.order)
	slices.Sort(ks)
	return ks
}

// WriteBLT writes the ballots in BLT, identical ballots as one weighted
// line. A choice of several options (approval, block plurality) is written
// as one rank of equal preferences, "2=4".
func (p *Plaintexts) WriteBLT(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%d %d\n", len(p.q.Options), p.q.Seats)
	for _, k := range p.keys() {
		fmt.Fprintf(bw, "%d", p.counts[k])
		if k != "" {
			fmt.Fprintf(bw, " %s", bltRank(k))
		}
		fmt.Fprintf(bw, " 0\n")
	}
	fmt.Fprintf(bw, "0\n")
	for _, o := range p.q.Options {
		fmt.Fprintf(bw, "%s\n", strconv.Quote(o))
	}
	fmt.Fprintf(bw, "%s\n", strconv.Quote(p.q.Title))
	return bw.Flush()
}

// bltRank turns "0,3" (0-based option indexes) into "1=4".
func bltRank(k string) string {
	parts := strings.Split(k, ",")
	for i, s := range parts {
		n, _ := strconv.Atoi(s)
		parts[i] = strconv.Itoa(n + 1)
	}
	return strings.Join(parts, "=")
}

// parseKey returns the option indexes of a key of counts.
func parseKey(k string) []int {
	if k == "" {
		return nil
	}
	var out []int
	for _, s := range strings.Split(k, ",") {
		n, _ := strconv.Atoi(s)
		out = append(out, n)
	}
	return out
}
