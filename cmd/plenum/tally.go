package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"plenum/ballotfile"
	"plenum/count"
)

const tallyUsage = `plenum tally [--method M] [--seats N] [--format F] [--json | --csv | --html FILE] FILE...
       plenum tally --rctab CONFIG.json [--json | --csv | --html FILE]

Counts the ballots in FILE (several files are counted together; their
candidates must agree) and prints the count round by round. Formats: blt,
preflib (.soi .soc .toi .toc), cvotes, json; by default from the file's
extension or content.

Methods: plurality, block, approval, referendum, irv (with RCTab's rules:
see the irv flags), stv-scottish, stv-wigm, stv-meek, schulze, ranked-pairs.
The default is stv-scottish when more than one seat is to be filled and irv
otherwise.

--rctab counts the contest an RCTab configuration describes, from the
cast-vote records it names, by the rules it sets.`

// tallyMethods lists the methods `plenum tally` runs.
var tallyMethods = []string{"plurality", "block", "approval", "referendum", "irv", "stv-scottish", "stv-wigm", "stv-meek", "schulze", "ranked-pairs"}

type tallyFlags struct {
	method, format, html, strength string
	seats, places                  int
	seed                           uint64
	json, csv, exact               bool
	electorate                     int64
	quorum, majority               string
	rctab                          string
	irv                            irvFlags
}

func runTally(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum tally", tallyUsage)
	var f tallyFlags
	fs.StringVar(&f.method, "method", "", "counting method (see above)")
	fs.IntVar(&f.seats, "seats", 0, "seats to fill (default: as the file says, else 1)")
	fs.StringVar(&f.format, "format", "", "ballot file format: "+strings.Join(ballotfile.Formats, ", "))
	fs.BoolVar(&f.json, "json", false, "print the report as JSON")
	fs.BoolVar(&f.csv, "csv", false, "print the round-by-round summary as CSV, in RCTab's layout")
	fs.StringVar(&f.html, "html", "", "write a self-contained HTML report to `FILE`")
	fs.Uint64Var(&f.seed, "seed", 0, "seed for ties broken by lot")
	fs.IntVar(&f.places, "places", 0, "decimal places of STV arithmetic (default: the rule's own)")
	fs.BoolVar(&f.exact, "exact", false, "stv-meek: count in exact rationals")
	fs.StringVar(&f.strength, "strength", "winning", "schulze, ranked-pairs: defeat strength: winning, margin or ratio")
	fs.Int64Var(&f.electorate, "electorate", 0, "referendum: members entitled to vote")
	fs.StringVar(&f.quorum, "quorum", "", "referendum: turnout needed, as a share of the electorate (e.g. 1/4)")
	fs.StringVar(&f.majority, "majority", "", "referendum: share of yes and no votes yes must reach (e.g. 2/3; default more than 1/2)")
	fs.StringVar(&f.rctab, "rctab", "", "count as the RCTab configuration `CONFIG.json` says")
	f.irv.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 && f.rctab == "" {
		return usageError{"plenum tally: no ballot file given"}
	}
	if fs.NArg() > 0 && f.rctab != "" {
		return usageError{"plenum tally: --rctab reads the files its configuration names; give no FILE"}
	}
	outputs := 0
	for _, b := range []bool{f.json, f.csv, f.html != ""} {
		if b {
			outputs++
		}
	}
	if outputs > 1 {
		return usageError{"plenum tally: choose one of --json, --csv and --html"}
	}
	// A count is a short batch job whose memory is mostly the ballots it
	// keeps, so collecting garbage as it goes buys little: collect only if
	// memory use nears a limit well above what the files need.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(gcLimit(fs.Args())))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	reports, err := tallyReports(ctx, env, fs.Args(), f)
	if err != nil {
		return err
	}
	for i, rep := range reports {
		if f.html != "" && len(reports) > 1 {
			// One page per pass of a multi-pass count: FILE-1.html, ...
			ext := filepath.Ext(f.html)
			f.html = fmt.Sprintf("%s-%d%s", strings.TrimSuffix(f.html, ext), i+1, ext)
		}
		if err := writeReport(env, rep, f); err != nil {
			return err
		}
	}
	return nil
}

// gcLimit is the memory a count may use before collecting garbage: 512 MiB,
// or eight times the size of its files if more.
func gcLimit(files []string) int64 {
	limit := int64(512 << 20)
	var size int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			size += st.Size()
		}
	}
	return max(limit, 8*size)
}

