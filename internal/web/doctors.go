package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

const pageSize = 50

// doctorTarget is the policy target for a doctor.
func doctorTarget(d roster.Doctor) auth.Target {
	return auth.Target{OrgID: d.OrgID, DepartmentID: d.DepartmentID, DoctorID: d.ID}
}

// pathDoctor loads the doctor named by the {id} path value and checks
// that c's user may do a to it.
func (s *Server) pathDoctor(r *http.Request, c *call, a auth.Action) (roster.Doctor, error) {
	id, err := pathID(r)
	if err != nil {
		return roster.Doctor{}, err
	}
	d, err := s.st.GetDoctor(r.Context(), id)
	if err != nil {
		return roster.Doctor{}, err
	}
	if err := authorize(c.User, a, doctorTarget(d)); err != nil {
		return roster.Doctor{}, err
	}
	return d, nil
}

// doctorFilter builds a list filter from query parameters, limited to what
// the policy lets u list: the whole organisation, or the departments u may
// list doctors in.
func (s *Server) doctorFilter(ctx context.Context, u roster.User, orgID roster.ID, q url.Values) (store.DoctorFilter, []roster.Department, error) {
	f := store.DoctorFilter{OrgID: orgID, Search: strings.TrimSpace(q.Get("q")), Specialty: q.Get("specialty"), Limit: pageSize}
	var errs []error
	if g := q.Get("grade"); g != "" {
		gr, err := roster.ParseGrade(g)
		if err != nil {
			errs = append(errs, roster.FieldErrorf("grade", "%v", err))
		}
		f.Grade = gr
	}
	if k := q.Get("contract"); k != "" {
		ck, err := roster.ParseContractKind(k)
		if err != nil {
			errs = append(errs, roster.FieldErrorf("contract", "%v", err))
		}
		f.Contract = ck
	}
	if st := q.Get("status"); st != "" {
		switch roster.EmploymentStatus(st) {
		case roster.Active, roster.OnLeave, roster.Left:
			f.Status = roster.EmploymentStatus(st)
		default:
			errs = append(errs, roster.FieldErrorf("status", "unknown status %q (active, on_leave, left)", st))
		}
	}
	dept, err := optID(q.Get("department"), "department")
	if err != nil {
		errs = append(errs, err)
	}
	f.DepartmentID = dept
	for _, p := range []struct {
		name string
		dst  *int
		max  int
	}{{"limit", &f.Limit, 500}, {"offset", &f.Offset, 1 << 30}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > p.max {
				errs = append(errs, roster.FieldErrorf(p.name, "%q must be a whole number from 0 to %d", v, p.max))
				continue
			}
			*p.dst = n
		}
	}
	if len(errs) > 0 {
		return f, nil, joinErrors(errs)
	}
	depts, err := s.st.ListDepartments(ctx, orgID)
	if err != nil {
		return f, nil, err
	}
	if dept != 0 {
		return f, depts, authorize(u, auth.ListDoctors, auth.Target{OrgID: orgID, DepartmentID: dept})
	}
	if auth.Can(u, auth.ListDoctors, auth.Target{OrgID: orgID}) {
		return f, depts, nil
	}
	var mine []roster.Department
	for _, d := range depts {
		if auth.Can(u, auth.ListDoctors, auth.Target{OrgID: orgID, DepartmentID: d.ID}) {
			f.DepartmentIDs = append(f.DepartmentIDs, d.ID)
			mine = append(mine, d)
		}
	}
	if len(f.DepartmentIDs) == 0 {
		return f, nil, authorize(u, auth.ListDoctors, auth.Target{OrgID: orgID})
	}
	return f, mine, nil
}

type contractOpt struct{ Value, Label string }

var contractOpts = []contractOpt{
	{string(roster.TCS2016), "2016 terms"}, {string(roster.NewDeal2002), "2002 New Deal"},
	{string(roster.ConsultantC), "Consultant"}, {string(roster.SASC), "SAS"},
}

func contractText(c roster.Contract) string {
	s := contractLabels[c.Kind]
	if s == "" {
		s = string(c.Kind)
	}
	switch {
	case c.Kind == roster.TCS2016 && c.NodalPoint > 0:
		s += fmt.Sprintf(", nodal point %d", c.NodalPoint)
	case c.Kind == roster.NewDeal2002 && c.Band != "":
		s += ", band " + c.Band
	}
	return s
}

