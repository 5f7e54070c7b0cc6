package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
)

func deptTarget(d roster.Department) auth.Target {
	return auth.Target{OrgID: d.OrgID, DepartmentID: d.ID}
}

type deptListRow struct {
	D                  roster.Department
	Site               string
	Rota, Drafts, Edit bool
}

func (s *Server) departmentsPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	org, _, err := s.orgFor(ctx, c, r)
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.ListDepartments, auth.Target{OrgID: org.ID}); err != nil {
		return err
	}
	depts, err := s.st.ListDepartments(ctx, org.ID)
	if err != nil {
		return err
	}
	sites, err := s.st.ListSites(ctx, org.ID)
	if err != nil {
		return err
	}
	siteNames := map[roster.ID]string{}
	for _, st := range sites {
		siteNames[st.ID] = st.Name
	}
	rows := make([]deptListRow, len(depts))
	for i, d := range depts {
		rows[i] = deptListRow{D: d, Site: siteNames[d.SiteID],
			Rota: auth.Can(c.User, auth.ViewRota, deptTarget(d)), Drafts: auth.Can(c.User, auth.DraftRota, deptTarget(d)),
			Edit: auth.Can(c.User, auth.EditDepartment, deptTarget(d))}
	}
	s.render(w, r, c, http.StatusOK, "departments", "Departments", map[string]any{
		"Rows": rows, "CanManage": auth.Can(c.User, auth.ManageDepartment, auth.Target{OrgID: org.ID}),
	})
	return nil
}

func (s *Server) departmentFormData(ctx context.Context, u roster.User, d roster.Department, ferr error) (map[string]any, error) {
	sites, err := s.st.ListSites(ctx, d.OrgID)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"Dept": d, "Sites": sites, "Errs": map[string]string{},
		"CanDelete": auth.Can(u, auth.ManageDepartment, deptTarget(d))}
	if ferr != nil {
		data["Errs"], data["Err"] = formErrors(ferr)
	}
	return data, nil
}

func (s *Server) departmentNewPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	org, _, err := s.orgFor(ctx, c, r)
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.ManageDepartment, auth.Target{OrgID: org.ID}); err != nil {
		return err
	}
	data, err := s.departmentFormData(ctx, c.User, roster.Department{OrgID: org.ID}, nil)
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "department_form", "Add a department", data)
	return nil
}

// validateDepartment checks a department's fields, and that its site is
// one of the organisation's.
func (s *Server) validateDepartment(ctx context.Context, d roster.Department) error {
	var errs []error
	if strings.TrimSpace(d.Name) == "" {
		errs = append(errs, roster.FieldErrorf("name", "a department needs a name"))
	}
	if d.SiteID != 0 {
		sites, err := s.st.ListSites(ctx, d.OrgID)
		if err != nil {
			return err
		}
		ok := false
		for _, st := range sites {
			ok = ok || st.ID == d.SiteID
		}
		if !ok {
			errs = append(errs, roster.FieldErrorf("site_id", "there is no site %d in this organisation", d.SiteID))
		}
	}
	return joinErrors(errs)
}

func parseDepartmentForm(r *http.Request, d *roster.Department) error {
	d.Name = strings.TrimSpace(r.PostFormValue("name"))
	d.Specialty = strings.TrimSpace(r.PostFormValue("specialty"))
	var errs []error
	site, err := optID(r.PostFormValue("site_id"), "site_id")
	if err != nil {
		errs = append(errs, err)
	}
	d.SiteID = site
	if v := r.PostFormValue("version"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			errs = append(errs, roster.FieldErrorf("version", "%q is not a version", v))
		}
		d.Version = n
	}
	return joinErrors(errs)
}

func (s *Server) departmentCreate(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	org, _, err := s.orgFor(ctx, c, r)
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.ManageDepartment, auth.Target{OrgID: org.ID}); err != nil {
		return err
	}
	d := roster.Department{OrgID: org.ID}
	ferr := parseDepartmentForm(r, &d)
	if ferr == nil {
		ferr = s.validateDepartment(ctx, d)
	}
	if ferr == nil {
		ferr = s.st.CreateDepartment(ctx, &d)
	}
	if ferr != nil {
		return s.redisplayDepartment(w, r, c, d, ferr)
	}
	http.Redirect(w, r, "/departments", http.StatusSeeOther)
	return nil
}

func (s *Server) redisplayDepartment(w http.ResponseWriter, r *http.Request, c *call, d roster.Department, ferr error) error {
	if code := roster.ErrorCode(ferr); code != roster.Invalid && code != roster.Conflict {
		return ferr
	}
	data, err := s.departmentFormData(r.Context(), c.User, d, ferr)
	if err != nil {
		return err
	}
	s.render(w, r, c, statusOf(ferr), "department_form", "Department", data)
	return nil
}

func (s *Server) loadDepartment(ctx context.Context, r *http.Request) (roster.Department, error) {
	id, err := pathID(r)
	if err != nil {
		return roster.Department{}, err
	}
	return s.st.GetDepartment(ctx, id)
}

func (s *Server) departmentEditPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, err := s.loadDepartment(ctx, r)
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.EditDepartment, deptTarget(d)); err != nil {
		return err
	}
	data, err := s.departmentFormData(ctx, c.User, d, nil)
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "department_form", "Edit "+d.Name, data)
	return nil
}

func (s *Server) departmentUpdate(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	old, err := s.loadDepartment(ctx, r)
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.EditDepartment, deptTarget(old)); err != nil {
		return err
	}
	d := old
	ferr := parseDepartmentForm(r, &d)
	if ferr == nil {
		ferr = s.validateDepartment(ctx, d)
	}
	if ferr == nil {
		ferr = s.st.UpdateDepartment(ctx, &d)
	}
	if ferr != nil {
		return s.redisplayDepartment(w, r, c, d, ferr)
	}
	http.Redirect(w, r, "/departments", http.StatusSeeOther)
	return nil
}

func (s *Server) departmentDelete(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, err := s.loadDepartment(ctx, r)
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.ManageDepartment, deptTarget(d)); err != nil {
		return err
	}
	v, err := deleteVersion(r, c)
	if err != nil {
		return err
	}
	if err := s.st.DeleteDepartment(ctx, d.ID, v); err != nil {
		return err
	}
	return deleted(w, r, c, "/departments")
}
