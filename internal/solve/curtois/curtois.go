// Package curtois reads and writes the text format of the Curtois–Qu shift
// scheduling benchmark (instances, rosters) into the general model of
// package solve, and carries the published best-known objective values.
package curtois

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/solve"
)

// The section headers of the format, in file order.
const (
	secHorizon = "SECTION_HORIZON"
	secShifts  = "SECTION_SHIFTS"
	secStaff   = "SECTION_STAFF"
	secDaysOff = "SECTION_DAYS_OFF"
	secOn      = "SECTION_SHIFT_ON_REQUESTS"
	secOff     = "SECTION_SHIFT_OFF_REQUESTS"
	secCover   = "SECTION_COVER"
)

var sectionOrder = []string{secHorizon, secShifts, secStaff, secDaysOff, secOn, secOff, secCover}

// maxDays and maxItems bound what Parse accepts, so that a hostile file
// cannot make it allocate without limit.
const (
	maxDays  = 10000
	maxItems = 100000
)

type dataLine struct {
	no     int
	fields []string
}

// Parse reads an instance. name is used in error messages (usually the
// file name). Every bad line is reported, each as a *roster.Error with
// File, Line, Field ("SECTION_X" or "SECTION_X.column") and the reason,
// joined with errors.Join. Both LF and CRLF line endings are accepted.
func Parse(r io.Reader, name string) (*solve.Problem, error) {
	var errs []error
	bad := func(line int, field, format string, args ...any) {
		errs = append(errs, &roster.Error{Code: roster.Invalid, File: name, Line: line, Field: field,
			Message: fmt.Sprintf(format, args...)})
	}
	sections := map[string][]dataLine{}
	headerLine := map[string]int{}
	cur := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	no := 0
	for sc.Scan() {
		no++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if strings.HasPrefix(text, "SECTION_") {
			known := false
			for _, s := range sectionOrder {
				known = known || s == text
			}
			if !known {
				bad(no, text, "unknown section (want one of %s)", strings.Join(sectionOrder, ", "))
				cur = ""
				continue
			}
			if _, dup := headerLine[text]; dup {
				bad(no, text, "section appears twice (first on line %d)", headerLine[text])
			}
			headerLine[text] = no
			cur = text
			continue
		}
		if cur == "" {
			if len(headerLine) == 0 {
				bad(no, "", "data before the first section header")
			}
			continue
		}
		fields := strings.Split(text, ",")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if len(sections[cur]) >= maxItems {
			bad(no, cur, "more than %d lines in section", maxItems)
			continue
		}
		sections[cur] = append(sections[cur], dataLine{no, fields})
	}
	if err := sc.Err(); err != nil {
		return nil, &roster.Error{Code: roster.Invalid, File: name, Line: no + 1, Message: "reading: " + err.Error()}
	}
	for _, s := range []string{secHorizon, secShifts, secStaff} {
		if _, ok := headerLine[s]; !ok {
			bad(0, s, "missing section")
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	p := &solve.Problem{Name: name, FirstWeekday: time.Monday}
	atoi := func(l dataLine, i int, field string, min int) (int, bool) {
		v, err := strconv.Atoi(l.fields[i])
		if err != nil {
			bad(l.no, field, "%q is not an integer", l.fields[i])
			return 0, false
		}
		if v < min {
			bad(l.no, field, "%d is less than %d", v, min)
			return 0, false
		}
		return v, true
	}
	want := func(l dataLine, sec string, n int, columns string) bool {
		if len(l.fields) != n {
			bad(l.no, sec, "has %d comma-separated fields, want %d (%s)", len(l.fields), n, columns)
			return false
		}
		return true
	}

	// Horizon.
	hz := sections[secHorizon]
	if len(hz) != 1 || len(hz[0].fields) != 1 {
		bad(headerLine[secHorizon], secHorizon, "want exactly one line holding the number of days")
	} else if v, ok := atoi(hz[0], 0, secHorizon, 1); ok {
		if v > maxDays {
			bad(hz[0].no, secHorizon, "%d days is more than the %d supported", v, maxDays)
		} else {
			p.Days = v
		}
	}

	// Shifts: two passes so that Forbidden may name shifts defined later.
	shiftIdx := map[string]int{}
	for _, l := range sections[secShifts] {
		if !want(l, secShifts, 3, "ShiftID,LengthMinutes,Forbidden") {
			continue
		}
		id := l.fields[0]
		if id == "" {
			bad(l.no, secShifts+".ShiftID", "empty shift id")
			continue
		}
		if _, dup := shiftIdx[id]; dup {
			bad(l.no, secShifts+".ShiftID", "duplicate shift id %q", id)
			continue
		}
		m, ok := atoi(l, 1, secShifts+".LengthMinutes", 1)
		if !ok {
			continue
		}
		shiftIdx[id] = len(p.Shifts)
		p.Shifts = append(p.Shifts, solve.Shift{ID: id, Minutes: m})
	}
	for _, l := range sections[secShifts] {
		if len(l.fields) != 3 {
			continue
		}
		i, ok := shiftIdx[l.fields[0]]
		if !ok || l.fields[2] == "" {
			continue
		}
		for _, f := range strings.Split(l.fields[2], "|") {
			j, ok := shiftIdx[strings.TrimSpace(f)]
			if !ok {
				bad(l.no, secShifts+".Forbidden", "unknown shift id %q", f)
				continue
			}
			p.Shifts[i].Forbidden = append(p.Shifts[i].Forbidden, j)
		}
	}
	if len(p.Shifts) == 0 && len(sections[secShifts]) == 0 {
		bad(headerLine[secShifts], secShifts, "no shift types")
	}

	// Staff.
	empIdx := map[string]int{}
	for _, l := range sections[secStaff] {
		const cols = "EmpID,MaxShifts,MaxTotalMinutes,MinTotalMinutes,MaxConsecutiveShifts,MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends"
		if !want(l, secStaff, 8, cols) {
			continue
		}
		e := solve.Employee{ID: l.fields[0], MaxShifts: make([]int, len(p.Shifts))}
		if e.ID == "" {
			bad(l.no, secStaff+".EmpID", "empty employee id")
			continue
		}
		if _, dup := empIdx[e.ID]; dup {
			bad(l.no, secStaff+".EmpID", "duplicate employee id %q", e.ID)
			continue
		}
		for s := range e.MaxShifts {
			e.MaxShifts[s] = p.Days // no limit given: at most one a day
		}
		okAll := true
		if l.fields[1] != "" {
			for _, pair := range strings.Split(l.fields[1], "|") {
				k, v, found := strings.Cut(pair, "=")
				if !found {
					bad(l.no, secStaff+".MaxShifts", "%q is not ShiftID=limit", pair)
					okAll = false
					continue
				}
				s, ok := shiftIdx[strings.TrimSpace(k)]
				if !ok {
					bad(l.no, secStaff+".MaxShifts", "unknown shift id %q", k)
					okAll = false
					continue
				}
				n, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil || n < 0 {
					bad(l.no, secStaff+".MaxShifts", "limit %q for shift %s is not a non-negative integer", v, k)
					okAll = false
					continue
				}
				e.MaxShifts[s] = n
			}
		}
		var ok bool
		vals := make([]int, 6)
		names := []string{"MaxTotalMinutes", "MinTotalMinutes", "MaxConsecutiveShifts", "MinConsecutiveShifts", "MinConsecutiveDaysOff", "MaxWeekends"}
		for i := range vals {
			if vals[i], ok = atoi(l, i+2, secStaff+"."+names[i], 0); !ok {
				okAll = false
			}
		}
		if !okAll {
			continue
		}
		e.MaxMinutes, e.MinMinutes, e.MaxConsecutive, e.MinConsecutive, e.MinConsecutiveOff, e.MaxWeekends =
			vals[0], vals[1], vals[2], vals[3], vals[4], vals[5]
		if e.MinMinutes > e.MaxMinutes {
			bad(l.no, secStaff+".MinTotalMinutes", "%d is more than MaxTotalMinutes %d", e.MinMinutes, e.MaxMinutes)
			continue
		}
		if e.MaxConsecutive < 1 {
			bad(l.no, secStaff+".MaxConsecutiveShifts", "must be at least 1")
			continue
		}
		if e.MinConsecutive > e.MaxConsecutive {
			bad(l.no, secStaff+".MinConsecutiveShifts", "%d is more than MaxConsecutiveShifts %d", e.MinConsecutive, e.MaxConsecutive)
			continue
		}
		empIdx[e.ID] = len(p.Employees)
		p.Employees = append(p.Employees, e)
	}
	if len(sections[secStaff]) == 0 {
		bad(headerLine[secStaff], secStaff, "no employees")
	}

	day := func(l dataLine, i int, field string) (int, bool) {
		d, ok := atoi(l, i, field, 0)
		if ok && p.Days > 0 && d >= p.Days {
			bad(l.no, field, "day %d is outside the horizon 0..%d", d, p.Days-1)
			return 0, false
		}
		return d, ok && p.Days > 0
	}
	emp := func(l dataLine, i int, field string) (int, bool) {
		e, ok := empIdx[l.fields[i]]
		if !ok {
			bad(l.no, field, "unknown employee id %q", l.fields[i])
		}
		return e, ok
	}
	shift := func(l dataLine, i int, field string) (int, bool) {
		s, ok := shiftIdx[l.fields[i]]
		if !ok {
			bad(l.no, field, "unknown shift id %q", l.fields[i])
		}
		return s, ok
	}

	for _, l := range sections[secDaysOff] {
		if len(l.fields) < 1 {
			continue
		}
		e, ok := emp(l, 0, secDaysOff+".EmpID")
		for i := 1; i < len(l.fields); i++ {
			if l.fields[i] == "" {
				continue
			}
			if d, dok := day(l, i, secDaysOff+".Day"); dok && ok {
				p.Employees[e].DaysOff = append(p.Employees[e].DaysOff, d)
			}
		}
	}
	requests := func(sec string) []solve.Request {
		var out []solve.Request
		for _, l := range sections[sec] {
			if !want(l, sec, 4, "EmpID,Day,ShiftID,Weight") {
				continue
			}
			e, ok1 := emp(l, 0, sec+".EmpID")
			d, ok2 := day(l, 1, sec+".Day")
			s, ok3 := shift(l, 2, sec+".ShiftID")
			w, ok4 := atoi(l, 3, sec+".Weight", 0)
			if ok1 && ok2 && ok3 && ok4 {
				out = append(out, solve.Request{Emp: e, Day: d, Shift: s, Weight: w})
			}
		}
		return out
	}
	p.OnRequests = requests(secOn)
	p.OffRequests = requests(secOff)
	coverSeen := map[[2]int]int{}
	for _, l := range sections[secCover] {
		if !want(l, secCover, 5, "Day,ShiftID,Requirement,WeightUnder,WeightOver") {
			continue
		}
		d, ok1 := day(l, 0, secCover+".Day")
		s, ok2 := shift(l, 1, secCover+".ShiftID")
		req, ok3 := atoi(l, 2, secCover+".Requirement", 0)
		wu, ok4 := atoi(l, 3, secCover+".WeightUnder", 0)
		wo, ok5 := atoi(l, 4, secCover+".WeightOver", 0)
		if !(ok1 && ok2 && ok3 && ok4 && ok5) {
			continue
		}
		if first, dup := coverSeen[[2]int{d, s}]; dup {
			bad(l.no, secCover, "second cover row for day %d shift %s (first on line %d)", d, l.fields[1], first)
			continue
		}
		coverSeen[[2]int{d, s}] = l.no
		p.Cover = append(p.Cover, solve.Cover{Day: d, Shift: s, Requirement: req, WeightUnder: wu, WeightOver: wo})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// WriteRoster writes r in the grid form: one line per employee in instance
// order, one tab-separated cell per day holding the shift id, empty for a
// day off.
func WriteRoster(w io.Writer, p *solve.Problem, r solve.Roster) error {
	bw := bufio.NewWriter(w)
	for e := range p.Employees {
		for d := 0; d < p.Days; d++ {
			if d > 0 {
				bw.WriteByte('\t')
			}
			if x := r[e][d]; x != solve.Off {
				bw.WriteString(p.Shifts[x].ID)
			}
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// ReadRoster reads a roster written by WriteRoster (LF or CRLF) for p.
// Every bad line is reported with file name, line and reason.
func ReadRoster(rd io.Reader, name string, p *solve.Problem) (solve.Roster, error) {
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var errs []error
	bad := func(line int, field, format string, args ...any) {
		errs = append(errs, &roster.Error{Code: roster.Invalid, File: name, Line: line, Field: field,
			Message: fmt.Sprintf(format, args...)})
	}
	lines := bytes.Split(data, []byte("\n"))
	if n := len(lines); n > 0 && len(lines[n-1]) == 0 {
		lines = lines[:n-1]
	}
	if len(lines) != len(p.Employees) {
		bad(0, "", "has %d lines, want one per employee (%d)", len(lines), len(p.Employees))
	}
	r := solve.NewRoster(p)
	for i, raw := range lines {
		if i >= len(p.Employees) {
			break
		}
		raw = bytes.TrimSuffix(raw, []byte("\r"))
		cells := strings.Split(string(raw), "\t")
		if len(cells) != p.Days {
			bad(i+1, "employee "+p.Employees[i].ID, "has %d tab-separated cells, want one per day (%d)", len(cells), p.Days)
			continue
		}
		for d, c := range cells {
			c = strings.TrimSpace(c)
			if c == "" {
				continue
			}
			s := p.ShiftIndex(c)
			if s < 0 {
				bad(i+1, fmt.Sprintf("employee %s day %d", p.Employees[i].ID, d), "unknown shift id %q", c)
				continue
			}
			r[i][d] = s
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
}

//go:embed best-known.csv
var bestKnownCSV []byte

// BestKnown is a published result for one instance.
type BestKnown struct {
	Instance   string
	LowerBound int // -1 if unknown
	Best       int // -1 if unknown
}

// EmbeddedBestKnown returns the best-known values shipped with rotaguard.
func EmbeddedBestKnown() map[string]BestKnown {
	m, err := ParseBestKnown(bytes.NewReader(bestKnownCSV), "best-known.csv")
	if err != nil {
		panic("curtois: embedded best-known.csv: " + err.Error())
	}
	return m
}

// ParseBestKnown reads a CSV with a header naming at least the columns
// instance and best_known (lower_bound optional). Empty cells mean unknown.
func ParseBestKnown(rd io.Reader, name string) (map[string]BestKnown, error) {
	cr := csv.NewReader(rd)
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, &roster.Error{Code: roster.Invalid, File: name, Message: err.Error()}
	}
	if len(rows) == 0 {
		return nil, &roster.Error{Code: roster.Invalid, File: name, Line: 1, Message: "empty file, want a header row"}
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimSpace(h)] = i
	}
	ci, ok1 := col["instance"]
	cb, ok2 := col["best_known"]
	cl, hasLB := col["lower_bound"]
	if !ok1 || !ok2 {
		return nil, &roster.Error{Code: roster.Invalid, File: name, Line: 1, Message: "header must name columns instance and best_known"}
	}
	var errs []error
	m := map[string]BestKnown{}
	num := func(row []string, i, line int, field string) int {
		if i >= len(row) || strings.TrimSpace(row[i]) == "" {
			return -1
		}
		v, err := strconv.Atoi(strings.TrimSpace(row[i]))
		if err != nil {
			errs = append(errs, &roster.Error{Code: roster.Invalid, File: name, Line: line, Field: field, Message: fmt.Sprintf("%q is not an integer", row[i])})
			return -1
		}
		return v
	}
	for n, row := range rows[1:] {
		line := n + 2
		if ci >= len(row) {
			errs = append(errs, &roster.Error{Code: roster.Invalid, File: name, Line: line, Field: "instance", Message: "missing"})
			continue
		}
		b := BestKnown{Instance: strings.TrimSpace(row[ci]), Best: num(row, cb, line, "best_known"), LowerBound: -1}
		if hasLB {
			b.LowerBound = num(row, cl, line, "lower_bound")
		}
		m[b.Instance] = b
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return m, nil
}
