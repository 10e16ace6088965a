package main

import (
	"bufio"
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"plenum/count"
	"plenum/rctab"
)

// tallyRCTab counts the contest an RCTab configuration at path describes,
// reading the cast-vote records it names, and returns the report (one per
// pass for multi-pass IRV). Ties the configuration says an operator breaks
// are asked on env's standard input.
func tallyRCTab(ctx context.Context, env *Env, path string) ([]*count.Report, error) {
	cfg, err := rctab.LoadConfig(path)
	if err != nil {
		return nil, err
	}
	if isTerminal(env.Stderr) {
		cfg.OnSource = func(n, of int, file string) {
			fmt.Fprintf(env.Stderr, "\rreading cast-vote records %d of %d: %s\033[K", n, of, filepath.Base(file))
		}
		defer fmt.Fprint(env.Stderr, "\r\033[K")
	}
	ct, err := cfg.Contest()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ct.Options.Ask = askTie(env)
	reports, err := ct.Count()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return reports, nil
}

// askTie asks the operator to break a tie: it lists the tied candidates on
// standard error and reads the number of the one chosen.
func askTie(env *Env) func(round int, tied []string, winner bool) (string, error) {
	in := bufio.NewScanner(env.Stdin)
	return func(round int, tied []string, winner bool) (string, error) {
		what := "eliminate"
		if winner {
			what = "elect"
		}
		fmt.Fprintf(env.Stderr, "Tie in round %d. Candidate to %s:\n", round, what)
		for i, name := range tied {
			fmt.Fprintf(env.Stderr, "  %d. %s\n", i+1, name)
		}
		for {
			fmt.Fprintf(env.Stderr, "Number (1-%d): ", len(tied))
			if !in.Scan() {
				return "", fmt.Errorf("tie in round %d: no choice on standard input: %w", round, count.ErrTie)
			}
			n, err := strconv.Atoi(strings.TrimSpace(in.Text()))
			if err == nil && n >= 1 && n <= len(tied) {
				return tied[n-1], nil
			}
		}
	}
}
