package auth

import (
	"strings"
	"sync"
	"time"
)

// Sign-in rate limit defaults: 5 failures per username and address in 15 minutes.
const (
	DefaultMaxFailures = 5
	DefaultWindow      = 15 * time.Minute
)

// Limiter counts failed sign-ins per key (username and client address) in
// a sliding window. Once Max failures fall inside Window, Allow refuses
// until the oldest of them leaves it. A success clears the key.
type Limiter struct {
	Max    int
	Window time.Duration
	Now    func() time.Time // injectable clock; time.Now if nil

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewLimiter returns a limiter with the defaults.
func NewLimiter(now func() time.Time) *Limiter {
	return &Limiter{Max: DefaultMaxFailures, Window: DefaultWindow, Now: now}
}

// Key is the limiter key for a username and client address.
// Usernames are compared without case, so "Alice" and "alice" share a count.
func Key(username, addr string) string { return strings.ToLower(username) + "\x00" + addr }

func (l *Limiter) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// prune drops failures older than the window; call with mu held.
func (l *Limiter) prune(key string, now time.Time) []time.Time {
	fs := l.failures[key]
	i := 0
	for i < len(fs) && !now.Before(fs[i].Add(l.Window)) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(l.failures, key)
	} else {
		l.failures[key] = fs
	}
	return fs
}

// Allow reports whether a sign-in attempt for key may go ahead, and if not
// how long until it may.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	fs := l.prune(key, now)
	if len(fs) < l.Max {
		return true, 0
	}
	return false, fs[len(fs)-l.Max].Add(l.Window).Sub(now)
}

// Fail records a failed attempt for key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.failures == nil {
		l.failures = map[string][]time.Time{}
	}
	now := l.now()
	l.prune(key, now)
	l.failures[key] = append(l.failures[key], now)
	// Bound memory under a flood of distinct keys: forget stale keys.
	if len(l.failures) > 10000 {
		for k := range l.failures {
			l.prune(k, now)
		}
	}
}

// Succeed clears key after a successful sign-in.
func (l *Limiter) Succeed(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}
