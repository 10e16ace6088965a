package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"plenum"
)

func (t *tx) CreateCase(ctx context.Context, c *plenum.Case) error {
	prov, err := json.Marshal(c.Provisions)
	if err != nil {
		return err
	}
	err = t.queryRow(ctx, `INSERT INTO cases (org, unit, body, appeal_body, accused, member_unit, provisions, charges, related,
		status, opened, reply, minutes, grounds, outcome, appeal_outcome)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '', '') RETURNING id`,
		c.Org, c.Unit, c.Body, nullID(c.AppealBody), c.Accused, c.MemberUnit, string(prov), c.Charges,
		nullID(c.Related), string(c.Status), micros(c.Opened)).Scan(&c.ID)
	if err != nil {
		return err
	}
	for i, m := range c.Accusers {
		if _, err := t.exec(ctx, `INSERT INTO case_accusers ("case", member, seq) VALUES (?, ?, ?)`, c.ID, m, i); err != nil {
			return err
		}
	}
	return t.UpdateCase(ctx, c)
}

// verdictJSON is a verdict as stored, NULL for none.
func verdictJSON(v *plenum.Verdict) (sql.NullString, error) {
	if v == nil {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(v)
	return sql.NullString{String: string(b), Valid: true}, err
}

func (t *tx) UpdateCase(ctx context.Context, c *plenum.Case) error {
	var vs [4]sql.NullString
	for i, v := range []*plenum.Verdict{c.Admission, c.Verdict, c.Appeal, c.Interim} {
		var err error
		if vs[i], err = verdictJSON(v); err != nil {
			return err
		}
	}
	props, err := json.Marshal(c.Proposals)
	if err != nil {
		return err
	}
	outcome := ""
	if f := c.Final(); c.Status == plenum.CaseDismissed {
		outcome = plenum.Dismissed
	} else if f != nil {
		outcome = f.Outcome
	}
	res, err := t.exec(ctx, `UPDATE cases SET status = ?, admission = ?, reply_due = ?, reply = ?, replied = ?, assistant = ?,
		minutes = ?, heard = ?, verdict = ?, appeal_due = ?, appellant = ?, grounds = ?, appealed = ?, appeal = ?, interim = ?,
		outcome = ?, appeal_outcome = ?, due = ?, effective = ?, proposals = ? WHERE id = ?`,
		string(c.Status), vs[0], nullMicros(c.ReplyDue), c.Reply, nullMicros(c.Replied), nullID(c.Assistant),
		c.Minutes, nullMicros(c.Heard), vs[1], nullMicros(c.AppealDue), nullID(c.Appellant), c.Grounds,
		nullMicros(c.Appealed), vs[2], vs[3], outcome, c.AppealOutcome(), nullMicros(c.Due), nullMicros(c.Effective), string(props), c.ID)
	return mustAffect(res, err, "case")
}

// caseCols are the columns of a case, read FROM cases c.
const caseCols = `c.id, c.org, c.unit, c.body, c.appeal_body, c.accused, c.member_unit, c.provisions, c.charges, c.related,
	c.status, c.opened, c.admission, c.reply_due, c.reply, c.replied, c.assistant, c.minutes, c.heard, c.verdict,
	c.appeal_due, c.appellant, c.grounds, c.appealed, c.appeal, c.interim, c.due, c.effective, c.proposals`

func scanCase(s interface{ Scan(...any) error }) (*plenum.Case, error) {
	c := &plenum.Case{}
	var appealBody, related, assistant, appellant sql.NullInt64
	var opened int64
	var replyDue, replied, heard, appealDue, appealed, due, effective sql.NullInt64
	var prov, status, props string
	var vs [4]sql.NullString
	err := s.Scan(&c.ID, &c.Org, &c.Unit, &c.Body, &appealBody, &c.Accused, &c.MemberUnit, &prov, &c.Charges, &related,
		&status, &opened, &vs[0], &replyDue, &c.Reply, &replied, &assistant, &c.Minutes, &heard, &vs[1], &appealDue,
		&appellant, &c.Grounds, &appealed, &vs[2], &vs[3], &due, &effective, &props)
	if err != nil {
		return nil, err
	}
	c.AppealBody, c.Related = plenum.BodyID(appealBody.Int64), plenum.CaseID(related.Int64)
	c.Assistant, c.Appellant = plenum.MemberID(assistant.Int64), plenum.MemberID(appellant.Int64)
	c.Status, c.Opened = plenum.CaseStatus(status), fromMicros(opened)
	c.ReplyDue, c.Replied, c.Heard = fromNullMicros(replyDue), fromNullMicros(replied), fromNullMicros(heard)
	c.AppealDue, c.Appealed = fromNullMicros(appealDue), fromNullMicros(appealed)
	c.Due, c.Effective = fromNullMicros(due), fromNullMicros(effective)
	if err := json.Unmarshal([]byte(prov), &c.Provisions); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(props), &c.Proposals); err != nil {
		return nil, err
	}
	for i, dst := range []**plenum.Verdict{&c.Admission, &c.Verdict, &c.Appeal, &c.Interim} {
		if vs[i].Valid {
			*dst = &plenum.Verdict{}
			if err := json.Unmarshal([]byte(vs[i].String), *dst); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

func (t *tx) Case(ctx context.Context, id plenum.CaseID) (*plenum.Case, error) {
	c, err := scanCase(t.queryRow(ctx, `SELECT `+caseCols+` FROM cases c WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "case", "case")
	}
	return c, t.addAccusers(ctx, []*plenum.Case{c})
}

// addAccusers loads the accusers of cs, in the order they joined.
func (t *tx) addAccusers(ctx context.Context, cs []*plenum.Case) error {
	if len(cs) == 0 {
		return nil
	}
	byID := map[plenum.CaseID]*plenum.Case{}
	args := make([]any, len(cs))
	for i, c := range cs {
		byID[c.ID], args[i] = c, c.ID
	}
	rows, err := t.query(ctx, `SELECT "case", member FROM case_accusers WHERE "case" IN (`+placeholders(len(cs))+`)
		ORDER BY "case", seq`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id plenum.CaseID
		var m plenum.MemberID
		if err := rows.Scan(&id, &m); err != nil {
			return err
		}
		byID[id].Accusers = append(byID[id].Accusers, m)
	}
	return rows.Err()
}

func (t *tx) AddAccuser(ctx context.Context, id plenum.CaseID, m plenum.MemberID) error {
	_, err := t.exec(ctx, `INSERT INTO case_accusers ("case", member, seq)
		SELECT ?, ?, COALESCE(MAX(seq), -1) + 1 FROM case_accusers WHERE "case" = ?`, id, m, id)
	if isUnique(err) {
		return plenum.Errorf(plenum.Conflict, "join case", "the member is already an accuser")
	}
	return err
}

// cases runs a query of whole cases and loads their accusers.
func (t *tx) cases(ctx context.Context, query string, args ...any) ([]*plenum.Case, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	cs, err := collect(rows, scanCase)
	if err != nil {
		return nil, err
	}
	return cs, t.addAccusers(ctx, cs)
}

// beforeID is the keyset bound of a page listed newest first.
func beforeID(before plenum.CaseID) int64 {
	if before <= 0 {
		return 1<<63 - 1
	}
	return int64(before)
}

func (t *tx) UnitCases(ctx context.Context, unit plenum.UnitID, before plenum.CaseID, limit int) ([]*plenum.Case, error) {
	return t.cases(ctx, `SELECT `+caseCols+` FROM cases c JOIN unit_ancestors a ON a.unit = c.member_unit
		WHERE a.ancestor = ? AND c.id < ? ORDER BY c.id DESC LIMIT ?`, unit, beforeID(before), limit)
}

func (t *tx) AccuserCases(ctx context.Context, m plenum.MemberID, before plenum.CaseID, limit int) ([]*plenum.Case, error) {
	return t.cases(ctx, `SELECT `+caseCols+` FROM case_accusers x JOIN cases c ON c.id = x."case"
		WHERE x.member = ? AND x."case" < ? ORDER BY x."case" DESC LIMIT ?`, m, beforeID(before), limit)
}

func (t *tx) DueCases(ctx context.Context, now time.Time, limit int) ([]*plenum.Case, error) {
	return t.cases(ctx, `SELECT `+caseCols+` FROM cases c WHERE due IS NOT NULL AND due <= ? ORDER BY due, id LIMIT ?`,
		micros(now), limit)
}

func (t *tx) UnitCaseStats(ctx context.Context, unit plenum.UnitID) (plenum.CaseStats, error) {
	var s plenum.CaseStats
	err := t.queryRow(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN c.outcome = 'dismissed' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN c.outcome = 'proven' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN c.outcome = 'not_proven' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN c.appeal_outcome = 'overturned' THEN 1 ELSE 0 END), 0)
		FROM cases c JOIN unit_ancestors a ON a.unit = c.member_unit WHERE a.ancestor = ?`, unit).
		Scan(&s.Opened, &s.Dismissed, &s.Proven, &s.NotProven, &s.Overturned)
	return s, err
}

func (t *tx) AddEvidence(ctx context.Context, e *plenum.Evidence) error {
	return t.queryRow(ctx, `INSERT INTO case_files ("case", member, name, type, size, sha256, data, added)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.Case, e.By, e.Name, e.Type, e.Size, e.SHA256, e.Data, micros(e.Added)).Scan(&e.ID)
}

const evidenceCols = `id, "case", member, name, type, size, sha256, added`

func scanEvidence(s interface{ Scan(...any) error }) (*plenum.Evidence, error) {
	e := &plenum.Evidence{}
	var added int64
	err := s.Scan(&e.ID, &e.Case, &e.By, &e.Name, &e.Type, &e.Size, &e.SHA256, &added)
	e.Added = fromMicros(added)
	return e, err
}

func (t *tx) CaseEvidence(ctx context.Context, id plenum.CaseID) ([]*plenum.Evidence, error) {
	rows, err := t.query(ctx, `SELECT `+evidenceCols+` FROM case_files WHERE "case" = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanEvidence)
}

func (t *tx) EvidenceFile(ctx context.Context, id plenum.CaseID, file int64) (*plenum.Evidence, error) {
	e := &plenum.Evidence{}
	var added int64
	err := t.queryRow(ctx, `SELECT `+evidenceCols+`, data FROM case_files WHERE "case" = ? AND id = ?`, id, file).
		Scan(&e.ID, &e.Case, &e.By, &e.Name, &e.Type, &e.Size, &e.SHA256, &added, &e.Data)
	if err != nil {
		return nil, notFound(err, "evidence", "file")
	}
	e.Added = fromMicros(added)
	return e, nil
}

func (t *tx) SetMemberStatus(ctx context.Context, m plenum.MemberID, s plenum.Status, since time.Time) error {
	res, err := t.exec(ctx, `UPDATE memberships SET status = ?, since = ? WHERE member = ?`, string(s), micros(since), m)
	return mustAffect(res, err, "membership")
}
