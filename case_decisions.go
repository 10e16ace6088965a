package plenum

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// The rulings on a case are decisions of kind "case" (see decisionKinds).
// The proposal's payload is the case and the ruling; check keeps the ruling
// with the case (Case.Proposals, seen by those who see its details) and
// leaves in the decision, whose record entry the members of the unit read,
// only the case, the step and the proposal's number. It also fills in the
// recused members, the constitution's secrecy and the case as subject;
// adopting the decision applies the ruling.

// caseRuling is the payload of a decision of kind "case": as proposed, the
// ruling; as stored, Proposal (1 for the case's first) and the step.
type caseRuling struct {
	Case     CaseID `json:"case"`
	Proposal int    `json:"proposal,omitempty"`
	Verdict
}

func caseSubject(id CaseID) string { return "case:" + id.String() }

// ProposeRuling puts a ruling on case id to the vote of the body that
// decides its step. Who may call: a member of that body who is not recused.
// deadline zero gives the default voting period; meeting, if not zero, is
// the body's open meeting that hears the case and takes the vote.
// Errors: Invalid (naming the field), NotFound, Forbidden, Conflict (not
// at that step, the reply period runs, or the step is being voted on).
func (a *App) ProposeRuling(ctx context.Context, v *Viewer, id CaseID, r Verdict, deadline time.Time, meeting MeetingID) (*Decision, error) {
	const op = "propose ruling"
	var body BodyID
	err := a.Store.View(ctx, func(tx Tx) error {
		c, err := tx.Case(ctx, id)
		if err != nil {
			return err
		}
		if acc, err := a.caseAccess(ctx, tx, v, c); err != nil || acc != AccessDetails {
			return notFoundUnless(err, op, "no such case")
		}
		body, err = rulingBody(op, c, r.Step)
		return err
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	payload, err := json.Marshal(caseRuling{Case: id, Verdict: r})
	if err != nil {
		return nil, internalError(op, err)
	}
	return a.ProposeDecision(ctx, v, ProposeDecision{Body: body, Kind: "case", Subject: caseSubject(id),
		Title: fmt.Sprintf("Case %d: %s", id, r.Step), Payload: payload, Deadline: deadline, Meeting: meeting})
}

// decodeRuling reads the payload of a decision of kind "case".
func decodeRuling(op string, raw json.RawMessage) (*caseRuling, error) {
	var r caseRuling
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil || r.Case == 0 {
		return nil, FieldErrorf(Invalid, op, "payload", "a ruling names its case, step, outcome and reasons")
	}
	return &r, nil
}

func checkCaseDecision(a *App, ctx context.Context, tx Tx, v *Viewer, d *Decision) error {
	const op = "propose ruling"
	r, err := decodeRuling(op, d.Payload)
	if err != nil {
		return err
	}
	c, err := tx.Case(ctx, r.Case)
	if err != nil || c.Org != d.Org || r.Proposal != 0 {
		return FieldErrorf(Invalid, op, "payload", "no such case")
	}
	body, recused, err := a.checkRuling(ctx, tx, v, c, &r.Verdict)
	if err != nil {
		return err
	}
	if body != d.Body {
		return FieldErrorf(Invalid, op, "body", "the %s of case %d is for another body to decide", r.Step, c.ID)
	}
	open, err := tx.SubjectDecisions(ctx, caseSubject(c.ID))
	if err != nil {
		return err
	}
	for _, o := range open {
		if o.Status == DecisionVoting && o.Kind == "case" {
			if prev := c.ProposalOf(o); prev != nil && prev.Step == r.Step {
				return FieldErrorf(Conflict, op, "step", "decision %d on the %s of this case is being voted on", o.ID, r.Step)
			}
		}
	}
	con, err := a.charter(ctx, tx, c.Org)
	if err != nil {
		return err
	}
	for _, m := range recused {
		if !slices.Contains(d.Recused, m) {
			d.Recused = append(d.Recused, m)
		}
	}
	c.Proposals = append(c.Proposals, &r.Verdict)
	if err := tx.UpdateCase(ctx, c); err != nil {
		return err
	}
	d.Subject, d.Internal, d.Secret, d.Text = caseSubject(c.ID), true, con.Cases.Secret, ""
	d.Payload, err = json.Marshal(map[string]any{"case": c.ID, "step": r.Step, "proposal": len(c.Proposals)})
	return err
}

// ProposalOf returns the ruling a decision of kind "case" on c puts to the
// vote, or nil.
func (c *Case) ProposalOf(d *Decision) *Verdict {
	r, err := decodeRuling("", d.Payload)
	if d.Kind != "case" || err != nil || r.Case != c.ID || r.Proposal < 1 || r.Proposal > len(c.Proposals) {
		return nil
	}
	return c.Proposals[r.Proposal-1]
}

// adoptCaseDecision applies an adopted ruling. A ruling the case has moved
// past meanwhile (a decision on the same step adopted first) is moot: the
// record says so, and the vote still closes.
func adoptCaseDecision(a *App, ctx context.Context, tx Tx, d *Decision) error {
	r, err := decodeRuling("adopt ruling", d.Payload)
	if err != nil {
		return err
	}
	c, err := tx.Case(ctx, r.Case)
	if err != nil {
		return err
	}
	p := c.ProposalOf(d)
	if p == nil {
		return Errorf(Internal, "adopt ruling", "decision %d names no proposal of case %d", d.ID, c.ID)
	}
	if _, err := rulingBody("adopt ruling", c, p.Step); err != nil {
		return a.recordCase(ctx, tx, c, "case.ruling_moot", System, map[string]any{"decision": d.ID, "step": p.Step, "status": c.Status})
	}
	ruling := *p
	ruling.Decision = int64(d.ID)
	return a.adoptRuling(ctx, tx, c, &ruling)
}
