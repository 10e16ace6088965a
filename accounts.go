package plenum

import "context"

// CreateOperator creates an operator account: it may create organizations
// and run the instance, nothing more. Who may call: the command line.
// Errors: Forbidden, Invalid (password), Conflict (email taken).
func (a *App) CreateOperator(ctx context.Context, v *Viewer, email, password string) (*Account, error) {
	const op = "create operator"
	if !v.console {
		return nil, Errorf(Forbidden, op, "operators are created from the command line")
	}
	acct := &Account{Email: NormalizeEmail(email), Operator: true}
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
