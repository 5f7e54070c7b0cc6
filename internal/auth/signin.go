package auth

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// UserStore is the part of store.Accounts sign-in needs.
type UserStore interface {
	GetUserByUsername(ctx context.Context, username string) (roster.User, error)
	AddAudit(ctx context.Context, e roster.AuditEntry) error
}

// SignIn checks a username and password with rate limiting per username
// and client address, and writes a sign_in audit entry (on failure too).
// Every failure is the same roster.Unauthorized error so that the reply
// does not tell whether the username exists; a limited attempt is
// roster.Forbidden with the wait.
func SignIn(ctx context.Context, users UserStore, lim *Limiter, username, password, addr string) (roster.User, error) {
	key := Key(username, addr)
	if ok, wait := lim.Allow(key); !ok {
		return roster.User{}, &LimitedError{Wait: wait}
	}
	fail := func(note string) (roster.User, error) {
		lim.Fail(key)
		_ = users.AddAudit(ctx, roster.AuditEntry{At: time.Now().UTC(), Actor: username,
			Action: "sign_in_failed", Entity: "user", Note: note + " from " + addr})
		return roster.User{}, roster.Errorf(roster.Unauthorized, "wrong username or password")
	}
	u, err := users.GetUserByUsername(ctx, username)
	if roster.IsCode(err, roster.NotFound) {
		// Spend the same time as a real check so timing does not reveal the username.
		_, _ = CheckPassword(dummyHash(), password)
		return fail("unknown username")
	}
	if err != nil {
		return roster.User{}, err
	}
	ok, err := CheckPassword(u.PasswordHash, password)
	if err != nil || !ok {
		return fail("wrong password")
	}
	if u.Disabled {
		return fail("account disabled")
	}
	lim.Succeed(key)
	_ = users.AddAudit(ctx, roster.AuditEntry{At: time.Now().UTC(), ActorID: u.ID, Actor: u.Username,
		Action: "sign_in", Entity: "user", EntityID: u.ID, Note: "from " + addr})
	return u, nil
}

// LimitedError is returned while sign-ins for a username and address are
// refused; it unwraps to a roster.Forbidden error.
type LimitedError struct{ Wait time.Duration }

func (e *LimitedError) Error() string { return e.Unwrap().Error() }

// Unwrap returns the roster error for people.
func (e *LimitedError) Unwrap() error {
	mins := int((e.Wait + time.Minute - 1) / time.Minute)
	return &roster.Error{Code: roster.Forbidden,
		Message: fmt.Sprintf("too many failed sign-ins: try again in %d minute(s)", mins)}
}

var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("rotaguard-dummy-password")
	return h
})
