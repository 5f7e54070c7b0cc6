package ioformat

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// ImportOptions tune an import.
type ImportOptions struct {
	// Progress, if set, is called as rows are written (done of total).
	Progress func(done, total int)
	// MidTx, if set, is called inside the transaction after the first
	// batch of rows has been written and before the rest; an error aborts
	// (and rolls back) the import. The kill test uses it to pause there.
	MidTx func(ctx context.Context) error
}

// Result says what an import did.
type Result struct {
	Created, Updated int
}

// batchSize is how many assignments are written per CreateAssignments call.
const batchSize = 5000

// departments resolves the department column: a numeric ID or a name
// (case-insensitive, unique across the register).
type departments struct {
	byID   map[roster.ID]roster.Department
	byName map[string][]roster.Department
}

func loadDepartments(ctx context.Context, tx store.Tx) (*departments, error) {
	orgs, err := tx.ListOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	ds := &departments{byID: map[roster.ID]roster.Department{}, byName: map[string][]roster.Department{}}
	for _, o := range orgs {
		list, err := tx.ListDepartments(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		for _, d := range list {
			ds.byID[d.ID] = d
			k := strings.ToLower(strings.TrimSpace(d.Name))
			ds.byName[k] = append(ds.byName[k], d)
		}
	}
	return ds, nil
}

func (ds *departments) resolve(s string) (roster.Department, error) {
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		if d, ok := ds.byID[id]; ok {
			return d, nil
		}
	}
	switch m := ds.byName[strings.ToLower(s)]; len(m) {
	case 0:
		return roster.Department{}, fmt.Errorf("unknown department %q", s)
	case 1:
		return m[0], nil
	default:
		return roster.Department{}, fmt.Errorf("department name %q is ambiguous (%d departments have it): use the department ID", s, len(m))
	}
}

// label is how exports name a department: its name, or its ID when
// another department has the same name.
func (ds *departments) label(id roster.ID) string {
	d, ok := ds.byID[id]
	if !ok {
		return strconv.FormatInt(id, 10)
	}
	if len(ds.byName[strings.ToLower(strings.TrimSpace(d.Name))]) != 1 {
		return strconv.FormatInt(id, 10)
	}
	return d.Name
}

