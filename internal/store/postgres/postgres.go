// Package postgres opens rotaguard's store on PostgreSQL (shared
// deployments) through pgx's database/sql driver. The store itself is
// sqlstore's shared SQL; this package supplies the DDL, the error
// classification and an advisory lock so that two servers starting at
// once cannot migrate together.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"github.com/rotaguard/rotaguard/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLockKey is the pg_advisory_lock key held while migrating.
const migrationLockKey int64 = 0x726f7461677561 // "rotagua"

// Dialect is PostgreSQL's sqlstore dialect.
var Dialect = sqlstore.Dialect{
	Name:       "postgres",
	Classify:   classify,
	Migrations: mustSub(migrations, "migrations"),
	MigrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    BIGINT PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at BIGINT NOT NULL
	)`,
	Lock: lock,
	// Fewer round trips; PostgreSQL allows 65,535 parameters a statement.
	BulkRows: 1000,
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

func lock(ctx context.Context, conn *sql.Conn) (func() error, error) {
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLockKey); err != nil {
		return nil, err
	}
	return func() error {
		_, err := conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLockKey)
		return err
	}, nil
}

// Open connects to the PostgreSQL database dsn names (a postgres:// URL or
// key=value string) and applies any pending migrations.
func Open(ctx context.Context, dsn string, logger *slog.Logger) (*sqlstore.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(4)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: connecting: %w", err)
	}
	if _, err := sqlstore.Migrate(ctx, db, Dialect, logger); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return sqlstore.New(db, Dialect, logger), nil
}

func classify(err error) sqlstore.ErrKind {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return sqlstore.ErrOther
	}
	switch pe.Code {
	case "23505": // unique_violation
		return sqlstore.ErrUnique
	case "23503": // foreign_key_violation
		return sqlstore.ErrForeignKey
	case "23502", "23514": // not_null_violation, check_violation
		return sqlstore.ErrCheck
	case "40001", "40P01", "55P03": // serialization_failure, deadlock_detected, lock_not_available
		return sqlstore.ErrBusy
	}
	return sqlstore.ErrOther
}
