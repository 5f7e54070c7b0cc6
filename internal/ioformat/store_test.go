package ioformat

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"github.com/rotaguard/rotaguard/internal/demo"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/postgres"
	"github.com/rotaguard/rotaguard/internal/store/sqlite"
)

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "io.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// openPostgres opens a PostgreSQL store in a schema of its own, dropped
// at cleanup; skipped unless ROTAGUARD_TEST_POSTGRES holds a DSN.
func openPostgres(t *testing.T) store.Store {
	t.Helper()
	dsn := os.Getenv("ROTAGUARD_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("PostgreSQL skipped: set ROTAGUARD_TEST_POSTGRES to a postgres:// DSN")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "rgio_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	st, err := postgres.Open(t.Context(), u.String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var engines = []struct {
	name string
	open func(*testing.T) store.Store
}{{"sqlite", openStore}, {"postgres", openPostgres}}

// skeleton loads the organisation, sites, departments, shift types and
// templates of a small demo trust, without doctors or assignments.
func skeleton(t *testing.T, st store.Store, tr *demo.Trust) {
	t.Helper()
	s := *tr
	s.Doctors, s.Unions, s.Assignments, s.Users = nil, nil, nil, nil
	if err := demo.Load(t.Context(), st, &s, nil); err != nil {
		t.Fatal(err)
	}
}

func export(t *testing.T, st store.Store, what string, opt ExportOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	if what == "doctors" {
		_, err = ExportDoctors(t.Context(), st, &buf, opt)
	} else {
		_, err = ExportAssignments(t.Context(), st, &buf, opt)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRoundTrip: export a loaded demo trust, import the files into a fresh
// register holding only the departments, export again: the same files,
// and the same doctors and assignments.
func TestRoundTrip(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) { testRoundTrip(t, e.open) })
	}
}

func testRoundTrip(t *testing.T, open func(*testing.T) store.Store) {
	ctx := t.Context()
	tr, err := demo.Generate(demo.Small(11))
	if err != nil {
		t.Fatal(err)
	}
	a := open(t)
	if err := demo.Load(ctx, a, tr, nil); err != nil {
		t.Fatal(err)
	}
	doctors := export(t, a, "doctors", ExportOptions{})
	rota := export(t, a, "assignments", ExportOptions{})
	if n := bytes.Count(doctors, []byte("\n")); n != len(tr.Doctors)+1 {
		t.Fatalf("doctors export has %d lines for %d doctors", n, len(tr.Doctors))
	}
	if n := bytes.Count(rota, []byte("\n")); n != len(tr.Assignments)+1 {
		t.Fatalf("assignments export has %d lines for %d assignments", n, len(tr.Assignments))
	}

	b := open(t)
	skeleton(t, b, tr)
	res, err := ImportDoctors(ctx, b, bytes.NewReader(doctors), "doctors.csv", ImportOptions{})
	if err != nil || res.Created != len(tr.Doctors) || res.Updated != 0 {
		t.Fatalf("import doctors: %+v, %v", res, err)
	}
	var progress int
	res, err = ImportAssignments(ctx, b, bytes.NewReader(rota), "rota.csv", ImportOptions{Progress: func(d, n int) { progress = d }})
	if err != nil || res.Created != len(tr.Assignments) || progress != len(tr.Assignments) {
		t.Fatalf("import assignments: %+v, %v (progress %d)", res, err, progress)
	}
	if got := export(t, b, "doctors", ExportOptions{}); !bytes.Equal(got, doctors) {
		t.Errorf("doctors differ after the round trip:\n%s", cmp.Diff(string(doctors), string(got)))
	}
	if got := export(t, b, "assignments", ExportOptions{}); !bytes.Equal(got, rota) {
		t.Errorf("assignments differ after the round trip:\n%s", cmp.Diff(string(rota), string(got)))
	}
	ignore := cmpopts.IgnoreFields(roster.Doctor{}, "ID", "OrgID", "DepartmentID", "Version")
	da, _ := a.ListDoctors(ctx, store.DoctorFilter{})
	db, _ := b.ListDoctors(ctx, store.DoctorFilter{})
	if diff := cmp.Diff(da, db, ignore); diff != "" {
		t.Errorf("registers differ:\n%s", diff)
	}

	// Importing the same doctors again updates them; the same rota again
	// overlaps every row and writes nothing.
	res, err = ImportDoctors(ctx, b, bytes.NewReader(doctors), "doctors.csv", ImportOptions{})
	if err != nil || res.Updated != len(tr.Doctors) || res.Created != 0 {
		t.Fatalf("re-import doctors: %+v, %v", res, err)
	}
	_, err = ImportAssignments(ctx, b, bytes.NewReader(rota), "rota.csv", ImportOptions{})
	if n := len(Errors(err)); n != len(tr.Assignments) {
		t.Fatalf("re-import of the rota: %d errors, want one per row (%d)", n, len(tr.Assignments))
	}
	if !strings.Contains(err.Error(), "rota.csv:2: start: overlapping shifts") {
		t.Errorf("first error: %v", Errors(err)[0])
	}
	if as, _ := b.ListAssignments(ctx, store.AssignmentFilter{}); len(as) != len(tr.Assignments) {
		t.Errorf("%d assignments after a refused import, want %d", len(as), len(tr.Assignments))
	}
}

