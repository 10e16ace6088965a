package sqlstore

import (
	"context"
	"strings"
	"time"

	"plenum"
)

func (t *tx) OptedOut(ctx context.Context, kind string, members []plenum.MemberID) ([]plenum.MemberID, error) {
	if len(members) == 0 {
		return nil, nil
	}
	args := []any{kind}
	for _, m := range members {
		args = append(args, m)
	}
	rows, err := t.query(ctx, `SELECT member FROM mail_optouts WHERE kind = ? AND member IN (?`+
		strings.Repeat(", ?", len(members)-1)+`) ORDER BY member`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []plenum.MemberID
	for rows.Next() {
		var m plenum.MemberID
		if err := rows.Scan(&m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (t *tx) SetOptOut(ctx context.Context, member plenum.MemberID, kind string, off bool, at time.Time) error {
	if !off {
		_, err := t.exec(ctx, `DELETE FROM mail_optouts WHERE member = ? AND kind = ?`, member, kind)
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO mail_optouts (member, kind, since) VALUES (?, ?, ?) ON CONFLICT (member, kind) DO NOTHING`,
		member, kind, micros(at))
	return err
}
