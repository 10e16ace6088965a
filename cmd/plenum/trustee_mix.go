package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"strings"

	"plenum/secretballot"
)

// trusteeCommands are the subcommands of `plenum trustee`: what a trustee
// does on their own machine.
func trusteeCommands() []command {
	return []command{
		{"run", "take every step due from you against a plenum server: the key ceremony, mixing, decrypting", runTrusteeRun},
		{"keygen", "make a trustee's keys; print the registration to publish", runTrusteeKeygen},
		{"share", "take a step of the key ceremony (deal, check, answer, finish)", runTrusteeShare},
		{"mix", "verify an election record in progress and append your mix of its ranked ballots", runTrusteeMix},
		{"decrypt", "decrypt a trustee's part of the tally, with proofs", runTrusteeDecrypt},
	}
}

func runTrustee(ctx context.Context, env *Env, args []string) error {
	return dispatch(ctx, env, "plenum trustee", trusteeCommands(), args)
}

const trusteeMixUsage = `plenum trustee mix --trustee J DIR

Verifies the election record in DIR, which must be waiting for a mix of a
ranked question after the tally (the qualified trustees mix in the order they
come, each question once, until all have or the mix-net closes at its
deadline), takes the first ranked question trustee J has not mixed, then
shuffles and re-encrypts the ballots, proves it,
verifies the proof and appends the mix event to DIR. The permutation and the
randomness come from the operating system and are forgotten: no secret is
kept, and the trustee's key share is not needed.`

func runTrusteeMix(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum trustee mix", trusteeMixUsage)
	trustee := fs.Int("trustee", 0, "your trustee index `J`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *trustee < 1 {
		return usageError{"plenum trustee mix: want --trustee J and one record directory"}
	}
	dir := fs.Arg(0)
	job, err := secretballot.NextMix(os.DirFS(dir), *trustee, secretballot.VerifyOptions{})
	if err != nil {
		return fmt.Errorf("trustee mix: %s: %w", dir, err)
	}
	head, err := job.Run(rand.Reader, dir)
	if err != nil {
		return fmt.Errorf("trustee mix: %w", err)
	}
	fmt.Fprintf(env.Stdout, "%s: mix %d of question %s (%d ballots) by trustee %d appended; head %s\n",
		dir, job.Mix, strings.TrimSpace(job.Question), job.Rows, job.Trustee, head)
	return nil
}
