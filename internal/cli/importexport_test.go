package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/demo"
	"github.com/rotaguard/rotaguard/internal/ioformat"
)

// ioCLI runs rotaguard in-process with the given environment and stdin.
func ioCLI(t *testing.T, vars map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return vars[k] }}
	code := Main(t.Context(), env, args)
	return code, out.String(), errOut.String()
}

func cheapDemoPasswords(t *testing.T) {
	old := auth.PasswordParams
	auth.PasswordParams = auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	t.Cleanup(func() { auth.PasswordParams = old })
}

var smallDemo = []string{"--no-serve", "--doctors", "40", "--departments", "4", "--weeks", "3"}

func TestDemoCommand(t *testing.T) {
	cheapDemoPasswords(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	vars := map[string]string{"ROTAGUARD_DB": db, "ROTAGUARD_ADDR": "0.0.0.0:9099"}
	code, out, errOut := ioCLI(t, vars, "", append([]string{"demo", "--seed", "5"}, smallDemo...)...)
	if code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"Created the demo trust in " + db + " (seed 5)", "40 doctors", "Generated in", "Open http://localhost:9099/"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, u := range demo.SignIns(5) {
		if !strings.Contains(out, string(u.Role)+" ") || !strings.Contains(out, u.Username+" ") || !strings.Contains(out, u.Password) {
			t.Errorf("output lacks the sign-in of %s:\n%s", u.Role, out)
		}
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("ROTAGUARD_DB not used: %v", err)
	}
	// Again: the trust is reused.
	code, out, _ = ioCLI(t, vars, "", "demo", "--seed", "5", "--no-serve", "--addr", "127.0.0.1:8181")
	if code != 0 || !strings.Contains(out, "Using the demo trust already in") || !strings.Contains(out, "http://127.0.0.1:8181/") || strings.Contains(out, "Created") {
		t.Fatalf("second demo: exit %d\n%s", code, out)
	}
	// Another seed on the same database is refused.
	code, _, errOut = ioCLI(t, vars, "", "demo", "--seed", "6", "--no-serve")
	if code != 1 || !strings.Contains(errOut, "another --seed") {
		t.Fatalf("demo with another seed: exit %d\n%s", code, errOut)
	}
	for _, c := range []struct {
		args []string
		code int
		frag string
	}{
		{[]string{"demo", "-h"}, 0, "Usage: rotaguard demo"},
		{[]string{"demo", "--start", "2026-02-30", "--no-serve"}, 2, "--start"},
		{[]string{"demo", "extra"}, 2, "unexpected argument"},
		{[]string{"demo", "--db", filepath.Join(dir, "other.db"), "--doctors", "3", "--no-serve"}, 2, "too few"},
	} {
		code, _, errOut := ioCLI(t, vars, "", c.args...)
		if code != c.code || !strings.Contains(errOut, c.frag) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s", c.args, code, c.code, c.frag, errOut)
		}
	}
}

