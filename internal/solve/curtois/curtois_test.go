package curtois

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/solve"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseInstance1(t *testing.T) {
	p, err := Parse(bytes.NewReader(readTestdata(t, "Instance1.txt")), "Instance1.txt")
	if err != nil {
		t.Fatal(err)
	}
	if p.Days != 14 || len(p.Shifts) != 1 || len(p.Employees) != 8 {
		t.Fatalf("days %d shifts %d staff %d, want 14 1 8", p.Days, len(p.Shifts), len(p.Employees))
	}
	if s := p.Shifts[0]; s.ID != "D" || s.Minutes != 480 || len(s.Forbidden) != 0 {
		t.Errorf("shift %+v", s)
	}
	a := p.Employees[0]
	if a.ID != "A" || a.MaxShifts[0] != 14 || a.MaxMinutes != 4320 || a.MinMinutes != 3360 ||
		a.MaxConsecutive != 5 || a.MinConsecutive != 2 || a.MinConsecutiveOff != 2 || a.MaxWeekends != 1 ||
		len(a.DaysOff) != 1 || a.DaysOff[0] != 0 {
		t.Errorf("employee A %+v", a)
	}
	if len(p.OnRequests) != 21 || len(p.OffRequests) != 5 || len(p.Cover) != 14 {
		t.Errorf("on %d off %d cover %d, want 21 5 14", len(p.OnRequests), len(p.OffRequests), len(p.Cover))
	}
	if q := p.OffRequests[0]; q != (solve.Request{Emp: 2, Day: 12, Shift: 0, Weight: 1}) {
		t.Errorf("first off-request %+v", q)
	}
	if c := p.Cover[1]; c != (solve.Cover{Day: 1, Shift: 0, Requirement: 7, WeightUnder: 100, WeightOver: 1}) {
		t.Errorf("cover row 2 %+v", c)
	}
	if err := p.Validate(); err != nil {
		t.Error(err)
	}
}

func TestParseForbiddenAndLimits(t *testing.T) {
	p, err := Parse(bytes.NewReader(readTestdata(t, "Instance7.txt")), "Instance7.txt")
	if err != nil {
		t.Fatal(err)
	}
	// L,480,E|D : after L neither E nor D.
	l := p.Shifts[p.ShiftIndex("L")]
	if len(l.Forbidden) != 2 || p.Shifts[l.Forbidden[0]].ID != "E" || p.Shifts[l.Forbidden[1]].ID != "D" {
		t.Errorf("L forbidden %v", l.Forbidden)
	}
	// C,E=28|D=28|L=9,...
	c := p.Employees[p.EmployeeIndex("C")]
	if c.MaxShifts[p.ShiftIndex("L")] != 9 || c.MaxShifts[p.ShiftIndex("E")] != 28 {
		t.Errorf("C max shifts %v", c.MaxShifts)
	}
}

func TestParseCRLF(t *testing.T) {
	lf := readTestdata(t, "Instance2.txt")
	crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
	p1, err := Parse(bytes.NewReader(lf), "lf")
	if err != nil {
		t.Fatal(err)
	}
	p2, err := Parse(bytes.NewReader(crlf), "crlf")
	if err != nil {
		t.Fatal(err)
	}
	p2.Name = p1.Name
	var b1, b2 strings.Builder
	if len(p1.Employees) != len(p2.Employees) || len(p1.Cover) != len(p2.Cover) || len(p1.OnRequests) != len(p2.OnRequests) {
		t.Fatal("CRLF parse differs from LF parse")
	}
	r := solve.NewRoster(p1)
	_ = WriteRoster(&b1, p1, r)
	_ = WriteRoster(&b2, p2, r)
	if b1.String() != b2.String() {
		t.Error("CRLF parse differs from LF parse")
	}
}

