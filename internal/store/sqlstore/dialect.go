// Package sqlstore implements store.Store once, in plain $1-style SQL
// through database/sql, for every engine rotaguard supports. An engine
// package (store/sqlite, store/postgres) supplies the driver connection,
// its migrations (the only dialect-specific SQL) and a Dialect that
// classifies the driver's errors; everything else lives here.
package sqlstore

import (
	"context"
	"database/sql"
	"io/fs"
)

// ErrKind is what a driver error means to the store.
type ErrKind int

// Error kinds a Dialect reports.
const (
	ErrOther      ErrKind = iota
	ErrUnique             // a unique constraint was violated
	ErrForeignKey         // a foreign-key constraint was violated
	ErrCheck              // a CHECK or NOT NULL constraint was violated
	ErrBusy               // the database is locked or the transaction must be retried
)

// Dialect is what differs between engines, apart from the DDL.
type Dialect struct {
	// Name is "sqlite" or "postgres" (store.Store.Driver).
	Name string
	// Classify says what a driver error means.
	Classify func(err error) ErrKind
	// Migrations holds the engine's migrations: files named
	// NNNN_description.sql at the top level, applied in order.
	Migrations fs.FS
	// MigrationsTable is the DDL creating schema_migrations if it does not exist.
	MigrationsTable string
	// Lock takes a lock that stops two processes migrating the same
	// database at once, on conn; unlock releases it. Nil for engines whose
	// migration transactions already exclude each other (SQLite).
	Lock func(ctx context.Context, conn *sql.Conn) (unlock func() error, err error)
	// BulkRows is how many rows one multi-row INSERT carries in
	// CreateAssignments (0: 64). A tuning knob, not SQL.
	BulkRows int
}
