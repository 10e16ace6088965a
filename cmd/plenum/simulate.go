package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"plenum/ballotfile"
	"plenum/secretballot"
)

const simulateUsage = `plenum simulate --voters N --candidates C
       [--method plurality|approval|referendum|irv|stv-scottish|stv-meek|schulze]
       [--seats S] [--trustees n --threshold t] [--absent A] [--absent-at-tally B]
       [--seed X] [--audits A] [--revotes R]
       [--plaintext FILE.blt|FILE.json] --out DIR

Runs a whole secret-ballot election in one process and writes its election
record to DIR (which must not exist or be empty): the key ceremony of n
simulated trustees, a credential for each voter, N voters casting random
valid ballots (A of them auditing a ballot first, R of them voting twice), the
homomorphic tally (for a ranked method: a mix by every trustee in turn, each
verified before the next, then the decryption of the last mix and the count),
the partial decryptions of t trustees, and the result. With --voters 0 nobody
votes: nothing is mixed or decrypted, and the result, every total zero and no
one elected, follows the tally.
--absent A: trustees 1 to A take no part (they send no keys): the key
ceremony closes at its deadline without them. --absent-at-tally B: the next
B trustees take part in the key ceremony but neither mix nor decrypt: the
mix-net closes at its deadline without them. At least t must remain.
--plaintext also writes the plaintext ballots it generated, for testing only,
so that 'plenum tally' can cross-check the result. The same seed gives the same
election. Check the record with 'plenum verify DIR'.`

func runSimulate(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum simulate", simulateUsage)
	var c secretballot.SimulateConfig
	fs.IntVar(&c.Voters, "voters", 0, "number of `N` voters")
	fs.IntVar(&c.Candidates, "candidates", 0, "number of candidates (not for a referendum)")
	method := fs.String("method", "plurality", "plurality, approval, referendum, irv, stv-scottish, stv-meek or schulze")
	fs.IntVar(&c.Seats, "seats", 1, "seats to fill")
	fs.IntVar(&c.Trustees, "trustees", 3, "number of trustees")
	fs.IntVar(&c.Threshold, "threshold", 2, "trustees needed to decrypt")
	fs.IntVar(&c.Absent, "absent", 0, "trustees who take no part: the first `A`")
	fs.IntVar(&c.AbsentAtTally, "absent-at-tally", 0, "trustees, after the absent, who neither mix nor decrypt")
	seed := fs.String("seed", "plenum", "seed of every random choice")
	fs.IntVar(&c.Audits, "audits", -1, "voters who audit a ballot before casting one (default: 1 in 1,000, at least 1)")
	fs.IntVar(&c.Revotes, "revotes", -1, "voters who vote twice, the second ballot replacing the first (default: 1 in 1,000, at least 1)")
	plaintext := fs.String("plaintext", "", "also write the plaintext ballots to `FILE` (.blt or .json)")
	out := fs.String("out", "", "record `DIR`")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	c.Method, c.Seed = secretballot.Kind(*method), []byte(*seed)
	if c.Method == secretballot.Referendum && c.Candidates == 0 {
		c.Candidates = 2
	}
	switch {
	case fs.NArg() > 0:
		return usageError{"plenum simulate: unexpected arguments " + strings.Join(fs.Args(), " ")}
	case *out == "":
		return usageError{"plenum simulate: --out DIR is required"}
	case c.Voters < 0:
		return usageError{"plenum simulate: --voters must be 0 or more"}
	case c.Candidates < 2:
		return usageError{"plenum simulate: --candidates must be at least 2"}
	}
	if c.Audits < 0 {
		c.Audits = max(1, c.Voters/1000)
	}
	if c.Revotes < 0 {
		c.Revotes = max(1, c.Voters/1000)
	}
	c.Audits, c.Revotes = min(c.Audits, c.Voters), min(c.Revotes, c.Voters)
	if _, err := c.Manifest(); err != nil {
		return usageError{"plenum simulate: " + err.Error()}
	}
	if *plaintext != "" && !strings.HasSuffix(*plaintext, ".blt") && !strings.HasSuffix(*plaintext, ".json") {
		return usageError{"plenum simulate: --plaintext FILE must end in .blt or .json"}
	}
	if !*quiet {
		bar := newProgressMeter(env.Stderr, "simulate", false, 10000)
		c.Progress = func(done, total int) { bar.update(int64(done), int64(total)) }
		defer bar.finish()
	}
	start := time.Now()
	sim, err := secretballot.Simulate(ctx, *out, c)
	if err != nil {
		return fmt.Errorf("simulate: %w", err)
	}
	if *plaintext != "" {
		if err := writePlaintext(*plaintext, sim.Plaintexts); err != nil {
			return fmt.Errorf("simulate: %w", err)
		}
	}
	q := sim.Result.Questions[0]
	elected := strings.Join(q.Elected, ", ")
	if c.Voters == 0 {
		elected = cmp.Or(elected, "no one") + " (no ballots were cast)"
	}
	fmt.Fprintf(env.Stdout, "%s: %d voters, head %s, %s\nelected: %s\n", *out, c.Voters, sim.Head,
		time.Since(start).Round(time.Millisecond), elected)
	return nil
}

// writePlaintext writes the plaintext ballots, whole or not at all.
func writePlaintext(path string, p *secretballot.Plaintexts) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".plaintext-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	e := &ballotfile.Election{Profile: p.Profile(), TieOrder: p.TieOrder}
	if strings.HasSuffix(path, ".json") {
		err = ballotfile.WriteJSON(tmp, e)
	} else {
		err = ballotfile.WriteBLT(tmp, e)
	}
	if err = errors.Join(err, tmp.Close()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
