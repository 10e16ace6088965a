package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"plenum/storetest"
)

// example is the path of a file of an example organization.
func example(org, name string) string {
	return filepath.Join("..", "..", "examples", org, name)
}

// dbArgs returns --db and --data-dir arguments for a fresh database of the
// named kind.
func dbArgs(t *testing.T, kind string) []string {
	t.Helper()
	dir := t.TempDir()
	if kind == "postgres" {
		return []string{"--db", storetest.PostgresURL(t), "--data-dir", dir}
	}
	return []string{"--db", filepath.Join(dir, "plenum.db")}
}

func TestInitExamples(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			db := dbArgs(t, kind)
			for _, tc := range []struct{ org, want string }{
				{"tenants-union", "founded Riverside Tenants' Union (riverside-tenants-union): 3 units, 6 bodies, 3 offices, 40 members, 23 founding mandates\n"},
				{"national-union", "founded National Union of Care Workers (national-union-of-care-workers): 41 units, 9 bodies, 5 offices, 240 members, 35 founding mandates\n"},
			} {
				out, stderr, err := runCLI(t, append([]string{"init", example(tc.org, "constitution.yaml"), "--members", example(tc.org, "members.csv")}, db...)...)
				if err != nil || out != tc.want {
					t.Fatalf("init %s: %q %q %v", tc.org, out, stderr, err)
				}
			}
			out, _, err := runCLI(t, append([]string{"record", "verify"}, db...)...)
			if err != nil || out != "record verified: 62 entries\n" {
				t.Errorf("record verify: %q, %v", out, err)
			}
		})
	}
}

func TestInitIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	members, err := os.ReadFile(example("tenants-union", "members.csv"))
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "members.csv")
	lines := strings.SplitAfter(string(members), "\n")
	lines[3] = "Lena Fischer,lena.fischer@,Riverside/North branch,RTU-1003\n"
	os.WriteFile(bad, []byte(strings.Join(lines, "")+"Zed,zed@example.org,Riverside/East branch,\n"), 0o600)
	db := filepath.Join(dir, "plenum.db")
	_, _, err = runCLI(t, "init", "--db", db, example("tenants-union", "constitution.yaml"), "--members", bad)
	want := []string{"2 problems; nothing was changed:",
		`members.csv:4: email: "lena.fischer@" is not an email address`,
		`members.csv:42: unit: no unit "Riverside/East branch"`}
	for _, w := range want {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("init error does not say %q:\n%v", w, err)
		}
	}
	// Nothing was founded: a second, good init succeeds.
	out, _, err := runCLI(t, "init", "--db", db, example("tenants-union", "constitution.yaml"), "--members", example("tenants-union", "members.csv"))
	if err != nil || !strings.HasPrefix(out, "founded ") {
		t.Fatalf("init after a failed one: %q, %v", out, err)
	}
	out, _, _ = runCLI(t, "record", "verify", "--db", db)
	if out != "record verified: 25 entries\n" {
		t.Errorf("record after a failed and a good init: %q", out)
	}
}

func TestInitBadConstitution(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "c.yaml")
	os.WriteFile(file, []byte("name: X\nunits:\n  - name: A\nbodies:\n  - unit: A\n    name: Council\n    seats: seven\n"), 0o600)
	db := filepath.Join(dir, "plenum.db")
	_, _, err := runCLI(t, "init", "--db", db, file)
	if err == nil || !strings.Contains(err.Error(), "c.yaml:7: bodies[0].seats") {
		t.Errorf("err = %v, want it to name c.yaml:7: bodies[0].seats", err)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a bad constitution created the database")
	}
}

func TestInitUsage(t *testing.T) {
	_, _, err := runCLI(t, "init", "--db", filepath.Join(t.TempDir(), "x.db"))
	if _, ok := err.(usageError); !ok {
		t.Errorf("init without a file: %v, want a usage error", err)
	}
	_, _, err = runCLI(t, "init", example("tenants-union", "constitution.yaml"))
	if _, ok := err.(usageError); !ok {
		t.Errorf("init without --db: %v, want a usage error", err)
	}
}