type doctorRow struct {
	ID                                                roster.ID
	Name, GMC, Grade, Specialty, Contract, Department string
	Status                                            roster.EmploymentStatus
}

func (s *Server) doctorsPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	org, _, err := s.orgFor(ctx, c, r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f, depts, err := s.doctorFilter(ctx, c.User, org.ID, q)
	if err != nil {
		return err
	}
	ds, err := s.st.ListDoctors(ctx, f)
	if err != nil {
		return err
	}
	cf := f
	cf.Limit, cf.Offset = 0, 0
	total, err := s.st.CountDoctors(ctx, cf)
	if err != nil {
		return err
	}
	names := map[roster.ID]string{}
	specs := map[string]bool{}
	for _, d := range depts {
		names[d.ID] = d.Name
		specs[d.Specialty] = true
	}
	rows := make([]doctorRow, len(ds))
	for i, d := range ds {
		rows[i] = doctorRow{ID: d.ID, Name: d.Name(), GMC: d.GMC, Grade: string(d.Grade), Specialty: d.Specialty,
			Contract: contractLabels[d.Contract.Kind], Department: names[d.DepartmentID], Status: d.Status}
	}
	data := map[string]any{
		"F": f, "Rows": rows, "Total": total, "Departments": depts, "Grades": roster.Grades,
		"Contracts": contractOpts, "Specialties": sortedKeys(specs),
		"CanCreate": s.canCreateDoctorSomewhere(c.User, org.ID, depts),
	}
	if f.Offset > 0 {
		data["Prev"] = listURL("/doctors", q, max(0, f.Offset-f.Limit))
	}
	if f.Offset+len(ds) < total {
		data["Next"] = listURL("/doctors", q, f.Offset+len(ds))
	}
	s.render(w, r, c, http.StatusOK, "doctors", "Doctors", data)
	return nil
}

func (s *Server) canCreateDoctorSomewhere(u roster.User, orgID roster.ID, depts []roster.Department) bool {
	for _, d := range depts {
		if auth.Can(u, auth.CreateDoctor, auth.Target{OrgID: orgID, DepartmentID: d.ID}) {
			return true
		}
	}
	return false
}

// mondayOf is the Monday on or before d.
func mondayOf(d roster.Date) roster.Date {
	return d.AddDays(-((int(d.Weekday()) + 6) % 7))
}

// fromParam is ?from=YYYY-MM-DD, or the Monday of this week in London.
func (s *Server) fromParam(r *http.Request) (roster.Date, error) {
	if v := r.URL.Query().Get("from"); v != "" {
		d, err := roster.ParseDate(v)
		if err != nil {
			return roster.Date{}, roster.FieldErrorf("from", "%v", err)
		}
		return d, nil
	}
	return mondayOf(roster.DateOf(s.now().In(roster.London))), nil
}

// dayStart is midnight London time on d, as a UTC instant.
func dayStart(d roster.Date) time.Time { return d.In(roster.London).UTC() }

type assignmentRow struct {
	A                       roster.Assignment
	Day, Code, Name, Colour string
	Hours                   string
}

