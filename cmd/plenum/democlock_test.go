package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The demo's clock goes forward only, runs the clock's jobs after each
// skip, keeps its offset across a restart, and names a damaged file.
func TestDemoClock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.clock")
	ticks := 0
	tick := func(context.Context) { ticks++ }
	c, err := openDemoClock(path, tick)
	if err != nil || c.Ahead() != 0 {
		t.Fatalf("a new clock: %v ahead, %v", c.Ahead(), err)
	}
	to := time.Now().Add(15 * 24 * time.Hour)
	if err := c.SkipTo(context.Background(), to); err != nil {
		t.Fatal(err)
	}
	if c.Now().Before(to) || c.Now().After(to.Add(2*time.Second)) || ticks != 1 {
		t.Fatalf("after a skip to %v: %v, %d ticks", to, c.Now(), ticks)
	}
	if err := c.SkipTo(context.Background(), to.Add(-time.Hour)); err == nil || !strings.Contains(err.Error(), "only goes forward") || ticks != 1 {
		t.Fatalf("a skip back: %v, %d ticks", err, ticks)
	}
	again, err := openDemoClock(path, tick)
	if err != nil || again.Ahead() != c.Ahead() {
		t.Fatalf("reopened: %v ahead, want %v: %v", again.Ahead(), c.Ahead(), err)
	}
	for _, bad := range []string{"tomorrow\n", "-5h\n"} {
		os.WriteFile(path, []byte(bad), 0o600)
		if _, err := openDemoClock(path, tick); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
