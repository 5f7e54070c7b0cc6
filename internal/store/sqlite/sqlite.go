// Package sqlite opens rotaguard's embedded SQLite database (the default):
// one file, WAL journal, foreign keys on, synchronous=FULL so that a
// committed change is on disk before the commit returns, write
// transactions begun IMMEDIATE so they queue on busy_timeout rather than
// fail, STRICT tables. The store itself is sqlstore's shared SQL.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/rotaguard/rotaguard/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// BusyTimeoutMillis is how long a statement waits for another connection's
// write lock before SQLITE_BUSY.
const BusyTimeoutMillis = 5000

// Dialect is SQLite's sqlstore dialect.
var Dialect = sqlstore.Dialect{
	Name:       "sqlite",
	Classify:   classify,
	Migrations: mustSub(migrations, "migrations"),
	MigrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at INTEGER NOT NULL
	) STRICT`,
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// DSN returns the driver connection string for the database file path.
func DSN(path string) string {
	q := url.Values{}
	for _, p := range []string{
		fmt.Sprintf("busy_timeout(%d)", BusyTimeoutMillis),
		"journal_mode(WAL)",
		"foreign_keys(1)",
		"synchronous(FULL)",
		// Statement journals (multi-row INSERTs) in memory, not temp files,
		// and a 32 MiB page cache per connection, so a 150,000-row import
		// does not spill pages to disk before it commits.
		"temp_store(MEMORY)",
		"cache_size(-32768)",
	} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if need be) the SQLite database at path and applies
// any pending migrations.
func Open(ctx context.Context, path string, logger *slog.Logger) (*sqlstore.DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: no database file given")
	}
	if path == ":memory:" || strings.HasPrefix(path, "file::memory:") {
		return nil, errors.New("sqlite: in-memory databases are not supported (each pooled connection would see its own); use a file in a temporary directory")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite: database file name %q must not contain ? or #", path)
	}
	// The file holds special-category data and password hashes: create it
	// readable by its owner only (SQLite gives the -wal and -shm files the
	// same permissions).
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("sqlite: creating %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return nil, fmt.Errorf("sqlite: opening %s: %w", path, err)
	}
	// Readers run concurrently under WAL; writers queue on the IMMEDIATE lock.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	if err := ping(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: opening %s: %w", path, err)
	}
	if _, err := sqlstore.Migrate(ctx, db, Dialect, logger); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	return sqlstore.New(db, Dialect, logger), nil
}

// ping opens a first connection, setting its pragmas. When several
// processes open a new database at once, the one switching it to WAL holds
// a lock that SQLite reports to the others' set-up as busy at once, without
// waiting on busy_timeout; so a busy set-up is retried, for as long as
// busy_timeout would have waited.
func ping(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(BusyTimeoutMillis * time.Millisecond)
	for {
		err := db.PingContext(ctx)
		if err == nil || classify(err) != sqlstore.ErrBusy || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func classify(err error) sqlstore.ErrKind {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return sqlstore.ErrOther
	}
	code := se.Code()
	switch code {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return sqlstore.ErrUnique
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return sqlstore.ErrForeignKey
	case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return sqlstore.ErrCheck
	}
	switch code & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return sqlstore.ErrBusy
	case sqlite3.SQLITE_CONSTRAINT:
		msg := se.Error()
		switch {
		case strings.Contains(msg, "UNIQUE"):
			return sqlstore.ErrUnique
		case strings.Contains(msg, "FOREIGN KEY"):
			return sqlstore.ErrForeignKey
		}
		return sqlstore.ErrCheck
	}
	return sqlstore.ErrOther
}
