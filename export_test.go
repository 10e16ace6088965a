package plenum

import (
	"context"
	"time"

	"plenum/secretballot"
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

// CertifyReferendum applies a referendum's result as its certification
// does, for tests that do not run the booth and the tally.
func (a *App) CertifyReferendum(ctx context.Context, id ElectionID, yes, no, voters int) error {
	return a.serialized(ctx, func(tx Tx) error {
		e, err := tx.Election(ctx, id)
		if err != nil {
			return err
		}
		return a.referendumCertified(ctx, tx, e, yes, no, voters)
	})
}

// BoardOf returns what election id's record says at its head in tx, and
// its number of events, as the election's pages read it.
func (a *App) BoardOf(ctx context.Context, tx Tx, id ElectionID) (*secretballot.Board, int, error) {
	s, err := a.boardOf(ctx, tx, id)
	if err != nil {
		return nil, 0, err
	}
	return s.Board, s.Events, nil
}

// SetBoardWarmChunk sets how many events the warm-up of the boards reads
// in one transaction, until the test ends.
func SetBoardWarmChunk(t interface{ Cleanup(func()) }, n int) {
	old := boardWarmChunk
	boardWarmChunk = n
	t.Cleanup(func() { boardWarmChunk = old })
}
