package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"plenum"
)

func (t *tx) CreateElection(ctx context.Context, e *plenum.Election) error {
	tl, r := e.Timeline, e.Rules
	return t.queryRow(ctx, `INSERT INTO elections (org, office, unit, electorate, seats, method, status,
		nominations_open, nominations_close, voting_open, voting_close, challenge_days,
		min_candidates, extension_days, seconders, extensions, by_election, vacated, term_end,
		decision_body, decision_ref, created, revote, recalls, motion, decides)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.Org, nullID(e.Office), e.Unit, e.Electorate, e.Seats, e.Method, string(e.Status),
		micros(tl.NominationsOpen), micros(tl.NominationsClose), micros(tl.VotingOpen), micros(tl.VotingClose), tl.ChallengeDays,
		r.MinCandidates, r.ExtensionDays, r.Seconders, e.Extensions, e.ByElection, nullID(e.Vacated), nullMicros(e.TermEnd),
		nullID(e.Decision.Body), e.Decision.Ref, micros(e.Created), e.Revote, nullID(e.Recalls), nullID(e.Motion), nullID(e.Decides)).Scan(&e.ID)
}

const electionCols = `id, org, office, unit, electorate, seats, method, status,
	nominations_open, nominations_close, voting_open, voting_close, challenge_days,
	min_candidates, extension_days, seconders, extensions, by_election, vacated, term_end,
	decision_body, decision_ref, created, hold, revote, certified, recalls, motion, decides, hold_key, hold_args`

func scanElection(row interface{ Scan(...any) error }) (*plenum.Election, error) {
	e := &plenum.Election{}
	var status string
	var nOpen, nClose, vOpen, vClose, created int64
	var office, vacated, termEnd, body, certified, recalls, motion, decides sql.NullInt64
	var holdArgs string
	tl, r := &e.Timeline, &e.Rules
	err := row.Scan(&e.ID, &e.Org, &office, &e.Unit, &e.Electorate, &e.Seats, &e.Method, &status,
		&nOpen, &nClose, &vOpen, &vClose, &tl.ChallengeDays,
		&r.MinCandidates, &r.ExtensionDays, &r.Seconders, &e.Extensions, &e.ByElection, &vacated, &termEnd,
		&body, &e.Decision.Ref, &created, &e.Hold, &e.Revote, &certified, &recalls, &motion, &decides, &e.HoldPhrase.Key, &holdArgs)
	if err != nil {
		return nil, err
	}
	if holdArgs != "" {
		if e.HoldPhrase.Args, err = plenum.DecodeNoticeArgs(holdArgs); err != nil {
			return nil, fmt.Errorf("election %d: hold_args: %w", e.ID, err)
		}
	}
	e.Status = plenum.ElectionStatus(status)
	tl.NominationsOpen, tl.NominationsClose = fromMicros(nOpen), fromMicros(nClose)
	tl.VotingOpen, tl.VotingClose = fromMicros(vOpen), fromMicros(vClose)
	e.Vacated, e.TermEnd = plenum.TermID(vacated.Int64), fromNullMicros(termEnd)
	e.Decision.Body, e.Created, e.Certified = plenum.BodyID(body.Int64), fromMicros(created), fromNullMicros(certified)
	e.Office, e.Recalls, e.Motion = plenum.OfficeID(office.Int64), plenum.TermID(recalls.Int64), plenum.MotionID(motion.Int64)
	e.Decides = plenum.DecisionID(decides.Int64)
	return e, nil
}

func (t *tx) Election(ctx context.Context, id plenum.ElectionID) (*plenum.Election, error) {
	e, err := scanElection(t.queryRow(ctx, `SELECT `+electionCols+` FROM elections WHERE id = ?`, id))
	return e, notFound(err, "election", "election")
}

func (t *tx) UpdateElection(ctx context.Context, e *plenum.Election, due time.Time) error {
	tl := e.Timeline
	// The phrase says the hold: none without one.
	var holdKey, holdArgs string
	if e.Hold != "" && e.HoldPhrase.Key != "" {
		var err error
		if holdArgs, err = plenum.EncodeNoticeArgs(e.HoldPhrase.Args); err != nil {
			return err
		}
		holdKey = e.HoldPhrase.Key
	}
	res, err := t.exec(ctx, `UPDATE elections SET status = ?, nominations_open = ?, nominations_close = ?,
		voting_open = ?, voting_close = ?, challenge_days = ?, extensions = ?, hold = ?, certified = ?, due = ?,
		hold_key = ?, hold_args = ? WHERE id = ?`,
		string(e.Status), micros(tl.NominationsOpen), micros(tl.NominationsClose), micros(tl.VotingOpen),
		micros(tl.VotingClose), tl.ChallengeDays, e.Extensions, e.Hold, nullMicros(e.Certified), nullMicros(due),
		holdKey, holdArgs, e.ID)
	return mustAffect(res, err, "election")
}

func (t *tx) ElectionsIn(ctx context.Context, s plenum.ElectionStatus, after plenum.ElectionID, limit int) ([]*plenum.Election, error) {
	rows, err := t.query(ctx, `SELECT `+electionCols+` FROM elections WHERE status = ? AND id > ? ORDER BY id LIMIT ?`,
		string(s), after, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanElection)
}

func (t *tx) Elections(ctx context.Context, unit plenum.UnitID) ([]*plenum.Election, error) {
	rows, err := t.query(ctx, `SELECT `+electionCols+` FROM elections WHERE unit = ? ORDER BY id DESC`, unit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanElection)
}

func (t *tx) OfficeElections(ctx context.Context, office plenum.OfficeID) ([]*plenum.Election, error) {
	rows, err := t.query(ctx, `SELECT `+electionCols+` FROM elections WHERE office = ? ORDER BY id DESC`, office)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanElection)
}

func (t *tx) DueElections(ctx context.Context, at time.Time, limit int) ([]*plenum.Election, error) {
	rows, err := t.query(ctx, `SELECT `+electionCols+` FROM elections
		WHERE due IS NOT NULL AND due <= ? ORDER BY due, id LIMIT ?`, micros(at), limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanElection)
}
