package plenum

import "context"

// Login checks an email and password and opens a session. client names the
// caller's network address for the rate limit ("" if unknown). It returns the
// session token for the cookie (shown nowhere else) and the session.
//
// Anyone may call it. Errors: Forbidden for a wrong email or password (the
// same message for both, so that it does not tell which accounts exist),
// RateLimited after too many failures for the email or the client.
func (a *App) Login(ctx context.Context, email, password, client string) (string, *Session, error) {
	const op = "login"
	email = NormalizeEmail(email)
	now := a.now()
	keys := []string{"email:" + email}
	if client != "" {
		keys = append(keys, "client:"+client)
	}
	for _, k := range keys {
		if !a.Logins.Allow(k, now) {
			return "", nil, Errorf(RateLimited, op, "too many failed logins; try again in a few minutes")
		}
	}
	var acct *Account
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		acct, err = tx.AccountByEmail(ctx, email)
		return err
	})
	if err != nil && !IsKind(err, NotFound) {
		return "", nil, internalError(op, err)
	}
	hash := a.dummyHash()
	if acct != nil {
		hash = acct.PasswordHash
	}
	// Hash even when there is no account, so that timing tells nothing.
	if ok := checkPassword(password, hash); !ok || acct == nil || acct.PasswordHash == "" {
		for _, k := range keys {
			a.Logins.Fail(k, now)
		}
		return "", nil, Errorf(Forbidden, op, "wrong email or password")
	}
	for _, k := range keys {
		a.Logins.Reset(k)
	}
	return a.openSession(ctx, acct.ID)
}

// dummyHash is checked against when an email has no account; it costs what
// a real hash costs.
func (a *App) dummyHash() string {
	a.dummyOnce.Do(func() {
		a.dummy, _ = hashPassword("no account has this password", a.Argon2, a.Rand)
	})
	return a.dummy
}

func (a *App) openSession(ctx context.Context, id AccountID) (string, *Session, error) {
	token, hash, err := newToken(a.Rand)
	if err != nil {
		return "", nil, internalError("open session", err)
	}
	now := a.now()
	s := &Session{TokenHash: hash, Account: id, Created: now, Expires: now.Add(sessionLifetime)}
	err = a.Store.Update(ctx, func(tx Tx) error {
		// Sweep expired sessions as new ones open, so that the table holds
		// only live ones.
		if err := tx.DeleteExpiredSessions(ctx, now); err != nil {
			return err
		}
		return tx.CreateSession(ctx, s)
	})
	if err != nil {
		return "", nil, internalError("open session", err)
	}
	return token, s, nil
}

// Logout ends the session of token. Anyone may call it; an unknown token is
// not an error.
func (a *App) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	err := a.Store.Update(ctx, func(tx Tx) error { return tx.DeleteSession(ctx, hashToken(token)) })
	if err != nil && !IsKind(err, NotFound) {
		return internalError("logout", err)
	}
	return nil
}

// Authenticate returns the viewer of a session token: a visitor when token is
// empty, unknown or expired. Errors are Internal only.
func (a *App) Authenticate(ctx context.Context, token string) (*Viewer, error) {
	if token == "" {
		return Visitor(), nil
	}
	v := Visitor()
	err := a.Store.View(ctx, func(tx Tx) error {
		s, err := tx.Session(ctx, hashToken(token))
		if IsKind(err, NotFound) {
			return nil
		} else if err != nil {
			return err
		}
		if !a.now().Before(s.Expires) {
			return nil
		}
		acct, err := tx.Account(ctx, s.Account)
		if err != nil {
			return err
		}
		v, err = a.viewer(ctx, tx, acct)
		return err
	})
	if err != nil {
		return nil, internalError("authenticate", err)
	}
	return v, nil
}

// viewer builds the Viewer of an account.
func (a *App) viewer(ctx context.Context, tx Tx, acct *Account) (*Viewer, error) {
	v := &Viewer{Account: acct, inside: map[UnitID]bool{}, officer: map[UnitID]bool{}}
	if acct.Member == 0 {
		return v, nil
	}
	m, err := tx.Member(ctx, acct.Member)
	if err != nil {
		return nil, err
	}
	v.Member = m
	for _, ms := range m.Memberships {
		if ms.Status != Active {
			continue
		}
		v.inside[ms.Unit] = true
		anc, err := tx.Ancestors(ctx, ms.Unit)
		if err != nil {
			return nil, err
		}
		for _, u := range anc {
			v.inside[u.ID] = true
		}
	}
	if len(v.inside) == 0 {
		// A member suspended or expelled by a case exercises no office either (R10).
		return v, nil
	}
	return v, a.addOffices(ctx, tx, v, m.ID)
}

func (a *App) addOffices(ctx context.Context, tx Tx, v *Viewer, m MemberID) error {
	terms, err := tx.MemberTerms(ctx, m)
	if err != nil {
		return err
	}
	now := a.now()
	for _, t := range terms {
		if !t.Current(now) {
			continue
		}
		o, err := tx.Office(ctx, t.Office)
		if err != nil {
			return err
		}
		v.officer[o.Unit] = true
	}
	return nil
}
