package plenum

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The decisions of the motions' area: a body votes on a motion, on an
// amendment to it, and on hiding a comment of a debate.

// motionPayload is the payload of a decision of kind "motion".
type motionPayload struct {
	Motion MotionID `json:"motion"`
}

// amendmentPayload is the payload of a decision of kind "amendment".
type amendmentPayload struct {
	Amendment AmendmentID `json:"amendment"`
}

// hidePayload is the payload of a decision of kind "hide_comment".
type hidePayload struct {
	Comment CommentID `json:"comment"`
	Reason  string    `json:"reason"`
}

// decode reads a decision's payload into dst, or says what is wrong.
func decode(d *Decision, dst any) error {
	if err := json.Unmarshal(d.Payload, dst); err != nil {
		return FieldErrorf(Invalid, "propose decision", "payload", "a %s decision takes %s", d.Kind, payloadShape[d.Kind])
	}
	return nil
}

var payloadShape = map[string]string{
	"motion":       `{"motion": ID}`,
	"amendment":    `{"amendment": ID}`,
	"hide_comment": `{"comment": ID, "reason": "..."}`,
	"referendum":   `{"motion": ID}`,
}

// motionOf returns the motion a decision's payload names.
func motionOf(ctx context.Context, tx Tx, d *Decision) (*Motion, error) {
	var p motionPayload
	if err := decode(d, &p); err != nil {
		return nil, err
	}
	return tx.Motion(ctx, p.Motion)
}

// checkMotionVote lets a body vote on a motion on its agenda whose
// amendments have all been decided.
func checkMotionVote(a *App, ctx context.Context, tx Tx, v *Viewer, d *Decision) error {
	const op = "put motion to the vote"
	m, err := motionOf(ctx, tx, d)
	if err != nil {
		return err
	}
	switch {
	case m.Body != d.Body:
		return FieldErrorf(Invalid, op, "payload", "the motion is not before this body")
	case m.Phase != MotionAdmitted:
		return Errorf(Conflict, op, "only a motion on the agenda is put to the vote; this one is %s", m.Phase)
	}
	if am, err := firstPending(ctx, tx, m.ID, 0); err != nil || am != nil {
		return orConflict(err, op, "amendments are voted before the motion: amendment %s is pending", am)
	}
	if err := a.noReferendum(ctx, tx, m, op); err != nil {
		return err
	}
	c, err := a.charter(ctx, tx, m.Org)
	if err != nil {
		return err
	}
	if m.Kind == MotionConstitution && c.Referendums.Constitution {
		return Errorf(Conflict, op, "the constitution puts its changes to a referendum of the members, not to the body's vote")
	}
	d.Subject, d.Title, d.Text = "motion:"+m.ID.String(), m.Title, m.Text
	// A reconsideration, like all contest of a decision, is internal (R8).
	d.Internal = d.Internal || m.Kind == MotionReconsideration
	return nil
}

func openedMotionVote(a *App, ctx context.Context, tx Tx, d *Decision) error {
	m, err := motionOf(ctx, tx, d)
	if err != nil {
		return err
	}
	m.Phase, m.Decision = MotionVoting, d.ID
	if err := tx.UpdateMotion(ctx, m); err != nil {
		return err
	}
	return a.recordMotion(ctx, tx, actorOf(d.Proposer), m, "motion.voting", map[string]any{"decision": d.ID})
}

// adoptMotion applies what an adopted motion does: a reconsideration
// reopens its decision, a constitution change takes effect.
func adoptMotion(a *App, ctx context.Context, tx Tx, d *Decision) error {
	m, err := motionOf(ctx, tx, d)
	if err != nil {
		return err
	}
	switch m.Kind {
	case MotionReconsideration:
		return a.reconsider(ctx, tx, m)
	case MotionConstitution:
		return a.amendConstitution(ctx, tx, m, d.ID, 0)
	}
	return nil
}

// closedMotionVote moves the motion on with its decision: adopted or
// rejected; without a decision (no quorum, withdrawn) it is back on the
// agenda.
func closedMotionVote(a *App, ctx context.Context, tx Tx, d *Decision) error {
	m, err := motionOf(ctx, tx, d)
	if err != nil {
		return err
	}
	switch d.Status {
	case DecisionAdopted:
		m.Phase = MotionAdopted
	case DecisionRejected:
		m.Phase = MotionRejected
	default:
		m.Phase, m.Decision = MotionAdmitted, 0
	}
	if err := tx.UpdateMotion(ctx, m); err != nil {
		return err
	}
	return a.recordMotion(ctx, tx, System, m, "motion.decided", map[string]any{"decision": d.ID, "status": d.Status, "phase": m.Phase})
}

