package sqlstore

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"strings"

	"plenum"
	"plenum/record"
)

const entryCols = `seq, time, type, actor, org, unit, internal, payload, prev, hash, sig`

func scanEntry(row interface{ Scan(...any) error }) (*record.Entry, error) {
	e := &record.Entry{}
	var t int64
	var payload string
	var prev, hash []byte
	err := row.Scan(&e.Seq, &t, &e.Type, &e.Actor, &e.Org, &e.Unit, &e.Internal, &payload, &prev, &hash, &e.Sig)
	if err != nil {
		return nil, err
	}
	// A stored hash of the wrong length is left zero; verification reports it.
	copy(e.Prev[:], prev)
	copy(e.Hash[:], hash)
	e.Time, e.Payload = fromMicros(t), []byte(payload)
	return e, nil
}

// RecordHead locks record_lock on PostgreSQL; on SQLite the write
// transaction (BEGIN IMMEDIATE) already excludes every other writer. A
// read-only transaction takes no lock.
func (t *tx) RecordHead(ctx context.Context) (*record.Entry, bool, error) {
	if t.d == postgresDialect && !t.readOnly {
		if _, err := t.exec(ctx, `SELECT id FROM record_lock WHERE id = 1 FOR UPDATE`); err != nil {
			return nil, false, err
		}
	}
	e, err := scanEntry(t.queryRow(ctx, `SELECT `+entryCols+` FROM record ORDER BY seq DESC LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return e, err == nil, err
}

func (t *tx) AppendEntry(ctx context.Context, e *record.Entry) error {
	_, err := t.exec(ctx, `INSERT INTO record (`+entryCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, micros(e.Time), e.Type, e.Actor, e.Org, e.Unit, e.Internal, string(e.Payload), e.Prev[:], e.Hash[:], e.Sig)
	if isUnique(err) {
		return plenum.Errorf(plenum.Conflict, "append to the record", "entry %d exists", e.Seq)
	}
	return err
}

func (t *tx) Entries(ctx context.Context, q plenum.RecordQuery) ([]*record.Entry, error) {
	query, args := entriesQuery(q)
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanEntry)
}

func entriesQuery(q plenum.RecordQuery) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if q.Org != 0 {
		add("org = ?", q.Org.String())
	}
	if q.Unit != 0 {
		add("unit = ?", q.Unit.String())
	}
	if q.Type != "" {
		add("type = ?", q.Type)
	}
	if q.Before > 0 {
		add("seq < ?", q.Before)
	}
	order := "DESC"
	if q.After > 0 {
		add("seq > ?", q.After)
		order = "ASC"
	}
	vis := []string{"internal = ?"}
	vargs := []any{false}
	if len(q.InternalUnits) > 0 {
		vis = append(vis, "unit IN ("+placeholders(len(q.InternalUnits))+")")
		for _, u := range q.InternalUnits {
			vargs = append(vargs, u.String())
		}
	}
	if q.OrgInternal && q.Org != 0 {
		vis = append(vis, "(org = ? AND unit = '')")
		vargs = append(vargs, q.Org.String())
	}
	add("("+strings.Join(vis, " OR ")+")", vargs...)
	args = append(args, q.Limit)
	query := `SELECT ` + entryCols + ` FROM record WHERE ` + strings.Join(where, " AND ") + ` ORDER BY seq ` + order + ` LIMIT ?`
	if q.After > 0 {
		query = `SELECT * FROM (` + query + `) AS page ORDER BY seq DESC`
	}
	return query, args
}

func (t *tx) EachEntry(ctx context.Context, fn func(*record.Entry) error) error {
	rows, err := t.query(ctx, `SELECT `+entryCols+` FROM record ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (t *tx) RecordKey(ctx context.Context) (ed25519.PublicKey, bool, error) {
	var key []byte
	err := t.queryRow(ctx, `SELECT key FROM record_lock WHERE id = 1`).Scan(&key)
	if err != nil {
		return nil, false, err
	}
	return ed25519.PublicKey(key), len(key) > 0, nil
}

func (t *tx) SetRecordKey(ctx context.Context, key ed25519.PublicKey) error {
	res, err := t.exec(ctx, `UPDATE record_lock SET key = ? WHERE id = 1 AND key IS NULL`, []byte(key))
	if err := mustAffect(res, err, "record key"); plenum.IsKind(err, plenum.NotFound) {
		return plenum.Errorf(plenum.Conflict, "set record key", "the record has a key already")
	} else if err != nil {
		return err
	}
	return nil
}
