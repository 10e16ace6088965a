// Package sqlstore implements plenum.Store on SQLite (modernc.org/sqlite,
// the embedded default) and PostgreSQL (jackc/pgx through database/sql).
//
// # One code path
//
// Queries are written once, with ? placeholders, and rewritten to $1, $2, ...
// for PostgreSQL. The migrations in migrations/ are written once too; dialect.go
// lists the few type names translated for PostgreSQL.
//
// # Durability and serialization
//
// SQLite runs in WAL mode with synchronous=FULL, so that a committed
// transaction survives a crash of the process or the machine. All writes go
// through one connection that begins transactions IMMEDIATE, so writers are
// serialized and never fail on a lock upgrade; reads use a separate pool. On
// PostgreSQL, appends to the record lock the one row of record_lock.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"plenum"
)

// DB is a plenum.Store on one database.
type DB struct {
	dialect dialect
	write   *sql.DB // SQLite: one connection; PostgreSQL: the pool
	read    *sql.DB // SQLite: a pool of readers; PostgreSQL: the same pool
	source  string  // file path (SQLite) or URL (PostgreSQL), for Backup
}

var _ plenum.Store = (*DB)(nil)

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database dsn names, a SQLite file path or a postgres:// URL,
// creating a SQLite file if missing, and applies any migration it lacks. It
// refuses a database whose schema is newer than this plenum.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		return nil, errors.New("open database: no database given (--db or PLENUM_DB)")
	}
	var db *DB
	var err error
	if IsPostgres(dsn) {
		db, err = openPostgres(dsn)
	} else {
		db, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openSQLite(path string) (*DB, error) {
	pragmas := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas
	write, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()))
	db := &DB{dialect: sqliteDialect, write: write, read: read, source: filepath.Clean(path)}
	// Create the file and switch it to WAL before readers open it.
	if err := write.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

func openPostgres(dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL: %w", err)
	}
	pool.SetMaxOpenConns(32)
	if err := pool.Ping(); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open PostgreSQL: %w", err)
	}
	return &DB{dialect: postgresDialect, write: pool, read: pool, source: dsn}, nil
}

// Close closes the database.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Postgres reports whether db is a PostgreSQL database.
func (db *DB) Postgres() bool { return db.dialect == postgresDialect }

// Update runs fn in a read-write transaction.
func (db *DB) Update(ctx context.Context, fn func(plenum.Tx) error) error {
	return db.run(ctx, db.write, false, fn)
}

// View runs fn in a read-only transaction.
func (db *DB) View(ctx context.Context, fn func(plenum.Tx) error) error {
	return db.run(ctx, db.read, true, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, readOnly bool, fn func(plenum.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: readOnly && db.Postgres()}
	stx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	t := &tx{tx: stx, d: db.dialect, readOnly: readOnly}
	if err := fn(t); err != nil {
		stx.Rollback()
		return err
	}
	if readOnly {
		return stx.Rollback()
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// tx implements plenum.Tx.
type tx struct {
	tx       *sql.Tx
	d        dialect
	readOnly bool
	stmts    map[string]*sql.Stmt // prepared bulk inserts, closed with the transaction
}

var _ plenum.Tx = (*tx)(nil)

func (t *tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.d.rebind(query), args...)
}

// execPrepared runs query as a statement prepared once per transaction: for
// the large INSERTs of an import, which SQLite would otherwise parse anew
// for every batch.
func (t *tx) execPrepared(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, ok := t.stmts[query]
	if !ok {
		var err error
		if st, err = t.tx.PrepareContext(ctx, t.d.rebind(query)); err != nil {
			return nil, err
		}
		if t.stmts == nil {
			t.stmts = map[string]*sql.Stmt{}
		}
		t.stmts[query] = st
	}
	return st.ExecContext(ctx, args...)
}

func (t *tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.d.rebind(query), args...)
}

func (t *tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.d.rebind(query), args...)
}

// notFound turns sql.ErrNoRows into a NotFound error of the domain.
func notFound(err error, op, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return plenum.Errorf(plenum.NotFound, op, "no such %s", what)
	}
	return err
}
