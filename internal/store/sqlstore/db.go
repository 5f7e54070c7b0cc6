package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// DB is an open database: a store.Store.
type DB struct {
	ops
	db     *sql.DB
	d      Dialect
	logger *slog.Logger
	// now is the clock used for audit entries; time.Now unless set by WithClock.
	now func() time.Time
}

var _ store.Store = (*DB)(nil)

// New wraps an open, migrated *sql.DB. The DB takes ownership: Close closes it.
func New(db *sql.DB, d Dialect, logger *slog.Logger) *DB {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &DB{db: db, d: d, logger: logger, now: time.Now}
	s.ops = ops{s: s}
	return s
}

// WithClock sets the clock used to time audit entries (tests).
func (s *DB) WithClock(now func() time.Time) { s.now = now }

// SQL returns the underlying *sql.DB (for maintenance and tests).
func (s *DB) SQL() *sql.DB { return s.db }

// Driver is "sqlite" or "postgres".
func (s *DB) Driver() string { return s.d.Name }

// Close closes the database.
func (s *DB) Close() error { return s.db.Close() }

// InTx runs fn in one transaction: committed if fn returns nil, rolled back
// otherwise (and on panic). Each method called on tx runs inside a
// savepoint, so a method that fails leaves nothing of itself behind even
// if fn carries on. Inside fn use only tx: on SQLite a write through the
// Store itself would wait for the transaction's own write lock.
func (s *DB) InTx(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		return fn(&ops{s: s, tx: tx})
	})
}

// inTx runs fn in a transaction. Beginning is retried with back-off while
// the database is busy (SQLite: another process holds the write lock for
// longer than busy_timeout), for as long as ctx allows.
func (s *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	var tx *sql.Tx
	backoff := 10 * time.Millisecond
	for attempt := 1; ; attempt++ {
		tx, err = s.db.BeginTx(ctx, nil)
		if err == nil {
			break
		}
		if s.d.Classify(err) != ErrBusy || attempt == 8 {
			return s.mapErr(err, nil)
		}
		s.logger.WarnContext(ctx, "database busy, retrying", "attempt", attempt, "wait", backoff)
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("database busy: %w", ctx.Err())
		case <-t.C:
		}
		backoff *= 2
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			s.logger.ErrorContext(ctx, "rollback failed", "err", rbErr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return s.mapErr(err, nil)
	}
	return nil
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// ops implements store.Tx, either on its own transaction per mutating
// method (tx == nil) or inside the caller's transaction.
type ops struct {
	s  *DB
	tx *sql.Tx
}

var _ store.Tx = (*ops)(nil)

// q returns what reads go through.
func (o *ops) q() querier {
	if o.tx != nil {
		return o.tx
	}
	return o.s.db
}

// write runs fn in a transaction: a fresh one, or a savepoint inside the
// caller's.
func (o *ops) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if o.tx == nil {
		return o.s.inTx(ctx, fn)
	}
	if _, err := o.tx.ExecContext(ctx, "SAVEPOINT rotaguard_op"); err != nil {
		return o.s.mapErr(err, nil)
	}
	if err := fn(o.tx); err != nil {
		bg := context.WithoutCancel(ctx)
		if _, rbErr := o.tx.ExecContext(bg, "ROLLBACK TO SAVEPOINT rotaguard_op"); rbErr == nil {
			_, _ = o.tx.ExecContext(bg, "RELEASE SAVEPOINT rotaguard_op")
		}
		return err
	}
	if _, err := o.tx.ExecContext(ctx, "RELEASE SAVEPOINT rotaguard_op"); err != nil {
		return o.s.mapErr(err, nil)
	}
	return nil
}

// constraintMessages tells mapErr what a constraint violation means for
// the operation at hand. Nil fields fall back to generic messages.
type constraintMessages struct {
	unique     *roster.Error
	foreignKey *roster.Error
}

