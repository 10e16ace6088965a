package plenum

import (
	"context"
	"time"
)

// Certify certifies the result of election id by a decision of its
// election commission (for a recall vote or a referendum, see certifyYesNo) (rule R1: an office holder exists only as the result
// of a certified election). The viewer enters the decision: a member of the
// commission. The elected take office: their terms begin at certification,
// or when the last of the terms they succeed ends if that is later, and run for the
// office's term; a by-election's run to the end of the vacated term. The
// challenge period starts; the clock closes the election at its end.
//
// Errors: NotFound; Forbidden (not the commission, or not a member of it);
// Invalid (no decision named); Conflict (no result to certify).
func (a *App) Certify(ctx context.Context, v *Viewer, id ElectionID, d DecisionRef) (*Election, error) {
	const op = "certify"
	if d.Body == 0 || d.Ref == "" {
		return nil, wrap(op, FieldErrorf(Invalid, op, "decision", "a result is certified by a decision of the election commission: name it"))
	}
	var e *Election
	err := a.serialized(ctx, func(tx Tx) error {
		var err error
		if e, err = tx.Election(ctx, id); err != nil {
			return err
		}
		r, err := a.resultOf(ctx, tx, e)
		if err != nil {
			return err
		}
		if e.Status != ElectionTally || r == nil {
			return Errorf(Conflict, op, "there is no result to certify: the election is in %s", e.Status)
		}
		body, _, err := a.electionCommission(ctx, tx, e)
		if err != nil {
			return err
		}
		if d.Body != body.ID {
			return FieldErrorf(Forbidden, op, "decision.body", "a result is certified by the %s", body.Name)
		}
		if err := a.checkDecision(ctx, tx, v, e.Unit, d); err != nil {
			return err
		}
		if e.YesNo() {
			return a.certifyYesNo(ctx, tx, v, e, d, r)
		}
		off, err := tx.Office(ctx, e.Office)
		if err != nil {
			return err
		}
		now := a.now()
		start, end := now, e.TermEnd
		if !e.ByElection {
			running, err := tx.CurrentTerms(ctx, off.ID, now)
			if err != nil {
				return err
			}
			for _, t := range running {
				if t.End.After(start) {
					start = t.End
				}
			}
			end = start.AddDate(0, off.TermMonths, 0)
		}
		var terms []TermID
		var gained []*Term
		for _, m := range r.Elected {
			t := &Term{Office: off.ID, Holder: m, Start: start, End: end}
			if err := tx.CreateTerm(ctx, t); err != nil {
				return err
			}
			terms, gained = append(terms, t.ID), append(gained, t)
		}
		// The elected may have come to hold an incompatible office meanwhile (R9).
		if err := a.termsGained(ctx, tx, gained); err != nil {
			return err
		}
		e.Certified = now
		if err := a.setStatus(ctx, tx, e, ElectionCertified, v.Actor()); err != nil {
			return err
		}
		_, err = a.appendRecord(ctx, tx, change{Type: "election.certified", Actor: v.Actor(), Org: e.Org, Unit: e.Unit,
			Payload: map[string]any{"election": e.ID, "decision": map[string]any{"body": d.Body, "ref": d.Ref},
				"elected": r.Elected, "terms": terms, "term_start": start, "term_end": end, "head": r.Head,
				"challenge_until": now.Add(time.Duration(e.Timeline.ChallengeDays) * 24 * time.Hour)}})
		return err
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return e, nil
}

// certifyYesNo certifies the result of e, a recall vote or a referendum:
// the recall or the motion passes or fails by the rule fixed when the vote
// was called, in the same transaction.
func (a *App) certifyYesNo(ctx context.Context, tx Tx, v *Viewer, e *Election, d DecisionRef, r *ElectionResult) error {
	q := r.Result.Questions[0]
	voters, _, err := tx.Turnout(ctx, e.ID)
	if err != nil {
		return err
	}
	e.Certified = a.now()
	if err := a.setStatus(ctx, tx, e, ElectionCertified, v.Actor()); err != nil {
		return err
	}
	_, err = a.appendRecord(ctx, tx, change{Type: "election.certified", Actor: v.Actor(), Org: e.Org, Unit: e.Unit,
		Payload: map[string]any{"election": e.ID, "decision": map[string]any{"body": d.Body, "ref": d.Ref},
			"yes": q.Totals[0], "no": q.Totals[1], "voters": voters, "head": r.Head,
			"challenge_until": e.Certified.Add(time.Duration(e.Timeline.ChallengeDays) * 24 * time.Hour)}})
	if err != nil {
		return err
	}
	if e.Motion != 0 {
		return a.referendumCertified(ctx, tx, e, int(q.Totals[0]), int(q.Totals[1]), voters)
	}
	return a.recallCertified(ctx, tx, e, int(q.Totals[0]), int(q.Totals[1]), voters)
}
