package main

import (
	"context"
	"log/slog"
	"time"

	"plenum"
)

// electionClockEvery is how often serve moves elections on by the clock.
const electionClockEvery = time.Minute

// startElectionClock runs the elections' clock in the background: it
// schedules the elections of terms about to end, moves every election
// whose date has come to its next step, closes the votes of bodies whose
// deadline has passed, lapses motions short of support at the end of
// their period and flags those a body failed to decide in time. Several serving nodes may run it
// on one database: the domain serializes the changes, so each happens once.
// stop stops it and waits for it to finish.
func startElectionClock(ctx context.Context, app *plenum.App, log *slog.Logger) (stop func()) {
	return background(ctx, func(ctx context.Context) {
		every(ctx, electionClockEvery, func(ctx context.Context) { tickElections(ctx, app, log) })
	})
}

// tickElections is one turn of the elections' clock, which also closes
// the recall petitions whose deadline has passed and settles the holders
// of incompatible offices whose time to resign one has run out.
func tickElections(ctx context.Context, app *plenum.App, log *slog.Logger) {
	scheduled, err := app.ScheduleExpiring(ctx, plenum.DefaultCalendar)
	if err != nil && ctx.Err() == nil {
		log.Error("schedule elections", "err", err)
	}
	for _, e := range scheduled {
		log.Info("election scheduled before a term ends", "election", e.ID, "office", e.Office)
	}
	lapsed, err := app.LapseRecalls(ctx)
	if err != nil && ctx.Err() == nil {
		log.Error("lapse recall petitions", "err", err)
	}
	if lapsed > 0 {
		log.Info("recall petitions lapsed at their deadline", "count", lapsed)
	}
	settled, err := app.EnforceIncompatibilities(ctx, plenum.DefaultCalendar)
	if err != nil && ctx.Err() == nil {
		log.Error("enforce incompatible offices", "err", err)
	}
	if settled > 0 {
		log.Info("incompatible offices settled", "count", settled)
	}
	n, err := app.AdvanceElections(ctx)
	// Conflict: another node moved the election first.
	if err != nil && ctx.Err() == nil && !plenum.IsKind(err, plenum.Conflict) {
		log.Error("advance elections", "err", err)
	}
	if n > 0 {
		log.Info("elections moved on", "due", n)
	}
	if n, err = app.CloseDueDecisions(ctx); err != nil && ctx.Err() == nil {
		log.Error("close decisions", "err", err)
	}
	if n > 0 {
		log.Info("votes of bodies closed at their deadline", "closed", n)
	}
	// Cases: decisions become final when the appeal period passes, and
	// suspensions end on time (R10).
	if n, err = app.AdvanceCases(ctx); err != nil && ctx.Err() == nil {
		log.Error("advance cases", "err", err)
	}
	if n > 0 {
		log.Info("cases moved on", "due", n)
	}
	if n, err = app.TickMotions(ctx); err != nil && ctx.Err() == nil {
		log.Error("motions' clock", "err", err)
	}
	if n > 0 {
		log.Info("motions lapsed or flagged overdue", "motions", n)
	}
}
