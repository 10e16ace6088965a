package plenum

import (
	"context"
	"slices"
	"strings"
)

// CloseDecision closes the vote on a decision and applies its result: with
// too few votes for the quorum it failed; with more yes than no it is
// adopted and its kind's effect applied in the same transaction; otherwise
// it is rejected. Who may call: a member of the body once the deadline
// has passed or every member who may vote has voted, and the command line;
// plenum closes votes at their deadline itself (CloseDueDecisions).
//
// Errors: NotFound; Forbidden; Conflict (closed already, or the vote still
// runs).
func (a *App) CloseDecision(ctx context.Context, v *Viewer, id DecisionID) (*Decision, error) {
	const op = "close decision"
	var d *Decision
	err := a.serialized(ctx, func(tx Tx) error {
		var err error
		d, err = a.closeDecision(ctx, tx, v, id)
		return err
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return d, nil
}

// CloseDueDecisions closes every vote whose deadline has passed and
// returns how many it closed. The background job runner calls it with the
// clock; a failure on one decision does not hold up the others, and the
// first one is returned.
func (a *App) CloseDueDecisions(ctx context.Context) (int, error) {
	var due []*Decision
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		due, err = tx.DueDecisions(ctx, a.now(), 500)
		return err
	})
	if err != nil {
		return 0, wrap("close decisions", err)
	}
	var first error
	n := 0
	for _, d := range due {
		_, err := a.CloseDecision(ctx, CommandLine, d.ID)
		switch {
		case err == nil:
			n++
		case first == nil && !IsKind(err, Conflict): // Conflict: another node closed it first
			first = err
		}
	}
	return n, first
}

func (a *App) closeDecision(ctx context.Context, tx Tx, v *Viewer, id DecisionID) (*Decision, error) {
	const op = "close decision"
	d, body, err := a.openDecision(ctx, tx, id, op)
	if err != nil {
		return nil, err
	}
	if d.Election != 0 {
		return nil, Errorf(Conflict, op, "this decision is voted by secret ballot (election %s): it closes when the election commission certifies the result", d.Election)
	}
	if !v.console {
		if ok, err := a.inBody(ctx, tx, v, body); err != nil || !ok {
			return nil, orForbidden(err, op, "only members of %s may close its votes", body.Name)
		}
	}
	q, err := a.quorum(ctx, tx, body, d)
	if err != nil {
		return nil, err
	}
	if a.now().Before(d.Deadline) && q.Voted < q.Eligible {
		return nil, Errorf(Conflict, op, "the vote runs until %s: %d of %d members have voted",
			d.Deadline.Format("2006-01-02 15:04 MST"), q.Voted, q.Eligible)
	}
	return d, a.settle(ctx, tx, v.Actor(), d, q)
}

// settle closes the vote on d with its tally and quorum figures q: failed
// without the quorum, adopted with more yes than no votes (its kind's
// effect applied in the same transaction), rejected otherwise; and records
// it. The body's vote and the certified result of a secret ballot both
// close this way.
func (a *App) settle(ctx context.Context, tx Tx, actor Actor, d *Decision, q QuorumFigures) error {
	d.Quorum, d.Closed = q, a.now()
	switch {
	case !q.Met:
		d.Status = DecisionFailed
	case d.Yes > d.No:
		d.Status = DecisionAdopted
	default:
		d.Status = DecisionRejected
	}
	if err := tx.UpdateDecision(ctx, d); err != nil {
		return err
	}
	_, err := a.appendRecord(ctx, tx, change{Type: "decision.closed", Actor: actor, Org: d.Org, Unit: d.Unit,
		Internal: d.Internal, Payload: map[string]any{"decision": d.ID, "status": d.Status,
			"yes": d.Yes, "no": d.No, "abstain": d.Abstain, "quorum": quorumPayload(q)}})
	if err != nil {
		return err
	}
	kind := decisionKinds()[d.Kind]
	if d.Status == DecisionAdopted && kind.adopt != nil {
		if err := kind.adopt(a, ctx, tx, d); err != nil {
			return err
		}
	}
	return a.afterClose(ctx, tx, d)
}

// afterClose runs the closed hook of d's kind.
func (a *App) afterClose(ctx context.Context, tx Tx, d *Decision) error {
	if kind := decisionKinds()[d.Kind]; kind.closed != nil {
		return kind.closed(a, ctx, tx, d)
	}
	return nil
}

