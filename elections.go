package plenum

import (
	"context"
	"slices"
	"strings"
	"time"

	"plenum/constitution"
)

// ScheduleElection is what calling an election takes: the office, the
// decision of the competent body that calls it, and its timeline.
type ScheduleElection struct {
	Office     OfficeID
	Electorate UnitID // zero: the office's unit
	Decision   DecisionRef
	Timeline   Timeline
}

// ScheduleElection calls an election by a decision of a competent body: a
// body of the office's unit or of a unit above it (R11). The viewer enters
// the decision: a member of that body (a holder of one of its seats, or for
// an assembly any member of its unit), or the command line.
//
// Errors: Forbidden; NotFound (office, body); Invalid (no decision, a bad
// timeline, an electorate outside the organization); Conflict (the office
// has an election under way).
func (a *App) ScheduleElection(ctx context.Context, v *Viewer, s ScheduleElection) (*Election, error) {
	const op = "schedule election"
	if s.Decision.Body == 0 || strings.TrimSpace(s.Decision.Ref) == "" {
		return nil, FieldErrorf(Invalid, op, "decision", "an election is called by a decision of a body: name the body and the decision")
	}
	if field, msg := s.Timeline.check(); msg != "" {
		return nil, FieldErrorf(Invalid, op, field, "%s", msg)
	}
	if !s.Timeline.NominationsOpen.After(a.now().Add(-time.Minute)) {
		return nil, FieldErrorf(Invalid, op, "timeline.nominations_open", "nominations may not open in the past")
	}
	var e *Election
	err := a.serialized(ctx, func(tx Tx) error {
		off, err := tx.Office(ctx, s.Office)
		if err != nil {
			return err
		}
		if err := a.checkDecision(ctx, tx, v, off.Unit, s.Decision); err != nil {
			return err
		}
		e = &Election{Office: off.ID, Electorate: s.Electorate, Timeline: s.Timeline, Decision: s.Decision}
		return a.createElection(ctx, tx, v.Actor(), off, e)
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return e, nil
}

// checkDecision makes sure d is a decision of a body competent for unit
// (an office's, or a referendum's) that v may enter.
func (a *App) checkDecision(ctx context.Context, tx Tx, v *Viewer, unit UnitID, d DecisionRef) error {
	const op = "schedule election"
	body, err := tx.Body(ctx, d.Body)
	if err != nil {
		return err
	}
	if err := competentFor(ctx, tx, op, "decision.body", unit, body); err != nil {
		return err
	}
	if v.console {
		return nil
	}
	if body.AllMembers {
		if v.SeesInternal(body.Unit) {
			return nil
		}
		return Errorf(Forbidden, op, "only members of %s may enter its decisions", body.Name)
	}
	if v.Member != nil {
		seats, err := a.bodySeats(ctx, tx, body)
		if err != nil {
			return err
		}
		terms, err := tx.CurrentTerms(ctx, seats, a.now())
		if err != nil {
			return err
		}
		for _, t := range terms {
			if t.Holder == v.Member.ID {
				return nil
			}
		}
	}
	return Errorf(Forbidden, op, "only members of %s may enter its decisions", body.Name)
}

// competentFor makes sure body b may decide for unit: a body of the unit
// or of a unit above it (R11).
func competentFor(ctx context.Context, tx Tx, op, field string, unit UnitID, b *Body) error {
	if b.Unit == unit {
		return nil
	}
	chain, err := tx.Ancestors(ctx, unit)
	if err != nil {
		return err
	}
	for _, u := range chain {
		if u.ID == b.Unit {
			return nil
		}
	}
	return FieldErrorf(Forbidden, op, field, "%s is not a body of the unit or of a unit above it", b.Name)
}

// bodySeats returns the office of an elected body's seats.
func (a *App) bodySeats(ctx context.Context, tx Tx, b *Body) (OfficeID, error) {
	offices, err := tx.Offices(ctx, b.Unit)
	if err != nil {
		return 0, err
	}
	for _, o := range offices {
		if o.Body == b.ID {
			return o.ID, nil
		}
	}
	return 0, Errorf(NotFound, "body seats", "%s has no elected seats", b.Name)
}

// createElection completes e for office off with the constitution's rules,
// stores it and records it.
func (a *App) createElection(ctx context.Context, tx Tx, actor Actor, off *Office, e *Election) error {
	const op = "schedule election"
	elections, err := tx.OfficeElections(ctx, off.ID)
	if err != nil {
		return err
	}
	for _, other := range elections {
		// Each vacancy gets its own by-election and each recall its vote; a
		// regular election is one at a time.
		if other.Status != ElectionClosed && other.regular() && e.regular() {
			return Errorf(Conflict, op, "%s already has an election under way", off.Name)
		}
	}
	unit, err := tx.Unit(ctx, off.Unit)
	if err != nil {
		return err
	}
	if e.Electorate == 0 {
		e.Electorate = off.Unit
	} else if eu, err := tx.Unit(ctx, e.Electorate); err != nil || eu.Org != unit.Org {
		return FieldErrorf(Invalid, op, "electorate", "the electorate must be a unit of the organization")
	}
	c, err := a.charter(ctx, tx, unit.Org)
	if err != nil {
		return err
	}
	rules := c.Nominations
	if e.Seats == 0 {
		e.Seats = off.Seats
	}
	e.Org, e.Unit, e.Method = unit.Org, off.Unit, off.Method
	e.Rules = NominationRules{MinCandidates: e.Seats + rules.MinCandidatesOverSeats,
		ExtensionDays: rules.ExtensionDays, Seconders: rules.Seconders}
	payload := map[string]any{"office": off.ID, "office_name": off.Name, "by_election": e.ByElection}
	if e.ByElection {
		payload["vacated_term"], payload["term_end"] = e.Vacated, e.TermEnd
	}
	if e.Recalls != 0 {
		payload["recalls"] = e.Recalls
	}
	return a.addElection(ctx, tx, actor, c, e, payload)
}

// addElection stores e, scheduled now with the voting rules of
// constitution c, and records it with the fields of payload that say what
// it is for. An election that asks yes or no has no candidates.
func (a *App) addElection(ctx context.Context, tx Tx, actor Actor, c *constitution.Constitution, e *Election, payload map[string]any) error {
	e.Revote, e.Status, e.Created = c.Voting.Revote, ElectionScheduled, a.now()
	if e.YesNo() {
		e.Method, e.Rules = YesNoMethod, NominationRules{}
	}
	if e.Decides != 0 {
		e.Method = DecisionMethod
	}
	if err := tx.CreateElection(ctx, e); err != nil {
		return err
	}
	due, _ := e.due()
	if err := tx.UpdateElection(ctx, e, due); err != nil {
		return err
	}
	payload["election"], payload["electorate"], payload["seats"] = e.ID, e.Electorate, e.Seats
	payload["method"], payload["timeline"], payload["rules"] = e.Method, e.Timeline, e.Rules
	if !e.Decision.IsZero() {
		payload["decision"] = map[string]any{"body": e.Decision.Body, "ref": e.Decision.Ref}
	}
	_, err := a.appendRecord(ctx, tx, change{Type: "election.scheduled", Actor: actor, Org: e.Org, Unit: e.Unit, Payload: payload})
	return err
}

// ScheduleExpiring schedules, with calendar cal, an election for every
// office with a term that ends within cal.Lead of now and no election under
// way. The background job runner calls it; it returns the elections it
// scheduled.
func (a *App) ScheduleExpiring(ctx context.Context, cal Calendar) ([]*Election, error) {
	const op = "schedule elections"
	var out []*Election
	err := a.serialized(ctx, func(tx Tx) error {
		now := a.now()
		terms, err := tx.TermsEnding(ctx, now, now.Add(cal.Lead))
		if err != nil {
			return err
		}
		seen := map[OfficeID]bool{}
		for _, t := range terms {
			if seen[t.Office] {
				continue
			}
			seen[t.Office] = true
			off, err := tx.Office(ctx, t.Office)
			if err != nil {
				return err
			}
			// An election called within the lead of this term's end, even
			// one that has closed since, is the election of its successor.
			held, err := tx.OfficeElections(ctx, off.ID)
			if err != nil {
				return err
			}
			if slices.ContainsFunc(held, func(e *Election) bool { return e.regular() && !e.Created.Before(t.End.Add(-cal.Lead)) }) {
				continue
			}
			e := &Election{Office: off.ID, Timeline: cal.timeline(now)}
			switch err := a.createElection(ctx, tx, System, off, e); {
			case IsKind(err, Conflict):
				continue
			case err != nil:
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, wrap(op, err)
}

// Resign ends the viewer's own term at once and starts the by-election
// for the rest of it (R1: the seat is filled by election, never appointed).
// Errors: NotFound; Forbidden (not the viewer's term); Conflict (it has ended).
func (a *App) Resign(ctx context.Context, v *Viewer, id TermID, cal Calendar) (*Election, error) {
	const op = "resign"
	var e *Election
	err := a.serialized(ctx, func(tx Tx) error {
		t, err := tx.Term(ctx, id)
		if err != nil {
			return err
		}
		if v.Member == nil || t.Holder != v.Member.ID {
			return Errorf(Forbidden, op, "only the holder may resign a term")
		}
		now := a.now()
		if !t.Current(now) {
			return Errorf(Conflict, op, "the term is not running")
		}
		e, err = a.vacate(ctx, tx, t, Resigned, v.Actor(), nil, cal)
		return err
	})
	return e, wrap(op, err)
}

// vacate ends running term t now for reason, records it with extra
// payload fields, closes the recalls against it and starts the by-election
// for the rest of it (R1: the seat is filled by election).
func (a *App) vacate(ctx context.Context, tx Tx, t *Term, reason EndReason, actor Actor, extra map[string]any, cal Calendar) (*Election, error) {
	now := a.now()
	if err := tx.EndTerm(ctx, t.ID, now, reason); err != nil {
		return nil, err
	}
	t.Ended, t.Reason = now, reason
	off, err := tx.Office(ctx, t.Office)
	if err != nil {
		return nil, err
	}
	unit, err := tx.Unit(ctx, off.Unit)
	if err != nil {
		return nil, err
	}
	payload := map[string]any{"term": t.ID, "office": off.ID, "office_name": off.Name, "holder": t.Holder, "reason": reason, "ended": now}
	for k, v := range extra {
		payload[k] = v
	}
	if _, err := a.appendRecord(ctx, tx, change{Type: "term.ended", Actor: actor, Org: unit.Org, Unit: off.Unit, Payload: payload}); err != nil {
		return nil, err
	}
	if err := a.overtakeRecalls(ctx, tx, t); err != nil {
		return nil, err
	}
	return a.byElection(ctx, tx, off, t, cal)
}

// byElection schedules the election of a successor to vacated term t for
// the rest of it; plenum itself calls it.
func (a *App) byElection(ctx context.Context, tx Tx, off *Office, t *Term, cal Calendar) (*Election, error) {
	e := &Election{Office: off.ID, Seats: 1, ByElection: true, Vacated: t.ID, TermEnd: t.End, Timeline: cal.timeline(a.now())}
	if err := a.createElection(ctx, tx, System, off, e); err != nil {
		return nil, err
	}
	return e, nil
}

// ElectionPage is what the page of an election shows. Elections are
// public: anyone may see them, their candidates and statements.
type ElectionPage struct {
	Election    *Election
	Office      *Office     // nil for a referendum
	Referendum  *Referendum // a referendum's, nil otherwise
	Unit        *Unit
	Nominations []NomineeView // oldest first
	Candidates  int           // nominations that count as candidacies
}

// NomineeView is a nomination with the nominee's name.
type NomineeView struct {
	*Nomination
	Name string
}

// ElectionPage returns election id with its nominations. Anyone may call
// it. Errors: NotFound.
func (a *App) ElectionPage(ctx context.Context, id ElectionID) (*ElectionPage, error) {
	p := &ElectionPage{}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if p.Election, err = tx.Election(ctx, id); err != nil {
			return err
		}
		if p.Office, _, err = a.electionSubject(ctx, tx, Visitor(), p.Election); err != nil {
			return err
		}
		if p.Election.Motion != 0 {
			if p.Referendum, err = tx.ElectionReferendum(ctx, id); err != nil {
				return err
			}
		}
		if p.Unit, err = tx.Unit(ctx, p.Election.Unit); err != nil {
			return err
		}
		ns, err := tx.Nominations(ctx, id)
		if err != nil {
			return err
		}
		for _, n := range ns {
			m, err := tx.Member(ctx, n.Nominee)
			if err != nil {
				return err
			}
			p.Nominations = append(p.Nominations, NomineeView{Nomination: n, Name: m.Name})
			if n.IsCandidate(p.Election.Rules) {
				p.Candidates++
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap("election", err)
	}
	return p, nil
}

// ElectionList is a unit's elections, newest first, with their offices.
type ElectionList struct {
	Unit      *Unit
	Elections []*Election
	Offices   map[OfficeID]*Office
}

// Elections lists the elections of a unit's offices. Anyone may call it.
// Errors: NotFound.
func (a *App) Elections(ctx context.Context, unit UnitID) (*ElectionList, error) {
	l := &ElectionList{Offices: map[OfficeID]*Office{}}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if l.Unit, err = tx.Unit(ctx, unit); err != nil {
			return err
		}
		if l.Elections, err = tx.Elections(ctx, unit); err != nil {
			return err
		}
		offices, err := tx.Offices(ctx, unit)
		for _, o := range offices {
			l.Offices[o.ID] = o
		}
		return err
	})
	if err != nil {
		return nil, wrap("elections", err)
	}
	return l, nil
}
