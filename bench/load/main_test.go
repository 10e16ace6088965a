package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadRuns runs the load check briefly with a few members, so that it
// keeps working: every page answers 200 to every member.
func TestLoadRuns(t *testing.T) {
	var out bytes.Buffer
	args := []string{"-members", "5", "-duration", "2s", "-think", "100ms",
		"-example", filepath.Join("..", "..", "examples", "national-union"), "-db", filepath.Join(t.TempDir(), "load.db")}
	if err := run(context.Background(), args, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{", 0 failed", "| organization |", "| directory |", "| **all** |", "ms per request"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
