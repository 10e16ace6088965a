package plenum

import (
	"context"
	"slices"

	"plenum/constitution"
)

// Who sees what of a case (rule R10 and the constitution's cases section):
//   - the parties (accused, accusers, the accused's assistant) and the
//     members of the hearing body and of the appeal body see everything:
//     charges, evidence, reply, minutes, reasons (AccessDetails);
//   - once a body has decided, members who see the internal matters of the
//     hearing unit see the decision and its reasons, or its outcome only,
//     or nothing, as the constitution's members_see says;
//   - visitors and other members see the outcome without names where the
//     constitution's public_sees is "outcome", and nothing otherwise.
//
// A case a viewer may not see is NotFound, so that its existence is not
// told either.

// CaseAccess is how much of a case a viewer sees.
type CaseAccess string

const (
	AccessNone     CaseAccess = ""
	AccessPublic   CaseAccess = "public"   // status, outcome and sanction, without names
	AccessOutcome  CaseAccess = "outcome"  // and the names
	AccessDecision CaseAccess = "decision" // and the reasons
	AccessDetails  CaseAccess = "details"  // everything
)

// caseAccess decides how much of c viewer v sees.
func (a *App) caseAccess(ctx context.Context, tx Tx, v *Viewer, c *Case) (CaseAccess, error) {
	if v.Member != nil && v.Member.Org == c.Org {
		if c.Party(v.Member.ID) {
			return AccessDetails, nil
		}
		for _, b := range []BodyID{c.Body, c.AppealBody} {
			on, err := a.onBody(ctx, tx, v, b)
			if err != nil || on {
				return AccessDetails, err
			}
		}
	}
	if c.Status == CaseFiled || c.Status == CaseAdmitted {
		return AccessNone, nil // nothing is decided yet
	}
	con, err := a.charter(ctx, tx, c.Org)
	if err != nil {
		return AccessNone, err
	}
	if v.SeesInternal(c.Unit) && con.Cases.MembersSee != "nothing" {
		return CaseAccess(con.Cases.MembersSee), nil
	}
	if con.Cases.PublicSees == "outcome" {
		return AccessPublic, nil
	}
	return AccessNone, nil
}

// notFoundUnless returns err, or a NotFound when err is nil.
func notFoundUnless(err error, op, msg string) error {
	if err != nil {
		return err
	}
	return Errorf(NotFound, op, "%s", msg)
}

// redact blanks what access does not show of c.
func (c *Case) redact(access CaseAccess) {
	if access == AccessDetails {
		return
	}
	c.Charges, c.Reply, c.Minutes, c.Grounds, c.Assistant, c.Appellant = "", "", "", "", 0, 0
	c.Provisions, c.Interim, c.Proposals = nil, nil, nil
	for _, v := range []*Verdict{c.Admission, c.Verdict, c.Appeal} {
		if v != nil {
			v.Recused = nil
			if access != AccessDecision {
				v.Reasons = ""
			}
		}
	}
	if access == AccessPublic {
		c.Accused, c.Accusers, c.Related = 0, nil, 0
	}
}

// CaseView is a case as one viewer sees it.
type CaseView struct {
	Case       *Case // redacted to Access
	Access     CaseAccess
	Org        *Organization
	Unit       *Unit
	Body       *Body
	AppealBody *Body // nil when the decision is final
	Names      map[MemberID]string
	Evidence   []*Evidence // without data; details only
	// With details: the members recused from the body deciding now.
	Recused []MemberID
	// With details: the decisions of bodies on the case, newest first.
	Decisions []*Decision
	// What the viewer may do now.
	CanJoin, CanReply, CanAddEvidence, CanAppeal, CanDecide bool
	Sanctions                                               []*constitution.Sanction // the constitution's list, for the forms
}

// Case returns a case as v may see it. Anyone may call it. Errors: NotFound
// (no such case, or one v may not see).
func (a *App) Case(ctx context.Context, v *Viewer, id CaseID) (*CaseView, error) {
	var view *CaseView
	err := a.Store.View(ctx, func(tx Tx) error {
		c, err := tx.Case(ctx, id)
		if err != nil {
			return err
		}
		acc, err := a.caseAccess(ctx, tx, v, c)
		if err != nil || acc == AccessNone {
			return notFoundUnless(err, "case", "no such case")
		}
		view, err = a.caseView(ctx, tx, v, c, acc)
		return err
	})
	return view, wrap("case", err)
}

func (a *App) caseView(ctx context.Context, tx Tx, v *Viewer, c *Case, acc CaseAccess) (*CaseView, error) {
	view := &CaseView{Case: c, Access: acc, Names: map[MemberID]string{}}
	var err error
	if view.Org, err = tx.Org(ctx, c.Org); err != nil {
		return nil, err
	}
	if view.Unit, err = tx.Unit(ctx, c.Unit); err != nil {
		return nil, err
	}
	if view.Body, err = tx.Body(ctx, c.Body); err != nil {
		return nil, err
	}
	if c.AppealBody != 0 {
		if view.AppealBody, err = tx.Body(ctx, c.AppealBody); err != nil {
			return nil, err
		}
	}
	if acc == AccessDetails {
		if err := a.detailsFor(ctx, tx, v, view); err != nil {
			return nil, err
		}
	}
	c.redact(acc)
	for _, m := range slices.Concat([]MemberID{c.Accused, c.Assistant, c.Appellant}, c.Accusers, view.Recused) {
		if m == 0 || view.Names[m] != "" {
			continue
		}
		mem, err := tx.Member(ctx, m)
		if err != nil {
			return nil, err
		}
		view.Names[m] = mem.Name
	}
	return view, nil
}

