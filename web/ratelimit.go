package web

import (
	"strings"
	"sync"
	"time"
)

// loginLimits bounds login attempts per client address and per account, so
// that neither one address guessing many accounts' passwords nor many
// addresses guessing one account's password get far. Counts live in memory:
// several nodes behind a load balancer each keep their own, which multiplies
// the bound by the number of nodes but never removes it.
type loginLimits struct {
	perIP, perAccount *windowLimiter
}

func newLoginLimits(cfg Config) *loginLimits {
	return &loginLimits{
		perIP:      newWindowLimiter(cfg.LoginPerIP, cfg.LoginWindow, cfg.Now),
		perAccount: newWindowLimiter(cfg.LoginPerAccount, cfg.LoginWindow, cfg.Now),
	}
}

// allow records one attempt from ip on account and says whether it may go
// ahead; when it may not, retry is how long until it may.
func (l *loginLimits) allow(ip, account string) (ok bool, retry time.Duration) {
	if ok, retry := l.perIP.allow(ip); !ok {
		return false, retry
	}
	return l.perAccount.allow(accountKey(account))
}

// succeeded forgets the failed attempts on an account once its owner got in.
func (l *loginLimits) succeeded(account string) { l.perAccount.reset(accountKey(account)) }

func accountKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// windowLimiter allows limit events per key in a fixed window that starts at
// the key's first event.
type windowLimiter struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu   sync.Mutex
	keys map[string]*window
}

type window struct {
	start time.Time
	count int
}

// maxKeys bounds the limiter's memory; beyond it, expired windows are swept.
const maxKeys = 100_000

func newWindowLimiter(limit int, d time.Duration, now func() time.Time) *windowLimiter {
	return &windowLimiter{limit: limit, window: d, now: now, keys: map[string]*window{}}
}

func (l *windowLimiter) allow(key string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.keys[key]
	if w == nil || now.Sub(w.start) >= l.window {
		if len(l.keys) >= maxKeys {
			l.sweep(now)
		}
		w = &window{start: now}
		l.keys[key] = w
	}
	if w.count >= l.limit {
		return false, w.start.Add(l.window).Sub(now)
	}
	w.count++
	return true, 0
}

func (l *windowLimiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, key)
}

func (l *windowLimiter) sweep(now time.Time) {
	for k, w := range l.keys {
		if now.Sub(w.start) >= l.window {
			delete(l.keys, k)
		}
	}
}
