package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"plenum"
)

// Times are stored as microseconds since 1970 in UTC.
func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

func nullMicros(t time.Time) sql.NullInt64 {
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: !t.IsZero()}
}

func fromNullMicros(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromMicros(n.Int64)
}

func nullID[T ~int64](id T) sql.NullInt64 { return sql.NullInt64{Int64: int64(id), Valid: id != 0} }

func (t *tx) CreateOrg(ctx context.Context, o *plenum.Organization) error {
	err := t.queryRow(ctx, `INSERT INTO orgs (slug, name, constitution, created) VALUES (?, ?, ?, ?) RETURNING id`,
		o.Slug, o.Name, o.Constitution, micros(o.Created)).Scan(&o.ID)
	if isUnique(err) {
		return plenum.FieldErrorf(plenum.Conflict, "create organization", "slug", "an organization named %q exists", o.Slug)
	}
	return err
}

const orgCols = `id, slug, name, constitution, created`

func scanOrg(row interface{ Scan(...any) error }) (*plenum.Organization, error) {
	o := &plenum.Organization{}
	var created int64
	if err := row.Scan(&o.ID, &o.Slug, &o.Name, &o.Constitution, &created); err != nil {
		return nil, err
	}
	o.Created = fromMicros(created)
	return o, nil
}

func (t *tx) Org(ctx context.Context, id plenum.OrgID) (*plenum.Organization, error) {
	o, err := scanOrg(t.queryRow(ctx, `SELECT `+orgCols+` FROM orgs WHERE id = ?`, id))
	return o, notFound(err, "organization", "organization")
}

func (t *tx) OrgBySlug(ctx context.Context, slug string) (*plenum.Organization, error) {
	o, err := scanOrg(t.queryRow(ctx, `SELECT `+orgCols+` FROM orgs WHERE slug = ?`, slug))
	return o, notFound(err, "organization", "organization")
}

func (t *tx) Orgs(ctx context.Context) ([]*plenum.Organization, error) {
	rows, err := t.query(ctx, `SELECT `+orgCols+` FROM orgs ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanOrg)
}

// collect scans every row with scan.
func collect[T any](rows *sql.Rows, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (t *tx) CreateUnit(ctx context.Context, u *plenum.Unit) error {
	const op = "create unit"
	u.Depth = 0
	if u.Parent != 0 {
		p, err := t.Unit(ctx, u.Parent)
		if err != nil {
			return err
		}
		if p.Org != u.Org {
			return plenum.Errorf(plenum.Invalid, op, "parent unit belongs to another organization")
		}
		u.Depth = p.Depth + 1
		if _, err := t.exec(ctx, `UPDATE units SET leaf = ? WHERE id = ?`, false, p.ID); err != nil {
			return err
		}
	}
	u.Leaf = true
	err := t.queryRow(ctx, `INSERT INTO units (org, parent, name, path, depth, leaf) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Org, nullID(u.Parent), u.Name, u.Path, u.Depth, true).Scan(&u.ID)
	if isUnique(err) {
		return plenum.FieldErrorf(plenum.Conflict, op, "path", "a unit %q exists", u.Path)
	} else if err != nil {
		return err
	}
	// The unit is its own ancestor at its own depth, then its parent's ancestors.
	if _, err := t.exec(ctx, `INSERT INTO unit_ancestors (ancestor, unit, depth) VALUES (?, ?, ?)`, u.ID, u.ID, u.Depth); err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO unit_ancestors (ancestor, unit, depth)
		SELECT ancestor, CAST(? AS BIGINT), depth FROM unit_ancestors WHERE unit = ?`, u.ID, nullID(u.Parent))
	return err
}

const unitCols = `u.id, u.org, u.parent, u.name, u.path, u.depth, u.leaf`

func scanUnit(row interface{ Scan(...any) error }) (*plenum.Unit, error) {
	u := &plenum.Unit{}
	var parent sql.NullInt64
	if err := row.Scan(&u.ID, &u.Org, &parent, &u.Name, &u.Path, &u.Depth, &u.Leaf); err != nil {
		return nil, err
	}
	u.Parent = plenum.UnitID(parent.Int64)
	return u, nil
}

func (t *tx) Unit(ctx context.Context, id plenum.UnitID) (*plenum.Unit, error) {
	u, err := scanUnit(t.queryRow(ctx, `SELECT `+unitCols+` FROM units u WHERE u.id = ?`, id))
	return u, notFound(err, "unit", "unit")
}

func (t *tx) UnitByPath(ctx context.Context, org plenum.OrgID, path string) (*plenum.Unit, error) {
	u, err := scanUnit(t.queryRow(ctx, `SELECT `+unitCols+` FROM units u WHERE u.org = ? AND u.path = ?`, org, path))
	return u, notFound(err, "unit", "unit")
}

func (t *tx) Units(ctx context.Context, org plenum.OrgID) ([]*plenum.Unit, error) {
	return t.units(ctx, `SELECT `+unitCols+` FROM units u WHERE u.org = ? ORDER BY u.path`, org)
}

func (t *tx) ChildUnits(ctx context.Context, id plenum.UnitID) ([]*plenum.Unit, error) {
	return t.units(ctx, `SELECT `+unitCols+` FROM units u WHERE u.parent = ? ORDER BY u.name, u.id`, id)
}

func (t *tx) Ancestors(ctx context.Context, id plenum.UnitID) ([]*plenum.Unit, error) {
	return t.units(ctx, `SELECT `+unitCols+` FROM unit_ancestors a JOIN units u ON u.id = a.ancestor
		WHERE a.unit = ? AND a.ancestor <> a.unit ORDER BY a.depth`, id)
}

func (t *tx) units(ctx context.Context, q string, args ...any) ([]*plenum.Unit, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanUnit)
}

func (t *tx) CreateBody(ctx context.Context, b *plenum.Body) error {
	err := t.queryRow(ctx, `INSERT INTO bodies (unit, name, all_members, seats, method, term_months, term_limit)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		b.Unit, b.Name, b.AllMembers, b.Seats, b.Method, b.TermMonths, b.TermLimit).Scan(&b.ID)
	if isUnique(err) {
		return plenum.FieldErrorf(plenum.Conflict, "create body", "name", "the unit has a body %q", b.Name)
	}
	return err
}

