package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// A migration is one numbered file of migrations/, "0001_init.sql"; a file
// "0002_x.postgres.sql" or "0002_x.sqlite.sql" serves one dialect only, where
// the two cannot share one text.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the migrations for d, in order.
func (d dialect) migrations() ([]migration, error) {
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, f := range files {
		name := path.Base(f)
		if strings.HasSuffix(name, ".postgres.sql") && d != postgresDialect ||
			strings.HasSuffix(name, ".sqlite.sql") && d != sqliteDialect {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", name)
		}
		b, err := migrationFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: d.schema(string(b))})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion returns the version of the database's schema and the newest
// version this plenum knows.
func (db *DB) SchemaVersion(ctx context.Context) (have, known int, err error) {
	ms, err := db.dialect.migrations()
	if err != nil {
		return 0, 0, err
	}
	err = db.write.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&have)
	return have, len(ms), err
}

// migrate applies the migrations the database lacks, each in its own
// transaction together with its row in schema_migrations.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := db.dialect.migrations()
	if err != nil {
		return err
	}
	_, err = db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied BIGINT NOT NULL)`)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range ms {
		if err := db.apply(ctx, m, len(ms)); err != nil {
			return err
		}
	}
	return nil
}

// apply applies m unless the database already has it. On PostgreSQL the
// table lock keeps two starting servers from applying it twice. On SQLite
// it runs with foreign keys off and checks them before it commits, as
// SQLite's procedure for rebuilding a table asks (a migration changes a
// column's constraint so); the pragma has no effect inside a transaction.
func (db *DB) apply(ctx context.Context, m migration, known int) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	if !db.Postgres() {
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON")
	}
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer stx.Rollback()
	if db.Postgres() {
		if _, err := stx.ExecContext(ctx, "LOCK TABLE schema_migrations IN EXCLUSIVE MODE"); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	var have int
	if err := stx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&have); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if have > known {
		return fmt.Errorf("the database's schema (version %d) is newer than this plenum knows (version %d): use a newer plenum", have, known)
	}
	if have >= m.version {
		return nil
	}
	if _, err := stx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	_, err = stx.ExecContext(ctx, db.dialect.rebind("INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)"),
		m.version, m.name, time.Now().UnixMicro())
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if !db.Postgres() {
		var table string
		switch err := stx.QueryRowContext(ctx, "SELECT \"table\" FROM pragma_foreign_key_check").Scan(&table); {
		case err == nil:
			return fmt.Errorf("migration %s: a row of %s refers to a row that does not exist", m.name, table)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return stx.Commit()
}
