package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Migration is one embedded migration file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists d's migrations in version order.
func Migrations(d Dialect) ([]Migration, error) {
	entries, err := fs.ReadDir(d.Migrations, ".")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".sql" {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_description.sql", name)
		}
		b, err := fs.ReadFile(d.Migrations, name)
		if err != nil {
			return nil, err
		}
		if len(ms) > 0 && ms[len(ms)-1].Version == v {
			return nil, fmt.Errorf("migrations %s and %s have the same version", ms[len(ms)-1].Name, name)
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	return ms, nil
}

// Migrate applies every migration not yet applied, each in its own
// transaction, holding the dialect's migration lock, and returns the
// schema version reached. A database newer than this program is refused.
func Migrate(ctx context.Context, db *sql.DB, d Dialect, logger *slog.Logger) (int, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ms, err := Migrations(d)
	if err != nil {
		return 0, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	if d.Lock != nil {
		unlock, err := d.Lock(ctx, conn)
		if err != nil {
			return 0, fmt.Errorf("migrate: taking the migration lock: %w", err)
		}
		defer func() {
			if err := unlock(); err != nil {
				logger.Warn("releasing the migration lock", "err", err)
			}
		}()
	}
	if _, err := conn.ExecContext(ctx, d.MigrationsTable); err != nil {
		return 0, fmt.Errorf("migrate: creating schema_migrations: %w", err)
	}
	current, err := schemaVersion(ctx, conn)
	if err != nil {
		return 0, err
	}
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].Version
	}
	if current > latest {
		return current, fmt.Errorf("the database is at schema version %d but this rotaguard knows only up to %d: upgrade rotaguard", current, latest)
	}
	for _, m := range ms {
		if err := apply(ctx, conn, m); err != nil {
			return 0, fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return schemaVersion(ctx, conn)
}

func apply(ctx context.Context, conn *sql.Conn, m Migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	// Checked inside the transaction: another process may have applied it
	// while this one waited.
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.Version, m.Name, time.Now().Unix()); err != nil {
		return err
	}
	return tx.Commit()
}

type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func schemaVersion(ctx context.Context, q rowQuerier) (int, error) {
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("reading the schema version: %w", err)
	}
	return int(v.Int64), nil
}

// SchemaVersion returns the highest migration applied (0 if none).
func (s *DB) SchemaVersion(ctx context.Context) (int, error) {
	return schemaVersion(ctx, s.db)
}
