package plenum

import (
	"context"
	"net/mail"
)

// CreateOperator creates an operator account: it may create organizations
// and run the instance, nothing more. Who may call: the command line.
// Errors: Forbidden, Invalid (password), Conflict (email taken).
func (a *App) CreateOperator(ctx context.Context, v *Viewer, email, password string) (*Account, error) {
	const op = "create operator"
	if !v.console {
		return nil, Errorf(Forbidden, op, "operators are created from the command line")
	}
	acct := &Account{Email: NormalizeEmail(email), Operator: true}
	if a, err := mail.ParseAddress(acct.Email); err != nil || a.Address != acct.Email {
		return nil, FieldErrorf(Invalid, op, "email", "%q is not an email address", email)
	}
	err := a.createAccount(ctx, op, acct, password, func(tx Tx) error {
		if err := tx.CreateAccount(ctx, acct); err != nil {
			return err
		}
		_, err := a.appendRecord(ctx, tx, change{Type: "operator.created", Actor: v.Actor(),
			Payload: map[string]any{"account": acct.ID}})
		return err
	})
	return acct, err
}

// OpenAccount opens the account of member m with a password set by whoever
// runs the command line (serve --demo gives demo members known passwords;
// everyone else opens theirs through an invitation). Who may call: the
// command line. Errors: Forbidden, NotFound, Invalid, Conflict.
func (a *App) OpenAccount(ctx context.Context, v *Viewer, m MemberID, password string) (*Account, error) {
	const op = "open account"
	if !v.console {
		return nil, Errorf(Forbidden, op, "members open their accounts through an invitation")
	}
	acct := &Account{Member: m}
	err := a.createAccount(ctx, op, acct, password, func(tx Tx) error {
		mem, err := tx.Member(ctx, m)
		if err != nil {
			return err
		}
		acct.Email = mem.Email
		if err := tx.CreateAccount(ctx, acct); err != nil {
			return err
		}
		_, err = a.appendRecord(ctx, tx, change{Type: "account.opened", Actor: v.Actor(), Org: mem.Org,
			Unit: firstUnit(mem), Internal: true, Payload: map[string]any{"member": mem.ID}})
		return err
	})
	return acct, err
}

// createAccount hashes password into acct and runs store, which stores
// acct, in a transaction.
func (a *App) createAccount(ctx context.Context, op string, acct *Account, password string, store func(Tx) error) error {
	if err := validPassword(op, password); err != nil {
		return err
	}
	hash, err := hashPassword(password, a.Argon2, a.Rand)
	if err != nil {
		return internalError(op, err)
	}
	acct.PasswordHash, acct.Created = hash, a.now()
	return wrap(op, a.Store.Update(ctx, store))
}

// MemberByEmail finds a member of org by email. Who may call: the command
// line. Errors: Forbidden, NotFound.
func (a *App) MemberByEmail(ctx context.Context, v *Viewer, org OrgID, email string) (*Member, error) {
	const op = "find member"
	if !v.console {
		return nil, Errorf(Forbidden, op, "members are found through the directory")
	}
	var m *Member
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		m, err = tx.MemberByEmail(ctx, org, NormalizeEmail(email))
		return err
	})
	return m, wrap(op, err)
}

// ChangePassword sets a new password for the viewer's account after checking
// the current one, ends every session of the account (a stolen session dies
// with the old password) and opens a new one, whose token it returns.
// Password changes and sessions are the account's security, not the
// organization's affairs: they are not entered in the record.
//
// Who may call: any viewer with an account. Errors: Forbidden (a visitor, or
// a wrong current password), Invalid (the new password), RateLimited.
func (a *App) ChangePassword(ctx context.Context, v *Viewer, current, next string) (string, *Session, error) {
	const op = "change password"
	if v.Account == nil {
		return "", nil, Errorf(Forbidden, op, "log in first")
	}
	key, now := "account:"+v.Account.ID.String(), a.now()
	if !a.Logins.Allow(key, now) {
		return "", nil, Errorf(RateLimited, op, "too many wrong passwords; try again in a few minutes")
	}
	if err := validPassword(op, next); err != nil {
		return "", nil, err
	}
	var acct *Account
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		acct, err = tx.Account(ctx, v.Account.ID)
		return err
	})
	if err != nil {
		return "", nil, wrap(op, err)
	}
	if !checkPassword(current, acct.PasswordHash) {
		a.Logins.Fail(key, now)
		return "", nil, FieldErrorf(Forbidden, op, "current password", "is wrong")
	}
	hash, err := hashPassword(next, a.Argon2, a.Rand)
	if err != nil {
		return "", nil, internalError(op, err)
	}
	err = a.Store.Update(ctx, func(tx Tx) error {
		if err := tx.SetPassword(ctx, acct.ID, hash); err != nil {
			return err
		}
		return tx.DeleteSessions(ctx, acct.ID)
	})
	if err != nil {
		return "", nil, wrap(op, err)
	}
	a.Logins.Reset(key)
	return a.openSession(ctx, acct.ID)
}
