package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"time"
)

// demoClock is the clock of serve --demo: the real time moved forward by an
// offset that the demo's visitors may increase, so that an election's weeks
// of nominations and voting pass in minutes. The offset is kept in a file
// beside the database, so a restarted demo keeps its date; it only grows,
// so the record's times never go back. A real instance has no such clock.
type demoClock struct {
	path string
	// tick runs the clock's jobs at once after a skip.
	tick func(context.Context)

	mu     sync.Mutex
	offset time.Duration
}

// openDemoClock reads the demo's offset from path; no file is no offset.
func openDemoClock(path string, tick func(context.Context)) (*demoClock, error) {
	c := &demoClock{path: path, tick: tick}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return c, nil
	case err != nil:
		return nil, fmt.Errorf("demo clock: %w", err)
	}
	if c.offset, err = time.ParseDuration(strings.TrimSpace(string(b))); err != nil || c.offset < 0 {
		return nil, fmt.Errorf("demo clock %s: %q is not a duration ahead of the real time (delete the file to start again from today)", path, strings.TrimSpace(string(b)))
	}
	return c, nil
}

// Now is the demo's time.
func (c *demoClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Ahead is how far the demo's time is ahead of the real time.
func (c *demoClock) Ahead() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}

// SkipTo moves the demo's time forward to t, keeps the new offset, and runs
// the clock's jobs, so that what was due by t happens before SkipTo returns.
func (c *demoClock) SkipTo(ctx context.Context, t time.Time) error {
	c.mu.Lock()
	offset := time.Until(t).Truncate(time.Second) + time.Second // at t, not a moment before
	if offset <= c.offset {
		c.mu.Unlock()
		return fmt.Errorf("the demo's clock only goes forward: %s is not after %s", t.UTC().Format(time.RFC3339), time.Now().Add(c.offset).UTC().Format(time.RFC3339))
	}
	if err := os.WriteFile(c.path, []byte(offset.String()+"\n"), 0o600); err != nil {
		c.mu.Unlock()
		return fmt.Errorf("demo clock: %w", err)
	}
	c.offset = offset
	c.mu.Unlock()
	c.tick(ctx)
	return nil
}
