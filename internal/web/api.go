package web

import (
	"context"
	_ "embed"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

//go:embed openapi.json
var openapiJSON []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request, c *call) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(openapiJSON)
	return err
}

type signInRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type sessionResponse struct {
	User      roster.User `json:"user"`
	CSRFToken string      `json:"csrf_token"`
	ExpiresAt time.Time   `json:"expires_at"`
}

func (s *Server) apiSignIn(w http.ResponseWriter, r *http.Request, c *call) error {
	var req signInRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	u, sess, err := s.signIn(r.Context(), w, r, strings.TrimSpace(req.Username), req.Password)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sessionResponse{User: u, CSRFToken: sess.CSRFToken, ExpiresAt: sess.ExpiresAt})
	return nil
}

func (s *Server) apiSignOut(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := s.endSession(w, r, c); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, c *call) error {
	writeJSON(w, http.StatusOK, sessionResponse{User: c.User, CSRFToken: c.Session.CSRFToken, ExpiresAt: c.Session.ExpiresAt})
	return nil
}

// apiOrg is the organisation an API call is about: the user's own, or
// ?org_id= (or the first) for users not tied to one.
func (s *Server) apiOrg(ctx context.Context, c *call, q url.Values) (roster.Organisation, error) {
	if c.User.OrgID != 0 {
		return s.st.GetOrganisation(ctx, c.User.OrgID)
	}
	want, err := optID(q.Get("org_id"), "org_id")
	if err != nil {
		return roster.Organisation{}, err
	}
	if want != 0 {
		return s.st.GetOrganisation(ctx, want)
	}
	orgs, err := s.st.ListOrganisations(ctx)
	if err != nil {
		return roster.Organisation{}, err
	}
	if len(orgs) == 0 {
		return roster.Organisation{}, errNotFound("there are no organisations yet")
	}
	return orgs[0], nil
}

type deptCount struct {
	DepartmentID roster.ID `json:"department_id"`
	Name         string    `json:"name"`
	N            int       `json:"n"`
}

type orgCount struct {
	OrgID  roster.ID `json:"org_id"`
	Name   string    `json:"name"`
	Region string    `json:"region"`
	N      int       `json:"n"`
}

type overviewResponse struct {
	Scope        string      `json:"scope"` // "organisation" or "national"
	OrgID        roster.ID   `json:"org_id,omitempty"`
	Total        int         `json:"total"`
	ByGrade      []count     `json:"by_grade"`
	ByContract   []count     `json:"by_contract"`
	ByStatus     []count     `json:"by_status"`
	ByDepartment []deptCount `json:"by_department,omitempty"`
	ByOrg        []orgCount  `json:"by_organisation,omitempty"`
}

func nz(c []count) []count {
	if c == nil {
		return []count{}
	}
	return c
}

