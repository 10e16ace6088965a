package plenum

import "context"

// Rule checks ruling r on case id by v and adopts it at once, as the body's
// vote would; the tests of cases use it until decisions take the vote.
func (a *App) Rule(ctx context.Context, v *Viewer, id CaseID, r Verdict) (*Case, error) {
	return a.caseStep(ctx, "rule", id, func(tx Tx, c *Case) error {
		if _, _, err := a.checkRuling(ctx, tx, v, c, &r); err != nil {
			return err
		}
		return a.adoptRuling(ctx, tx, c, &r)
	})
}
