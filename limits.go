package plenum

import (
	"context"
	"strconv"
	"time"

	"plenum/constitution"
)

// Incompatible is how a term ends that its holder kept past the deadline
// to resign one of two incompatible offices (R9).
const Incompatible EndReason = "incompatibility"

// IncompatibilityID identifies an incompatibility flag.
type IncompatibilityID int64

func (id IncompatibilityID) String() string { return strconv.FormatInt(int64(id), 10) }

// Incompatibility flags a member who holds two offices the constitution
// says may not be held together (R9): nominations refuse it, but a member
// can still come to hold both, when the constitution changes or a result
// is certified after they took another office. They must resign one by
// Deadline; if both still run then, the term gained later ends.
type Incompatibility struct {
	ID         IncompatibilityID
	Org        OrgID
	Member     MemberID
	Held       TermID // the term held first
	Gained     TermID // the term gained later: it ends at the deadline
	Flagged    time.Time
	Deadline   time.Time
	Resolved   time.Time // zero while open
	Resolution string    // "resigned": one of the terms ended; "enforced": plenum ended Gained
}

// IncompatibilityStore keeps incompatibility flags.
type IncompatibilityStore interface {
	CreateIncompatibility(ctx context.Context, f *Incompatibility) error // sets f.ID
	// MemberIncompatibilities lists a member's flags, newest first.
	MemberIncompatibilities(ctx context.Context, member MemberID) ([]*Incompatibility, error)
	// OpenIncompatibilities lists up to limit unresolved flags, earliest deadline first.
	OpenIncompatibilities(ctx context.Context, limit int) ([]*Incompatibility, error)
	// ResolveIncompatibility stores f's resolution.
	ResolveIncompatibility(ctx context.Context, f *Incompatibility) error
}

// flagIncompatible flags every pair of running terms of member whose
// offices the organization's current constitution says are incompatible,
// unless that pair is flagged already. Plenum calls it wherever an office
// is gained and when the constitution changes.
func (a *App) flagIncompatible(ctx context.Context, tx Tx, c *constitution.Constitution, member MemberID) error {
	terms, err := tx.MemberTerms(ctx, member)
	if err != nil {
		return err
	}
	now := a.now()
	var running []*Term
	offices := map[TermID]*Office{}
	for _, t := range terms {
		if !t.Current(now) {
			continue
		}
		if offices[t.ID], err = tx.Office(ctx, t.Office); err != nil {
			return err
		}
		running = append(running, t)
	}
	flags, err := tx.MemberIncompatibilities(ctx, member)
	if err != nil {
		return err
	}
	flagged := map[[2]TermID]bool{}
	for _, f := range flags {
		flagged[[2]TermID{f.Held, f.Gained}] = true
	}
	// running is newest first: j is the term held first.
	for i, gained := range running {
		for _, held := range running[i+1:] {
			og, oh := offices[gained.ID], offices[held.ID]
			if og.ID == oh.ID || !c.Incompatible(og.Name, oh.Name) || flagged[[2]TermID{held.ID, gained.ID}] {
				continue
			}
			if err := a.flag(ctx, tx, c, held, gained, oh, og); err != nil {
				return err
			}
		}
	}
	return nil
}

// flag records that the holder of held and gained must resign one.
func (a *App) flag(ctx context.Context, tx Tx, c *constitution.Constitution, held, gained *Term, oh, og *Office) error {
	m, err := tx.Member(ctx, held.Holder)
	if err != nil {
		return err
	}
	now := a.now()
	f := &Incompatibility{Org: m.Org, Member: m.ID, Held: held.ID, Gained: gained.ID, Flagged: now,
		Deadline: now.Add(days(c.Supervision.ResignDays))}
	if err := tx.CreateIncompatibility(ctx, f); err != nil {
		return err
	}
	_, err = a.appendRecord(ctx, tx, change{Type: "office.incompatibility_flagged", Actor: System, Org: m.Org, Unit: og.Unit,
		Payload: map[string]any{"incompatibility": f.ID, "member": m.ID, "member_name": m.Name,
			"held_term": held.ID, "held_office": oh.ID, "held_office_name": oh.Name,
			"gained_term": gained.ID, "gained_office": og.ID, "gained_office_name": og.Name, "deadline": f.Deadline}})
	if err != nil {
		return err
	}
	return a.notify(ctx, tx, Notice{Kind: "recall", To: []MemberID{m.ID}, Subject: "recall.notice.incompatible_subject",
		Text: "recall.notice.incompatible_text", Args: []any{oh.Name, og.Name, f.Deadline},
		Link: "/members/" + m.ID.String() + "/record", Required: true})
}

