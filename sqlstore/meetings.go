package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"time"

	"plenum"
)

func (t *tx) CreateMeeting(ctx context.Context, m *plenum.Meeting) error {
	return t.queryRow(ctx, `INSERT INTO meetings (org, body, unit, title, place, starts, status, opened, closed, minutes, approved)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.Org, m.Body, m.Unit, m.Title, m.Place, micros(m.Starts), string(m.Status), nullMicros(m.Opened), nullMicros(m.Closed),
		m.Minutes, nullID(m.Approved)).Scan(&m.ID)
}

const meetingCols = `id, org, body, unit, title, place, starts, status, opened, closed, minutes, approved`

func scanMeeting(row interface{ Scan(...any) error }) (*plenum.Meeting, error) {
	m := &plenum.Meeting{}
	var status string
	var starts int64
	var opened, closed, approved sql.NullInt64
	err := row.Scan(&m.ID, &m.Org, &m.Body, &m.Unit, &m.Title, &m.Place, &starts, &status, &opened, &closed, &m.Minutes, &approved)
	if err != nil {
		return nil, err
	}
	m.Status, m.Starts, m.Opened, m.Closed = plenum.MeetingStatus(status), fromMicros(starts), fromNullMicros(opened), fromNullMicros(closed)
	m.Approved = plenum.DecisionID(approved.Int64)
	return m, nil
}

func (t *tx) Meeting(ctx context.Context, id plenum.MeetingID) (*plenum.Meeting, error) {
	m, err := scanMeeting(t.queryRow(ctx, `SELECT `+meetingCols+` FROM meetings WHERE id = ?`, id))
	return m, notFound(err, "meeting", "meeting")
}

func (t *tx) UpdateMeeting(ctx context.Context, m *plenum.Meeting) error {
	res, err := t.exec(ctx, `UPDATE meetings SET status = ?, opened = ?, closed = ?, minutes = ?, approved = ? WHERE id = ?`,
		string(m.Status), nullMicros(m.Opened), nullMicros(m.Closed), m.Minutes, nullID(m.Approved), m.ID)
	return mustAffect(res, err, "meeting")
}

func (t *tx) BodyMeetings(ctx context.Context, body plenum.BodyID, limit int) ([]*plenum.Meeting, error) {
	rows, err := t.query(ctx, `SELECT `+meetingCols+` FROM meetings WHERE body = ? ORDER BY starts DESC, id DESC LIMIT ?`, body, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanMeeting)
}

func (t *tx) AddAgendaItem(ctx context.Context, it *plenum.AgendaItem) error {
	return t.queryRow(ctx, `INSERT INTO agenda_items (meeting, position, title, motion) VALUES (?, ?, ?, ?) RETURNING id`,
		it.Meeting, it.Position, it.Title, nullID(it.Motion)).Scan(&it.ID)
}

func (t *tx) AgendaItems(ctx context.Context, meeting plenum.MeetingID) ([]*plenum.AgendaItem, error) {
	rows, err := t.query(ctx, `SELECT id, meeting, position, title, motion FROM agenda_items WHERE meeting = ? ORDER BY position, id`, meeting)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (*plenum.AgendaItem, error) {
		it := &plenum.AgendaItem{}
		var motion sql.NullInt64
		err := row.Scan(&it.ID, &it.Meeting, &it.Position, &it.Title, &motion)
		it.Motion = plenum.MotionID(motion.Int64)
		return it, err
	})
}

func (t *tx) SetAttendance(ctx context.Context, at *plenum.Attendance) error {
	if _, err := t.exec(ctx, `DELETE FROM attendance WHERE meeting = ? AND member = ?`, at.Meeting, at.Member); err != nil {
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO attendance (meeting, member, arrived, left_at, by_member) VALUES (?, ?, ?, ?, ?)`,
		at.Meeting, at.Member, micros(at.Arrived), nullMicros(at.Left), at.By)
	return err
}

func (t *tx) attendance(ctx context.Context, q string, args ...any) ([]plenum.Attendance, error) {
	rows, err := t.query(ctx, `SELECT a.meeting, a.member, m.name, a.arrived, a.left_at, a.by_member
		FROM attendance a JOIN members m ON m.id = a.member WHERE `+q, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (plenum.Attendance, error) {
		var at plenum.Attendance
		var arrived int64
		var left sql.NullInt64
		err := row.Scan(&at.Meeting, &at.Member, &at.Name, &arrived, &left, &at.By)
		at.Arrived, at.Left = fromMicros(arrived), fromNullMicros(left)
		return at, err
	})
}

func (t *tx) MeetingAttendance(ctx context.Context, meeting plenum.MeetingID) ([]plenum.Attendance, error) {
	return t.attendance(ctx, `a.meeting = ? ORDER BY a.arrived, a.member`, meeting)
}

func (t *tx) MemberAttendance(ctx context.Context, member plenum.MemberID, limit int) ([]plenum.Attendance, error) {
	return t.attendance(ctx, `a.member = ? ORDER BY a.arrived DESC, a.meeting DESC LIMIT ?`, member, limit)
}

func (t *tx) AddSpeaker(ctx context.Context, s *plenum.Speaker) error {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM speakers WHERE item = ? AND member = ? AND spoke IS NULL`, s.Item, s.Member).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return plenum.Errorf(plenum.Conflict, "request the floor", "you are on the speakers' list already")
	}
	_, err = t.exec(ctx, `INSERT INTO speakers (item, member, added) VALUES (?, ?, ?)`, s.Item, s.Member, micros(s.Added))
	return err
}

func (t *tx) MarkSpoken(ctx context.Context, item plenum.ItemID, member plenum.MemberID, at time.Time) error {
	res, err := t.exec(ctx, `UPDATE speakers SET spoke = ? WHERE item = ? AND member = ? AND spoke IS NULL`, micros(at), item, member)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return cmp.Or(err, error(plenum.Errorf(plenum.Conflict, "give the floor", "the member is not waiting on the speakers' list")))
	}
	return nil
}

func (t *tx) Speakers(ctx context.Context, meeting plenum.MeetingID) ([]plenum.Speaker, error) {
	rows, err := t.query(ctx, `SELECT s.item, s.member, m.name, s.added, s.spoke FROM speakers s
		JOIN agenda_items i ON i.id = s.item JOIN members m ON m.id = s.member
		WHERE i.meeting = ? ORDER BY i.position, s.added, s.member`, meeting)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (plenum.Speaker, error) {
		var s plenum.Speaker
		var added int64
		var spoke sql.NullInt64
		err := row.Scan(&s.Item, &s.Member, &s.Name, &added, &spoke)
		s.Added, s.Spoke = fromMicros(added), fromNullMicros(spoke)
		return s, err
	})
}

func (t *tx) SetChair(ctx context.Context, body plenum.BodyID, member plenum.MemberID, d plenum.DecisionID, since time.Time) error {
	if _, err := t.exec(ctx, `DELETE FROM body_chairs WHERE body = ?`, body); err != nil {
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO body_chairs (body, member, decision, since) VALUES (?, ?, ?, ?)`, body, member, d, micros(since))
	return err
}

func (t *tx) Chair(ctx context.Context, body plenum.BodyID) (plenum.MemberID, error) {
	var m plenum.MemberID
	err := t.queryRow(ctx, `SELECT member FROM body_chairs WHERE body = ?`, body).Scan(&m)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return m, err
}