// tallyReports counts as the flags say: one report, or one per pass of a
// multi-pass count.
func tallyReports(ctx context.Context, env *Env, files []string, f tallyFlags) ([]*count.Report, error) {
	if f.rctab != "" {
		return tallyRCTab(ctx, env, f.rctab)
	}
	e, err := readBallotFiles(env, files, f.format)
	if err != nil {
		return nil, err
	}
	for _, w := range e.Warnings {
		fmt.Fprintln(env.Stderr, "plenum tally: warning:", w)
	}
	if f.seats > 0 {
		e.Seats = f.seats
	}
	if e.Seats == 0 {
		e.Seats = 1
	}
	if f.method == "irv" || (f.method == "" && e.Seats == 1) {
		opt, err := f.irv.options(e.Seats)
		if err != nil {
			return nil, err
		}
		if opt.Mode == count.MultiPass {
			return count.SequentialIRV(&e.Profile, opt)
		}
		rep, err := count.IRV(&e.Profile, opt)
		return []*count.Report{rep}, err
	}
	rep, err := countElection(e, f)
	return []*count.Report{rep}, err
}

// writeReport prints rep in the form the flags ask for.
func writeReport(env *Env, rep *count.Report, f tallyFlags) error {
	switch {
	case f.json:
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case f.csv:
		return writeTallyCSV(env.Stdout, rep)
	case f.html != "":
		return writeHTMLFile(f.html, rep)
	}
	return writeTallyTable(env.Stdout, rep)
}

// countElection runs the method the flags name on e.
func countElection(e *ballotfile.Election, f tallyFlags) (*count.Report, error) {
	method := f.method
	if method == "" {
		method = "stv-scottish"
	}
	stv := count.STVOptions{Places: f.places, TieOrder: e.TieOrder, Seed: f.seed, Exact: f.exact}
	cond := count.CondorcetOptions{IgnoreUnranked: e.IgnoreUnranked}
	switch f.strength {
	case "winning":
	case "margin":
		cond.Strength = count.Margin
	case "ratio":
		cond.Strength = count.Ratio
	default:
		return nil, usageError{fmt.Sprintf("plenum tally: --strength %q: want winning, margin or ratio", f.strength)}
	}
	p := &e.Profile
	switch method {
	case "plurality":
		return count.Plurality(p, f.seed)
	case "block":
		return count.Block(p, f.seed)
	case "approval":
		return count.Approval(p, f.seed)
	case "referendum":
		opt, err := referendumOptions(f)
		if err != nil {
			return nil, err
		}
		return count.Referendum(p, opt)
	case "stv-scottish", "scottish":
		return count.ScottishSTV(p, stv)
	case "stv-wigm", "wigm":
		return count.WIGM(p, stv)
	case "stv-meek", "meek":
		return count.Meek(p, stv)
	case "schulze":
		return count.Schulze(p, cond)
	case "ranked-pairs":
		return count.RankedPairs(p, cond)
	}
	return nil, usageError{fmt.Sprintf("plenum tally: unknown method %q (methods: %s)", method, strings.Join(tallyMethods, ", "))}
}

func referendumOptions(f tallyFlags) (count.ReferendumOptions, error) {
	opt := count.ReferendumOptions{Electorate: f.electorate, AtLeast: f.majority != ""}
	parse := func(name, s string) (*big.Rat, error) {
		if s == "" {
			return nil, nil
		}
		r, ok := new(big.Rat).SetString(s)
		if !ok || r.Sign() < 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
			return nil, usageError{fmt.Sprintf("plenum tally: --%s %q: want a share between 0 and 1, such as 2/3", name, s)}
		}
		return r, nil
	}
	var err error
	if opt.Quorum, err = parse("quorum", f.quorum); err != nil {
		return opt, err
	}
	if opt.Quorum != nil && f.electorate <= 0 {
		return opt, usageError{"plenum tally: --quorum needs --electorate"}
	}
	opt.Majority, err = parse("majority", f.majority)
	return opt, err
}

// readBallotFiles reads and merges the files; their candidates must agree.
func readBallotFiles(env *Env, paths []string, format string) (*ballotfile.Election, error) {
	var all *ballotfile.Election
	var merged count.Packer
	for i, path := range paths {
		e, err := readBallotFile(env, path, format)
		if err != nil {
			return nil, err
		}
		if all == nil {
			all = e
		} else if !slices.Equal(all.Candidates, e.Candidates) {
			return nil, fmt.Errorf("%s: candidates differ from those of %s", path, paths[0])
		}
		if len(paths) == 1 {
			break
		}
		for b := range e.All() {
			if err := merged.Add(b.Ranks, b.Weight); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		}
		if i > 0 {
			all.Warnings = append(all.Warnings, e.Warnings...)
		}
	}
	if len(paths) > 1 {
		all.Ballots, all.Packed = nil, merged.Packed()
	}
	return all, nil
}

func readBallotFile(env *Env, path, format string) (*ballotfile.Election, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if bar := newProgressBar(env.Stderr, f, path); bar != nil {
		defer bar.done()
		r = bar
	}
	return ballotfile.Read(r, path, format)
}
