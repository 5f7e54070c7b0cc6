package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// Organisations.

func validateOrganisation(o *roster.Organisation) error {
	if strings.TrimSpace(o.Name) == "" {
		return roster.FieldErrorf("name", "an organisation needs a name")
	}
	return nil
}

func orgMessages(o *roster.Organisation) *constraintMessages {
	return &constraintMessages{unique: &roster.Error{Code: roster.Conflict, Field: "code",
		Message: "an organisation with code " + quote(o.Code) + " already exists"}}
}

func (o *ops) CreateOrganisation(ctx context.Context, org *roster.Organisation) error {
	if err := validateOrganisation(org); err != nil {
		return err
	}
	c := *org
	c.Version = 1
	err := o.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO organisations (code, name, region, version) VALUES ($1, $2, $3, 1) RETURNING id`,
			c.Code, c.Name, c.Region).Scan(&c.ID)
		if err != nil {
			return o.s.mapErr(err, orgMessages(&c))
		}
		return o.audit(ctx, tx, "create", "organisation", c.ID, nil, c, "")
	})
	if err == nil {
		*org = c
	}
	return err
}

const orgCols = `id, code, name, region, version`

func scanOrg(r scanner) (roster.Organisation, error) {
	var o roster.Organisation
	err := r.Scan(&o.ID, &o.Code, &o.Name, &o.Region, &o.Version)
	return o, err
}

func (o *ops) getOrganisation(ctx context.Context, q querier, id roster.ID) (roster.Organisation, error) {
	org, err := scanOrg(q.QueryRowContext(ctx, `SELECT `+orgCols+` FROM organisations WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return org, notFound("organisation", id)
	}
	return org, o.s.mapErr(err, nil)
}

func (o *ops) GetOrganisation(ctx context.Context, id roster.ID) (roster.Organisation, error) {
	return o.getOrganisation(ctx, o.q(), id)
}

func (o *ops) ListOrganisations(ctx context.Context) ([]roster.Organisation, error) {
	return list(ctx, o, `SELECT `+orgCols+` FROM organisations ORDER BY name, id`, nil, scanOrg)
}

func (o *ops) UpdateOrganisation(ctx context.Context, org *roster.Organisation) error {
	if err := validateOrganisation(org); err != nil {
		return err
	}
	after := *org
	err := o.write(ctx, func(tx *sql.Tx) error {
		before, err := o.getOrganisation(ctx, tx, org.ID)
		if err != nil {
			return err
		}
		if err := checkVersion("organisation", org.ID, org.Version, before.Version); err != nil {
			return err
		}
		after.Version = before.Version + 1
		res, err := tx.ExecContext(ctx, `UPDATE organisations SET code = $1, name = $2, region = $3, version = version + 1 WHERE id = $4 AND version = $5`,
			org.Code, org.Name, org.Region, org.ID, org.Version)
		if err := o.s.updated(res, o.s.mapErr(err, orgMessages(org)), "organisation", org.ID, org.Version); err != nil {
			return err
		}
		return o.audit(ctx, tx, "update", "organisation", org.ID, before, after, "")
	})
	if err == nil {
		*org = after
	}
	return err
}

// Sites.

