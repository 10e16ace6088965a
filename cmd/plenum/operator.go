package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"plenum"
)

func runOperator(ctx context.Context, env *Env, args []string) error {
	return dispatch(ctx, env, "plenum operator", []command{
		{"create", "create an operator account", runOperatorCreate},
	}, args)
}

func runOperatorCreate(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "plenum operator create", `plenum operator create [--db X] EMAIL < PASSWORD

Creates an account for the instance's operator, who may create organizations
and run the instance, and nothing more: the operator is not a member and sees
no member data. The password is the first line of standard input, so that it
stays out of the shell's history and the process list.`)
	dbf := addDBFlags(fs, env)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"plenum operator create: give the operator's email (see plenum operator create -h)"}
	}
	password, err := bufio.NewReader(env.Stdin).ReadString('\n')
	password = strings.TrimRight(password, "\r\n")
	if password == "" {
		return fmt.Errorf("no password on standard input: %v", err)
	}
	app, db, err := dbf.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	acct, err := app.CreateOperator(ctx, plenum.CommandLine, pos[0], password)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(env.Stdout, "created operator %s\n", acct.Email)
	return nil
}
