package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"plenum/count"
	"plenum/secretballot"
)

const verifyUsage = `plenum verify [--json] [--earlier DIR] [--progress auto|always|never] DIR

Checks the election record in DIR: the hash chain of its events, the
manifest, the trustees' key generation, every credential, ballot, signature
and proof, the audited ballots, the encrypted tally, every partial
decryption, and the result, which it recomputes. Exits with status 0 when the
record is valid; otherwise prints the first failure (event file, line, field,
reason) and exits with status 1. --json prints a report with the recomputed
result in the shape of 'plenum tally --json'. --earlier names an earlier
snapshot of the same record, which the record must extend unchanged.`

func runVerify(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum verify", verifyUsage)
	asJSON := fs.Bool("json", false, "print a JSON report on stdout")
	earlier := fs.String("earlier", "", "an earlier snapshot `DIR` the record must extend")
	progress := fs.String("progress", "auto", "progress bar on stderr: auto (for records over 64 MB), always or never")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"plenum verify: want one record directory"}
	}
	dir := fs.Arg(0)
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	opts := secretballot.VerifyOptions{}
	switch *progress {
	case "auto", "always":
		bar := newProgressMeter(env.Stderr, "verify", *progress == "always", 64<<20)
		opts.Progress = bar.update
		defer bar.finish()
	case "never":
	default:
		return usageError{fmt.Sprintf("plenum verify: --progress %q: want auto, always or never", *progress)}
	}
	if *earlier != "" {
		opts.Earlier = os.DirFS(*earlier)
	}
	rep, err := secretballot.Verify(os.DirFS(dir), opts)
	if *asJSON {
		return printVerifyJSON(env.Stdout, rep, err)
	}
	if err != nil {
		return fmt.Errorf("verify %s: INVALID: %w", dir, err)
	}
	fmt.Fprintf(env.Stdout, "%s: valid election record, %d events, head %s\n", dir, rep.Events, rep.Head)
	decrypted := fmt.Sprintf("decrypted by trustees %v", rep.Decrypted)
	if rep.Counted == 0 {
		decrypted = "no ballot counted: every total is zero, nothing to decrypt"
	}
	fmt.Fprintf(env.Stdout, "%d credentials, %d ballots cast, %d counted, %d audited; %s\n",
		rep.Credentials, rep.Ballots, rep.Counted, rep.Audited, decrypted)
	for _, d := range rep.Disqualified {
		fmt.Fprintf(env.Stdout, "trustee %d left out of the key ceremony: %s\n", d.Trustee, d.Reason)
	}
	if len(rep.NotMixed) > 0 {
		fmt.Fprintf(env.Stdout, "trustees %v did not mix: the mix-net closed at its deadline without them\n", rep.NotMixed)
	}
	for _, q := range rep.Result.Questions {
		fmt.Fprintf(env.Stdout, "%s: elected %v\n", q.ID, q.Elected)
		if q.Report != nil {
			fmt.Fprintf(env.Stdout, "  %d valid rankings, %d invalid; first preferences:\n", q.Ballots, q.Invalid)
		}
		for i, o := range q.Options {
			fmt.Fprintf(env.Stdout, "  %-24s %d\n", o, q.Totals[i])
		}
	}
	return nil
}

// verifyJSON is the --json report: valid or not, the failure, and what the
// record holds, with each question's result as 'plenum tally --json' gives it.
type verifyJSON struct {
	Valid   bool                 `json:"valid"`
	Error   *secretballot.Error  `json:"error,omitempty"`
	Record  *secretballot.Report `json:"record,omitempty"`
	Results []*count.Report      `json:"results,omitempty"`
}

func printVerifyJSON(w io.Writer, rep *secretballot.Report, err error) error {
	out := verifyJSON{Valid: err == nil, Record: rep}
	if err != nil {
		var e *secretballot.Error
		if !errors.As(err, &e) {
			e = &secretballot.Error{Reason: err.Error()}
		}
		out.Error, out.Record = e, nil
	} else {
		out.Results = rep.Result.Tallies(rep.Manifest, rep.ElectionHash)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if encErr := enc.Encode(out); encErr != nil {
		return encErr
	}
	if err != nil {
		return fmt.Errorf("verify: INVALID: %w", err)
	}
	return nil
}
