package mail

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Worker sends the outbox's due messages. Start one per node: leases keep the
// nodes from sending a message twice.
type Worker struct {
	Outbox Outbox
	Sender Sender
	Log    *slog.Logger
	Now    func() time.Time

	Poll        time.Duration // how often to look for due messages; default 10s
	Lease       time.Duration // how long a claim holds; default 10m, and > the sender's timeout
	Batch       int           // messages claimed at once; default 20
	MaxAttempts int           // attempts before giving up; default 12 (about 2.5 days with the default backoff)
	BackoffBase time.Duration // first retry delay; default 1m
	BackoffMax  time.Duration // longest retry delay; default 12h

	wake chan struct{}
}

func (w *Worker) defaults() {
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Log == nil {
		w.Log = slog.New(slog.DiscardHandler)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&w.Poll, 10*time.Second)
	def(&w.Lease, 10*time.Minute)
	def(&w.BackoffBase, time.Minute)
	def(&w.BackoffMax, 12*time.Hour)
	if w.Batch == 0 {
		w.Batch = 20
	}
	if w.MaxAttempts == 0 {
		w.MaxAttempts = 12
	}
	if w.wake == nil {
		w.wake = make(chan struct{}, 1)
	}
}

// Wake makes a running worker look for due messages now, for example after a
// request enqueued one; it never blocks.
func (w *Worker) Wake() {
	if w.wake == nil {
		return
	}
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run sends due messages until ctx is done. Errors of the outbox are logged
// and retried at the next poll: a database that is briefly away must not stop
// email for good.
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	t := time.NewTicker(w.Poll)
	defer t.Stop()
	for {
		if _, err := w.Drain(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("mail outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case <-w.wake:
		}
	}
}

// Drain sends every message due now, batch by batch, and returns how many were
// sent.
func (w *Worker) Drain(ctx context.Context) (int, error) {
	w.defaults()
	sent := 0
	for ctx.Err() == nil {
		start := w.Now()
		claimed, err := w.Outbox.Claim(ctx, start, w.Lease, w.Batch)
		if err != nil {
			return sent, err
		}
		for _, c := range claimed {
			if w.Now().Sub(start) > w.Lease/2 {
				// Too little of the lease is left to be sure that no other
				// worker takes the message while it is being sent; the rest
				// of the batch waits for its leases to run out.
				return sent, nil
			}
			ok, err := w.deliver(ctx, c)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
		if len(claimed) < w.Batch {
			break
		}
	}
	return sent, ctx.Err()
}

// deliver sends one claimed message and records the outcome. It reports
// whether the message went out; the error is the outbox's, not the sender's.
func (w *Worker) deliver(ctx context.Context, c Claimed) (bool, error) {
	log := w.Log.With("outbox", c.ID, "kind", c.Message.Kind, "attempt", c.Attempts)
	sendErr := w.Sender.Send(ctx, &c.Message)
	now := w.Now()
	var err error
	var perm *PermanentError
	switch {
	case sendErr == nil:
		if err = w.Outbox.Sent(ctx, c.ID, c.Token, now); err == nil {
			log.Info("mail sent")
		}
	case ctx.Err() != nil:
		// Shutting down: the lease runs out and another attempt follows.
		return false, nil
	case errors.As(sendErr, &perm) || c.Attempts >= w.MaxAttempts:
		err = w.Outbox.GiveUp(ctx, c.ID, c.Token, now, sendErr.Error())
		log.Error("mail given up", "err", sendErr)
	default:
		next := now.Add(Backoff(w.BackoffBase, w.BackoffMax, c.Attempts))
		err = w.Outbox.Retry(ctx, c.ID, c.Token, next, sendErr.Error())
		log.Warn("mail deferred", "err", sendErr, "next", next)
	}
	if errors.Is(err, ErrLeaseLost) {
		log.Warn("mail outbox lease lost; the message belongs to another worker now")
		return false, nil
	}
	return sendErr == nil && err == nil, err
}
