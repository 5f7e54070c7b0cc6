package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

func errNotFound(msg string) error { return roster.Errorf(roster.NotFound, "%s", msg) }

// navFor says which top-level links to show; it asks the policy.
func (s *Server) navFor(u roster.User) nav {
	if u.ID == 0 {
		return nav{}
	}
	n := nav{
		Doctors:     auth.Can(u, auth.ListDoctors, auth.Target{OrgID: u.OrgID}),
		Departments: auth.Can(u, auth.ListDepartments, auth.Target{OrgID: u.OrgID}),
		Pay:         auth.Can(u, auth.ViewPayBill, auth.Target{OrgID: u.OrgID}),
		Audit:       auth.Can(u, auth.ViewAudit, auth.Target{}),
	}
	for _, d := range u.DepartmentIDs {
		if auth.Can(u, auth.ListDoctors, auth.Target{OrgID: u.OrgID, DepartmentID: d}) {
			n.Doctors = true
		}
	}
	if u.DoctorID != 0 && auth.Can(u, auth.ViewDoctor, auth.Target{OrgID: u.OrgID, DoctorID: u.DoctorID}) {
		n.MyPage = u.DoctorID
	}
	return n
}

// safeNext keeps a post-sign-in redirect on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) signinPage(w http.ResponseWriter, r *http.Request, c *call) error {
	if c.User.ID != 0 {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	s.render(w, r, c, http.StatusOK, "signin", "Sign in", map[string]any{"Next": safeNext(r.URL.Query().Get("next"))})
	return nil
}

func (s *Server) signinSubmit(w http.ResponseWriter, r *http.Request, c *call) error {
	username := strings.TrimSpace(r.PostFormValue("username"))
	next := safeNext(r.PostFormValue("next"))
	if _, _, err := s.signIn(r.Context(), w, r, username, r.PostFormValue("password")); err != nil {
		if code := roster.ErrorCode(err); code != roster.Unauthorized && code != roster.Forbidden {
			return err
		}
		s.render(w, r, c, statusOf(err), "signin", "Sign in",
			map[string]any{"Next": next, "Username": username, "Err": roster.ErrorMessage(err)})
		return nil
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := s.endSession(w, r, c); err != nil {
		return err
	}
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
	return nil
}

// endSession deletes the session, clears the cookie and audits the sign-out.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request, c *call) error {
	if ck, _ := r.Cookie(cookieName); ck != nil {
		if err := s.sessions.Destroy(r.Context(), ck.Value); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w, r)
	return s.st.AddAudit(r.Context(), roster.AuditEntry{At: s.now().UTC(), ActorID: c.User.ID, Actor: c.User.Username,
		Action: "sign_out", Entity: "user", EntityID: c.User.ID, Note: "from " + clientAddr(r)})
}

// orgFor is the organisation a page is about: the user's own, or for
// users not tied to one (installation admins), ?org= or the first.
func (s *Server) orgFor(ctx context.Context, c *call, r *http.Request) (roster.Organisation, []roster.Organisation, error) {
	if c.User.OrgID != 0 {
		o, err := s.st.GetOrganisation(ctx, c.User.OrgID)
		return o, nil, err
	}
	orgs, err := s.st.ListOrganisations(ctx)
	if err != nil {
		return roster.Organisation{}, nil, err
	}
	if len(orgs) == 0 {
		return roster.Organisation{}, nil, errNotFound("there are no organisations yet: run rotaguard demo or import a register")
	}
	want, err := optID(r.FormValue("org"), "org")
	if err != nil {
		return roster.Organisation{}, nil, err
	}
	for _, o := range orgs {
		if o.ID == want {
			return o, orgs, nil
		}
	}
	return orgs[0], orgs, nil
}

type count struct {
	Label string `json:"label"`
	N     int    `json:"n"`
}

// aggregates are counts of doctors: no personal data.
type aggregates struct {
	Total      int
	ByGrade    []count
	ByContract []count
	ByStatus   []count
	ByDept     map[roster.ID]int
}

var contractLabels = map[roster.ContractKind]string{
	roster.TCS2016:     "2016 terms",
	roster.NewDeal2002: "2002 New Deal",
	roster.ConsultantC: "Consultant",
	roster.SASC:        "SAS",
}