// detailsFor adds to view what only those who see the details see: the
// evidence, the recusals, and what the viewer may do.
func (a *App) detailsFor(ctx context.Context, tx Tx, v *Viewer, view *CaseView) error {
	c := view.Case
	var err error
	if view.Evidence, err = tx.CaseEvidence(ctx, c.ID); err != nil {
		return err
	}
	con, err := a.charter(ctx, tx, c.Org)
	if err != nil {
		return err
	}
	view.Sanctions = con.Cases.Sanctions
	if view.Decisions, err = tx.SubjectDecisions(ctx, caseSubject(c.ID)); err != nil {
		return err
	}
	now := a.now()
	me := v.Member.ID
	view.CanJoin = c.Status == CaseFiled && me != c.Accused && !c.isAccuser(me)
	view.CanReply = c.Status == CaseAdmitted && me == c.Accused && now.Before(c.ReplyDue)
	view.CanAddEvidence = c.Party(me) && (c.Status == CaseAppealed || c.Status == CaseAdmitted || c.Status == CaseFiled && c.isAccuser(me))
	view.CanAppeal = c.Status == CaseDecided && c.AppealBody != 0 && now.Before(c.AppealDue) && (me == c.Accused || c.isAccuser(me))
	for _, step := range []string{StepAdmission, StepVerdict, StepAppeal} {
		body, err := rulingBody("", c, step)
		if err != nil {
			continue
		}
		if view.Recused, err = a.recusal(ctx, tx, c, body); err != nil {
			return err
		}
		view.CanDecide = a.mayDecide(ctx, tx, "", v, c, body) == nil
		break
	}
	return nil
}

// CasesPage is one page of the cases of a unit's members, with statistics.
type CasesPage struct {
	Unit  *Unit
	Stats *CaseStats // nil unless the viewer is a member who sees the unit
	Cases []*CaseView
	Next  CaseID // the cursor of the next page; zero on the last
}

// UnitCases lists the cases of the members of a unit's subtree that v may
// see, newest first, and the unit's statistics for its members. Anyone may
// call it. Errors: NotFound (no such unit).
func (a *App) UnitCases(ctx context.Context, v *Viewer, unit UnitID, before CaseID, limit int) (*CasesPage, error) {
	p := &CasesPage{}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if p.Unit, err = tx.Unit(ctx, unit); err != nil {
			return err
		}
		if v.SeesInternal(unit) {
			s, err := tx.UnitCaseStats(ctx, unit)
			if err != nil {
				return err
			}
			p.Stats = &s
		}
		cs, err := tx.UnitCases(ctx, unit, before, min(max(limit, 1), 100)+1)
		if err != nil {
			return err
		}
		p.Cases, p.Next, err = a.visibleCases(ctx, tx, v, cs, min(max(limit, 1), 100))
		return err
	})
	return p, wrap("unit cases", err)
}

// visibleCases keeps those of cs that v may see, at most limit, and the
// cursor of the next page.
func (a *App) visibleCases(ctx context.Context, tx Tx, v *Viewer, cs []*Case, limit int) ([]*CaseView, CaseID, error) {
	var next CaseID
	if len(cs) > limit {
		cs, next = cs[:limit], cs[limit-1].ID
	}
	var out []*CaseView
	for _, c := range cs {
		acc, err := a.caseAccess(ctx, tx, v, c)
		if err != nil {
			return nil, 0, err
		}
		if acc == AccessNone {
			continue
		}
		view := &CaseView{Case: c, Access: acc, Names: map[MemberID]string{}}
		if view.Unit, err = tx.Unit(ctx, c.Unit); err != nil {
			return nil, 0, err
		}
		if view.Body, err = tx.Body(ctx, c.Body); err != nil {
			return nil, 0, err
		}
		c.redact(acc)
		if c.Accused != 0 {
			m, err := tx.Member(ctx, c.Accused)
			if err != nil {
				return nil, 0, err
			}
			view.Names[c.Accused] = m.Name
		}
		out = append(out, view)
	}
	return out, next, nil
}

// MemberCasesPage is the cases a member brought and how they ended.
type MemberCasesPage struct {
	Member *Member // name only
	Cases  []*CaseView
	Next   CaseID
}

// MemberCases lists the cases member m brought, as v may see them, newest
// first. Who may call: a member of m's organization. Errors: NotFound,
// Forbidden.
func (a *App) MemberCases(ctx context.Context, v *Viewer, m MemberID, before CaseID, limit int) (*MemberCasesPage, error) {
	p := &MemberCasesPage{}
	err := a.Store.View(ctx, func(tx Tx) error {
		mem, err := tx.Member(ctx, m)
		if err != nil {
			return err
		}
		if !v.SeesOrgInternal(mem.Org) {
			return Errorf(Forbidden, "member cases", "only members of the organization see the cases its members brought")
		}
		p.Member = &Member{ID: mem.ID, Org: mem.Org, Name: mem.Name}
		cs, err := tx.AccuserCases(ctx, m, before, min(max(limit, 1), 100)+1)
		if err != nil {
			return err
		}
		p.Cases, p.Next, err = a.visibleCases(ctx, tx, v, cs, min(max(limit, 1), 100))
		return err
	})
	return p, wrap("member cases", err)
}
