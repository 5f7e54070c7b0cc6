package auth

import (
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestLimiterThresholds(t *testing.T) {
	c := &clock{t: time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)} // the night the clocks go back
	l := NewLimiter(c.now)
	k := Key("alice", "192.0.2.1")
	for i := 1; i <= DefaultMaxFailures; i++ {
		if ok, _ := l.Allow(k); !ok {
			t.Fatalf("attempt %d refused; the first %d must be allowed", i, DefaultMaxFailures)
		}
		l.Fail(k)
		c.advance(time.Minute)
	}
	// 5 failures at 00:30..00:34; now 00:35.
	ok, wait := l.Allow(k)
	if ok {
		t.Fatal("sixth attempt allowed after 5 failures")
	}
	if wait != 10*time.Minute {
		t.Errorf("wait %v, want 10m0s (until the first failure is 15 min old)", wait)
	}
	// Other keys are not affected: another address, another username.
	if ok, _ := l.Allow(Key("alice", "192.0.2.2")); !ok {
		t.Error("another address is limited")
	}
	if ok, _ := l.Allow(Key("ALICE", "192.0.2.1")); ok {
		t.Error("the same username in capitals is not limited")
	}
	if ok, _ := l.Allow(Key("bob", "192.0.2.1")); !ok {
		t.Error("another username is limited")
	}
	// One minute before the first failure leaves the window: still refused.
	c.advance(9 * time.Minute) // 00:44
	if ok, _ := l.Allow(k); ok {
		t.Error("allowed at 14 min after the first failure")
	}
	// Exactly 15 min after the first failure it has left the window.
	c.advance(time.Minute) // 00:45
	if ok, _ := l.Allow(k); !ok {
		t.Error("refused exactly 15 min after the first failure")
	}
	// One more failure fills the window again.
	l.Fail(k)
	if ok, _ := l.Allow(k); ok {
		t.Error("allowed with 5 failures in the window")
	}
	// Success clears.
	l.Succeed(k)
	if ok, _ := l.Allow(k); !ok {
		t.Error("refused after a successful sign-in")
	}
}

func TestLimiterForgetsStaleKeys(t *testing.T) {
	c := &clock{t: time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC)}
	l := NewLimiter(c.now)
	l.Fail("a")
	c.advance(DefaultWindow)
	l.Allow("a")
	if len(l.failures) != 0 {
		t.Errorf("stale key kept: %v", l.failures)
	}
}
