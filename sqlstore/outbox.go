package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"time"

	"plenum"
	"plenum/mail"
)

// EnqueueMail queues m in the transaction t, due at m.Date.
func (t *tx) EnqueueMail(ctx context.Context, m *mail.Message) (int64, error) {
	const op = "enqueue mail"
	if err := m.Validate(); err != nil {
		return 0, plenum.Errorf(plenum.Invalid, op, "%v", err)
	}
	var id int64
	err := t.queryRow(ctx, `INSERT INTO outbox (message_id, kind, recipient, subject, text_body, html_body,
		unsubscribe, lang, created, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.ID, m.Kind, m.To, m.Subject, m.Text, m.HTML, m.Unsubscribe, m.Lang, micros(m.Date), micros(m.Date)).Scan(&id)
	if isUnique(err) {
		return 0, plenum.Errorf(plenum.Conflict, op, "message %s is already queued", m.ID)
	}
	return id, err
}

// Outbox is the mail.Outbox of a database. On SQLite claims are serialized by
// the one writing connection; on PostgreSQL, by row locks taken with SKIP
// LOCKED, so that workers on several nodes claim disjoint messages without
// waiting for each other.
type Outbox struct{ db *DB }

var _ mail.Outbox = (*Outbox)(nil)

// Outbox returns the database's outbox, for mail workers.
func (db *DB) Outbox() *Outbox { return &Outbox{db} }

// Claim leases up to n due messages; see mail.Outbox.
func (o *Outbox) Claim(ctx context.Context, now time.Time, lease time.Duration, n int) ([]mail.Claimed, error) {
	d := o.db.dialect
	stx, err := o.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("claim mail: %w", err)
	}
	defer stx.Rollback()
	q := `SELECT id FROM outbox WHERE sent = 0 AND gave_up = 0 AND due <= ? AND lease_until <= ? ORDER BY due, id LIMIT ?`
	if o.db.Postgres() {
		q += " FOR UPDATE SKIP LOCKED"
	}
	ids, err := queryIDs(ctx, stx, d.rebind(q), micros(now), micros(now), n)
	if err != nil {
		return nil, fmt.Errorf("claim mail: %w", err)
	}
	out := make([]mail.Claimed, 0, len(ids))
	for _, id := range ids {
		c := mail.Claimed{ID: id, Token: rand.Text()}
		m := &c.Message
		var created int64
		err := stx.QueryRowContext(ctx, d.rebind(`UPDATE outbox SET attempts = attempts + 1, lease_token = ?, lease_until = ?
			WHERE id = ? RETURNING attempts, message_id, kind, recipient, subject, text_body, html_body, unsubscribe, lang, created`),
			c.Token, micros(now.Add(lease)), id).
			Scan(&c.Attempts, &m.ID, &m.Kind, &m.To, &m.Subject, &m.Text, &m.HTML, &m.Unsubscribe, &m.Lang, &created)
		if err != nil {
			return nil, fmt.Errorf("claim mail %d: %w", id, err)
		}
		m.Date = fromMicros(created)
		out = append(out, c)
	}
	if err := stx.Commit(); err != nil {
		return nil, fmt.Errorf("claim mail: %w", err)
	}
	return out, nil
}

func queryIDs(ctx context.Context, stx *sql.Tx, q string, args ...any) ([]int64, error) {
	rows, err := stx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Sent records a delivery; see mail.Outbox.
func (o *Outbox) Sent(ctx context.Context, id int64, token string, now time.Time) error {
	return o.finish(ctx, id, token, "sent = ?", micros(now))
}

// Retry reschedules a message; see mail.Outbox.
func (o *Outbox) Retry(ctx context.Context, id int64, token string, next time.Time, lastErr string) error {
	return o.finish(ctx, id, token, "due = ?, last_error = ?", micros(next), lastErr)
}

// GiveUp ends a message's attempts; see mail.Outbox.
func (o *Outbox) GiveUp(ctx context.Context, id int64, token string, now time.Time, lastErr string) error {
	return o.finish(ctx, id, token, "gave_up = ?, last_error = ?", micros(now), lastErr)
}

// finish applies set to a message whose lease token holds, and ends the lease.
func (o *Outbox) finish(ctx context.Context, id int64, token, set string, args ...any) error {
	args = append(args, id, token)
	res, err := o.db.write.ExecContext(ctx, o.db.dialect.rebind(`UPDATE outbox SET `+set+`, lease_token = '', lease_until = 0
		WHERE id = ? AND lease_token = ? AND lease_token <> ''`), args...)
	if err != nil {
		return fmt.Errorf("outbox %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("outbox %d: %w", id, err)
	} else if n == 0 {
		return mail.ErrLeaseLost
	}
	return nil
}

// Status reports where message id stands. Errors: NotFound.
func (o *Outbox) Status(ctx context.Context, id int64) (mail.Status, error) {
	var s mail.Status
	var due, sent, gaveUp int64
	err := o.db.read.QueryRowContext(ctx, o.db.dialect.rebind(`SELECT attempts, due, last_error, sent, gave_up FROM outbox WHERE id = ?`), id).
		Scan(&s.Attempts, &due, &s.LastError, &sent, &gaveUp)
	if err != nil {
		return s, notFound(err, "outbox status", "message")
	}
	s.Due = fromMicros(due)
	if sent != 0 {
		s.SentAt = fromMicros(sent)
	}
	if gaveUp != 0 {
		s.GaveUpAt = fromMicros(gaveUp)
	}
	return s, nil
}

// Pending counts the messages still to send, for the log of a server that
// has no SMTP server to send them with.
func (o *Outbox) Pending(ctx context.Context) (int, error) {
	var n int
	err := o.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE sent = 0 AND gave_up = 0`).Scan(&n)
	return n, err
}
