package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
	"github.com/rotaguard/rotaguard/internal/store"
)

// assignmentTarget is the policy target for an assignment: its doctor in
// the assignment's department.
func (s *Server) assignmentTarget(ctx context.Context, a roster.Assignment) (auth.Target, roster.Doctor, error) {
	d, err := s.st.GetDoctor(ctx, a.DoctorID)
	if err != nil {
		if roster.IsCode(err, roster.NotFound) {
			return auth.Target{}, d, roster.FieldErrorf("doctor_id", "there is no doctor %d", a.DoctorID)
		}
		return auth.Target{}, d, err
	}
	dept := a.DepartmentID
	if dept == 0 {
		dept = d.DepartmentID
	}
	return auth.Target{OrgID: d.OrgID, DepartmentID: dept, DoctorID: d.ID}, d, nil
}

// checkAssignment validates a and its references: the department must be
// in the doctor's organisation and the shift type the department's.
func (s *Server) checkAssignment(ctx context.Context, a *roster.Assignment, doc roster.Doctor) error {
	if a.DepartmentID == 0 {
		a.DepartmentID = doc.DepartmentID
	}
	if _, err := s.checkDepartment(ctx, doc.OrgID, a.DepartmentID); err != nil {
		return err
	}
	if a.ShiftTypeID != 0 {
		types, err := s.shiftTypeMap(ctx, a.DepartmentID)
		if err != nil {
			return err
		}
		if _, ok := types[a.ShiftTypeID]; !ok {
			return roster.FieldErrorf("shift_type_id", "shift type %d is not one of the department's", a.ShiftTypeID)
		}
	}
	return a.Validate()
}

func (s *Server) assignmentFormData(ctx context.Context, a roster.Assignment, doc roster.Doctor, date string, ferr error) (map[string]any, error) {
	types, err := s.st.ListShiftTypes(ctx, doc.DepartmentID)
	if err != nil {
		return nil, err
	}
	data := map[string]any{
		"A": a, "Doctor": doc, "Types": types, "Date": date,
		"Kinds": []roster.Kind{roster.Work, roster.OnCall, roster.Leave},
		"Errs":  map[string]string{},
	}
	if !a.Start.IsZero() {
		data["Start"] = roster.FormatLocal(a.Start)
		data["End"] = roster.FormatLocal(a.End)
		if date == "" {
			data["Date"] = roster.DateOf(a.Start.In(roster.London)).String()
		}
	}
	if ferr != nil {
		data["Errs"], data["Err"] = formErrors(ferr)
	}
	return data, nil
}

// parseAssignmentForm reads the form: a shift type and a day, or an ad
// hoc kind with start and end (London local time).
func (s *Server) parseAssignmentForm(ctx context.Context, r *http.Request, a *roster.Assignment) error {
	var errs []error
	st, err := optID(r.PostFormValue("shift_type_id"), "shift_type_id")
	if err != nil {
		errs = append(errs, err)
	}
	a.ShiftTypeID = st
	a.Note = strings.TrimSpace(r.PostFormValue("note"))
	if v := r.PostFormValue("version"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs = append(errs, roster.FieldErrorf("version", "%q is not a version", v))
		}
		a.Version = n
	}
	if st != 0 {
		day, err := roster.ParseDate(r.PostFormValue("date"))
		if err != nil || day.IsZero() {
			errs = append(errs, roster.FieldErrorf("date", "choose the day of the shift"))
		} else {
			types, err := s.shiftTypeMap(ctx, a.DepartmentID)
			if err != nil {
				return err
			}
			t, ok := types[st]
			if !ok {
				errs = append(errs, roster.FieldErrorf("shift_type_id", "shift type %d is not one of the department's", st))
			} else {
				a.Kind = t.Kind
				a.Start, a.End = t.On(day)
			}
		}
		return joinErrors(errs)
	}
	k, err := roster.ParseKind(r.PostFormValue("kind"))
	if err != nil {
		errs = append(errs, roster.FieldErrorf("kind", "%v", err))
	}
	a.Kind = k
	for _, p := range []struct {
		name string
		dst  *roster.Assignment
		end  bool
	}{{"start", a, false}, {"end", a, true}} {
		v := r.PostFormValue(p.name)
		t, err := roster.ParseLocal(v)
		if err != nil {
			errs = append(errs, roster.FieldErrorf(p.name, "%v", err))
			continue
		}
		if p.end {
			a.End = t
		} else {
			a.Start = t
		}
	}
	return joinErrors(errs)
}

func (s *Server) assignmentNewPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	docID, err := parseID(r.URL.Query().Get("doctor"), "doctor")
	if err != nil {
		return err
	}
	a := roster.Assignment{DoctorID: docID, Kind: roster.Work}
	t, doc, err := s.assignmentTarget(ctx, a)
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.EditAssignment, t); err != nil {
		return err
	}
	a.DepartmentID = doc.DepartmentID
	data, err := s.assignmentFormData(ctx, a, doc, r.URL.Query().Get("date"), nil)
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "assignment_form", "Add a shift", data)
	return nil
}

