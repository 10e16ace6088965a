package mail_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"plenum/mail"
	"plenum/mail/mailtest"
	"plenum/mail/outboxtest"
)

func TestMemOutboxContract(t *testing.T) {
	outboxtest.Run(t, func(t *testing.T) outboxtest.Harness {
		o := &memOutbox{}
		return outboxtest.Harness{Outbox: o, Enqueue: o.Enqueue, Status: o.Status}
	})
}

// queue enqueues n messages due now.
func queue(t *testing.T, o *memOutbox, n int, now time.Time) {
	t.Helper()
	for i := range n {
		m := *article()
		m.ID = mail.NewID(fmt.Sprintf("n%d", i), "riverside.example")
		m.To = fmt.Sprintf("member%d@example.org", i)
		m.Date = now
		if _, err := o.Enqueue(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
}

func smtpSender(t *testing.T, srv *mailtest.Server) *mail.SMTP {
	t.Helper()
	cfg := srv.Config(mail.TLSNone)
	cfg.Timeout = 2 * time.Second
	s, err := mail.NewSMTP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// waitFor polls cond for up to ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// startWorker runs w until the test ends.
func startWorker(t *testing.T, w *mail.Worker) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// The SMTP server is down when messages are queued and comes back later, then
// defers some with 451: every message arrives once, with the attempts and
// errors of the outage recorded.
func TestWorkerOutage(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{TLS: mail.TLSNone})
	srv.Stop()
	o := &memOutbox{}
	const n = 6
	queue(t, o, n, time.Now())
	startWorker(t, &mail.Worker{
		Outbox: o, Sender: smtpSender(t, srv), Log: testLog(t),
		Poll: 10 * time.Millisecond, Lease: 30 * time.Second,
		BackoffBase: 20 * time.Millisecond, BackoffMax: 80 * time.Millisecond, MaxAttempts: 1000,
	})
	waitFor(t, "two failed attempts at every message", func() bool {
		for _, s := range o.all() {
			if s.Attempts < 2 || s.LastError == "" {
				return false
			}
		}
		return true
	})
	if got := srv.Messages(); len(got) != 0 {
		t.Fatalf("%d delivered during the outage", len(got))
	}
	for _, s := range o.all() {
		if !strings.Contains(s.LastError, "connection refused") || !s.GaveUpAt.IsZero() {
			t.Errorf("during the outage: %+v", s)
		}
	}

	srv.Defer(2)
	srv.Listen(t, mailtest.Options{TLS: mail.TLSNone, Addr: srv.Addr()})
	waitFor(t, "every message sent", func() bool {
		for _, s := range o.all() {
			if s.SentAt.IsZero() {
				return false
			}
		}
		return true
	})
	ids := srv.MessageIDs(t)
	if len(ids) != n {
		t.Errorf("%d distinct messages delivered, want %d", len(ids), n)
	}
	for id, count := range ids {
		if count != 1 {
			t.Errorf("%s delivered %d times", id, count)
		}
	}
}

// Two workers (two nodes) drain one outbox: each message is sent once.
func TestWorkersDoNotDuplicate(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{TLS: mail.TLSNone})
	o := &memOutbox{}
	const n = 40
	queue(t, o, n, time.Now())
	for range 2 {
		startWorker(t, &mail.Worker{Outbox: o, Sender: smtpSender(t, srv), Log: testLog(t), Poll: 5 * time.Millisecond, Batch: 3})
	}
	waitFor(t, "every message delivered", func() bool { return len(srv.Messages()) >= n })
	time.Sleep(50 * time.Millisecond) // time for a duplicate to show
	ids := srv.MessageIDs(t)
	if len(ids) != n || len(srv.Messages()) != n {
		t.Errorf("%d messages delivered, %d distinct, want %d", len(srv.Messages()), len(ids), n)
	}
}

// clock is a settable time for Drain tests.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func TestWorkerGivesUp(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{TLS: mail.TLSNone})
	srv.Reject("member0@example.org", 550)
	srv.Defer(1000) // every other message is always deferred
	clk := &clock{now: time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)}
	o := &memOutbox{}
	queue(t, o, 2, clk.Now())
	w := &mail.Worker{Outbox: o, Sender: smtpSender(t, srv), Log: testLog(t), Now: clk.Now, MaxAttempts: 3,
		BackoffBase: time.Minute, BackoffMax: time.Hour}
	ctx := context.Background()
	for i, wait := range []time.Duration{0, time.Minute, 2 * time.Minute} {
		clk.add(wait)
		if sent, err := w.Drain(ctx); err != nil || sent != 0 {
			t.Fatalf("drain %d: sent %d, %v", i, sent, err)
		}
		if i == 0 {
			// Not due again before the backoff.
			if s, _ := o.Status(ctx, 2); !s.Due.Equal(clk.Now().Add(time.Minute)) {
				t.Errorf("after attempt 1: due %v, want in a minute", s.Due)
			}
		}
	}
	rejected, _ := o.Status(ctx, 1)
	if rejected.Attempts != 1 || rejected.GaveUpAt.IsZero() || !strings.Contains(rejected.LastError, "550") {
		t.Errorf("a rejected recipient: %+v, want given up at once with the 550 kept", rejected)
	}
	deferred, _ := o.Status(ctx, 2)
	if deferred.Attempts != 3 || deferred.GaveUpAt.IsZero() || !strings.Contains(deferred.LastError, "451") {
		t.Errorf("always deferred: %+v, want given up after 3 attempts with the 451 kept", deferred)
	}
	clk.add(24 * time.Hour)
	if sent, _ := w.Drain(ctx); sent != 0 || len(srv.Messages()) != 0 {
		t.Error("a given-up message was sent")
	}
}

// A worker that crashed holding a message blocks no one for longer than its
// lease: another worker sends it then, once.
func TestWorkerAfterCrash(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{TLS: mail.TLSNone})
	clk := &clock{now: time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)}
	o := &memOutbox{}
	queue(t, o, 1, clk.Now())
	ctx := context.Background()
	crashed, _ := o.Claim(ctx, clk.Now(), time.Minute, 10) // and then nothing
	w := &mail.Worker{Outbox: o, Sender: smtpSender(t, srv), Log: testLog(t), Now: clk.Now, Lease: time.Minute}
	clk.add(30 * time.Second)
	if sent, _ := w.Drain(ctx); sent != 0 {
		t.Fatal("sent a message under another worker's lease")
	}
	clk.add(31 * time.Second)
	if sent, err := w.Drain(ctx); sent != 1 || err != nil {
		t.Fatalf("after the lease: sent %d, %v", sent, err)
	}
	if err := o.Sent(ctx, crashed[0].ID, crashed[0].Token, clk.Now()); !errors.Is(err, mail.ErrLeaseLost) {
		t.Errorf("the crashed worker's late Sent: %v", err)
	}
	if s, _ := o.Status(ctx, 1); s.Attempts != 2 || s.SentAt.IsZero() {
		t.Errorf("status %+v", s)
	}
}
