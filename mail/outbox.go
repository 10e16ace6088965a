package mail

import (
	"context"
	"errors"
	"time"
)

// Outbox is the durable queue of messages, kept in the database. Messages are
// enqueued by the domain in the transaction of the change that calls for them;
// these are the methods the Worker needs. Every method is safe to call from
// several workers on several nodes at once.
type Outbox interface {
	// Claim leases up to n messages whose due time is at or before now and
	// that are neither sent, given up, nor under an unexpired lease; it counts
	// an attempt on each and leases it until now+lease under a fresh token.
	// The oldest due messages come first.
	Claim(ctx context.Context, now time.Time, lease time.Duration, n int) ([]Claimed, error)
	// Sent records that the message was delivered at now. It returns
	// ErrLeaseLost when token no longer holds the lease.
	Sent(ctx context.Context, id int64, token string, now time.Time) error
	// Retry ends the lease and makes the message due again at next, keeping
	// lastErr. It returns ErrLeaseLost as Sent does.
	Retry(ctx context.Context, id int64, token string, next time.Time, lastErr string) error
	// GiveUp stops all further attempts, keeping lastErr, at now. It returns
	// ErrLeaseLost as Sent does.
	GiveUp(ctx context.Context, id int64, token string, now time.Time, lastErr string) error
}

// Claimed is a message under a worker's lease.
type Claimed struct {
	ID       int64
	Token    string // proves the lease; random, fresh at each claim
	Attempts int    // attempts so far, this one included
	Message  Message
}

// ErrLeaseLost means another worker claimed the message after this worker's
// lease expired: this worker must leave the message alone.
var ErrLeaseLost = errors.New("mail: outbox lease lost")

// Backoff is the delay before attempt n+1 after n failed attempts: base,
// 2*base, 4*base, ..., at most max.
func Backoff(base, max time.Duration, n int) time.Duration {
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// Status is where a queued message stands, for operators and tests.
type Status struct {
	Attempts  int
	Due       time.Time // when it may next be claimed
	LastError string
	SentAt    time.Time // zero until sent
	GaveUpAt  time.Time // zero unless given up
}
