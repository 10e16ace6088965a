package plenum

import (
	"context"
	"strings"
	"time"

	"plenum/constitution"
)

// Limits on what a motion holds.
const (
	MaxMotionTitle = 200
	MaxMotionText  = 100000
)

// NewMotion is what drafting or tabling a motion takes.
type NewMotion struct {
	Body   BodyID
	Kind   string // MotionPlain unless set
	Title  string
	Text   string
	Reason string
	Target DecisionID // for a reconsideration
}

// DraftMotion starts a motion to a body as the viewer's draft. Who may
// call: an active member of the body's unit (or a unit below it).
//
// Errors: NotFound (body, target); Forbidden; Invalid (title, text, kind,
// target, a constitution that does not parse, naming its line).
func (a *App) DraftMotion(ctx context.Context, v *Viewer, nm NewMotion) (*Motion, error) {
	return a.newMotion(ctx, v, nm, false)
}

// TableMotion puts a motion straight on the agenda of a body: a member of
// the body tables it (R6: body members need no support).
// Errors: as DraftMotion; Forbidden for anyone but a member of the body.
func (a *App) TableMotion(ctx context.Context, v *Viewer, nm NewMotion) (*Motion, error) {
	return a.newMotion(ctx, v, nm, true)
}

func (a *App) newMotion(ctx context.Context, v *Viewer, nm NewMotion, table bool) (*Motion, error) {
	op := "draft motion"
	if table {
		op = "table motion"
	}
	var m *Motion
	err := a.serialized(ctx, func(tx Tx) error {
		body, err := tx.Body(ctx, nm.Body)
		if err != nil {
			return err
		}
		if v.Member == nil || !v.SeesInternal(body.Unit) {
			return Errorf(Forbidden, op, "only members of the unit may propose motions to %s", body.Name)
		}
		if table {
			if in, err := a.inBody(ctx, tx, v, body); err != nil || !in {
				return orForbidden(err, op, "only members of %s may table motions; others gather support", body.Name)
			}
		}
		if nm.Kind == "" {
			nm.Kind = MotionPlain
		}
		unit, err := tx.Unit(ctx, body.Unit)
		if err != nil {
			return err
		}
		now := a.now()
		m = &Motion{Org: unit.Org, Unit: body.Unit, Body: body.ID, Kind: nm.Kind, Title: strings.TrimSpace(nm.Title),
			Text: motionText(nm.Kind, nm.Text), Reason: strings.TrimSpace(nm.Reason), Author: v.Member.ID,
			Phase: MotionDraft, Target: nm.Target, Created: now, Support: 1}
		if err := a.checkMotion(ctx, tx, m, body, unit, op); err != nil {
			return err
		}
		if err := tx.CreateMotion(ctx, m); err != nil {
			return err
		}
		if err := tx.AddSupporter(ctx, &Supporter{Motion: m.ID, Member: v.Member.ID, Sponsor: true, At: now}); err != nil {
			return err
		}
		if err := a.recordMotion(ctx, tx, v.Actor(), m, "motion.drafted", map[string]any{"body": m.Body, "kind": m.Kind,
			"title": m.Title, "text": m.Text, "reason": m.Reason, "target": m.Target}); err != nil {
			return err
		}
		if !table {
			return nil
		}
		m.Tabled = true
		return a.admit(ctx, tx, v.Actor(), m)
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return m, nil
}

// motionText is the text of a motion as stored: trimmed, but for a
// constitution, which is kept byte for byte as the file it will be.
func motionText(kind, text string) string {
	if kind == MotionConstitution {
		return text
	}
	return strings.TrimSpace(text)
}

// checkMotion checks a motion's title, text and kind.
func (a *App) checkMotion(ctx context.Context, tx Tx, m *Motion, body *Body, unit *Unit, op string) error {
	switch {
	case m.Title == "" || len(m.Title) > MaxMotionTitle || strings.ContainsAny(m.Title, "\r\n"):
		return FieldErrorf(Invalid, op, "title", "give a title of one line, at most %d characters", MaxMotionTitle)
	case strings.TrimSpace(m.Text) == "":
		return FieldErrorf(Invalid, op, "text", "write the motion")
	case len(m.Text) > MaxMotionText || len(m.Reason) > MaxMotionText:
		return FieldErrorf(Invalid, op, "text", "at most %d characters", MaxMotionText)
	}
	switch m.Kind {
	case MotionPlain:
		if m.Target != 0 {
			return FieldErrorf(Invalid, op, "target", "only a reconsideration names a decision")
		}
	case MotionReconsideration:
		d, err := tx.Decision(ctx, m.Target)
		if err != nil || d.Body != body.ID {
			return FieldErrorf(Invalid, op, "target", "name a decision of %s to reconsider", body.Name)
		}
		if d.Status != DecisionAdopted && d.Status != DecisionRejected {
			return FieldErrorf(Invalid, op, "target", "only an adopted or rejected decision can be reconsidered")
		}
	case MotionConstitution:
		if unit.Parent != 0 {
			return FieldErrorf(Invalid, op, "body", "the constitution is changed by a body of the whole organization")
		}
		if _, err := a.newConstitution(ctx, tx, m.Org, m.Text, op); err != nil {
			return err
		}
	default:
		return FieldErrorf(Invalid, op, "kind", "a motion is a motion, a reconsideration or a constitution change, not %q", m.Kind)
	}
	return nil
}

// recordMotion appends a motion's entry: internal, as motions are.
func (a *App) recordMotion(ctx context.Context, tx Tx, actor Actor, m *Motion, typ string, payload map[string]any) error {
	payload["motion"] = m.ID
	_, err := a.appendRecord(ctx, tx, change{Type: typ, Actor: actor, Org: m.Org, Unit: m.Unit, Internal: true, Payload: payload})
	return err
}

// motionRules returns the constitution's motion rules and support threshold
// for a kind of motion.
func (a *App) motionRules(ctx context.Context, tx Tx, org OrgID, kind string) (constitution.Motions, constitution.Percent, error) {
	o, err := tx.Org(ctx, org)
	if err != nil {
		return constitution.Motions{}, 0, err
	}
	c, err := constitution.Parse("constitution.yaml", []byte(o.Constitution))
	if err != nil {
		return constitution.Motions{}, 0, internalError("read constitution", err)
	}
	if kind == MotionReconsideration {
		return c.Motions, c.Motions.ReconsiderationSupport, nil
	}
	return c.Motions, c.Thresholds.MotionSupport, nil
}

// EditMotion changes the viewer's draft.
// Errors: NotFound; Forbidden (not the author); Conflict (submitted); Invalid.
func (a *App) EditMotion(ctx context.Context, v *Viewer, id MotionID, title, text, reason string) error {
	const op = "edit motion"
	return wrap(op, a.onMotion(ctx, v, id, op, func(tx Tx, m *Motion) error {
		if v.Member == nil || m.Author != v.Member.ID {
			return Errorf(Forbidden, op, "only the author may edit a draft")
		}
		if m.Phase != MotionDraft {
			return Errorf(Conflict, op, "a submitted motion is changed by amendments")
		}
		body, err := tx.Body(ctx, m.Body)
		if err != nil {
			return err
		}
		unit, err := tx.Unit(ctx, m.Unit)
		if err != nil {
			return err
		}
		m.Title, m.Text, m.Reason = strings.TrimSpace(title), motionText(m.Kind, text), strings.TrimSpace(reason)
		if err := a.checkMotion(ctx, tx, m, body, unit, op); err != nil {
			return err
		}
		if err := tx.UpdateMotion(ctx, m); err != nil {
			return err
		}
		return a.recordMotion(ctx, tx, v.Actor(), m, "motion.edited", map[string]any{"title": m.Title, "text": m.Text, "reason": m.Reason})
	}))
}

// onMotion runs fn on motion id in a serialized transaction, after
// checking that v sees the motion's unit.
func (a *App) onMotion(ctx context.Context, v *Viewer, id MotionID, op string, fn func(Tx, *Motion) error) error {
	return a.serialized(ctx, func(tx Tx) error {
		m, err := tx.Motion(ctx, id)
		if err != nil {
			return err
		}
		if !v.SeesInternal(m.Unit) || v.Member == nil {
			return Errorf(NotFound, op, "no such motion")
		}
		return fn(tx, m)
	})
}

// CosponsorMotion adds the viewer as a co-sponsor of a draft.
// Errors: NotFound; Conflict (not a draft, or a sponsor already).
func (a *App) CosponsorMotion(ctx context.Context, v *Viewer, id MotionID) error {
	const op = "co-sponsor motion"
	return wrap(op, a.onMotion(ctx, v, id, op, func(tx Tx, m *Motion) error {
		if m.Phase != MotionDraft {
			return Errorf(Conflict, op, "co-sponsors sign a draft; support a submitted motion instead")
		}
		return a.addSupporter(ctx, tx, v, m, true)
	}))
}

// SupportMotion adds the viewer's support to a submitted motion; the
// support that reaches the threshold puts it on the body's agenda.
// Errors: NotFound; Conflict (not gathering support, or a supporter already).
func (a *App) SupportMotion(ctx context.Context, v *Viewer, id MotionID) (*Motion, error) {
	const op = "support motion"
	var out *Motion
	err := a.onMotion(ctx, v, id, op, func(tx Tx, m *Motion) error {
		if m.Phase != MotionSupport {
			return Errorf(Conflict, op, "the motion is not gathering support: it is %s", m.Phase)
		}
		if err := a.addSupporter(ctx, tx, v, m, false); err != nil {
			return err
		}
		out = m
		if m.Support >= m.Needed {
			return a.admit(ctx, tx, System, m)
		}
		return nil
	})
	return out, wrap(op, err)
}

func (a *App) addSupporter(ctx context.Context, tx Tx, v *Viewer, m *Motion, sponsor bool) error {
	if err := tx.AddSupporter(ctx, &Supporter{Motion: m.ID, Member: v.Member.ID, Sponsor: sponsor, At: a.now()}); err != nil {
		return err
	}
	m.Support++
	if err := tx.UpdateMotion(ctx, m); err != nil {
		return err
	}
	return a.recordMotion(ctx, tx, v.Actor(), m, "motion.supported", map[string]any{"member": v.Member.ID,
		"sponsor": sponsor, "support": m.Support})
}

// SubmitMotion submits the viewer's draft for the support of the unit's
// members: it needs the constitution's share of them (motion_support, or
// reconsideration_support) within support_days, the author and co-sponsors
// counting. Errors: NotFound; Forbidden; Conflict (not a draft).
func (a *App) SubmitMotion(ctx context.Context, v *Viewer, id MotionID) (*Motion, error) {
	const op = "submit motion"
	var out *Motion
	err := a.onMotion(ctx, v, id, op, func(tx Tx, m *Motion) error {
		if m.Author != v.Member.ID {
			return Errorf(Forbidden, op, "only the author may submit a motion")
		}
		if m.Phase != MotionDraft {
			return Errorf(Conflict, op, "the motion was submitted already")
		}
		rules, share, err := a.motionRules(ctx, tx, m.Org, m.Kind)
		if err != nil {
			return err
		}
		members, err := tx.ActiveMembers(ctx, m.Unit)
		if err != nil {
			return err
		}
		now := a.now()
		m.Phase, m.Submitted, m.Needed = MotionSupport, now, max(share.Of(members), 1)
		m.SupportUntil = now.Add(time.Duration(rules.SupportDays) * 24 * time.Hour)
		if err := tx.UpdateMotion(ctx, m); err != nil {
			return err
		}
		out = m
		if err := a.recordMotion(ctx, tx, v.Actor(), m, "motion.submitted", map[string]any{"needed": m.Needed,
			"members": members, "support": m.Support, "support_until": m.SupportUntil}); err != nil {
			return err
		}
		if m.Support >= m.Needed {
			return a.admit(ctx, tx, System, m)
		}
		return nil
	})
	return out, wrap(op, err)
}

// admit puts m on its body's agenda, to be decided within decide_days.
func (a *App) admit(ctx context.Context, tx Tx, actor Actor, m *Motion) error {
	rules, _, err := a.motionRules(ctx, tx, m.Org, m.Kind)
	if err != nil {
		return err
	}
	now := a.now()
	m.Phase, m.Admitted, m.Original = MotionAdmitted, now, m.Text
	m.DecideBy = now.Add(time.Duration(rules.DecideDays) * 24 * time.Hour)
	if err := tx.UpdateMotion(ctx, m); err != nil {
		return err
	}
	err = a.recordMotion(ctx, tx, actor, m, "motion.admitted", map[string]any{"body": m.Body, "tabled": m.Tabled,
		"support": m.Support, "decide_by": m.DecideBy})
	if err != nil {
		return err
	}
	body, err := tx.Body(ctx, m.Body)
	if err != nil {
		return err
	}
	// The members of the unit are told, as they are the ones who may
	// follow the debate and amend it before the body decides.
	return a.notify(ctx, tx, Notice{Kind: "motion", Unit: m.Unit, Subject: "motion.notice.admitted_subject",
		Text: "motion.notice.admitted_text", Args: []any{m.Title, body.Name, m.DecideBy},
		Link: "/motions/" + m.ID.String()})
}

// WithdrawMotion withdraws the viewer's motion before the body votes on it.
// Errors: NotFound; Forbidden; Conflict (put to the vote or decided).
func (a *App) WithdrawMotion(ctx context.Context, v *Viewer, id MotionID) error {
	const op = "withdraw motion"
	return wrap(op, a.onMotion(ctx, v, id, op, func(tx Tx, m *Motion) error {
		if m.Author != v.Member.ID {
			return Errorf(Forbidden, op, "only the author may withdraw a motion")
		}
		if m.Phase != MotionDraft && m.Phase != MotionSupport && m.Phase != MotionAdmitted {
			return Errorf(Conflict, op, "a motion that is %s cannot be withdrawn", m.Phase)
		}
		m.Phase = MotionWithdrawn
		if err := tx.UpdateMotion(ctx, m); err != nil {
			return err
		}
		return a.recordMotion(ctx, tx, v.Actor(), m, "motion.withdrawn", map[string]any{})
	}))
}

// TickMotions lapses the motions whose support period ended short of the
// threshold, flags, in the record, those the body failed to decide in
// time, and lapses the demands for a referendum that ended short of their
// signatures. The background job runner calls it; it returns how many moved.
func (a *App) TickMotions(ctx context.Context) (int, error) {
	const op = "motions' clock"
	n := 0
	err := a.serialized(ctx, func(tx Tx) error {
		now := a.now()
		due, err := tx.DueMotions(ctx, now, 500)
		if err != nil {
			return err
		}
		if n, err = a.lapseDemands(ctx, tx); err != nil {
			return err
		}
		for _, m := range due {
			typ := "motion.overdue"
			payload := map[string]any{"body": m.Body, "decide_by": m.DecideBy}
			if m.Phase == MotionSupport {
				typ, m.Phase = "motion.lapsed", MotionLapsed
				payload = map[string]any{"support": m.Support, "needed": m.Needed}
			} else {
				m.Flagged = true
			}
			if err := tx.UpdateMotion(ctx, m); err != nil {
				return err
			}
			if err := a.recordMotion(ctx, tx, System, m, typ, payload); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, wrap(op, err)
}
