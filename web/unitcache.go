package web

import (
	"context"
	"sync"
	"time"

	"plenum"
)

// unitCacheTTL bounds how stale the cached facts of a unit tree may be. Units
// change only when a constitution does, so a minute is plenty fresh, and it
// spares the pages that need the root or the list of units from loading a
// tree of thousands of units on every request.
const unitCacheTTL = time.Minute

// treeFacts are what pages need of an organization's tree besides the tree
// page itself: its first root, and its units when few enough to offer as a
// list.
type treeFacts struct {
	root    plenum.UnitID
	units   []unitRef // nil when there are more than maxUnitChoices
	fetched time.Time
}

type unitCache struct {
	mu    sync.Mutex
	byOrg map[plenum.OrgID]*treeFacts
}

// treeFacts returns the facts of org's tree, loading them when missing or
// older than unitCacheTTL.
func (s *Server) treeFacts(ctx context.Context, org plenum.OrgID) (*treeFacts, error) {
	now := s.cfg.Now()
	c := &s.units
	c.mu.Lock()
	f := c.byOrg[org]
	c.mu.Unlock()
	if f != nil && now.Sub(f.fetched) < unitCacheTTL {
		return f, nil
	}
	units, err := s.deps.App.UnitTree(ctx, org)
	if err != nil {
		return nil, err
	}
	f = &treeFacts{fetched: now}
	for _, u := range units {
		if u.Parent == 0 {
			f.root = u.ID
			break
		}
	}
	if f.root == 0 {
		return nil, errNotFound
	}
	if len(units) <= maxUnitChoices {
		f.units = unitRefs(units)
	}
	c.mu.Lock()
	if c.byOrg == nil {
		c.byOrg = map[plenum.OrgID]*treeFacts{}
	}
	c.byOrg[org] = f
	c.mu.Unlock()
	return f, nil
}
