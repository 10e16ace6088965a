package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"plenum"
)

// background runs fn in a goroutine of its own. stop cancels fn's
// context and waits for fn to return, so that serve leaves nothing
// running behind it.
func background(ctx context.Context, fn func(context.Context)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { fn(ctx) })
	return func() { cancel(); wg.Wait() }
}

// every runs tick at once, then every d, until ctx ends.
func every(ctx context.Context, d time.Duration, tick func(context.Context)) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		tick(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// startBoardWarmup reads the ballot records of the elections in voting
// and tally into the app's cache, in the background and one election at a
// time, so that the first member to open such an election's page after a
// start does not wait for its whole record to be checked (see
// plenum.App.WarmBoards). stop ends it, where it stands, and waits.
func startBoardWarmup(ctx context.Context, app *plenum.App, log *slog.Logger) (stop func()) {
	return background(ctx, func(ctx context.Context) {
		start := time.Now()
		err := app.WarmBoards(ctx)
		switch {
		case ctx.Err() != nil:
		case err != nil:
			log.Error("read the ballot records of the elections under way", "err", err)
		default:
			log.Info("ballot records of the elections under way read", "took", time.Since(start).Round(time.Millisecond))
		}
	})
}
