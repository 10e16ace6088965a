package plenum_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"plenum"
	"plenum/constitution"
	"plenum/record"
	"plenum/storetest"
)

var ctx = context.Background()

// clock is a settable clock for tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// testApp is an App on a fresh SQLite database with a fixed clock, seeded
// randomness and cheap password hashing.
func testApp(t *testing.T) (*plenum.App, *clock) {
	t.Helper()
	return appOn(t, storetest.SQLite(t))
}

func appOn(t testing.TB, s plenum.Store) (*plenum.App, *clock) {
	c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	app := plenum.NewApp(s, ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize)))
	app.Now = c.now
	app.Rand = rand.NewChaCha8([32]byte{1})
	app.Argon2 = plenum.Argon2Params{Time: 1, Memory: 1024, Threads: 1}
	return app, c
}

// example reads a file of examples/tenants-union.
func example(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("examples", "tenants-union", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// founding returns the Founding of the tenants' union with members.
func founding(t testing.TB, members []byte) plenum.Founding {
	t.Helper()
	src := example(t, "constitution.yaml")
	c, err := constitution.Parse("constitution.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	f := plenum.Founding{File: "constitution.yaml", Source: src, Constitution: c}
	if members != nil {
		rows, bad := plenum.ReadMembersCSV("members.csv", bytes.NewReader(members))
		f.Members = &plenum.MemberImport{File: "members.csv", Rows: rows, Bad: bad}
	}
	return f
}

// riverside founds the tenants' union and returns it.
func riverside(t *testing.T, app *plenum.App) *plenum.Organization {
	t.Helper()
	org, err := app.Found(ctx, plenum.CommandLine, founding(t, example(t, "members.csv")))
	if err != nil {
		t.Fatal(err)
	}
	return org
}

// unit returns the unit at path.
func unit(t testing.TB, app *plenum.App, org *plenum.Organization, path string) *plenum.Unit {
	t.Helper()
	units, err := app.UnitTree(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Path == path {
			return u
		}
	}
	t.Fatalf("no unit %s", path)
	return nil
}

// login opens an account for the member with email (from the command line)
// and returns the member's viewer.
func login(t testing.TB, app *plenum.App, org *plenum.Organization, email string) *plenum.Viewer {
	t.Helper()
	m := member(t, app, org, email)
	if _, err := app.OpenAccount(ctx, plenum.CommandLine, m.ID, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	token, _, err := app.Login(ctx, email, "correct horse battery", "")
	if err != nil {
		t.Fatal(err)
	}
	v, err := app.Authenticate(ctx, token)
	if err != nil || v.Member == nil || v.Member.ID != m.ID {
		t.Fatalf("authenticate %s: %+v, %v", email, v, err)
	}
	return v
}

// member finds a member by email through the directory of the root unit,
// as an officer of the root would.
func member(t testing.TB, app *plenum.App, org *plenum.Organization, email string) *plenum.Member {
	t.Helper()
	var found *plenum.Member
	err := app.Store.View(ctx, func(tx plenum.Tx) (err error) {
		found, err = tx.MemberByEmail(ctx, org.ID, email)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// verifyRecord checks the whole record against the app's key and returns
// its entries.
func verifyRecord(t *testing.T, app *plenum.App) []*record.Entry {
	t.Helper()
	v := record.NewVerifier(app.PublicKey())
	var all []*record.Entry
	err := app.Store.View(ctx, func(tx plenum.Tx) error {
		return tx.EachEntry(ctx, func(e *record.Entry) error {
			all = append(all, e)
			return v.Add(*e)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}
