package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// Cover requirements.

const requirementCols = `id, department_id, shift_type_id, weekday, min_doctors, max_doctors, weight_under, weight_over, version`

func scanRequirement(r scanner) (roster.Requirement, error) {
	var q roster.Requirement
	err := r.Scan(&q.ID, &q.DepartmentID, &q.ShiftTypeID, &q.Weekday, &q.Min, &q.Max, &q.WeightUnder, &q.WeightOver, &q.Version)
	return q, err
}

func (o *ops) ListRequirements(ctx context.Context, departmentID roster.ID) ([]roster.Requirement, error) {
	return list(ctx, o, `SELECT `+requirementCols+` FROM requirements WHERE department_id = $1 ORDER BY shift_type_id, weekday, id`,
		[]any{departmentID}, scanRequirement)
}

func (o *ops) SetRequirements(ctx context.Context, departmentID roster.ID, rs []roster.Requirement) error {
	var errs []error
	seen := map[[2]int64]bool{}
	cs := make([]roster.Requirement, len(rs))
	for i, r := range rs {
		if r.DepartmentID == 0 {
			r.DepartmentID = departmentID
		}
		err := r.Validate()
		if r.DepartmentID != departmentID {
			err = errors.Join(err, roster.FieldErrorf("department_id", "requirement for department %d given for department %d", r.DepartmentID, departmentID))
		}
		k := [2]int64{r.ShiftTypeID, int64(r.Weekday)}
		if seen[k] {
			err = errors.Join(err, roster.FieldErrorf("weekday", "a second requirement for shift type %d on %s", r.ShiftTypeID, r.Weekday))
		}
		seen[k] = true
		if err != nil {
			errs = append(errs, withLine(err, i+1))
		}
		r.Version = 1
		cs[i] = r
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return o.write(ctx, func(tx *sql.Tx) error {
		if _, err := o.getDepartment(ctx, tx, departmentID); err != nil {
			return err
		}
		before, err := list(ctx, &ops{s: o.s, tx: tx}, `SELECT `+requirementCols+` FROM requirements WHERE department_id = $1 ORDER BY shift_type_id, weekday, id`,
			[]any{departmentID}, scanRequirement)
		if err != nil {
			return err
		}
		shifts, err := list(ctx, &ops{s: o.s, tx: tx}, `SELECT id FROM shift_types WHERE department_id = $1`, []any{departmentID},
			func(r scanner) (int64, error) { var id int64; return id, r.Scan(&id) })
		if err != nil {
			return err
		}
		own := map[int64]bool{}
		for _, id := range shifts {
			own[id] = true
		}
		for i, r := range cs {
			if !own[r.ShiftTypeID] {
				errs = append(errs, withLine(roster.FieldErrorf("shift_type_id", "shift type %d is not one of department %d's", r.ShiftTypeID, departmentID), i+1))
			}
		}
		if err := errors.Join(errs...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM requirements WHERE department_id = $1`, departmentID); err != nil {
			return o.s.mapErr(err, nil)
		}
		for i := range cs {
			r := &cs[i]
			err := tx.QueryRowContext(ctx, `INSERT INTO requirements (department_id, shift_type_id, weekday, min_doctors, max_doctors, weight_under, weight_over, version)
				VALUES ($1, $2, $3, $4, $5, $6, $7, 1) RETURNING id`,
				r.DepartmentID, r.ShiftTypeID, int(r.Weekday), r.Min, r.Max, r.WeightUnder, r.WeightOver).Scan(&r.ID)
			if err != nil {
				return withLine(o.s.mapErr(err, nil), i+1)
			}
		}
		return o.audit(ctx, tx, "replace", "requirements", departmentID, before, cs, fmt.Sprintf("%d requirements", len(cs)))
	})
}

// Requests.

const requestCols = `id, doctor_id, day, shift_type_id, want_on, weight, note, version`

func scanRequest(r scanner) (roster.Request, error) {
	var q roster.Request
	var day string
	var shift sql.Null[int64]
	err := r.Scan(&q.ID, &q.DoctorID, &day, &shift, &q.On, &q.Weight, &q.Note, &q.Version)
	q.Date = parseDate(day)
	q.ShiftTypeID = shift.V
	return q, err
}

func (o *ops) CreateRequest(ctx context.Context, r *roster.Request) error {
	if err := r.Validate(); err != nil {
		return err
	}
	c := *r
	c.Version = 1
	err := o.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO requests (doctor_id, day, shift_type_id, want_on, weight, note, version)
			VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id`,
			c.DoctorID, dateText(c.Date), nullID(c.ShiftTypeID), c.On, c.Weight, c.Note).Scan(&c.ID)
		if err != nil {
			return o.s.mapErr(err, &constraintMessages{foreignKey: &roster.Error{Code: roster.Invalid, Field: "doctor_id",
				Message: fmt.Sprintf("doctor %d or shift type %d does not exist", c.DoctorID, c.ShiftTypeID)}})
		}
		return o.audit(ctx, tx, "create", "request", c.ID, nil, c, "")
	})
	if err == nil {
		*r = c
	}
	return err
}

func (o *ops) ListRequests(ctx context.Context, f store.RequestFilter) ([]roster.Request, error) {
	var w where
	if f.DoctorID != 0 {
		w.add("doctor_id = ?", f.DoctorID)
	}
	if f.DepartmentID != 0 {
		w.add("doctor_id IN (SELECT id FROM doctors WHERE department_id = ?)", f.DepartmentID)
	}
	if !f.From.IsZero() {
		w.add("day >= ?", dateText(f.From))
	}
	if !f.To.IsZero() {
		w.add("day < ?", dateText(f.To))
	}
	return list(ctx, o, `SELECT `+requestCols+` FROM requests`+w.String()+` ORDER BY day, doctor_id, id`, w.args, scanRequest)
}

func (o *ops) DeleteRequest(ctx context.Context, id roster.ID, version int64) error {
	return o.write(ctx, func(tx *sql.Tx) error {
		before, err := scanRequest(tx.QueryRowContext(ctx, `SELECT `+requestCols+` FROM requests WHERE id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("request", id)
		}
		if err != nil {
			return o.s.mapErr(err, nil)
		}
		if err := checkVersion("request", id, version, before.Version); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM requests WHERE id = $1 AND version = $2`, id, version)
		if err := o.s.updated(res, o.s.mapErr(err, nil), "request", id, version); err != nil {
			return err
		}
		return o.audit(ctx, tx, "delete", "request", id, before, nil, "")
	})
}

// Drafts.

const draftListCols = `id, department_id, from_day, to_day, status, message, created_by, created_at, finished_at, time_limit_sec,
	objective, feasible, shortfall, violations, warnings, base_hash, version`

func scanDraft(r scanner, withResult bool) (roster.Draft, error) {
	var d roster.Draft
	var from, to string
	var created, finished int64
	dest := []any{&d.ID, &d.DepartmentID, &from, &to, &d.Status, &d.Message, &d.CreatedBy, &created, &finished, &d.TimeLimitSec,
		&d.Objective, &d.Feasible, &d.Shortfall, &d.Violations, &d.Warnings, &d.BaseHash, &d.Version}
	if withResult {
		dest = append(dest, &d.Result)
	}
	err := r.Scan(dest...)
	d.From, d.To = parseDate(from), parseDate(to)
	d.CreatedAt, d.FinishedAt = fromUnix(created), fromUnix(finished)
	return d, err
}

// draftAudit is what the audit log keeps of a draft: not its result.
func draftAudit(d roster.Draft) roster.Draft {
	d.Result = ""
	return d
}

func (o *ops) CreateDraft(ctx context.Context, d *roster.Draft) error {
	if err := d.Validate(); err != nil {
		return err
	}
	c := *d
	c.Version = 1
	if c.CreatedAt.IsZero() {
		c.CreatedAt = o.s.now().UTC()
	}
	err := o.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO drafts (department_id, from_day, to_day, status, message, created_by, created_at, finished_at,
			time_limit_sec, objective, feasible, shortfall, violations, warnings, base_hash, result, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1) RETURNING id`,
			c.DepartmentID, dateText(c.From), dateText(c.To), string(c.Status), c.Message, c.CreatedBy, unix(c.CreatedAt), unixOrZero(c),
			c.TimeLimitSec, c.Objective, c.Feasible, c.Shortfall, c.Violations, c.Warnings, c.BaseHash, c.Result).Scan(&c.ID)
		if err != nil {
			return o.s.mapErr(err, &constraintMessages{foreignKey: &roster.Error{Code: roster.Invalid, Field: "department_id",
				Message: fmt.Sprintf("department %d does not exist", c.DepartmentID)}})
		}
		return o.audit(ctx, tx, "create", "draft", c.ID, nil, draftAudit(c), "")
	})
	if err == nil {
		*d = c
	}
	return err
}

func unixOrZero(d roster.Draft) int64 {
	if d.FinishedAt.IsZero() {
		return 0
	}
	return unix(d.FinishedAt)
}

func (o *ops) getDraft(ctx context.Context, q querier, id roster.ID) (roster.Draft, error) {
	d, err := scanDraft(q.QueryRowContext(ctx, `SELECT `+draftListCols+`, result FROM drafts WHERE id = $1`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return d, notFound("draft", id)
	}
	return d, o.s.mapErr(err, nil)
}

func (o *ops) GetDraft(ctx context.Context, id roster.ID) (roster.Draft, error) {
	return o.getDraft(ctx, o.q(), id)
}

func (o *ops) ListDrafts(ctx context.Context, departmentID roster.ID, limit int) ([]roster.Draft, error) {
	var w where
	if departmentID != 0 {
		w.add("department_id = ?", departmentID)
	}
	q := `SELECT ` + draftListCols + ` FROM drafts` + w.String() + ` ORDER BY id DESC`
	if limit > 0 {
		q += ` LIMIT ` + w.next(limit)
	}
	return list(ctx, o, q, w.args, func(r scanner) (roster.Draft, error) { return scanDraft(r, false) })
}

func (o *ops) UpdateDraft(ctx context.Context, d *roster.Draft) error {
	if err := d.Validate(); err != nil {
		return err
	}
	after := *d
	err := o.write(ctx, func(tx *sql.Tx) error {
		before, err := o.getDraft(ctx, tx, d.ID)
		if err != nil {
			return err
		}
		if err := checkVersion("draft", d.ID, d.Version, before.Version); err != nil {
			return err
		}
		after.Version = before.Version + 1
		res, err := tx.ExecContext(ctx, `UPDATE drafts SET status = $1, message = $2, finished_at = $3, objective = $4, feasible = $5,
			shortfall = $6, violations = $7, warnings = $8, base_hash = $9, result = $10, version = version + 1
			WHERE id = $11 AND version = $12`,
			string(d.Status), d.Message, unixOrZero(*d), d.Objective, d.Feasible, d.Shortfall, d.Violations, d.Warnings, d.BaseHash, d.Result,
			d.ID, d.Version)
		if err := o.s.updated(res, o.s.mapErr(err, nil), "draft", d.ID, d.Version); err != nil {
			return err
		}
		if before.Status == after.Status {
			return nil // progress of the same state: not an audited change
		}
		return o.audit(ctx, tx, string(after.Status), "draft", d.ID, draftAudit(before), draftAudit(after), after.Message)
	})
	if err == nil {
		*d = after
	}
	return err
}

func (o *ops) FailRunningDrafts(ctx context.Context, message string) (int, error) {
	var n int
	err := o.write(ctx, func(tx *sql.Tx) error {
		ids, err := list(ctx, &ops{s: o.s, tx: tx}, `SELECT id FROM drafts WHERE status = $1 ORDER BY id`, []any{string(roster.DraftRunning)},
			func(r scanner) (int64, error) { var id int64; return id, r.Scan(&id) })
		if err != nil || len(ids) == 0 {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE drafts SET status = $1, message = $2, finished_at = $3, version = version + 1 WHERE status = $4`,
			string(roster.DraftFailed), message, unix(o.s.now()), string(roster.DraftRunning)); err != nil {
			return o.s.mapErr(err, nil)
		}
		n = len(ids)
		strs := make([]string, len(ids))
		for i, id := range ids {
			strs[i] = itoa(id)
		}
		return o.audit(ctx, tx, "failed", "draft", 0, nil, nil, message+": drafts "+strings.Join(strs, ", "))
	})
	return n, err
}

