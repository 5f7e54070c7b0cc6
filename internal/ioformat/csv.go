// Package ioformat reads and writes rotaguard's register files: doctors and
// rota assignments as CSV (import and export) and XLSX (export). Parsing
// is pure and reports every bad row with file, line, column and reason
// (roster.Error values joined with errors.Join); Import* then resolve the
// rows against a store and write them in one transaction, all or nothing.
// The columns are documented in docs/csv.md.
package ioformat

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// column describes one CSV column.
type column struct {
	name     string
	required bool
}

// table is a header and rows of text, the common form of CSV and XLSX output.
type table struct {
	sheet  string
	header []string
	rows   [][]string
}

// row is one data record with its line number.
type row struct {
	line   int
	fields []string
	idx    map[string]int
}

func (r row) get(name string) string {
	i, ok := r.idx[name]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// errorList collects import errors for one file.
type errorList struct {
	file string
	errs []error
}

func (l *errorList) add(line int, field, format string, args ...any) {
	l.errs = append(l.errs, &roster.Error{Code: roster.Invalid, File: l.file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// addAll adds the roster.Errors in err (joined or single) at line,
// skipping fields already reported for that line.
func (l *errorList) addAll(line int, err error, reported map[string]bool) {
	for _, e := range flatten(err) {
		var re *roster.Error
		if errors.As(e, &re) {
			if reported[re.Field] {
				continue
			}
			c := *re
			c.File, c.Line, c.Code = l.file, line, roster.Invalid
			l.errs = append(l.errs, &c)
			reported[re.Field] = true
			continue
		}
		l.errs = append(l.errs, &roster.Error{Code: roster.Invalid, File: l.file, Line: line, Message: e.Error()})
	}
}

// err returns the errors joined, in line order (stable within a line).
func (l *errorList) err() error {
	slices.SortStableFunc(l.errs, func(a, b error) int { return lineOf(a) - lineOf(b) })
	return errors.Join(l.errs...)
}

func lineOf(err error) int {
	var re *roster.Error
	if errors.As(err, &re) {
		return re.Line
	}
	return 0
}

// flatten returns the leaves of a tree of joined errors.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// Errors returns the individual errors of an import error, in order.
func Errors(err error) []error { return flatten(err) }

// readRows reads a CSV file with a header line. Header names are matched
// case-insensitively (spaces and hyphens count as underscores); a missing
// required column, an unknown or repeated column, or a malformed line is
// an error. It returns the rows that could be read.
func readRows(r io.Reader, file string, cols []column, el *errorList) ([]row, bool) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err == io.EOF {
		el.add(1, "", "the file is empty: it needs a header line naming the columns (%s)", names(cols, true))
		return nil, false
	}
	if err != nil {
		el.add(csvLine(err, 1), "", "cannot read the header: %v", csvReason(err))
		return nil, false
	}
	idx := map[string]int{}
	ok := true
	known := map[string]bool{}
	for _, c := range cols {
		known[c.name] = true
	}
	for i, h := range head {
		name := normaliseHeader(h, i == 0)
		switch {
		case name == "":
			el.add(1, fmt.Sprintf("column %d", i+1), "the header has an empty column name")
			ok = false
		case !known[name]:
			el.add(1, h, "unknown column %q (the columns are %s)", h, names(cols, false))
			ok = false
		case seen(idx, name):
			el.add(1, h, "column %q appears twice in the header", h)
			ok = false
		default:
			idx[name] = i
		}
	}
	for _, c := range cols {
		if _, has := idx[c.name]; c.required && !has {
			el.add(1, c.name, "missing required column %q (required: %s)", c.name, names(cols, true))
			ok = false
		}
	}
	if !ok {
		return nil, false
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && pe.Err == csv.ErrFieldCount {
				continue // cannot happen with FieldsPerRecord = -1
			}
			el.add(csvLine(err, 0), "", "malformed CSV: %v", csvReason(err))
			ok = false
			if !errors.As(err, &pe) {
				break
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) > len(head) {
			el.add(line, "", "the line has %d fields but the header names %d columns", len(rec), len(head))
			ok = false
			continue
		}
		rows = append(rows, row{line: line, fields: rec, idx: idx})
	}
	return rows, ok
}

func seen(idx map[string]int, name string) bool { _, ok := idx[name]; return ok }

func normaliseHeader(h string, first bool) string {
	if first {
		h = strings.TrimPrefix(h, "\ufeff") // a byte-order mark from a spreadsheet
	}
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.NewReplacer(" ", "_", "-", "_").Replace(h)
	return h
}

func names(cols []column, requiredOnly bool) string {
	var out []string
	for _, c := range cols {
		if !requiredOnly || c.required {
			out = append(out, c.name)
		}
	}
	return strings.Join(out, ", ")
}

func csvLine(err error, def int) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Line
	}
	return def
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// writeCSV writes a table as CSV (RFC 4180 quoting, LF line ends).
func writeCSV(w io.Writer, t table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.header); err != nil {
		return err
	}
	for _, r := range t.rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// headerOf returns the names of cols.
func headerOf(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

// sortedKeys returns the keys of a string-keyed map in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