const bodyCols = `id, unit, name, all_members, seats, method, term_months, term_limit`

func scanBody(row interface{ Scan(...any) error }) (*plenum.Body, error) {
	b := &plenum.Body{}
	err := row.Scan(&b.ID, &b.Unit, &b.Name, &b.AllMembers, &b.Seats, &b.Method, &b.TermMonths, &b.TermLimit)
	return b, err
}

func (t *tx) Body(ctx context.Context, id plenum.BodyID) (*plenum.Body, error) {
	b, err := scanBody(t.queryRow(ctx, `SELECT `+bodyCols+` FROM bodies WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "body", "body")
	}
	return b, nil
}

func (t *tx) Bodies(ctx context.Context, unit plenum.UnitID) ([]*plenum.Body, error) {
	rows, err := t.query(ctx, `SELECT `+bodyCols+` FROM bodies WHERE unit = ? ORDER BY name, id`, unit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanBody)
}

func (t *tx) CreateOffice(ctx context.Context, o *plenum.Office) error {
	inc, err := json.Marshal(append([]string{}, o.IncompatibleWith...))
	if err != nil {
		return err
	}
	minor, currency, period := payValues(o.Pay)
	err = t.queryRow(ctx, `INSERT INTO offices (unit, body, name, seats, method, term_months, term_limit,
		pay_minor, pay_currency, pay_period, incompatible) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		o.Unit, nullID(o.Body), o.Name, o.Seats, o.Method, o.TermMonths, o.TermLimit,
		minor, currency, period, string(inc)).Scan(&o.ID)
	if isUnique(err) {
		return plenum.FieldErrorf(plenum.Conflict, "create office", "name", "the unit has an office %q", o.Name)
	}
	return err
}

const officeCols = `id, unit, body, name, seats, method, term_months, term_limit, pay_minor, pay_currency, pay_period, incompatible`

func scanOffice(row interface{ Scan(...any) error }) (*plenum.Office, error) {
	o := &plenum.Office{}
	var body, minor sql.NullInt64
	var currency, period sql.NullString
	var inc string
	err := row.Scan(&o.ID, &o.Unit, &body, &o.Name, &o.Seats, &o.Method, &o.TermMonths, &o.TermLimit,
		&minor, &currency, &period, &inc)
	if err != nil {
		return nil, err
	}
	o.Body, o.Pay = plenum.BodyID(body.Int64), payOf(minor, currency, period)
	return o, json.Unmarshal([]byte(inc), &o.IncompatibleWith)
}

func (t *tx) Office(ctx context.Context, id plenum.OfficeID) (*plenum.Office, error) {
	o, err := scanOffice(t.queryRow(ctx, `SELECT `+officeCols+` FROM offices WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "office", "office")
	}
	return o, nil
}

func (t *tx) Offices(ctx context.Context, unit plenum.UnitID) ([]*plenum.Office, error) {
	rows, err := t.query(ctx, `SELECT `+officeCols+` FROM offices WHERE unit = ? ORDER BY name, id`, unit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanOffice)
}
