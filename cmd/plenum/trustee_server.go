package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"plenum/trustee"
)

const trusteeRunUsage = `plenum trustee run --server URL --election ID --email ADDRESS --state FILE
       [--password-file F] [--passphrase-file F] [--wait]

Takes every step of an election that is due from you as its trustee,
against a plenum server: it logs in as you, downloads the election's record,
verifies it, and sends what the step produces. Your secrets stay in the state
FILE, sealed with your passphrase (made at the first run): only public,
signed messages reach the server.

  key ceremony  your keys; your shares, encrypted to each other trustee;
                your check of the shares dealt to you; your answers to
                complaints against you; then your share of the election key,
                kept in the state file
  after the vote
                your mix of ranked ballots when your turn comes; your
                decryption of the tally, with proofs

Without --wait it stops when nothing more is due now and says what it waits
for; with --wait it polls until your part of the current phase is done.
The login password comes from --password-file or $PLENUM_PASSWORD; the
passphrase from --passphrase-file or $PLENUM_TRUSTEE_PASSPHRASE.`

func runTrusteeRun(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum trustee run", trusteeRunUsage)
	sf := addServerFlags(fs)
	tf := addTrusteeFlags(fs, false)
	wait := fs.Bool("wait", false, "poll until your part of the current phase is done")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *tf.state == "" {
		return usageError{"plenum trustee run: --state is required"}
	}
	c, err := sf.login(ctx, env, "plenum trustee run")
	if err != nil {
		return fmt.Errorf("trustee run: %w", err)
	}
	st, pass, err := tf.load(env)
	if errors.Is(err, os.ErrNotExist) {
		pass, err = tf.passphrase(env) // the first run makes the trustee's keys
	}
	if err != nil {
		return fmt.Errorf("trustee run: %w", err)
	}
	t := &trustee.Client{API: c, Election: *sf.election, State: st,
		Save: func(st *trustee.State) error { return tf.save(st, pass, workFactor(env)) },
		Sent: func(step string) { fmt.Fprintf(env.Stderr, "sent %s\n", step) }}
	for {
		p, err := t.Pass(ctx)
		if err != nil {
			return fmt.Errorf("trustee run: %w", err)
		}
		if p.Done || !*wait {
			fmt.Fprintln(env.Stdout, p)
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(trusteePoll):
		}
	}
}

// trusteePoll is how often run --wait looks again.
var trusteePoll = 5 * time.Second