const small = `# comment
SECTION_HORIZON
7

SECTION_SHIFTS
D,480,
N,600,D

SECTION_STAFF
A,D=7|N=2,2400,960,5,1,1,1
B,D=7|N=2,2400,960,5,1,1,1

SECTION_DAYS_OFF
A,3

SECTION_SHIFT_ON_REQUESTS
A,0,D,2

SECTION_SHIFT_OFF_REQUESTS
B,1,N,3

SECTION_COVER
0,D,1,100,1
0,N,1,100,1
`

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name   string
		old    string // replaced in small
		new    string
		line   int
		field  string
		reason string
	}{
		{"horizon not a number", "\n7\n", "\nseven\n", 3, "SECTION_HORIZON", `"seven" is not an integer`},
		{"horizon zero", "\n7\n", "\n0\n", 3, "SECTION_HORIZON", "less than 1"},
		{"shift length", "D,480,", "D,-5,", 6, "SECTION_SHIFTS.LengthMinutes", "less than 1"},
		{"shift fields", "D,480,", "D,480", 6, "SECTION_SHIFTS", "has 2 comma-separated fields, want 3"},
		{"duplicate shift", "N,600,D", "D,600,D", 7, "SECTION_SHIFTS.ShiftID", `duplicate shift id "D"`},
		{"unknown forbidden", "N,600,D", "N,600,X", 7, "SECTION_SHIFTS.Forbidden", `unknown shift id "X"`},
		{"max shifts pair", "A,D=7|N=2", "A,D7|N=2", 10, "SECTION_STAFF.MaxShifts", `"D7" is not ShiftID=limit`},
		{"max shifts unknown", "A,D=7|N=2", "A,D=7|Q=2", 10, "SECTION_STAFF.MaxShifts", `unknown shift id "Q"`},
		{"staff number", "A,D=7|N=2,2400,960,5,1,1,1", "A,D=7|N=2,2400,960,5,1,x,1", 10, "SECTION_STAFF.MinConsecutiveDaysOff", `"x" is not an integer`},
		{"staff min over max", "A,D=7|N=2,2400,960", "A,D=7|N=2,900,960", 10, "SECTION_STAFF.MinTotalMinutes", "more than MaxTotalMinutes"},
		{"staff fields", "B,D=7|N=2,2400,960,5,1,1,1", "B,D=7|N=2,2400", 11, "SECTION_STAFF", "want 8"},
		{"day off outside", "A,3\n", "A,7\n", 14, "SECTION_DAYS_OFF.Day", "outside the horizon 0..6"},
		{"day off unknown employee", "A,3\n", "Z,3\n", 14, "SECTION_DAYS_OFF.EmpID", `unknown employee id "Z"`},
		{"request shift", "A,0,D,2", "A,0,X,2", 17, "SECTION_SHIFT_ON_REQUESTS.ShiftID", `unknown shift id "X"`},
		{"request weight", "B,1,N,3", "B,1,N,-3", 20, "SECTION_SHIFT_OFF_REQUESTS.Weight", "less than 0"},
		{"cover day", "0,N,1,100,1", "9,N,1,100,1", 24, "SECTION_COVER.Day", "outside the horizon"},
		{"cover duplicate", "0,N,1,100,1", "0,D,1,100,1", 24, "SECTION_COVER", "second cover row for day 0 shift D (first on line 23)"},
		{"unknown section", "SECTION_COVER", "SECTION_COVERS", 22, "SECTION_COVERS", "unknown section"},
		{"missing section", "SECTION_STAFF", "# SECTION_STAFF", 0, "SECTION_STAFF", "missing section"},
		{"data before sections", "# comment", "7", 1, "", "data before the first section header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(small, tt.old) {
				t.Fatalf("test input lacks %q", tt.old)
			}
			in := strings.Replace(small, tt.old, tt.new, 1)
			_, err := Parse(strings.NewReader(in), "bad.txt")
			if err == nil {
				t.Fatal("no error")
			}
			var found bool
			for _, e := range unjoin(err) {
				var re *roster.Error
				if errors.As(e, &re) && re.File == "bad.txt" && re.Line == tt.line && re.Field == tt.field &&
					strings.Contains(re.Message, tt.reason) && re.Code == roster.Invalid {
					found = true
				}
			}
			if !found {
				t.Errorf("want bad.txt:%d: %s: ...%s..., got:\n%v", tt.line, tt.field, tt.reason, err)
			}
		})
	}
	if _, err := Parse(strings.NewReader(small), "ok.txt"); err != nil {
		t.Fatalf("the unmodified input must parse: %v", err)
	}
}

