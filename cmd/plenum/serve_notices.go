package main

import (
	"context"
	"log/slog"
	"time"

	"plenum"
)

// noticesEvery is how often serve writes the email of new notices and
// looks for digests that are due.
const noticesEvery = 10 * time.Second

// startNotices runs the delivery of notices in the background: the email of
// each stored notice, a page of members per transaction, and the daily and
// weekly digests. Several serving nodes may run it on one database: each
// page and each digest is written once (see plenum.App.DeliverNotices).
// stop stops it and waits for it to finish.
func startNotices(ctx context.Context, app *plenum.App, log *slog.Logger) (stop func()) {
	return background(ctx, func(ctx context.Context) {
		every(ctx, noticesEvery, func(ctx context.Context) { tickNotices(ctx, app, log) })
	})
}

// tickNotices is one turn of the delivery of notices.
func tickNotices(ctx context.Context, app *plenum.App, log *slog.Logger) {
	n, err := app.DeliverNotices(ctx)
	if err != nil && ctx.Err() == nil {
		log.Error("deliver notices", "err", err)
	}
	if n > 0 {
		log.Info("notices delivered", "messages", n)
	}
	d, err := app.SendDigests(ctx)
	if err != nil && ctx.Err() == nil {
		log.Error("send digests", "err", err)
	}
	if d > 0 {
		log.Info("digests queued", "digests", d)
	}
}
