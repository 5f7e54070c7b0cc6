// Package storeopen opens the store a DSN names: a PostgreSQL URL
// (postgres://… or postgresql://…) or else an SQLite database file
// (default rotaguard.db), migrating it on open.
package storeopen

import (
	"context"
	"log/slog"
	"strings"

	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/postgres"
	"github.com/rotaguard/rotaguard/internal/store/sqlite"
)

// DefaultDSN is the database used when none is given: an SQLite file in
// the working directory.
const DefaultDSN = "rotaguard.db"

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens and migrates the database dsn names: "" means DefaultDSN;
// postgres:// or postgresql:// URLs open PostgreSQL; anything else is an
// SQLite file path (a "file:" or "sqlite:" prefix is allowed).
func Open(ctx context.Context, dsn string, logger *slog.Logger) (store.Store, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if IsPostgres(dsn) {
		return postgres.Open(ctx, dsn, logger)
	}
	return sqlite.Open(ctx, SQLitePath(dsn), logger)
}

// SQLitePath returns the file path an SQLite dsn names.
func SQLitePath(dsn string) string {
	if dsn == "" {
		return DefaultDSN
	}
	for _, p := range []string{"sqlite://", "sqlite:", "file:"} {
		if rest, ok := strings.CutPrefix(dsn, p); ok {
			return rest
		}
	}
	return dsn
}

// Redact returns dsn with any password replaced, for logs and messages.
func Redact(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	scheme, rest, _ := strings.Cut(dsn, "://")
	userinfo, host, ok := strings.Cut(rest, "@")
	if !ok {
		return dsn
	}
	if user, _, hasPw := strings.Cut(userinfo, ":"); hasPw {
		return scheme + "://" + user + ":xxxxx@" + host
	}
	return dsn
}
