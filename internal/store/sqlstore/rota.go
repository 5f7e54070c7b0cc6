package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// Shift types.

const shiftCols = `id, department_id, code, name, start_minute, length_minutes, kind, colour, version`

func scanShift(r scanner) (roster.ShiftType, error) {
	var s roster.ShiftType
	err := r.Scan(&s.ID, &s.DepartmentID, &s.Code, &s.Name, &s.StartMinute, &s.LengthMinutes, &s.Kind, &s.Colour, &s.Version)
	return s, err
}

var cssColour = regexp.MustCompile(`^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-z]+)?$`)

func validateShift(s *roster.ShiftType) error {
	var errs []error
	if s.DepartmentID == 0 {
		errs = append(errs, roster.FieldErrorf("department_id", "a shift type belongs to a department"))
	}
	if strings.TrimSpace(s.Code) == "" {
		errs = append(errs, roster.FieldErrorf("code", "a shift type needs a short code"))
	}
	if s.StartMinute < 0 || s.StartMinute >= 24*60 {
		errs = append(errs, roster.FieldErrorf("start_minute", "start %d must be a minute of the day, 0 to 1439", s.StartMinute))
	}
	if s.LengthMinutes <= 0 || s.LengthMinutes > 7*24*60 {
		errs = append(errs, roster.FieldErrorf("length_minutes", "length %d minutes must be more than 0 and at most a week", s.LengthMinutes))
	}
	if _, err := roster.ParseKind(string(s.Kind)); err != nil {
		errs = append(errs, roster.FieldErrorf("kind", "%v", err))
	}
	if !cssColour.MatchString(s.Colour) {
		errs = append(errs, roster.FieldErrorf("colour", "colour %q must be #rgb, #rrggbb or a CSS colour name", s.Colour))
	}
	return errors.Join(errs...)
}

func shiftMessages(s *roster.ShiftType) *constraintMessages {
	return &constraintMessages{
		unique: &roster.Error{Code: roster.Conflict, Field: "code",
			Message: fmt.Sprintf("department %d already has a shift type with code %q", s.DepartmentID, s.Code)},
		foreignKey: &roster.Error{Code: roster.Invalid, Field: "department_id",
			Message: fmt.Sprintf("department %d does not exist", s.DepartmentID)},
	}
}

func (o *ops) CreateShiftType(ctx context.Context, s *roster.ShiftType) error {
	if err := validateShift(s); err != nil {
		return err
	}
	c := *s
	c.Version = 1
	err := o.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO shift_types (department_id, code, name, start_minute, length_minutes, kind, colour, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id`,
			c.DepartmentID, c.Code, c.Name, c.StartMinute, c.LengthMinutes, string(c.Kind), c.Colour).Scan(&c.ID)
		if err != nil {
			return o.s.mapErr(err, shiftMessages(&c))
		}
		return o.audit(ctx, tx, "create", "shift_type", c.ID, nil, c, "")
	})
	if err == nil {
		*s = c
	}
	return err
}

func (o *ops) ListShiftTypes(ctx context.Context, departmentID roster.ID) ([]roster.ShiftType, error) {
	var w where
	if departmentID != 0 {
		w.add("department_id = ?", departmentID)
	}
	return list(ctx, o, `SELECT `+shiftCols+` FROM shift_types`+w.String()+` ORDER BY department_id, start_minute, code, id`, w.args, scanShift)
}

func (o *ops) UpdateShiftType(ctx context.Context, s *roster.ShiftType) error {
	if err := validateShift(s); err != nil {
		return err
	}
	after := *s
	err := o.write(ctx, func(tx *sql.Tx) error {
		before, err := scanShift(tx.QueryRowContext(ctx, `SELECT `+shiftCols+` FROM shift_types WHERE id = $1`, s.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("shift type", s.ID)
		}
		if err != nil {
			return o.s.mapErr(err, nil)
		}
		if err := checkVersion("shift type", s.ID, s.Version, before.Version); err != nil {
			return err
		}
		after.Version = before.Version + 1
		res, err := tx.ExecContext(ctx, `UPDATE shift_types SET department_id = $1, code = $2, name = $3, start_minute = $4, length_minutes = $5,
			kind = $6, colour = $7, version = version + 1 WHERE id = $8 AND version = $9`,
			s.DepartmentID, s.Code, s.Name, s.StartMinute, s.LengthMinutes, string(s.Kind), s.Colour, s.ID, s.Version)
		if err := o.s.updated(res, o.s.mapErr(err, shiftMessages(s)), "shift type", s.ID, s.Version); err != nil {
			return err
		}
		return o.audit(ctx, tx, "update", "shift_type", s.ID, before, after, "")
	})
	if err == nil {
		*s = after
	}
	return err
}

// Rota templates.

func (o *ops) CreateTemplate(ctx context.Context, t *roster.RotaTemplate) error {
	var errs []error
	if t.DepartmentID == 0 {
		errs = append(errs, roster.FieldErrorf("department_id", "a rota template belongs to a department"))
	}
	if strings.TrimSpace(t.Name) == "" {
		errs = append(errs, roster.FieldErrorf("name", "a rota template needs a name"))
	}
	if t.Weeks < 1 {
		errs = append(errs, roster.FieldErrorf("weeks", "a rota template lasts at least one week, not %d", t.Weeks))
	}
	for i, line := range t.Lines {
		if len(line) != 7*t.Weeks {
			errs = append(errs, roster.FieldErrorf("lines", "line %d has %d days, want %d (7 × %d weeks)", i+1, len(line), 7*t.Weeks, t.Weeks))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	c := *t
	c.Version = 1
	if c.Lines == nil {
		c.Lines = [][]string{}
	}
	lines, err := json.Marshal(c.Lines)
	if err != nil {
		return err
	}
	err = o.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO rota_templates (department_id, name, weeks, lines, version) VALUES ($1, $2, $3, $4, 1) RETURNING id`,
			c.DepartmentID, c.Name, c.Weeks, string(lines)).Scan(&c.ID)
		if err != nil {
			return o.s.mapErr(err, &constraintMessages{foreignKey: &roster.Error{Code: roster.Invalid, Field: "department_id",
				Message: fmt.Sprintf("department %d does not exist", c.DepartmentID)}})
		}
		return o.audit(ctx, tx, "create", "template", c.ID, nil, c, "")
	})
	if err == nil {
		*t = c
	}
	return err
}

