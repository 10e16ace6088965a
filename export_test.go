package plenum

import "context"

// CertifyRecallVote applies a recall vote's result as its certification
// does, for tests that do not run the booth and the tally.
func (a *App) CertifyRecallVote(ctx context.Context, id ElectionID, yes, no, voters int) error {
	return a.serialized(ctx, func(tx Tx) error {
		e, err := tx.Election(ctx, id)
		if err != nil {
			return err
		}
		return a.recallCertified(ctx, tx, e, yes, no, voters)
	})
}
