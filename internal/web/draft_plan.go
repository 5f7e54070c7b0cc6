package web

// What drafts are generated from: a department's cover requirements
// (page and API) and its doctors' requests (API), edited by those who may
// generate its drafts (auth.DraftRota).

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/draft"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// draftPlanRoutes are the requirement and request routes (appended to
// draftRoutes).
func (s *Server) draftPlanRoutes() []route {
	return []route{
		{pattern: "GET /departments/{id}/requirements", h: s.requirementsPage},
		{pattern: "POST /departments/{id}/requirements", h: s.requirementsSave},
		{pattern: "GET /api/v1/departments/{id}/requirements", h: s.apiRequirements},
		{pattern: "PUT /api/v1/departments/{id}/requirements", h: s.apiSetRequirements},
		{pattern: "GET /api/v1/departments/{id}/requests", h: s.apiRequests},
		{pattern: "POST /api/v1/departments/{id}/requests", h: s.apiCreateRequest},
		{pattern: "DELETE /api/v1/departments/{id}/requests/{request}", h: s.apiDeleteRequest},
		{pattern: "POST /departments/{id}/requests", h: s.requestCreate},
		{pattern: "POST /departments/{id}/requests/{request}/delete", h: s.requestDelete},
	}
}

// requestCreate records a request from the drafts page's form.
func (s *Server) requestCreate(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	dept, err := s.planDepartment(r, c.User)
	if err != nil {
		return err
	}
	var errs []error
	var q roster.Request
	if q.DoctorID, err = parseID(r.PostFormValue("doctor_id"), "doctor_id"); err != nil {
		errs = append(errs, err)
	}
	if q.Date, err = roster.ParseDate(r.PostFormValue("date")); err != nil {
		errs = append(errs, roster.FieldErrorf("date", "%v", err))
	}
	if q.ShiftTypeID, err = optID(r.PostFormValue("shift_type_id"), "shift_type_id"); err != nil {
		errs = append(errs, err)
	}
	q.On = r.PostFormValue("want") == "on"
	q.Weight = roster.DefaultRequestWeight
	if v := r.PostFormValue("weight"); v != "" {
		if q.Weight, err = strconv.Atoi(v); err != nil {
			errs = append(errs, roster.FieldErrorf("weight", "%q is not a whole number", v))
		}
	}
	q.Note = strings.TrimSpace(r.PostFormValue("note"))
	err = joinErrors(errs)
	if err == nil {
		err = s.createRequest(ctx, dept, &q)
	}
	if err != nil {
		if statusOf(err) == http.StatusBadRequest {
			return s.renderDrafts(w, r, c, dept, http.StatusBadRequest, draftRequest{}, err)
		}
		return err
	}
	http.Redirect(w, r, "/departments/"+strconv.FormatInt(dept.ID, 10)+"/drafts#requests", http.StatusSeeOther)
	return nil
}

// requestDelete deletes a request from the drafts page.
func (s *Server) requestDelete(w http.ResponseWriter, r *http.Request, c *call) error {
	dept, err := s.planDepartment(r, c.User)
	if err != nil {
		return err
	}
	version, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err != nil {
		return roster.FieldErrorf("version", "the form must name the version read")
	}
	if err := s.deleteRequest(r.Context(), dept, r.PathValue("request"), version); err != nil {
		return err
	}
	http.Redirect(w, r, "/departments/"+strconv.FormatInt(dept.ID, 10)+"/drafts#requests", http.StatusSeeOther)
	return nil
}

// weekdays is Monday first, as the rota shows them.
var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// reqCell is one shift × weekday of the requirements form.
type reqCell struct {
	Name     string // form field suffix: {shift}_{weekday}
	Min, Max string
}

type reqRow struct {
	Shift       roster.ShiftType
	Cells       []reqCell
	Under, Over int
}

func (s *Server) planDepartment(r *http.Request, u roster.User) (roster.Department, error) {
	dept, err := s.loadDepartment(r.Context(), r)
	if err != nil {
		return dept, err
	}
	return dept, authorize(u, auth.DraftRota, draftTarget(dept))
}

func (s *Server) requirementsPage(w http.ResponseWriter, r *http.Request, c *call) error {
	dept, err := s.planDepartment(r, c.User)
	if err != nil {
		return err
	}
	return s.renderRequirements(w, r, c, dept, http.StatusOK, nil, nil)
}

