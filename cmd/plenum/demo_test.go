package main

import (
	"context"
	"path/filepath"
	"testing"

	"plenum"
)

// openDemoApp opens an App on an empty SQLite file, with the demo's files and
// cheap password hashing, for tests that load the demo.
func openDemoApp(t *testing.T) *plenum.App {
	t.Helper()
	demoDir = filepath.Join("..", "..", "examples", "tenants-union")
	dbf := &dbFlags{db: filepath.Join(t.TempDir(), "demo.db")}
	app, db, err := dbf.openApp(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	app.Argon2 = plenum.Argon2Params{Time: 1, Memory: 1024, Threads: 1}
	return app
}

func TestLoadDemo(t *testing.T) {
	ctx := context.Background()
	app := openDemoApp(t)
	logins, err := loadDemo(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	if len(logins) != len(demoAccounts)+1 {
		t.Fatalf("%d logins", len(logins))
	}
	for _, l := range logins {
		token, _, err := app.Login(ctx, l.Email, l.Password, "")
		if err != nil {
			t.Fatalf("%s (%s): %v", l.Email, l.Who, err)
		}
		v, _ := app.Authenticate(ctx, token)
		if (l == demoOperator) != v.IsOperator() || (l == demoOperator) == (v.Member != nil) {
			t.Errorf("%s: operator %v, member %v", l.Email, v.IsOperator(), v.Member != nil)
		}
	}
	// A second start finds the demo and loads nothing.
	again, err := loadDemo(ctx, app)
	if err != nil || len(again) != len(logins) {
		t.Errorf("second load: %d logins, %v", len(again), err)
	}
	orgs, _ := app.Orgs(ctx)
	if len(orgs) != 1 {
		t.Errorf("%d organizations after two loads", len(orgs))
	}
}
