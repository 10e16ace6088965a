package plenum

import (
	"sync"
	"time"
)

// LoginLimiter limits failed logins per key (an email address, or a client
// address the web layer passes): after Max failures within Window, further
// attempts are refused until the oldest failure is Window old. It lives in
// memory, per process; behind several serve nodes each node counts its own.
type LoginLimiter struct {
	Max    int
	Window time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewLoginLimiter returns a limiter of max failures per window.
func NewLoginLimiter(max int, window time.Duration) *LoginLimiter {
	return &LoginLimiter{Max: max, Window: window, failures: map[string][]time.Time{}}
}

// Allow reports whether key may try again at now.
func (l *LoginLimiter) Allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(key, now)) < l.Max
}

// Fail counts a failed attempt by key at now.
func (l *LoginLimiter) Fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures[key] = append(l.recent(key, now), now)
	if len(l.failures) > 100000 {
		l.sweep(now) // keep memory bounded under a spray of keys
	}
}

// Reset forgets the failures of key after a successful login.
func (l *LoginLimiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

func (l *LoginLimiter) recent(key string, now time.Time) []time.Time {
	ts := l.failures[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.Window {
		i++
	}
	if i == len(ts) {
		delete(l.failures, key)
		return nil
	}
	ts = ts[i:]
	l.failures[key] = ts
	return ts
}

func (l *LoginLimiter) sweep(now time.Time) {
	for k := range l.failures {
		l.recent(k, now)
	}
}
