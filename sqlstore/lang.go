package sqlstore

import (
	"context"

	"plenum"
)

func (t *tx) MemberLang(ctx context.Context, m plenum.MemberID) (string, error) {
	var lang string
	err := t.queryRow(ctx, `SELECT lang FROM members WHERE id = ?`, m).Scan(&lang)
	return lang, notFound(err, "member language", "member")
}

func (t *tx) SetMemberLang(ctx context.Context, m plenum.MemberID, lang string) error {
	res, err := t.exec(ctx, `UPDATE members SET lang = ? WHERE id = ?`, lang, m)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return plenum.Errorf(plenum.NotFound, "set member language", "no such member")
	}
	return nil
}
