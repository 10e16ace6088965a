package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"plenum/ballotfile"
	"plenum/count"
)

const ballotsUsage = `plenum ballots generate --ballots N --candidates C [--seats S] [--seed S] [--model impartial|spatial]

Writes a BLT file of N synthetic ranked ballots over C candidates to
standard output, for benchmarks and trials. impartial: every ranking of a
random length equally likely; spatial: voters and candidates are points in
the plane and voters rank the nearer candidates first.`

func runBallots(ctx context.Context, env *Env, args []string) error {
	return dispatch(ctx, env, "plenum ballots", []command{
		{"generate", "write synthetic ballots as BLT", runBallotsGenerate},
	}, args)
}

func runBallotsGenerate(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum ballots generate", ballotsUsage)
	n := fs.Int("ballots", 1000, "number of ballots")
	c := fs.Int("candidates", 5, "number of candidates")
	seats := fs.Int("seats", 1, "seats, written in the file's header")
	seed := fs.Uint64("seed", 1, "random seed")
	model := fs.String("model", "impartial", "impartial or spatial")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *n < 1 || *c < 1 || *c > 1000 || *seats < 0 {
		return usageError{"plenum ballots generate: --ballots and --candidates must be positive (at most 1000 candidates)"}
	}
	rng := rand.New(rand.NewPCG(*seed, 0))
	var gen func() []int
	switch *model {
	case "impartial":
		gen = func() []int { return rng.Perm(*c)[:1+rng.IntN(*c)] }
	case "spatial":
		gen = spatialVoter(rng, *c)
	default:
		return usageError{fmt.Sprintf("plenum ballots generate: unknown model %q", *model)}
	}
	e := &ballotfile.Election{Profile: count.Profile{Title: fmt.Sprintf("Synthetic %s election, seed %d", *model, *seed), Seats: *seats}}
	for i := range *c {
		e.Candidates = append(e.Candidates, fmt.Sprintf("Candidate %d", i+1))
	}
	for range *n {
		ranks := [][]int{}
		for _, x := range gen() {
			ranks = append(ranks, []int{x})
		}
		e.Ballots = append(e.Ballots, count.Ballot{Ranks: ranks, Weight: 1})
	}
	return ballotfile.WriteBLT(env.Stdout, e)
}

// spatialVoter places candidates at random in the unit square; each voter
// is a random point who ranks the candidates within reach, nearest first.
func spatialVoter(rng *rand.Rand, c int) func() []int {
	xs, ys := make([]float64, c), make([]float64, c)
	for i := range c {
		xs[i], ys[i] = rng.Float64(), rng.Float64()
	}
	return func() []int {
		x, y := rng.NormFloat64()*0.3+0.5, rng.NormFloat64()*0.3+0.5
		order := make([]int, c)
		dist := make([]float64, c)
		for i := range c {
			order[i] = i
			dist[i] = math.Hypot(xs[i]-x, ys[i]-y)
		}
		slices.SortFunc(order, func(a, b int) int { return cmpFloat(dist[a], dist[b]) })
		return order[:1+rng.IntN(c)]
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