func (o *ops) ListTemplates(ctx context.Context, departmentID roster.ID) ([]roster.RotaTemplate, error) {
	var w where
	if departmentID != 0 {
		w.add("department_id = ?", departmentID)
	}
	return list(ctx, o, `SELECT id, department_id, name, weeks, lines, version FROM rota_templates`+w.String()+` ORDER BY name, id`, w.args,
		func(r scanner) (roster.RotaTemplate, error) {
			var t roster.RotaTemplate
			var lines string
			if err := r.Scan(&t.ID, &t.DepartmentID, &t.Name, &t.Weeks, &lines, &t.Version); err != nil {
				return t, err
			}
			return t, json.Unmarshal([]byte(lines), &t.Lines)
		})
}

// Assignments. Start and end are stored as Unix seconds (UTC); sub-second
// parts are dropped.

const assignmentCols = `id, doctor_id, department_id, shift_type_id, kind, start_at, end_at, note, version`

func scanAssignment(r scanner) (roster.Assignment, error) {
	var a roster.Assignment
	var dept, shift sql.Null[int64]
	var start, end int64
	err := r.Scan(&a.ID, &a.DoctorID, &dept, &shift, &a.Kind, &start, &end, &a.Note, &a.Version)
	a.DepartmentID, a.ShiftTypeID = dept.V, shift.V
	a.Start, a.End = fromUnix(start), fromUnix(end)
	return a, err
}

func prepareAssignment(a *roster.Assignment) error {
	a.Start = a.Start.Truncate(time.Second).UTC()
	a.End = a.End.Truncate(time.Second).UTC()
	return a.Validate()
}

func assignmentMessages(a *roster.Assignment) *constraintMessages {
	return &constraintMessages{foreignKey: &roster.Error{Code: roster.Invalid, Field: "doctor_id",
		Message: fmt.Sprintf("doctor %d, department %d or shift type %d does not exist", a.DoctorID, a.DepartmentID, a.ShiftTypeID)}}
}

