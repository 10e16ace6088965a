package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"plenum"
)

func (t *tx) CreateTerm(ctx context.Context, tm *plenum.Term) error {
	return t.queryRow(ctx, `INSERT INTO terms (office, holder, start, "end", ended, reason, founding)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		tm.Office, tm.Holder, micros(tm.Start), micros(tm.End), nullMicros(tm.Ended), string(tm.Reason), tm.Founding).Scan(&tm.ID)
}

const termCols = `id, office, holder, start, "end", ended, reason, founding`

func scanTerm(row interface{ Scan(...any) error }) (*plenum.Term, error) {
	tm := &plenum.Term{}
	var start, end int64
	var ended sql.NullInt64
	var reason string
	if err := row.Scan(&tm.ID, &tm.Office, &tm.Holder, &start, &end, &ended, &reason, &tm.Founding); err != nil {
		return nil, err
	}
	tm.Start, tm.End, tm.Ended, tm.Reason = fromMicros(start), fromMicros(end), fromNullMicros(ended), plenum.EndReason(reason)
	return tm, nil
}

func (t *tx) CurrentTerms(ctx context.Context, office plenum.OfficeID, at time.Time) ([]*plenum.Term, error) {
	rows, err := t.query(ctx, `SELECT `+termCols+` FROM terms
		WHERE office = ? AND "end" > ? AND start <= ? AND reason = '' ORDER BY start, id`,
		office, micros(at), micros(at))
	if err != nil {
		return nil, err
	}
	return collect(rows, scanTerm)
}

func (t *tx) MemberTerms(ctx context.Context, member plenum.MemberID) ([]*plenum.Term, error) {
	rows, err := t.query(ctx, `SELECT `+termCols+` FROM terms WHERE holder = ? ORDER BY start DESC, id DESC`, member)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanTerm)
}
