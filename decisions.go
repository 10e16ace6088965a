package plenum

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"plenum/constitution"
)

// decisionKind is what a kind of decision checks when it is proposed and
// does when it is adopted. check may complete d (recusals, Internal,
// Subject) and refuses what the kind does not allow; adopt runs in the
// transaction that closes the vote. The optional opened and closed run
// once the decision is stored and after any close (adopted or not, or
// withdrawn), for kinds that follow the vote on a thing of their own.
type decisionKind struct {
	check  func(a *App, ctx context.Context, tx Tx, v *Viewer, d *Decision) error
	adopt  func(a *App, ctx context.Context, tx Tx, d *Decision) error
	opened func(a *App, ctx context.Context, tx Tx, d *Decision) error
	closed func(a *App, ctx context.Context, tx Tx, d *Decision) error
	// reasons lets the members who voted no on a rejected decision record
	// why, as a note like the minority's dissent: what a refusal must say.
	reasons bool
}

// decisionKinds returns the kinds of decision, one entry per area. It is a
// function, not a variable, because some kinds' effects open decisions
// themselves (a reconsideration), which would make a variable's
// initialization depend on itself.
func decisionKinds() map[string]decisionKind {
	return map[string]decisionKind{
		// A resolution states what the body resolves; plenum applies nothing.
		"resolution": {check: checkResolution},
		// A motion: its adoption applies what the motion's kind does.
		"motion":       {check: checkMotionVote, opened: openedMotionVote, adopt: adoptMotion, closed: closedMotionVote},
		"amendment":    {check: checkAmendmentVote, opened: openedAmendmentVote, closed: closedAmendmentVote},
		"hide_comment": {check: checkHide, adopt: adoptHide},
		// The body refers a motion to a referendum of the unit's members, {"motion": ID}.
		"referendum": {check: checkReferral, adopt: adoptReferral},
		// A ruling of a control body on a disciplinary case (see cases.go).
		"case": {check: checkCaseDecision, adopt: adoptCaseDecision},
		// The body elects its chair, {"member": ID}; approves minutes, {"meeting": ID}.
		"chair":   {check: checkChair, adopt: adoptChair},
		"minutes": {check: checkMinutes, adopt: adoptMinutes},
		// Pay sets the pay and allowances of an office (R9): the only way to.
		"pay": {check: checkPay, adopt: adoptPay},
		// A statement of the body publishes its article when adopted (statement_decision.go).
		"statement": {check: checkStatement, adopt: adoptStatement},
		// The election commission certifies an election's result (certify.go):
		// the terms begin, or the recall's result applies.
		"certify": {check: checkCertify, opened: openedCertify, adopt: adoptCertify, closed: closedCertify, reasons: true},
	}
}

func checkResolution(a *App, ctx context.Context, tx Tx, v *Viewer, d *Decision) error {
	if len(d.Payload) != 0 && string(d.Payload) != "null" {
		return FieldErrorf(Invalid, "propose decision", "payload", "a resolution takes no payload")
	}
	return nil
}

// Limits on what a decision holds.
const (
	MaxDecisionTitle = 200
	MaxDecisionText  = 100000
	MaxDissent       = 10000
	// DefaultVotingPeriod is how long a vote runs when the proposal does
	// not say; MaxVotingPeriod is the longest it may.
	DefaultVotingPeriod = 7 * 24 * time.Hour
	MaxVotingPeriod     = 90 * 24 * time.Hour
)

// ProposeDecision is a proposal put to the vote of a body.
type ProposeDecision struct {
	Body     BodyID
	Kind     string
	Subject  string
	Title    string
	Text     string
	Payload  json.RawMessage
	Secret   bool
	Recused  []MemberID
	Deadline time.Time // zero: DefaultVotingPeriod from now
	Meeting  MeetingID // an open meeting of the body the vote is taken in; zero for none
}