func quorumPayload(q QuorumFigures) map[string]any {
	return map[string]any{"seats": q.Seats, "recused": q.Recused, "eligible": q.Eligible, "percent": q.Percent,
		"needed": q.Needed, "voted": q.Voted, "present": q.Present, "met": q.Met}
}

// WithdrawDecision withdraws a proposal before anyone has voted on it.
// Who may call: its proposer, and the command line.
// Errors: NotFound; Forbidden; Conflict (closed, or votes were cast).
func (a *App) WithdrawDecision(ctx context.Context, v *Viewer, id DecisionID) (*Decision, error) {
	const op = "withdraw decision"
	var d *Decision
	err := a.serialized(ctx, func(tx Tx) error {
		var err error
		if d, _, err = a.openDecision(ctx, tx, id, op); err != nil {
			return err
		}
		if !v.console && (v.Member == nil || v.Member.ID != d.Proposer) {
			return Errorf(Forbidden, op, "only the proposer may withdraw a proposal")
		}
		switch {
		case d.Election != 0:
			return Errorf(Conflict, op, "a vote by secret ballot runs to its end: it cannot be withdrawn")
		case d.Voted() > 0:
			return Errorf(Conflict, op, "members have voted on it: the vote runs to its end")
		}
		d.Status, d.Closed = DecisionWithdrawn, a.now()
		if err := tx.UpdateDecision(ctx, d); err != nil {
			return err
		}
		_, err = a.appendRecord(ctx, tx, change{Type: "decision.closed", Actor: v.Actor(), Org: d.Org, Unit: d.Unit,
			Internal: d.Internal, Payload: map[string]any{"decision": d.ID, "status": d.Status}})
		if err != nil {
			return err
		}
		return a.afterClose(ctx, tx, d)
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return d, nil
}

// AddDissent attaches the viewer's dissent note to a closed decision (R8).
// Who may call: a member of the body who voted with the minority (no on
// an adopted decision, yes on a rejected one); on a secret decision, any
// member who voted, who thereby says how; on a rejected certification,
// also those who voted no, to say why. Notes are internal: members of
// the unit see them, the public never does.
//
// Errors: NotFound; Forbidden; Invalid (text); Conflict (still voting, or
// the member has a note on it already).
func (a *App) AddDissent(ctx context.Context, v *Viewer, id DecisionID, text string) error {
	const op = "add dissent"
	text = strings.TrimSpace(text)
	if text == "" || len(text) > MaxDissent {
		return FieldErrorf(Invalid, op, "text", "write the note, at most %d characters", MaxDissent)
	}
	err := a.serialized(ctx, func(tx Tx) error {
		d, err := tx.Decision(ctx, id)
		if err != nil {
			return err
		}
		if d.Status != DecisionAdopted && d.Status != DecisionRejected {
			return Errorf(Conflict, op, "dissent is recorded on an adopted or rejected decision, not one %s", d.Status)
		}
		if v.Member == nil {
			return Errorf(Forbidden, op, "only members of the minority may record dissent")
		}
		votes, err := a.whoVoted(ctx, tx, d, v.Member.ID)
		if err != nil {
			return err
		}
		minority := VoteNo
		if d.Status == DecisionRejected {
			minority = VoteYes
		}
		// On a rejected decision whose kind asks for reasons, those who
		// voted no may say why as well.
		reasons := d.Status == DecisionRejected && decisionKinds()[d.Kind].reasons
		if !slices.ContainsFunc(votes, func(dv DecisionVote) bool {
			return dv.Member == v.Member.ID && (d.Secret || dv.Choice == minority || reasons && dv.Choice == VoteNo)
		}) {
			return Errorf(Forbidden, op, "only members who voted %s may record dissent", minority)
		}
		if err := tx.AddDissent(ctx, &Dissent{Decision: d.ID, Member: v.Member.ID, Text: text, Created: a.now()}); err != nil {
			return err
		}
		_, err = a.appendRecord(ctx, tx, change{Type: "decision.dissent", Actor: v.Actor(), Org: d.Org, Unit: d.Unit,
			Internal: true, Payload: map[string]any{"decision": d.ID, "member": v.Member.ID, "text": text}})
		return err
	})
	return wrap(op, err)
}
