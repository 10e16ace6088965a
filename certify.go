package plenum

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"plenum/secretballot"
)

// An election's result is certified by a decision of kind "certify" of its
// election commission (rule R1: an office holder exists only as the
// result of a certified election; R7: no one certifies alone). Once the
// result is in the record and verifies, plenum proposes the certification
// to the commission and tells its members; they vote with their quorum,
// those who stood in the election (or, for a recall vote, the holder the
// recall is about) recused. Adopting it creates the terms, or applies the
// recall's result, in the transaction that closes the vote. Rejecting it
// (or a vote that fails for want of quorum) leaves the election held in
// tally, saying so, until a member of the commission proposes a new
// certification.

// certifyProposal is the payload of a decision of kind "certify": the
// election and the head of its ballot record, which fixes the result the
// commission certifies.
type certifyProposal struct {
	Election ElectionID        `json:"election"`
	Head     secretballot.Hash `json:"head"`
}

// parseCertifyProposal reads the payload of a certify decision; the error
// names the field at fault.
func parseCertifyProposal(op string, raw []byte) (*certifyProposal, error) {
	var p certifyProposal
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, FieldErrorf(Invalid, op, "payload", `a certification's payload is {"election": ID, "head": "the hash of the record's last event"}`)
	}
	if p.Election <= 0 {
		return nil, FieldErrorf(Invalid, op, "payload.election", "name the election whose result is certified")
	}
	return &p, nil
}

// certifiedElection returns the election certify decision d is about,
// and its payload.
func certifiedElection(ctx context.Context, tx Tx, d *Decision) (*Election, *certifyProposal, error) {
	p, err := parseCertifyProposal("certify", d.Payload)
	if err != nil {
		return nil, nil, err
	}
	e, err := tx.Election(ctx, p.Election)
	return e, p, err
}

// officeOf returns the names of e's office and unit; a referendum names
// its motion by number instead (its title is the unit's internal matter).
func officeOf(ctx context.Context, tx Tx, e *Election) (office, unit string, err error) {
	u, err := tx.Unit(ctx, e.Unit)
	if err != nil {
		return "", "", err
	}
	if e.Motion != 0 {
		return "referendum on motion " + e.Motion.String(), u.Name, nil
	}
	if e.Decides != 0 {
		return "secret vote on decision " + e.Decides.String(), u.Name, nil
	}
	off, err := tx.Office(ctx, e.Office)
	if err != nil {
		return "", "", err
	}
	return off.Name, u.Name, nil
}

