package sqlstore

import (
	"context"
	"database/sql"
	"math"
	"strconv"
	"strings"
	"time"

	"plenum"
)

func (t *tx) CreateNotice(ctx context.Context, n *plenum.StoredNotice) error {
	args, err := plenum.EncodeNoticeArgs(n.Args)
	if err != nil {
		return plenum.Errorf(plenum.Invalid, "create notice", "%v", err)
	}
	var unit any
	if n.Unit != 0 {
		unit = n.Unit
	}
	err = t.queryRow(ctx, `INSERT INTO notices (org, unit, kind, subject, text_key, args, link, required, created)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		n.Org, unit, n.Kind, n.Subject, n.Text, args, n.Link, n.Required, micros(n.Created)).Scan(&n.ID)
	if err != nil || len(n.To) == 0 {
		return err
	}
	rows := make([][]any, len(n.To))
	for i, m := range n.To {
		rows[i] = []any{int64(m), int64(n.ID)}
	}
	return t.insertRows(ctx, "notice_to", []string{"member", "notice"}, rows, " ON CONFLICT DO NOTHING")
}

const noticeCols = `id, org, COALESCE(unit, 0), kind, subject, text_key, args, link, required, created`

func scanNotice(r interface{ Scan(...any) error }, extra ...any) (*plenum.StoredNotice, error) {
	n := &plenum.StoredNotice{}
	var args string
	var created int64
	dest := append([]any{&n.ID, &n.Org, &n.Unit, &n.Kind, &n.Subject, &n.Text, &args, &n.Link, &n.Required, &created}, extra...)
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	n.Created = fromMicros(created)
	var err error
	n.Args, err = plenum.DecodeNoticeArgs(args)
	return n, err
}

// MemberNotices merges a few index ranges, each newest first and at most
// q.Limit long: one on notices_unit for every unit in which the member has
// an active membership and every unit above those, and one on notice_to.
func (t *tx) MemberNotices(ctx context.Context, q plenum.NoticeQuery) ([]*plenum.StoredNotice, error) {
	rows, err := t.query(ctx, `SELECT ua.ancestor, MIN(ms.since) FROM memberships ms
		JOIN unit_ancestors ua ON ua.unit = ms.unit
		WHERE ms.member = ? AND ms.status = 'active' GROUP BY ua.ancestor ORDER BY ua.ancestor`, q.Member)
	if err != nil {
		return nil, err
	}
	type scope struct {
		unit  plenum.UnitID
		since int64
	}
	scopes, err := collect(rows, func(r interface{ Scan(...any) error }) (s scope, err error) { return s, r.Scan(&s.unit, &s.since) })
	if err != nil {
		return nil, err
	}
	var upto int64
	if err := t.queryRow(ctx, `SELECT COALESCE(MAX(upto), 0) FROM notice_marks WHERE member = ?`, q.Member).Scan(&upto); err != nil {
		return nil, err
	}
	units := make([]plenum.UnitID, len(scopes))
	since := make([]int64, len(scopes))
	for i, sc := range scopes {
		units[i], since[i] = sc.unit, sc.since
	}
	query, args := memberNoticesQuery(q, units, since, upto)
	rows, err = t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (*plenum.StoredNotice, error) {
		var read bool
		n, err := scanNotice(r, &read)
		if n != nil {
			n.Read = read
		}
		return n, err
	})
}

// memberNoticesQuery is the page of q: one arm per unit of units (whose
// notices count from since[i] on), one for the notices addressed to the
// member, and notices up to upto read.
func memberNoticesQuery(q plenum.NoticeQuery, units []plenum.UnitID, since []int64, upto int64) (string, []any) {
	before := int64(q.Before)
	if before <= 0 {
		before = math.MaxInt64
	}
	var arms []string
	args := []any{upto}
	for i, u := range units {
		arms = append(arms, `SELECT * FROM (SELECT `+noticeCols+` FROM notices
			WHERE unit = ? AND created >= ? AND id < ? AND id > ? ORDER BY unit DESC, id DESC LIMIT ?) AS s`+strconv.Itoa(i))
		args = append(args, u, since[i], before, q.After, q.Limit)
	}
	arms = append(arms, `SELECT * FROM (SELECT `+noticeCols+` FROM notice_to t JOIN notices n ON n.id = t.notice
		WHERE t.member = ? AND t.notice < ? AND t.notice > ? ORDER BY t.member DESC, t.notice DESC LIMIT ?) AS d`)
	args = append(args, q.Member, before, q.After, q.Limit, q.Member, q.Limit)
	return `SELECT u.*, (r.notice IS NOT NULL OR u.id <= ?) FROM (` + strings.Join(arms, " UNION ALL ") + `) AS u
		LEFT JOIN notice_reads r ON r.member = ? AND r.notice = u.id ORDER BY u.id DESC LIMIT ?`, args
}

func (t *tx) MarkNoticesRead(ctx context.Context, m plenum.MemberID, ids []plenum.NoticeID, at time.Time) error {
	rows := make([][]any, len(ids))
	for i, id := range ids {
		rows[i] = []any{int64(m), int64(id), micros(at)}
	}
	return t.insertRows(ctx, "notice_reads", []string{"member", "notice", "at"}, rows, " ON CONFLICT DO NOTHING")
}

func (t *tx) MarkAllNoticesRead(ctx context.Context, m plenum.MemberID, upto plenum.NoticeID) error {
	_, err := t.exec(ctx, `INSERT INTO notice_marks (member, upto) VALUES (?, ?)
		ON CONFLICT (member) DO UPDATE SET upto = excluded.upto WHERE notice_marks.upto < excluded.upto`, m, upto)
	return err
}

func (t *tx) UndeliveredNotice(ctx context.Context) (*plenum.StoredNotice, plenum.Cursor, bool, error) {
	var at plenum.Cursor
	n, err := scanNotice(t.queryRow(ctx, `SELECT `+noticeCols+`, mail_key, mail_member FROM notices
		WHERE NOT mailed ORDER BY id LIMIT 1`), &at.Key, &at.Member)
	if err == sql.ErrNoRows {
		return nil, at, false, nil
	}
	return n, at, err == nil, err
}

// NoticeRecipients reads the To list on notice_to_notice, or a page of the
// unit's directory (member_units) keeping the members with an active
// membership in the unit's subtree dated no later than the notice.
func (t *tx) NoticeRecipients(ctx context.Context, n *plenum.StoredNotice, after plenum.Cursor, limit int) ([]plenum.Recipient, error) {
	query, args := recipientsQuery(n, after, limit)
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (rc plenum.Recipient, err error) {
		err = r.Scan(&rc.Member, &rc.Name, &rc.Email, &rc.Lang, &rc.Delivery, &rc.Cursor.Key)
		rc.Cursor.Member = rc.Member
		return rc, err
	})
}

func recipientsQuery(n *plenum.StoredNotice, after plenum.Cursor, limit int) (string, []any) {
	if n.Unit == 0 {
		return `SELECT m.id, m.name, m.email, m.lang, COALESCE(p.delivery, ''), ''
			FROM notice_to d JOIN members m ON m.id = d.member
			LEFT JOIN notice_deliveries p ON p.member = d.member AND p.kind = ?
			WHERE d.notice = ? AND d.member > ? ORDER BY d.member LIMIT ?`, []any{n.Kind, n.ID, after.Member, limit}
	}
	return `SELECT m.id, m.name, m.email, m.lang, COALESCE(p.delivery, ''), d.sort_key
			FROM member_units d JOIN members m ON m.id = d.member
			LEFT JOIN notice_deliveries p ON p.member = d.member AND p.kind = ?
			WHERE d.unit = ? AND (d.sort_key, d.member) > (?, ?) AND EXISTS (SELECT 1 FROM memberships ms
				JOIN unit_ancestors ua ON ua.unit = ms.unit
				WHERE ms.member = d.member AND ua.ancestor = d.unit AND ms.status = 'active' AND ms.since <= ?)
			ORDER BY d.sort_key, d.member LIMIT ?`, []any{n.Kind, n.Unit, after.Key, after.Member, micros(n.Created), limit}
}

func (t *tx) AdvanceNotice(ctx context.Context, id plenum.NoticeID, from, to plenum.Cursor, done bool) error {
	res, err := t.exec(ctx, `UPDATE notices SET mail_key = ?, mail_member = ?, mailed = ?
		WHERE id = ? AND mail_key = ? AND mail_member = ? AND NOT mailed`,
		to.Key, to.Member, done, id, from.Key, from.Member)
	if err = mustAffect(res, err, "notice"); plenum.IsKind(err, plenum.NotFound) {
		return plenum.Errorf(plenum.Conflict, "deliver notice", "notice %d was delivered further by another worker", id)
	}
	return err
}

func (t *tx) Deliveries(ctx context.Context, m plenum.MemberID) (map[string]plenum.Delivery, error) {
	rows, err := t.query(ctx, `SELECT kind, delivery FROM notice_deliveries WHERE member = ?`, m)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]plenum.Delivery{}
	for rows.Next() {
		var k string
		var d plenum.Delivery
		if err := rows.Scan(&k, &d); err != nil {
			return nil, err
		}
		out[k] = d
	}
	return out, rows.Err()
}

func (t *tx) SetDelivery(ctx context.Context, m plenum.MemberID, kind string, d plenum.Delivery, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO notice_deliveries (member, kind, delivery, since) VALUES (?, ?, ?, ?)
		ON CONFLICT (member, kind) DO UPDATE SET delivery = excluded.delivery, since = excluded.since`, m, kind, d, micros(at))
	return err
}

