package plenum

import (
	"context"
	"errors"
	"slices"
	"time"
)

// AdvanceElections moves on every election whose next date has come, one
// step each, closes the trustees' steps whose deadline has passed, and
// returns how many elections it looked at. The background job runner
// calls it with the clock; a failure on one election does not hold up the
// others, and the first one is returned.
func (a *App) AdvanceElections(ctx context.Context) (int, error) {
	var due []*Election
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		due, err = tx.DueElections(ctx, a.now(), 500)
		return err
	})
	if err != nil {
		return 0, wrap("advance elections", err)
	}
	var first error
	for _, e := range due {
		if e.Status == ElectionCampaign || e.Status == ElectionTally {
			// A step of the trustees may be due to close at its deadline.
			if err := a.TrusteeDeadlines(ctx, e.ID); err != nil && first == nil {
				first = err
			}
		}
		next, _ := e.Status.Next()
		if at, byClock := e.due(); !byClock || a.now().Before(at) {
			continue
		}
		if _, err := a.AdvanceElection(ctx, e.ID, next); err != nil && first == nil {
			first = err
		}
	}
	return len(due), first
}

// AdvanceElection moves election id to status to, the step after its
// current one, when the timeline says it is time; plenum itself calls it
// (the job runner), never a member. The move is a record entry.
//
// At the close of nominations an election with fewer candidates than its
// rules require does not move on: nominations are extended by the
// constitution's period, the reason is recorded, and the election is
// returned still in nominations (R2). Likewise an election whose candidates
// withdrew during the campaign never opens the vote: nominations reopen.
//
// Errors: NotFound; Conflict (not the next step, not yet time, or a step
// that waits for the tally or a certification).
func (a *App) AdvanceElection(ctx context.Context, id ElectionID, to ElectionStatus) (*Election, error) {
	const op = "advance election"
	var e *Election
	err := a.serialized(ctx, func(tx Tx) error {
		var err error
		if e, err = tx.Election(ctx, id); err != nil {
			return err
		}
		next, ok := e.Status.Next()
		if !ok || to != next {
			return Errorf(Conflict, op, "an election in %s cannot move to %s", e.Status, to)
		}
		at, byClock := e.due()
		now := a.now()
		switch {
		case !byClock:
			return Errorf(Conflict, op, "an election in %s waits for the trustees' decryption and its certification", e.Status)
		case now.Before(at):
			return Errorf(Conflict, op, "an election in %s moves to %s on %s, not before", e.Status, to, at.Format(time.RFC3339))
		}
		if e.Status == ElectionNominations || e.Status == ElectionCampaign {
			n, err := a.candidates(ctx, tx, e)
			if err != nil {
				return err
			}
			if n < e.Rules.MinCandidates {
				return a.extendNominations(ctx, tx, e, n)
			}
		}
		if to == ElectionVoting {
			reason, err := a.openVote(ctx, tx, e)
			if err != nil || reason != "" {
				return errors.Join(err, a.hold(ctx, tx, e, reason))
			}
		}
		if err := a.setStatus(ctx, tx, e, to, System); err != nil {
			return err
		}
		switch to {
		case ElectionCampaign:
			// The ballot is drawn up and the trustees' key ceremony begins.
			if err := a.openCeremony(ctx, tx, e); IsKind(err, Conflict) {
				return a.hold(ctx, tx, e, err.Error())
			} else if err != nil {
				return err
			}
		case ElectionTally:
			return a.closeVote(ctx, tx, e)
		}
		return nil
	})
	if err != nil {
		return nil, wrap(op, err)
	}
	return e, nil
}

// hold records why e does not move on at its date, once for each reason;
// the clock tries again at its next turn.
func (a *App) hold(ctx context.Context, tx Tx, e *Election, reason string) error {
	if reason == "" || reason == e.Hold {
		return nil
	}
	e.Hold = reason
	due, _ := e.due()
	if err := tx.UpdateElection(ctx, e, due); err != nil {
		return err
	}
	_, err := a.appendRecord(ctx, tx, change{Type: "election.held", Actor: System, Org: e.Org, Unit: e.Unit,
		Payload: map[string]any{"election": e.ID, "status": e.Status, "reason": reason}})
	return err
}

