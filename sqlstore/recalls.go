package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"plenum"
)

func (t *tx) CreateRecall(ctx context.Context, r *plenum.Recall) error {
	return t.queryRow(ctx, `INSERT INTO recalls (org, term, office, unit, holder, electorate, opener, reason,
		eligible, needed, signatures, status, opened, deadline, closed, election, majority, turnout, yes, no, cooling_off)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.Org, r.Term, r.Office, r.Unit, r.Holder, r.Electorate, r.Opener, r.Reason,
		r.Eligible, r.Needed, r.Signatures, string(r.Status), micros(r.Opened), micros(r.Deadline), nullMicros(r.Closed),
		nullID(r.Election), r.Rule.Majority, int64(r.Rule.Turnout), r.Yes, r.No, nullMicros(r.CoolingOff)).Scan(&r.ID)
}

const recallCols = `id, org, term, office, unit, holder, electorate, opener, reason,
	eligible, needed, signatures, status, opened, deadline, closed, election, majority, turnout, yes, no, cooling_off`

func scanRecall(row interface{ Scan(...any) error }) (*plenum.Recall, error) {
	r := &plenum.Recall{}
	var status string
	var opened, deadline int64
	var closed, election, coolingOff sql.NullInt64
	err := row.Scan(&r.ID, &r.Org, &r.Term, &r.Office, &r.Unit, &r.Holder, &r.Electorate, &r.Opener, &r.Reason,
		&r.Eligible, &r.Needed, &r.Signatures, &status, &opened, &deadline, &closed, &election,
		&r.Rule.Majority, &r.Rule.Turnout, &r.Yes, &r.No, &coolingOff)
	if err != nil {
		return nil, err
	}
	r.Status, r.Opened, r.Deadline, r.Closed = plenum.RecallStatus(status), fromMicros(opened), fromMicros(deadline), fromNullMicros(closed)
	r.Election, r.CoolingOff = plenum.ElectionID(election.Int64), fromNullMicros(coolingOff)
	return r, nil
}

func (t *tx) Recall(ctx context.Context, id plenum.RecallID) (*plenum.Recall, error) {
	r, err := scanRecall(t.queryRow(ctx, `SELECT `+recallCols+` FROM recalls WHERE id = ?`, id))
	return r, notFound(err, "recall", "recall petition")
}

func (t *tx) UpdateRecall(ctx context.Context, r *plenum.Recall) error {
	res, err := t.exec(ctx, `UPDATE recalls SET status = ?, closed = ?, election = ?, majority = ?, turnout = ?,
		yes = ?, no = ?, cooling_off = ? WHERE id = ?`,
		string(r.Status), nullMicros(r.Closed), nullID(r.Election), r.Rule.Majority, int64(r.Rule.Turnout),
		r.Yes, r.No, nullMicros(r.CoolingOff), r.ID)
	return mustAffect(res, err, "recall petition")
}

func (t *tx) recalls(ctx context.Context, where string, args ...any) ([]*plenum.Recall, error) {
	rows, err := t.query(ctx, `SELECT `+recallCols+` FROM recalls WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanRecall)
}

func (t *tx) TermRecalls(ctx context.Context, term plenum.TermID) ([]*plenum.Recall, error) {
	return t.recalls(ctx, `term = ? ORDER BY id DESC`, term)
}

func (t *tx) HolderRecalls(ctx context.Context, holder plenum.MemberID) ([]*plenum.Recall, error) {
	return t.recalls(ctx, `holder = ? ORDER BY id DESC`, holder)
}

func (t *tx) UnitRecalls(ctx context.Context, unit plenum.UnitID) ([]*plenum.Recall, error) {
	return t.recalls(ctx, `unit = ? ORDER BY id DESC`, unit)
}

func (t *tx) ElectionRecall(ctx context.Context, election plenum.ElectionID) (*plenum.Recall, error) {
	r, err := scanRecall(t.queryRow(ctx, `SELECT `+recallCols+` FROM recalls WHERE election = ?`, election))
	return r, notFound(err, "recall", "recall petition")
}

func (t *tx) LapsingRecalls(ctx context.Context, at time.Time, limit int) ([]*plenum.Recall, error) {
	return t.recalls(ctx, `status = 'open' AND deadline <= ? ORDER BY deadline, id LIMIT ?`, micros(at), limit)
}

func (t *tx) AddSignature(ctx context.Context, s *plenum.Signature) error {
	_, err := t.exec(ctx, `INSERT INTO recall_signatures (recall, member, receipt, signed) VALUES (?, ?, ?, ?)`,
		s.Recall, s.Member, s.Receipt, micros(s.Signed))
	if isUnique(err) {
		return plenum.Errorf(plenum.Conflict, "sign recall", "the member has signed")
	}
	if err != nil {
		return err
	}
	return t.countSignature(ctx, s.Recall, 1)
}

func (t *tx) countSignature(ctx context.Context, recall plenum.RecallID, by int) error {
	res, err := t.exec(ctx, `UPDATE recalls SET signatures = signatures + ? WHERE id = ?`, by, recall)
	return mustAffect(res, err, "recall petition")
}

func (t *tx) RemoveSignature(ctx context.Context, recall plenum.RecallID, member plenum.MemberID) (*plenum.Signature, error) {
	s, err := t.MemberSignature(ctx, recall, member)
	if err != nil {
		return nil, err
	}
	res, err := t.exec(ctx, `DELETE FROM recall_signatures WHERE recall = ? AND member = ?`, recall, member)
	if err := mustAffect(res, err, "signature"); err != nil {
		return nil, err
	}
	return s, t.countSignature(ctx, recall, -1)
}

const signatureCols = `recall, member, receipt, signed`

func scanSignature(row interface{ Scan(...any) error }) (*plenum.Signature, error) {
	s := &plenum.Signature{}
	var signed int64
	if err := row.Scan(&s.Recall, &s.Member, &s.Receipt, &signed); err != nil {
		return nil, err
	}
	s.Signed = fromMicros(signed)
	return s, nil
}

func (t *tx) MemberSignature(ctx context.Context, recall plenum.RecallID, member plenum.MemberID) (*plenum.Signature, error) {
	s, err := scanSignature(t.queryRow(ctx, `SELECT `+signatureCols+` FROM recall_signatures WHERE recall = ? AND member = ?`, recall, member))
	return s, notFound(err, "signature", "signature")
}

func (t *tx) Signatures(ctx context.Context, recall plenum.RecallID, after plenum.MemberID, limit int) ([]*plenum.Signature, error) {
	rows, err := t.query(ctx, `SELECT `+signatureCols+` FROM recall_signatures WHERE recall = ? AND member > ?
		ORDER BY member LIMIT ?`, recall, after, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSignature)
}