func TestExportFilters(t *testing.T) {
	ctx := t.Context()
	tr, err := demo.Generate(demo.Small(12))
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	if err := demo.Load(ctx, st, tr, nil); err != nil {
		t.Fatal(err)
	}
	depts, _ := st.ListDepartments(ctx, 0)
	if len(depts) == 0 {
		orgs, _ := st.ListOrganisations(ctx)
		depts, _ = st.ListDepartments(ctx, orgs[0].ID)
	}
	var ed roster.Department
	for _, d := range depts {
		if d.Name == "Emergency Medicine" {
			ed = d
		}
	}
	from := tr.Start.AddDays(7).In(roster.London)
	to := tr.Start.AddDays(14).In(roster.London)
	var buf bytes.Buffer
	n, err := ExportAssignments(ctx, st, &buf, ExportOptions{DepartmentID: ed.ID, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := ParseAssignments(&buf, "export.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, a := range tr.Assignments {
		if a.DepartmentID == 1 && a.Start.Before(to) && a.End.After(from) {
			want++
		}
	}
	if n != want || len(recs) != want || want == 0 {
		t.Fatalf("exported %d (parsed %d), want %d", n, len(recs), want)
	}
	for _, r := range recs {
		if r.Department != "Emergency Medicine" || !r.Assignment.Start.Before(to) || !r.Assignment.End.After(from) {
			t.Fatalf("record outside the filter: %+v", r)
		}
	}
	buf.Reset()
	n, err = ExportDoctors(ctx, st, &buf, ExportOptions{DepartmentID: ed.ID, Format: XLSX})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Doctors")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n+1 || !cmp.Equal(rows[0], headerOf(doctorColumns)) || rows[1][6] != "Emergency Medicine" {
		t.Fatalf("xlsx: %d rows for %d doctors, header %v, first %v", len(rows), n, rows[0], rows[1])
	}
	// The XLSX sheet holds the same text as the CSV export.
	var csvBuf bytes.Buffer
	if _, err := ExportDoctors(ctx, st, &csvBuf, ExportOptions{DepartmentID: ed.ID}); err != nil {
		t.Fatal(err)
	}
	recsCSV, err := ParseDoctors(&csvBuf, "d.csv")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recsCSV {
		want := doctorRow(r.Doctor, r.Department)
		got := rows[i+1]
		for len(got) < len(want) {
			got = append(got, "") // GetRows drops trailing empty cells
		}
		if !cmp.Equal(got, want) {
			t.Errorf("xlsx row %d = %v, want %v", i+2, got, want)
		}
	}
	if _, err := ExportDoctors(ctx, st, &buf, ExportOptions{Format: "pdf"}); !roster.IsCode(err, roster.Invalid) {
		t.Errorf("pdf export: %v", err)
	}
}

// TestImportErrorsAgainstRegister: rows that are well-formed but do not
// fit the register are all reported, and nothing is written.
func TestImportErrorsAgainstRegister(t *testing.T) {
	ctx := t.Context()
	tr, err := demo.Generate(demo.Small(13))
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	if err := demo.Load(ctx, st, tr, nil); err != nil {
		t.Fatal(err)
	}
	// A doctor of the trust and their first assignment.
	var doc roster.Doctor
	var first roster.Assignment
	for _, a := range tr.Assignments {
		if a.Kind == roster.Work {
			first, doc = a, tr.Doctor(a.DoctorID)
			break
		}
	}
	before, _ := st.ListAssignments(ctx, store.AssignmentFilter{})
	start, end := FormatTime(first.Start), FormatTime(first.End)
	// slot i is a free 8-hour period after the demo rota, on day i.
	slot := func(i int) string {
		s := tr.End.AddDays(i).In(roster.London).Add(8 * time.Hour)
		return FormatTime(s) + "," + FormatTime(s.Add(8*time.Hour))
	}
	in := assignmentHeader +
		doc.GMC + ",,work," + slot(0) + ",D,\n" + // good
		"1111111,,work," + slot(1) + ",,\n" + // unknown doctor
		doc.GMC + ",Dermatology,work," + slot(2) + ",,\n" + // unknown department
		doc.GMC + ",,work," + slot(3) + ",ZZ,\n" + // unknown shift code
		doc.GMC + ",,oncall," + slot(4) + ",N,\n" // kind mismatch
	_, err = ImportAssignments(ctx, st, strings.NewReader(in), "bad.csv", ImportOptions{})
	checkErrors(t, err, "bad.csv", []want{
		{3, "gmc", "unknown doctor"},
		{4, "department", `unknown department "Dermatology"`},
		{5, "shift_code", `unknown shift code "ZZ"`},
		{6, "kind", "does not match shift N"},
	})
	// Overlap with the register, at the edges: touching is fine.
	in = assignmentHeader +
		doc.GMC + ",,work," + end + "," + FormatTime(first.End.Add(3600e9)) + ",,touches the end\n" +
		doc.GMC + ",,work," + FormatTime(first.Start.Add(-3600e9)) + "," + start + ",,touches the start\n" +
		doc.GMC + ",,leave," + FormatTime(first.End.Add(-time.Minute)) + "," + end + ",,one minute in\n"
	_, err = ImportAssignments(ctx, st, strings.NewReader(in), "bad.csv", ImportOptions{})
	checkErrors(t, err, "bad.csv", []want{
		{4, "start", "already has " + start + "–" + end + " (work) in the register"},
	})
	after, _ := st.ListAssignments(ctx, store.AssignmentFilter{})
	if len(after) != len(before) {
		t.Fatalf("%d assignments after refused imports, want %d", len(after), len(before))
	}
	// Doctors: unknown department, and a failure in the MidTx hook rolls
	// back what was written before it.
	in = doctorHeader + "1234567,Ann,Lee,,ST3,,Dermatology,tcs2016,,,,,,,\n"
	_, err = ImportDoctors(ctx, st, strings.NewReader(in), "d.csv", ImportOptions{})
	checkErrors(t, err, "d.csv", []want{{2, "department", "unknown department"}})
	in = doctorHeader + "1234567,Ann,Lee,,ST3,,Emergency Medicine,tcs2016,,,,,,,\n"
	boom := errors.New("boom")
	_, err = ImportDoctors(ctx, st, strings.NewReader(in), "d.csv", ImportOptions{MidTx: func(context.Context) error { return boom }})
	if !errors.Is(err, boom) {
		t.Fatalf("MidTx error: %v", err)
	}
	if _, err := st.GetDoctorByGMC(ctx, "1234567"); !roster.IsCode(err, roster.NotFound) {
		t.Fatalf("doctor written by a failed import: %v", err)
	}
	res, err := ImportDoctors(ctx, st, strings.NewReader(in), "d.csv", ImportOptions{})
	if err != nil || res.Created != 1 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	d, err := st.GetDoctorByGMC(ctx, "1234567")
	if err != nil || d.Specialty != "Emergency medicine" || d.Contract.NodalPoint != 4 {
		t.Fatalf("imported doctor %+v, %v", d, err)
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestExportGolden pins the export format (and the demo generator) with
// golden files: go test ./internal/ioformat -run Golden -update rewrites them.
func TestExportGolden(t *testing.T) {
	ctx := t.Context()
	tr, err := demo.Generate(demo.Config{Seed: 1, Doctors: 20, Departments: 2, Weeks: 2, Start: roster.Date{Year: 2026, Month: 10, Day: 19}})
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	if err := demo.Load(ctx, st, tr, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file string
		got  []byte
	}{
		{"doctors.golden.csv", export(t, st, "doctors", ExportOptions{})},
		// The week of the October clock change.
		{"assignments.golden.csv", export(t, st, "assignments", ExportOptions{
			From: roster.Date{Year: 2026, Month: 10, Day: 24}.In(roster.London), To: roster.Date{Year: 2026, Month: 10, Day: 26}.In(roster.London)})},
	} {
		path := filepath.Join("testdata", c.file)
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, c.got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(c.got, want) {
			t.Errorf("%s differs (-want +got):\n%s", c.file, cmp.Diff(string(want), string(c.got)))
		}
	}
}
