package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// Backup writes a consistent copy of the database to the file dest, which
// must not exist. SQLite copies itself with VACUUM INTO, while it serves;
// PostgreSQL is dumped with pg_dump in its custom format (restore with
// pg_restore), which must be installed.
func (db *DB) Backup(ctx context.Context, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup: %s exists; give a new file", dest)
	}
	if !db.Postgres() {
		if _, err := db.write.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		return nil
	}
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		return errors.New("backup: pg_dump is not installed: install PostgreSQL's client tools " +
			"(Debian: apt-get install postgresql-client) or back up with PostgreSQL's own means (pg_basebackup, archiving)")
	}
	cmd := exec.CommandContext(ctx, pgDump, "--format=custom", "--file="+dest, "--dbname="+db.source)
	if out, err := cmd.CombinedOutput(); err != nil {
		os.Remove(dest)
		return fmt.Errorf("backup: pg_dump: %v: %s", err, out)
	}
	return nil
}