// noteLength records the longest assignment so that range queries can
// bound start_at from below and use the (department_id, start_at) index.
func (o *ops) noteLength(ctx context.Context, tx *sql.Tx, seconds int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE store_meta SET value = $1 WHERE key = 'max_assignment_seconds' AND value < $1`, seconds)
	return o.s.mapErr(err, nil)
}

const insertAssignment = `INSERT INTO assignments (doctor_id, department_id, shift_type_id, kind, start_at, end_at, note, version) VALUES `

func (o *ops) CreateAssignment(ctx context.Context, a *roster.Assignment) error {
	c := *a
	if err := prepareAssignment(&c); err != nil {
		return err
	}
	c.Version = 1
	err := o.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, insertAssignment+`($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id`,
			c.DoctorID, nullID(c.DepartmentID), nullID(c.ShiftTypeID), string(c.Kind), unix(c.Start), unix(c.End), c.Note).Scan(&c.ID)
		if err != nil {
			return o.s.mapErr(err, assignmentMessages(&c))
		}
		if err := o.noteLength(ctx, tx, unix(c.End)-unix(c.Start)); err != nil {
			return err
		}
		return o.audit(ctx, tx, "create", "assignment", c.ID, nil, c, "")
	})
	if err == nil {
		*a = c
	}
	return err
}

// defaultBulkRows is how many rows one multi-row INSERT carries
// (7 parameters each) unless the dialect says otherwise. Small on purpose
// for SQLite: modernc.org/sqlite looks up each $n parameter name linearly,
// so binding costs grow with the square of the parameters per statement.
const defaultBulkRows = 64

// CreateAssignments inserts as in batches of multi-row INSERTs through
// prepared statements, validating every one first (all-or-nothing; every
// invalid row reported, numbered from 1), with one audit entry.
func (o *ops) CreateAssignments(ctx context.Context, as []roster.Assignment) error {
	if len(as) == 0 {
		return nil
	}
	cs := make([]roster.Assignment, len(as))
	copy(cs, as)
	var errs []error
	var longest int64
	depts := map[roster.ID]bool{}
	var first, last time.Time
	for i := range cs {
		if err := prepareAssignment(&cs[i]); err != nil {
			errs = append(errs, withLine(err, i+1))
			continue
		}
		cs[i].Version = 1
		longest = max(longest, unix(cs[i].End)-unix(cs[i].Start))
		depts[cs[i].DepartmentID] = true
		if first.IsZero() || cs[i].Start.Before(first) {
			first = cs[i].Start
		}
		if cs[i].End.After(last) {
			last = cs[i].End
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	err := o.write(ctx, func(tx *sql.Tx) error {
		stmts := map[int]*sql.Stmt{}
		defer func() {
			for _, st := range stmts {
				st.Close()
			}
		}()
		bulk := o.s.d.BulkRows
		if bulk <= 0 {
			bulk = defaultBulkRows
		}
		args := make([]any, 0, 7*bulk)
		ids := make([]int64, 0, bulk)
		for lo := 0; lo < len(cs); lo += bulk {
			batch := cs[lo:min(lo+bulk, len(cs))]
			st := stmts[len(batch)]
			if st == nil {
				var err error
				st, err = tx.PrepareContext(ctx, multiInsert(len(batch)))
				if err != nil {
					return o.s.mapErr(err, nil)
				}
				stmts[len(batch)] = st
			}
			args = args[:0]
			for _, a := range batch {
				args = append(args, a.DoctorID, nullID(a.DepartmentID), nullID(a.ShiftTypeID), string(a.Kind), unix(a.Start), unix(a.End), a.Note)
			}
			rows, err := st.QueryContext(ctx, args...)
			if err != nil {
				return o.s.mapErr(err, &constraintMessages{foreignKey: roster.Errorf(roster.Invalid,
					"an assignment in rows %d–%d refers to a doctor, department or shift type that does not exist", lo+1, lo+len(batch))})
			}
			ids = ids[:0]
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return o.s.mapErr(err, nil)
				}
				ids = append(ids, id)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return o.s.mapErr(err, &constraintMessages{foreignKey: roster.Errorf(roster.Invalid,
					"an assignment in rows %d–%d refers to a doctor, department or shift type that does not exist", lo+1, lo+len(batch))})
			}
			if len(ids) != len(batch) {
				return roster.Errorf(roster.Internal, "inserted %d assignments, got %d ids back", len(batch), len(ids))
			}
			// Identity values are drawn in VALUES order; RETURNING order is
			// not promised, so sort.
			slices.Sort(ids)
			for i := range batch {
				batch[i].ID = ids[i]
			}
		}
		if err := o.noteLength(ctx, tx, longest); err != nil {
			return err
		}
		deptIDs := make([]roster.ID, 0, len(depts))
		for id := range depts {
			deptIDs = append(deptIDs, id)
		}
		slices.Sort(deptIDs)
		summary := map[string]any{"count": len(cs), "first_id": cs[0].ID, "last_id": cs[len(cs)-1].ID,
			"department_ids": deptIDs, "from": first, "to": last}
		return o.audit(ctx, tx, "create_batch", "assignment", 0, nil, summary, fmt.Sprintf("%d assignments", len(cs)))
	})
	if err == nil {
		copy(as, cs)
	}
	return err
}

func multiInsert(n int) string {
	var b strings.Builder
	b.WriteString(insertAssignment)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		p := i * 7
		fmt.Fprintf(&b, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, 1)", p+1, p+2, p+3, p+4, p+5, p+6, p+7)
	}
	b.WriteString(" RETURNING id")
	return b.String()
}

// withLine numbers the errors of row line.
func withLine(err error, line int) error {
	var out []error
	var walk func(error)
	walk = func(err error) {
		if m, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range m.Unwrap() {
				walk(e)
			}
			return
		}
		var re *roster.Error
		if errors.As(err, &re) {
			c := *re
			c.Line = line
			out = append(out, &c)
			return
		}
		out = append(out, &roster.Error{Code: roster.Invalid, Line: line, Message: err.Error()})
	}
	walk(err)
	return errors.Join(out...)
}

func (o *ops) getAssignment(ctx context.Context, q querier, id roster.ID) (roster.Assignment, error) {
	a, err := scanAssignment(q.QueryRowContext(ctx, `SELECT `+assignmentCols+` FROM assignments WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, notFound("assignment", id)
	}
	return a, o.s.mapErr(err, nil)
}

