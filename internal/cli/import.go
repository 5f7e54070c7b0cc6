package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rotaguard/rotaguard/internal/ioformat"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store/storeopen"
)

func init() {
	register(command{name: "import", summary: "import doctors or rota assignments from a CSV file (all or nothing)", run: runImport})
}

// importPauseEnv names a test hook: when set to a duration, an import
// waits that long inside its transaction after writing the first batch,
// having printed importPausedMessage on stderr. The kill test uses it to
// SIGKILL the process mid-transaction.
const importPauseEnv = "ROTAGUARD_TEST_IMPORT_PAUSE"

const importPausedMessage = "import: paused inside the transaction"

func runImport(ctx context.Context, env *Env, args []string) int {
	fs := newFlagSet(env, "import", "doctors|assignments FILE.csv",
		"Import doctors or rota assignments from a CSV file (columns: docs/csv.md; FILE may be - for\n"+
			"standard input). Every row is checked first and every bad row is reported with its line,\n"+
			"column and reason; then the whole file is written in one transaction. On any error nothing\n"+
			"is written and the exit status is 2. Doctors whose GMC number is already in the register\n"+
			"are updated; assignments must not overlap any the doctor already has.")
	db := fs.String("db", envDefault(env, "db", storeopen.DefaultDSN), "database: an SQLite file or a postgres:// URL (env ROTAGUARD_DB)")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() != 2 || (fs.Arg(0) != "doctors" && fs.Arg(0) != "assignments") {
		fmt.Fprintln(env.Stderr, "rotaguard import: give what to import (doctors or assignments) and a file")
		fs.Usage()
		return 2
	}
	what, file := fs.Arg(0), fs.Arg(1)
	var in io.Reader = env.Stdin
	if file == "-" {
		file = "stdin"
	} else {
		f, err := os.Open(file)
		if err != nil {
			fmt.Fprintf(env.Stderr, "rotaguard import: %v\n", err)
			return 2
		}
		defer f.Close()
		in = f
	}
	opt := ioformat.ImportOptions{}
	if v := env.Getenv(importPauseEnv); v != "" {
		pause, err := time.ParseDuration(v)
		if err != nil {
			fmt.Fprintf(env.Stderr, "rotaguard import: %s: %v\n", importPauseEnv, err)
			return 2
		}
		opt.MidTx = func(ctx context.Context) error {
			fmt.Fprintln(env.Stderr, importPausedMessage)
			select {
			case <-time.After(pause):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}

	st, err := storeopen.Open(ctx, *db, env.Logger)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard import: opening %s: %v\n", storeopen.Redact(*db), err)
		return 1
	}
	defer st.Close()
	ctx = roster.WithActor(ctx, roster.Actor{Username: "cli"})
	began := time.Now()
	var res ioformat.Result
	if what == "doctors" {
		res, err = ioformat.ImportDoctors(ctx, st, in, file, opt)
	} else {
		res, err = ioformat.ImportAssignments(ctx, st, in, file, opt)
	}
	if err != nil {
		errs := ioformat.Errors(err)
		for _, e := range errs {
			fmt.Fprintln(env.Stderr, e)
		}
		switch roster.ErrorCode(err) {
		case roster.Invalid, roster.Conflict, roster.NotFound:
			fmt.Fprintf(env.Stderr, "rotaguard import: nothing imported: %d %s in %s\n", len(errs), importPlural(len(errs), "error", "errors"), file)
			return 2
		}
		fmt.Fprintf(env.Stderr, "rotaguard import: nothing imported from %s\n", file)
		return 1
	}
	noun := importPlural(res.Created+res.Updated, "doctor", "doctors")
	if what == "assignments" {
		noun = importPlural(res.Created, "assignment", "assignments")
	}
	fmt.Fprintf(env.Stdout, "Imported %d %s from %s (%d new, %d updated) in %s.\n",
		res.Created+res.Updated, noun, file, res.Created, res.Updated, time.Since(began).Round(time.Millisecond))
	return 0
}

func importPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