func (s *Server) doctorPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.st.GetDoctor(ctx, id)
	if err != nil {
		return err
	}
	t := doctorTarget(d)
	if err := authorize(c.User, auth.ViewDoctor, t); err != nil {
		return err
	}
	from, err := s.fromParam(r)
	if err != nil {
		return err
	}
	to := from.AddDays(28)
	dept, err := s.st.GetDepartment(ctx, d.DepartmentID)
	if err != nil && !roster.IsCode(err, roster.NotFound) {
		return err
	}
	var rows []assignmentRow
	if auth.Can(c.User, auth.ViewAssignment, t) {
		as, types, err := s.doctorShifts(ctx, d, from, to)
		if err != nil {
			return err
		}
		for _, a := range as {
			row := assignmentRow{A: a, Day: a.Start.In(roster.London).Format("Mon 2 Jan"),
				Hours: fmt.Sprintf("%.1f", float64(a.Minutes())/60)}
			row.Code, row.Name, row.Colour = cellLabel(a, types)
			rows = append(rows, row)
		}
	}
	data := map[string]any{
		"Doctor": d, "Dept": dept, "Contract": contractText(d.Contract), "Assignments": rows,
		"From": from, "To": to.AddDays(-1), "Prev": from.AddDays(-28), "Next": to,
		"CanRota":            auth.Can(c.User, auth.ViewRota, t),
		"CanEdit":            auth.Can(c.User, auth.EditDoctor, t),
		"CanDelete":          auth.Can(c.User, auth.DeleteDoctor, t),
		"CanEditAssignments": auth.Can(c.User, auth.EditAssignment, t),
		"CanUnion":           auth.Can(c.User, auth.ViewUnion, t),
		"CanEditUnion":       auth.Can(c.User, auth.EditUnion, t),
	}
	if auth.Can(c.User, auth.ViewAssignment, t) {
		p, err := s.estimatePay(ctx, d, from)
		if err != nil {
			return err
		}
		data["Pay"] = p
	}
	if auth.Can(c.User, auth.ViewAssignment, t) { // contract rules: compliance.go
		if data["Compliance"], err = s.doctorComplianceFor(ctx, d, from, to.AddDays(-1)); err != nil {
			return err
		}
	}
	if auth.Can(c.User, auth.ViewUnion, t) {
		m, err := s.st.GetUnionMembership(ctx, d.ID) // the store audits the read
		if err != nil && !roster.IsCode(err, roster.NotFound) {
			return err
		}
		data["Union"] = m
	}
	s.render(w, r, c, http.StatusOK, "doctor", d.Name(), data)
	return nil
}

// cellLabel is the code, name and colour shown for an assignment.
func cellLabel(a roster.Assignment, types map[roster.ID]roster.ShiftType) (code, name, colour string) {
	if st, ok := types[a.ShiftTypeID]; ok && a.ShiftTypeID != 0 {
		return st.Code, st.Name, st.Colour
	}
	switch a.Kind {
	case roster.Leave:
		return "L", "Leave", "#9e9e9e"
	case roster.OnCall:
		return "OC", "On call", "#8e6bbf"
	}
	return "W", "Ad hoc shift", "#c7d7e8"
}

// doctorShifts returns a doctor's assignments overlapping the local days
// [from, to) and their department's shift types by id (for cellLabel).
func (s *Server) doctorShifts(ctx context.Context, d roster.Doctor, from, to roster.Date) ([]roster.Assignment, map[roster.ID]roster.ShiftType, error) {
	as, err := s.st.ListAssignments(ctx, store.AssignmentFilter{DoctorID: d.ID, From: dayStart(from), To: dayStart(to)})
	if err != nil {
		return nil, nil, err
	}
	types, err := s.shiftTypeMap(ctx, d.DepartmentID)
	return as, types, err
}

func (s *Server) shiftTypeMap(ctx context.Context, dept roster.ID) (map[roster.ID]roster.ShiftType, error) {
	ts, err := s.st.ListShiftTypes(ctx, dept)
	if err != nil {
		return nil, err
	}
	m := make(map[roster.ID]roster.ShiftType, len(ts))
	for _, t := range ts {
		m[t.ID] = t
	}
	return m, nil
}

// doctorForm is the data of the doctor form.
func (s *Server) doctorFormData(ctx context.Context, u roster.User, d roster.Doctor, err error) (map[string]any, error) {
	depts, lerr := s.st.ListDepartments(ctx, d.OrgID)
	if lerr != nil {
		return nil, lerr
	}
	var allowed []roster.Department
	for _, dp := range depts {
		act := auth.CreateDoctor
		if d.ID != 0 {
			act = auth.EditDoctor
		}
		if auth.Can(u, act, auth.Target{OrgID: d.OrgID, DepartmentID: dp.ID}) || dp.ID == d.DepartmentID {
			allowed = append(allowed, dp)
		}
	}
	data := map[string]any{
		"Doctor": d, "Departments": allowed, "Grades": roster.Grades, "Contracts": contractOpts,
		"Bands":    []string{"", "1A", "1B", "1C", "2A", "2B", "3"},
		"Statuses": []roster.EmploymentStatus{roster.Active, roster.OnLeave, roster.Left},
		"Errs":     map[string]string{},
	}
	if err != nil {
		data["Errs"], data["Err"] = formErrors(err)
	}
	return data, nil
}

