package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"plenum"
)

// batch is how many values one IN list carries, and how many members one
// INSERT statement does on SQLite: large enough that a 100,000-member import
// makes few round trips, small enough for SQLite's limit on parameters.
// PostgreSQL takes arrays (see insertRows), so larger batches.
const batch = 1000

func (t *tx) CreateMembers(ctx context.Context, ms []*plenum.Member) error {
	chains := map[plenum.UnitID][]plenum.UnitID{}
	size := batch
	if t.d == postgresDialect {
		size = 20 * batch
	}
	for i := 0; i < len(ms); i += size {
		part := ms[i:min(i+size, len(ms))]
		if err := t.insertMembers(ctx, part); err != nil {
			return err
		}
		if err := t.insertMemberships(ctx, part, chains); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) insertMembers(ctx context.Context, ms []*plenum.Member) error {
	rows := make([][]any, len(ms))
	byEmail := make(map[string]*plenum.Member, len(ms))
	for i, m := range ms {
		rows[i] = []any{int64(m.Org), m.Name, m.Email, m.Number, micros(m.Joined)}
		byEmail[m.Email] = m
	}
	q, args := valuesInsert(rows, 5)
	if t.d == postgresDialect {
		q, args = unnestInsert(rows, 5)
	}
	res, err := t.query(ctx, `INSERT INTO members (org, name, email, number, joined) `+q+` RETURNING id, email`, args...)
	if err != nil {
		return memberConflict(err)
	}
	defer res.Close()
	for res.Next() {
		var id plenum.MemberID
		var email string
		if err := res.Scan(&id, &email); err != nil {
			return err
		}
		byEmail[email].ID = id
	}
	return memberConflict(res.Err())
}

func memberConflict(err error) error {
	if isUnique(err) {
		return plenum.Errorf(plenum.Conflict, "create members", "an email or member number is already taken")
	}
	return err
}

// insertMemberships stores the memberships of ms and their rows in the
// directory index; chains caches each unit's ancestry.
func (t *tx) insertMemberships(ctx context.Context, ms []*plenum.Member, chains map[plenum.UnitID][]plenum.UnitID) error {
	var ships, dir [][]any
	for _, m := range ms {
		key := plenum.SortKey(m.Name)
		for _, s := range m.Memberships {
			chain, err := t.chain(ctx, s.Unit, chains)
			if err != nil {
				return err
			}
			ships = append(ships, []any{int64(m.ID), int64(s.Unit), string(s.Status), micros(s.Since)})
			for _, u := range chain {
				dir = append(dir, []any{int64(u), key, int64(m.ID)})
			}
		}
	}
	if err := t.insertRows(ctx, "memberships", []string{"member", "unit", "status", "since"}, ships, ""); err != nil {
		return err
	}
	// A member with two units under one ancestor is listed there once.
	return t.insertRows(ctx, "member_units", []string{"unit", "sort_key", "member"}, dir, " ON CONFLICT DO NOTHING")
}

// chain returns unit and its ancestors.
func (t *tx) chain(ctx context.Context, unit plenum.UnitID, cache map[plenum.UnitID][]plenum.UnitID) ([]plenum.UnitID, error) {
	if c, ok := cache[unit]; ok {
		return c, nil
	}
	rows, err := t.query(ctx, `SELECT ancestor FROM unit_ancestors WHERE unit = ?`, unit)
	if err != nil {
		return nil, err
	}
	c, err := collect(rows, func(r interface{ Scan(...any) error }) (plenum.UnitID, error) {
		var id plenum.UnitID
		return id, r.Scan(&id)
	})
	if err != nil {
		return nil, err
	}
	if len(c) == 0 {
		return nil, plenum.Errorf(plenum.NotFound, "create members", "no unit %d", unit)
	}
	cache[unit] = c
	return c, nil
}

// insertRows inserts rows, each of len(cols) values of type int64 or
// string, into table. SQLite takes statements of up to 1000 rows of VALUES;
// PostgreSQL takes one array a column (unnest), which it parses and plans
// once rather than for every row: several times faster for large imports.
func (t *tx) insertRows(ctx context.Context, table string, cols []string, rows [][]any, suffix string) error {
	prefix := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") "
	const rowsPer = 1000
	for len(rows) > 0 {
		n := len(rows)
		if t.d != postgresDialect {
			n = min(n, rowsPer)
		}
		var query string
		var args []any
		if t.d == postgresDialect {
			query, args = unnestInsert(rows[:n], len(cols))
		} else {
			query, args = valuesInsert(rows[:n], len(cols))
		}
		if _, err := t.execPrepared(ctx, prefix+query+suffix, args...); err != nil {
			return memberConflict(err)
		}
		rows = rows[n:]
	}
	return nil
}

func valuesInsert(rows [][]any, width int) (string, []any) {
	row := "(" + placeholders(width) + ")"
	var q strings.Builder
	q.WriteString("VALUES ")
	args := make([]any, 0, width*len(rows))
	for i, r := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(row)
		args = append(args, r...)
	}
	return q.String(), args
}

