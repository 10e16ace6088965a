package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"plenum"
	"plenum/constitution"
)

func runInit(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum init", `plenum init [--db X] [--members FILE.csv] CONSTITUTION.yaml

Founds an organization from its constitution: checks the file, then creates
the units, bodies and offices, imports the members of --members (columns
name,email,unit,member_number), and enters the founding mandates (rule R1),
whose holders must be among the members, by email. Everything or nothing: any
problem, named by file, line and field, leaves the database as it was.`)
	dbf := addDBFlags(fs, env)
	membersFile := fs.String("members", "", "a CSV file of the organization's members, imported with it")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"plenum init: give one constitution file (see plenum init -h)"}
	}
	f, err := readFounding(pos[0], *membersFile)
	if err != nil {
		return err
	}
	app, db, err := dbf.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	org, err := app.Found(ctx, plenum.CommandLine, *f)
	if err != nil {
		return userError(err)
	}
	members := 0
	if f.Members != nil {
		members = len(f.Members.Rows)
	}
	c := f.Constitution
	fmt.Fprintf(env.Stdout, "founded %s (%s): %d units, %d bodies, %d offices, %d members, %d founding mandates\n",
		org.Name, org.Slug, len(c.AllUnits()), len(c.Bodies), len(c.Offices), members, len(c.FoundingMandates))
	return nil
}

// readFounding reads and checks the constitution and the members file.
func readFounding(file, membersFile string) (*plenum.Founding, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	c, err := constitution.Parse(file, src)
	if err != nil {
		return nil, err
	}
	f := &plenum.Founding{File: file, Source: src, Constitution: c}
	if membersFile != "" {
		in, err := readMembers(membersFile)
		if err != nil {
			return nil, err
		}
		f.Members = in
	}
	return f, nil
}

// readMembers reads a members file; bad rows are left for the import to
// report with any others.
func readMembers(file string) (*plenum.MemberImport, error) {
	r, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	rows, bad := plenum.ReadMembersCSV(file, r)
	return &plenum.MemberImport{File: file, Rows: rows, Bad: bad}, nil
}

var errNoOrg = errors.New("the database holds no organization: found one first with plenum init")
