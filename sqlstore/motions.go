package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"plenum"
)

func (t *tx) CreateMotion(ctx context.Context, m *plenum.Motion) error {
	return t.queryRow(ctx, `INSERT INTO motions (org, unit, body, kind, title, text, reason, original, author, phase,
		tabled, support, needed, target, decision, flagged, created, submitted, support_until, admitted, decide_by, due)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.Org, m.Unit, m.Body, m.Kind, m.Title, m.Text, m.Reason, m.Original, m.Author, string(m.Phase),
		m.Tabled, m.Support, m.Needed, nullID(m.Target), nullID(m.Decision), m.Flagged, micros(m.Created),
		nullMicros(m.Submitted), nullMicros(m.SupportUntil), nullMicros(m.Admitted), nullMicros(m.DecideBy), motionDue(m)).Scan(&m.ID)
}

// motionDue is when the clock next moves m on (see DueMotions).
func motionDue(m *plenum.Motion) sql.NullInt64 {
	switch {
	case m.Phase == plenum.MotionSupport:
		return nullMicros(m.SupportUntil)
	case (m.Phase == plenum.MotionAdmitted || m.Phase == plenum.MotionVoting) && !m.Flagged:
		return nullMicros(m.DecideBy)
	}
	return sql.NullInt64{}
}

const motionCols = `id, org, unit, body, kind, title, text, reason, original, author, phase,
	tabled, support, needed, target, decision, flagged, created, submitted, support_until, admitted, decide_by`

func scanMotion(row interface{ Scan(...any) error }) (*plenum.Motion, error) {
	m := &plenum.Motion{}
	var phase string
	var created int64
	var target, decision, submitted, until, admitted, decideBy sql.NullInt64
	err := row.Scan(&m.ID, &m.Org, &m.Unit, &m.Body, &m.Kind, &m.Title, &m.Text, &m.Reason, &m.Original, &m.Author, &phase,
		&m.Tabled, &m.Support, &m.Needed, &target, &decision, &m.Flagged, &created, &submitted, &until, &admitted, &decideBy)
	if err != nil {
		return nil, err
	}
	m.Phase, m.Target, m.Decision = plenum.MotionPhase(phase), plenum.DecisionID(target.Int64), plenum.DecisionID(decision.Int64)
	m.Created, m.Submitted, m.SupportUntil = fromMicros(created), fromNullMicros(submitted), fromNullMicros(until)
	m.Admitted, m.DecideBy = fromNullMicros(admitted), fromNullMicros(decideBy)
	return m, nil
}

func (t *tx) Motion(ctx context.Context, id plenum.MotionID) (*plenum.Motion, error) {
	m, err := scanMotion(t.queryRow(ctx, `SELECT `+motionCols+` FROM motions WHERE id = ?`, id))
	return m, notFound(err, "motion", "motion")
}

func (t *tx) UpdateMotion(ctx context.Context, m *plenum.Motion) error {
	res, err := t.exec(ctx, `UPDATE motions SET title = ?, text = ?, reason = ?, original = ?, phase = ?, tabled = ?,
		support = ?, needed = ?, decision = ?, flagged = ?, submitted = ?, support_until = ?, admitted = ?, decide_by = ?,
		due = ? WHERE id = ?`,
		m.Title, m.Text, m.Reason, m.Original, string(m.Phase), m.Tabled, m.Support, m.Needed, nullID(m.Decision), m.Flagged,
		nullMicros(m.Submitted), nullMicros(m.SupportUntil), nullMicros(m.Admitted), nullMicros(m.DecideBy), motionDue(m), m.ID)
	return mustAffect(res, err, "motion")
}

func (t *tx) motions(ctx context.Context, q string, args ...any) ([]*plenum.Motion, error) {
	rows, err := t.query(ctx, `SELECT `+motionCols+` FROM motions WHERE `+q, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanMotion)
}

func (t *tx) BodyMotions(ctx context.Context, body plenum.BodyID, limit int) ([]*plenum.Motion, error) {
	return t.motions(ctx, `body = ? AND phase <> 'draft' ORDER BY id DESC LIMIT ?`, body, limit)
}

func (t *tx) MemberMotions(ctx context.Context, member plenum.MemberID, limit int) ([]*plenum.Motion, error) {
	return t.motions(ctx, `author = ? ORDER BY id DESC LIMIT ?`, member, limit)
}

func (t *tx) DueMotions(ctx context.Context, at time.Time, limit int) ([]*plenum.Motion, error) {
	return t.motions(ctx, `due IS NOT NULL AND due <= ? ORDER BY due, id LIMIT ?`, micros(at), limit)
}

func (t *tx) AddSupporter(ctx context.Context, s *plenum.Supporter) error {
	_, err := t.exec(ctx, `INSERT INTO motion_supporters (motion, member, sponsor, at) VALUES (?, ?, ?, ?)`,
		s.Motion, s.Member, s.Sponsor, micros(s.At))
	if isUnique(err) {
		return plenum.Errorf(plenum.Conflict, "support motion", "you support this motion already")
	}
	return err
}

func (t *tx) Supporters(ctx context.Context, id plenum.MotionID) ([]plenum.Supporter, error) {
	rows, err := t.query(ctx, `SELECT s.motion, s.member, m.name, s.sponsor, s.at FROM motion_supporters s
		JOIN members m ON m.id = s.member WHERE s.motion = ? ORDER BY s.at, s.member`, id)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (plenum.Supporter, error) {
		var s plenum.Supporter
		var at int64
		err := row.Scan(&s.Motion, &s.Member, &s.Name, &s.Sponsor, &at)
		s.At = fromMicros(at)
		return s, err
	})
}

func (t *tx) CreateComment(ctx context.Context, c *plenum.Comment) error {
	return t.queryRow(ctx, `INSERT INTO comments (motion, author, parent, quote, text, created, edited, hidden, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.Motion, c.Author, nullID(c.Parent), c.Quote, c.Text, micros(c.Created), nullMicros(c.Edited), nullID(c.Hidden), c.Reason).Scan(&c.ID)
}

const commentCols = `c.id, c.motion, c.author, m.name, c.parent, c.quote, c.text, c.created, c.edited, c.hidden, c.reason`

func scanComment(row interface{ Scan(...any) error }) (*plenum.Comment, error) {
	c := &plenum.Comment{}
	var created int64
	var parent, edited, hidden sql.NullInt64
	if err := row.Scan(&c.ID, &c.Motion, &c.Author, &c.Name, &parent, &c.Quote, &c.Text, &created, &edited, &hidden, &c.Reason); err != nil {
		return nil, err
	}
	c.Parent, c.Hidden = plenum.CommentID(parent.Int64), plenum.DecisionID(hidden.Int64)
	c.Created, c.Edited = fromMicros(created), fromNullMicros(edited)
	return c, nil
}

func (t *tx) Comment(ctx context.Context, id plenum.CommentID) (*plenum.Comment, error) {
	c, err := scanComment(t.queryRow(ctx, `SELECT `+commentCols+` FROM comments c JOIN members m ON m.id = c.author
		WHERE c.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "comment", "comment")
	}
	return c, t.commentVersions(ctx, []*plenum.Comment{c})
}

func (t *tx) UpdateComment(ctx context.Context, c *plenum.Comment, old string) error {
	res, err := t.exec(ctx, `UPDATE comments SET text = ?, edited = ?, hidden = ?, reason = ? WHERE id = ?`,
		c.Text, nullMicros(c.Edited), nullID(c.Hidden), c.Reason, c.ID)
	if err := mustAffect(res, err, "comment"); err != nil || old == c.Text {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO comment_versions (comment, text, until) VALUES (?, ?, ?)`, c.ID, old, micros(c.Edited))
	return err
}

func (t *tx) Comments(ctx context.Context, id plenum.MotionID) ([]*plenum.Comment, error) {
	rows, err := t.query(ctx, `SELECT `+commentCols+` FROM comments c JOIN members m ON m.id = c.author
		WHERE c.motion = ? ORDER BY c.id`, id)
	if err != nil {
		return nil, err
	}
	cs, err := collect(rows, scanComment)
	if err != nil {
		return nil, err
	}
	return cs, t.commentVersions(ctx, cs)
}

// commentVersions fills the versions of the edited comments of cs.
func (t *tx) commentVersions(ctx context.Context, cs []*plenum.Comment) error {
	for _, c := range cs {
		if c.Edited.IsZero() {
			continue
		}
		rows, err := t.query(ctx, `SELECT text, until FROM comment_versions WHERE comment = ? ORDER BY until`, c.ID)
		if err != nil {
			return err
		}
		c.Versions, err = collect(rows, func(row interface{ Scan(...any) error }) (plenum.CommentVersion, error) {
			var v plenum.CommentVersion
			var until int64
			err := row.Scan(&v.Text, &until)
			v.Until = fromMicros(until)
			return v, err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) CreateAmendment(ctx context.Context, a *plenum.Amendment) error {
	return t.queryRow(ctx, `INSERT INTO amendments (motion, author, passage, replacement, reason, status, decision, created)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.Motion, a.Author, a.Passage, a.Replacement, a.Reason, string(a.Status), nullID(a.Decision), micros(a.Created)).Scan(&a.ID)
}

const amendmentCols = `id, motion, author, passage, replacement, reason, status, decision, created`

func scanAmendment(row interface{ Scan(...any) error }) (*plenum.Amendment, error) {
	a := &plenum.Amendment{}
	var status string
	var decision sql.NullInt64
	var created int64
	if err := row.Scan(&a.ID, &a.Motion, &a.Author, &a.Passage, &a.Replacement, &a.Reason, &status, &decision, &created); err != nil {
		return nil, err
	}
	a.Status, a.Decision, a.Created = plenum.AmendmentStatus(status), plenum.DecisionID(decision.Int64), fromMicros(created)
	return a, nil
}

func (t *tx) Amendment(ctx context.Context, id plenum.AmendmentID) (*plenum.Amendment, error) {
	a, err := scanAmendment(t.queryRow(ctx, `SELECT `+amendmentCols+` FROM amendments WHERE id = ?`, id))
	return a, notFound(err, "amendment", "amendment")
}

func (t *tx) UpdateAmendment(ctx context.Context, a *plenum.Amendment) error {
	res, err := t.exec(ctx, `UPDATE amendments SET status = ?, decision = ? WHERE id = ?`, string(a.Status), nullID(a.Decision), a.ID)
	return mustAffect(res, err, "amendment")
}

func (t *tx) Amendments(ctx context.Context, id plenum.MotionID) ([]*plenum.Amendment, error) {
	rows, err := t.query(ctx, `SELECT `+amendmentCols+` FROM amendments WHERE motion = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanAmendment)
}

func (t *tx) AddConstitutionVersion(ctx context.Context, v *plenum.ConstitutionVersion) error {
	_, err := t.exec(ctx, `INSERT INTO constitution_versions (org, version, source, previous, decision, referendum, adopted)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, v.Org, v.Version, v.Source, v.Previous, nullID(v.Decision), nullID(v.Referendum), micros(v.Adopted))
	if isUnique(err) {
		return plenum.Errorf(plenum.Conflict, "amend constitution", "version %d exists", v.Version)
	}
	if err != nil {
		return err
	}
	res, err := t.exec(ctx, `UPDATE orgs SET constitution = ? WHERE id = ?`, v.Source, v.Org)
	return mustAffect(res, err, "organization")
}

func (t *tx) ConstitutionVersions(ctx context.Context, org plenum.OrgID) ([]*plenum.ConstitutionVersion, error) {
	rows, err := t.query(ctx, `SELECT org, version, source, previous, decision, referendum, adopted FROM constitution_versions
		WHERE org = ? ORDER BY version DESC`, org)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (*plenum.ConstitutionVersion, error) {
		v := &plenum.ConstitutionVersion{}
		var adopted int64
		var decision, referendum sql.NullInt64
		err := row.Scan(&v.Org, &v.Version, &v.Source, &v.Previous, &decision, &referendum, &adopted)
		v.Decision, v.Referendum, v.Adopted = plenum.DecisionID(decision.Int64), plenum.ReferendumID(referendum.Int64), fromMicros(adopted)
		return v, err
	})
}