func (o *ops) CreateSite(ctx context.Context, s *roster.Site) error {
	if strings.TrimSpace(s.Name) == "" {
		return roster.FieldErrorf("name", "a site needs a name")
	}
	c := *s
	c.Version = 1
	err := o.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO sites (org_id, name, version) VALUES ($1, $2, 1) RETURNING id`, c.OrgID, c.Name).Scan(&c.ID)
		if err != nil {
			return o.s.mapErr(err, &constraintMessages{foreignKey: &roster.Error{Code: roster.Invalid, Field: "org_id",
				Message: "organisation " + itoa(c.OrgID) + " does not exist"}})
		}
		return o.audit(ctx, tx, "create", "site", c.ID, nil, c, "")
	})
	if err == nil {
		*s = c
	}
	return err
}

func (o *ops) ListSites(ctx context.Context, orgID roster.ID) ([]roster.Site, error) {
	var w where
	if orgID != 0 {
		w.add("org_id = ?", orgID)
	}
	return list(ctx, o, `SELECT id, org_id, name, version FROM sites`+w.String()+` ORDER BY name, id`, w.args,
		func(r scanner) (roster.Site, error) {
			var s roster.Site
			err := r.Scan(&s.ID, &s.OrgID, &s.Name, &s.Version)
			return s, err
		})
}

// Departments.

func validateDepartment(d *roster.Department) error {
	var errs []error
	if strings.TrimSpace(d.Name) == "" {
		errs = append(errs, roster.FieldErrorf("name", "a department needs a name"))
	}
	if d.OrgID == 0 {
		errs = append(errs, roster.FieldErrorf("org_id", "a department belongs to an organisation"))
	}
	return errors.Join(errs...)
}

func deptMessages(d *roster.Department) *constraintMessages {
	return &constraintMessages{foreignKey: &roster.Error{Code: roster.Invalid, Field: "org_id",
		Message: "organisation " + itoa(d.OrgID) + " or site " + itoa(d.SiteID) + " does not exist"}}
}

const deptCols = `id, org_id, site_id, name, specialty, version`

func scanDept(r scanner) (roster.Department, error) {
	var d roster.Department
	var site sql.Null[int64]
	err := r.Scan(&d.ID, &d.OrgID, &site, &d.Name, &d.Specialty, &d.Version)
	d.SiteID = site.V
	return d, err
}

func (o *ops) CreateDepartment(ctx context.Context, d *roster.Department) error {
	if err := validateDepartment(d); err != nil {
		return err
	}
	c := *d
	c.Version = 1
	err := o.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO departments (org_id, site_id, name, specialty, version) VALUES ($1, $2, $3, $4, 1) RETURNING id`,
			c.OrgID, nullID(c.SiteID), c.Name, c.Specialty).Scan(&c.ID)
		if err != nil {
			return o.s.mapErr(err, deptMessages(&c))
		}
		return o.audit(ctx, tx, "create", "department", c.ID, nil, c, "")
	})
	if err == nil {
		*d = c
	}
	return err
}

func (o *ops) getDepartment(ctx context.Context, q querier, id roster.ID) (roster.Department, error) {
	d, err := scanDept(q.QueryRowContext(ctx, `SELECT `+deptCols+` FROM departments WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, notFound("department", id)
	}
	return d, o.s.mapErr(err, nil)
}

func (o *ops) GetDepartment(ctx context.Context, id roster.ID) (roster.Department, error) {
	return o.getDepartment(ctx, o.q(), id)
}

func (o *ops) ListDepartments(ctx context.Context, orgID roster.ID) ([]roster.Department, error) {
	var w where
	if orgID != 0 {
		w.add("org_id = ?", orgID)
	}
	return list(ctx, o, `SELECT `+deptCols+` FROM departments`+w.String()+` ORDER BY name, id`, w.args, scanDept)
}

func (o *ops) UpdateDepartment(ctx context.Context, d *roster.Department) error {
	if err := validateDepartment(d); err != nil {
		return err
	}
	after := *d
	err := o.write(ctx, func(tx *sql.Tx) error {
		before, err := o.getDepartment(ctx, tx, d.ID)
		if err != nil {
			return err
		}
		if err := checkVersion("department", d.ID, d.Version, before.Version); err != nil {
			return err
		}
		after.Version = before.Version + 1
		res, err := tx.ExecContext(ctx, `UPDATE departments SET org_id = $1, site_id = $2, name = $3, specialty = $4, version = version + 1 WHERE id = $5 AND version = $6`,
			d.OrgID, nullID(d.SiteID), d.Name, d.Specialty, d.ID, d.Version)
		if err := o.s.updated(res, o.s.mapErr(err, deptMessages(d)), "department", d.ID, d.Version); err != nil {
			return err
		}
		return o.audit(ctx, tx, "update", "department", d.ID, before, after, "")
	})
	if err == nil {
		*d = after
	}
	return err
}

func (o *ops) DeleteDepartment(ctx context.Context, id roster.ID, version int64) error {
	return o.write(ctx, func(tx *sql.Tx) error {
		before, err := o.getDepartment(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkVersion("department", id, version, before.Version); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM departments WHERE id = $1 AND version = $2`, id, version)
		err = o.s.updated(res, o.s.mapErr(err, &constraintMessages{foreignKey: roster.Errorf(roster.Conflict,
			"department %d still has doctors, shift types, rota templates or assignments; move or remove them first", id)}),
			"department", id, version)
		if err != nil {
			return err
		}
		return o.audit(ctx, tx, "delete", "department", id, before, nil, "")
	})
}