// renderRequirements shows the form: the stored requirements, or the
// ones derived from the templates (said so), or what was posted.
func (s *Server) renderRequirements(w http.ResponseWriter, r *http.Request, c *call, dept roster.Department, status int, posted []reqRow, formErr error) error {
	ctx := r.Context()
	types, err := s.st.ListShiftTypes(ctx, dept.ID)
	if err != nil {
		return err
	}
	rows := posted
	derived := false
	if rows == nil {
		reqs, err := s.st.ListRequirements(ctx, dept.ID)
		if err != nil {
			return err
		}
		if len(reqs) == 0 {
			tpls, err := s.st.ListTemplates(ctx, dept.ID)
			if err != nil {
				return err
			}
			reqs, derived = draft.DefaultRequirements(dept.ID, types, tpls), true
		}
		byKey := map[[2]int64]roster.Requirement{}
		for _, q := range reqs {
			byKey[[2]int64{q.ShiftTypeID, int64(q.Weekday)}] = q
		}
		for _, st := range types {
			if st.Kind == roster.Leave {
				continue
			}
			row := reqRow{Shift: st, Under: roster.DefaultWeightUnder, Over: roster.DefaultWeightOver}
			for _, wd := range weekdays {
				cell := reqCell{Name: strconv.FormatInt(st.ID, 10) + "_" + strconv.Itoa(int(wd))}
				if q, ok := byKey[[2]int64{st.ID, int64(wd)}]; ok {
					cell.Min = strconv.Itoa(q.Min)
					if q.Max > 0 {
						cell.Max = strconv.Itoa(q.Max)
					}
					row.Under, row.Over = q.WeightUnder, q.WeightOver
				}
				row.Cells = append(row.Cells, cell)
			}
			rows = append(rows, row)
		}
	}
	msg := ""
	if formErr != nil {
		msg = roster.ErrorMessage(formErr)
		var parts []string
		for _, fe := range fieldErrors(formErr) {
			parts = append(parts, fe.Message)
		}
		if len(parts) > 1 {
			msg = strings.Join(parts, "; ")
		}
	}
	s.render(w, r, c, status, "requirements", dept.Name+" cover requirements", map[string]any{
		"Dept": dept, "Rows": rows, "Derived": derived, "Msg": msg, "Weekdays": weekdays,
	})
	return nil
}

func (s *Server) requirementsSave(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	dept, err := s.planDepartment(r, c.User)
	if err != nil {
		return err
	}
	types, err := s.st.ListShiftTypes(ctx, dept.ID)
	if err != nil {
		return err
	}
	var reqs []roster.Requirement
	var rows []reqRow
	var errs []error
	num := func(field, v string) int {
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			errs = append(errs, roster.FieldErrorf(field, "%q is not a whole number", v))
		}
		return n
	}
	for _, st := range types {
		if st.Kind == roster.Leave {
			continue
		}
		sid := strconv.FormatInt(st.ID, 10)
		row := reqRow{Shift: st}
		row.Under = num("under_"+sid, r.PostFormValue("under_"+sid))
		row.Over = num("over_"+sid, r.PostFormValue("over_"+sid))
		for _, wd := range weekdays {
			name := sid + "_" + strconv.Itoa(int(wd))
			cell := reqCell{Name: name, Min: r.PostFormValue("min_" + name), Max: r.PostFormValue("max_" + name)}
			row.Cells = append(row.Cells, cell)
			if cell.Min == "" && cell.Max == "" {
				continue
			}
			reqs = append(reqs, roster.Requirement{DepartmentID: dept.ID, ShiftTypeID: st.ID, Weekday: wd,
				Min: num("min_"+name, cell.Min), Max: num("max_"+name, cell.Max), WeightUnder: row.Under, WeightOver: row.Over})
		}
		rows = append(rows, row)
	}
	if err := joinErrors(errs); err != nil {
		return s.renderRequirements(w, r, c, dept, http.StatusBadRequest, rows, err)
	}
	if err := s.st.SetRequirements(ctx, dept.ID, reqs); err != nil {
		if statusOf(err) == http.StatusBadRequest {
			return s.renderRequirements(w, r, c, dept, http.StatusBadRequest, rows, err)
		}
		return err
	}
	http.Redirect(w, r, "/departments/"+strconv.FormatInt(dept.ID, 10)+"/drafts", http.StatusSeeOther)
	return nil
}

// requirementsBody is the API's form of a department's requirements.
type requirementsBody struct {
	Requirements []roster.Requirement `json:"requirements"`
	// Derived: the department has none of its own; these come from its
	// rota templates.
	Derived bool `json:"derived"`
}

