package rules

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// Period is one row of a rota file: a shift (work), a non-resident on-call
// availability period (oncall) or leave, for one doctor, as a half-open
// interval [Start, End) of real instants in UTC.
//
// A work period lying wholly inside one of the same doctor's on-call
// periods is a call-out: work done while on call (spec C-2, ONCALL-DEF).
type Period struct {
	Doctor     string
	Start, End time.Time // UTC
	Kind       roster.Kind
	Line       int // line in the input file (0 when not read from a file)
	// BreakMinutes is the rostered break within the shift, from the
	// optional break_minutes column; it counts only when HasBreak.
	BreakMinutes int
	HasBreak     bool
}

// Minutes returns the elapsed length of the period in whole minutes.
func (p Period) Minutes() int64 { return roster.Minutes(p.End.Sub(p.Start)) }

// DoctorRow is one row of a doctors file.
type DoctorRow struct {
	Doctor   string
	Contract roster.ContractKind
	Grade    roster.Grade // "" when the file has no grade for the doctor
	LTFT     float64      // fraction of full time, 0 < LTFT <= 1
	// Extra holds the other columns by lower-case header name.
	Extra map[string]string
	Line  int
}

// header maps lower-case column names to their index.
type header map[string]int

func readHeader(cr *csv.Reader, file string, required ...string) (header, error) {
	rec, err := cr.Read()
	if err == io.EOF {
		return nil, &roster.Error{Code: roster.Invalid, File: file, Line: 1, Message: "the file is empty: it needs a header line " + strings.Join(required, ",")}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	h := header{}
	for i, name := range rec {
		name = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
		if name == "" {
			continue
		}
		if _, dup := h[name]; dup {
			return nil, &roster.Error{Code: roster.Invalid, File: file, Line: 1, Field: name, Message: "column appears twice in the header"}
		}
		h[name] = i
	}
	var errs []error
	for _, r := range required {
		if _, ok := h[r]; !ok {
			errs = append(errs, &roster.Error{Code: roster.Invalid, File: file, Line: 1, Field: r,
				Message: fmt.Sprintf("missing column %q (the header must name %s)", r, strings.Join(required, ","))})
		}
	}
	return h, errors.Join(errs...)
}

func (h header) get(rec []string, name string) string {
	i, ok := h[name]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &roster.Error{Code: roster.Invalid, File: file, Line: pe.Line, Message: pe.Err.Error()}
	}
	return &roster.Error{Code: roster.Invalid, File: file, Message: err.Error()}
}

func newCSVReader(r io.Reader) *csv.Reader {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	return cr
}

// maxErrors caps how many bad rows one import reports.
const maxErrors = 200

// ReadRota reads a rota file with a header naming the columns doctor,
// start, end and kind (any order, any letter case; an optional
// break_minutes column gives the rostered break of a shift; other columns
// are ignored). Times are Europe/London wall-clock times such as
// 2026-03-02T08:00, or RFC 3339 instants with an explicit offset.
//
// The import is all or nothing: every bad row (unparsable time, end not
// after start, unknown kind, periods of one doctor that overlap) is
// reported, as *roster.Error values with File, Line and Field joined with
// errors.Join. A work period wholly inside an on-call period of the same
// doctor is a call-out, not an overlap.
func ReadRota(r io.Reader, file string) ([]Period, error) {
	cr := newCSVReader(r)
	h, err := readHeader(cr, file, "doctor", "start", "end", "kind")
	if err != nil {
		return nil, err
	}
	_, hasBreak := h["break_minutes"]
	var (
		out  []Period
		errs []error
	)
	bad := func(line int, field, format string, args ...any) {
		errs = append(errs, &roster.Error{Code: roster.Invalid, File: file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	for len(errs) < maxErrors {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvError(file, err))
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				continue // the reader resumes at the next record
			}
			break
		}
		line, _ := cr.FieldPos(0)
		p := Period{Line: line}
		ok := true
		if p.Doctor = h.get(rec, "doctor"); p.Doctor == "" {
			bad(line, "doctor", "doctor is empty")
			ok = false
		}
		if s := h.get(rec, "start"); s == "" {
			bad(line, "start", "start is empty")
			ok = false
		} else if p.Start, err = roster.ParseLocal(s); err != nil {
			bad(line, "start", "%v", err)
			ok = false
		}
		if s := h.get(rec, "end"); s == "" {
			bad(line, "end", "end is empty")
			ok = false
		} else if p.End, err = roster.ParseLocal(s); err != nil {
			bad(line, "end", "%v", err)
			ok = false
		}
		if p.Kind, err = roster.ParseKind(h.get(rec, "kind")); err != nil {
			bad(line, "kind", "%v", err)
			ok = false
		}
		if hasBreak {
			if s := h.get(rec, "break_minutes"); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil || n < 0 || n > 24*60 {
					bad(line, "break_minutes", "%q is not a whole number of minutes from 0 to 1440", s)
					ok = false
				} else {
					p.BreakMinutes, p.HasBreak = n, true
				}
			}
		}
		if ok && !p.End.After(p.Start) {
			if p.End.Equal(p.Start) {
				bad(line, "end", "the period has zero length (start and end are both %s)", roster.FormatLocal(p.Start))
			} else {
				bad(line, "end", "end %s is before start %s", roster.FormatLocal(p.End), roster.FormatLocal(p.Start))
			}
			ok = false
		}
		if ok && p.BreakMinutes > 0 && int64(p.BreakMinutes) >= p.Minutes() {
			bad(line, "break_minutes", "a break of %d min does not fit in a %s period", p.BreakMinutes, roster.FormatMinutes(p.Minutes()))
			ok = false
		}
		if ok {
			out = append(out, p)
		}
	}
	if len(errs) >= maxErrors {
		errs = append(errs, &roster.Error{Code: roster.Invalid, File: file, Message: fmt.Sprintf("stopped after %d errors", maxErrors)})
	}
	if err := ValidatePeriods(file, out); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// ValidatePeriods reports every pair of overlapping periods of one doctor