func (t *tx) AddDigestItems(ctx context.Context, items []plenum.DigestItem) error {
	rows := make([][]any, len(items))
	for i, it := range items {
		rows[i] = []any{int64(it.Member), int64(it.Notice), string(it.Cadence), micros(it.Queued)}
	}
	return t.insertRows(ctx, "digest_items", []string{"member", "notice", "cadence", "queued"}, rows, " ON CONFLICT DO NOTHING")
}

func (t *tx) DigestsDue(ctx context.Context, cadence plenum.Delivery, before time.Time, after plenum.MemberID, limit int) ([]plenum.MemberID, error) {
	rows, err := t.query(ctx, `SELECT DISTINCT member FROM digest_items WHERE cadence = ? AND member > ? AND queued < ?
		ORDER BY member LIMIT ?`, cadence, after, micros(before), limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (m plenum.MemberID, err error) { return m, r.Scan(&m) })
}

// TakeDigest deletes the items it returns: of two nodes taking one digest
// at once, the second finds nothing left.
func (t *tx) TakeDigest(ctx context.Context, m plenum.MemberID, cadence plenum.Delivery, before time.Time) ([]*plenum.StoredNotice, error) {
	rows, err := t.query(ctx, `DELETE FROM digest_items WHERE member = ? AND cadence = ? AND queued < ? RETURNING notice`,
		m, cadence, micros(before))
	if err != nil {
		return nil, err
	}
	ids, err := collect(rows, func(r interface{ Scan(...any) error }) (id int64, err error) { return id, r.Scan(&id) })
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err = t.query(ctx, `SELECT `+noticeCols+` FROM notices WHERE id IN (`+placeholders(len(ids))+`) ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (*plenum.StoredNotice, error) { return scanNotice(r) })
}
