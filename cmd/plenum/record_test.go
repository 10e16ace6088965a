package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRecordExportVerify(t *testing.T) {
	db := founded(t)
	export, _, err := runCLI(t, "record", "export", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "record.jsonl")
	os.WriteFile(file, []byte(export), 0o600)
	out, _, err := runCLI(t, "record", "verify", file)
	if err != nil || out != "record verified: 25 entries\n" {
		t.Fatalf("verify export: %q, %v", out, err)
	}
	// Flip one byte inside an entry: verify must fail and name the entry.
	lines := strings.Split(export, "\n")
	i := strings.Index(lines[5], `"Ana Ribeiro"`)
	if i < 0 {
		t.Fatalf("line 6 of the export holds no founding mandate: %s", lines[5])
	}
	b := []byte(export)
	b[len(strings.Join(lines[:5], "\n"))+1+i+1] ^= 0x20 // "Ana" -> "ana"
	os.WriteFile(file, b, 0o600)
	_, _, err = runCLI(t, "record", "verify", file)
	if err == nil || !strings.Contains(err.Error(), "entry 5") {
		t.Errorf("verify of a changed export: %v, want it to name entry 5", err)
	}
}

func TestRecordVerifyDatabase(t *testing.T) {
	db := founded(t)
	// Pinning another key fails; pinning the instance's passes.
	_, _, err := runCLI(t, "record", "verify", "--db", db, "--key", "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
	if err == nil || !strings.Contains(err.Error(), "entry 1") {
		t.Errorf("verify with another key: %v", err)
	}
	if _, _, err := runCLI(t, "record", "verify", "--db", db, "--data-dir", t.TempDir()); err != nil {
		t.Errorf("verify with no key file: %v", err)
	}
	if _, _, err := runCLI(t, "record", "verify"); err == nil {
		t.Error("verify with nothing to verify succeeds")
	}
}

func TestMigrateAndBackup(t *testing.T) {
	db := founded(t)
	out, _, err := runCLI(t, "migrate", "--db", db)
	if err != nil || !regexp.MustCompile(`^schema version [0-9]+: up to date\n$`).MatchString(out) {
		t.Errorf("migrate: %q, %v", out, err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if _, _, err := runCLI(t, "backup", "--db", db, copyPath); err != nil {
		t.Fatal(err)
	}
	// The copy holds the same record, signed with the same key.
	out, _, err = runCLI(t, "record", "verify", "--db", copyPath, "--data-dir", t.TempDir())
	if err != nil || out != "record verified: 25 entries\n" {
		t.Errorf("verify the backup: %q, %v", out, err)
	}
	if _, _, err := runCLI(t, "backup", "--db", db, copyPath); err == nil {
		t.Error("backup overwrote a file")
	}
}

func TestBackupPostgres(t *testing.T) {
	db := dbArgs(t, "postgres")
	if _, _, err := runCLI(t, append([]string{"init", example("tenants-union", "constitution.yaml"), "--members", example("tenants-union", "members.csv")}, db...)...); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "backup.pgdump")
	out, _, err := runCLI(t, append([]string{"backup", file}, db...)...)
	if err != nil {
		if strings.Contains(err.Error(), "pg_dump is not installed") {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(b), "PGDMP") {
		t.Errorf("backup %s: %d bytes, %v; want a pg_dump archive", file, len(b), err)
	}
	if !strings.Contains(out, "record.key") {
		t.Errorf("backup does not remind to keep the key: %q", out)
	}
}

func TestMissingKeyFile(t *testing.T) {
	db := founded(t)
	if err := os.Rename(db+".key", db+".key.moved"); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCLI(t, "members", "import", "--db", db, writeFile(t, "m.csv", "name,email,unit\nA,a@example.org,Riverside/North branch\n"))
	if err == nil || !strings.Contains(err.Error(), "is missing") {
		t.Errorf("import without the key file: %v", err)
	}
	if _, err := os.Stat(db + ".key"); err == nil {
		t.Error("a new key was created for a record begun with another")
	}
	os.Rename(db+".key.moved", db+".key")
	if _, _, err := runCLI(t, "record", "export", "--db", db); err != nil {
		t.Errorf("export with the key restored: %v", err)
	}
}

func TestRecordVerifyCatchesAChangedDatabase(t *testing.T) {
	db := founded(t)
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE record SET payload = replace(payload, '"Ana Ribeiro"', '"Ana Ribeira"') WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	_, _, err = runCLI(t, "record", "verify", "--db", db)
	if err == nil || !strings.Contains(err.Error(), "entry 3") {
		t.Errorf("verify of a changed database: %v, want it to name entry 3", err)
	}
}