// (a work period wholly inside an on-call period is a call-out and
// allowed) and every period that does not have a positive length. file
// names the source in the errors; it may be "".
func ValidatePeriods(file string, periods []Period) error {
	idx := make([]int, len(periods))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		pa, pb := &periods[idx[a]], &periods[idx[b]]
		if pa.Doctor != pb.Doctor {
			return pa.Doctor < pb.Doctor
		}
		if !pa.Start.Equal(pb.Start) {
			return pa.Start.Before(pb.Start)
		}
		if !pa.End.Equal(pb.End) {
			return pa.End.After(pb.End) // longer first: an on-call before the call-out it holds
		}
		return pa.Kind == roster.OnCall && pb.Kind != roster.OnCall
	})
	var errs []error
	cover, lastWork := -1, -1 // the period, and the work period, reaching furthest so far
	for k, i := range idx {
		p := &periods[i]
		if k > 0 && periods[idx[k-1]].Doctor != p.Doctor {
			cover, lastWork = -1, -1
		}
		if !p.End.After(p.Start) {
			errs = append(errs, &roster.Error{Code: roster.Invalid, File: file, Line: p.Line, Field: "end",
				Message: fmt.Sprintf("period for %s does not have a positive length", p.Doctor)})
			continue
		}
		clash := -1
		if cover >= 0 && periods[cover].End.After(p.Start) {
			q := &periods[cover]
			if !(q.Kind == roster.OnCall && p.Kind == roster.Work && !p.End.After(q.End)) {
				clash = cover // not a call-out inside on-call
			}
		}
		if clash < 0 && p.Kind == roster.Work && lastWork >= 0 && periods[lastWork].End.After(p.Start) {
			clash = lastWork
		}
		if clash >= 0 {
			q := &periods[clash]
			errs = append(errs, &roster.Error{Code: roster.Invalid, File: file, Line: p.Line, Field: "start",
				Message: fmt.Sprintf("%s %s–%s for %s overlaps the %s %s–%s on line %d",
					p.Kind, roster.FormatLocal(p.Start), roster.FormatLocal(p.End), p.Doctor,
					q.Kind, roster.FormatLocal(q.Start), roster.FormatLocal(q.End), q.Line)})
		}
		if cover < 0 || p.End.After(periods[cover].End) {
			cover = i
		}
		if p.Kind == roster.Work && (lastWork < 0 || p.End.After(periods[lastWork].End)) {
			lastWork = i
		}
	}
	return errors.Join(errs...)
}

// ReadDoctors reads a doctors file with a header naming at least the
// columns doctor and contract; grade and ltft are optional (ltft is a
// fraction, 1.0 = full time; empty means full time). Other columns are
// kept in Extra by lower-case header name. Every bad row is reported; a
// doctor listed twice is an error.
func ReadDoctors(r io.Reader, file string) ([]DoctorRow, error) {
	cr := newCSVReader(r)
	h, err := readHeader(cr, file, "doctor", "contract")
	if err != nil {
		return nil, err
	}
	known := map[string]bool{"doctor": true, "contract": true, "grade": true, "ltft": true}
	var (
		out  []DoctorRow
		errs []error
		seen = map[string]int{}
	)
	bad := func(line int, field, format string, args ...any) {
		errs = append(errs, &roster.Error{Code: roster.Invalid, File: file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	for len(errs) < maxErrors {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvError(file, err))
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				continue
			}
			break
		}
		line, _ := cr.FieldPos(0)
		d := DoctorRow{Line: line, LTFT: 1}
		ok := true
		if d.Doctor = h.get(rec, "doctor"); d.Doctor == "" {
			bad(line, "doctor", "doctor is empty")
			ok = false
		} else if prev, dup := seen[d.Doctor]; dup {
			bad(line, "doctor", "doctor %q is already listed on line %d", d.Doctor, prev)
			ok = false
		} else {
			seen[d.Doctor] = line
		}
		if d.Contract, err = roster.ParseContractKind(h.get(rec, "contract")); err != nil {
			bad(line, "contract", "%v", err)
			ok = false
		}
		if s := h.get(rec, "grade"); s != "" {
			if d.Grade, err = roster.ParseGrade(s); err != nil {
				bad(line, "grade", "%v", err)
				ok = false
			}
		}
		if s := h.get(rec, "ltft"); s != "" {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || !(f > 0 && f <= 1) {
				bad(line, "ltft", "%q is not a fraction of full time greater than 0 and at most 1 (1.0 = full time, 0.6 = 60%%)", s)
				ok = false
			} else {
				d.LTFT = f
			}
		}
		for name, i := range h {
			if known[name] || i >= len(rec) {
				continue
			}
			if d.Extra == nil {
				d.Extra = map[string]string{}
			}
			d.Extra[name] = strings.TrimSpace(rec[i])
		}
		if ok {
			out = append(out, d)
		}
	}
	if len(errs) >= maxErrors {
		errs = append(errs, &roster.Error{Code: roster.Invalid, File: file, Message: fmt.Sprintf("stopped after %d errors", maxErrors)})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}
