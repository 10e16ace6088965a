package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"plenum"
	"plenum/record"
)

func runRecord(ctx context.Context, env *Env, args []string) error {
	return dispatch(ctx, env, "plenum record", []command{
		{"verify", "check the record's hash chain and signatures, in a database or an export", runRecordVerify},
		{"export", "write the record as JSON lines to standard output", runRecordExport},
	}, args)
}

func runRecordVerify(ctx context.Context, env *Env, args []string) error {
	fset := newFlags(env, "plenum record verify", `plenum record verify [--db X | FILE] [--key KEY]

Checks every entry of the record: that the entries follow each other without
gaps, that each carries the hash of the one before, that each hash matches the
entry's contents, and that each is signed by the instance key. With --db it
checks the record in the database against the key file in the data directory;
with FILE, an export written by plenum record export, needing no database.
The first bad entry is named by its sequence number and the exit status is 1.`)
	dbf := addDBFlags(fset, env)
	keyFlag := fset.String("key", "", "the instance's public key (base64, as /record/key publishes it) the record must be signed with")
	pos, err := parseArgs(fset, args)
	if err != nil {
		return err
	}
	var pinned ed25519.PublicKey
	if *keyFlag != "" {
		b, err := base64.StdEncoding.DecodeString(*keyFlag)
		if err != nil || len(b) != ed25519.PublicKeySize {
			return usageError{"plenum record verify: --key must be a base64 ed25519 public key"}
		}
		pinned = b
	}
	var n int64
	switch {
	case len(pos) == 1:
		n, err = verifyExport(pos[0], pinned)
	case len(pos) == 0 && dbf.db != "":
		n, err = verifyDB(ctx, env, dbf, pinned)
	default:
		return usageError{"plenum record verify: give --db or one export file (see plenum record verify -h)"}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "record verified: %d entries\n", n)
	return nil
}

func verifyExport(file string, pinned ed25519.PublicKey) (int64, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return record.VerifyExport(f, pinned)
}

// verifyDB checks the record in the database against the instance key: the
// key file's, or, when there is no key file, the one stored with the record
// (with a warning, for that key could have been replaced with the record).
func verifyDB(ctx context.Context, env *Env, dbf *dbFlags, pinned ed25519.PublicKey) (int64, error) {
	db, err := dbf.open(ctx)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	key := pinned
	if key == nil {
		if key, err = fileKey(dbf); err != nil {
			return 0, err
		}
	}
	var n int64
	err = db.View(ctx, func(tx plenum.Tx) error {
		stored, ok, err := tx.RecordKey(ctx)
		if err != nil {
			return err
		}
		switch {
		case key == nil && !ok:
			return nil // an empty record
		case key == nil:
			fmt.Fprintln(env.Stderr, "warning: no key file; checking against the key stored in the database")
			key = stored
		case ok && !stored.Equal(key):
			fmt.Fprintln(env.Stderr, "warning: the key stored in the database differs from the instance key")
		}
		v := record.NewVerifier(key)
		err = tx.EachEntry(ctx, func(e *record.Entry) error { return v.Add(*e) })
		n = v.Count()
		return err
	})
	return n, err
}

// fileKey reads the public half of the instance key, nil if there is no
// key file.
func fileKey(dbf *dbFlags) (ed25519.PublicKey, error) {
	path, err := dbf.keyPath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	priv, err := record.LoadOrCreateKey(path, nil)
	if err != nil {
		return nil, err
	}
	return priv.Public().(ed25519.PublicKey), nil
}

func runRecordExport(ctx context.Context, env *Env, args []string) error {
	fset := newFlags(env, "plenum record export", `plenum record export [--db X] > FILE

Writes the whole record to standard output as JSON lines: a header with the
instance's public key, one entry a line, and an end line signed by the
instance key. plenum record verify FILE checks it without a database.`)
	dbf := addDBFlags(fset, env)
	if pos, err := parseArgs(fset, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"plenum record export: takes no arguments; redirect standard output to a file"}
	}
	app, db, err := dbf.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	x, err := record.NewExporter(env.Stdout, app.PublicKey())
	if err != nil {
		return err
	}
	err = db.View(ctx, func(tx plenum.Tx) error {
		return tx.EachEntry(ctx, func(e *record.Entry) error { return x.Write(*e) })
	})
	if err != nil {
		return err
	}
	return x.Close(app.Key)
}