// setStatus moves e to status to and records it.
func (a *App) setStatus(ctx context.Context, tx Tx, e *Election, to ElectionStatus, actor Actor) error {
	from := e.Status
	e.Status = to
	due, _ := e.due()
	if err := tx.UpdateElection(ctx, e, due); err != nil {
		return err
	}
	_, err := a.appendRecord(ctx, tx, change{Type: "election.status", Actor: actor, Org: e.Org, Unit: e.Unit,
		Payload: map[string]any{"election": e.ID, "from": from, "to": to}})
	if err != nil || (to != ElectionNominations && to != ElectionVoting) {
		return err
	}
	return a.noticeElection(ctx, tx, e, string(to))
}

// extendNominations keeps (or puts) e in nominations for the constitution's
// extension period from now or from the planned close, whichever is later,
// moves the vote by as much, and records why.
func (a *App) extendNominations(ctx context.Context, tx Tx, e *Election, candidates int) error {
	from := e.Status
	now := a.now()
	start := e.Timeline.NominationsClose
	if start.Before(now) {
		start = now
	}
	newClose := start.Add(time.Duration(e.Rules.ExtensionDays) * 24 * time.Hour)
	shift := newClose.Sub(e.Timeline.NominationsClose)
	e.Timeline.NominationsClose = newClose
	e.Timeline.VotingOpen = e.Timeline.VotingOpen.Add(shift)
	e.Timeline.VotingClose = e.Timeline.VotingClose.Add(shift)
	if from == ElectionCampaign {
		// The ballot drawn up at the close of nominations is void.
		if err := tx.DeleteBallotRecord(ctx, e.ID); err != nil {
			return err
		}
	}
	e.Status, e.Hold = ElectionNominations, ""
	e.Extensions++
	due, _ := e.due()
	if err := tx.UpdateElection(ctx, e, due); err != nil {
		return err
	}
	reason := "too few candidates: an election needs more candidates than seats"
	_, err := a.appendRecord(ctx, tx, change{Type: "election.nominations_extended", Actor: System, Org: e.Org, Unit: e.Unit,
		Payload: map[string]any{"election": e.ID, "from": from, "candidates": candidates, "seats": e.Seats,
			"min_candidates": e.Rules.MinCandidates, "nominations_close": newClose, "voting_open": e.Timeline.VotingOpen,
			"voting_close": e.Timeline.VotingClose, "extensions": e.Extensions, "reason": reason}})
	if err != nil {
		return err
	}
	return a.noticeElection(ctx, tx, e, "extended")
}

// candidates counts e's candidacies: accepted nominations with the
// seconders the rules require.
func (a *App) candidates(ctx context.Context, tx Tx, e *Election) (int, error) {
	ns, err := tx.Nominations(ctx, e.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, nom := range ns {
		if nom.IsCandidate(e.Rules) {
			n++
		}
	}
	return n, nil
}

// ElectionDate is a date on which the clock moves an election on.
type ElectionDate struct {
	Election *Election
	Next     ElectionStatus // the step it moves to
	At       time.Time
}

// UpcomingElectionDates lists the elections' next dates after now, earliest
// first, at most limit of them: the dates a demonstration skips to, where
// nobody wants to wait two weeks for nominations to close. Timelines are
// public, so anyone may ask.
func (a *App) UpcomingElectionDates(ctx context.Context, limit int) ([]ElectionDate, error) {
	now := a.now()
	var due []*Election
	err := a.Store.View(ctx, func(tx Tx) (err error) {
		// Overdue elections come first and are left out below: ask for
		// enough to fill the list anyway.
		due, err = tx.DueElections(ctx, now.AddDate(10, 0, 0), limit+500)
		return err
	})
	if err != nil {
		return nil, wrap("upcoming election dates", err)
	}
	var out []ElectionDate
	for _, e := range due {
		at, byClock := e.due()
		next, ok := e.Status.Next()
		if byClock && ok && at.After(now) {
			out = append(out, ElectionDate{Election: e, Next: next, At: at})
		}
	}
	// The table orders by the next look, which a trustees' deadline may
	// bring before the date.
	slices.SortStableFunc(out, func(x, y ElectionDate) int { return x.At.Compare(y.At) })
	return out[:min(len(out), limit)], nil
}
