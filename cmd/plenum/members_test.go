package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// founded returns a database with the tenants' union founded, without members
// beyond those given.
func founded(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "plenum.db")
	_, _, err := runCLI(t, "init", "--db", db, example("tenants-union", "constitution.yaml"), "--members", example("tenants-union", "members.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const newMembers = `name,email,unit,member_number
Rosa Luxemburg,rosa@example.org,Riverside/North branch,RTU-2001
Bad Email,not an email,Riverside/North branch,RTU-2002
Jean Jaurès,JEAN@example.org,Riverside/South branch,
Wrong Unit,wrong@example.org,Riverside,RTU-2004
Taken,ana.ribeiro@riverside-tenants.example,Riverside/South branch,RTU-2005
Twice,rosa@example.org,Riverside/South branch,RTU-2006
`

func TestMembersImportRefusesBadRows(t *testing.T) {
	db := founded(t)
	file := writeFile(t, "new.csv", newMembers)
	_, _, err := runCLI(t, "members", "import", "--db", db, file)
	for _, w := range []string{
		"4 problems; nothing was changed:",
		`new.csv:3: email: "not an email" is not an email address`,
		`new.csv:5: unit: "Riverside" has sub-units`,
		"new.csv:6: email: a member with email ana.ribeiro@riverside-tenants.example exists",
		"new.csv:7: email: rosa@example.org is also on line 2",
	} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("import error does not say %q:\n%v", w, err)
		}
	}
	out, _, _ := runCLI(t, "record", "verify", "--db", db)
	if out != "record verified: 25 entries\n" {
		t.Errorf("a refused import changed the record: %q", out)
	}
}

func TestMembersImportSkipBad(t *testing.T) {
	db := founded(t)
	file := writeFile(t, "new.csv", newMembers)
	out, stderr, err := runCLI(t, "members", "import", "--db", db, "--skip-bad", file)
	if err != nil || out != "imported 2 members into Riverside Tenants' Union; skipped 4 bad rows\n" {
		t.Fatalf("import --skip-bad: %q, %v", out, err)
	}
	if n := strings.Count(stderr, "new.csv:"); n != 4 {
		t.Errorf("%d skipped rows reported:\n%s", n, stderr)
	}
	// Importing the same file again imports nothing new.
	out, _, err = runCLI(t, "members", "import", "--db", db, "--skip-bad", file)
	if err != nil || !strings.HasPrefix(out, "imported 0 members") {
		t.Errorf("second import: %q, %v", out, err)
	}
}

func TestMembersImportBadFile(t *testing.T) {
	db := founded(t)
	for _, tc := range []struct{ name, text, want string }{
		{"empty", "", "empty.csv:1: header: the file is empty"},
		{"wrong header", "name,mail,unit\n", "empty.csv:1: header: the columns must be"},
		{"bare quote", "name,email,unit\nA \"B\",a@example.org,Riverside/North branch\n", "empty.csv:2: not valid CSV"},
		{"short row", "name,email,unit\nA,a@example.org\n", "empty.csv:2: has 2 fields, want 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runCLI(t, "members", "import", "--db", db, writeFile(t, "empty.csv", tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
