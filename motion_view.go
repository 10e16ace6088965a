package plenum

import (
	"context"
	"slices"
	"time"

	"plenum/textdiff"
)

// MotionPage is a motion with its supporters, debate, amendments and the
// viewer's standing. Motions are internal matters of their unit: only its
// members see them (R8); the body's decision on one is public.
type MotionPage struct {
	Motion     *Motion
	Body       *Body
	Unit       *Unit
	Author     string // the author's name
	Supporters []Supporter
	Comments   []*Comment
	Amendments []*Amendment
	Names      map[MemberID]string // of the amendments' authors
	// Changes are the changes amendments made to the text as admitted,
	// for showing the adopted text with them marked.
	Changes  []textdiff.Chunk
	Decision *Decision // the body's vote, if put to it
	// Referendums are the referendums and demands for one on the motion,
	// newest first.
	Referendums []*Referendum
	Elections   map[ElectionID]*Election // the referendums' votes
	// ByReferendum is whether the members decide it instead of the body:
	// a constitution change, where the constitution puts its changes to them.
	ByReferendum bool
	Overdue      bool
	// The viewer's standing.
	IsAuthor   bool
	Supports   bool // supports it (or sponsors it)
	BodyMember bool // may table, put to the vote
	// NextAmendment is the amendment the body votes on next; zero when none.
	NextAmendment AmendmentID
	// Signed is when the viewer signed the open demand for a referendum;
	// zero if they did not.
	Signed time.Time
}

// MotionPage returns motion id for a member of its unit; a draft only to
// its author and co-sponsors, or to whoever has its link in the unit (to
// co-sponsor it). Errors: NotFound.
func (a *App) MotionPage(ctx context.Context, v *Viewer, id MotionID) (*MotionPage, error) {
	p := &MotionPage{Names: map[MemberID]string{}, Elections: map[ElectionID]*Election{}}
	err := a.Store.View(ctx, func(tx Tx) error {
		m, err := tx.Motion(ctx, id)
		if err != nil {
			return err
		}
		if !v.SeesInternal(m.Unit) || v.Member == nil {
			return Errorf(NotFound, "motion", "no such motion")
		}
		p.Motion, p.Overdue = m, m.Overdue(a.now())
		if p.Body, err = tx.Body(ctx, m.Body); err != nil {
			return err
		}
		if p.Unit, err = tx.Unit(ctx, m.Unit); err != nil {
			return err
		}
		if p.Supporters, err = tx.Supporters(ctx, m.ID); err != nil {
			return err
		}
		if p.Comments, err = tx.Comments(ctx, m.ID); err != nil {
			return err
		}
		if p.Amendments, err = tx.Amendments(ctx, m.ID); err != nil {
			return err
		}
		if err := a.motionNames(ctx, tx, p); err != nil {
			return err
		}
		if m.Decision != 0 {
			if p.Decision, err = tx.Decision(ctx, m.Decision); err != nil {
				return err
			}
		}
		if p.Referendums, err = tx.MotionReferendums(ctx, m.ID); err != nil {
			return err
		}
		for _, r := range p.Referendums {
			if r.Election == 0 {
				continue
			}
			if p.Elections[r.Election], err = tx.Election(ctx, r.Election); err != nil {
				return err
			}
		}
		c, err := a.charter(ctx, tx, m.Org)
		if err != nil {
			return err
		}
		p.ByReferendum = m.Kind == MotionConstitution && c.Referendums.Constitution
		if len(p.Referendums) > 0 && p.Referendums[0].Status == ReferendumDemand {
			if p.Signed, err = tx.DemandSigned(ctx, p.Referendums[0].ID, v.Member.ID); err != nil {
				return err
			}
		}
		if m.Original != "" && m.Original != m.Text {
			p.Changes = textdiff.Words(m.Original, m.Text)
		}
		p.IsAuthor = m.Author == v.Member.ID
		p.Supports = slices.ContainsFunc(p.Supporters, func(s Supporter) bool { return s.Member == v.Member.ID })
		if p.BodyMember, err = a.inBody(ctx, tx, v, p.Body); err != nil {
			return err
		}
		for _, am := range p.Amendments {
			if am.Status == AmendmentProposed {
				p.NextAmendment = am.ID
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap("motion", err)
	}
	return p, nil
}

// motionNames fills the names of the author and the amendments' authors.
func (a *App) motionNames(ctx context.Context, tx Tx, p *MotionPage) error {
	ids := []MemberID{p.Motion.Author}
	for _, am := range p.Amendments {
		ids = append(ids, am.Author)
	}
	err := nameAll(ctx, tx, p.Names, ids)
	p.Author = p.Names[p.Motion.Author]
	return err
}

// MotionList is a body's motions, newest first, drafts left out.
type MotionList struct {
	Body       *Body
	Unit       *Unit
	Motions    []*Motion
	Overdue    int  // motions the body let pass their date to decide (R6)
	BodyMember bool // the viewer may table motions
}

// BodyMotions lists the motions to a body for a member of its unit.
// Errors: NotFound; Forbidden (not a member of the unit).
func (a *App) BodyMotions(ctx context.Context, v *Viewer, body BodyID) (*MotionList, error) {
	l := &MotionList{}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if l.Body, err = tx.Body(ctx, body); err != nil {
			return err
		}
		if !v.SeesInternal(l.Body.Unit) {
			return Errorf(Forbidden, "motions", "motions are seen by members of the unit")
		}
		if l.Unit, err = tx.Unit(ctx, l.Body.Unit); err != nil {
			return err
		}
		if l.Motions, err = tx.BodyMotions(ctx, body, 200); err != nil {
			return err
		}
		now := a.now()
		for _, m := range l.Motions {
			if m.Overdue(now) {
				l.Overdue++
			}
		}
		l.BodyMember, err = a.inBody(ctx, tx, v, l.Body)
		return err
	})
	if err != nil {
		return nil, wrap("motions", err)
	}
	return l, nil
}

// MemberMotions lists the motions a member wrote, newest first, that v
// may see: for a representative's record page.
func (a *App) MemberMotions(ctx context.Context, v *Viewer, member MemberID, limit int) ([]*Motion, error) {
	var out []*Motion
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		out, err = a.memberMotions(ctx, tx, v, member, limit)
		return err
	})
	return out, wrap("member motions", err)
}

// memberMotions lists the motions member wrote that v may see.
func (a *App) memberMotions(ctx context.Context, tx Tx, v *Viewer, member MemberID, limit int) ([]*Motion, error) {
	ms, err := tx.MemberMotions(ctx, member, limit)
	var out []*Motion
	for _, m := range ms {
		if m.Phase != MotionDraft && v.SeesInternal(m.Unit) {
			out = append(out, m)
		}
	}
	return out, err
}