// mapErr translates a driver error into a roster.Error: the one place where
// driver errors become domain errors.
func (s *DB) mapErr(err error, m *constraintMessages) error {
	if err == nil {
		return nil
	}
	var re *roster.Error
	if errors.As(err, &re) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		// Kept as is (code internal) so that callers can tell with errors.Is.
		return fmt.Errorf("database: %w", err)
	}
	switch s.d.Classify(err) {
	case ErrUnique:
		if m != nil && m.unique != nil {
			return m.unique
		}
		return roster.Errorf(roster.Conflict, "this would duplicate a record that must be unique")
	case ErrForeignKey:
		if m != nil && m.foreignKey != nil {
			return m.foreignKey
		}
		return roster.Errorf(roster.Invalid, "this refers to a record that does not exist, or is still referred to by other records")
	case ErrCheck:
		return roster.Errorf(roster.Invalid, "a value is missing or out of range")
	case ErrBusy:
		return roster.Errorf(roster.Internal, "the database is busy; try again")
	}
	return &roster.Error{Code: roster.Internal, Message: fmt.Sprintf("database error: %v", err)}
}

// audit appends an entry in tx, taking the actor from ctx.
func (o *ops) audit(ctx context.Context, tx *sql.Tx, action, entity string, id roster.ID, before, after any, note string) error {
	e := roster.AuditEntry{Action: action, Entity: entity, EntityID: id, Note: note}
	if before != nil {
		b, err := json.Marshal(before)
		if err != nil {
			return err
		}
		e.Before = string(b)
	}
	if after != nil {
		b, err := json.Marshal(after)
		if err != nil {
			return err
		}
		e.After = string(b)
	}
	return o.insertAudit(ctx, tx, e)
}

func (o *ops) insertAudit(ctx context.Context, q querier, e roster.AuditEntry) error {
	if e.ActorID == 0 && e.Actor == "" {
		a := roster.ActorFrom(ctx)
		e.ActorID, e.Actor = a.UserID, a.Username
	}
	if e.At.IsZero() {
		e.At = o.s.now()
	}
	_, err := q.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, before_json, after_json, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		e.At.Unix(), e.ActorID, e.Actor, e.Action, e.Entity, e.EntityID, e.Before, e.After, e.Note)
	return o.s.mapErr(err, nil)
}

// notFound is the error for a missing row.
func notFound(what string, id any) error {
	return roster.Errorf(roster.NotFound, "%s %v not found", what, id)
}

// stale is the error for an edit made to an out-of-date copy.
func stale(what string, id roster.ID, have, want int64) error {
	return &roster.Error{Code: roster.Conflict, Field: "version",
		Message: fmt.Sprintf("%s %d was changed by someone else since you opened it (you had version %d, it is now at version %d); reload it and make your change again", what, id, have, want)}
}

// checkVersion returns stale if the stored version is not the one the caller read.
func checkVersion(what string, id roster.ID, have, stored int64) error {
	if have != stored {
		return stale(what, id, have, stored)
	}
	return nil
}

// updated checks an UPDATE/DELETE … WHERE id = ? AND version = ? hit its row.
func (s *DB) updated(res sql.Result, err error, what string, id roster.ID, have int64) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return s.mapErr(err, nil)
	}
	if n != 1 {
		return &roster.Error{Code: roster.Conflict, Field: "version",
			Message: fmt.Sprintf("%s %d was changed by someone else since you opened it (you had version %d); reload it and make your change again", what, id, have)}
	}
	return nil
}

// Helpers converting between Go values and columns.

func nullID(id roster.ID) any {
	if id == 0 {
		return nil
	}
	return id
}

func unix(t time.Time) int64 { return t.Unix() }

func fromUnix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

func dateText(d roster.Date) string { return d.String() }

func parseDate(s string) roster.Date {
	d, _ := roster.ParseDate(s)
	return d
}

// scanner is *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// likePattern turns a search into a case-insensitive LIKE pattern.
func likePattern(s string) string {
	var b []byte
	for _, r := range []byte(strings.ToLower(s)) {
		if r == '%' || r == '_' || r == '\\' {
			b = append(b, '\\')
		}
		b = append(b, r)
	}
	return "%" + string(b) + "%"
}