// ProposeDecision opens a vote of a body on a proposal. Who may call: a
// member of the body (a holder of one of its seats; for an assembly, an
// active member of its unit) and the command line; the kind may ask more.
//
// Errors: NotFound (body); Forbidden; Invalid (kind, title, text, deadline,
// recusals, or what the kind refuses, naming the field).
func (a *App) ProposeDecision(ctx context.Context, v *Viewer, p ProposeDecision) (*Decision, error) {
	const op = "propose decision"
	var d *Decision
	err := a.serialized(ctx, func(tx Tx) error {
		body, err := tx.Body(ctx, p.Body)
		if err != nil {
			return err
		}
		if !v.console {
			if ok, err := a.inBody(ctx, tx, v, body); err != nil || !ok {
				return orForbidden(err, op, "only members of %s may put proposals to its vote", body.Name)
			}
		}
		var proposer MemberID
		if v.Member != nil {
			proposer = v.Member.ID
		}
		d, err = a.proposeDecision(ctx, tx, v, proposer, body, p)
		return err
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return d, nil
}

// proposeDecision checks p, lets its kind check it, stores the decision
// and records it. Areas that open votes themselves (an admitted motion)
// call it with the member the record names as proposer.
func (a *App) proposeDecision(ctx context.Context, tx Tx, v *Viewer, proposer MemberID, body *Body, p ProposeDecision) (*Decision, error) {
	const op = "propose decision"
	kind, ok := decisionKinds()[p.Kind]
	if !ok {
		return nil, FieldErrorf(Invalid, op, "kind", "no such kind of decision: %q", p.Kind)
	}
	p.Title, p.Text = strings.TrimSpace(p.Title), strings.TrimSpace(p.Text)
	now := a.now()
	if p.Deadline.IsZero() {
		p.Deadline = now.Add(DefaultVotingPeriod)
	}
	switch {
	case p.Title == "" || len(p.Title) > MaxDecisionTitle || strings.ContainsAny(p.Title, "\r\n"):
		return nil, FieldErrorf(Invalid, op, "title", "give a title of one line, at most %d characters", MaxDecisionTitle)
	case len(p.Text) > MaxDecisionText:
		return nil, FieldErrorf(Invalid, op, "text", "at most %d characters", MaxDecisionText)
	case !p.Deadline.After(now):
		return nil, FieldErrorf(Invalid, op, "deadline", "the vote must close in the future")
	case p.Deadline.After(now.Add(MaxVotingPeriod)):
		return nil, FieldErrorf(Invalid, op, "deadline", "a vote may run %d days at most", int(MaxVotingPeriod.Hours()/24))
	}
	unit, err := tx.Unit(ctx, body.Unit)
	if err != nil {
		return nil, err
	}
	d := &Decision{Org: unit.Org, Body: body.ID, Unit: body.Unit, Kind: p.Kind, Subject: p.Subject, Title: p.Title,
		Text: p.Text, Payload: p.Payload, Secret: p.Secret, Status: DecisionVoting, Proposer: proposer,
		Opened: now, Deadline: p.Deadline.UTC().Truncate(time.Microsecond), Meeting: p.Meeting}
	if p.Meeting != 0 {
		m, err := tx.Meeting(ctx, p.Meeting)
		if err != nil || m.Body != body.ID || m.Status != MeetingOpen {
			return nil, FieldErrorf(Invalid, op, "meeting", "a vote is taken in an open meeting of %s", body.Name)
		}
	}
	for _, id := range p.Recused {
		if m, err := tx.Member(ctx, id); err != nil || m.Org != unit.Org {
			return nil, FieldErrorf(Invalid, op, "recused", "no member %s in the organization", id)
		}
		if !slices.Contains(d.Recused, id) {
			d.Recused = append(d.Recused, id)
		}
	}
	if kind.check != nil {
		if err := kind.check(a, ctx, tx, v, d); err != nil {
			return nil, err
		}
	}
	if err := a.secretByRule(ctx, tx, d); err != nil {
		return nil, err
	}
	if err := tx.CreateDecision(ctx, d); err != nil {
		return nil, err
	}
	if kind.opened != nil {
		if err := kind.opened(a, ctx, tx, d); err != nil {
			return nil, err
		}
	}
	_, err = a.appendRecord(ctx, tx, change{Type: "decision.proposed", Actor: actorOf(proposer), Org: d.Org, Unit: d.Unit,
		Internal: d.Internal, Payload: map[string]any{"decision": d.ID, "body": d.Body, "body_name": body.Name, "kind": d.Kind,
			"subject": d.Subject, "title": d.Title, "text": d.Text, "payload": d.Payload, "secret": d.Secret,
			"recused": d.Recused, "deadline": d.Deadline, "meeting": d.Meeting}})
	if err != nil || !d.Secret {
		return d, err
	}
	return d, a.openSecretVote(ctx, tx, body, d)
}

// actorOf is the record's actor for a member, or System for none.
func actorOf(m MemberID) Actor {
	if m == 0 {
		return System
	}
	return memberActor(m)
}

// orForbidden returns err if there is one, else a Forbidden error.
func orForbidden(err error, op, format string, args ...any) error {
	if err != nil {
		return err
	}
	return Errorf(Forbidden, op, format, args...)
}

// VoteOnDecision casts the viewer's vote (VoteYes, VoteNo or VoteAbstain)
// on a decision being voted. Who may call: a member of the body who is not
// recused. A vote is final.
//
// Errors: NotFound; Forbidden; Invalid (choice); Conflict (voted already,
// or the vote has closed).
func (a *App) VoteOnDecision(ctx context.Context, v *Viewer, id DecisionID, choice string) error {
	const op = "vote on decision"
	if choice != VoteYes && choice != VoteNo && choice != VoteAbstain {
		return FieldErrorf(Invalid, op, "choice", "vote yes, no or abstain")
	}
	err := a.serialized(ctx, func(tx Tx) error {
		d, body, err := a.openDecision(ctx, tx, id, op)
		if err != nil {
			return err
		}
		if d.Election != 0 {
			return Errorf(Conflict, op, "this decision is voted by secret ballot: vote in its booth, /elections/%s/booth, or with plenum vote %s", d.Election, d.Election)
		}
		if ok, err := a.mayVote(ctx, tx, v, body, d); err != nil || !ok {
			return orForbidden(err, op, "only members of %s who are not recused may vote on its decisions", body.Name)
		}
		vote := DecisionVote{Decision: d.ID, Member: v.Member.ID, Choice: choice, Cast: a.now()}
		switch choice {
		case VoteYes:
			d.Yes++
		case VoteNo:
			d.No++
		default:
			d.Abstain++
		}
		payload := map[string]any{"decision": d.ID, "member": v.Member.ID, "choice": choice}
		if d.Secret {
			// The record keeps that the member voted, not how.
			vote.Choice = ""
			payload = map[string]any{"decision": d.ID, "member": v.Member.ID, "votes": d.Voted()}
		}
		if err := tx.AddDecisionVote(ctx, &vote); err != nil {
			return err
		}
		if err := tx.UpdateDecision(ctx, d); err != nil {
			return err
		}
		_, err = a.appendRecord(ctx, tx, change{Type: "decision.vote", Actor: v.Actor(), Org: d.Org, Unit: d.Unit,
			Internal: d.Internal, Payload: payload})
		return err
	})
	return wrap(op, err)
}

// openDecision returns decision id and its body, or Conflict if the vote
// has closed.
func (a *App) openDecision(ctx context.Context, tx Tx, id DecisionID, op string) (*Decision, *Body, error) {
	d, err := tx.Decision(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if d.IsClosed() {
		return nil, nil, Errorf(Conflict, op, "the vote is closed: the decision was %s", d.Status)
	}
	body, err := tx.Body(ctx, d.Body)
	return d, body, err
}

// inBody reports whether v is a member of body (see bodyMember).
func (a *App) inBody(ctx context.Context, tx Tx, v *Viewer, body *Body) (bool, error) {
	if v.Member == nil {
		return false, nil
	}
	return a.bodyMember(ctx, tx, body, v.Member.ID)
}

// bodyMember reports whether member id is a member of body: a holder of
// one of its seats, or for an assembly an active member of its unit's
// subtree.
func (a *App) bodyMember(ctx context.Context, tx Tx, body *Body, id MemberID) (bool, error) {
	if body.AllMembers {
		m, err := tx.Member(ctx, id)
		if err != nil {
			return false, err
		}
		return a.inElectorate(ctx, tx, m, body.Unit)
	}
	holders, err := a.seatHolders(ctx, tx, body)
	return slices.Contains(holders, id), err
}

// mayVote reports whether v may vote on d (see votesOn).
func (a *App) mayVote(ctx context.Context, tx Tx, v *Viewer, body *Body, d *Decision) (bool, error) {
	if v.Member == nil {
		return false, nil
	}
	return a.votesOn(ctx, tx, body, d, v.Member.ID)
}

// votesOn reports whether member id may vote on d: a member of its body,
// not recused, and in a meeting present.
func (a *App) votesOn(ctx context.Context, tx Tx, body *Body, d *Decision, id MemberID) (bool, error) {
	if slices.Contains(d.Recused, id) {
		return false, nil
	}
	if d.Meeting != 0 {
		if ok, err := a.present(ctx, tx, d.Meeting, id); err != nil || !ok {
			return false, err
		}
	}
	return a.bodyMember(ctx, tx, body, id)
}

// presentVoters counts the members present at d's meeting who may vote on it.
func (a *App) presentVoters(ctx context.Context, tx Tx, body *Body, d *Decision) (int, error) {
	att, err := tx.MeetingAttendance(ctx, d.Meeting)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, at := range att {
		if !at.Present() || slices.Contains(d.Recused, at.Member) {
			continue
		}
		in, err := a.bodyMember(ctx, tx, body, at.Member)
		if err != nil {
			return 0, err
		}
		if in {
			n++
		}
	}
	return n, nil
}

// seatHolders lists the holders of an elected body's seats now.
func (a *App) seatHolders(ctx context.Context, tx Tx, body *Body) ([]MemberID, error) {
	seats, err := a.bodySeats(ctx, tx, body)
	if IsKind(err, NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	terms, err := tx.CurrentTerms(ctx, seats, a.now())
	if err != nil {
		return nil, err
	}
	ids := make([]MemberID, len(terms))
	for i, t := range terms {
		ids[i] = t.Holder
	}
	return ids, nil
}

// quorum returns d's quorum figures now: who could vote, who is recused,
// how many votes the constitution's quorum needs, and how many were cast.
func (a *App) quorum(ctx context.Context, tx Tx, body *Body, d *Decision) (QuorumFigures, error) {
	org, err := tx.Org(ctx, d.Org)
	if err != nil {
		return QuorumFigures{}, err
	}
	c, err := constitution.Parse("constitution.yaml", []byte(org.Constitution))
	if err != nil {
		return QuorumFigures{}, internalError("read constitution", err)
	}
	q := QuorumFigures{Seats: body.Seats, Percent: int(c.Thresholds.Quorum), Voted: d.Voted()}
	if body.AllMembers {
		if q.Seats, err = tx.ActiveMembers(ctx, body.Unit); err != nil {
			return q, err
		}
		q.Eligible = q.Seats
	} else {
		holders, err := a.seatHolders(ctx, tx, body)
		if err != nil {
			return q, err
		}
		q.Eligible = len(holders)
	}
	// Only the recused who could vote lower the quorum's base.
	for _, id := range d.Recused {
		in, err := a.bodyMember(ctx, tx, body, id)
		if err != nil {
			return q, err
		}
		if in {
			q.Recused++
			q.Eligible--
		}
	}
	q.Needed = c.Thresholds.Quorum.Of(max(q.Seats-q.Recused, 0))
	q.Met = q.Voted >= q.Needed && q.Voted > 0
	if d.Meeting != 0 {
		// In a meeting the quorum is who is present, and only they vote.
		if q.Present, err = a.presentVoters(ctx, tx, body, d); err != nil {
			return q, err
		}
		q.Eligible, q.Met = q.Present, q.Present >= q.Needed && q.Voted > 0
	}
	return q, nil
}
