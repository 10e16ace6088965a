package web

import (
	"context"
	"sync"
	"time"

	"plenum"
)

// unitCacheTTL bounds how stale the cached names of organizations and facts
// of unit trees may be. Units change only when a constitution does, so a
// minute is plenty fresh, and it spares the pages that need the root or the
// list of units from loading a tree of thousands of units on every request.
const unitCacheTTL = time.Minute

// treeFacts are what pages need of an organization's tree besides the tree
// page itself: its first root, and its units when few enough to offer as a
// list.
type treeFacts struct {
	root    plenum.UnitID
	units   []unitRef // nil when there are more than maxUnitChoices
	fetched time.Time
}

// cache holds what pages look up on nearly every request and what changes
// rarely: the organizations, and facts of their unit trees.
type cache struct {
	mu      sync.Mutex
	byOrg   map[plenum.OrgID]*treeFacts
	orgs    map[plenum.OrgID]*plenum.Organization
	orgsAge time.Time
}

// orgByID finds the organization a unit, office or member belongs to. An
// unknown ID reloads the list at once, so a new organization shows at once.
func (s *Server) orgByID(ctx context.Context, id plenum.OrgID) (*plenum.Organization, error) {
	now := s.cfg.Now()
	c := &s.cache
	c.mu.Lock()
	o, fresh := c.orgs[id], now.Sub(c.orgsAge) < unitCacheTTL
	c.mu.Unlock()
	if o != nil && fresh {
		return o, nil
	}
	orgs, err := s.deps.App.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[plenum.OrgID]*plenum.Organization, len(orgs))
	for _, o := range orgs {
		byID[o.ID] = o
	}
	c.mu.Lock()
	c.orgs, c.orgsAge = byID, now
	c.mu.Unlock()
	if o := byID[id]; o != nil {
		return o, nil
	}
	return nil, errNotFound
}

// treeFacts returns the facts of org's tree, loading them when missing or
// older than unitCacheTTL.
func (s *Server) treeFacts(ctx context.Context, org plenum.OrgID) (*treeFacts, error) {
	now := s.cfg.Now()
	c := &s.cache
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