func (s *Server) assignmentCreate(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	docID, err := parseID(r.PostFormValue("doctor_id"), "doctor_id")
	if err != nil {
		return err
	}
	a := roster.Assignment{DoctorID: docID}
	t, doc, err := s.assignmentTarget(ctx, a)
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.EditAssignment, t); err != nil {
		return err
	}
	a.DepartmentID = doc.DepartmentID
	ferr := s.parseAssignmentForm(ctx, r, &a)
	if ferr == nil {
		ferr = s.checkAssignment(ctx, &a, doc)
	}
	var breaches []rules.Finding
	if ferr == nil {
		if breaches, ferr = s.newBreaches(ctx, s.st, doc, nil, []roster.Assignment{a}); ferr == nil && len(breaches) > 0 && !confirmed(r) {
			return s.confirmAssignment(w, r, c, a, doc, breaches)
		}
	}
	if ferr == nil {
		ferr = s.st.InTx(ctx, func(tx store.Tx) error {
			if err := tx.CreateAssignment(ctx, &a); err != nil {
				return err
			}
			return auditBreaches(ctx, tx, a.ID, breaches)
		})
	}
	if ferr != nil {
		return s.redisplayAssignment(w, r, c, a, doc, ferr)
	}
	http.Redirect(w, r, "/doctors/"+strconv.FormatInt(doc.ID, 10)+"?from="+mondayOf(roster.DateOf(a.Start.In(roster.London))).String(), http.StatusSeeOther)
	return nil
}

// confirmAssignment shows the form again, not saved, with the breaches
// the shift would create and a "Save anyway" button (confirm=1).
func (s *Server) confirmAssignment(w http.ResponseWriter, r *http.Request, c *call, a roster.Assignment, doc roster.Doctor, breaches []rules.Finding) error {
	data, err := s.assignmentFormData(r.Context(), a, doc, r.PostFormValue("date"), nil)
	if err != nil {
		return err
	}
	data["Breaches"] = breachViews(breaches)
	s.render(w, r, c, http.StatusConflict, "assignment_form", "Shift", data)
	return nil
}

func (s *Server) redisplayAssignment(w http.ResponseWriter, r *http.Request, c *call, a roster.Assignment, doc roster.Doctor, ferr error) error {
	if code := roster.ErrorCode(ferr); code != roster.Invalid && code != roster.Conflict {
		return ferr
	}
	data, err := s.assignmentFormData(r.Context(), a, doc, r.PostFormValue("date"), ferr)
	if err != nil {
		return err
	}
	s.render(w, r, c, statusOf(ferr), "assignment_form", "Shift", data)
	return nil
}

func (s *Server) loadAssignment(ctx context.Context, r *http.Request, u roster.User, act auth.Action) (roster.Assignment, roster.Doctor, error) {
	id, err := pathID(r)
	if err != nil {
		return roster.Assignment{}, roster.Doctor{}, err
	}
	a, err := s.st.GetAssignment(ctx, id)
	if err != nil {
		return a, roster.Doctor{}, err
	}
	t, doc, err := s.assignmentTarget(ctx, a)
	if err != nil {
		return a, doc, err
	}
	return a, doc, authorize(u, act, t)
}

func (s *Server) assignmentEditPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	a, doc, err := s.loadAssignment(ctx, r, c.User, auth.EditAssignment)
	if err != nil {
		return err
	}
	data, err := s.assignmentFormData(ctx, a, doc, "", nil)
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "assignment_form", "Edit a shift", data)
	return nil
}

func (s *Server) assignmentUpdate(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	a, doc, err := s.loadAssignment(ctx, r, c.User, auth.EditAssignment)
	if err != nil {
		return err
	}
	old := a
	ferr := s.parseAssignmentForm(ctx, r, &a)
	if ferr == nil {
		ferr = s.checkAssignment(ctx, &a, doc)
	}
	var breaches []rules.Finding
	if ferr == nil {
		if breaches, ferr = s.newBreaches(ctx, s.st, doc, []roster.Assignment{old}, []roster.Assignment{a}); ferr == nil && len(breaches) > 0 && !confirmed(r) {
			return s.confirmAssignment(w, r, c, a, doc, breaches)
		}
	}
	if ferr == nil {
		ferr = s.st.InTx(ctx, func(tx store.Tx) error {
			if err := tx.UpdateAssignment(ctx, &a); err != nil {
				return err
			}
			return auditBreaches(ctx, tx, a.ID, breaches)
		})
	}
	if ferr != nil {
		return s.redisplayAssignment(w, r, c, a, doc, ferr)
	}
	http.Redirect(w, r, "/doctors/"+strconv.FormatInt(doc.ID, 10)+"?from="+mondayOf(roster.DateOf(a.Start.In(roster.London))).String(), http.StatusSeeOther)
	return nil
}

func (s *Server) assignmentDelete(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	a, doc, err := s.loadAssignment(ctx, r, c.User, auth.EditAssignment)
	if err != nil {
		return err
	}
	v, err := deleteVersion(r, c)
	if err != nil {
		return err
	}
	if err := s.st.DeleteAssignment(ctx, a.ID, v); err != nil {
		return err
	}
	return deleted(w, r, c, "/doctors/"+strconv.FormatInt(doc.ID, 10))
}