// reconsider reopens the decision a reconsideration motion is about: a
// motion goes back on the agenda; any other proposal is put to the vote
// again, as it was.
func (a *App) reconsider(ctx context.Context, tx Tx, m *Motion) error {
	target, err := tx.Decision(ctx, m.Target)
	if err != nil {
		return err
	}
	if target.Kind == "motion" {
		old, err := motionOf(ctx, tx, target)
		if err != nil {
			return err
		}
		if err := a.admit(ctx, tx, System, old); err != nil {
			return err
		}
		old.Decision = 0
		return tx.UpdateMotion(ctx, old)
	}
	body, err := tx.Body(ctx, target.Body)
	if err != nil {
		return err
	}
	_, err = a.proposeDecision(ctx, tx, CommandLine, 0, body, ProposeDecision{Body: body.ID, Kind: target.Kind,
		Subject: target.Subject, Title: target.Title, Text: target.Text, Payload: target.Payload, Secret: target.Secret,
		Recused: target.Recused})
	return err
}

// amendmentOf returns the amendment a decision's payload names and its motion.
func amendmentOf(ctx context.Context, tx Tx, d *Decision) (*Amendment, *Motion, error) {
	var p amendmentPayload
	if err := decode(d, &p); err != nil {
		return nil, nil, err
	}
	am, err := tx.Amendment(ctx, p.Amendment)
	if err != nil {
		return nil, nil, err
	}
	m, err := tx.Motion(ctx, am.Motion)
	return am, m, err
}

// checkAmendmentVote lets a body vote on the oldest pending amendment of a
// motion on its agenda: amendments are voted in the order proposed.
func checkAmendmentVote(a *App, ctx context.Context, tx Tx, v *Viewer, d *Decision) error {
	const op = "put amendment to the vote"
	am, m, err := amendmentOf(ctx, tx, d)
	if err != nil {
		return err
	}
	switch {
	case m.Body != d.Body:
		return FieldErrorf(Invalid, op, "payload", "the motion is not before this body")
	case m.Phase != MotionAdmitted:
		return Errorf(Conflict, op, "amendments are voted while the motion is on the agenda; it is %s", m.Phase)
	case am.Status != AmendmentProposed:
		return Errorf(Conflict, op, "the amendment is %s", am.Status)
	}
	if other, err := firstPending(ctx, tx, m.ID, am.ID); err != nil || other != nil {
		return orConflict(err, op, "amendments are voted in the order proposed: amendment %s comes first", other)
	}
	d.Subject, d.Internal = "amendment:"+am.ID.String(), true
	d.Title = "Amendment " + am.ID.String() + " to: " + m.Title
	d.Text = "Replace:\n\n> " + strings.ReplaceAll(am.Passage, "\n", "\n> ") + "\n\nwith:\n\n> " +
		strings.ReplaceAll(am.Replacement, "\n", "\n> ") + "\n\n" + am.Reason
	return nil
}

// firstPending returns the oldest amendment of a motion still to be
// decided, proposed before amendment before (zero: any), or nil.
func firstPending(ctx context.Context, tx Tx, motion MotionID, before AmendmentID) (*Amendment, error) {
	ams, err := tx.Amendments(ctx, motion)
	for _, am := range ams {
		if before != 0 && am.ID >= before {
			break
		}
		if am.Status == AmendmentProposed || am.Status == AmendmentVoting {
			return am, err
		}
	}
	return nil, err
}

// orConflict returns err if there is one, else a Conflict error naming am.
func orConflict(err error, op, format string, am *Amendment) error {
	if err != nil {
		return err
	}
	return Errorf(Conflict, op, format, am.ID)
}

func openedAmendmentVote(a *App, ctx context.Context, tx Tx, d *Decision) error {
	am, _, err := amendmentOf(ctx, tx, d)
	if err != nil {
		return err
	}
	am.Status, am.Decision = AmendmentVoting, d.ID
	return tx.UpdateAmendment(ctx, am)
}

// closedAmendmentVote applies an adopted amendment to its motion's text,
// and lapses the pending amendments whose passage it changed; without a
// decision the amendment is pending again. An amendment that lapsed while
// its vote ran (its motion went to a referendum, text frozen) stays lapsed.
func closedAmendmentVote(a *App, ctx context.Context, tx Tx, d *Decision) error {
	am, m, err := amendmentOf(ctx, tx, d)
	if err != nil {
		return err
	}
	switch {
	case am.Status == AmendmentLapsed:
	case d.Status == DecisionAdopted:
		am.Status = AmendmentAdopted
		if strings.Count(m.Text, am.Passage) != 1 {
			am.Status = AmendmentLapsed
			break
		}
		m.Text = strings.Replace(m.Text, am.Passage, am.Replacement, 1)
		if err := tx.UpdateMotion(ctx, m); err != nil {
			return err
		}
		gone := func(am *Amendment) bool {
			return am.Status == AmendmentProposed && strings.Count(m.Text, am.Passage) != 1
		}
		if err := a.lapseAmendments(ctx, tx, m, "passage", gone); err != nil {
			return err
		}
	case d.Status == DecisionRejected:
		am.Status = AmendmentRejected
	default:
		am.Status, am.Decision = AmendmentProposed, 0
	}
	if err := tx.UpdateAmendment(ctx, am); err != nil {
		return err
	}
	return a.recordMotion(ctx, tx, System, m, "amendment.decided", map[string]any{"amendment": am.ID,
		"decision": d.ID, "status": am.Status, "text": m.Text})
}

