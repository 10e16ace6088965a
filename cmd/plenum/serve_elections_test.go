package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"plenum"
)

// TestElectionClock founds the demo, moves the clock to two months before
// the branch mandates end, and runs the clock: one turn schedules their four
// elections and opens their nominations; the next finds nothing to do.
func TestElectionClock(t *testing.T) {
	ctx := context.Background()
	app := openDemoApp(t)
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	app.Now = func() time.Time { return now }
	if _, err := loadDemo(ctx, app); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	tickElections(ctx, app, log)
	out := logs.String()
	if got := strings.Count(out, "election scheduled before a term ends"); got != 4 || !strings.Contains(out, `msg="elections moved on" due=4`) {
		t.Fatalf("first turn:\n%s", out)
	}
	org, err := app.Org(ctx, "riverside-tenants-union")
	if err != nil {
		t.Fatal(err)
	}
	units, err := app.UnitTree(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	l, err := app.Elections(ctx, units[1].ID)
	if err != nil || len(l.Elections) != 2 || l.Elections[0].Status != plenum.ElectionNominations {
		t.Fatalf("elections of %s: %+v, %v", units[1].Path, l, err)
	}
	now = now.Add(time.Hour)
	logs.Reset()
	tickElections(ctx, app, log)
	if logs.Len() != 0 {
		t.Errorf("second turn:\n%s", logs.String())
	}
}
