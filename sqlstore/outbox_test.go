package sqlstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"plenum"
	"plenum/mail"
	"plenum/mail/outboxtest"
	"plenum/sqlstore"
	"plenum/storetest"
)

func harness(db *sqlstore.DB) outboxtest.Harness {
	o := db.Outbox()
	return outboxtest.Harness{
		Outbox: o,
		Status: o.Status,
		Enqueue: func(ctx context.Context, m mail.Message) (id int64, err error) {
			err = db.Update(ctx, func(tx plenum.Tx) error {
				id, err = tx.EnqueueMail(ctx, &m)
				return err
			})
			return id, err
		},
	}
}

func TestOutboxSQLite(t *testing.T) {
	outboxtest.Run(t, func(t *testing.T) outboxtest.Harness { return harness(storetest.SQLite(t)) })
}

func TestOutboxPostgres(t *testing.T) {
	outboxtest.Run(t, func(t *testing.T) outboxtest.Harness { return harness(storetest.Postgres(t)) })
}

// A message enqueued in a transaction that rolls back is never sent; one with
// a Message-ID already queued is refused.
func TestOutboxTransactions(t *testing.T) {
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)
		m := mail.Message{ID: "x1@riverside.example", To: "ana@example.org", Subject: "S", Text: "T", Date: now}
		boom := errors.New("the change failed")
		err := db.Update(ctx, func(tx plenum.Tx) error {
			if _, err := tx.EnqueueMail(ctx, &m); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if n, err := db.Outbox().Pending(ctx); err != nil || n != 0 {
			t.Fatalf("pending after a rollback: %d, %v", n, err)
		}
		h := harness(db)
		if _, err := h.Enqueue(ctx, m); err != nil {
			t.Fatal(err)
		}
		if _, err := h.Enqueue(ctx, m); plenum.ErrorKind(err) != plenum.Conflict {
			t.Errorf("the same Message-ID twice: %v, want a conflict", err)
		}
		m.ID, m.To = "x2@riverside.example", "not an address"
		if _, err := h.Enqueue(ctx, m); plenum.ErrorKind(err) != plenum.Invalid {
			t.Errorf("an invalid message: %v, want invalid", err)
		}
		if n, _ := db.Outbox().Pending(ctx); n != 1 {
			t.Errorf("pending = %d, want 1", n)
		}
	})
}
