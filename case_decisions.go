package plenum

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// The rulings on a case are decisions of kind "case" (see decisionKinds):
// the payload is the case and the proposed ruling; check fills in the
// recused members, the constitution's secrecy and the case as subject;
// adopting the decision applies the ruling.

// caseRuling is the payload of a decision of kind "case".
type caseRuling struct {
	Case CaseID `json:"case"`
	Verdict
}

func caseSubject(id CaseID) string { return "case:" + id.String() }

// ProposeRuling puts a ruling on case id to the vote of the body that
// decides its step. Who may call: a member of that body who is not recused.
// deadline zero gives the default voting period.
// Errors: Invalid (naming the field), NotFound, Forbidden, Conflict (not
// at that step, the reply period runs, or the step is being voted on).
func (a *App) ProposeRuling(ctx context.Context, v *Viewer, id CaseID, r Verdict, deadline time.Time) (*Decision, error) {
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
	title := fmt.Sprintf("Case %d: %s, %s", id, r.Step, r.Outcome)
	if r.Sanction != "" {
		title += ": " + r.Sanction
	}
	return a.ProposeDecision(ctx, v, ProposeDecision{Body: body, Kind: "case", Subject: caseSubject(id), Title: title,
		Text: r.Reasons, Payload: payload, Deadline: deadline})
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
	if err != nil || c.Org != d.Org {
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
			if prev, err := decodeRuling(op, o.Payload); err == nil && prev.Step == r.Step {
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
	d.Subject, d.Internal, d.Secret = caseSubject(c.ID), true, con.Cases.Secret
	d.Payload, err = json.Marshal(r)
	return err
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
	if _, err := rulingBody("adopt ruling", c, r.Step); err != nil {
		return a.recordCase(ctx, tx, c, "case.ruling_moot", System, map[string]any{"decision": d.ID, "step": r.Step, "status": c.Status})
	}
	r.Decision = int64(d.ID)
	return a.adoptRuling(ctx, tx, c, &r.Verdict)
}
