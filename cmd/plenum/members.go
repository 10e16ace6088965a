package main

import (
	"context"
	"fmt"

	"plenum"
)

func runMembers(ctx context.Context, env *Env, args []string) error {
	return dispatch(ctx, env, "plenum members", []command{
		{"import", "import members from a CSV file", runMembersImport},
	}, args)
}

func runMembersImport(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum members import", `plenum members import [--db X] [--org SLUG] [--skip-bad] FILE.csv

Imports members from a CSV file whose first line names the columns name,
email, unit (the full path of a unit without sub-units, e.g.
"Riverside/North branch") and, optionally, member_number. Every bad row is
reported by line; if any row is bad nothing is imported, unless --skip-bad,
which imports the good rows and reports the others.`)
	dbf := addDBFlags(fs, env)
	slug := fs.String("org", "", "the organization (its URL name); needed when the database holds several")
	skipBad := fs.Bool("skip-bad", false, "import the good rows even if some are bad, and report the bad ones")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"plenum members import: give one CSV file (see plenum members import -h)"}
	}
	in, err := readMembers(pos[0])
	if err != nil {
		return err
	}
	in.SkipBad = *skipBad
	app, db, err := dbf.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	org, err := pickOrg(ctx, app, *slug)
	if err != nil {
		return err
	}
	rep, err := app.ImportMembers(ctx, plenum.CommandLine, org.ID, *in)
	if err != nil {
		return userError(err)
	}
	for _, e := range rep.Skipped {
		fmt.Fprintf(env.Stderr, "skipped %s\n", plenum.ErrorMessage(e))
	}
	fmt.Fprintf(env.Stdout, "imported %d members into %s", rep.Imported, org.Name)
	if len(rep.Skipped) > 0 {
		fmt.Fprintf(env.Stdout, "; skipped %d bad rows", len(rep.Skipped))
	}
	fmt.Fprintln(env.Stdout)
	return nil
}

// pickOrg returns the organization slug names, or the only one there is.
func pickOrg(ctx context.Context, app *plenum.App, slug string) (*plenum.Organization, error) {
	if slug != "" {
		org, err := app.Org(ctx, slug)
		if plenum.ErrorKind(err) == plenum.NotFound {
			return nil, fmt.Errorf("no organization %q", slug)
		}
		return org, err
	}
	orgs, err := app.Orgs(ctx)
	switch {
	case err != nil:
		return nil, err
	case len(orgs) == 0:
		return nil, errNoOrg
	case len(orgs) > 1:
		return nil, usageError{"the database holds several organizations: name one with --org"}
	}
	return orgs[0], nil
}
