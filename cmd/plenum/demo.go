package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"plenum"
	"plenum/constitution"
)

// demoDir is the demo organization, read from the working tree: serve --demo
// is run from a clone of the repository.
const demoDir = "examples/tenants-union"

// demoPassword is the password of every demo login.
const demoPassword = "plenum-demo-password"

// demoLogins are the accounts serve --demo opens: an officer, a member of each
// branch, and the operator.
var demoLogins = []struct{ email, who string }{
	{"ana.ribeiro@riverside-tenants.example", "Secretary of the union, on the council"},
	{"grace.okafor@riverside-tenants.example", "North branch secretary"},
	{"olga.petrova@riverside-tenants.example", "member of the North branch"},
	{"noah.schmidt@riverside-tenants.example", "member of the South branch"},
}

const demoOperator = "operator@plenum.example"

// loadDemo founds the demo organization when the database has none, opens
// the demo logins, and prints them.
func loadDemo(ctx context.Context, app *plenum.App, env *Env) error {
	orgs, err := app.Orgs(ctx)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		if err := foundDemo(ctx, app); err != nil {
			return fmt.Errorf("load the demo organization: %w", err)
		}
	}
	fmt.Fprintf(env.Stdout, "Demo logins (password %q):\n", demoPassword)
	for _, l := range demoLogins {
		fmt.Fprintf(env.Stdout, "  %-42s %s\n", l.email, l.who)
	}
	fmt.Fprintf(env.Stdout, "  %-42s %s\n", demoOperator, "the instance operator")
	return nil
}

func foundDemo(ctx context.Context, app *plenum.App) error {
	src, err := os.ReadFile(filepath.Join(demoDir, "constitution.yaml"))
	if err != nil {
		return err
	}
	c, err := constitution.Parse(filepath.Join(demoDir, "constitution.yaml"), src)
	if err != nil {
		return err
	}
	csv, err := os.ReadFile(filepath.Join(demoDir, "members.csv"))
	if err != nil {
		return err
	}
	file := filepath.Join(demoDir, "members.csv")
	rows, bad := plenum.ReadMembersCSV(file, bytes.NewReader(csv))
	if len(bad) > 0 {
		return bad
	}
	org, err := app.Found(ctx, plenum.CommandLine, plenum.Founding{
		File: filepath.Join(demoDir, "constitution.yaml"), Source: src, Constitution: c,
		Members: &plenum.MemberImport{File: file, Rows: rows},
	})
	if err != nil {
		return err
	}
	for _, l := range demoLogins {
		var m *plenum.Member
		err := app.Store.View(ctx, func(tx plenum.Tx) (err error) {
			m, err = tx.MemberByEmail(ctx, org.ID, l.email)
			return err
		})
		if err != nil {
			return err
		}
		if _, err := app.OpenAccount(ctx, plenum.CommandLine, m.ID, demoPassword); err != nil {
			return err
		}
	}
	_, err = app.CreateOperator(ctx, plenum.CommandLine, demoOperator, demoPassword)
	return err
}
