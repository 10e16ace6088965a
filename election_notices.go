package plenum

import (
	"context"
	"time"
)

// noticeElection tells e's electorate that its nominations opened
// (event "nominations"), were extended for want of candidates ("extended",
// rule R2), or that its vote opened ("voting"). The notice of an election in
// which a member votes is required: no one can turn it off.
func (a *App) noticeElection(ctx context.Context, tx Tx, e *Election, event string) error {
	if e.YesNo() && event != "voting" {
		// No one stands in a recall vote or a referendum.
		return nil
	}
	if e.Decides != 0 {
		return a.secretVoteOpened(ctx, tx, e)
	}
	u, err := tx.Unit(ctx, e.Electorate)
	if err != nil {
		return err
	}
	if e.Motion != 0 {
		m, err := tx.Motion(ctx, e.Motion)
		if err != nil {
			return err
		}
		return a.notify(ctx, tx, Notice{Kind: "election", Unit: e.Electorate, Required: true,
			Subject: "referendum.notice.voting_subject", Text: "referendum.notice.voting_text",
			Args: []any{m.Title, u.Name, e.Timeline.VotingClose}, Link: "/elections/" + e.ID.String()})
	}
	off, err := tx.Office(ctx, e.Office)
	if err != nil {
		return err
	}
	var until time.Time
	switch event {
	case "voting":
		until = e.Timeline.VotingClose
	default:
		until = e.Timeline.NominationsClose
	}
	return a.notify(ctx, tx, Notice{Kind: "election", Unit: e.Electorate, Required: true,
		Subject: "notice.election." + event + ".subject", Text: "notice.election." + event + ".text",
		Args: []any{off.Name, u.Name, until}, Link: "/elections/" + e.ID.String()})
}
