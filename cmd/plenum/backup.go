package main

import (
	"context"
	"fmt"
)

func runBackup(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum backup", `plenum backup [--db X] [--data-dir D] FILE

Writes a consistent copy of the database to FILE (a new file) while plenum
may be serving: a SQLite database file, or for PostgreSQL a pg_dump archive
(restore with pg_restore; needs pg_dump installed). The record signing key is
not in the backup: keep a copy of it too.`)
	dbf := addDBFlags(fs, env)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"plenum backup: give the file to write (see plenum backup -h)"}
	}
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backed up to %s\n", pos[0])
	if key, err := dbf.keyPath(); err == nil {
		fmt.Fprintf(env.Stdout, "keep a copy of the record signing key %s as well\n", key)
	}
	return nil
}