// parseDoctorForm reads the doctor form into d, reporting every bad field.
func parseDoctorForm(r *http.Request, d *roster.Doctor) error {
	var errs []error
	d.GivenName = strings.TrimSpace(r.PostFormValue("given_name"))
	d.FamilyName = strings.TrimSpace(r.PostFormValue("family_name"))
	d.GMC = strings.TrimSpace(r.PostFormValue("gmc"))
	d.Email = strings.TrimSpace(r.PostFormValue("email"))
	d.Specialty = strings.TrimSpace(r.PostFormValue("specialty"))
	d.Grade = roster.Grade(r.PostFormValue("grade"))
	d.Contract.Kind = roster.ContractKind(r.PostFormValue("contract"))
	d.Contract.Band = r.PostFormValue("band")
	d.Status = roster.EmploymentStatus(r.PostFormValue("status"))
	if d.Status == "" {
		d.Status = roster.Active
	}
	var err error
	if d.DepartmentID, err = parseID(r.PostFormValue("department_id"), "department_id"); err != nil {
		errs = append(errs, err)
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"nodal_point", &d.Contract.NodalPoint}, {"ltft_percent", &d.LTFTPercent}} {
		v := strings.TrimSpace(r.PostFormValue(p.name))
		if v == "" {
			*p.dst = 0
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, roster.FieldErrorf(p.name, "%q is not a whole number", v))
			continue
		}
		*p.dst = n
	}
	if d.LTFTPercent == 0 {
		d.LTFTPercent = 100
	}
	if d.Contract.Kind != roster.TCS2016 {
		d.Contract.NodalPoint = 0
	}
	if d.Contract.Kind != roster.NewDeal2002 {
		d.Contract.Band = ""
	}
	for _, p := range []struct {
		name string
		dst  *roster.Date
	}{{"rotation_start", &d.RotationStart}, {"rotation_end", &d.RotationEnd}} {
		v, err := roster.ParseDate(r.PostFormValue(p.name))
		if err != nil {
			errs = append(errs, roster.FieldErrorf(p.name, "%v", err))
			continue
		}
		*p.dst = v
	}
	if v := r.PostFormValue("version"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs = append(errs, roster.FieldErrorf("version", "%q is not a version", v))
		}
		d.Version = n
	}
	if len(errs) > 0 {
		return joinErrors(errs)
	}
	return d.Validate()
}

func (s *Server) doctorNewPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	org, _, err := s.orgFor(ctx, c, r)
	if err != nil {
		return err
	}
	d := roster.Doctor{OrgID: org.ID, Status: roster.Active, LTFTPercent: 100, Grade: roster.FY1,
		Contract: roster.Contract{Kind: roster.TCS2016, NodalPoint: 1}}
	depts, err := s.st.ListDepartments(ctx, org.ID)
	if err != nil {
		return err
	}
	if !s.canCreateDoctorSomewhere(c.User, org.ID, depts) {
		return authorize(c.User, auth.CreateDoctor, auth.Target{OrgID: org.ID})
	}
	if dep, _ := optID(r.URL.Query().Get("department"), "department"); dep != 0 {
		d.DepartmentID = dep
	}
	data, err := s.doctorFormData(ctx, c.User, d, nil)
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "doctor_form", "Add a doctor", data)
	return nil
}

// checkDepartment makes sure a department exists in org.
func (s *Server) checkDepartment(ctx context.Context, orgID, id roster.ID) (roster.Department, error) {
	dp, err := s.st.GetDepartment(ctx, id)
	if roster.IsCode(err, roster.NotFound) || (err == nil && dp.OrgID != orgID) {
		return dp, roster.FieldErrorf("department_id", "there is no department %d in this organisation", id)
	}
	return dp, err
}

func (s *Server) doctorCreate(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	var d roster.Doctor
	ferr := parseDoctorForm(r, &d)
	if ferr == nil {
		// The doctor joins the department's organisation.
		dept, err := s.st.GetDepartment(ctx, d.DepartmentID)
		switch {
		case roster.IsCode(err, roster.NotFound):
			ferr = roster.FieldErrorf("department_id", "there is no department %d", d.DepartmentID)
		case err != nil:
			return err
		default:
			d.OrgID = dept.OrgID
			if err := authorize(c.User, auth.CreateDoctor, deptTarget(dept)); err != nil {
				return err
			}
			ferr = s.st.CreateDoctor(ctx, &d)
		}
	}
	if d.OrgID == 0 {
		org, _, err := s.orgFor(ctx, c, r)
		if err != nil {
			return err
		}
		d.OrgID = org.ID
	}
	if ferr != nil {
		return s.redisplayDoctor(w, r, c, d, ferr)
	}
	http.Redirect(w, r, "/doctors/"+strconv.FormatInt(d.ID, 10), http.StatusSeeOther)
	return nil
}

