package ioformat

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// assignmentColumns are the columns of an assignments (rota) file.
var assignmentColumns = []column{
	{"gmc", true},
	{"department", false},
	{"kind", true},
	{"start", true},
	{"end", true},
	{"shift_code", false},
	{"note", false},
}

// MaxAssignmentLength is the longest period one row may hold; a longer one
// is almost always a typing error in a date.
const MaxAssignmentLength = 31 * 24 * time.Hour

// AssignmentRecord is one row of an assignments file. Department and
// ShiftCode are as written; the Assignment's DoctorID, DepartmentID and
// ShiftTypeID are set only once the record is resolved against a store.
type AssignmentRecord struct {
	Line       int
	GMC        string
	Department string
	ShiftCode  string
	Assignment roster.Assignment
}

// ParseAssignments reads an assignments CSV file, checking every row on
// its own (GMC number, kind, times, end after start, length) and then
// that no two rows for the same doctor overlap. Every problem is returned
// joined; the records only when there is none.
func ParseAssignments(r io.Reader, file string) ([]AssignmentRecord, error) {
	el := &errorList{file: file}
	rows, ok := readRows(r, file, assignmentColumns, el)
	if !ok {
		return nil, el.err()
	}
	out := make([]AssignmentRecord, 0, len(rows))
	for _, rw := range rows {
		if rec, good := parseAssignmentRow(rw, el); good {
			out = append(out, rec)
		}
	}
	checkOverlaps(out, nil, el)
	if len(el.errs) > 0 {
		return nil, el.err()
	}
	return out, nil
}

func parseAssignmentRow(rw row, el *errorList) (AssignmentRecord, bool) {
	n := len(el.errs)
	rec := AssignmentRecord{
		Line:       rw.line,
		GMC:        rw.get("gmc"),
		Department: rw.get("department"),
		ShiftCode:  rw.get("shift_code"),
	}
	a := &rec.Assignment
	a.Note = rw.get("note")
	if !validGMC(rec.GMC) {
		el.add(rw.line, "gmc", "GMC number %q must be 7 digits", rec.GMC)
	}
	if k, err := roster.ParseKind(rw.get("kind")); err != nil {
		el.add(rw.line, "kind", "%v", err)
	} else {
		a.Kind = k
	}
	var err error
	for _, c := range []struct {
		name string
		dst  *time.Time
	}{{"start", &a.Start}, {"end", &a.End}} {
		s := rw.get(c.name)
		if s == "" {
			el.add(rw.line, c.name, "missing %s time", c.name)
			continue
		}
		if *c.dst, err = roster.ParseLocal(s); err != nil {
			el.add(rw.line, c.name, "%v", err)
		}
	}
	if !a.Start.IsZero() && !a.End.IsZero() {
		switch {
		case a.End.Equal(a.Start):
			el.add(rw.line, "end", "zero length: the period ends when it starts (%s)", rw.get("end"))
		case a.End.Before(a.Start):
			el.add(rw.line, "end", "end %s is before start %s", rw.get("end"), rw.get("start"))
		case a.End.Sub(a.Start) > MaxAssignmentLength:
			el.add(rw.line, "end", "the period from %s to %s is longer than 31 days: check the dates", rw.get("start"), rw.get("end"))
		}
	}
	return rec, len(el.errs) == n
}

func validGMC(s string) bool {
	if len(s) != 7 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

type lineError struct {
	line int
	msg  string
}

// checkOverlaps reports every record that overlaps an earlier record of
// the same doctor in the file, or a stored assignment of that doctor
// (existing: by GMC number, each list sorted by start).
func checkOverlaps(recs []AssignmentRecord, existing map[string][]roster.Assignment, el *errorList) {
	byGMC := map[string][]int{}
	for i, r := range recs {
		byGMC[r.GMC] = append(byGMC[r.GMC], i)
	}
	var bad []lineError
	for _, gmc := range sortedKeys(byGMC) {
		idx := byGMC[gmc]
		slices.SortStableFunc(idx, func(i, j int) int {
			return cmp.Or(recs[i].Assignment.Start.Compare(recs[j].Assignment.Start), cmp.Compare(recs[i].Line, recs[j].Line))
		})
		// Sweep in start order, remembering the row that ends last.
		latest := -1
		for _, i := range idx {
			a := recs[i].Assignment
			if latest >= 0 && recs[latest].Assignment.End.After(a.Start) {
				first, second := recs[latest], recs[i]
				if first.Line > second.Line {
					first, second = second, first
				}
				bad = append(bad, lineError{second.Line, fmt.Sprintf("overlapping shifts: doctor %s already has %s on line %d", gmc, span(first.Assignment), first.Line)})
			}
			if latest < 0 || a.End.After(recs[latest].Assignment.End) {
				latest = i
			}
		}
		st := existing[gmc]
		if len(st) == 0 {
			continue
		}
		// maxEnd[j] is the latest end among st[0..j].
		maxEnd := make([]time.Time, len(st))
		for j, e := range st {
			maxEnd[j] = e.End
			if j > 0 && maxEnd[j-1].After(e.End) {
				maxEnd[j] = maxEnd[j-1]
			}
		}
		for _, i := range idx {
			a := recs[i].Assignment
			// k stored periods start before a ends.
			k, _ := slices.BinarySearchFunc(st, a.End, func(e roster.Assignment, t time.Time) int {
				if e.Start.Before(t) {
					return -1
				}
				return 1
			})
			if k == 0 || !maxEnd[k-1].After(a.Start) {
				continue
			}
			for j := k - 1; j >= 0; j-- {
				if st[j].Overlaps(a) {
					bad = append(bad, lineError{recs[i].Line, fmt.Sprintf("overlapping shifts: doctor %s already has %s (%s) in the register", gmc, span(st[j]), st[j].Kind)})
					break
				}
			}
		}
	}
	slices.SortStableFunc(bad, func(x, y lineError) int { return cmp.Compare(x.line, y.line) })
	for _, b := range bad {
		el.add(b.line, "start", "%s", b.msg)
	}
}

func span(a roster.Assignment) string {
	return FormatTime(a.Start) + "–" + FormatTime(a.End)
}

// FormatTime writes an instant as Europe/London wall-clock time
// ("2026-03-02T08:00"), adding the UTC offset only where the wall-clock
// time alone is ambiguous (the repeated hour in October) and seconds only
// when there are any, so that ParseLocal gives back the same instant.
func FormatTime(t time.Time) string {
	t = t.Truncate(time.Second)
	layout := "2006-01-02T15:04"
	if t.Second() != 0 {
		layout = "2006-01-02T15:04:05"
	}
	s := t.In(roster.London).Format(layout)
	if back, err := roster.ParseLocal(s); err != nil || !back.Equal(t) {
		return t.In(roster.London).Format(layout + "-07:00")
	}
	return s
}

func assignmentRow(r AssignmentRecord) []string {
	a := r.Assignment
	return []string{r.GMC, r.Department, string(a.Kind), FormatTime(a.Start), FormatTime(a.End), r.ShiftCode, a.Note}
}

// WriteAssignments writes records as an assignments CSV file.
func WriteAssignments(w io.Writer, recs []AssignmentRecord) error {
	return writeCSV(w, assignmentTable(recs))
}

func assignmentTable(recs []AssignmentRecord) table {
	t := table{sheet: "Assignments", header: headerOf(assignmentColumns)}
	t.rows = make([][]string, 0, len(recs))
	for _, r := range recs {
		t.rows = append(t.rows, assignmentRow(r))
	}
	return t
}