func aggregate(ds []roster.Doctor) aggregates {
	a := aggregates{Total: len(ds), ByDept: map[roster.ID]int{}}
	grades := map[roster.Grade]int{}
	contracts := map[roster.ContractKind]int{}
	statuses := map[roster.EmploymentStatus]int{}
	for _, d := range ds {
		grades[d.Grade]++
		contracts[d.Contract.Kind]++
		statuses[d.Status]++
		a.ByDept[d.DepartmentID]++
	}
	for _, g := range roster.Grades {
		if n := grades[g]; n > 0 {
			a.ByGrade = append(a.ByGrade, count{string(g), n})
		}
	}
	for _, k := range []roster.ContractKind{roster.TCS2016, roster.NewDeal2002, roster.ConsultantC, roster.SASC} {
		if n := contracts[k]; n > 0 {
			a.ByContract = append(a.ByContract, count{contractLabels[k], n})
		}
	}
	for _, st := range []roster.EmploymentStatus{roster.Active, roster.OnLeave, roster.Left} {
		if n := statuses[st]; n > 0 {
			a.ByStatus = append(a.ByStatus, count{string(st), n})
		}
	}
	return a
}

func chartJSON(cs []count) string {
	var d struct {
		Labels []string `json:"labels"`
		Values []int    `json:"values"`
	}
	for _, c := range cs {
		d.Labels = append(d.Labels, c.Label)
		d.Values = append(d.Values, c.N)
	}
	b, _ := json.Marshal(d)
	return string(b)
}

type deptRow struct {
	ID              roster.ID
	Name, Specialty string
	N               int
	Rota, List      bool
}

type orgRow struct {
	Name, Region string
	N, TCS, ND   int
}

func (s *Server) overviewPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	u := c.User
	if !auth.SeesPersonalData(u) {
		d, err := s.nationalOverview(ctx, u)
		if err != nil {
			return err
		}
		s.render(w, r, c, http.StatusOK, "overview", "National overview", d)
		return nil
	}
	org, orgs, err := s.orgFor(ctx, c, r)
	if err != nil {
		return err
	}
	if !auth.Can(u, auth.ViewAggregates, auth.Target{OrgID: org.ID}) && u.DoctorID != 0 {
		// A doctor's home is their own rota.
		http.Redirect(w, r, "/doctors/"+strconv.FormatInt(u.DoctorID, 10), http.StatusSeeOther)
		return nil
	}
	if err := authorize(u, auth.ViewAggregates, auth.Target{OrgID: org.ID}); err != nil {
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
	var rows []deptRow
	for _, d := range depts {
		t := auth.Target{OrgID: org.ID, DepartmentID: d.ID}
		rows = append(rows, deptRow{ID: d.ID, Name: d.Name, Specialty: d.Specialty, N: a.ByDept[d.ID],
			Rota: auth.Can(u, auth.ViewRota, t), List: auth.Can(u, auth.ListDoctors, t)})
	}
	s.render(w, r, c, http.StatusOK, "overview", org.Name, map[string]any{
		"Heading": org.Name, "OrgID": org.ID, "Orgs": orgs, "Total": a.Total,
		"ByGrade": a.ByGrade, "ByContract": a.ByContract, "ByStatus": a.ByStatus,
		"ContractChart": chartJSON(a.ByContract), "Departments": rows,
	})
	return nil
}

// nationalOverview aggregates every organisation: counts only.
func (s *Server) nationalOverview(ctx context.Context, u roster.User) (map[string]any, error) {
	if err := authorize(u, auth.ViewAggregates, auth.Target{}); err != nil {
		return nil, err
	}
	orgs, err := s.st.ListOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	var all []roster.Doctor
	var rows []orgRow
	for _, o := range orgs {
		ds, err := s.st.ListDoctors(ctx, store.DoctorFilter{OrgID: o.ID})
		if err != nil {
			return nil, err
		}
		row := orgRow{Name: o.Name, Region: o.Region, N: len(ds)}
		for _, d := range ds {
			switch d.Contract.Kind {
			case roster.TCS2016:
				row.TCS++
			case roster.NewDeal2002:
				row.ND++
			}
		}
		rows = append(rows, row)
		all = append(all, ds...)
	}
	a := aggregate(all)
	return map[string]any{
		"Heading": "All organisations", "National": true, "Total": a.Total,
		"ByGrade": a.ByGrade, "ByContract": a.ByContract, "ByStatus": a.ByStatus,
		"ContractChart": chartJSON(a.ByContract), "OrgRows": rows,
	}, nil
}

// listURL rebuilds a list URL with a different offset.
func listURL(path string, q url.Values, offset int) string {
	q2 := url.Values{}
	for k, v := range q {
		q2[k] = v
	}
	if offset > 0 {
		q2.Set("offset", strconv.Itoa(offset))
	} else {
		q2.Del("offset")
	}
	if e := q2.Encode(); e != "" {
		return path + "?" + e
	}
	return path
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
