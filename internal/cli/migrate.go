package cli

import (
	"context"
	"fmt"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/storeopen"
)

func init() {
	register(command{name: "migrate", summary: "create or upgrade the database schema", run: runMigrate})
}

// dbFlagHelp is the help text of every --db flag.
const dbFlagHelp = "database: an SQLite file path, or a postgres:// or postgresql:// URL (ROTAGUARD_DB)"

// openStoreDSN opens (and migrates) the database dsn names, acting as the
// command-line user in the audit log.
func openStoreDSN(ctx context.Context, env *Env, dsn string) (store.Store, error) {
	st, err := storeopen.Open(ctx, dsn, env.Logger)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", storeopen.Redact(dsn), err)
	}
	return st, nil
}

// cliActor is who the audit log records for changes made from the command line.
func cliActor(env *Env) roster.Actor {
	name := "cli"
	if u := env.Getenv("USER"); u != "" {
		name += ":" + u
	}
	return roster.Actor{Username: name}
}

func runMigrate(ctx context.Context, env *Env, args []string) int {
	fs := newFlagSet(env, "migrate", "",
		"Create the database if need be and apply every schema migration not yet applied, each in its own\n"+
			"transaction (PostgreSQL: under an advisory lock, so two servers cannot migrate at once); print the\n"+
			"schema version. Safe to run repeatedly. A database newer than this rotaguard is refused.")
	db := fs.String("db", envDefault(env, "db", storeopen.DefaultDSN), dbFlagHelp)
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "rotaguard migrate: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	st, err := openStoreDSN(ctx, env, *db)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard migrate: %v\n", err)
		return 1
	}
	defer st.Close()
	v, ok := st.(interface {
		SchemaVersion(ctx context.Context) (int, error)
	})
	if !ok {
		fmt.Fprintf(env.Stdout, "%s database %s is migrated\n", st.Driver(), storeopen.Redact(*db))
		return 0
	}
	n, err := v.SchemaVersion(ctx)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard migrate: %v\n", err)
		return 1
	}
	fmt.Fprintf(env.Stdout, "%s database %s is at schema version %d\n", st.Driver(), storeopen.Redact(*db), n)
	return 0
}
