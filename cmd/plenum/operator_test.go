package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestOperatorCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "plenum.db")
	run1 := func(stdin string, args ...string) (string, error) {
		var out, errOut bytes.Buffer
		env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
		err := run(context.Background(), append([]string{"operator", "create", "--db", db}, args...), env)
		return out.String(), err
	}
	out, err := run1("a long operator password\n", "Op@Example.org")
	if err != nil || out != "created operator op@example.org\n" {
		t.Fatalf("create: %q, %v", out, err)
	}
	if _, err := run1("a long operator password\n", "op@example.org"); err == nil || !strings.Contains(err.Error(), "already has an account") {
		t.Errorf("second create: %v", err)
	}
	if _, err := run1("short\n", "op2@example.org"); err == nil || !strings.Contains(err.Error(), "password") {
		t.Errorf("short password: %v", err)
	}
	if _, err := run1("a long operator password\n", "not-an-email"); err == nil || !strings.Contains(err.Error(), "email") {
		t.Errorf("bad email: %v", err)
	}
	if _, err := run1("", "op3@example.org"); err == nil {
		t.Error("no password accepted")
	}
	out, _, err = runCLI(t, "record", "verify", "--db", db)
	if err != nil || out != "record verified: 1 entries\n" {
		t.Errorf("record: %q, %v", out, err)
	}
}
