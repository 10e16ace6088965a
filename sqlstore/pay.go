package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"

	"plenum"
)

// payValues returns the columns that hold p: all NULL for no pay.
func payValues(p *plenum.Pay) (minor sql.NullInt64, currency, period sql.NullString) {
	if p == nil {
		return
	}
	return sql.NullInt64{Int64: p.Minor, Valid: true}, sql.NullString{String: p.Currency, Valid: true},
		sql.NullString{String: p.Period, Valid: true}
}

// payOf is the pay payValues stored.
func payOf(minor sql.NullInt64, currency, period sql.NullString) *plenum.Pay {
	if !minor.Valid {
		return nil
	}
	return &plenum.Pay{Minor: minor.Int64, Currency: currency.String, Period: period.String}
}

func (t *tx) AddPayChange(ctx context.Context, c *plenum.PayChange) error {
	js, err := json.Marshal(append([]plenum.Allowance{}, c.Allowances...))
	if err != nil {
		return err
	}
	minor, currency, period := payValues(c.Pay)
	err = t.queryRow(ctx, `INSERT INTO office_pay (office, since, pay_minor, pay_currency, pay_period, allowances, decision)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.Office, micros(c.Since), minor, currency, period, string(js), nullID(c.Decision)).Scan(&c.ID)
	if err != nil {
		return err
	}
	res, err := t.exec(ctx, `UPDATE offices SET pay_minor = ?, pay_currency = ?, pay_period = ? WHERE id = ?`,
		minor, currency, period, c.Office)
	return mustAffect(res, err, "office")
}

func (t *tx) PayHistory(ctx context.Context, office plenum.OfficeID) ([]*plenum.PayChange, error) {
	rows, err := t.query(ctx, `SELECT id, office, since, pay_minor, pay_currency, pay_period, allowances, decision
		FROM office_pay WHERE office = ? ORDER BY id`, office)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (*plenum.PayChange, error) {
		c := &plenum.PayChange{}
		var since int64
		var minor, decision sql.NullInt64
		var currency, period sql.NullString
		var js string
		if err := row.Scan(&c.ID, &c.Office, &since, &minor, &currency, &period, &js, &decision); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(js), &c.Allowances); err != nil {
			return nil, err
		}
		c.Since, c.Pay, c.Decision = fromMicros(since), payOf(minor, currency, period), plenum.DecisionID(decision.Int64)
		return c, nil
	})
}