// ImportDoctors reads a doctors CSV file and, if every row is good, writes
// it in one transaction: new GMC numbers create doctors, known ones update
// them. On any error nothing is written and every problem is returned.
func ImportDoctors(ctx context.Context, st store.Store, r io.Reader, file string, opt ImportOptions) (Result, error) {
	recs, err := ParseDoctors(r, file)
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = st.InTx(ctx, func(tx store.Tx) error {
		res = Result{}
		ds, err := loadDepartments(ctx, tx)
		if err != nil {
			return err
		}
		existing, err := tx.ListDoctors(ctx, store.DoctorFilter{})
		if err != nil {
			return err
		}
		byGMC := map[string]roster.Doctor{}
		for _, d := range existing {
			byGMC[d.GMC] = d
		}
		el := &errorList{file: file}
		for i := range recs {
			r := &recs[i]
			dept, err := ds.resolve(r.Department)
			if err != nil {
				el.add(r.Line, "department", "%v", err)
				continue
			}
			r.Doctor.DepartmentID, r.Doctor.OrgID = dept.ID, dept.OrgID
			if r.Doctor.Specialty == "" {
				r.Doctor.Specialty = dept.Specialty
			}
		}
		if len(el.errs) > 0 {
			return el.err()
		}
		for i, r := range recs {
			d := r.Doctor
			if old, ok := byGMC[d.GMC]; ok {
				d.ID, d.Version = old.ID, old.Version
				if err := tx.UpdateDoctor(ctx, &d); err != nil {
					return lineErr(file, r.Line, err)
				}
				res.Updated++
			} else {
				if err := tx.CreateDoctor(ctx, &d); err != nil {
					return lineErr(file, r.Line, err)
				}
				res.Created++
			}
			if i == 0 && opt.MidTx != nil {
				if err := opt.MidTx(ctx); err != nil {
					return err
				}
			}
			if opt.Progress != nil && (i%100 == 99 || i == len(recs)-1) {
				opt.Progress(i+1, len(recs))
			}
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// lineErr places a store error on a line of the file.
func lineErr(file string, line int, err error) error {
	if re, ok := err.(*roster.Error); ok {
		c := *re
		c.File, c.Line = file, line
		return &c
	}
	return fmt.Errorf("%s:%d: %w", file, line, err)
}

// ImportAssignments reads an assignments CSV file and, if every row is
// good, creates the assignments in one transaction. Besides the checks of
// ParseAssignments it needs every doctor and department to exist, every
// shift code to be one of the department's shift types, and no row to
// overlap an assignment already in the register. On any error nothing is
// written and every problem is returned.
func ImportAssignments(ctx context.Context, st store.Store, r io.Reader, file string, opt ImportOptions) (Result, error) {
	recs, err := ParseAssignments(r, file)
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = st.InTx(ctx, func(tx store.Tx) error {
		res = Result{}
		if err := resolveAssignments(ctx, tx, file, recs); err != nil {
			return err
		}
		as := make([]roster.Assignment, len(recs))
		for i, r := range recs {
			as[i] = r.Assignment
		}
		for i := 0; i < len(as); i += batchSize {
			batch := as[i:min(i+batchSize, len(as))]
			if err := tx.CreateAssignments(ctx, batch); err != nil {
				return err
			}
			res.Created += len(batch)
			if i == 0 && opt.MidTx != nil {
				if err := opt.MidTx(ctx); err != nil {
					return err
				}
			}
			if opt.Progress != nil {
				opt.Progress(res.Created, len(as))
			}
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// resolveAssignments sets the doctor, department and shift type of every
// record, checking them and the overlaps against the register.
func resolveAssignments(ctx context.Context, tx store.Tx, file string, recs []AssignmentRecord) error {
	ds, err := loadDepartments(ctx, tx)
	if err != nil {
		return err
	}
	doctors, err := tx.ListDoctors(ctx, store.DoctorFilter{})
	if err != nil {
		return err
	}
	byGMC := make(map[string]roster.Doctor, len(doctors))
	gmcOf := make(map[roster.ID]string, len(doctors))
	for _, d := range doctors {
		byGMC[d.GMC] = d
		gmcOf[d.ID] = d.GMC
	}
	shiftTypes := map[roster.ID]map[string]roster.ShiftType{}
	codes := func(dept roster.ID) (map[string]roster.ShiftType, error) {
		if m, ok := shiftTypes[dept]; ok {
			return m, nil
		}
		list, err := tx.ListShiftTypes(ctx, dept)
		if err != nil {
			return nil, err
		}
		m := map[string]roster.ShiftType{}
		for _, s := range list {
			m[strings.ToUpper(s.Code)] = s
		}
		shiftTypes[dept] = m
		return m, nil
	}
	el := &errorList{file: file}
	var from, to time.Time
	for i := range recs {
		r := &recs[i]
		a := &r.Assignment
		if from.IsZero() || a.Start.Before(from) {
			from = a.Start
		}
		if a.End.After(to) {
			to = a.End
		}
		doc, ok := byGMC[r.GMC]
		if !ok {
			el.add(r.Line, "gmc", "unknown doctor: no doctor with GMC number %s in the register", r.GMC)
			continue
		}
		a.DoctorID = doc.ID
		dept := roster.Department{ID: doc.DepartmentID}
		if r.Department != "" {
			if dept, err = ds.resolve(r.Department); err != nil {
				el.add(r.Line, "department", "%v", err)
				continue
			}
		}
		a.DepartmentID = dept.ID
		if r.ShiftCode != "" {
			m, err := codes(dept.ID)
			if err != nil {
				return err
			}
			s, ok := m[strings.ToUpper(r.ShiftCode)]
			switch {
			case !ok:
				el.add(r.Line, "shift_code", "unknown shift code %q in department %s (known: %s)", r.ShiftCode, ds.label(dept.ID), strings.Join(sortedKeys(m), ", "))
			case s.Kind != a.Kind:
				el.add(r.Line, "kind", "kind %s does not match shift %s, which is %s", a.Kind, s.Code, s.Kind)
			default:
				a.ShiftTypeID = s.ID
			}
		}
	}
	if len(el.errs) > 0 {
		return el.err()
	}
	if len(recs) > 0 {
		stored, err := tx.ListAssignments(ctx, store.AssignmentFilter{From: from, To: to})
		if err != nil {
			return err
		}
		existing := map[string][]roster.Assignment{}
		for _, a := range stored {
			g := gmcOf[a.DoctorID]
			existing[g] = append(existing[g], a)
		}
		for _, list := range existing {
			slices.SortFunc(list, func(a, b roster.Assignment) int { return a.Start.Compare(b.Start) })
		}
		checkOverlaps(recs, existing, el)
	}
	return el.err()
}

// ResolveDepartment finds a department by numeric ID or by name (any
// letter case), as the department column of the files does.
func ResolveDepartment(ctx context.Context, tx store.Tx, s string) (roster.Department, error) {
	ds, err := loadDepartments(ctx, tx)
	if err != nil {
		return roster.Department{}, err
	}
	d, err := ds.resolve(strings.TrimSpace(s))
	if err != nil {
		return roster.Department{}, roster.FieldErrorf("department", "%v", err)
	}
	return d, nil
}
