package plenum

import (
	"context"
	"time"
)

// GainTerm gives member a term of office as a certification does, with
// the checks a certification makes, for tests that run no election.
func (a *App) GainTerm(ctx context.Context, office OfficeID, member MemberID, end time.Time) (*Term, error) {
	t := &Term{Office: office, Holder: member, Start: a.now(), End: end}
	err := a.serialized(ctx, func(tx Tx) error {
		if err := tx.CreateTerm(ctx, t); err != nil {
			return err
		}
		return a.termsGained(ctx, tx, []*Term{t})
	})
	return t, err
}
