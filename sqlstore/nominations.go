package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"plenum"
)

func (t *tx) CreateNomination(ctx context.Context, n *plenum.Nomination) error {
	err := t.queryRow(ctx, `INSERT INTO nominations (election, nominee, nominator, status, statement, created, decided)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		n.Election, n.Nominee, n.Nominator, string(n.Status), n.Statement, micros(n.Created), nullMicros(n.Decided)).Scan(&n.ID)
	if isUnique(err) {
		return plenum.FieldErrorf(plenum.Conflict, "nominate", "nominee", "the member is already nominated in this election")
	}
	return err
}

const nominationCols = `id, election, nominee, nominator, status, statement, created, decided`

func scanNomination(row interface{ Scan(...any) error }) (*plenum.Nomination, error) {
	n := &plenum.Nomination{}
	var status string
	var created int64
	var decided sql.NullInt64
	if err := row.Scan(&n.ID, &n.Election, &n.Nominee, &n.Nominator, &status, &n.Statement, &created, &decided); err != nil {
		return nil, err
	}
	n.Status, n.Created, n.Decided = plenum.NominationStatus(status), fromMicros(created), fromNullMicros(decided)
	return n, nil
}

func (t *tx) Nomination(ctx context.Context, id plenum.NominationID) (*plenum.Nomination, error) {
	n, err := scanNomination(t.queryRow(ctx, `SELECT `+nominationCols+` FROM nominations WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "nomination", "nomination")
	}
	return n, t.addSeconders(ctx, []*plenum.Nomination{n})
}

func (t *tx) UpdateNomination(ctx context.Context, n *plenum.Nomination) error {
	res, err := t.exec(ctx, `UPDATE nominations SET status = ?, statement = ?, decided = ? WHERE id = ?`,
		string(n.Status), n.Statement, nullMicros(n.Decided), n.ID)
	return mustAffect(res, err, "nomination")
}

func (t *tx) Nominations(ctx context.Context, election plenum.ElectionID) ([]*plenum.Nomination, error) {
	rows, err := t.query(ctx, `SELECT `+nominationCols+` FROM nominations WHERE election = ? ORDER BY id`, election)
	if err != nil {
		return nil, err
	}
	ns, err := collect(rows, scanNomination)
	if err != nil {
		return nil, err
	}
	return ns, t.addSeconders(ctx, ns)
}

func (t *tx) MemberNominations(ctx context.Context, member plenum.MemberID) ([]*plenum.Nomination, error) {
	rows, err := t.query(ctx, `SELECT `+nominationCols+` FROM nominations WHERE nominee = ? ORDER BY id DESC`, member)
	if err != nil {
		return nil, err
	}
	ns, err := collect(rows, scanNomination)
	if err != nil {
		return nil, err
	}
	return ns, t.addSeconders(ctx, ns)
}

// addSeconders loads the seconders of ns.
func (t *tx) addSeconders(ctx context.Context, ns []*plenum.Nomination) error {
	if len(ns) == 0 {
		return nil
	}
	byID := make(map[plenum.NominationID]*plenum.Nomination, len(ns))
	args := make([]any, len(ns))
	for i, n := range ns {
		byID[n.ID] = n
		args[i] = n.ID
	}
	rows, err := t.query(ctx, `SELECT nomination, member FROM nomination_seconders
		WHERE nomination IN (`+placeholders(len(ns))+`) ORDER BY nomination, seconded, member`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id plenum.NominationID
		var m plenum.MemberID
		if err := rows.Scan(&id, &m); err != nil {
			return err
		}
		byID[id].Seconders = append(byID[id].Seconders, m)
	}
	return rows.Err()
}

func (t *tx) AddSeconder(ctx context.Context, n plenum.NominationID, member plenum.MemberID, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO nomination_seconders (nomination, member, seconded) VALUES (?, ?, ?)`, n, member, micros(at))
	if isUnique(err) {
		return plenum.Errorf(plenum.Conflict, "second nomination", "the member already seconds this nomination")
	}
	return err
}

func (t *tx) TermsEnding(ctx context.Context, from, to time.Time) ([]*plenum.Term, error) {
	rows, err := t.query(ctx, `SELECT `+termCols+` FROM terms WHERE reason = '' AND "end" >= ? AND "end" < ? ORDER BY "end", id`,
		micros(from), micros(to))
	if err != nil {
		return nil, err
	}
	return collect(rows, scanTerm)
}

func (t *tx) EndTerm(ctx context.Context, id plenum.TermID, at time.Time, reason plenum.EndReason) error {
	res, err := t.exec(ctx, `UPDATE terms SET ended = ?, reason = ? WHERE id = ? AND reason = ''`, micros(at), string(reason), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	if _, err := t.Term(ctx, id); err != nil {
		return err
	}
	return plenum.Errorf(plenum.Conflict, "end term", "the term has ended")
}

func (t *tx) Term(ctx context.Context, id plenum.TermID) (*plenum.Term, error) {
	tm, err := scanTerm(t.queryRow(ctx, `SELECT `+termCols+` FROM terms WHERE id = ?`, id))
	return tm, notFound(err, "term", "term")
}
