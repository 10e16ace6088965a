package plenum

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// NominationStatus says where a nomination stands.
type NominationStatus string

const (
	NominationPending   NominationStatus = "pending"  // waiting for the nominee's answer
	NominationAccepted  NominationStatus = "accepted" // the nominee stands
	NominationDeclined  NominationStatus = "declined"
	NominationWithdrawn NominationStatus = "withdrawn" // the nominee stood, then withdrew
)

// Nomination puts a member forward in an election. The nominee accepts or
// declines; a member who nominates themself has accepted.
type Nomination struct {
	ID        NominationID
	Election  ElectionID
	Nominee   MemberID
	Nominator MemberID
	Status    NominationStatus
	Statement string     // the candidate's statement, plain text
	Seconders []MemberID // in the order they seconded
	Created   time.Time
	Decided   time.Time // when accepted, declined or withdrawn; zero while pending
}

// IsCandidate reports whether n counts as a candidacy under rules: accepted,
// and seconded by as many members as the constitution requires.
func (n *Nomination) IsCandidate(rules NominationRules) bool {
	return n.Status == NominationAccepted && len(n.Seconders) >= rules.Seconders
}

// MaxStatement is the longest candidate statement, in bytes.
const MaxStatement = 10000

// Nominate puts member nominee forward in an election. The viewer must be
// an active member of the electorate; the nominee must be eligible (see
// Eligibility). A member who nominates themself stands at once.
//
// Errors: NotFound; Forbidden (not in the electorate); Invalid (the nominee
// is not eligible, with the reason); Conflict (nominations are not open, or
// the nominee is already nominated).
func (a *App) Nominate(ctx context.Context, v *Viewer, id ElectionID, nominee MemberID) (*Nomination, error) {
	const op = "nominate"
	var n *Nomination
	err := a.serialized(ctx, func(tx Tx) error {
		e, off, err := a.openElection(ctx, tx, id, op)
		if err != nil {
			return err
		}
		if err := a.mayTakePart(ctx, tx, v, e, op, "nominate"); err != nil {
			return err
		}
		m, err := tx.Member(ctx, nominee)
		if err != nil || m.Org != e.Org {
			return FieldErrorf(NotFound, op, "nominee", "no such member")
		}
		if reason, err := a.eligibility(ctx, tx, e, off, m); err != nil || reason != "" {
			if err != nil {
				return err
			}
			return FieldErrorf(Invalid, op, "nominee", "%s", reason)
		}
		now := a.now()
		n = &Nomination{Election: e.ID, Nominee: m.ID, Nominator: v.Member.ID, Status: NominationPending, Created: now}
		if m.ID == v.Member.ID {
			n.Status, n.Decided = NominationAccepted, now
		}
		if err := tx.CreateNomination(ctx, n); err != nil {
			return err
		}
		_, err = a.appendRecord(ctx, tx, change{Type: "nomination.made", Actor: v.Actor(), Org: e.Org, Unit: e.Unit,
			Payload: map[string]any{"election": e.ID, "nomination": n.ID, "nominee": m.ID, "nominee_name": m.Name,
				"nominator": v.Member.ID, "status": n.Status}})
		return err
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return n, nil
}

// Second records that the viewer, an active member of the electorate other
// than the nominee and the nominator, seconds a nomination.
// Errors: NotFound; Forbidden; Conflict (nominations closed, already seconded,
// or the nomination was declined or withdrawn).
func (a *App) Second(ctx context.Context, v *Viewer, id NominationID) error {
	const op = "second nomination"
	err := a.serialized(ctx, func(tx Tx) error {
		n, err := tx.Nomination(ctx, id)
		if err != nil {
			return err
		}
		e, _, err := a.openElection(ctx, tx, n.Election, op)
		if err != nil {
			return err
		}
		if err := a.mayTakePart(ctx, tx, v, e, op, "second a nomination"); err != nil {
			return err
		}
		switch {
		case v.Member.ID == n.Nominee || v.Member.ID == n.Nominator:
			return Errorf(Forbidden, op, "the nominee and the nominator may not second their own nomination")
		case n.Status != NominationPending && n.Status != NominationAccepted:
			return Errorf(Conflict, op, "the nomination was %s", n.Status)
		case slices.Contains(n.Seconders, v.Member.ID):
			return Errorf(Conflict, op, "you already second this nomination")
		}
		if err := tx.AddSeconder(ctx, n.ID, v.Member.ID, a.now()); err != nil {
			return err
		}
		_, err = a.appendRecord(ctx, tx, change{Type: "nomination.seconded", Actor: v.Actor(), Org: e.Org, Unit: e.Unit,
			Payload: map[string]any{"election": e.ID, "nomination": n.ID, "seconder": v.Member.ID}})
		return err
	})
	return wrap(op, err)
}

// AnswerNomination is the nominee's answer to a pending nomination: accept
// (eligibility is checked again, for things may have changed) or decline.
// Errors: NotFound; Forbidden (not the nominee); Invalid (no longer
// eligible); Conflict (answered already, or nominations closed).
func (a *App) AnswerNomination(ctx context.Context, v *Viewer, id NominationID, accept bool) (*Nomination, error) {
	const op = "answer nomination"
	var n *Nomination
	err := a.serialized(ctx, func(tx Tx) error {
		var err error
		if n, err = a.ownNomination(ctx, tx, v, id, op); err != nil {
			return err
		}
		e, off, err := a.openElection(ctx, tx, n.Election, op)
		if err != nil {
			return err
		}
		if n.Status != NominationPending {
			return Errorf(Conflict, op, "the nomination was %s already", n.Status)
		}
		n.Status = NominationDeclined
		if accept {
			reason, err := a.eligibility(ctx, tx, e, off, v.Member)
			if err != nil {
				return err
			}
			if reason != "" {
				return FieldErrorf(Invalid, op, "nominee", "%s", reason)
			}
			n.Status = NominationAccepted
		}
		return a.decide(ctx, tx, v, e, n, "nomination."+string(n.Status))
	})
	return n, wrap(op, err)
}

// Withdraw withdraws the viewer's own candidacy (or pending nomination)
// before the vote opens. Errors: NotFound; Forbidden; Conflict (the vote
// has opened, or the nomination was declined or withdrawn).
func (a *App) Withdraw(ctx context.Context, v *Viewer, id NominationID) (*Nomination, error) {
	const op = "withdraw candidacy"
	var n *Nomination
	err := a.serialized(ctx, func(tx Tx) error {
		var err error
		if n, err = a.ownNomination(ctx, tx, v, id, op); err != nil {
			return err
		}
		e, err := tx.Election(ctx, n.Election)
		if err != nil {
			return err
		}
		switch {
		case !e.beforeVote():
			return Errorf(Conflict, op, "the vote has opened: candidacies can no longer be withdrawn")
		case n.Status != NominationPending && n.Status != NominationAccepted:
			return Errorf(Conflict, op, "the nomination was %s", n.Status)
		}
		wasCandidate := n.IsCandidate(e.Rules)
		n.Status = NominationWithdrawn
		if err := a.decide(ctx, tx, v, e, n, "nomination.withdrawn"); err != nil || e.Status != ElectionCampaign || !wasCandidate {
			return err
		}
		// The ballot drawn up at the close of nominations named the
		// candidate: it is drawn up again, and the key ceremony restarts.
		if err := a.openCeremony(ctx, tx, e); IsKind(err, Conflict) {
			return a.hold(ctx, tx, e, err.Error())
		} else {
			return err
		}
	})
	return n, wrap(op, err)
}

// SetStatement sets the viewer's candidate statement, plain text, before
// the vote opens. Errors: NotFound; Forbidden; Invalid (too long);
// Conflict (the vote has opened, or the nomination was declined or withdrawn).
func (a *App) SetStatement(ctx context.Context, v *Viewer, id NominationID, text string) error {
	const op = "candidate statement"
	if len(text) > MaxStatement {
		return FieldErrorf(Invalid, op, "statement", "is longer than %d characters", MaxStatement)
	}
	err := a.serialized(ctx, func(tx Tx) error {
		n, err := a.ownNomination(ctx, tx, v, id, op)
		if err != nil {
			return err
		}
		e, err := tx.Election(ctx, n.Election)
		if err != nil {
			return err
		}
		if !e.beforeVote() || (n.Status != NominationPending && n.Status != NominationAccepted) {
			return Errorf(Conflict, op, "the statement can no longer be changed")
		}
		n.Statement = text
		if err := tx.UpdateNomination(ctx, n); err != nil {
			return err
		}
		_, err = a.appendRecord(ctx, tx, change{Type: "nomination.statement", Actor: v.Actor(), Org: e.Org, Unit: e.Unit,
			Payload: map[string]any{"election": e.ID, "nomination": n.ID, "statement": text}})
		return err
	})
	return wrap(op, err)
}

// decide stores n's new status and records it as an entry of type typ.
func (a *App) decide(ctx context.Context, tx Tx, v *Viewer, e *Election, n *Nomination, typ string) error {
	n.Decided = a.now()
	if err := tx.UpdateNomination(ctx, n); err != nil {
		return err
	}
	_, err := a.appendRecord(ctx, tx, change{Type: typ, Actor: v.Actor(), Org: e.Org, Unit: e.Unit,
		Payload: map[string]any{"election": e.ID, "nomination": n.ID, "nominee": n.Nominee, "status": n.Status}})
	return err
}

// ownNomination returns nomination id if v is its nominee.
func (a *App) ownNomination(ctx context.Context, tx Tx, v *Viewer, id NominationID, op string) (*Nomination, error) {
	n, err := tx.Nomination(ctx, id)
	if err != nil {
		return nil, err
	}
	if v.Member == nil || v.Member.ID != n.Nominee {
		return nil, Errorf(Forbidden, op, "only the nominee may do this")
	}
	return n, nil
}

// openElection returns election id and its office if it takes nominations.
func (a *App) openElection(ctx context.Context, tx Tx, id ElectionID, op string) (*Election, *Office, error) {
	e, err := tx.Election(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !e.acceptsNominations() {
		return nil, nil, Errorf(Conflict, op, "nominations are not open: the election is in %s", e.Status)
	}
	off, err := tx.Office(ctx, e.Office)
	return e, off, err
}

// mayTakePart makes sure v is an active member of e's electorate.
func (a *App) mayTakePart(ctx context.Context, tx Tx, v *Viewer, e *Election, op, what string) error {
	if v.Member == nil || v.Member.Org != e.Org {
		return Errorf(Forbidden, op, "only members of the electorate may %s", what)
	}
	in, err := a.onRoll(ctx, tx, e, v.Member)
	if err != nil {
		return err
	}
	if !in {
		return Errorf(Forbidden, op, "only members of the electorate may %s", what)
	}
	return nil
}

// inElectorate reports whether m has an active membership in unit
// electorate or below it.
func (a *App) inElectorate(ctx context.Context, tx Tx, m *Member, electorate UnitID) (bool, error) {
	for _, ms := range m.Memberships {
		if ms.Status != Active {
			continue
		}
		if ms.Unit == electorate {
			return true, nil
		}
		chain, err := tx.Ancestors(ctx, ms.Unit)
		if err != nil {
			return false, err
		}
		for _, u := range chain {
			if u.ID == electorate {
				return true, nil
			}
		}
	}
	return false, nil
}

// Eligibility returns why member may not stand in election id, or "" if
// they may, in words the member can read. Anyone may call it.
func (a *App) Eligibility(ctx context.Context, id ElectionID, member MemberID) (string, error) {
	var reason string
	err := a.Store.View(ctx, func(tx Tx) error {
		e, err := tx.Election(ctx, id)
		if err != nil {
			return err
		}
		off, err := tx.Office(ctx, e.Office)
		if err != nil {
			return err
		}
		m, err := tx.Member(ctx, member)
		if err != nil {
			return err
		}
		reason, err = a.eligibility(ctx, tx, e, off, m)
		return err
	})
	return reason, wrap("eligibility", err)
}

// eligibility checks the rules a candidate must meet (R9): membership of
// the electorate, the office's term limit, and no incompatible office held
// or stood for.
func (a *App) eligibility(ctx context.Context, tx Tx, e *Election, off *Office, m *Member) (string, error) {
	in, err := a.inElectorate(ctx, tx, m, e.Electorate)
	if err != nil {
		return "", err
	}
	if !in {
		return fmt.Sprintf("%s is not an active member of the electorate of this election", m.Name), nil
	}
	terms, err := tx.MemberTerms(ctx, m.ID)
	if err != nil {
		return "", err
	}
	// A recall would mean nothing if the recalled could win the seat back at once.
	if e.Vacated != 0 && slices.ContainsFunc(terms, func(t *Term) bool { return t.ID == e.Vacated && t.Reason == Recalled }) {
		return fmt.Sprintf("%s was recalled from the seat this by-election fills", m.Name), nil
	}
	now := a.now()
	if n := consecutiveTerms(terms, off.ID, now); off.TermLimit > 0 && n >= off.TermLimit {
		return fmt.Sprintf("%s has held %s for %d consecutive terms, the limit the constitution sets", m.Name, off.Name, n), nil
	}
	for _, t := range terms {
		if t.Reason != Ongoing || !t.End.After(e.Timeline.VotingClose) || t.Office == off.ID {
			continue
		}
		held, err := tx.Office(ctx, t.Office)
		if err != nil {
			return "", err
		}
		if incompatible(off, held) {
			return fmt.Sprintf("%s holds %s, which may not be held together with %s (rule R9)", m.Name, held.Name, off.Name), nil
		}
	}
	return a.standsForIncompatible(ctx, tx, e, off, m)
}

// standsForIncompatible returns a reason if m stands in another election
// under way for an office incompatible with off. A nomination m has not
// accepted does not count: else anyone could bar a member from an office by
// nominating them for an incompatible one.
func (a *App) standsForIncompatible(ctx context.Context, tx Tx, e *Election, off *Office, m *Member) (string, error) {
	noms, err := tx.MemberNominations(ctx, m.ID)
	if err != nil {
		return "", err
	}
	for _, n := range noms {
		if n.Election == e.ID || n.Status != NominationAccepted {
			continue
		}
		other, err := tx.Election(ctx, n.Election)
		if err != nil {
			return "", err
		}
		if other.Status == ElectionClosed {
			continue
		}
		o, err := tx.Office(ctx, other.Office)
		if err != nil {
			return "", err
		}
		if incompatible(off, o) {
			return fmt.Sprintf("%s stands for %s, which may not be held together with %s (rule R9)", m.Name, o.Name, off.Name), nil
		}
	}
	return "", nil
}

// incompatible reports whether offices a and b may not be held together;
// the constitution may say so on either side.
func incompatible(a, b *Office) bool {
	return a.ID != b.ID && (slices.Contains(a.IncompatibleWith, b.Name) || slices.Contains(b.IncompatibleWith, a.Name))
}

// termGap is the longest break that still makes two terms of one office
// consecutive: elections take weeks, and a successor may take office some
// time after a term's scheduled end.
const termGap = 90 * 24 * time.Hour

// consecutiveTerms counts the terms of office held one after another up to
// now, from terms (newest first): the run of terms each ending no more than
// termGap before the next began, the newest running or ended within termGap.
func consecutiveTerms(terms []*Term, office OfficeID, now time.Time) int {
	n := 0
	next := now
	for _, t := range terms {
		if t.Office != office {
			continue
		}
		end := t.End
		if !t.Ended.IsZero() {
			end = t.Ended
		}
		if end.Before(next.Add(-termGap)) {
			break
		}
		n++
		next = t.Start
	}
	return n
}
