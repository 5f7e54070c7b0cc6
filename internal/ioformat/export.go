package ioformat

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// Export formats.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// ExportOptions select what to export and how.
type ExportOptions struct {
	Format       string    // CSV (default) or XLSX
	DepartmentID roster.ID // 0 = every department
	// From and To select assignments overlapping [From, To); zero = open.
	From, To time.Time
}

func (o ExportOptions) write(w io.Writer, t table) error {
	switch o.Format {
	case "", CSV:
		return writeCSV(w, t)
	case XLSX:
		return writeXLSX(w, t)
	}
	return roster.FieldErrorf("format", "unknown format %q (csv or xlsx)", o.Format)
}

// DoctorRecords returns the register's doctors as records of the import
// format, sorted by department and GMC number.
func DoctorRecords(ctx context.Context, tx store.Tx, departmentID roster.ID) ([]DoctorRecord, error) {
	ds, err := loadDepartments(ctx, tx)
	if err != nil {
		return nil, err
	}
	doctors, err := tx.ListDoctors(ctx, store.DoctorFilter{DepartmentID: departmentID})
	if err != nil {
		return nil, err
	}
	recs := make([]DoctorRecord, len(doctors))
	for i, d := range doctors {
		recs[i] = DoctorRecord{Department: ds.label(d.DepartmentID), Doctor: d}
	}
	slices.SortFunc(recs, func(a, b DoctorRecord) int {
		return cmp.Or(cmp.Compare(a.Doctor.DepartmentID, b.Doctor.DepartmentID), cmp.Compare(a.Doctor.GMC, b.Doctor.GMC))
	})
	return recs, nil
}

// AssignmentRecords returns the register's assignments as records of the
// import format, sorted by start, GMC number and end.
func AssignmentRecords(ctx context.Context, tx store.Tx, opt ExportOptions) ([]AssignmentRecord, error) {
	ds, err := loadDepartments(ctx, tx)
	if err != nil {
		return nil, err
	}
	doctors, err := tx.ListDoctors(ctx, store.DoctorFilter{})
	if err != nil {
		return nil, err
	}
	gmc := make(map[roster.ID]string, len(doctors))
	for _, d := range doctors {
		gmc[d.ID] = d.GMC
	}
	as, err := tx.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: opt.DepartmentID, From: opt.From, To: opt.To})
	if err != nil {
		return nil, err
	}
	codes := map[roster.ID]string{}
	listed := map[roster.ID]bool{}
	recs := make([]AssignmentRecord, len(as))
	for i, a := range as {
		if a.ShiftTypeID != 0 && !listed[a.DepartmentID] {
			listed[a.DepartmentID] = true
			sts, err := tx.ListShiftTypes(ctx, a.DepartmentID)
			if err != nil {
				return nil, err
			}
			for _, s := range sts {
				codes[s.ID] = s.Code
			}
		}
		recs[i] = AssignmentRecord{GMC: gmc[a.DoctorID], Department: ds.label(a.DepartmentID), ShiftCode: codes[a.ShiftTypeID], Assignment: a}
	}
	slices.SortFunc(recs, func(a, b AssignmentRecord) int {
		return cmp.Or(a.Assignment.Start.Compare(b.Assignment.Start), cmp.Compare(a.GMC, b.GMC), a.Assignment.End.Compare(b.Assignment.End))
	})
	return recs, nil
}

// ExportDoctors writes the doctors (of one department, or all) in the
// import format and returns how many.
func ExportDoctors(ctx context.Context, tx store.Tx, w io.Writer, opt ExportOptions) (int, error) {
	recs, err := DoctorRecords(ctx, tx, opt.DepartmentID)
	if err != nil {
		return 0, err
	}
	return len(recs), opt.write(w, doctorTable(recs))
}

// ExportAssignments writes the assignments selected by opt in the import
// format and returns how many.
func ExportAssignments(ctx context.Context, tx store.Tx, w io.Writer, opt ExportOptions) (int, error) {
	recs, err := AssignmentRecords(ctx, tx, opt)
	if err != nil {
		return 0, err
	}
	return len(recs), opt.write(w, assignmentTable(recs))
}

// writeXLSX writes a table as a one-sheet workbook: a bold, frozen header
// row and every cell as text, exactly as in the CSV file.
func writeXLSX(w io.Writer, t table) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", t.sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.sheet)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := func(vals []string, style int) []any {
		out := make([]any, len(vals))
		for i, v := range vals {
			out[i] = excelize.Cell{StyleID: style, Value: v}
		}
		return out
	}
	if err := sw.SetRow("A1", cells(t.header, bold)); err != nil {
		return err
	}
	for i, r := range t.rows {
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, cells(r, text)); err != nil {
			return fmt.Errorf("xlsx row %d: %w", i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
