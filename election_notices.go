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
	off, err := tx.Office(ctx, e.Office)
	if err != nil {
		return err
	}
	u, err := tx.Unit(ctx, e.Electorate)
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