func (o *ops) GetAssignment(ctx context.Context, id roster.ID) (roster.Assignment, error) {
	return o.getAssignment(ctx, o.q(), id)
}

// ListAssignments returns assignments overlapping [f.From, f.To), by start.
func (o *ops) ListAssignments(ctx context.Context, f store.AssignmentFilter) ([]roster.Assignment, error) {
	var longest int64
	if !f.From.IsZero() {
		if err := o.q().QueryRowContext(ctx, `SELECT value FROM store_meta WHERE key = 'max_assignment_seconds'`).Scan(&longest); err != nil {
			return nil, o.s.mapErr(err, nil)
		}
	}
	q, args := assignmentQuery(f, longest)
	return list(ctx, o, q, args, scanAssignment)
}

// assignmentQuery builds ListAssignments' query; longest is the longest
// assignment stored, in seconds.
func assignmentQuery(f store.AssignmentFilter, longest int64) (string, []any) {
	var w where
	if f.DepartmentID != 0 {
		w.add("department_id = ?", f.DepartmentID)
	}
	if f.DoctorID != 0 {
		w.add("doctor_id = ?", f.DoctorID)
	}
	if f.OrgID != 0 {
		w.add("department_id IN (SELECT id FROM departments WHERE org_id = ?)", f.OrgID)
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if !f.To.IsZero() {
		w.add("start_at < ?", unix(f.To.Add(time.Second-1)))
	}
	if !f.From.IsZero() {
		from := f.From.Truncate(time.Second)
		w.add("end_at > ?", unix(from))
		// Redundant with end_at > from, but lets the index bound the scan.
		w.add("start_at > ?", unix(from)-longest)
	}
	return `SELECT ` + assignmentCols + ` FROM assignments` + w.String() + ` ORDER BY start_at, id`, w.args
}

func (o *ops) UpdateAssignment(ctx context.Context, a *roster.Assignment) error {
	after := *a
	if err := prepareAssignment(&after); err != nil {
		return err
	}
	err := o.write(ctx, func(tx *sql.Tx) error {
		before, err := o.getAssignment(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if err := checkVersion("assignment", a.ID, a.Version, before.Version); err != nil {
			return err
		}
		after.Version = before.Version + 1
		res, err := tx.ExecContext(ctx, `UPDATE assignments SET doctor_id = $1, department_id = $2, shift_type_id = $3, kind = $4,
			start_at = $5, end_at = $6, note = $7, version = version + 1 WHERE id = $8 AND version = $9`,
			after.DoctorID, nullID(after.DepartmentID), nullID(after.ShiftTypeID), string(after.Kind), unix(after.Start), unix(after.End), after.Note,
			a.ID, a.Version)
		if err := o.s.updated(res, o.s.mapErr(err, assignmentMessages(&after)), "assignment", a.ID, a.Version); err != nil {
			return err
		}
		if err := o.noteLength(ctx, tx, unix(after.End)-unix(after.Start)); err != nil {
			return err
		}
		return o.audit(ctx, tx, "update", "assignment", a.ID, before, after, "")
	})
	if err == nil {
		*a = after
	}
	return err
}

func (o *ops) DeleteAssignment(ctx context.Context, id roster.ID, version int64) error {
	return o.write(ctx, func(tx *sql.Tx) error {
		before, err := o.getAssignment(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkVersion("assignment", id, version, before.Version); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM assignments WHERE id = $1 AND version = $2`, id, version)
		if err := o.s.updated(res, o.s.mapErr(err, nil), "assignment", id, version); err != nil {
			return err
		}
		return o.audit(ctx, tx, "delete", "assignment", id, before, nil, "")
	})
}
