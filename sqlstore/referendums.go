package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"plenum"
)

func (t *tx) CreateReferendum(ctx context.Context, r *plenum.Referendum) error {
	return t.queryRow(ctx, `INSERT INTO referendums (org, motion, unit, body, via, opener, referral, eligible, needed,
		signatures, status, opened, deadline, closed, election, majority, turnout, yes, no, voters)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.Org, r.Motion, r.Unit, r.Body, r.Via, nullID(r.Opener), nullID(r.Referral), r.Eligible, r.Needed,
		r.Signatures, string(r.Status), micros(r.Opened), nullMicros(r.Deadline), nullMicros(r.Closed),
		nullID(r.Election), r.Rule.Majority, int64(r.Rule.Turnout), r.Yes, r.No, r.Voters).Scan(&r.ID)
}

const referendumCols = `id, org, motion, unit, body, via, opener, referral, eligible, needed,
	signatures, status, opened, deadline, closed, election, majority, turnout, yes, no, voters`

func scanReferendum(row interface{ Scan(...any) error }) (*plenum.Referendum, error) {
	r := &plenum.Referendum{}
	var status string
	var opened int64
	var opener, referral, deadline, closed, election sql.NullInt64
	err := row.Scan(&r.ID, &r.Org, &r.Motion, &r.Unit, &r.Body, &r.Via, &opener, &referral, &r.Eligible, &r.Needed,
		&r.Signatures, &status, &opened, &deadline, &closed, &election, &r.Rule.Majority, &r.Rule.Turnout,
		&r.Yes, &r.No, &r.Voters)
	if err != nil {
		return nil, err
	}
	r.Status, r.Opener, r.Referral = plenum.ReferendumStatus(status), plenum.MemberID(opener.Int64), plenum.DecisionID(referral.Int64)
	r.Opened, r.Deadline, r.Closed = fromMicros(opened), fromNullMicros(deadline), fromNullMicros(closed)
	r.Election = plenum.ElectionID(election.Int64)
	return r, nil
}

func (t *tx) Referendum(ctx context.Context, id plenum.ReferendumID) (*plenum.Referendum, error) {
	r, err := scanReferendum(t.queryRow(ctx, `SELECT `+referendumCols+` FROM referendums WHERE id = ?`, id))
	return r, notFound(err, "referendum", "referendum")
}

func (t *tx) UpdateReferendum(ctx context.Context, r *plenum.Referendum) error {
	res, err := t.exec(ctx, `UPDATE referendums SET status = ?, closed = ?, election = ?, majority = ?, turnout = ?,
		yes = ?, no = ?, voters = ? WHERE id = ?`,
		string(r.Status), nullMicros(r.Closed), nullID(r.Election), r.Rule.Majority, int64(r.Rule.Turnout),
		r.Yes, r.No, r.Voters, r.ID)
	return mustAffect(res, err, "referendum")
}

func (t *tx) referendums(ctx context.Context, where string, args ...any) ([]*plenum.Referendum, error) {
	rows, err := t.query(ctx, `SELECT `+referendumCols+` FROM referendums WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanReferendum)
}

func (t *tx) MotionReferendums(ctx context.Context, motion plenum.MotionID) ([]*plenum.Referendum, error) {
	return t.referendums(ctx, `motion = ? ORDER BY id DESC`, motion)
}

func (t *tx) ElectionReferendum(ctx context.Context, election plenum.ElectionID) (*plenum.Referendum, error) {
	r, err := scanReferendum(t.queryRow(ctx, `SELECT `+referendumCols+` FROM referendums WHERE election = ?`, election))
	return r, notFound(err, "referendum", "referendum")
}

func (t *tx) LapsingDemands(ctx context.Context, at time.Time, limit int) ([]*plenum.Referendum, error) {
	return t.referendums(ctx, `status = 'demand' AND deadline <= ? ORDER BY deadline, id LIMIT ?`, micros(at), limit)
}

func (t *tx) SignDemand(ctx context.Context, id plenum.ReferendumID, member plenum.MemberID, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO referendum_signatures (referendum, member, signed) VALUES (?, ?, ?)`, id, member, micros(at))
	if isUnique(err) {
		return plenum.Errorf(plenum.Conflict, "sign demand", "the member has signed the demand")
	}
	if err != nil {
		return err
	}
	res, err := t.exec(ctx, `UPDATE referendums SET signatures = signatures + 1 WHERE id = ?`, id)
	return mustAffect(res, err, "referendum")
}

func (t *tx) DemandSigned(ctx context.Context, id plenum.ReferendumID, member plenum.MemberID) (time.Time, error) {
	var at int64
	err := t.queryRow(ctx, `SELECT signed FROM referendum_signatures WHERE referendum = ? AND member = ?`, id, member).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return fromMicros(at), err
}
