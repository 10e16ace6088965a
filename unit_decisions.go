package plenum

import (
	"context"
	"slices"
)

// ClosedDecisions are a unit's decisions once voted, with their bodies.
type ClosedDecisions struct {
	Unit      *Unit
	Decisions []*Decision // newest closing first
	Bodies    map[BodyID]*Body
}

// UnitDecisions lists up to limit (1 to 100) of the decisions the bodies of
// a unit closed by vote (adopted, rejected, or failed for want of a
// quorum; not withdrawn proposals), newest first, as v may see them:
// internal ones only for members of the unit. Anyone may call it; the
// unit's public feed calls it as a visitor. Errors: NotFound.
func (a *App) UnitDecisions(ctx context.Context, v *Viewer, unit UnitID, limit int) (*ClosedDecisions, error) {
	limit = min(max(limit, 1), 100)
	c := &ClosedDecisions{Bodies: map[BodyID]*Body{}}
	err := a.Store.View(ctx, func(tx Tx) error {
		var err error
		if c.Unit, err = tx.Unit(ctx, unit); err != nil {
			return err
		}
		bodies, err := tx.Bodies(ctx, unit)
		if err != nil {
			return err
		}
		for _, b := range bodies {
			c.Bodies[b.ID] = b
			// A body's newest proposals are a superset of its newest closings
			// but for votes still running: a page of twice the limit suffices
			// in practice, and a feed need not be exhaustive.
			ds, err := tx.BodyDecisions(ctx, DecisionQuery{Body: b.ID, Limit: 2 * limit, Internal: v.SeesInternal(unit)})
			if err != nil {
				return err
			}
			for _, d := range ds {
				if d.IsClosed() && d.Status != DecisionWithdrawn {
					c.Decisions = append(c.Decisions, d)
				}
			}
		}
		return nil
	})
	slices.SortFunc(c.Decisions, func(x, y *Decision) int { return y.Closed.Compare(x.Closed) })
	c.Decisions = c.Decisions[:min(len(c.Decisions), limit)]
	return c, wrap("unit decisions", err)
}
