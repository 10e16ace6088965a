package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"plenum"
)

func (t *tx) AppendBallotEvent(ctx context.Context, election plenum.ElectionID, ev *plenum.BallotEvent) error {
	_, err := t.exec(ctx, `INSERT INTO ballot_events (election, height, type, file, hash) VALUES (?, ?, ?, ?, ?)`,
		election, ev.Height, ev.Type, ev.File, ev.Hash[:])
	if isUnique(err) {
		return plenum.Errorf(plenum.Conflict, "append ballot event", "event %d of the election's record exists", ev.Height)
	}
	return err
}

func scanBallotEvent(row interface{ Scan(...any) error }) (*plenum.BallotEvent, error) {
	ev := &plenum.BallotEvent{}
	var hash []byte
	if err := row.Scan(&ev.Height, &ev.Type, &ev.File, &hash); err != nil {
		return nil, err
	}
	copy(ev.Hash[:], hash)
	return ev, nil
}

func (t *tx) BallotEvents(ctx context.Context, election plenum.ElectionID, from, to int) ([]*plenum.BallotEvent, error) {
	if to < 0 {
		to = 1 << 62
	}
	rows, err := t.query(ctx, `SELECT height, type, file, hash FROM ballot_events
		WHERE election = ? AND height >= ? AND height < ? ORDER BY height`, election, from, to)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanBallotEvent)
}

func (t *tx) BallotHead(ctx context.Context, election plenum.ElectionID) (int, [32]byte, error) {
	var h [32]byte
	var height int
	var hash []byte
	err := t.queryRow(ctx, `SELECT height, hash FROM ballot_events WHERE election = ? ORDER BY height DESC LIMIT 1`, election).Scan(&height, &hash)
	if err == sql.ErrNoRows {
		return 0, h, nil
	}
	copy(h[:], hash)
	return height + 1, h, err
}

func (t *tx) DeleteBallotRecord(ctx context.Context, election plenum.ElectionID) error {
	for _, table := range []string{"ballot_events", "trustee_messages", "voters", "ballot_trackers"} {
		if _, err := t.exec(ctx, `DELETE FROM `+table+` WHERE election = ?`, election); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) SetTrustees(ctx context.Context, election plenum.ElectionID, members []plenum.MemberID) error {
	if _, err := t.exec(ctx, `DELETE FROM election_trustees WHERE election = ?`, election); err != nil {
		return err
	}
	for i, m := range members {
		if _, err := t.exec(ctx, `INSERT INTO election_trustees (election, idx, member) VALUES (?, ?, ?)`, election, i+1, m); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) Trustees(ctx context.Context, election plenum.ElectionID) ([]plenum.MemberID, error) {
	rows, err := t.query(ctx, `SELECT member FROM election_trustees WHERE election = ? ORDER BY idx`, election)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (m plenum.MemberID, err error) {
		return m, row.Scan(&m)
	})
}

func (t *tx) AddTrusteeMessage(ctx context.Context, m *plenum.TrusteeMessage) error {
	_, err := t.exec(ctx, `INSERT INTO trustee_messages (election, trustee, step, data, sent) VALUES (?, ?, ?, ?, ?)`,
		m.Election, m.Trustee, m.Step, m.Data, micros(m.Sent))
	if isUnique(err) {
		return plenum.Errorf(plenum.Conflict, "trustee", "trustee %d has sent its %s", m.Trustee, m.Step)
	}
	return err
}

func (t *tx) TrusteeMessages(ctx context.Context, election plenum.ElectionID) ([]*plenum.TrusteeMessage, error) {
	rows, err := t.query(ctx, `SELECT election, trustee, step, data, sent FROM trustee_messages
		WHERE election = ? ORDER BY trustee, step`, election)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (*plenum.TrusteeMessage, error) {
		m := &plenum.TrusteeMessage{}
		var sent int64
		err := row.Scan(&m.Election, &m.Trustee, &m.Step, &m.Data, &sent)
		m.Sent = fromMicros(sent)
		return m, err
	})
}

func (t *tx) CreateVoter(ctx context.Context, v *plenum.Voter) error {
	_, err := t.exec(ctx, `INSERT INTO voters (election, member, credential, secret, voted, ballots) VALUES (?, ?, ?, ?, ?, ?)`,
		v.Election, v.Member, v.Credential[:], v.Secret, nullMicros(v.Voted), v.Ballots)
	if isUnique(err) {
		return plenum.FieldErrorf(plenum.Conflict, "register credential", "credential", "the member or the credential is on the roll already")
	}
	return err
}

const voterCols = `election, member, credential, secret, voted, ballots`

func scanVoter(row interface{ Scan(...any) error }) (*plenum.Voter, error) {
	v := &plenum.Voter{}
	var cred []byte
	var voted sql.NullInt64
	if err := row.Scan(&v.Election, &v.Member, &cred, &v.Secret, &voted, &v.Ballots); err != nil {
		return nil, err
	}
	copy(v.Credential[:], cred)
	v.Voted = fromNullMicros(voted)
	return v, nil
}

func (t *tx) Voter(ctx context.Context, election plenum.ElectionID, member plenum.MemberID) (*plenum.Voter, error) {
	v, err := scanVoter(t.queryRow(ctx, `SELECT `+voterCols+` FROM voters WHERE election = ? AND member = ?`, election, member))
	return v, notFound(err, "voter", "voter")
}

func (t *tx) Voters(ctx context.Context, election plenum.ElectionID) ([]*plenum.Voter, error) {
	rows, err := t.query(ctx, `SELECT `+voterCols+` FROM voters WHERE election = ? ORDER BY credential`, election)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanVoter)
}

func (t *tx) DeleteVoter(ctx context.Context, election plenum.ElectionID, member plenum.MemberID) error {
	res, err := t.exec(ctx, `DELETE FROM voters WHERE election = ? AND member = ?`, election, member)
	return mustAffect(res, err, "voter")
}

func (t *tx) MarkVoted(ctx context.Context, election plenum.ElectionID, member plenum.MemberID, at time.Time) error {
	res, err := t.exec(ctx, `UPDATE voters SET voted = ?, ballots = ballots + 1 WHERE election = ? AND member = ?`,
		micros(at), election, member)
	return mustAffect(res, err, "voter")
}

func (t *tx) Turnout(ctx context.Context, election plenum.ElectionID) (voters, voted int, err error) {
	err = t.queryRow(ctx, `SELECT COUNT(*), COUNT(voted) FROM voters WHERE election = ?`, election).Scan(&voters, &voted)
	return voters, voted, err
}

func (t *tx) AddTracker(ctx context.Context, tr *plenum.BallotTracker) error {
	_, err := t.exec(ctx, `INSERT INTO ballot_trackers (election, tracker, audit, height, at) VALUES (?, ?, ?, ?, ?)`,
		tr.Election, tr.Tracker[:], tr.Audit, tr.Height, micros(tr.At))
	if isUnique(err) {
		return plenum.FieldErrorf(plenum.Conflict, "ballot", "ballot", "this ballot is in the record already (same tracker)")
	}
	return err
}

func (t *tx) Tracker(ctx context.Context, election plenum.ElectionID, tracker [32]byte) (*plenum.BallotTracker, error) {
	tr := &plenum.BallotTracker{Election: election, Tracker: tracker}
	var at int64
	err := t.queryRow(ctx, `SELECT audit, height, at FROM ballot_trackers WHERE election = ? AND tracker = ?`, election, tracker[:]).
		Scan(&tr.Audit, &tr.Height, &at)
	tr.At = fromMicros(at)
	return tr, notFound(err, "tracker", "tracker")
}