func (s *Server) apiOverview(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	q := r.URL.Query()
	if !auth.SeesPersonalData(c.User) || (c.User.OrgID == 0 && q.Get("org_id") == "" && q.Get("scope") == "national") {
		if err := authorize(c.User, auth.ViewAggregates, auth.Target{}); err != nil {
			return err
		}
		orgs, err := s.st.ListOrganisations(ctx)
		if err != nil {
			return err
		}
		var all []roster.Doctor
		resp := overviewResponse{Scope: "national", ByOrg: []orgCount{}}
		for _, o := range orgs {
			ds, err := s.st.ListDoctors(ctx, store.DoctorFilter{OrgID: o.ID})
			if err != nil {
				return err
			}
			all = append(all, ds...)
			resp.ByOrg = append(resp.ByOrg, orgCount{OrgID: o.ID, Name: o.Name, Region: o.Region, N: len(ds)})
		}
		a := aggregate(all)
		resp.Total, resp.ByGrade, resp.ByContract, resp.ByStatus = a.Total, nz(a.ByGrade), nz(a.ByContract), nz(a.ByStatus)
		writeJSON(w, http.StatusOK, resp)
		return nil
	}
	org, err := s.apiOrg(ctx, c, q)
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.ViewAggregates, auth.Target{OrgID: org.ID}); err != nil {
		return err
	}
	ds, err := s.st.ListDoctors(ctx, store.DoctorFilter{OrgID: org.ID})
	if err != nil {
		return err
	}
	depts, err := s.st.ListDepartments(ctx, org.ID)
	if err != nil {
		return err
	}
	a := aggregate(ds)
	resp := overviewResponse{Scope: "organisation", OrgID: org.ID, Total: a.Total,
		ByGrade: nz(a.ByGrade), ByContract: nz(a.ByContract), ByStatus: nz(a.ByStatus), ByDepartment: []deptCount{}}
	for _, d := range depts {
		resp.ByDepartment = append(resp.ByDepartment, deptCount{DepartmentID: d.ID, Name: d.Name, N: a.ByDept[d.ID]})
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

type doctorList struct {
	Doctors []roster.Doctor `json:"doctors"`
	Total   int             `json:"total"`
	Limit   int             `json:"limit"`
	Offset  int             `json:"offset"`
}

func (s *Server) apiListDoctors(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	q := r.URL.Query()
	org, err := s.apiOrg(ctx, c, q)
	if err != nil {
		return err
	}
	f, _, err := s.doctorFilter(ctx, c.User, org.ID, q)
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
	if ds == nil {
		ds = []roster.Doctor{}
	}
	writeJSON(w, http.StatusOK, doctorList{Doctors: ds, Total: total, Limit: f.Limit, Offset: f.Offset})
	return nil
}

func (s *Server) apiCreateDoctor(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	var d roster.Doctor
	if err := readJSON(r, &d); err != nil {
		return err
	}
	dept, err := s.st.GetDepartment(ctx, d.DepartmentID)
	if roster.IsCode(err, roster.NotFound) {
		return roster.FieldErrorf("department_id", "there is no department %d", d.DepartmentID)
	}
	if err != nil {
		return err
	}
	// The doctor joins the department's organisation.
	org := roster.Organisation{ID: dept.OrgID}
	d.ID, d.OrgID, d.Version = 0, org.ID, 0
	if d.Status == "" {
		d.Status = roster.Active
	}
	if d.LTFTPercent == 0 {
		d.LTFTPercent = 100
	}
	if err := authorize(c.User, auth.CreateDoctor, auth.Target{OrgID: org.ID, DepartmentID: d.DepartmentID}); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	if _, err := s.checkDepartment(ctx, org.ID, d.DepartmentID); err != nil {
		return err
	}
	if err := s.st.CreateDoctor(ctx, &d); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/doctors/"+strconv.FormatInt(d.ID, 10))
	writeJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Server) apiGetDoctor(w http.ResponseWriter, r *http.Request, c *call) error {
	d, err := s.pathDoctor(r, c, auth.ViewDoctor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiUpdateDoctor(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	old, err := s.pathDoctor(r, c, auth.EditDoctor)
	if err != nil {
		return err
	}
	var d roster.Doctor
	if err := readJSON(r, &d); err != nil {
		return err
	}
	if err := s.updateDoctor(ctx, c.User, &old, &d); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// queryVersion is the ?version= a DELETE must name.
func queryVersion(r *http.Request) (int64, error) {
	v := r.URL.Query().Get("version")
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, roster.FieldErrorf("version", "give the version you read as ?version=N (got %q)", v)
	}
	return n, nil
}

func (s *Server) apiGetUnion(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, err := s.pathDoctor(r, c, auth.ViewUnion)
	if err != nil {
		return err
	}
	id := d.ID
	m, err := s.st.GetUnionMembership(ctx, id) // audited by the store
	if roster.IsCode(err, roster.NotFound) {
		m, err = roster.UnionMembership{DoctorID: id}, nil
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiSetUnion(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, err := s.pathDoctor(r, c, auth.EditUnion)
	if err != nil {
		return err
	}
	id := d.ID
	var m roster.UnionMembership
	if err := readJSON(r, &m); err != nil {
		return err
	}
	m.DoctorID = id
	m.Union = strings.TrimSpace(m.Union)
	m.Member = m.Union != ""
	m.RecordedAt = s.now().UTC()
	if err := s.st.SetUnionMembership(ctx, &m); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiListDepartments(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	org, err := s.apiOrg(ctx, c, r.URL.Query())
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.ListDepartments, auth.Target{OrgID: org.ID}); err != nil {
		return err
	}
	ds, err := s.st.ListDepartments(ctx, org.ID)
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []roster.Department{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"departments": ds})
	return nil
}

func (s *Server) apiCreateDepartment(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	org, err := s.apiOrg(ctx, c, r.URL.Query())
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.ManageDepartment, auth.Target{OrgID: org.ID}); err != nil {
		return err
	}
	var d roster.Department
	if err := readJSON(r, &d); err != nil {
		return err
	}
	d.ID, d.OrgID, d.Version = 0, org.ID, 0
	if err := s.validateDepartment(ctx, d); err != nil {
		return err
	}
	if err := s.st.CreateDepartment(ctx, &d); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/departments/"+strconv.FormatInt(d.ID, 10))
	writeJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Server) apiGetDepartment(w http.ResponseWriter, r *http.Request, c *call) error {
	d, err := s.loadDepartment(r.Context(), r)
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.ListDepartments, deptTarget(d)); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiUpdateDepartment(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	old, err := s.loadDepartment(ctx, r)
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.EditDepartment, deptTarget(old)); err != nil {
		return err
	}
	var d roster.Department
	if err := readJSON(r, &d); err != nil {
		return err
	}
	d.ID, d.OrgID = old.ID, old.OrgID
	if err := s.validateDepartment(ctx, d); err != nil {
		return err
	}
	if err := s.st.UpdateDepartment(ctx, &d); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiListShiftTypes(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, err := s.loadDepartment(ctx, r)
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.ListDepartments, deptTarget(d)); err != nil {
		return err
	}
	ts, err := s.st.ListShiftTypes(ctx, d.ID)
	if err != nil {
		return err
	}
	if ts == nil {
		ts = []roster.ShiftType{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"shift_types": ts})
	return nil
}

// parseInstant accepts a date (midnight London) or a time ParseLocal accepts.
func parseInstant(v, field string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if len(v) == len("2006-01-02") {
		d, err := roster.ParseDate(v)
		if err != nil {
			return time.Time{}, roster.FieldErrorf(field, "%v", err)
		}
		return dayStart(d), nil
	}
	t, err := roster.ParseLocal(v)
	if err != nil {
		return time.Time{}, roster.FieldErrorf(field, "%v", err)
	}
	return t, nil
}

func (s *Server) apiListAssignments(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	q := r.URL.Query()
	var errs []error
	dept, err := optID(q.Get("department_id"), "department_id")
	if err != nil {
		errs = append(errs, err)
	}
	doc, err := optID(q.Get("doctor_id"), "doctor_id")
	if err != nil {
		errs = append(errs, err)
	}
	from, err := parseInstant(q.Get("from"), "from")
	if err != nil {
		errs = append(errs, err)
	}
	to, err := parseInstant(q.Get("to"), "to")
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) == 0 && dept == 0 && doc == 0 {
		errs = append(errs, roster.FieldErrorf("department_id", "give department_id or doctor_id"))
	}
	if len(errs) > 0 {
		return joinErrors(errs)
	}
	f := store.AssignmentFilter{DepartmentID: dept, DoctorID: doc, From: from, To: to}
	if doc != 0 {
		d, err := s.st.GetDoctor(ctx, doc)
		if err != nil {
			return err
		}
		if err := authorize(c.User, auth.ViewAssignment, doctorTarget(d)); err != nil {
			return err
		}
	}
	if dept != 0 {
		dp, err := s.st.GetDepartment(ctx, dept)
		if err != nil {
			return err
		}
		if doc == 0 {
			if err := authorize(c.User, auth.ViewRota, deptTarget(dp)); err != nil {
				return err
			}
		}
	}
	as, err := s.st.ListAssignments(ctx, f)
	if err != nil {
		return err
	}
	if as == nil {
		as = []roster.Assignment{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"assignments": as})
	return nil
}

func (s *Server) apiCreateAssignment(w http.ResponseWriter, r *http.Request, c *call) error {
	var a roster.Assignment
	if err := readJSON(r, &a); err != nil {
		return err
	}
	a.ID, a.Version = 0, 0
	if a.DoctorID == 0 {
		return roster.FieldErrorf("doctor_id", "an assignment needs a doctor")
	}
	saved, err := s.apiSaveAssignment(w, r, c, nil, &a, store.Tx.CreateAssignment)
	if err != nil || !saved {
		return err
	}
	w.Header().Set("Location", "/api/v1/assignments/"+strconv.FormatInt(a.ID, 10))
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiGetAssignment(w http.ResponseWriter, r *http.Request, c *call) error {
	a, _, err := s.loadAssignment(r.Context(), r, c.User, auth.ViewAssignment)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiUpdateAssignment(w http.ResponseWriter, r *http.Request, c *call) error {
	old, _, err := s.loadAssignment(r.Context(), r, c.User, auth.EditAssignment)
	if err != nil {
		return err
	}
	var a roster.Assignment
	if err := readJSON(r, &a); err != nil {
		return err
	}
	a.ID = old.ID
	if a.DoctorID == 0 {
		a.DoctorID = old.DoctorID
	}
	saved, err := s.apiSaveAssignment(w, r, c, []roster.Assignment{old}, &a, store.Tx.UpdateAssignment)
	if err != nil || !saved {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// apiSaveAssignment checks an assignment from the API — access to its
// doctor, the register's checks, and the contract rules against the
// doctor's rota with old replaced by a (compliance_edit.go) — and saves it
// with save, in one transaction with the audit of any breaches the caller
// confirmed. It reports false, having answered 409 with the new
// breaches, when the edit creates a breach and the request lacks ?confirm=1.
func (s *Server) apiSaveAssignment(w http.ResponseWriter, r *http.Request, c *call, old []roster.Assignment, a *roster.Assignment,
	save func(store.Tx, context.Context, *roster.Assignment) error) (bool, error) {
	ctx := r.Context()
	t, doc, err := s.assignmentTarget(ctx, *a)
	if err != nil {
		return false, err
	}
	if err := authorize(c.User, auth.EditAssignment, t); err != nil {
		return false, err
	}
	a.Start, a.End = a.Start.UTC(), a.End.UTC()
	if err := s.checkAssignment(ctx, a, doc); err != nil {
		return false, err
	}
	breaches, err := s.newBreaches(ctx, s.st, doc, old, []roster.Assignment{*a})
	if err != nil {
		return false, err
	}
	if len(breaches) > 0 && !confirmed(r) {
		writeBreachConflict(w, breaches)
		return false, nil
	}
	err = s.st.InTx(ctx, func(tx store.Tx) error {
		if err := save(tx, ctx, a); err != nil {
			return err
		}
		return auditBreaches(ctx, tx, a.ID, breaches)
	})
	return err == nil, err
}

func (s *Server) apiListAudit(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := authorize(c.User, auth.ViewAudit, auth.Target{}); err != nil {
		return err
	}
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		return err
	}
	rows, err := s.st.ListAudit(r.Context(), f)
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []roster.AuditEntry{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": rows})
	return nil
}
