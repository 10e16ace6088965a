package plenum

import (
	"context"
	"slices"
	"time"

	"plenum/constitution"
)

// Rulings are the decisions bodies take on a case: admission, an interim
// measure, the verdict and the appeal's verdict. Each is a vote of the
// body; checkRuling runs when one is proposed and adoptRuling when the vote
// adopts it, in the transaction that closes the vote.

// Outcomes of an admission and of an interim measure.
const (
	Admitted  = "admitted"
	Dismissed = "dismissed"
	Interim   = "interim"
)

// rulingBody returns the body that takes step on c, or a Conflict when the
// case is not at that step.
func rulingBody(op string, c *Case, step string) (BodyID, error) {
	switch {
	case step == StepAdmission && c.Status == CaseFiled,
		step == StepInterim && c.Status == CaseAdmitted,
		step == StepVerdict && c.Status == CaseAdmitted:
		return c.Body, nil
	case step == StepAppeal && c.Status == CaseAppealed:
		return c.AppealBody, nil
	}
	return 0, FieldErrorf(Conflict, op, "step", "a case that is %s has no %s to decide", c.Status, step)
}

// checkRuling checks a proposed ruling r on c by v and returns the body
// that decides it with the members recused from it.
func (a *App) checkRuling(ctx context.Context, tx Tx, v *Viewer, c *Case, r *Verdict) (BodyID, []MemberID, error) {
	const op = "propose ruling"
	body, err := rulingBody(op, c, r.Step)
	if err != nil {
		return 0, nil, err
	}
	if err := a.mayDecide(ctx, tx, op, v, c, body); err != nil {
		return 0, nil, err
	}
	con, err := a.charter(ctx, tx, c.Org)
	if err != nil {
		return 0, nil, err
	}
	if err := validText(op, "reasons", r.Reasons); err != nil {
		return 0, nil, err
	}
	now := a.now()
	switch r.Step {
	case StepAdmission:
		if r.Outcome != Admitted && r.Outcome != Dismissed {
			return 0, nil, FieldErrorf(Invalid, op, "outcome", "an admission is %q or %q", Admitted, Dismissed)
		}
		r.Sanction, r.Months, r.Term = "", 0, 0
	case StepInterim:
		maxUntil := now.AddDate(0, 0, con.Cases.InterimDays)
		switch {
		case !con.Cases.Interim:
			return 0, nil, FieldErrorf(Invalid, op, "step", "the constitution allows no interim measures")
		case c.Interim != nil && now.Before(c.Interim.Until):
			return 0, nil, FieldErrorf(Conflict, op, "step", "an interim measure is in force until %s", c.Interim.Until.Format(time.DateOnly))
		case !r.Until.After(now) || r.Until.After(maxUntil):
			return 0, nil, FieldErrorf(Invalid, op, "until", "an interim measure lasts at most %d days, until %s", con.Cases.InterimDays, maxUntil.Format(time.DateOnly))
		}
		r.Outcome, r.Sanction, r.Months, r.Term = Interim, "", 0, 0
	case StepVerdict, StepAppeal:
		if r.Step == StepVerdict && c.Replied.IsZero() && now.Before(c.ReplyDue) {
			return 0, nil, FieldErrorf(Conflict, op, "step", "the accused may reply until %s: the body decides after the reply", c.ReplyDue.Format(time.RFC3339))
		}
		if err := a.checkSanction(ctx, tx, op, con, c, r); err != nil {
			return 0, nil, err
		}
	default:
		return 0, nil, FieldErrorf(Invalid, op, "step", "step must be admission, interim, verdict or appeal")
	}
	recused, err := a.recusal(ctx, tx, c, body)
	if err != nil {
		return 0, nil, err
	}
	r.Recused = recused
	return body, recused, nil
}

