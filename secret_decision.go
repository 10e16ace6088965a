package plenum

import (
	"context"
	"fmt"
)

// A secret decision of a body (Decision.Secret: the constitution asks it
// of cases, or of kinds in its secret_decisions, or the proposer asks it)
// is voted by secret ballot (rule R3), not by the body's roll call: an
// election whose subject is the decision (Election.Decides). Its ballot
// asks yes, no or abstain; its roll is the body's members who may vote on
// the decision (the recused left out; in a meeting, those present when the
// vote opens), each issued a credential; its trustees are the competent
// election commission's; the vote opens once their key ceremony is
// complete and closes at the decision's deadline. Once the commission
// certifies the result, the decision closes from the certified totals
// through the path the body's vote takes (settle): the quorum counted on
// the ballots cast, abstentions included, the majority on yes and no.

// DecisionMethod is the counting method of a secret decision's ballot: one
// of the options yes, no and abstain.
const DecisionMethod = "plurality"

// decisionOptions are the options of a secret decision's ballot, in order.
var decisionOptions = []string{VoteYes, VoteNo, VoteAbstain}

// secretByRule marks d secret if the constitution has the body vote its
// kind by secret ballot (secret_decisions), and refuses a secret vote on
// a certification, which would need a certification of its own.
func (a *App) secretByRule(ctx context.Context, tx Tx, d *Decision) error {
	c, err := a.charter(ctx, tx, d.Org)
	if err != nil {
		return err
	}
	d.Secret = d.Secret || c.SecretDecision(d.Kind)
	if d.Secret && d.Kind == "certify" {
		return FieldErrorf(Invalid, "propose decision", "secret", "the election commission certifies a result by its members' vote, not by secret ballot")
	}
	return nil
}

// openSecretVote opens the secret ballot of decision d of body, just
// proposed: its election, scheduled and moved at once to the key
// ceremony, whose trustees are told to begin.
func (a *App) openSecretVote(ctx context.Context, tx Tx, body *Body, d *Decision) error {
	const op = "propose decision"
	c, err := a.charter(ctx, tx, d.Org)
	if err != nil {
		return err
	}
	now := a.now()
	e := &Election{Org: d.Org, Unit: d.Unit, Electorate: d.Unit, Seats: 1, Method: DecisionMethod, Decides: d.ID,
		Timeline: Timeline{NominationsOpen: now, NominationsClose: now, VotingOpen: now, VotingClose: d.Deadline,
			ChallengeDays: DefaultCalendar.ChallengeDays}}
	if _, _, _, err := a.electionCommission(ctx, tx, e); IsKind(err, Conflict) {
		return FieldErrorf(Conflict, op, "secret", "a secret vote is held by the election commission, which keeps its key and certifies its result: %v", err)
	} else if err != nil {
		return err
	}
	if err := a.addElection(ctx, tx, System, c, e, map[string]any{"decides": d.ID, "body": body.ID, "body_name": body.Name}); err != nil {
		return err
	}
	d.Election = e.ID
	if err := tx.UpdateDecision(ctx, d); err != nil {
		return err
	}
	for _, to := range []ElectionStatus{ElectionNominations, ElectionCampaign} {
		if err := a.setStatus(ctx, tx, e, to, System); err != nil {
			return err
		}
	}
	if err := a.openCeremony(ctx, tx, e); IsKind(err, Conflict) {
		return a.hold(ctx, tx, e, err.Error())
	} else if err != nil {
		return err
	}
	return nil
}

// eachVoter calls fn for every member who may vote in e: the active
// members of its electorate, or for a secret decision's ballot the
// members who may vote on the decision.
func (a *App) eachVoter(ctx context.Context, tx Tx, e *Election, fn func(MemberID) error) error {
	in := func(m *Member) (bool, error) { return a.inElectorate(ctx, tx, m, e.Electorate) }
	if e.Decides != 0 {
		d, err := tx.Decision(ctx, e.Decides)
		if err != nil {
			return err
		}
		body, err := tx.Body(ctx, d.Body)
		if err != nil {
			return err
		}
		in = func(m *Member) (bool, error) { return a.votesOn(ctx, tx, body, d, m.ID) }
		if !body.AllMembers {
			// An elected body's seat holders, not its unit's members.
			holders, err := a.seatHolders(ctx, tx, body)
			if err != nil {
				return err
			}
			for _, id := range holders {
				if ok, err := a.votesOn(ctx, tx, body, d, id); err != nil {
					return err
				} else if ok {
					if err := fn(id); err != nil {
						return err
					}
				}
			}
			return nil
		}
	}
	q := DirectoryQuery{Unit: e.Electorate, Limit: 500}
	for {
		page, err := tx.Directory(ctx, q)
		if err != nil || len(page) == 0 {
			return err
		}
		for _, m := range page {
			if ok, err := in(m); err != nil {
				return err
			} else if ok {
				if err := fn(m.ID); err != nil {
					return err
				}
			}
		}
		last := page[len(page)-1]
		q.After = Cursor{Key: SortKey(last.Name), Member: last.ID}
	}
}