// termsGained runs the checks due when terms begin (R9): their holders
// are flagged if they now hold incompatible offices. Certification calls
// it with the terms it creates.
func (a *App) termsGained(ctx context.Context, tx Tx, terms []*Term) error {
	if len(terms) == 0 {
		return nil
	}
	off, err := tx.Office(ctx, terms[0].Office)
	if err != nil {
		return err
	}
	u, err := tx.Unit(ctx, off.Unit)
	if err != nil {
		return err
	}
	c, err := a.charter(ctx, tx, u.Org)
	if err != nil {
		return err
	}
	for _, t := range terms {
		if err := a.flagIncompatible(ctx, tx, c, t.Holder); err != nil {
			return err
		}
	}
	return nil
}

// flagOrgIncompatible flags the holders of incompatible offices in org,
// under its current constitution: after the constitution changes.
func (a *App) flagOrgIncompatible(ctx context.Context, tx Tx, org OrgID) error {
	c, err := a.charter(ctx, tx, org)
	if err != nil {
		return err
	}
	units, err := tx.Units(ctx, org)
	if err != nil {
		return err
	}
	seen := map[MemberID]bool{}
	for _, u := range units {
		offices, err := tx.Offices(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, o := range offices {
			terms, err := tx.CurrentTerms(ctx, o.ID, a.now())
			if err != nil {
				return err
			}
			for _, t := range terms {
				if seen[t.Holder] {
					continue
				}
				seen[t.Holder] = true
				if err := a.flagIncompatible(ctx, tx, c, t.Holder); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// EnforceIncompatibilities settles the open incompatibility flags: a flag
// whose terms no longer both run is resolved; one whose deadline has come
// ends the term gained later ("incompatibility") and starts its
// by-election, with cal. The background job runner calls it; it returns
// how many flags it settled.
func (a *App) EnforceIncompatibilities(ctx context.Context, cal Calendar) (int, error) {
	n := 0
	err := a.serialized(ctx, func(tx Tx) error {
		flags, err := tx.OpenIncompatibilities(ctx, 500)
		if err != nil {
			return err
		}
		now := a.now()
		for _, f := range flags {
			held, err := tx.Term(ctx, f.Held)
			if err != nil {
				return err
			}
			gained, err := tx.Term(ctx, f.Gained)
			if err != nil {
				return err
			}
			switch {
			case !held.Current(now) || !gained.Current(now):
				err = a.resolveIncompatibility(ctx, tx, f, "resigned")
			case !now.Before(f.Deadline):
				err = a.enforceIncompatibility(ctx, tx, f, gained, cal)
			default:
				continue
			}
			if err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, wrap("enforce incompatibilities", err)
}

// enforceIncompatibility ends term t, kept past f's deadline, and starts
// the by-election for the rest of it.
func (a *App) enforceIncompatibility(ctx context.Context, tx Tx, f *Incompatibility, t *Term, cal Calendar) error {
	if err := a.resolveIncompatibility(ctx, tx, f, "enforced"); err != nil {
		return err
	}
	_, err := a.vacate(ctx, tx, t, Incompatible, System, map[string]any{"incompatibility": f.ID}, cal)
	return err
}

func (a *App) resolveIncompatibility(ctx context.Context, tx Tx, f *Incompatibility, how string) error {
	f.Resolved, f.Resolution = a.now(), how
	if err := tx.ResolveIncompatibility(ctx, f); err != nil {
		return err
	}
	_, err := a.appendRecord(ctx, tx, change{Type: "office.incompatibility_resolved", Actor: System, Org: f.Org,
		Payload: map[string]any{"incompatibility": f.ID, "member": f.Member, "held_term": f.Held, "gained_term": f.Gained,
			"resolution": how}})
	return err
}
