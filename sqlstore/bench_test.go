package sqlstore_test

import (
	"crypto/ed25519"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"plenum"
	"plenum/record"
	"plenum/sqlstore"
	"plenum/storetest"
)

// benchMembers is how many members BenchmarkImport imports: 100,000, or
// PLENUM_BENCH_MEMBERS.
func benchMembers(b *testing.B) int {
	if s := os.Getenv("PLENUM_BENCH_MEMBERS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("PLENUM_BENCH_MEMBERS=%q", s)
		}
		return n
	}
	return 100000
}

// BenchmarkImport imports members through the domain (checks, the insert and
// the record entry, one transaction) into a national union of 4 regions of 3
// districts of 2 branches, then checks that the directory and record queries
// use indexes at that size and times a page of the directory.
//
//	scripts/test -run XXX -bench Import -benchtime 1x ./sqlstore/
func BenchmarkImport(b *testing.B) {
	n := benchMembers(b)
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(fmt.Sprintf("%s/%d", kind, n), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				var db *sqlstore.DB
				if kind == "postgres" {
					db = storetest.Postgres(b)
				} else {
					db = storetest.SQLite(b)
				}
				app := plenum.NewApp(db, ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)))
				org, root, leaves := nationalUnion(b, db)
				rows := make([]plenum.MemberRow, n)
				for i := range rows {
					rows[i] = plenum.MemberRow{Line: i + 2, Name: fmt.Sprintf("Member %07d", i),
						Email: fmt.Sprintf("m%07d@example.org", i), Unit: leaves[i%len(leaves)].Path, Number: strconv.Itoa(i)}
				}
				b.StartTimer()
				start, cpu := time.Now(), cpuTime()
				rep, err := app.ImportMembers(ctx, plenum.CommandLine, org, plenum.MemberImport{File: "bench.csv", Rows: rows})
				if err != nil || rep.Imported != n {
					b.Fatalf("import: %v", err)
				}
				b.ReportMetric(float64(n)/time.Since(start).Seconds(), "members/s")
				// On a shared machine the wall time says more about the other
				// processes than about plenum: report this process's CPU time
				// too (for PostgreSQL, without the server's).
				b.ReportMetric((cpuTime() - cpu).Seconds(), "cpu-s")
				b.StopTimer()
				fillRecord(b, db, app, org, leaves, n/5)
				checkAtScale(b, db, org, root, leaves[0], n)
			}
		})
	}
}

// nationalUnion creates the unit tree and returns the org, its root and its
// leaves.
func nationalUnion(b *testing.B, db *sqlstore.DB) (plenum.OrgID, *plenum.Unit, []*plenum.Unit) {
	org := &plenum.Organization{Slug: "national", Name: "National", Constitution: "", Created: time.Now()}
	var root *plenum.Unit
	var leaves []*plenum.Unit
	err := db.Update(ctx, func(tx plenum.Tx) error {
		if err := tx.CreateOrg(ctx, org); err != nil {
			return err
		}
		mk := func(parent *plenum.Unit, name string) *plenum.Unit {
			u := &plenum.Unit{Org: org.ID, Name: name, Path: name}
			if parent != nil {
				u.Parent, u.Path = parent.ID, parent.Path+"/"+name
			}
			if err := tx.CreateUnit(ctx, u); err != nil {
				b.Fatal(err)
			}
			return u
		}
		root = mk(nil, "National")
		for r := range 4 {
			region := mk(root, fmt.Sprintf("Region %d", r))
			for d := range 3 {
				district := mk(region, fmt.Sprintf("District %d", d))
				for br := range 2 {
					leaves = append(leaves, mk(district, fmt.Sprintf("Branch %d", br)))
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return org.ID, root, leaves
}

// checkAtScale fails the benchmark if a directory or record query reads a
// whole table, and reports how long directory pages take.
func checkAtScale(b *testing.B, db *sqlstore.DB, org plenum.OrgID, root, leaf *plenum.Unit, n int) {
	if err := db.Analyze(ctx); err != nil {
		b.Fatal(err)
	}
	for _, u := range []*plenum.Unit{root, leaf} {
		plans, err := db.Plans(ctx, org, u.ID)
		if err != nil {
			b.Fatal(err)
		}
		for name, plan := range plans {
			if bad := scans(plan); bad != "" {
				b.Errorf("%s of %s at scale reads a whole table: %s\n%s", name, u.Path, bad, plan)
			}
			if os.Getenv("PLENUM_BENCH_PLANS") != "" {
				b.Logf("%s of %s:\n%s", name, u.Path, plan)
			}
		}
	}
	for _, tc := range []struct {
		name   string
		unit   *plenum.Unit
		search string
	}{{"root", root, ""}, {"root-search", root, fmt.Sprintf("member %05d", n/200)}, {"leaf", leaf, ""}} {
		q := plenum.DirectoryQuery{Unit: tc.unit.ID, Prefix: plenum.SortKey(tc.search), Limit: 51,
			After: plenum.Cursor{Key: fmt.Sprintf("member %07d", n/2), Member: 1}}
		const reps = 20
		start := time.Now()
		for range reps {
			err := db.View(ctx, func(tx plenum.Tx) error {
				ms, err := tx.Directory(ctx, q)
				if err == nil && len(ms) == 0 {
					err = fmt.Errorf("empty page")
				}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/reps, "µs/page-"+tc.name)
	}
}

// fillRecord appends n entries of varied organizations, units, types and
// visibility, so that the record's queries are planned at scale.
func fillRecord(b *testing.B, db *sqlstore.DB, app *plenum.App, org plenum.OrgID, units []*plenum.Unit, n int) {
	types := []string{"member.invited", "account.opened", "term.founding", "motion.filed"}
	err := db.Update(ctx, func(tx plenum.Tx) error {
		head, ok, err := tx.RecordHead(ctx)
		if err != nil || !ok {
			return fmt.Errorf("no head: %v", err)
		}
		for i := range n {
			e := record.Entry{Time: time.Now(), Type: types[i%len(types)], Actor: "system",
				Org: strconv.Itoa(int(org) + i%3), Unit: units[i%len(units)].ID.String(), Internal: i%2 == 0, Payload: []byte(`{}`)}
			next, err := record.Next(head, e, app.Key)
			if err != nil {
				return err
			}
			if err := tx.AppendEntry(ctx, &next); err != nil {
				return err
			}
			head = &next
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
