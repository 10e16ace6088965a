// Package outboxtest is the contract every mail.Outbox must meet, run against
// each implementation: the one in the database on SQLite and PostgreSQL, and
// the in-memory one the mail package's tests use.
package outboxtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"plenum/mail"
)

// Harness is a fresh, empty outbox and what the contract needs besides the
// Outbox methods.
type Harness struct {
	Outbox mail.Outbox
	// Enqueue queues m, due at m.Date, and returns its id.
	Enqueue func(ctx context.Context, m mail.Message) (int64, error)
	Status  func(ctx context.Context, id int64) (mail.Status, error)
}

var t0 = time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)

func message(i int) mail.Message {
	return mail.Message{
		ID:      mail.NewID(fmt.Sprintf("m%d", i), "riverside.example"),
		Kind:    "notice",
		To:      fmt.Sprintf("member%d@example.org", i),
		Subject: fmt.Sprintf("Notice %d", i),
		Text:    "Text",
		HTML:    "<p>Text</p>",
		Lang:    "es",
		Date:    t0.Add(time.Duration(i) * time.Second),
	}
}

// Run runs the contract; newHarness is called once per subtest.
func Run(t *testing.T, newHarness func(t *testing.T) Harness) {
	tests := []struct {
		name string
		fn   func(t *testing.T, h Harness)
	}{
		{"ClaimDueInOrder", claimDueInOrder},
		{"LeaseExcludes", leaseExcludes},
		{"SentIsFinal", sentIsFinal},
		{"RetryReschedules", retryReschedules},
		{"GiveUpKeepsError", giveUpKeepsError},
		{"StaleTokenLosesLease", staleTokenLosesLease},
		{"ConcurrentClaimsAreDisjoint", concurrentClaims},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newHarness(t)) })
	}
}

