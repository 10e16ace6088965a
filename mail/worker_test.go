package mail_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"sort"
	"sync"
	"time"

	"plenum/mail"
)

// memOutbox is an Outbox in memory, for the worker's tests. The outboxtest
// contract checks it behaves as the database's does.
type memOutbox struct {
	mu   sync.Mutex
	rows []*memRow
}

type memRow struct {
	id         int64
	msg        mail.Message
	status     mail.Status
	token      string
	leaseUntil time.Time
}

var _ mail.Outbox = (*memOutbox)(nil)

func (o *memOutbox) Enqueue(_ context.Context, m mail.Message) (int64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	r := &memRow{id: int64(len(o.rows) + 1), msg: m, status: mail.Status{Due: m.Date}}
	o.rows = append(o.rows, r)
	return r.id, nil
}

func (o *memOutbox) Claim(_ context.Context, now time.Time, lease time.Duration, n int) ([]mail.Claimed, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var due []*memRow
	for _, r := range o.rows {
		if r.status.SentAt.IsZero() && r.status.GaveUpAt.IsZero() && !r.status.Due.After(now) && !r.leaseUntil.After(now) {
			due = append(due, r)
		}
	}
	sort.SliceStable(due, func(i, j int) bool { return due[i].status.Due.Before(due[j].status.Due) })
	var out []mail.Claimed
	for _, r := range due[:min(n, len(due))] {
		r.token = rand.Text()
		r.leaseUntil = now.Add(lease)
		r.status.Attempts++
		out = append(out, mail.Claimed{ID: r.id, Token: r.token, Attempts: r.status.Attempts, Message: r.msg})
	}
	return out, nil
}

// leased returns the row id if token holds its lease; the caller holds mu.
func (o *memOutbox) leased(id int64, token string) (*memRow, error) {
	if id < 1 || int(id) > len(o.rows) {
		return nil, fmt.Errorf("no outbox message %d", id)
	}
	r := o.rows[id-1]
	if r.token == "" || r.token != token {
		return nil, mail.ErrLeaseLost
	}
	return r, nil
}

func (o *memOutbox) finish(id int64, token string, f func(r *memRow)) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.leased(id, token)
	if err != nil {
		return err
	}
	f(r)
	r.token, r.leaseUntil = "", time.Time{}
	return nil
}

func (o *memOutbox) Sent(_ context.Context, id int64, token string, now time.Time) error {
	return o.finish(id, token, func(r *memRow) { r.status.SentAt = now })
}

func (o *memOutbox) Retry(_ context.Context, id int64, token string, next time.Time, lastErr string) error {
	return o.finish(id, token, func(r *memRow) { r.status.Due, r.status.LastError = next, lastErr })
}

func (o *memOutbox) GiveUp(_ context.Context, id int64, token string, now time.Time, lastErr string) error {
	return o.finish(id, token, func(r *memRow) { r.status.GaveUpAt, r.status.LastError = now, lastErr })
}

func (o *memOutbox) Status(_ context.Context, id int64) (mail.Status, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if id < 1 || int(id) > len(o.rows) {
		return mail.Status{}, fmt.Errorf("no outbox message %d", id)
	}
	return o.rows[id-1].status, nil
}

func (o *memOutbox) all() []mail.Status {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []mail.Status
	for _, r := range o.rows {
		out = append(out, r.status)
	}
	return out
}