// ProposeCertification puts the certification of election id's result to
// the vote of its election commission again, after a vote that did not
// certify it. Who may call: a member of the commission, and the command
// line.
//
// Errors: NotFound; Forbidden; Conflict (no result to certify, or its
// certification is being voted on).
func (a *App) ProposeCertification(ctx context.Context, v *Viewer, id ElectionID) (*Decision, error) {
	const op = "propose certification"
	var d *Decision
	err := a.serialized(ctx, func(tx Tx) error {
		e, err := tx.Election(ctx, id)
		if err != nil {
			return err
		}
		body, _, _, err := a.electionCommission(ctx, tx, e)
		if err != nil {
			return err
		}
		var proposer MemberID
		if !v.console {
			if ok, err := a.inBody(ctx, tx, v, body); err != nil || !ok {
				return orForbidden(err, op, "only members of the %s may propose to certify the result", body.Name)
			}
			proposer = v.Member.ID
		}
		d, err = a.proposeCertification(ctx, tx, v, proposer, e)
		return err
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return d, nil
}

// proposeCertification proposes to e's election commission to certify
// its result (openedCertify then tells the members who may vote).
func (a *App) proposeCertification(ctx context.Context, tx Tx, v *Viewer, proposer MemberID, e *Election) (*Decision, error) {
	r, err := a.resultOf(ctx, tx, e)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, Errorf(Conflict, "propose certification", "there is no result to certify: the election is in %s", e.Status)
	}
	body, _, _, err := a.electionCommission(ctx, tx, e)
	if err != nil {
		return nil, err
	}
	office, unit, err := officeOf(ctx, tx, e)
	if err != nil {
		return nil, err
	}
	payload, err := json.Marshal(certifyProposal{Election: e.ID, Head: r.Head})
	if err != nil {
		return nil, internalError("propose certification", err)
	}
	what := "the election of " + office + ", " + unit
	switch {
	case e.Recalls != 0:
		what = "the recall vote on the " + office + ", " + unit
	case e.Motion != 0 || e.Decides != 0:
		what = "the " + office + ", " + unit
	}
	return a.proposeDecision(ctx, tx, v, proposer, body, ProposeDecision{Body: body.ID, Kind: "certify",
		Title: "Certify the result of " + what, Text: resultText(e, r), Payload: payload})
}

// openedCertify clears the hold of an election whose new certification
// is proposed, and tells the commission's members who may vote on it.
func openedCertify(a *App, ctx context.Context, tx Tx, d *Decision) error {
	e, _, err := certifiedElection(ctx, tx, d)
	if err != nil {
		return err
	}
	if e.Hold != "" {
		// The hold said a new certification was awaited: here it is.
		e.Hold = ""
		due, _ := e.due()
		if err := tx.UpdateElection(ctx, e, due); err != nil {
			return err
		}
	}
	office, unit, err := officeOf(ctx, tx, e)
	if err != nil {
		return err
	}
	body, err := tx.Body(ctx, d.Body)
	if err != nil {
		return err
	}
	holders, err := a.seatHolders(ctx, tx, body)
	if err != nil {
		return err
	}
	holders = slices.DeleteFunc(holders, func(m MemberID) bool { return slices.Contains(d.Recused, m) })
	return a.notify(ctx, tx, Notice{Kind: "election", To: holders, Required: true,
		Subject: "certify.notice.subject", Text: "certify.notice.text",
		Args: []any{office, unit, d.Deadline}, Link: "/decisions/" + d.ID.String()})
}

// resultText is the result a certification decision puts to the vote, in
// the words of its record.
func resultText(e *Election, r *ElectionResult) string {
	q := r.Result.Questions[0]
	var b strings.Builder
	switch {
	case q.Ballots+q.Invalid == 0 && e.YesNo():
		b.WriteString("No ballots were cast: the vote is not carried.")
	case q.Ballots+q.Invalid == 0:
		b.WriteString("No ballots were cast: no one is elected.")
	case e.Decides != 0:
		fmt.Fprintf(&b, "Yes: %d. No: %d. Abstain: %d. %d ballots.", q.Totals[0], q.Totals[1], q.Totals[2], q.Ballots)
	case e.YesNo():
		fmt.Fprintf(&b, "Yes: %d. No: %d. %d ballots.", q.Totals[0], q.Totals[1], q.Ballots)
	case len(q.Elected) == 0:
		fmt.Fprintf(&b, "No one is elected: no ballot of the %d is valid.", q.Invalid)
	default:
		fmt.Fprintf(&b, "Elected: %s. %d ballots.", strings.Join(q.Elected, ", "), q.Ballots)
	}
	fmt.Fprintf(&b, " The result is in the election's record, whose last event is %s; anyone can verify it.", r.Head)
	return b.String()
}

// checkCertify checks a proposed certification: the election has a
// result that no decision certifies or is being voted on, the body is
// its election commission, and the payload names the result as it stands.
// It recuses the commission's members who stood in the election, or the
// holder a recall vote is about if they sit on it.
func checkCertify(a *App, ctx context.Context, tx Tx, v *Viewer, d *Decision) error {
	const op = "propose decision"
	p, err := parseCertifyProposal(op, d.Payload)
	if err != nil {
		return err
	}
	e, err := tx.Election(ctx, p.Election)
	if IsKind(err, NotFound) {
		return FieldErrorf(Invalid, op, "payload.election", "no such election")
	} else if err != nil {
		return err
	}
	body, _, _, err := a.electionCommission(ctx, tx, e)
	if err != nil {
		return err
	}
	if body.ID != d.Body {
		return FieldErrorf(Forbidden, op, "body", "the result is certified by the %s", body.Name)
	}
	r, err := a.resultOf(ctx, tx, e)
	if err != nil {
		return err
	}
	switch {
	case e.Status != ElectionTally || r == nil:
		return Errorf(Conflict, op, "there is no result to certify: the election is in %s", e.Status)
	case p.Head != r.Head:
		return FieldErrorf(Invalid, op, "payload.head", "the result in the record ends at %s", r.Head)
	}
	d.Subject = "election:" + e.ID.String()
	if e.Decides != 0 {
		// Certifying an internal decision's ballot is internal too.
		decided, err := tx.Decision(ctx, e.Decides)
		if err != nil {
			return err
		}
		d.Internal = decided.Internal
	}
	ds, err := tx.SubjectDecisions(ctx, d.Subject)
	if err != nil {
		return err
	}
	for _, other := range ds {
		if other.Kind == "certify" && !other.IsClosed() {
			return Errorf(Conflict, op, "the %s is voting on the certification already (decision %s)", body.Name, other.ID)
		}
	}
	stood, err := a.stood(ctx, tx, e)
	if err != nil {
		return err
	}
	for _, m := range stood {
		in, err := a.bodyMember(ctx, tx, body, m)
		if err != nil {
			return err
		}
		if in && !slices.Contains(d.Recused, m) {
			d.Recused = append(d.Recused, m)
		}
	}
	return nil
}

// stood lists who may not certify e's result: its candidates, the holder
// of the term a recall vote is on, or those recused from the secret
// decision it decides; no one for a referendum.
func (a *App) stood(ctx context.Context, tx Tx, e *Election) ([]MemberID, error) {
	if e.Motion != 0 {
		return nil, nil
	}
	if e.Decides != 0 {
		d, err := tx.Decision(ctx, e.Decides)
		if err != nil {
			return nil, err
		}
		return d.Recused, nil
	}
	if e.Recalls != 0 {
		t, err := tx.Term(ctx, e.Recalls)
		if err != nil {
			return nil, err
		}
		return []MemberID{t.Holder}, nil
	}
	ns, err := tx.Nominations(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	var ms []MemberID
	for _, n := range ns {
		if n.IsCandidate(e.Rules) {
			ms = append(ms, n.Nominee)
		}
	}
	return ms, nil
}

// adoptCertify certifies the result an adopted certification names.
func adoptCertify(a *App, ctx context.Context, tx Tx, d *Decision) error {
	e, p, err := certifiedElection(ctx, tx, d)
	if err != nil {
		return err
	}
	r, err := a.resultOf(ctx, tx, e)
	if err != nil {
		return err
	}
	if e.Status != ElectionTally || r == nil || r.Head != p.Head {
		return Errorf(Conflict, "certify", "the election is in %s: there is no result to certify", e.Status)
	}
	e.Hold = ""
	if e.YesNo() {
		return a.certifyYesNo(ctx, tx, e, d, r)
	}
	return a.certify(ctx, tx, e, d, r)
}

// closedCertify holds the election whose certification was not adopted,
// saying why, until a new certification is proposed.
func closedCertify(a *App, ctx context.Context, tx Tx, d *Decision) error {
	if d.Status == DecisionAdopted {
		return nil
	}
	e, _, err := certifiedElection(ctx, tx, d)
	if err != nil {
		return err
	}
	why := fmt.Sprintf("%d yes, %d no", d.Yes, d.No)
	switch d.Status {
	case DecisionFailed:
		why = fmt.Sprintf("%d votes of the %d the quorum needs", d.Quorum.Voted, d.Quorum.Needed)
	case DecisionWithdrawn:
		why = "withdrawn"
	}
	return a.hold(ctx, tx, e, fmt.Sprintf("the election commission did not certify the result (decision %s %s: %s); its members may propose a new certification",
		d.ID, d.Status, why))
}

// certify applies adopted certification d of regular or by-election e:
// the elected take office. Their terms begin at certification, or when
// the last of the terms they succeed ends if that is later, and run for
// the office's term; a by-election's run to the end of the vacated term.
// The challenge period starts; the clock closes the election at its end.
func (a *App) certify(ctx context.Context, tx Tx, e *Election, d *Decision, r *ElectionResult) error {
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
	terms := []TermID{}
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
	return a.certified(ctx, tx, e, d, r, map[string]any{"elected": r.Elected, "terms": terms, "term_start": start, "term_end": end})
}

// certifyYesNo applies adopted certification d of e, a recall vote, a
// referendum or a secret decision: the recall or the motion passes or
// fails by the rule fixed when the vote was called; the decision closes
// by its body's rule.
func (a *App) certifyYesNo(ctx context.Context, tx Tx, e *Election, d *Decision, r *ElectionResult) error {
	q := r.Result.Questions[0]
	voters, _, err := tx.Turnout(ctx, e.ID)
	if err != nil {
		return err
	}
	payload := map[string]any{"yes": q.Totals[0], "no": q.Totals[1], "voters": voters}
	if e.Decides != 0 {
		payload["abstain"], payload["decides"] = q.Totals[2], e.Decides
	}
	if err := a.certified(ctx, tx, e, d, r, payload); err != nil {
		return err
	}
	if e.Decides != 0 {
		return a.secretDecisionCertified(ctx, tx, e, q.Totals)
	}
	if e.Motion != 0 {
		return a.referendumCertified(ctx, tx, e, int(q.Totals[0]), int(q.Totals[1]), voters)
	}
	return a.recallCertified(ctx, tx, e, int(q.Totals[0]), int(q.Totals[1]), voters)
}

// certified moves e to certified, which starts the challenge period, and
// records it with what the certification did (payload).
func (a *App) certified(ctx context.Context, tx Tx, e *Election, d *Decision, r *ElectionResult, payload map[string]any) error {
	e.Certified = a.now()
	if err := a.setStatus(ctx, tx, e, ElectionCertified, System); err != nil {
		return err
	}
	payload["election"], payload["decision"], payload["head"] = e.ID, d.ID, r.Head
	payload["challenge_until"] = e.Certified.Add(time.Duration(e.Timeline.ChallengeDays) * 24 * time.Hour)
	_, err := a.appendRecord(ctx, tx, change{Type: "election.certified", Actor: System, Org: e.Org, Unit: e.Unit, Payload: payload})
	return err
}

// Certification is where the certification of an election's result
// stands: the decisions of its commission on it, and whether the viewer
// may propose a new one.
type Certification struct {
	Commission *Body       // nil when the constitution names none
	Decisions  []*Decision // the certify decisions on the election, newest first
	MayPropose bool        // a result awaits certification, none is being voted on, and the viewer sits on the commission
}

// Certification returns where the certification of election id stands.
// Anyone may call it. Errors: NotFound.
func (a *App) Certification(ctx context.Context, v *Viewer, id ElectionID) (*Certification, error) {
	c := &Certification{}
	err := a.Store.View(ctx, func(tx Tx) error {
		e, err := tx.Election(ctx, id)
		if err != nil {
			return err
		}
		if c.Commission, _, _, err = a.electionCommission(ctx, tx, e); IsKind(err, Conflict) {
			return nil
		} else if err != nil {
			return err
		}
		ds, err := tx.SubjectDecisions(ctx, "election:"+e.ID.String())
		if err != nil {
			return err
		}
		open := false
		for _, d := range ds {
			if d.Kind == "certify" {
				c.Decisions = append(c.Decisions, d)
				open = open || !d.IsClosed()
			}
		}
		if open || e.Status != ElectionTally {
			return nil
		}
		// An election whose result came before certifications were
		// decisions has none yet: a member proposes its first.
		if r, err := a.resultOf(ctx, tx, e); err != nil || r == nil {
			return err
		}
		c.MayPropose, err = a.inBody(ctx, tx, v, c.Commission)
		return err
	})
	if err != nil {
		return nil, wrap("certification", err)
	}
	return c, nil
}
