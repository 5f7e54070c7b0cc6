package auth

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/sqlite"
	"github.com/rotaguard/rotaguard/internal/store/sqlstore"
)

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "auth.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var _ store.Store = (*sqlstore.DB)(nil)

func newUser(t *testing.T, st store.Store, name, pw string) roster.User {
	t.Helper()
	h, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	u := roster.User{Username: name, DisplayName: name, Role: roster.RoleWorkforce, PasswordHash: h, CreatedAt: time.Now().UTC()}
	if err := st.CreateUser(t.Context(), &u); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestSessionsExpiry(t *testing.T) {
	st := openStore(t)
	u := newUser(t, st, "sam", "a long enough password")
	c := &clock{t: time.Date(2026, 10, 24, 20, 0, 0, 0, time.UTC)} // 12 h spans the October clock change
	m := &Sessions{Store: st, Now: c.now}
	ctx := t.Context()
	tok, sess, err := m.Create(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sess.TokenHash == tok || sess.TokenHash != HashToken(tok) {
		t.Fatal("the store must hold the token's hash, not the token")
	}
	if _, err := st.GetSession(ctx, tok); !roster.IsCode(err, roster.NotFound) {
		t.Errorf("looking up the raw token in the store: %v, want not found", err)
	}
	if got := roster.Minutes(sess.ExpiresAt.Sub(sess.CreatedAt)); got != 12*60 {
		t.Errorf("session lasts %d min, want 720", got)
	}
	c.advance(SessionTTL - time.Minute)
	got, err := m.Lookup(ctx, tok)
	if err != nil || got.UserID != u.ID {
		t.Fatalf("one minute before expiry: %v, %v", got, err)
	}
	if !CheckCSRF(got, sess.CSRFToken) || CheckCSRF(got, "") || CheckCSRF(got, tok) {
		t.Error("CheckCSRF accepts the wrong token or refuses the right one")
	}
	c.advance(time.Minute)
	if _, err := m.Lookup(ctx, tok); !roster.IsCode(err, roster.Unauthorized) {
		t.Errorf("at expiry: %v, want unauthorized", err)
	}
	if _, err := st.GetSession(ctx, HashToken(tok)); !roster.IsCode(err, roster.NotFound) {
		t.Errorf("an expired session is kept after lookup: %v", err)
	}
	for _, bad := range []string{"", "not-a-token"} {
		if _, err := m.Lookup(ctx, bad); !roster.IsCode(err, roster.Unauthorized) {
			t.Errorf("Lookup(%q): %v, want unauthorized", bad, err)
		}
	}
	tok2, _, err := m.Create(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Destroy(ctx, tok2); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Lookup(ctx, tok2); !roster.IsCode(err, roster.Unauthorized) {
		t.Errorf("after sign-out: %v, want unauthorized", err)
	}
	if err := m.Destroy(ctx, tok2); err != nil {
		t.Errorf("signing out twice: %v", err)
	}
}

func TestSessionsIdleAndMaximum(t *testing.T) {
	st := openStore(t)
	u := newUser(t, st, "ida", "a long enough password")
	t0 := time.Date(2026, 3, 28, 20, 0, 0, 0, time.UTC) // spans the March clock change
	c := &clock{t: t0}
	m := &Sessions{Store: st, Now: c.now}
	ctx := t.Context()
	tok, s, err := m.Create(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	touch := func(at time.Duration, wantOK bool, wantExp time.Duration) {
		t.Helper()
		c.t = t0.Add(at)
		got, err := m.Lookup(ctx, tok)
		if err != nil {
			t.Fatalf("at +%v: %v", at, err)
		}
		next, ok, err := m.Touch(ctx, got)
		if err != nil || ok != wantOK {
			t.Fatalf("Touch at +%v: %v %v, want extended=%v", at, ok, err, wantOK)
		}
		if e := next.ExpiresAt.Sub(t0); e != wantExp {
			t.Errorf("at +%v the session expires at +%v, want +%v", at, e, wantExp)
		}
		if next.CSRFToken != s.CSRFToken || next.CreatedAt != s.CreatedAt {
			t.Errorf("Touch changed the CSRF token or creation time")
		}
	}
	touch(SessionTouchEvery-time.Minute, false, 12*time.Hour)             // too soon: no write
	touch(SessionTouchEvery, true, 12*time.Hour+SessionTouchEvery)        // extended
	touch(12*time.Hour+SessionTouchEvery-time.Minute, true, 24*time.Hour) // capped at the maximum age
	touch(24*time.Hour-time.Minute, false, 24*time.Hour)                  // cannot go further
	c.t = t0.Add(24 * time.Hour)
	if _, err := m.Lookup(ctx, tok); !roster.IsCode(err, roster.Unauthorized) {
		t.Errorf("at the maximum age: %v, want unauthorized", err)
	}
}

func TestSignIn(t *testing.T) {
	st := openStore(t)
	u := newUser(t, st, "rita", "right password here")
	dis := newUser(t, st, "gone", "right password here")
	dis.Disabled = true
	if err := st.UpdateUser(t.Context(), &dis); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 3, 29, 0, 50, 0, 0, time.UTC)}
	lim := NewLimiter(c.now)
	ctx := roster.WithActor(context.Background(), roster.Actor{Username: "test"})

	got, err := SignIn(ctx, st, lim, "rita", "right password here", "192.0.2.1")
	if err != nil || got.ID != u.ID {
		t.Fatalf("right password: %v, %v", got, err)
	}
	for _, tt := range []struct{ user, pw string }{{"rita", "wrong"}, {"nobody", "x"}, {"gone", "right password here"}} {
		if _, err := SignIn(ctx, st, lim, tt.user, tt.pw, "192.0.2.1"); !roster.IsCode(err, roster.Unauthorized) || err.Error() != "wrong username or password" {
			t.Errorf("SignIn(%s, %s): %v, want the one unauthorized message", tt.user, tt.pw, err)
		}
	}
	// rita has one failure; four more fill the window.
	for range 4 {
		c.advance(time.Minute)
		if _, err := SignIn(ctx, st, lim, "rita", "wrong", "192.0.2.1"); !roster.IsCode(err, roster.Unauthorized) {
			t.Fatalf("failure: %v", err)
		}
	}
	_, err = SignIn(ctx, st, lim, "rita", "right password here", "192.0.2.1")
	var le *LimitedError
	if !errors.As(err, &le) || !roster.IsCode(err, roster.Forbidden) {
		t.Fatalf("sixth attempt with the right password: %v, want LimitedError", err)
	}
	if _, err := SignIn(ctx, st, lim, "rita", "right password here", "198.51.100.7"); err != nil {
		t.Errorf("another address is limited too: %v", err)
	}
	c.advance(DefaultWindow - 4*time.Minute) // the first failure leaves the window
	if _, err := SignIn(ctx, st, lim, "rita", "right password here", "192.0.2.1"); err != nil {
		t.Errorf("after the window: %v", err)
	}
	audit, err := st.ListAudit(ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, e := range audit {
		counts[e.Action]++
	}
	if counts["sign_in"] != 3 || counts["sign_in_failed"] != 7 {
		t.Errorf("audit sign_in=%d sign_in_failed=%d, want 3 and 7 (%v)", counts["sign_in"], counts["sign_in_failed"], counts)
	}
}