// redisplayDoctor shows the form again with the errors, or returns a
// non-form error (forbidden, internal) for wrap.
func (s *Server) redisplayDoctor(w http.ResponseWriter, r *http.Request, c *call, d roster.Doctor, ferr error) error {
	code := roster.ErrorCode(ferr)
	if code != roster.Invalid && code != roster.Conflict {
		return ferr
	}
	data, err := s.doctorFormData(r.Context(), c.User, d, ferr)
	if err != nil {
		return err
	}
	title := "Add a doctor"
	if d.ID != 0 {
		title = "Edit " + d.Name()
	}
	s.render(w, r, c, statusOf(ferr), "doctor_form", title, data)
	return nil
}

func (s *Server) doctorEditPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, err := s.pathDoctor(r, c, auth.EditDoctor)
	if err != nil {
		return err
	}
	data, err := s.doctorFormData(ctx, c.User, d, nil)
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "doctor_form", "Edit "+d.Name(), data)
	return nil
}

// updateDoctor applies an edit: the user must be allowed to edit the
// doctor where they are and where they are going.
func (s *Server) updateDoctor(ctx context.Context, u roster.User, old, d *roster.Doctor) error {
	if err := authorize(u, auth.EditDoctor, doctorTarget(*old)); err != nil {
		return err
	}
	d.ID, d.OrgID = old.ID, old.OrgID
	if err := d.Validate(); err != nil {
		return err
	}
	if d.DepartmentID != old.DepartmentID {
		if err := authorize(u, auth.EditDoctor, doctorTarget(*d)); err != nil {
			return err
		}
		if _, err := s.checkDepartment(ctx, d.OrgID, d.DepartmentID); err != nil {
			return err
		}
	}
	return s.st.UpdateDoctor(ctx, d)
}

func (s *Server) doctorUpdate(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	old, err := s.pathDoctor(r, c, auth.EditDoctor)
	if err != nil {
		return err
	}
	d := old
	ferr := parseDoctorForm(r, &d)
	if ferr == nil {
		ferr = s.updateDoctor(ctx, c.User, &old, &d)
	}
	if ferr != nil {
		d.ID = old.ID
		return s.redisplayDoctor(w, r, c, d, ferr)
	}
	http.Redirect(w, r, "/doctors/"+strconv.FormatInt(d.ID, 10), http.StatusSeeOther)
	return nil
}

func formVersion(r *http.Request) (int64, error) {
	v := r.PostFormValue("version")
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, roster.FieldErrorf("version", "%q is not a version", v)
	}
	return n, nil
}

// deleteVersion is the version a delete must name: ?version=N on the API
// (DELETE has no body), the form's version field on a page.
func deleteVersion(r *http.Request, c *call) (int64, error) {
	if c.api {
		return queryVersion(r)
	}
	return formVersion(r)
}

// deleted answers a successful delete: 204 on the API, a redirect to next
// on a page. Each delete handler serves both its page form and its API
// route, so the two cannot drift apart.
func deleted(w http.ResponseWriter, r *http.Request, c *call, next string) error {
	if c.api {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) doctorDelete(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, err := s.pathDoctor(r, c, auth.DeleteDoctor)
	if err != nil {
		return err
	}
	v, err := deleteVersion(r, c)
	if err != nil {
		return err
	}
	if err := s.st.DeleteDoctor(ctx, d.ID, v); err != nil {
		return err
	}
	return deleted(w, r, c, "/doctors")
}

func (s *Server) unionUpdate(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, err := s.pathDoctor(r, c, auth.EditUnion)
	if err != nil {
		return err
	}
	id := d.ID
	v, err := formVersion(r)
	if err != nil {
		return err
	}
	union := strings.TrimSpace(r.PostFormValue("union"))
	m := roster.UnionMembership{DoctorID: id, Union: union, Member: union != "", RecordedAt: s.now().UTC(), Version: v}
	if err := s.st.SetUnionMembership(ctx, &m); err != nil {
		return err
	}
	http.Redirect(w, r, "/doctors/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
