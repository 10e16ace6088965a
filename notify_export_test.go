package plenum

import "context"

// Notify sends n in a transaction of its own, for tests of other packages.
func (a *App) Notify(ctx context.Context, n Notice) error {
	return a.Store.Update(ctx, func(tx Tx) error { return a.notify(ctx, tx, n) })
}

// DigestCutoff is digestCutoff, for tests.
var DigestCutoff = digestCutoff
