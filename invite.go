package plenum

import (
	"context"
	"time"
)

// Invitation tokens are single-use and expire; the link carrying one is shown
// to the officer who created it and, when the instance sends email, queued
// by email to the member in the same transaction.

// NewInvitation is what Invite returns: the token for the link, shown once.
type NewInvitation struct {
	Token   string
	Member  *Member
	Expires time.Time
	Emailed bool // the link was also queued by email to the member
}

// Invite creates an invitation for member m to open an account.
//
// Who may call: an officer (a holder of a current term) of one of m's units
// or of an ancestor of one of them; the operator, for the holder of a
// founding mandate, so that a new organization's officers can start.
// Errors: NotFound (no such member, or one v may not see), Forbidden,
// Conflict (m already has an account).
func (a *App) Invite(ctx context.Context, v *Viewer, m MemberID) (*NewInvitation, error) {
	const op = "invite"
	var out *NewInvitation
	err := a.Store.Update(ctx, func(tx Tx) error {
		mem, err := tx.Member(ctx, m)
		if err != nil {
			return err
		}
		chains, err := unitChains(ctx, tx, mem)
		if err != nil {
			return err
		}
		founding, err := holdsFoundingMandate(ctx, tx, m)
		if err != nil {
			return err
		}
		if !v.CanInvite(mem, chains, founding) {
			if v.CanSeeMember(mem, chains) {
				return Errorf(Forbidden, op, "only an officer of the member's unit or of a unit above it may invite them")
			}
			return Errorf(NotFound, op, "no such member")
		}
		if _, err := tx.AccountOfMember(ctx, m); err == nil {
			return Errorf(Conflict, op, "%s already has an account", mem.Name)
		} else if !IsKind(err, NotFound) {
			return err
		}
		token, hash, err := newToken(a.Rand)
		if err != nil {
			return err
		}
		now := a.now()
		inv := &Invitation{Member: m, TokenHash: hash, CreatedBy: string(v.Actor()), Created: now, Expires: now.Add(invitationLifetime)}
		if err := tx.CreateInvitation(ctx, inv); err != nil {
			return err
		}
		out = &NewInvitation{Token: token, Member: mem, Expires: inv.Expires}
		if out.Emailed, err = a.mailInvitation(ctx, tx, v, mem, token, inv.Expires); err != nil {
			return err
		}
		_, err = a.appendRecord(ctx, tx, change{Type: "member.invited", Actor: v.Actor(), Org: mem.Org,
			Unit: firstUnit(mem), Internal: true, Payload: map[string]any{"member": mem.ID}})
		return err
	})
	if err != nil {
		return nil, internalError(op, err)
	}
	return out, nil
}

// InvitationFor returns the member an invitation token is for, for the page
// where they choose a password. Anyone holding the token may call it.
// Errors: NotFound for an unknown, used or expired token.
func (a *App) InvitationFor(ctx context.Context, token string) (*Member, error) {
	const op = "invitation"
	var m *Member
	err := a.Store.View(ctx, func(tx Tx) error {
		inv, err := a.validInvitation(ctx, tx, token)
		if err != nil {
			return err
		}
		m, err = tx.Member(ctx, inv.Member)
		return err
	})
	if err != nil {
		return nil, internalError(op, err)
	}
	return m, nil
}

func (a *App) validInvitation(ctx context.Context, tx Tx, token string) (*Invitation, error) {
	inv, err := tx.InvitationByToken(ctx, hashToken(token))
	if IsKind(err, NotFound) || err == nil && (!inv.Used.IsZero() || !a.now().Before(inv.Expires)) {
		return nil, Errorf(NotFound, "invitation", "this invitation link is unknown, used or expired")
	}
	return inv, err
}

// AcceptInvitation opens the account of the invited member with password
// and logs them in; it returns the session token. Anyone holding the token
// may call it, once. Errors: NotFound (unknown, used or expired token),
// Invalid (password too short or too long), Conflict (used concurrently).
func (a *App) AcceptInvitation(ctx context.Context, token, password string) (string, *Session, error) {
	const op = "accept invitation"
	if err := validPassword(op, password); err != nil {
		return "", nil, err
	}
	hash, err := hashPassword(password, a.Argon2, a.Rand)
	if err != nil {
		return "", nil, internalError(op, err)
	}
	var acct *Account
	err = a.Store.Update(ctx, func(tx Tx) error {
		inv, err := a.validInvitation(ctx, tx, token)
		if err != nil {
			return err
		}
		if err := tx.UseInvitation(ctx, inv.ID, a.now()); err != nil {
			return err
		}
		m, err := tx.Member(ctx, inv.Member)
		if err != nil {
			return err
		}
		acct = &Account{Email: m.Email, PasswordHash: hash, Member: m.ID, Created: a.now()}
		if err := tx.CreateAccount(ctx, acct); err != nil {
			return err
		}
		_, err = a.appendRecord(ctx, tx, change{Type: "account.opened", Actor: memberActor(m.ID), Org: m.Org,
			Unit: firstUnit(m), Internal: true, Payload: map[string]any{"member": m.ID}})
		return err
	})
	if err != nil {
		return "", nil, internalError(op, err)
	}
	return a.openSession(ctx, acct.ID)
}

// unitChains returns, for each of m's units, the unit followed by its
// ancestors nearest first.
func unitChains(ctx context.Context, tx Tx, m *Member) ([][]*Unit, error) {
	var chains [][]*Unit
	for _, ms := range m.Memberships {
		u, err := tx.Unit(ctx, ms.Unit)
		if err != nil {
			return nil, err
		}
		anc, err := tx.Ancestors(ctx, ms.Unit)
		if err != nil {
			return nil, err
		}
		chain := []*Unit{u}
		for i := len(anc) - 1; i >= 0; i-- {
			chain = append(chain, anc[i])
		}
		chains = append(chains, chain)
	}
	return chains, nil
}

func holdsFoundingMandate(ctx context.Context, tx Tx, m MemberID) (bool, error) {
	terms, err := tx.MemberTerms(ctx, m)
	if err != nil {
		return false, err
	}
	for _, t := range terms {
		if t.Founding && t.Reason == Ongoing {
			return true, nil
		}
	}
	return false, nil
}

// firstUnit is the unit a member's record entries are filed under.
func firstUnit(m *Member) UnitID {
	if len(m.Memberships) == 0 {
		return 0
	}
	return m.Memberships[0].Unit
}
