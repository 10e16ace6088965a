package plenum

import (
	"context"

	"plenum/constitution"
)

// scheduleRecallVote moves petition r, which has reached its threshold, to
// its vote: a secret yes/no election of the same electorate, with the
// constitution's campaign and voting periods, and the constitution's rule
// for passing, fixed now so that it cannot change while the vote runs.
// It has no nominations: they open and close at once.
func (a *App) scheduleRecallVote(ctx context.Context, tx Tx, c *constitution.Constitution, r *Recall) error {
	off, err := tx.Office(ctx, r.Office)
	if err != nil {
		return err
	}
	now := a.now()
	open := now.Add(days(c.Recall.CampaignDays))
	e := &Election{Office: off.ID, Electorate: r.Electorate, Seats: 1, Recalls: r.Term,
		Timeline: Timeline{NominationsOpen: now, NominationsClose: now, VotingOpen: open,
			VotingClose: open.Add(days(c.Recall.VotingDays)), ChallengeDays: DefaultCalendar.ChallengeDays}}
	if err := a.createElection(ctx, tx, System, off, e); err != nil {
		return err
	}
	r.Status, r.Election = RecallVoting, e.ID
	r.Rule = voteRule(c.Thresholds.RecallVote)
	err = a.recordRecall(ctx, tx, r, "recall.vote_scheduled", map[string]any{"election": e.ID,
		"majority": r.Rule.Majority, "turnout": r.Rule.Turnout.String(),
		"voting_open": e.Timeline.VotingOpen, "voting_close": e.Timeline.VotingClose})
	if err != nil {
		return err
	}
	holder, err := tx.Member(ctx, r.Holder)
	if err != nil {
		return err
	}
	// The electorate votes: the notice the rules require of an election.
	return a.notify(ctx, tx, Notice{Kind: "recall", Unit: r.Electorate, Subject: "recall.notice.vote_subject",
		Text: "recall.notice.vote_text", Args: []any{holder.Name, off.Name, e.Timeline.VotingOpen, e.Timeline.VotingClose},
		Link: "/recalls/" + r.ID.String(), Required: true})
}

// recallCertified applies the certified result of recall vote e: yes and
// no votes cast, of an electorate of voters. If the recall passes under
// the rule fixed when the vote was scheduled, the term ends ("recall") and
// the by-election for the rest of it starts, as after a resignation; if it
// fails, the constitution's cooling-off period starts. A vote whose term
// ended otherwise meanwhile changes nothing.
func (a *App) recallCertified(ctx context.Context, tx Tx, e *Election, yes, no, voters int) error {
	r, err := tx.ElectionRecall(ctx, e.ID)
	if err != nil {
		return err
	}
	if r.Status != RecallVoting {
		return nil
	}
	t, err := tx.Term(ctx, r.Term)
	if err != nil {
		return err
	}
	now := a.now()
	if !t.Current(now) {
		r.Status, r.Closed = RecallOvertake, now
		return a.recordRecall(ctx, tx, r, "recall.overtaken", map[string]any{"reason": Expired})
	}
	r.Yes, r.No, r.Closed = yes, no, now
	result := map[string]any{"election": e.ID, "yes": yes, "no": no, "voters": voters,
		"majority": r.Rule.Majority, "turnout": r.Rule.Turnout.String()}
	if !r.Rule.passes(yes, no, voters) {
		c, err := a.charter(ctx, tx, r.Org)
		if err != nil {
			return err
		}
		r.Status = RecallFailed
		if c.Recall.CoolingOffDays > 0 {
			r.CoolingOff = now.Add(days(c.Recall.CoolingOffDays))
			result["cooling_off_until"] = r.CoolingOff
		}
		return a.recordRecall(ctx, tx, r, "recall.failed", result)
	}
	r.Status = RecallPassed
	if err := a.recordRecall(ctx, tx, r, "recall.passed", result); err != nil {
		return err
	}
	_, err = a.vacate(ctx, tx, t, Recalled, System, map[string]any{"recall": r.ID}, DefaultCalendar)
	return err
}