// checkSanction allows only "not proven", or "proven" with one sanction of
// the constitution's list, individual and within its bounds.
func (a *App) checkSanction(ctx context.Context, tx Tx, op string, con *constitution.Constitution, c *Case, r *Verdict) error {
	if r.Outcome == NotProven {
		if r.Sanction != "" || r.Months != 0 || r.Term != 0 {
			return FieldErrorf(Invalid, op, "sanction", "charges not proven carry no sanction")
		}
		return nil
	}
	if r.Outcome != Proven {
		return FieldErrorf(Invalid, op, "outcome", "a verdict is %q or %q", NotProven, Proven)
	}
	s := con.Cases.Sanction(r.Sanction)
	if s == nil {
		return FieldErrorf(Invalid, op, "sanction", "%q is not a sanction of the constitution's list", r.Sanction)
	}
	if s.Effect == constitution.EffectSuspension {
		if r.Months < 1 || r.Months > s.MaxMonths {
			return FieldErrorf(Invalid, op, "months", "a %s lasts 1 to %d months", s.Name, s.MaxMonths)
		}
	} else if r.Months != 0 {
		return FieldErrorf(Invalid, op, "months", "only a suspension lasts a number of months")
	}
	if s.Effect != constitution.EffectOffice {
		if r.Term != 0 {
			return FieldErrorf(Invalid, op, "term", "only a sanction of effect office names a term")
		}
		return nil
	}
	t, err := tx.Term(ctx, r.Term)
	if err != nil || t.Holder != c.Accused || !t.Current(a.now()) {
		return FieldErrorf(Invalid, op, "term", "name a current term of the accused")
	}
	return nil
}

// mayDecide allows v to act for body on c: v holds a seat of it (or, for a
// body of all members, is an active member of its unit) and is not recused.
func (a *App) mayDecide(ctx context.Context, tx Tx, op string, v *Viewer, c *Case, body BodyID) error {
	if v.Member == nil {
		return Errorf(Forbidden, op, "only members of the body hearing the case act for it")
	}
	ok, err := a.onBody(ctx, tx, v, body)
	if err != nil {
		return err
	}
	if !ok {
		return Errorf(Forbidden, op, "only members of the body hearing the case act for it")
	}
	recused, err := a.recusal(ctx, tx, c, body)
	if err != nil {
		return err
	}
	if slices.Contains(recused, v.Member.ID) {
		return Errorf(Forbidden, op, "you are recused from this case")
	}
	return nil
}

// onBody reports whether v sits on body.
func (a *App) onBody(ctx context.Context, tx Tx, v *Viewer, body BodyID) (bool, error) {
	if v.Member == nil || body == 0 {
		return false, nil
	}
	b, err := tx.Body(ctx, body)
	if err != nil {
		return false, err
	}
	return a.inBody(ctx, tx, v, b)
}

// recusal lists the members excluded from body's decisions on c: the
// accusers, the accused, and the holders of offices directly over or under
// the accused. "Directly" is one step in the unit tree:
//   - over the accused: an office of a unit the accused belongs to, or of the
//     parent unit of a unit where the accused holds an office;
//   - under the accused: an office of a child unit of a unit where the
//     accused holds an office.
//
// The seats of the bodies hearing the case (c.Body and c.AppealBody) do not
// count as offices over or under anyone: they are the judges. For a body
// of elected seats only its seat holders are listed, so that the quorum is
// computed on the seats left.
func (a *App) recusal(ctx context.Context, tx Tx, c *Case, body BodyID) ([]MemberID, error) {
	b, err := tx.Body(ctx, body)
	if err != nil {
		return nil, err
	}
	excluded := map[MemberID]bool{c.Accused: true}
	for _, m := range c.Accusers {
		excluded[m] = true
	}
	related, err := a.relatedUnits(ctx, tx, c.Accused)
	if err != nil {
		return nil, err
	}
	for _, u := range related {
		offices, err := tx.Offices(ctx, u)
		if err != nil {
			return nil, err
		}
		for _, o := range offices {
			if o.Body != 0 && (o.Body == c.Body || o.Body == c.AppealBody) {
				continue
			}
			terms, err := tx.CurrentTerms(ctx, o.ID, a.now())
			if err != nil {
				return nil, err
			}
			for _, t := range terms {
				excluded[t.Holder] = true
			}
		}
	}
	var candidates []MemberID
	if b.AllMembers {
		for m := range excluded {
			candidates = append(candidates, m)
		}
	} else if candidates, err = a.seatHolders(ctx, tx, b); err != nil {
		return nil, err
	}
	var recused []MemberID
	for _, m := range candidates {
		if excluded[m] && !slices.Contains(recused, m) {
			recused = append(recused, m)
		}
	}
	slices.Sort(recused)
	return recused, nil
}

