package sqlstore_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"plenum"
	"plenum/sqlstore"
	"plenum/storetest"
)

var ctx = context.Background()

func TestReopenAndNewerSchema(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			dsn := storetest.SQLitePath(t)
			if kind == "postgres" {
				dsn = storetest.PostgresURL(t)
			}
			db, err := sqlstore.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			have, known, err := db.SchemaVersion(ctx)
			if err != nil || have != known || have < 1 {
				t.Fatalf("schema version %d of %d, %v", have, known, err)
			}
			db.Close()
			// Opening again applies nothing and keeps the data.
			db, err = sqlstore.Open(ctx, dsn)
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			err = db.Update(ctx, func(tx plenum.Tx) error {
				return tx.CreateOrg(ctx, &plenum.Organization{Slug: "a", Name: "A"})
			})
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			raw, err := sql.Open(map[string]string{"sqlite": "sqlite", "postgres": "pgx"}[kind], dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			if _, err := raw.Exec("INSERT INTO schema_migrations (version, name, applied) VALUES (999, '0999_future.sql', 0)"); err != nil {
				t.Fatal(err)
			}
			if _, err := sqlstore.Open(ctx, dsn); err == nil || !strings.Contains(err.Error(), "newer than this plenum") {
				t.Errorf("opening a newer schema: %v", err)
			}
		})
	}
}

func TestSQLiteSettings(t *testing.T) {
	path := storetest.SQLitePath(t)
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var mode string
	if err := raw.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q, %v; want wal", mode, err)
	}
	// Foreign keys are enforced.
	err = db.Update(ctx, func(tx plenum.Tx) error {
		return tx.CreateUnit(ctx, &plenum.Unit{Org: 42, Name: "X", Path: "X"})
	})
	if err == nil {
		t.Error("a unit of a missing organization was stored")
	}
}

// TestPlans checks that the directory and record pages, a member's
// notifications and a notice's recipients are index ranges.
// PostgreSQL's planner picks by table statistics, so its plans are checked
// at scale by BenchmarkImport; here, on small tables, only SQLite's.
func TestPlans(t *testing.T) {
	db := storetest.SQLite(t)
	plans, err := db.Plans(ctx, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	for name, plan := range plans {
		t.Logf("%s:\n%s", name, plan)
		if bad := scans(plan); bad != "" {
			t.Errorf("%s scans a table: %s", name, bad)
		}
	}
}

// scans returns the first step of a plan that reads a whole table or sorts
// what an index does not order. Reading and sorting the rows of a
// co-routine (a subquery with its own LIMIT, as each arm of "my
// notifications" is) is bounded by that limit, and allowed.
func scans(plan string) string {
	coroutines := map[string]bool{}
	bounded := false
	for _, line := range strings.Split(plan, "\n") {
		l := strings.TrimSpace(line)
		if name, ok := strings.CutPrefix(l, "CO-ROUTINE "); ok {
			coroutines[name] = true
		}
		if strings.HasPrefix(l, "SCAN ") {
			bounded = coroutines[strings.TrimPrefix(l, "SCAN ")]
			if !bounded && !strings.Contains(l, " USING ") {
				return l
			}
		}
		if strings.Contains(l, "Seq Scan") || strings.Contains(l, "USE TEMP B-TREE") && !bounded {
			return l
		}
	}
	return ""
}