func TestParseReportsEveryBadLine(t *testing.T) {
	in := strings.Replace(small, "A,0,D,2", "A,0,X,2\nQ,0,D,1", 1)
	_, err := Parse(strings.NewReader(in), "bad.txt")
	if n := len(unjoin(err)); n != 2 {
		t.Errorf("got %d errors, want 2: %v", n, err)
	}
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func TestRosterRoundTrip(t *testing.T) {
	p, err := Parse(strings.NewReader(small), "small.txt")
	if err != nil {
		t.Fatal(err)
	}
	r := solve.NewRoster(p)
	r[0][0], r[0][1], r[1][6], r[1][5] = 0, 1, 0, 1
	var buf bytes.Buffer
	if err := WriteRoster(&buf, p, r); err != nil {
		t.Fatal(err)
	}
	want := "D\tN\t\t\t\t\t\n\t\t\t\t\tN\tD\n"
	if buf.String() != want {
		t.Errorf("written %q, want %q", buf.String(), want)
	}
	for _, in := range []string{want, strings.ReplaceAll(want, "\n", "\r\n")} {
		got, err := ReadRoster(strings.NewReader(in), "r.txt", p)
		if err != nil {
			t.Fatal(err)
		}
		for e := range r {
			for d := range r[e] {
				if got[e][d] != r[e][d] {
					t.Fatalf("read back %v, want %v", got, r)
				}
			}
		}
	}
}

func TestReadRosterErrors(t *testing.T) {
	p, err := Parse(strings.NewReader(small), "small.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in, want string
	}{
		{"too few lines", "D\t\t\t\t\t\t\n", "r.txt: has 1 lines, want one per employee (2)"},
		{"short line", "D\t\t\n\t\t\t\t\t\t\n", "r.txt:1: employee A: has 3 tab-separated cells, want one per day (7)"},
		{"unknown shift", "D\t\t\t\t\t\t\n\tX\t\t\t\t\t\n", `r.txt:2: employee B day 1: unknown shift id "X"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadRoster(strings.NewReader(tt.in), "r.txt", p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestBestKnown(t *testing.T) {
	m := EmbeddedBestKnown()
	if b := m["Instance1"]; b.Best != 607 || b.LowerBound != 607 {
		t.Errorf("Instance1 %+v", b)
	}
	if b := m["Instance22"]; b.Best != -1 {
		t.Errorf("Instance22 (unknown) %+v", b)
	}
	if b := m["Instance24"]; b.Best != 40439 || b.LowerBound != 40438 {
		t.Errorf("Instance24 %+v", b)
	}
	if _, err := ParseBestKnown(strings.NewReader("instance,best_known\nX,abc\n"), "b.csv"); err == nil ||
		!strings.Contains(err.Error(), "b.csv:2: best_known") {
		t.Errorf("bad number: %v", err)
	}
	if _, err := ParseBestKnown(strings.NewReader("name,value\n"), "b.csv"); err == nil {
		t.Error("bad header accepted")
	}
}

// TestEvaluateAllOff checks the evaluator on Instance1 with the empty
// roster, whose objective is computed by hand below.
func TestEvaluateAllOff(t *testing.T) {
	p, err := Parse(bytes.NewReader(readTestdata(t, "Instance1.txt")), "Instance1.txt")
	if err != nil {
		t.Fatal(err)
	}
	res, err := solve.Evaluate(p, solve.NewRoster(p))
	if err != nil {
		t.Fatal(err)
	}
	// Nobody works: every on-request is missed (weights 2*2 + 3*5 + 1*5 +
	// 2*2 + 2*2 + 1*5 = 37), no off-request is broken, and every cover
	// requirement is missed: (5+7+6+4+5+5+5+6+7+4+2+5+6+4) * 100 = 7100.
	if res.OnRequest != 37 || res.OffRequest != 0 || res.CoverUnder != 7100 || res.CoverOver != 0 || res.Objective != 7137 {
		t.Errorf("result %+v", res)
	}
	// Every employee is short of MinTotalMinutes and nothing else.
	if len(res.Violations) != 8 {
		t.Errorf("%d violations, want 8: %v", len(res.Violations), res.Violations)
	}
	for _, v := range res.Violations {
		if v.Constraint != solve.TotalMinutes {
			t.Errorf("unexpected %v", v)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(small))
	f.Add(readTestdata(f, "Instance1.txt"))
	f.Add([]byte(strings.ReplaceAll(small, "\n", "\r\n")))
	f.Add([]byte("SECTION_HORIZON\n3\nSECTION_SHIFTS\nA,1,A|A\nSECTION_STAFF\nX,,9,0,1,0,0,0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(bytes.NewReader(data), "fuzz.txt")
		if err != nil {
			for _, e := range unjoin(err) {
				var re *roster.Error
				if !errors.As(e, &re) || re.File != "fuzz.txt" {
					t.Fatalf("error without file: %v", e)
				}
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("parsed problem does not validate: %v", err)
		}
		r := solve.NewRoster(p)
		if _, err := solve.Evaluate(p, r); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteRoster(&buf, p, r); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadRoster(&buf, "r.txt", p); err != nil {
			t.Fatalf("round trip: %v", err)
		}
	})
}
