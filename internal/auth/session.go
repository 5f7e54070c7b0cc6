package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// SessionStore is the part of store.Store sessions need.
type SessionStore interface {
	CreateSession(ctx context.Context, s roster.Session) error
	GetSession(ctx context.Context, tokenHash string) (roster.Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) error
	InTx(ctx context.Context, fn func(tx store.Tx) error) error
}

// Session lifetimes: a session ends after SessionTTL without a request
// (idle), and in any case SessionMaxAge after sign-in. Touch extends the
// idle expiry at most every SessionTouchEvery, so most requests write nothing.
const (
	SessionTTL        = 12 * time.Hour
	SessionMaxAge     = 24 * time.Hour
	SessionTouchEvery = 15 * time.Minute
)

// Sessions creates and checks sign-in sessions. The browser holds a random
// token; the store holds only its SHA-256 hash, so a copy of the database
// cannot be used to sign in.
type Sessions struct {
	Store SessionStore
	Now   func() time.Time // injectable clock; time.Now if nil
	TTL   time.Duration    // SessionTTL if zero
}

func (m *Sessions) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// NewToken returns 32 random bytes, base64url encoded.
func NewToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand panics if the OS cannot supply)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is what the store keeps for a session token.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Create starts a session for userID and returns the token for the cookie.
func (m *Sessions) Create(ctx context.Context, userID roster.ID) (string, roster.Session, error) {
	ttl := m.TTL
	if ttl == 0 {
		ttl = SessionTTL
	}
	token := NewToken()
	now := m.now().UTC()
	s := roster.Session{
		TokenHash: HashToken(token),
		UserID:    userID,
		CSRFToken: NewToken(),
		CreatedAt: now,
		ExpiresAt: now.Add(ttl),
	}
	if err := m.Store.CreateSession(ctx, s); err != nil {
		return "", roster.Session{}, err
	}
	return token, s, nil
}

// Lookup returns the live session for token, or a roster.Unauthorized
// error if there is none or it has expired (an expired session is deleted).
func (m *Sessions) Lookup(ctx context.Context, token string) (roster.Session, error) {
	if token == "" {
		return roster.Session{}, roster.Errorf(roster.Unauthorized, "please sign in")
	}
	h := HashToken(token)
	s, err := m.Store.GetSession(ctx, h)
	if roster.IsCode(err, roster.NotFound) {
		return roster.Session{}, roster.Errorf(roster.Unauthorized, "your session has ended: please sign in again")
	}
	if err != nil {
		return roster.Session{}, err
	}
	if !m.now().Before(s.ExpiresAt) {
		_ = m.Store.DeleteSession(ctx, h)
		return roster.Session{}, roster.Errorf(roster.Unauthorized, "your session has expired: please sign in again")
	}
	return s, nil
}

// Touch extends a live session's idle expiry to now + TTL (never past
// CreatedAt + SessionMaxAge), rewriting it in one transaction with the
// same token and CSRF token. It does nothing (and reports false) when the
// session was extended less than SessionTouchEvery ago.
func (m *Sessions) Touch(ctx context.Context, s roster.Session) (roster.Session, bool, error) {
	ttl := m.TTL
	if ttl == 0 {
		ttl = SessionTTL
	}
	now := m.now().UTC()
	lastTouched := s.ExpiresAt.Add(-ttl)
	if now.Sub(lastTouched) < SessionTouchEvery {
		return s, false, nil
	}
	exp := now.Add(ttl)
	if limit := s.CreatedAt.Add(SessionMaxAge); exp.After(limit) {
		exp = limit
	}
	if !exp.After(s.ExpiresAt) {
		return s, false, nil
	}
	next := s
	next.ExpiresAt = exp
	err := m.Store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.DeleteSession(ctx, s.TokenHash); err != nil {
			return err
		}
		return tx.CreateSession(ctx, next)
	})
	if err != nil {
		return s, false, err
	}
	return next, true, nil
}

// Destroy ends the session for token (signing out).
func (m *Sessions) Destroy(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	err := m.Store.DeleteSession(ctx, HashToken(token))
	if roster.IsCode(err, roster.NotFound) {
		return nil
	}
	return err
}

// CheckCSRF reports whether got is the session's CSRF token (constant time).
func CheckCSRF(s roster.Session, got string) bool {
	return s.CSRFToken != "" && subtle.ConstantTimeCompare([]byte(s.CSRFToken), []byte(got)) == 1
}