func unnestInsert(rows [][]any, width int) (string, []any) {
	var casts []string
	var args []any
	for j := range width {
		switch rows[0][j].(type) {
		case int64:
			col := make([]int64, len(rows))
			for i, r := range rows {
				col[i] = r[j].(int64)
			}
			casts, args = append(casts, "CAST(? AS BIGINT[])"), append(args, col)
		default:
			col := make([]string, len(rows))
			for i, r := range rows {
				col[i] = r[j].(string)
			}
			casts, args = append(casts, "CAST(? AS TEXT[])"), append(args, col)
		}
	}
	return "SELECT * FROM unnest(" + strings.Join(casts, ", ") + ")", args
}

const memberCols = `m.id, m.org, m.name, m.email, m.number, m.joined`

func scanMember(row interface{ Scan(...any) error }) (*plenum.Member, error) {
	m := &plenum.Member{}
	var joined int64
	if err := row.Scan(&m.ID, &m.Org, &m.Name, &m.Email, &m.Number, &joined); err != nil {
		return nil, err
	}
	m.Joined = fromMicros(joined)
	return m, nil
}

func (t *tx) Member(ctx context.Context, id plenum.MemberID) (*plenum.Member, error) {
	m, err := scanMember(t.queryRow(ctx, `SELECT `+memberCols+` FROM members m WHERE m.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "member", "member")
	}
	return m, t.addMemberships(ctx, []*plenum.Member{m})
}

func (t *tx) MemberByEmail(ctx context.Context, org plenum.OrgID, email string) (*plenum.Member, error) {
	m, err := scanMember(t.queryRow(ctx, `SELECT `+memberCols+` FROM members m WHERE m.org = ? AND m.email = ?`, org, email))
	if err != nil {
		return nil, notFound(err, "member", "member")
	}
	return m, t.addMemberships(ctx, []*plenum.Member{m})
}

// addMemberships loads the memberships of ms.
func (t *tx) addMemberships(ctx context.Context, ms []*plenum.Member) error {
	if len(ms) == 0 {
		return nil
	}
	byID := make(map[plenum.MemberID]*plenum.Member, len(ms))
	args := make([]any, len(ms))
	for i, m := range ms {
		byID[m.ID] = m
		args[i] = m.ID
	}
	rows, err := t.query(ctx, `SELECT member, unit, status, since FROM memberships
		WHERE member IN (`+placeholders(len(ms))+`) ORDER BY member, unit`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id plenum.MemberID
		var s plenum.Membership
		var since int64
		if err := rows.Scan(&id, &s.Unit, &s.Status, &since); err != nil {
			return err
		}
		s.Since = fromMicros(since)
		byID[id].Memberships = append(byID[id].Memberships, s)
	}
	return rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func (t *tx) TakenEmails(ctx context.Context, org plenum.OrgID, emails []string) ([]string, error) {
	return t.taken(ctx, "email", org, emails)
}

func (t *tx) TakenNumbers(ctx context.Context, org plenum.OrgID, numbers []string) ([]string, error) {
	return t.taken(ctx, "number", org, numbers)
}

// taken returns those of values that members of org have in column col.
func (t *tx) taken(ctx context.Context, col string, org plenum.OrgID, values []string) ([]string, error) {
	var out []string
	for i := 0; i < len(values); i += batch {
		part := values[i:min(i+batch, len(values))]
		args := []any{org}
		for _, v := range part {
			args = append(args, v)
		}
		rows, err := t.query(ctx, fmt.Sprintf(`SELECT %s FROM members WHERE org = ? AND %s IN (%s)`,
			col, col, placeholders(len(part))), args...)
		if err != nil {
			return nil, err
		}
		got, err := collect(rows, func(r interface{ Scan(...any) error }) (string, error) {
			var s string
			return s, r.Scan(&s)
		})
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	return out, nil
}

// Directory reads one page of member_units, an index range on (unit,
// sort_key, member), and joins the members.
func (t *tx) Directory(ctx context.Context, q plenum.DirectoryQuery) ([]*plenum.Member, error) {
	query, args := directoryQuery(q)
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	ms, err := collect(rows, scanMember)
	if err != nil {
		return nil, err
	}
	return ms, t.addMemberships(ctx, ms)
}

func directoryQuery(q plenum.DirectoryQuery) (string, []any) {
	where := []string{"d.unit = ?"}
	args := []any{q.Unit}
	if q.Prefix != "" {
		where = append(where, "d.sort_key >= ?", "d.sort_key < ?")
		args = append(args, q.Prefix, q.Prefix+"\U0010FFFF")
	}
	if q.After.Member != 0 {
		where = append(where, "(d.sort_key, d.member) > (?, ?)")
		args = append(args, q.After.Key, q.After.Member)
	}
	args = append(args, q.Limit)
	return `SELECT ` + memberCols + ` FROM member_units d JOIN members m ON m.id = d.member
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY d.sort_key, d.member LIMIT ?`, args
}
