package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"plenum"
)

func (t *tx) CreateAccount(ctx context.Context, a *plenum.Account) error {
	err := t.queryRow(ctx, `INSERT INTO accounts (email, password_hash, member, operator, created)
		VALUES (?, ?, ?, ?, ?) RETURNING id`,
		a.Email, a.PasswordHash, nullID(a.Member), a.Operator, micros(a.Created)).Scan(&a.ID)
	if isUnique(err) {
		return plenum.FieldErrorf(plenum.Conflict, "create account", "email", "%s already has an account", a.Email)
	}
	return err
}

const accountCols = `id, email, password_hash, member, operator, created`

func scanAccount(row interface{ Scan(...any) error }) (*plenum.Account, error) {
	a := &plenum.Account{}
	var member sql.NullInt64
	var created int64
	if err := row.Scan(&a.ID, &a.Email, &a.PasswordHash, &member, &a.Operator, &created); err != nil {
		return nil, err
	}
	a.Member, a.Created = plenum.MemberID(member.Int64), fromMicros(created)
	return a, nil
}

func (t *tx) account(ctx context.Context, where string, arg any) (*plenum.Account, error) {
	a, err := scanAccount(t.queryRow(ctx, `SELECT `+accountCols+` FROM accounts WHERE `+where, arg))
	if err != nil {
		return nil, notFound(err, "account", "account")
	}
	return a, nil
}

func (t *tx) Account(ctx context.Context, id plenum.AccountID) (*plenum.Account, error) {
	return t.account(ctx, "id = ?", id)
}

func (t *tx) AccountByEmail(ctx context.Context, email string) (*plenum.Account, error) {
	return t.account(ctx, "email = ?", email)
}

func (t *tx) AccountOfMember(ctx context.Context, m plenum.MemberID) (*plenum.Account, error) {
	return t.account(ctx, "member = ?", m)
}

func (t *tx) SetPassword(ctx context.Context, id plenum.AccountID, hash string) error {
	res, err := t.exec(ctx, `UPDATE accounts SET password_hash = ? WHERE id = ?`, hash, id)
	return mustAffect(res, err, "account")
}

// mustAffect turns an UPDATE or DELETE that changed nothing into NotFound.
func mustAffect(res sql.Result, err error, what string) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return plenum.Errorf(plenum.NotFound, what, "no such %s", what)
	}
	return nil
}

func (t *tx) CreateInvitation(ctx context.Context, inv *plenum.Invitation) error {
	return t.queryRow(ctx, `INSERT INTO invitations (member, token_hash, created_by, created, expires, used)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		inv.Member, inv.TokenHash, inv.CreatedBy, micros(inv.Created), micros(inv.Expires), nullMicros(inv.Used)).Scan(&inv.ID)
}

func (t *tx) InvitationByToken(ctx context.Context, tokenHash []byte) (*plenum.Invitation, error) {
	inv := &plenum.Invitation{}
	var created, expires int64
	var used sql.NullInt64
	err := t.queryRow(ctx, `SELECT id, member, token_hash, created_by, created, expires, used
		FROM invitations WHERE token_hash = ?`, tokenHash).
		Scan(&inv.ID, &inv.Member, &inv.TokenHash, &inv.CreatedBy, &created, &expires, &used)
	if err != nil {
		return nil, notFound(err, "invitation", "invitation")
	}
	inv.Created, inv.Expires, inv.Used = fromMicros(created), fromMicros(expires), fromNullMicros(used)
	return inv, nil
}

func (t *tx) UseInvitation(ctx context.Context, id int64, at time.Time) error {
	res, err := t.exec(ctx, `UPDATE invitations SET used = ? WHERE id = ? AND used IS NULL`, micros(at), id)
	if err := mustAffect(res, err, "invitation"); plenum.IsKind(err, plenum.NotFound) {
		return plenum.Errorf(plenum.Conflict, "use invitation", "the invitation was used already")
	} else if err != nil {
		return err
	}
	return nil
}

func (t *tx) CreateSession(ctx context.Context, s *plenum.Session) error {
	_, err := t.exec(ctx, `INSERT INTO sessions (token_hash, account, created, expires) VALUES (?, ?, ?, ?)`,
		s.TokenHash, s.Account, micros(s.Created), micros(s.Expires))
	return err
}

func (t *tx) Session(ctx context.Context, tokenHash []byte) (*plenum.Session, error) {
	s := &plenum.Session{}
	var created, expires int64
	err := t.queryRow(ctx, `SELECT token_hash, account, created, expires FROM sessions WHERE token_hash = ?`, tokenHash).
		Scan(&s.TokenHash, &s.Account, &created, &expires)
	if err != nil {
		return nil, notFound(err, "session", "session")
	}
	s.Created, s.Expires = fromMicros(created), fromMicros(expires)
	return s, nil
}

func (t *tx) DeleteSession(ctx context.Context, tokenHash []byte) error {
	res, err := t.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return mustAffect(res, err, "session")
}

func (t *tx) DeleteSessions(ctx context.Context, account plenum.AccountID) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE account = ?`, account)
	return err
}

func (t *tx) DeleteExpiredSessions(ctx context.Context, before time.Time) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE expires < ?`, micros(before))
	return err
}