func enqueue(t *testing.T, h Harness, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		id, err := h.Enqueue(context.Background(), message(i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func claim(t *testing.T, h Harness, now time.Time, n int) []mail.Claimed {
	t.Helper()
	c, err := h.Outbox.Claim(context.Background(), now, time.Minute, n)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func status(t *testing.T, h Harness, id int64) mail.Status {
	t.Helper()
	s, err := h.Status(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func claimDueInOrder(t *testing.T, h Harness) {
	ids := enqueue(t, h, 3)
	if got := claim(t, h, t0.Add(-time.Second), 10); len(got) != 0 {
		t.Fatalf("claimed %d messages before they were due", len(got))
	}
	got := claim(t, h, t0.Add(time.Second), 10) // messages 0 and 1 are due
	if len(got) != 2 || got[0].ID != ids[0] || got[1].ID != ids[1] {
		t.Fatalf("claimed %+v, want the two due messages, oldest first", got)
	}
	want := message(0)
	if got[0].Message != want || got[0].Attempts != 1 || got[0].Token == "" || got[0].Token == got[1].Token {
		t.Errorf("claimed %+v, want message 0 unchanged, attempt 1 and its own token", got[0])
	}
	if got := claim(t, h, t0.Add(30*time.Second), 1); len(got) != 1 || got[0].ID != ids[2] {
		t.Errorf("claim of 1 = %+v, want message 2 (0 and 1 are leased)", got)
	}
}

func leaseExcludes(t *testing.T, h Harness) {
	ids := enqueue(t, h, 1)
	first := claim(t, h, t0, 10)
	if len(first) != 1 {
		t.Fatalf("claimed %d", len(first))
	}
	if got := claim(t, h, t0.Add(59*time.Second), 10); len(got) != 0 {
		t.Fatal("a leased message was claimed again before its lease ran out")
	}
	again := claim(t, h, t0.Add(61*time.Second), 10)
	if len(again) != 1 || again[0].ID != ids[0] || again[0].Attempts != 2 || again[0].Token == first[0].Token {
		t.Fatalf("after the lease: %+v, want the message again at attempt 2 under a new token", again)
	}
}

func sentIsFinal(t *testing.T, h Harness) {
	ids := enqueue(t, h, 1)
	c := claim(t, h, t0, 10)
	if err := h.Outbox.Sent(context.Background(), c[0].ID, c[0].Token, t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if got := claim(t, h, t0.Add(24*time.Hour), 10); len(got) != 0 {
		t.Fatal("a sent message was claimed again")
	}
	if s := status(t, h, ids[0]); !s.SentAt.Equal(t0.Add(time.Second)) || s.Attempts != 1 {
		t.Errorf("status = %+v", s)
	}
}

func retryReschedules(t *testing.T, h Harness) {
	ids := enqueue(t, h, 1)
	c := claim(t, h, t0, 10)
	next := t0.Add(10 * time.Minute)
	if err := h.Outbox.Retry(context.Background(), c[0].ID, c[0].Token, next, "451 try again later"); err != nil {
		t.Fatal(err)
	}
	if s := status(t, h, ids[0]); s.LastError != "451 try again later" || !s.Due.Equal(next) || !s.SentAt.IsZero() {
		t.Errorf("status = %+v", s)
	}
	if got := claim(t, h, next.Add(-time.Second), 10); len(got) != 0 {
		t.Fatal("claimed before the retry time")
	}
	if got := claim(t, h, next, 10); len(got) != 1 || got[0].Attempts != 2 {
		t.Fatalf("at the retry time: %+v", got)
	}
}

func giveUpKeepsError(t *testing.T, h Harness) {
	ids := enqueue(t, h, 1)
	c := claim(t, h, t0, 10)
	if err := h.Outbox.GiveUp(context.Background(), c[0].ID, c[0].Token, t0, "550 no such user"); err != nil {
		t.Fatal(err)
	}
	if got := claim(t, h, t0.Add(365*24*time.Hour), 10); len(got) != 0 {
		t.Fatal("a given-up message was claimed")
	}
	if s := status(t, h, ids[0]); s.LastError != "550 no such user" || !s.GaveUpAt.Equal(t0) || !s.SentAt.IsZero() {
		t.Errorf("status = %+v", s)
	}
}

func staleTokenLosesLease(t *testing.T, h Harness) {
	enqueue(t, h, 1)
	old := claim(t, h, t0, 10)
	current := claim(t, h, t0.Add(2*time.Minute), 10)
	if len(current) != 1 {
		t.Fatal("not reclaimed after the lease")
	}
	ctx := context.Background()
	id, stale := old[0].ID, old[0].Token
	for name, err := range map[string]error{
		"Sent":   h.Outbox.Sent(ctx, id, stale, t0),
		"Retry":  h.Outbox.Retry(ctx, id, stale, t0, "x"),
		"GiveUp": h.Outbox.GiveUp(ctx, id, stale, t0, "x"),
	} {
		if !errors.Is(err, mail.ErrLeaseLost) {
			t.Errorf("%s with a stale token: %v, want ErrLeaseLost", name, err)
		}
	}
	if err := h.Outbox.Sent(ctx, id, current[0].Token, t0.Add(3*time.Minute)); err != nil {
		t.Errorf("Sent with the current token: %v", err)
	}
	if err := h.Outbox.Sent(ctx, id, current[0].Token, t0.Add(4*time.Minute)); !errors.Is(err, mail.ErrLeaseLost) {
		t.Errorf("Sent twice: %v, want ErrLeaseLost (a sent message holds no lease)", err)
	}
}

// Workers claiming at once (on several nodes) never get the same message.
func concurrentClaims(t *testing.T, h Harness) {
	const n, workers = 30, 4
	enqueue(t, h, n)
	var mu sync.Mutex
	claimed := map[int64]int{}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				got, err := h.Outbox.Claim(context.Background(), t0.Add(time.Hour), time.Minute, 3)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, c := range got {
					claimed[c.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(claimed) != n {
		t.Errorf("%d messages claimed, want %d", len(claimed), n)
	}
	for id, k := range claimed {
		if k != 1 {
			t.Errorf("message %d claimed %d times", id, k)
		}
	}
}