// Doctors.

const doctorCols = `id, org_id, department_id, gmc, given_name, family_name, email, grade, specialty,
	contract_kind, tcs_version, nodal_point, band, scale_point, opt_out, ltft_percent,
	rotation_start, rotation_end, renewal_date, status, version`

func scanDoctor(r scanner) (roster.Doctor, error) {
	var d roster.Doctor
	var dept sql.Null[int64]
	var rs, re, rd string
	err := r.Scan(&d.ID, &d.OrgID, &dept, &d.GMC, &d.GivenName, &d.FamilyName, &d.Email, &d.Grade, &d.Specialty,
		&d.Contract.Kind, &d.Contract.TCSVersion, &d.Contract.NodalPoint, &d.Contract.Band, &d.Contract.ScalePoint, &d.Contract.OptOut, &d.LTFTPercent,
		&rs, &re, &rd, &d.Status, &d.Version)
	d.DepartmentID = dept.V
	d.RotationStart, d.RotationEnd, d.RenewalDate = parseDate(rs), parseDate(re), parseDate(rd)
	return d, err
}

func doctorArgs(d *roster.Doctor) []any {
	return []any{d.OrgID, nullID(d.DepartmentID), d.GMC, d.GivenName, d.FamilyName, d.Email, string(d.Grade), d.Specialty,
		string(d.Contract.Kind), d.Contract.TCSVersion, d.Contract.NodalPoint, d.Contract.Band, d.Contract.ScalePoint, d.Contract.OptOut, d.LTFTPercent,
		dateText(d.RotationStart), dateText(d.RotationEnd), dateText(d.RenewalDate), string(d.Status)}
}

// prepareDoctor fills defaults (active, full time) and validates.
func prepareDoctor(d *roster.Doctor) error {
	if d.Status == "" {
		d.Status = roster.Active
	}
	if d.LTFTPercent == 0 {
		d.LTFTPercent = 100
	}
	err := d.Validate()
	if d.OrgID == 0 {
		err = errors.Join(err, roster.FieldErrorf("org_id", "a doctor belongs to an organisation"))
	}
	return err
}

func doctorMessages(d *roster.Doctor) *constraintMessages {
	return &constraintMessages{
		unique: &roster.Error{Code: roster.Conflict, Field: "gmc",
			Message: "a doctor with GMC number " + d.GMC + " is already registered"},
		foreignKey: &roster.Error{Code: roster.Invalid, Field: "department_id",
			Message: "organisation " + itoa(d.OrgID) + " or department " + itoa(d.DepartmentID) + " does not exist"},
	}
}

func (o *ops) CreateDoctor(ctx context.Context, d *roster.Doctor) error {
	c := *d
	if err := prepareDoctor(&c); err != nil {
		return err
	}
	c.Version = 1
	err := o.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO doctors (org_id, department_id, gmc, given_name, family_name, email, grade, specialty,
			contract_kind, tcs_version, nodal_point, band, scale_point, opt_out, ltft_percent,
			rotation_start, rotation_end, renewal_date, status, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1) RETURNING id`,
			doctorArgs(&c)...).Scan(&c.ID)
		if err != nil {
			return o.s.mapErr(err, doctorMessages(&c))
		}
		return o.audit(ctx, tx, "create", "doctor", c.ID, nil, c, "")
	})
	if err == nil {
		*d = c
	}
	return err
}

func (o *ops) getDoctor(ctx context.Context, q querier, id roster.ID) (roster.Doctor, error) {
	d, err := scanDoctor(q.QueryRowContext(ctx, `SELECT `+doctorCols+` FROM doctors WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, notFound("doctor", id)
	}
	return d, o.s.mapErr(err, nil)
}

func (o *ops) GetDoctor(ctx context.Context, id roster.ID) (roster.Doctor, error) {
	return o.getDoctor(ctx, o.q(), id)
}

func (o *ops) GetDoctorByGMC(ctx context.Context, gmc string) (roster.Doctor, error) {
	d, err := scanDoctor(o.q().QueryRowContext(ctx, `SELECT `+doctorCols+` FROM doctors WHERE gmc = $1`, strings.TrimSpace(gmc)))
	if errors.Is(err, sql.ErrNoRows) {
		return d, roster.Errorf(roster.NotFound, "no doctor with GMC number %s", gmc)
	}
	return d, o.s.mapErr(err, nil)
}

