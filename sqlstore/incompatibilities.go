package sqlstore

import (
	"context"
	"database/sql"

	"plenum"
)

func (t *tx) CreateIncompatibility(ctx context.Context, f *plenum.Incompatibility) error {
	err := t.queryRow(ctx, `INSERT INTO incompatibilities (org, member, held, gained, flagged, deadline, resolved, resolution)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		f.Org, f.Member, f.Held, f.Gained, micros(f.Flagged), micros(f.Deadline), nullMicros(f.Resolved), f.Resolution).Scan(&f.ID)
	if isUnique(err) {
		return plenum.Errorf(plenum.Conflict, "flag incompatibility", "these two terms are flagged already")
	}
	return err
}

const incompatibilityCols = `id, org, member, held, gained, flagged, deadline, resolved, resolution`

func scanIncompatibility(row interface{ Scan(...any) error }) (*plenum.Incompatibility, error) {
	f := &plenum.Incompatibility{}
	var flagged, deadline int64
	var resolved sql.NullInt64
	if err := row.Scan(&f.ID, &f.Org, &f.Member, &f.Held, &f.Gained, &flagged, &deadline, &resolved, &f.Resolution); err != nil {
		return nil, err
	}
	f.Flagged, f.Deadline, f.Resolved = fromMicros(flagged), fromMicros(deadline), fromNullMicros(resolved)
	return f, nil
}

func (t *tx) MemberIncompatibilities(ctx context.Context, member plenum.MemberID) ([]*plenum.Incompatibility, error) {
	rows, err := t.query(ctx, `SELECT `+incompatibilityCols+` FROM incompatibilities WHERE member = ? ORDER BY id DESC`, member)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanIncompatibility)
}

func (t *tx) OpenIncompatibilities(ctx context.Context, limit int) ([]*plenum.Incompatibility, error) {
	rows, err := t.query(ctx, `SELECT `+incompatibilityCols+` FROM incompatibilities
		WHERE resolved IS NULL ORDER BY deadline, id LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanIncompatibility)
}

func (t *tx) ResolveIncompatibility(ctx context.Context, f *plenum.Incompatibility) error {
	res, err := t.exec(ctx, `UPDATE incompatibilities SET resolved = ?, resolution = ? WHERE id = ?`,
		nullMicros(f.Resolved), f.Resolution, f.ID)
	return mustAffect(res, err, "incompatibility")
}
