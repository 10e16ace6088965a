package main

import (
	"context"
	"fmt"
	"path/filepath"

	"plenum"
)

// demoDir holds the demo organization, relative to the repository's root,
// where `go run ./cmd/plenum serve --demo` runs.
var demoDir = filepath.Join("examples", "tenants-union")

// demoPassword is the password of every demo account. It is printed when
// serve --demo starts: the demo is for trying plenum out, never for real use.
const demoPassword = "plenum-demo"

// demoLogin is one account serve --demo prints.
type demoLogin struct {
	Who      string // what the account shows, e.g. "Secretary of Riverside"
	Email    string
	Password string
}

// demoAccounts are the demo's members with accounts: officers at each level
// an ordinary member of each branch, the Control commission, which
// hears disciplinary cases, and the Election commission, whose members
// hold the election key and certify results by a decision.
var demoAccounts = []demoLogin{
	{"Secretary of Riverside, Council member", "ana.ribeiro@riverside-tenants.example", demoPassword},
	{"North branch secretary", "grace.okafor@riverside-tenants.example", demoPassword},
	{"South branch secretary", "samir.haddad@riverside-tenants.example", demoPassword},
	{"member of North branch", "olga.petrova@riverside-tenants.example", demoPassword},
	{"member of South branch", "noah.schmidt@riverside-tenants.example", demoPassword},
	{"Control commission member (hears cases)", "patrick.oneill@riverside-tenants.example", demoPassword},
	{"Control commission member (hears cases)", "amara.diallo@riverside-tenants.example", demoPassword},
	{"Control commission member (hears cases)", "sofia.rossi@riverside-tenants.example", demoPassword},
	{"Election commission member (trustee; certifies results)", "fatima.zahra@riverside-tenants.example", demoPassword},
	{"Election commission member (trustee; certifies results)", "jon.eriksen@riverside-tenants.example", demoPassword},
	{"Election commission member (trustee; certifies results)", "mei.chen@riverside-tenants.example", demoPassword},
}

// demoOperator is the demo's instance operator: not a member.
var demoOperator = demoLogin{"instance operator (not a member)", "operator@plenum.example", demoPassword}

// loadDemo founds the demo organization from demoDir when the database holds
// no organization, with accounts for demoAccounts and demoOperator, and
// returns the logins to print. When the demo organization is there already it
// returns the logins again; when another organization is, none.
func loadDemo(ctx context.Context, app *plenum.App) ([]demoLogin, error) {
	orgs, err := app.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	logins := append(append([]demoLogin{}, demoAccounts...), demoOperator)
	if len(orgs) > 0 {
		if len(orgs) == 1 && orgs[0].Slug == plenum.Slugify("Riverside Tenants' Union") {
			return logins, nil
		}
		return nil, nil
	}
	f, err := readFounding(filepath.Join(demoDir, "constitution.yaml"), filepath.Join(demoDir, "members.csv"))
	if err != nil {
		return nil, fmt.Errorf("load the demo (run plenum from the repository's root): %w", err)
	}
	org, err := app.Found(ctx, plenum.CommandLine, *f)
	if err != nil {
		return nil, fmt.Errorf("load the demo: %w", userError(err))
	}
	for _, l := range demoAccounts {
		m, err := app.MemberByEmail(ctx, plenum.CommandLine, org.ID, l.Email)
		if err != nil {
			return nil, fmt.Errorf("demo account %s: %w", l.Email, err)
		}
		if _, err := app.OpenAccount(ctx, plenum.CommandLine, m.ID, l.Password); err != nil {
			return nil, fmt.Errorf("demo account %s: %w", l.Email, err)
		}
	}
	if _, err := app.CreateOperator(ctx, plenum.CommandLine, demoOperator.Email, demoOperator.Password); err != nil {
		return nil, fmt.Errorf("demo operator: %w", err)
	}
	return logins, nil
}