// relatedUnits lists the units whose offices are directly over or under
// member m (see recusal).
func (a *App) relatedUnits(ctx context.Context, tx Tx, m MemberID) ([]UnitID, error) {
	mem, err := tx.Member(ctx, m)
	if err != nil {
		return nil, err
	}
	var units []UnitID
	for _, ms := range mem.Memberships {
		units = append(units, ms.Unit)
	}
	terms, err := tx.MemberTerms(ctx, m)
	if err != nil {
		return nil, err
	}
	for _, t := range terms {
		if !t.Current(a.now()) {
			continue
		}
		o, err := tx.Office(ctx, t.Office)
		if err != nil {
			return nil, err
		}
		u, err := tx.Unit(ctx, o.Unit)
		if err != nil {
			return nil, err
		}
		if u.Parent != 0 {
			units = append(units, u.Parent)
		}
		children, err := tx.ChildUnits(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		for _, ch := range children {
			units = append(units, ch.ID)
		}
	}
	return units, nil
}

// adoptRuling applies a ruling r its body adopted on c.
func (a *App) adoptRuling(ctx context.Context, tx Tx, c *Case, r *Verdict) error {
	if _, err := rulingBody("adopt ruling", c, r.Step); err != nil {
		return err
	}
	con, err := a.charter(ctx, tx, c.Org)
	if err != nil {
		return err
	}
	now := a.now()
	r.At = now
	payload := map[string]any{"decision": r.Decision, "outcome": r.Outcome, "recused": len(r.Recused)}
	typ := "case." + r.Step
	switch r.Step {
	case StepAdmission:
		c.Admission = r
		if c.Status = CaseDismissed; r.Outcome == Admitted {
			c.Status, c.ReplyDue = CaseAdmitted, now.AddDate(0, 0, con.Cases.ReplyDays)
			payload["reply_due"] = c.ReplyDue
		}
	case StepInterim:
		c.Interim = r
		payload["until"] = r.Until
		if err := a.setMemberStatus(ctx, tx, c, Suspended, "interim"); err != nil {
			return err
		}
	case StepVerdict:
		if r.Outcome == NotProven && c.interimInForce(now) {
			if err := a.endInterim(ctx, tx, c); err != nil {
				return err
			}
		}
		c.Verdict, c.Status, c.AppealDue = r, CaseDecided, now.AddDate(0, 0, con.Cases.AppealDays)
		if c.AppealBody == 0 {
			c.AppealDue = now
		}
		payload["sanction"], payload["months"], payload["appeal_due"] = r.Sanction, r.Months, c.AppealDue
	case StepAppeal:
		c.Appeal = r
		payload["sanction"], payload["months"], payload["appeal"] = r.Sanction, r.Months, c.AppealOutcome()
	}
	payload["reasons_sha256"] = digest(r.Reasons)
	if err := a.recordCase(ctx, tx, c, typ, System, payload); err != nil {
		return err
	}
	// The accused is told of every ruling on them; the accusers of the outcome.
	if err := a.tell(ctx, tx, c, r.Step, true, []MemberID{c.Accused}); err != nil {
		return err
	}
	if err := a.tell(ctx, tx, c, r.Step, false, c.Accusers); err != nil {
		return err
	}
	if r.Step == StepAppeal || (r.Step == StepVerdict && c.AppealBody == 0) {
		return a.closeCase(ctx, tx, con, c)
	}
	c.Due = c.nextDue(now)
	return tx.UpdateCase(ctx, c)
}

// closeCase makes c's decision final and gives its sanction effect.
func (a *App) closeCase(ctx context.Context, tx Tx, con *constitution.Constitution, c *Case) error {
	now := a.now()
	c.Status = CaseClosed
	f := c.Final()
	var err error
	var s *constitution.Sanction
	if f.Outcome == Proven {
		s = con.Cases.Sanction(f.Sanction)
	}
	switch {
	case s != nil && s.Effect == constitution.EffectSuspension:
		err = a.setMemberStatus(ctx, tx, c, Suspended, "sanction")
	case s != nil && s.Effect == constitution.EffectExpulsion:
		err = a.setMemberStatus(ctx, tx, c, Expelled, "sanction")
	case c.interimInForce(now):
		err = a.endInterim(ctx, tx, c)
	}
	if err == nil && s != nil && s.Effect == constitution.EffectOffice {
		// The term may have ended meanwhile: the sanction is then moot.
		if err = tx.EndTerm(ctx, f.Term, now, Sanctioned); IsKind(err, Conflict) {
			err = nil
		}
	}
	if err != nil {
		return err
	}
	if s != nil && s.Lasting() {
		c.Effective = now
	}
	c.Due = c.nextDue(now)
	if err := tx.UpdateCase(ctx, c); err != nil {
		return err
	}
	return a.recordCase(ctx, tx, c, "case.closed", System, map[string]any{"outcome": f.Outcome, "sanction": f.Sanction,
		"months": f.Months, "appeal": c.AppealOutcome(), "effective": !c.Effective.IsZero()})
}

// setMemberStatus changes the accused's membership status, the only way a
// status changes (rule R10), and records it.
func (a *App) setMemberStatus(ctx context.Context, tx Tx, c *Case, s Status, why string) error {
	if err := tx.SetMemberStatus(ctx, c.Accused, s, a.now()); err != nil {
		return err
	}
	return a.recordCase(ctx, tx, c, "case.status", System, map[string]any{"member": c.Accused, "status": s, "why": why})
}

// endInterim ends the interim measure in force now: the accused is active again.
func (a *App) endInterim(ctx context.Context, tx Tx, c *Case) error {
	c.Interim.Until = a.now()
	return a.setMemberStatus(ctx, tx, c, Active, "interim ended")
}

// interimInForce reports whether an interim measure suspends the accused at now.
func (c *Case) interimInForce(now time.Time) bool {
	return c.Interim != nil && now.Before(c.Interim.Until)
}

// SuspensionEnds is when a suspension the case imposed ends; zero without one.
func (c *Case) SuspensionEnds() time.Time {
	if f := c.Final(); c.Effective.IsZero() || f == nil || f.Months == 0 {
		return time.Time{}
	}
	return c.Effective.AddDate(0, c.Final().Months, 0)
}

// nextDue is the next time the clock must move c on after now.
func (c *Case) nextDue(now time.Time) time.Time {
	var due []time.Time
	if c.Status == CaseDecided {
		due = append(due, c.AppealDue)
	}
	if c.Status != CaseClosed && c.interimInForce(now) {
		due = append(due, c.Interim.Until)
	}
	if end := c.SuspensionEnds(); end.After(now) {
		due = append(due, end)
	}
	if len(due) == 0 {
		return time.Time{}
	}
	return slices.MinFunc(due, time.Time.Compare)
}

// AdvanceCases moves on every case whose date has come: a decision becomes
// final when its appeal period passes, and suspensions, interim or
// sanctioned, end on time. The background clock calls it; it returns how
// many cases were due and the first failure.
func (a *App) AdvanceCases(ctx context.Context) (int, error) {
	var due []*Case
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		due, err = tx.DueCases(ctx, a.now(), 500)
		return err
	})
	if err != nil {
		return 0, wrap("advance cases", err)
	}
	var first error
	for _, c := range due {
		_, err := a.caseStep(ctx, "advance case", c.ID, func(tx Tx, c *Case) error { return a.advanceCase(ctx, tx, c) })
		if err != nil && first == nil {
			first = err
		}
	}
	return len(due), first
}

// advanceCase takes the steps of c that are due.
func (a *App) advanceCase(ctx context.Context, tx Tx, c *Case) error {
	now := a.now()
	if c.Due.IsZero() || now.Before(c.Due) {
		return nil // another node moved it first
	}
	con, err := a.charter(ctx, tx, c.Org)
	if err != nil {
		return err
	}
	if c.Status == CaseDecided && !now.Before(c.AppealDue) {
		return a.closeCase(ctx, tx, con, c)
	}
	if end := c.SuspensionEnds(); c.Status == CaseClosed && !end.IsZero() && !end.After(now) {
		if err := a.setMemberStatus(ctx, tx, c, Active, "suspension ended"); err != nil {
			return err
		}
	} else if c.Interim != nil && c.Status != CaseClosed && !now.Before(c.Interim.Until) {
		if err := a.endInterim(ctx, tx, c); err != nil {
			return err
		}
	}
	c.Due = c.nextDue(now)
	return tx.UpdateCase(ctx, c)
}
