package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Env is what a subcommand may touch of the outside world; tests pass their own.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// A command is one subcommand. Groups such as "record" list their own
// subcommands and dispatch with dispatch.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// commands lists every subcommand, in the order `plenum help` shows them.
func commands() []command {
	return []command{
		{"serve", "serve the web pages and the JSON API", runServe},
		{"version", "print the version of plenum", runVersion},
		{"init", "found an organization from its constitution (and members)", runInit},
		{"members", "import members from a CSV file", runMembers},
		{"record", "verify or export the tamper-evident record", runRecord},
		{"migrate", "bring the database's schema up to date", runMigrate},
		{"backup", "write a consistent copy of the database", runBackup},
		{"operator", "create the instance operator's account", runOperator},
		{"tally", "count a file of ballots, round by round", runTally},
		{"ballots", "generate synthetic ballot files", runBallots},
		{"simulate", "run a whole secret-ballot election in one process, writing its record", runSimulate},
		{"verify", "check an election record and recompute its result", runVerify},
		{"trustee", "a trustee's work on an election, against a server (run) or offline: keygen, share, mix, decrypt", runTrustee},
		{"vote", "vote in a secret-ballot election from a terminal, or audit a ballot", runVote},
	}
}

// usageError is a mistake in how plenum was called; main exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(ctx context.Context, args []string, env *Env) error {
	return dispatch(ctx, env, "plenum", commands(), args)
}

// dispatch runs the subcommand that args name among cmds.
func dispatch(ctx context.Context, env *Env, prefix string, cmds []command, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			return dispatch(ctx, env, prefix, cmds, []string{args[1], "-h"})
		}
		printHelp(env.Stdout, prefix, cmds)
		if len(args) == 0 {
			return usageError{prefix + ": no command given"}
		}
		return nil
	}
	for _, c := range cmds {
		if c.name == args[0] {
			err := c.run(ctx, env, args[1:])
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return err
		}
	}
	return usageError{fmt.Sprintf("%s: unknown command %q (see %s help)", prefix, args[0], prefix)}
}

func printHelp(w io.Writer, prefix string, cmds []command) {
	fmt.Fprintf(w, "Usage: %s COMMAND [flags] [arguments]\n\nCommands:\n", prefix)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range cmds {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nRun '%s help COMMAND' or '%s COMMAND -h' for a command's flags.\n", prefix, prefix)
}

// newFlags returns a FlagSet for a subcommand that writes its help to stderr
// and returns errors instead of exiting.
func newFlags(env *Env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: %s\n", strings.TrimSpace(usage))
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and turns flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
	}
	return nil
}