func doctorWhere(f store.DoctorFilter) *where {
	w := &where{}
	if f.OrgID != 0 {
		w.add("org_id = ?", f.OrgID)
	}
	if f.DepartmentID != 0 {
		w.add("department_id = ?", f.DepartmentID)
	}
	if len(f.DepartmentIDs) > 0 {
		w.in("department_id", f.DepartmentIDs)
	}
	if f.Grade != "" {
		w.add("grade = ?", string(f.Grade))
	}
	if f.Specialty != "" {
		w.add("LOWER(specialty) = ?", strings.ToLower(f.Specialty))
	}
	if f.Contract != "" {
		w.add("contract_kind = ?", string(f.Contract))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		p := likePattern(s)
		w.add(`(LOWER(given_name || ' ' || family_name) LIKE ? ESCAPE '\' OR LOWER(family_name || ', ' || given_name) LIKE ? ESCAPE '\' OR gmc LIKE ? ESCAPE '\' OR LOWER(email) LIKE ? ESCAPE '\')`, p, p, p, p)
	}
	return w
}

func (o *ops) ListDoctors(ctx context.Context, f store.DoctorFilter) ([]roster.Doctor, error) {
	w := doctorWhere(f)
	q := `SELECT ` + doctorCols + ` FROM doctors` + w.String() + ` ORDER BY family_name, given_name, id`
	if f.Limit > 0 {
		q += ` LIMIT ` + w.next(f.Limit)
	}
	if f.Offset > 0 {
		if f.Limit <= 0 {
			q += ` LIMIT ` + w.next(int64(1)<<62)
		}
		q += ` OFFSET ` + w.next(f.Offset)
	}
	return list(ctx, o, q, w.args, scanDoctor)
}

func (o *ops) CountDoctors(ctx context.Context, f store.DoctorFilter) (int, error) {
	w := doctorWhere(f)
	var n int
	err := o.q().QueryRowContext(ctx, `SELECT COUNT(*) FROM doctors`+w.String(), w.args...).Scan(&n)
	return n, o.s.mapErr(err, nil)
}

func (o *ops) UpdateDoctor(ctx context.Context, d *roster.Doctor) error {
	after := *d
	if err := prepareDoctor(&after); err != nil {
		return err
	}
	err := o.write(ctx, func(tx *sql.Tx) error {
		before, err := o.getDoctor(ctx, tx, d.ID)
		if err != nil {
			return err
		}
		if err := checkVersion("doctor", d.ID, d.Version, before.Version); err != nil {
			return err
		}
		after.Version = before.Version + 1
		args := append(doctorArgs(&after), d.ID, d.Version)
		res, err := tx.ExecContext(ctx, `UPDATE doctors SET org_id = $1, department_id = $2, gmc = $3, given_name = $4, family_name = $5,
			email = $6, grade = $7, specialty = $8, contract_kind = $9, tcs_version = $10, nodal_point = $11, band = $12,
			scale_point = $13, opt_out = $14, ltft_percent = $15, rotation_start = $16, rotation_end = $17, renewal_date = $18,
			status = $19, version = version + 1 WHERE id = $20 AND version = $21`, args...)
		if err := o.s.updated(res, o.s.mapErr(err, doctorMessages(&after)), "doctor", d.ID, d.Version); err != nil {
			return err
		}
		return o.audit(ctx, tx, "update", "doctor", d.ID, before, after, "")
	})
	if err == nil {
		*d = after
	}
	return err
}