// onRoll reports whether m may vote in e (see eachVoter).
func (a *App) onRoll(ctx context.Context, tx Tx, e *Election, m *Member) (bool, error) {
	if e.Decides == 0 {
		return a.inElectorate(ctx, tx, m, e.Electorate)
	}
	d, err := tx.Decision(ctx, e.Decides)
	if err != nil {
		return false, err
	}
	body, err := tx.Body(ctx, d.Body)
	if err != nil {
		return false, err
	}
	return a.votesOn(ctx, tx, body, d, m.ID)
}

// secretVoteOpened tells the members on the roll of secret decision e
// that its vote is open, and moves the decision's deadline with the vote's
// close when the key ceremony held the vote back.
func (a *App) secretVoteOpened(ctx context.Context, tx Tx, e *Election) error {
	d, err := tx.Decision(ctx, e.Decides)
	if err != nil {
		return err
	}
	if !d.Deadline.Equal(e.Timeline.VotingClose) {
		d.Deadline = e.Timeline.VotingClose
		if err := tx.UpdateDecision(ctx, d); err != nil {
			return err
		}
	}
	voters, err := tx.Voters(ctx, e.ID)
	if err != nil {
		return err
	}
	to := make([]MemberID, len(voters))
	for i, vt := range voters {
		to[i] = vt.Member
	}
	body, err := tx.Body(ctx, d.Body)
	if err != nil {
		return err
	}
	return a.notify(ctx, tx, Notice{Kind: "decision", To: to, Required: true,
		Subject: "secretdecision.notice.voting_subject", Text: "secretdecision.notice.voting_text",
		Args: []any{body.Name, d.ID.String(), e.Timeline.VotingClose}, Link: "/decisions/" + d.ID.String()})
}

// secretDecisionCertified closes the secret decision whose ballot e's
// certified result counts: totals of yes, no and abstain.
func (a *App) secretDecisionCertified(ctx context.Context, tx Tx, e *Election, totals []int64) error {
	d, body, err := a.openDecision(ctx, tx, e.Decides, "certify")
	if IsKind(err, Conflict) {
		return nil
	} else if err != nil {
		return err
	}
	d.Yes, d.No, d.Abstain = int(totals[0]), int(totals[1]), int(totals[2])
	q, err := a.quorum(ctx, tx, body, d)
	if err != nil {
		return err
	}
	return a.settle(ctx, tx, System, d, q)
}

// whoVoted lists the votes of member on d: for a secret ballot, one vote
// without a choice if their ballot was counted.
func (a *App) whoVoted(ctx context.Context, tx Tx, d *Decision, member MemberID) ([]DecisionVote, error) {
	if d.Election == 0 {
		return tx.DecisionVotes(ctx, d.ID)
	}
	vt, err := tx.Voter(ctx, d.Election, member)
	if IsKind(err, NotFound) || err == nil && vt.Ballots == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return []DecisionVote{{Decision: d.ID, Member: member, Cast: vt.Voted}}, nil
}

// decisionBallotTitle is the question of secret decision d's ballot: its
// number and body, never its text (the election record is public; an
// internal decision is the unit's matter).
func decisionBallotTitle(ctx context.Context, tx Tx, e *Election) (id, title string, err error) {
	d, err := tx.Decision(ctx, e.Decides)
	if err != nil {
		return "", "", err
	}
	body, err := tx.Body(ctx, d.Body)
	if err != nil {
		return "", "", err
	}
	unit, err := tx.Unit(ctx, d.Unit)
	if err != nil {
		return "", "", err
	}
	return "decision-" + d.ID.String(), fmt.Sprintf("Decision %s of the %s, %s", d.ID, body.Name, unit.Name), nil
}
