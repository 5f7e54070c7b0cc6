package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/ioformat"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store/storeopen"
)

func init() {
	register(command{name: "export", summary: "export doctors or rota assignments as CSV or XLSX", run: runExport})
}

func runExport(ctx context.Context, env *Env, args []string) int {
	fs := newFlagSet(env, "export", "doctors|assignments",
		"Export doctors or rota assignments in the import format (docs/csv.md), as CSV or as an XLSX\n"+
			"workbook. Times are Europe/London wall-clock times. The export is recorded in the audit log.")
	db := fs.String("db", envDefault(env, "db", storeopen.DefaultDSN), "database: an SQLite file or a postgres:// URL (env ROTAGUARD_DB)")
	format := fs.String("format", "", "csv or xlsx (default: from the -o file name's extension, else csv)")
	dept := fs.String("department", "", "only this department (its ID or name)")
	from := fs.String("from", "", "assignments only: from this day (YYYY-MM-DD) or time (2026-03-02T08:00)")
	to := fs.String("to", "", "assignments only: to the end of this day (YYYY-MM-DD) or to this time")
	out := fs.String("o", "", "write to this file (default standard output)")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() != 1 || (fs.Arg(0) != "doctors" && fs.Arg(0) != "assignments") {
		fmt.Fprintln(env.Stderr, "rotaguard export: give what to export: doctors or assignments")
		fs.Usage()
		return 2
	}
	what := fs.Arg(0)
	opt := ioformat.ExportOptions{Format: strings.ToLower(*format)}
	if opt.Format == "" {
		opt.Format = ioformat.CSV
		if strings.EqualFold(filepath.Ext(*out), ".xlsx") {
			opt.Format = ioformat.XLSX
		}
	}
	if opt.Format != ioformat.CSV && opt.Format != ioformat.XLSX {
		fmt.Fprintf(env.Stderr, "rotaguard export: --format %q: use csv or xlsx\n", *format)
		return 2
	}
	var err error
	if opt.From, err = exportWhen(*from, false); err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard export: --from: %v\n", err)
		return 2
	}
	if opt.To, err = exportWhen(*to, true); err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard export: --to: %v\n", err)
		return 2
	}
	if what == "doctors" && (*from != "" || *to != "") {
		fmt.Fprintln(env.Stderr, "rotaguard export: --from and --to select assignments, not doctors")
		return 2
	}
	if !opt.From.IsZero() && !opt.To.IsZero() && !opt.To.After(opt.From) {
		fmt.Fprintln(env.Stderr, "rotaguard export: --to must be after --from")
		return 2
	}
	if opt.Format == ioformat.XLSX && *out == "" && env.IsTerminal {
		fmt.Fprintln(env.Stderr, "rotaguard export: an XLSX workbook is binary: give -o FILE.xlsx")
		return 2
	}

	st, err := storeopen.Open(ctx, *db, env.Logger)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard export: opening %s: %v\n", storeopen.Redact(*db), err)
		return 1
	}
	defer st.Close()
	if *dept != "" {
		d, err := ioformat.ResolveDepartment(ctx, st, *dept)
		if err != nil {
			fmt.Fprintf(env.Stderr, "rotaguard export: --department: %s\n", roster.ErrorMessage(err))
			return 2
		}
		opt.DepartmentID = d.ID
	}
	var buf bytes.Buffer
	var n int
	if what == "doctors" {
		n, err = ioformat.ExportDoctors(ctx, st, &buf, opt)
	} else {
		n, err = ioformat.ExportAssignments(ctx, st, &buf, opt)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard export: %v\n", err)
		return 1
	}
	dest := "standard output"
	if *out != "" {
		dest = *out
		if err := exportWriteFile(*out, buf.Bytes()); err != nil {
			fmt.Fprintf(env.Stderr, "rotaguard export: %v\n", err)
			return 1
		}
	} else if _, err := io.Copy(env.Stdout, &buf); err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard export: %v\n", err)
		return 1
	}
	entity := "doctor"
	if what == "assignments" {
		entity = "assignment"
	}
	note := fmt.Sprintf("%d %s as %s to %s", n, what, opt.Format, dest)
	if err := st.AddAudit(roster.WithActor(ctx, roster.Actor{Username: "cli"}), roster.AuditEntry{
		At: time.Now().UTC(), Actor: "cli", Action: "export", Entity: entity, EntityID: opt.DepartmentID, Note: note,
	}); err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard export: recording the export in the audit log: %v\n", err)
		return 1
	}
	if *out != "" {
		fmt.Fprintf(env.Stderr, "Exported %s.\n", note)
	}
	return 0
}

// exportWhen parses a --from/--to value: a day (local midnight; for --to,
// the midnight that ends the day) or a time as in the files.
func exportWhen(s string, endOfDay bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if len(s) == len("2006-01-02") {
		d, err := roster.ParseDate(s)
		if err != nil {
			return time.Time{}, err
		}
		if endOfDay {
			d = d.AddDays(1)
		}
		return d.In(roster.London).UTC(), nil
	}
	return roster.ParseLocal(s)
}

// exportWriteFile writes data to a temporary file beside path and renames
// it into place, so that a reader never sees half a file.
func exportWriteFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), path)
}