func TestImportExportCommands(t *testing.T) {
	cheapDemoPasswords(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "io.db")
	vars := map[string]string{"ROTAGUARD_DB": db}
	if code, _, errOut := ioCLI(t, vars, "", append([]string{"demo", "--seed", "8"}, smallDemo...)...); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	tr, err := demo.Generate(demo.Config{Seed: 8, Doctors: 40, Departments: 4, Weeks: 3})
	if err != nil {
		t.Fatal(err)
	}

	// Export doctors to a file and as XLSX.
	docs := filepath.Join(dir, "doctors.csv")
	code, out, errOut := ioCLI(t, vars, "", "export", "doctors", "-o", docs)
	if code != 0 || out != "" || !strings.Contains(errOut, "Exported 40 doctors as csv to "+docs) {
		t.Fatalf("export doctors: exit %d\n%s%s", code, out, errOut)
	}
	data, err := os.ReadFile(docs)
	if err != nil {
		t.Fatal(err)
	}
	if recs, err := ioformat.ParseDoctors(bytes.NewReader(data), docs); err != nil || len(recs) != 40 {
		t.Fatalf("exported doctors: %d, %v", len(recs), err)
	}
	xlsx := filepath.Join(dir, "rota.xlsx")
	if code, _, errOut := ioCLI(t, vars, "", "export", "assignments", "-o", xlsx, "--department", "anaesthetics"); code != 0 {
		t.Fatalf("export xlsx: %s", errOut)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Assignments")
	f.Close()
	wantRows := 0
	for _, a := range tr.Assignments {
		if tr.Department(a.DepartmentID).Name == "Anaesthetics" {
			wantRows++
		}
	}
	if err != nil || len(rows) != wantRows+1 || rows[1][1] != "Anaesthetics" {
		t.Fatalf("xlsx: %d rows, want %d (%v)", len(rows), wantRows+1, err)
	}

	// A day of one department, to standard output.
	code, out, errOut = ioCLI(t, vars, "", "export", "assignments", "--department", "1", "--from", "2026-08-12", "--to", "2026-08-12")
	if code != 0 {
		t.Fatalf("export a day: %s", errOut)
	}
	recs, err := ioformat.ParseAssignments(strings.NewReader(out), "day.csv")
	if err != nil || len(recs) == 0 {
		t.Fatalf("day export: %d records, %v", len(recs), err)
	}
	for _, r := range recs {
		if r.Department != "Emergency Medicine" || ioformat.FormatTime(r.Assignment.Start) >= "2026-08-13" || ioformat.FormatTime(r.Assignment.End) <= "2026-08-12" {
			t.Errorf("outside the filter: %s %s–%s", r.Department, ioformat.FormatTime(r.Assignment.Start), ioformat.FormatTime(r.Assignment.End))
		}
	}

	// A bad file: every error, exit 2, nothing written.
	gmc := tr.Doctors[0].GMC
	bad := "gmc,kind,start,end,shift_code\n" +
		gmc + ",work,2027-01-04T08:00,2027-01-04T17:00,D\n" +
		gmc + ",work,2027-01-04T16:00,2027-01-04T20:00,\n" +
		"9999999,work,2027-01-05T08:00,2027-01-05T07:00,\n"
	code, out, errOut = ioCLI(t, vars, bad, "import", "assignments", "-")
	wantErrs := []string{
		"stdin:3: start: overlapping shifts: doctor " + gmc + " already has 2027-01-04T08:00–2027-01-04T17:00 on line 2",
		"stdin:4: end: end 2027-01-05T07:00 is before start 2027-01-05T08:00",
		"rotaguard import: nothing imported: 2 errors in stdin",
	}
	if code != 2 || out != "" || strings.TrimSpace(errOut) != strings.Join(wantErrs, "\n") {
		t.Fatalf("bad import: exit %d\nstdout %q\nstderr:\n%s", code, out, errOut)
	}
	// The good rows alone import; the unknown doctor is then reported.
	good := "gmc,kind,start,end,shift_code\n" + gmc + ",work,2027-01-04T08:00,2027-01-04T17:00,D\n"
	file := filepath.Join(dir, "good.csv")
	os.WriteFile(file, []byte(good), 0o644)
	code, out, errOut = ioCLI(t, vars, "", "import", "assignments", file)
	if code != 0 || !strings.Contains(out, "Imported 1 assignment from "+file+" (1 new, 0 updated)") {
		t.Fatalf("good import: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = ioCLI(t, vars, "gmc,kind,start,end\n9999999,work,2027-01-05T08:00,2027-01-05T09:00\n", "import", "assignments", "-")
	if code != 2 || !strings.Contains(errOut, "stdin:2: gmc: unknown doctor") {
		t.Fatalf("unknown doctor: exit %d\n%s", code, errOut)
	}
	// Doctors: the exported file re-imports as updates.
	code, out, errOut = ioCLI(t, vars, "", "import", "doctors", docs)
	if code != 0 || !strings.Contains(out, "Imported 40 doctors from "+docs+" (0 new, 40 updated)") {
		t.Fatalf("doctors import: exit %d\n%s%s", code, out, errOut)
	}

	for _, c := range []struct {
		args []string
		code int
		frag string
	}{
		{[]string{"import", "-h"}, 0, "Usage: rotaguard import"},
		{[]string{"export", "-h"}, 0, "Usage: rotaguard export"},
		{[]string{"import", "doctors"}, 2, "give what to import"},
		{[]string{"import", "rotas", "x.csv"}, 2, "give what to import"},
		{[]string{"import", "doctors", filepath.Join(dir, "missing.csv")}, 2, "no such file"},
		{[]string{"export"}, 2, "give what to export"},
		{[]string{"export", "doctors", "--format", "pdf"}, 2, `--format "pdf"`},
		{[]string{"export", "doctors", "--from", "2026-08-01"}, 2, "select assignments, not doctors"},
		{[]string{"export", "assignments", "--from", "yesterday"}, 2, "--from"},
		{[]string{"export", "assignments", "--from", "2026-08-02", "--to", "2026-08-01"}, 2, "--to must be after --from"},
		{[]string{"export", "assignments", "--department", "Dermatology"}, 2, `unknown department "Dermatology"`},
	} {
		code, _, errOut := ioCLI(t, vars, "", c.args...)
		if code != c.code || !strings.Contains(errOut, c.frag) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s", c.args, code, c.code, c.frag, errOut)
		}
	}
}
