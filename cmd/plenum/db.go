package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"plenum"
	"plenum/record"
	"plenum/sqlstore"
)

// dbFlags are the flags of every command that touches data: the database
// and the data directory that holds the instance's signing key.
type dbFlags struct {
	db      string
	dataDir string
}

// addDBFlags registers --db and --data-dir on fs, with defaults from
// PLENUM_DB and PLENUM_DATA_DIR.
func addDBFlags(fs *flag.FlagSet, env *Env) *dbFlags {
	f := &dbFlags{}
	fs.StringVar(&f.db, "db", env.Getenv("PLENUM_DB"), "the database: a SQLite file path or a postgres:// URL (env PLENUM_DB)")
	fs.StringVar(&f.dataDir, "data-dir", env.Getenv("PLENUM_DATA_DIR"),
		"the directory of the instance's record signing key (env PLENUM_DATA_DIR; default: beside the SQLite file, required for PostgreSQL)")
	return f
}

// open opens the database, applying any migration it lacks.
func (f *dbFlags) open(ctx context.Context) (*sqlstore.DB, error) {
	if f.db == "" {
		return nil, usageError{"no database: give --db FILE or --db postgres://... (or set PLENUM_DB)"}
	}
	return sqlstore.Open(ctx, f.db)
}

// keyPath is where the instance key lives: --data-dir/record.key, or
// beside a SQLite file as FILE.key.
func (f *dbFlags) keyPath() (string, error) {
	switch {
	case f.dataDir != "":
		return filepath.Join(f.dataDir, "record.key"), nil
	case sqlstore.IsPostgres(f.db):
		return "", usageError{"with PostgreSQL, --data-dir (or PLENUM_DATA_DIR) must name the directory of the record signing key"}
	}
	return f.db + ".key", nil
}

// openApp opens the database and the instance key and returns the domain
// service on them; the caller closes db. It refuses a key that is not the
// one the record was begun with.
func (f *dbFlags) openApp(ctx context.Context) (*plenum.App, *sqlstore.DB, error) {
	path, err := f.keyPath()
	if err != nil {
		return nil, nil, err
	}
	if f.dataDir != "" {
		// The key is the instance's identity: only its owner may read it.
		if err := os.MkdirAll(f.dataDir, 0o700); err != nil {
			return nil, nil, fmt.Errorf("data directory: %w", err)
		}
	}
	db, err := f.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	key, err := loadKey(ctx, db, path)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	app := plenum.NewApp(db, key)
	if err := app.CheckRecordKey(ctx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("%w (key file %s)", err, path)
	}
	return app, db, nil
}

// loadKey loads the instance key from path, creating it only for a record
// that has none yet: a record begun with a key whose file is gone must not
// go on under a new key, which would break its chain of signatures.
func loadKey(ctx context.Context, db *sqlstore.DB, path string) (ed25519.PrivateKey, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		var begun bool
		err := db.View(ctx, func(tx plenum.Tx) (err error) {
			_, begun, err = tx.RecordKey(ctx)
			return err
		})
		if err != nil {
			return nil, err
		}
		if begun {
			return nil, fmt.Errorf("the record signing key %s is missing, and the record was begun with a key: restore the key file from a backup (or give --data-dir)", path)
		}
	}
	key, err := record.LoadOrCreateKey(path, rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("record signing key: %w", err)
	}
	return key, nil
}

// parseArgs parses args, allowing flags after the positional arguments
// ("init FILE --members M"), and returns the positional arguments.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// userError turns a domain error into what the command line shows: every
// problem of an Errors list on its own line, the message of an *Error.
func userError(err error) error {
	var list plenum.Errors
	if errors.As(err, &list) {
		msg := fmt.Sprintf("%d problems; nothing was changed:", len(list))
		if len(list) == 1 {
			msg = "1 problem; nothing was changed:"
		}
		for _, e := range list {
			msg += "\n  " + plenum.ErrorMessage(e)
		}
		return errors.New(msg)
	}
	if plenum.ErrorKind(err) != plenum.Internal {
		return errors.New(plenum.ErrorMessage(err))
	}
	return err
}
