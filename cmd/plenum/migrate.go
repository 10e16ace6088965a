package main

import (
	"context"
	"fmt"
)

func runMigrate(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum migrate", `plenum migrate [--db X]

Applies the database migrations the database lacks (every command that opens
the database does so too) and prints the schema version. Refuses a database
whose schema is newer than this plenum.`)
	dbf := addDBFlags(fs, env)
	if pos, err := parseArgs(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError{"plenum migrate: takes no arguments"}
	}
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	have, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "schema version %d: up to date\n", have)
	return nil
}