func (s *Server) apiRequirements(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	dept, err := s.planDepartment(r, c.User)
	if err != nil {
		return err
	}
	reqs, err := s.st.ListRequirements(ctx, dept.ID)
	if err != nil {
		return err
	}
	body := requirementsBody{Requirements: reqs}
	if len(reqs) == 0 {
		types, err := s.st.ListShiftTypes(ctx, dept.ID)
		if err != nil {
			return err
		}
		tpls, err := s.st.ListTemplates(ctx, dept.ID)
		if err != nil {
			return err
		}
		body = requirementsBody{Requirements: draft.DefaultRequirements(dept.ID, types, tpls), Derived: true}
	}
	if body.Requirements == nil {
		body.Requirements = []roster.Requirement{}
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

func (s *Server) apiSetRequirements(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	dept, err := s.planDepartment(r, c.User)
	if err != nil {
		return err
	}
	var body requirementsBody
	if err := readJSON(r, &body); err != nil {
		return err
	}
	for i := range body.Requirements {
		body.Requirements[i].ID, body.Requirements[i].Version = 0, 0
	}
	if err := s.st.SetRequirements(ctx, dept.ID, body.Requirements); err != nil {
		return err
	}
	return s.apiRequirements(w, r, c)
}

// apiRequests lists the requests of the department's doctors (?from=&to=).
func (s *Server) apiRequests(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	dept, err := s.planDepartment(r, c.User)
	if err != nil {
		return err
	}
	f := store.RequestFilter{DepartmentID: dept.ID}
	q := r.URL.Query()
	var errs []error
	if f.From, err = roster.ParseDate(q.Get("from")); err != nil {
		errs = append(errs, roster.FieldErrorf("from", "%v", err))
	}
	if f.To, err = roster.ParseDate(q.Get("to")); err != nil {
		errs = append(errs, roster.FieldErrorf("to", "%v", err))
	}
	if err := joinErrors(errs); err != nil {
		return err
	}
	list, err := s.st.ListRequests(ctx, f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []roster.Request{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"requests": list})
	return nil
}

func (s *Server) apiCreateRequest(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	dept, err := s.planDepartment(r, c.User)
	if err != nil {
		return err
	}
	var q roster.Request
	if err := readJSON(r, &q); err != nil {
		return err
	}
	q.ID, q.Version = 0, 0
	if q.Weight == 0 {
		q.Weight = roster.DefaultRequestWeight
	}
	if err := s.createRequest(ctx, dept, &q); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, q)
	return nil
}

func (s *Server) apiDeleteRequest(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	dept, err := s.planDepartment(r, c.User)
	if err != nil {
		return err
	}
	version, err := strconv.ParseInt(r.URL.Query().Get("version"), 10, 64)
	if err != nil {
		return roster.FieldErrorf("version", "?version= must name the version read")
	}
	if err := s.deleteRequest(ctx, dept, r.PathValue("request"), version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// createRequest checks that the request is of a doctor of dept and a
// work or on-call shift type of dept, and stores it.
func (s *Server) createRequest(ctx context.Context, dept roster.Department, q *roster.Request) error {
	if q.DoctorID == 0 {
		return roster.FieldErrorf("doctor_id", "a request belongs to a doctor")
	}
	doc, err := s.st.GetDoctor(ctx, q.DoctorID)
	if roster.IsCode(err, roster.NotFound) || err == nil && doc.DepartmentID != dept.ID {
		return roster.FieldErrorf("doctor_id", "doctor %d is not in %s", q.DoctorID, dept.Name)
	}
	if err != nil {
		return err
	}
	if q.ShiftTypeID != 0 {
		types, err := s.st.ListShiftTypes(ctx, dept.ID)
		if err != nil {
			return err
		}
		ok := false
		for _, st := range types {
			ok = ok || st.ID == q.ShiftTypeID && st.Kind != roster.Leave
		}
		if !ok {
			return roster.FieldErrorf("shift_type_id", "shift type %d is not a work or on-call shift type of %s", q.ShiftTypeID, dept.Name)
		}
	}
	return s.st.CreateRequest(ctx, q)
}

// deleteRequest deletes request rid (a path value) of a doctor of dept.
func (s *Server) deleteRequest(ctx context.Context, dept roster.Department, rid string, version int64) error {
	id, err := parseID(rid, "request")
	if err != nil {
		return err
	}
	list, err := s.st.ListRequests(ctx, store.RequestFilter{DepartmentID: dept.ID})
	if err != nil {
		return err
	}
	found := false
	for _, q := range list {
		found = found || q.ID == id
	}
	if !found {
		return errNotFound("request " + strconv.FormatInt(id, 10) + " of " + dept.Name + " not found")
	}
	return s.st.DeleteRequest(ctx, id, version)
}
