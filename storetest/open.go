// Package storetest holds the conformance suite of plenum.Store, run on
// SQLite and on PostgreSQL, and helpers that give tests of other packages a
// fresh database of either kind.
//
// PostgreSQL tests need PLENUM_TEST_POSTGRES, the URL of a cluster where they
// may create databases; scripts/test starts one and sets it. Without it they
// are skipped (with a message saying so); with it set and the cluster
// unreachable they fail.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for the admin connection

	"plenum/sqlstore"
)

// PostgresEnv names the variable holding the test cluster's URL.
const PostgresEnv = "PLENUM_TEST_POSTGRES"

// SQLite opens a new SQLite database in a temporary directory, closed when
// the test ends.
func SQLite(t testing.TB) *sqlstore.DB {
	t.Helper()
	return open(t, SQLitePath(t))
}

// SQLitePath returns the path of a SQLite file in a temporary directory.
func SQLitePath(t testing.TB) string {
	return filepath.Join(t.TempDir(), "plenum.db")
}

// Postgres opens a new, empty PostgreSQL database of its own, dropped when
// the test ends; see the package comment for when it skips or fails.
func Postgres(t testing.TB) *sqlstore.DB {
	t.Helper()
	return open(t, PostgresURL(t))
}

// PostgresURL creates a new PostgreSQL database, dropped when the test ends,
// and returns its URL.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(PostgresEnv)
	if admin == "" {
		t.Skip(PostgresEnv + " is not set: run scripts/test, which starts a PostgreSQL cluster for the tests")
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("PostgreSQL at %s: %v", PostgresEnv, err)
	}
	t.Cleanup(func() { db.Close() })
	b := make([]byte, 8)
	rand.Read(b)
	name := "plenum_test_" + hex.EncodeToString(b)
	if _, err := db.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("PostgreSQL at %s unreachable or refusing: %v", PostgresEnv, err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

func open(t testing.TB, dsn string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Both runs fn as two subtests, "sqlite" and "postgres", each on a fresh
// database.
func Both(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}