// lapseAmendments lapses the amendments of m that gone picks, recording
// why: "passage" (an adopted amendment changed their passage) or
// "referendum" (the motion went to the members with its text as it stood).
func (a *App) lapseAmendments(ctx context.Context, tx Tx, m *Motion, reason string, gone func(*Amendment) bool) error {
	ams, err := tx.Amendments(ctx, m.ID)
	if err != nil {
		return err
	}
	for _, am := range ams {
		if !gone(am) {
			continue
		}
		am.Status = AmendmentLapsed
		if err := tx.UpdateAmendment(ctx, am); err != nil {
			return err
		}
		err := a.recordMotion(ctx, tx, System, m, "amendment.lapsed", map[string]any{"amendment": am.ID, "reason": reason})
		if err != nil {
			return err
		}
	}
	return nil
}

// ProposeAmendment proposes to replace passage (which must occur exactly
// once in the motion's text) with replacement ("" to delete it). Who may
// call: an active member of the motion's unit, while the motion is on the
// agenda. Errors: NotFound; Conflict (not on the agenda); Invalid.
func (a *App) ProposeAmendment(ctx context.Context, v *Viewer, id MotionID, passage, replacement, reason string) (*Amendment, error) {
	const op = "propose amendment"
	var am *Amendment
	err := a.onMotion(ctx, v, id, op, func(tx Tx, m *Motion) error {
		if m.Phase != MotionAdmitted {
			return Errorf(Conflict, op, "amendments are proposed while the motion is on the agenda; it is %s", m.Phase)
		}
		if err := a.noReferendum(ctx, tx, m, op); err != nil {
			return err
		}
		switch {
		case passage == "" || strings.Count(m.Text, passage) != 1:
			return FieldErrorf(Invalid, op, "passage", "quote a passage that occurs exactly once in the motion's text")
		case passage == replacement:
			return FieldErrorf(Invalid, op, "replacement", "the replacement is the passage itself")
		case len(replacement) > MaxMotionText || len(reason) > MaxMotionText:
			return FieldErrorf(Invalid, op, "replacement", "at most %d characters", MaxMotionText)
		}
		am = &Amendment{Motion: m.ID, Author: v.Member.ID, Passage: passage, Replacement: replacement,
			Reason: strings.TrimSpace(reason), Status: AmendmentProposed, Created: a.now()}
		if err := tx.CreateAmendment(ctx, am); err != nil {
			return err
		}
		return a.recordMotion(ctx, tx, v.Actor(), m, "amendment.proposed", map[string]any{"amendment": am.ID,
			"passage": passage, "replacement": replacement, "reason": am.Reason})
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return am, nil
}

// PutToVote opens the body's vote on a motion (kind "motion") or on its
// next amendment (kind "amendment"): ProposeDecision with the payload
// filled. Who may call: a member of the body.
func (a *App) PutToVote(ctx context.Context, v *Viewer, m MotionID, am AmendmentID, deadline time.Time) (*Decision, error) {
	p := ProposeDecision{Kind: "motion", Deadline: deadline, Payload: json.RawMessage(fmt.Sprintf(`{"motion": %d}`, m))}
	if am != 0 {
		p.Kind, p.Payload = "amendment", json.RawMessage(fmt.Sprintf(`{"amendment": %d}`, am))
	}
	return a.onMotionsBody(ctx, v, m, p)
}

// ReferMotion opens the body's vote on referring motion m to a referendum
// of its unit's members (kind "referendum"): ProposeDecision with the
// payload filled. Who may call: a member of the body.
func (a *App) ReferMotion(ctx context.Context, v *Viewer, m MotionID, deadline time.Time) (*Decision, error) {
	return a.onMotionsBody(ctx, v, m, ProposeDecision{Kind: "referendum", Deadline: deadline,
		Payload: json.RawMessage(fmt.Sprintf(`{"motion": %d}`, m))})
}

// onMotionsBody proposes p to the body of motion m, which the viewer must
// see; the kind's check sets the title and text from the motion.
func (a *App) onMotionsBody(ctx context.Context, v *Viewer, m MotionID, p ProposeDecision) (*Decision, error) {
	err := a.Store.View(ctx, func(tx Tx) error {
		mo, err := tx.Motion(ctx, m)
		if err != nil {
			return err
		}
		if !v.SeesInternal(mo.Unit) {
			return Errorf(NotFound, "put to the vote", "no such motion")
		}
		p.Body = mo.Body
		return nil
	})
	if err != nil {
		return nil, wrap("put to the vote", err)
	}
	p.Title = "-"
	return a.ProposeDecision(ctx, v, p)
}