func (o *ops) DeleteDoctor(ctx context.Context, id roster.ID, version int64) error {
	return o.write(ctx, func(tx *sql.Tx) error {
		before, err := o.getDoctor(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkVersion("doctor", id, version, before.Version); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM doctors WHERE id = $1 AND version = $2`, id, version)
		err = o.s.updated(res, o.s.mapErr(err, &constraintMessages{foreignKey: roster.Errorf(roster.Conflict,
			"doctor %d still has assignments; remove them first, or set the doctor's status to left instead", id)}),
			"doctor", id, version)
		if err != nil {
			return err
		}
		return o.audit(ctx, tx, "delete", "doctor", id, before, nil, "")
	})
}

// Union membership: special-category data.

func (o *ops) getUnion(ctx context.Context, q querier, doctorID roster.ID) (roster.UnionMembership, error) {
	var m roster.UnionMembership
	var at int64
	err := q.QueryRowContext(ctx, `SELECT doctor_id, union_name, member, recorded_at, version FROM union_memberships WHERE doctor_id = $1`, doctorID).
		Scan(&m.DoctorID, &m.Union, &m.Member, &at, &m.Version)
	m.RecordedAt = fromUnix(at)
	if errors.Is(err, sql.ErrNoRows) {
		return m, roster.Errorf(roster.NotFound, "no union membership recorded for doctor %d", doctorID)
	}
	return m, o.s.mapErr(err, nil)
}

// GetUnionMembership reads a doctor's union membership and records the read
// in the audit log (without the data read), whether or not one is recorded.
func (o *ops) GetUnionMembership(ctx context.Context, doctorID roster.ID) (roster.UnionMembership, error) {
	var m roster.UnionMembership
	var getErr error
	err := o.write(ctx, func(tx *sql.Tx) error {
		m, getErr = o.getUnion(ctx, tx, doctorID)
		if getErr != nil && !roster.IsCode(getErr, roster.NotFound) {
			return getErr
		}
		note := ""
		if getErr != nil {
			note = "none recorded"
		}
		return o.insertAudit(ctx, tx, roster.AuditEntry{Action: "read", Entity: "union_membership", EntityID: doctorID, Note: note})
	})
	if err != nil {
		return roster.UnionMembership{}, err
	}
	return m, getErr
}

func (o *ops) SetUnionMembership(ctx context.Context, m *roster.UnionMembership) error {
	if m.DoctorID == 0 {
		return roster.FieldErrorf("doctor_id", "union membership belongs to a doctor")
	}
	after := *m
	after.Union = strings.TrimSpace(after.Union)
	if after.RecordedAt.IsZero() {
		after.RecordedAt = o.s.now()
	}
	after.RecordedAt = after.RecordedAt.Truncate(1e9).UTC()
	err := o.write(ctx, func(tx *sql.Tx) error {
		before, err := o.getUnion(ctx, tx, m.DoctorID)
		switch {
		case roster.IsCode(err, roster.NotFound):
			if m.Version != 0 {
				return roster.Errorf(roster.Conflict, "the union membership of doctor %d was removed since you opened it; reload it", m.DoctorID)
			}
			after.Version = 1
			_, err := tx.ExecContext(ctx, `INSERT INTO union_memberships (doctor_id, union_name, member, recorded_at, version) VALUES ($1, $2, $3, $4, 1)`,
				after.DoctorID, after.Union, after.Member, unix(after.RecordedAt))
			if err != nil {
				return o.s.mapErr(err, &constraintMessages{
					foreignKey: notFound("doctor", m.DoctorID).(*roster.Error),
					unique:     stale("union membership of doctor", m.DoctorID, m.Version, 1).(*roster.Error)})
			}
			return o.audit(ctx, tx, "create", "union_membership", m.DoctorID, nil, after, "")
		case err != nil:
			return err
		}
		if err := checkVersion("union membership of doctor", m.DoctorID, m.Version, before.Version); err != nil {
			return err
		}
		after.Version = before.Version + 1
		res, err := tx.ExecContext(ctx, `UPDATE union_memberships SET union_name = $1, member = $2, recorded_at = $3, version = version + 1 WHERE doctor_id = $4 AND version = $5`,
			after.Union, after.Member, unix(after.RecordedAt), m.DoctorID, m.Version)
		if err := o.s.updated(res, o.s.mapErr(err, nil), "union membership of doctor", m.DoctorID, m.Version); err != nil {
			return err
		}
		return o.audit(ctx, tx, "update", "union_membership", m.DoctorID, before, after, "")
	})
	if err == nil {
		*m = after
	}
	return err
}

// list runs a query and scans every row.
func list[T any](ctx context.Context, o *ops, query string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := o.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, o.s.mapErr(err, nil)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, o.s.mapErr(err, nil)
		}
		out = append(out, v)
	}
	return out, o.s.mapErr(rows.Err(), nil)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func quote(s string) string { return `"` + s + `"` }
