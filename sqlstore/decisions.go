package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"plenum"
)

func (t *tx) CreateDecision(ctx context.Context, d *plenum.Decision) error {
	recused, err := json.Marshal(d.Recused)
	if err != nil {
		return err
	}
	q := d.Quorum
	return t.queryRow(ctx, `INSERT INTO decisions (org, body, unit, kind, subject, title, text, payload, secret, internal,
		status, recused, yes, no, abstain, quorum_seats, quorum_recused, quorum_eligible, quorum_percent, quorum_needed,
		quorum_voted, quorum_met, proposer, opened, deadline, closed, due, meeting, quorum_present, election)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		d.Org, d.Body, d.Unit, d.Kind, d.Subject, d.Title, d.Text, string(d.Payload), d.Secret, d.Internal,
		string(d.Status), string(recused), d.Yes, d.No, d.Abstain, q.Seats, q.Recused, q.Eligible, q.Percent, q.Needed,
		q.Voted, q.Met, nullID(d.Proposer), micros(d.Opened), micros(d.Deadline), nullMicros(d.Closed), due(d),
		nullID(d.Meeting), q.Present, nullID(d.Election)).Scan(&d.ID)
}

// due is when the job runner should close d: its deadline while it is
// voted by the body's members; never for a vote by ballot, which its
// certification closes.
func due(d *plenum.Decision) sql.NullInt64 {
	if d.IsClosed() || d.Election != 0 {
		return sql.NullInt64{}
	}
	return nullMicros(d.Deadline)
}

const decisionCols = `id, org, body, unit, kind, subject, title, text, payload, secret, internal,
	status, recused, yes, no, abstain, quorum_seats, quorum_recused, quorum_eligible, quorum_percent, quorum_needed,
	quorum_voted, quorum_met, proposer, opened, deadline, closed, meeting, quorum_present, election`

func scanDecision(row interface{ Scan(...any) error }) (*plenum.Decision, error) {
	d := &plenum.Decision{}
	var payload, status, recused string
	var proposer, closed, meeting, election sql.NullInt64
	var opened, deadline int64
	q := &d.Quorum
	err := row.Scan(&d.ID, &d.Org, &d.Body, &d.Unit, &d.Kind, &d.Subject, &d.Title, &d.Text, &payload, &d.Secret, &d.Internal,
		&status, &recused, &d.Yes, &d.No, &d.Abstain, &q.Seats, &q.Recused, &q.Eligible, &q.Percent, &q.Needed,
		&q.Voted, &q.Met, &proposer, &opened, &deadline, &closed, &meeting, &q.Present, &election)
	if err != nil {
		return nil, err
	}
	if payload != "" {
		d.Payload = json.RawMessage(payload)
	}
	if err := json.Unmarshal([]byte(recused), &d.Recused); err != nil {
		return nil, err
	}
	d.Status, d.Proposer, d.Meeting = plenum.DecisionStatus(status), plenum.MemberID(proposer.Int64), plenum.MeetingID(meeting.Int64)
	d.Opened, d.Deadline, d.Closed = fromMicros(opened), fromMicros(deadline), fromNullMicros(closed)
	d.Election = plenum.ElectionID(election.Int64)
	return d, nil
}

func (t *tx) Decision(ctx context.Context, id plenum.DecisionID) (*plenum.Decision, error) {
	d, err := scanDecision(t.queryRow(ctx, `SELECT `+decisionCols+` FROM decisions WHERE id = ?`, id))
	return d, notFound(err, "decision", "decision")
}

func (t *tx) UpdateDecision(ctx context.Context, d *plenum.Decision) error {
	q := d.Quorum
	res, err := t.exec(ctx, `UPDATE decisions SET status = ?, yes = ?, no = ?, abstain = ?, quorum_seats = ?,
		quorum_recused = ?, quorum_eligible = ?, quorum_percent = ?, quorum_needed = ?, quorum_voted = ?, quorum_met = ?,
		quorum_present = ?, closed = ?, due = ?, election = ?, deadline = ? WHERE id = ?`,
		string(d.Status), d.Yes, d.No, d.Abstain, q.Seats, q.Recused, q.Eligible, q.Percent, q.Needed, q.Voted, q.Met,
		q.Present, nullMicros(d.Closed), due(d), nullID(d.Election), micros(d.Deadline), d.ID)
	return mustAffect(res, err, "decision")
}

func (t *tx) AddDecisionVote(ctx context.Context, v *plenum.DecisionVote) error {
	_, err := t.exec(ctx, `INSERT INTO decision_votes (decision, member, choice, cast_at) VALUES (?, ?, ?, ?)`,
		v.Decision, v.Member, v.Choice, micros(v.Cast))
	if isUnique(err) {
		return plenum.Errorf(plenum.Conflict, "vote on decision", "you have voted on this decision")
	}
	return err
}

func scanVote(row interface{ Scan(...any) error }) (plenum.DecisionVote, error) {
	var v plenum.DecisionVote
	var cast int64
	err := row.Scan(&v.Decision, &v.Member, &v.Choice, &cast)
	v.Cast = fromMicros(cast)
	return v, err
}

func (t *tx) DecisionVotes(ctx context.Context, id plenum.DecisionID) ([]plenum.DecisionVote, error) {
	rows, err := t.query(ctx, `SELECT decision, member, choice, cast_at FROM decision_votes
		WHERE decision = ? ORDER BY cast_at, member`, id)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanVote)
}

func (t *tx) MemberDecisionVotes(ctx context.Context, member plenum.MemberID, before time.Time, limit int) ([]plenum.DecisionVote, error) {
	if before.IsZero() {
		before = time.Unix(1<<40, 0)
	}
	rows, err := t.query(ctx, `SELECT decision, member, choice, cast_at FROM decision_votes
		WHERE member = ? AND choice <> '' AND cast_at < ? ORDER BY cast_at DESC, decision DESC LIMIT ?`,
		member, micros(before), limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanVote)
}

func (t *tx) decisions(ctx context.Context, q string, args ...any) ([]*plenum.Decision, error) {
	rows, err := t.query(ctx, `SELECT `+decisionCols+` FROM decisions WHERE `+q, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanDecision)
}

func (t *tx) BodyDecisions(ctx context.Context, q plenum.DecisionQuery) ([]*plenum.Decision, error) {
	before := q.Before
	if before == 0 {
		before = 1<<62 - 1
	}
	return t.decisions(ctx, `body = ? AND id < ? AND (internal = ? OR NOT internal) ORDER BY id DESC LIMIT ?`,
		q.Body, before, q.Internal, q.Limit)
}

func (t *tx) SubjectDecisions(ctx context.Context, subject string) ([]*plenum.Decision, error) {
	return t.decisions(ctx, `subject = ? AND subject <> '' ORDER BY id DESC`, subject)
}

func (t *tx) DueDecisions(ctx context.Context, at time.Time, limit int) ([]*plenum.Decision, error) {
	return t.decisions(ctx, `due IS NOT NULL AND due <= ? ORDER BY due, id LIMIT ?`, micros(at), limit)
}

func (t *tx) AddDissent(ctx context.Context, d *plenum.Dissent) error {
	_, err := t.exec(ctx, `INSERT INTO decision_dissents (decision, member, text, created) VALUES (?, ?, ?, ?)`,
		d.Decision, d.Member, d.Text, micros(d.Created))
	if isUnique(err) {
		return plenum.Errorf(plenum.Conflict, "add dissent", "you have recorded dissent on this decision")
	}
	return err
}

func (t *tx) Dissents(ctx context.Context, id plenum.DecisionID) ([]plenum.Dissent, error) {
	rows, err := t.query(ctx, `SELECT d.decision, d.member, m.name, d.text, d.created FROM decision_dissents d
		JOIN members m ON m.id = d.member WHERE d.decision = ? ORDER BY d.created, d.member`, id)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (plenum.Dissent, error) {
		var d plenum.Dissent
		var created int64
		err := row.Scan(&d.Decision, &d.Member, &d.Name, &d.Text, &created)
		d.Created = fromMicros(created)
		return d, err
	})
}

func (t *tx) ActiveMembers(ctx context.Context, unit plenum.UnitID) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(DISTINCT ms.member) FROM unit_ancestors a
		JOIN memberships ms ON ms.unit = a.unit WHERE a.ancestor = ? AND ms.status = 'active'`, unit).Scan(&n)
	return n, err
}