func (o *ops) ReplaceAssignments(ctx context.Context, del []roster.Assignment, add []roster.Assignment, note string) error {
	if len(del) == 0 && len(add) == 0 {
		return nil
	}
	return o.write(ctx, func(tx *sql.Tx) error {
		in := &ops{s: o.s, tx: tx}
		const chunk = 500
		for lo := 0; lo < len(del); lo += chunk {
			part := del[lo:min(lo+chunk, len(del))]
			var w where
			ids := make([]int64, len(part))
			want := make(map[int64]int64, len(part))
			for i, a := range part {
				ids[i] = a.ID
				want[a.ID] = a.Version
			}
			w.in("id", ids)
			got, err := list(ctx, in, `SELECT id, version FROM assignments`+w.String(), w.args,
				func(r scanner) ([2]int64, error) { var v [2]int64; return v, r.Scan(&v[0], &v[1]) })
			if err != nil {
				return err
			}
			if len(got) != len(part) {
				return roster.Errorf(roster.Conflict, "%d of the assignments to replace were deleted by someone else meanwhile", len(part)-len(got))
			}
			for _, g := range got {
				if want[g[0]] != g[1] {
					return stale("assignment", g[0], want[g[0]], g[1])
				}
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM assignments`+w.String(), w.args...); err != nil {
				return o.s.mapErr(err, nil)
			}
		}
		if len(add) > 0 {
			// CreateAssignments writes its own batch audit entry.
			if err := in.CreateAssignments(ctx, add); err != nil {
				return err
			}
		}
		delIDs := make([]roster.ID, len(del))
		for i, a := range del {
			delIDs[i] = a.ID
		}
		return o.audit(ctx, tx, "replace", "assignment", 0, map[string]any{"deleted": len(del), "ids": delIDs},
			map[string]any{"added": len(add)}, note)
	})
}
