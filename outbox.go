package plenum

import (
	"context"

	"plenum/mail"
)

// OutboxStore queues email. The domain enqueues a message in the transaction
// of the change that calls for it, so that the message exists exactly when
// the change was committed; a mail.Worker sends it later (see package mail).
type OutboxStore interface {
	// EnqueueMail queues m, due at m.Date, and returns its outbox id.
	// Conflict if m.ID (the Message-ID) is already queued; Invalid if m
	// fails mail.Message.Validate.
	EnqueueMail(ctx context.Context, m *mail.Message) (int64, error)
}
