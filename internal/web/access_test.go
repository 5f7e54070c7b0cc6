package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// want maps roles to the status they must get: want("AWL", 200, "DN", 403).
// Letters: A admin, W workforce, L lead (of department A), D doctor (A1),
// N national viewer.
func want(spec ...any) map[roster.Role]int {
	letters := map[rune]roster.Role{'A': roster.RoleAdmin, 'W': roster.RoleWorkforce, 'L': roster.RoleLead,
		'D': roster.RoleDoctor, 'N': roster.RoleNational}
	m := map[roster.Role]int{}
	for i := 0; i+1 < len(spec); i += 2 {
		for _, c := range spec[i].(string) {
			m[letters[c]] = spec[i+1].(int)
		}
	}
	if len(m) != len(roster.Roles) {
		panic(fmt.Sprintf("want %v does not name every role", spec))
	}
	return m
}

type accessCase struct {
	pattern string // the route under test
	name    string // what is special about this request
	req     func(t *testing.T, f *fixture, role roster.Role) *http.Request
	want    map[roster.Role]int
}

func get(path func(f *fixture) string) func(t *testing.T, f *fixture, role roster.Role) *http.Request {
	return func(t *testing.T, f *fixture, role roster.Role) *http.Request {
		return f.request(role, http.MethodGet, path(f), nil)
	}
}

func doctorForm(f *fixture, dept roster.ID, version int64) string {
	f.mu.Lock()
	f.gmc++
	gmc := fmt.Sprintf("%07d", 7100000+f.gmc)
	f.mu.Unlock()
	return fmt.Sprintf("given_name=Test&family_name=Doctor&gmc=%s&grade=ST1&contract=tcs2016&nodal_point=3&ltft_percent=80&department_id=%d&status=active&version=%d", gmc, dept, version)
}

func doctorJSON(f *fixture, dept roster.ID, version int64) string {
	f.mu.Lock()
	f.gmc++
	gmc := fmt.Sprintf("%07d", 7200000+f.gmc)
	f.mu.Unlock()
	return fmt.Sprintf(`{"department_id":%d,"gmc":%q,"given_name":"Api","family_name":"Doctor","grade":"CT1","contract":{"kind":"newdeal2002","band":"1A"},"ltft_percent":100,"status":"active","version":%d}`, dept, gmc, version)
}

func accessCases() []accessCase {
	day := "2026-10-22"
	cases := []accessCase{
		{pattern: "GET /static/{hash}/{path...}", req: get(func(f *fixture) string { u, _ := f.srv.static.url("app.css"); return u }), want: want("AWLDN", 200)},
		{pattern: "GET /signin", req: get(func(f *fixture) string { return "/signin" }), want: want("AWLDN", 303)},
		{pattern: "POST /signin", name: "wrong password", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			return f.request(role, "POST", "/signin", form("username", "nobody-"+string(role), "password", "x"))
		}, want: want("AWLDN", 401)},
		{pattern: "POST /signout", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			tok, sess, err := f.srv.sessions.Create(sysCtx(t), f.users[role].ID)
			must(t, err)
			r := httptest.NewRequest("POST", "/signout", form("csrf_token", sess.CSRFToken))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.AddCookie(&http.Cookie{Name: cookieName, Value: tok})
			return r
		}, want: want("AWLDN", 303)},
		{pattern: "GET /healthz", req: get(func(f *fixture) string { return "/healthz" }), want: want("AWLDN", 200)},
		{pattern: "/", name: "no such page", req: get(func(f *fixture) string { return "/nowhere" }), want: want("AWLDN", 404)},
		{pattern: "/", name: "no such API route", req: get(func(f *fixture) string { return "/api/v1/nowhere" }), want: want("AWLDN", 404)},
		{pattern: "GET /{$}", req: get(func(f *fixture) string { return "/" }), want: want("AWLN", 200, "D", 303)},
		{pattern: "GET /doctors", req: get(func(f *fixture) string { return "/doctors" }), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /doctors", name: "department B", req: get(func(f *fixture) string { return "/doctors?department=" + id(f.deptB.ID) }), want: want("AW", 200, "LDN", 403)},
		{pattern: "GET /doctors/new", req: get(func(f *fixture) string { return "/doctors/new" }), want: want("AWL", 200, "DN", 403)},
		{pattern: "POST /doctors", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			return f.request(role, "POST", "/doctors", strings.NewReader(doctorForm(f, f.deptA.ID, 0)))
		}, want: want("AWL", 303, "DN", 403)},
		{pattern: "POST /doctors", name: "into department B", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			return f.request(role, "POST", "/doctors", strings.NewReader(doctorForm(f, f.deptB.ID, 0)))
		}, want: want("AW", 303, "LDN", 403)},
		{pattern: "GET /doctors/{id}", req: get(func(f *fixture) string { return "/doctors/" + id(f.docA2.ID) }), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /doctors/{id}", name: "own page", req: get(func(f *fixture) string { return "/doctors/" + id(f.docA1.ID) }), want: want("AWLD", 200, "N", 403)},
		{pattern: "GET /doctors/{id}", name: "department B", req: get(func(f *fixture) string { return "/doctors/" + id(f.docB1.ID) }), want: want("AW", 200, "LDN", 403)},
		{pattern: "GET /doctors/{id}", name: "other organisation", req: get(func(f *fixture) string { return "/doctors/" + id(f.docC1.ID) }), want: want("A", 200, "WLDN", 403)},
		{pattern: "GET /doctors/{id}/edit", req: get(func(f *fixture) string { return "/doctors/" + id(f.docA2.ID) + "/edit" }), want: want("AWL", 200, "DN", 403)},
		{pattern: "POST /doctors/{id}", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			d, err := f.st.GetDoctor(sysCtx(t), f.docA2.ID)
			must(t, err)
			body := fmt.Sprintf("given_name=Ben&family_name=Hughes&gmc=%s&grade=FY2&contract=tcs2016&nodal_point=2&ltft_percent=100&department_id=%d&status=active&version=%d", d.GMC, d.DepartmentID, d.Version)
			return f.request(role, "POST", "/doctors/"+id(d.ID), strings.NewReader(body))
		}, want: want("AWL", 303, "DN", 403)},
		{pattern: "POST /doctors/{id}/delete", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			d := f.newDoctor(t, f.org1.ID, f.deptA.ID, "Del", "Ete", roster.FY1)
			return f.request(role, "POST", "/doctors/"+id(d.ID)+"/delete", form("version", id(d.Version)))
		}, want: want("AW", 303, "LDN", 403)},
		{pattern: "POST /doctors/{id}/union", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			m, err := f.st.GetUnionMembership(sysCtx(t), f.docA2.ID)
			must(t, err)
			return f.request(role, "POST", "/doctors/"+id(f.docA2.ID)+"/union", form("union", "BMA", "version", id(m.Version)))
		}, want: want("AL", 303, "WDN", 403)},
		{pattern: "GET /doctors/{id}/rota.ics", req: get(func(f *fixture) string { return "/doctors/" + id(f.docA2.ID) + "/rota.ics" }), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /doctors/{id}/rota.ics", name: "own rota", req: get(func(f *fixture) string { return "/doctors/" + id(f.docA1.ID) + "/rota.ics" }), want: want("AWLD", 200, "N", 403)},
		{pattern: "GET /doctors/{id}/rota.ics", name: "department B", req: get(func(f *fixture) string { return "/doctors/" + id(f.docB1.ID) + "/rota.ics" }), want: want("AW", 200, "LDN", 403)},
		{pattern: "GET /departments", req: get(func(f *fixture) string { return "/departments" }), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /departments/new", req: get(func(f *fixture) string { return "/departments/new" }), want: want("AW", 200, "LDN", 403)},
		{pattern: "POST /departments", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			return f.request(role, "POST", "/departments", form("name", "New "+string(role), "specialty", "X", "site_id", id(f.site1.ID), "org", id(f.org1.ID)))
		}, want: want("AW", 303, "LDN", 403)},
		{pattern: "GET /departments/{id}/edit", req: get(func(f *fixture) string { return "/departments/" + id(f.deptA.ID) + "/edit" }), want: want("AW", 200, "LDN", 403)},
		{pattern: "POST /departments/{id}", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			d, err := f.st.GetDepartment(sysCtx(t), f.deptA.ID)
			must(t, err)
			return f.request(role, "POST", "/departments/"+id(d.ID), form("name", d.Name, "specialty", d.Specialty, "site_id", id(d.SiteID), "version", id(d.Version)))
		}, want: want("AW", 303, "LDN", 403)},
		{pattern: "POST /departments/{id}/delete", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			d := f.newDepartment(t, "Doomed "+string(role))
			return f.request(role, "POST", "/departments/"+id(d.ID)+"/delete", form("version", id(d.Version)))
		}, want: want("AW", 303, "LDN", 403)},
		{pattern: "GET /departments/{id}/rota", req: get(func(f *fixture) string { return "/departments/" + id(f.deptA.ID) + "/rota" }), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /departments/{id}/rota", name: "department B", req: get(func(f *fixture) string { return "/departments/" + id(f.deptB.ID) + "/rota" }), want: want("AW", 200, "LDN", 403)},
		{pattern: "GET /departments/{id}/rota/cell", req: get(func(f *fixture) string {
			return "/departments/" + id(f.deptA.ID) + "/rota/cell?doctor=" + id(f.docA2.ID) + "&date=" + day
		}), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /departments/{id}/rota/cell", name: "department B", req: get(func(f *fixture) string {
			return "/departments/" + id(f.deptB.ID) + "/rota/cell?doctor=" + id(f.docB1.ID) + "&date=" + day
		}), want: want("AW", 200, "LDN", 403)},
		{pattern: "POST /departments/{id}/rota/cell", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			d, _ := roster.ParseDate(day)
			cl, err := f.srv.readCell(sysCtx(t), f.st, f.deptA.ID, f.docA2.ID, d, nil)
			must(t, err)
			return f.request(role, "POST", "/departments/"+id(f.deptA.ID)+"/rota/cell",
				form("doctor", id(f.docA2.ID), "date", day, "shift_type", id(f.early.ID), "ids", cl.versions()))
		}, want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /assignments/new", req: get(func(f *fixture) string { return "/assignments/new?doctor=" + id(f.docA2.ID) }), want: want("AWL", 200, "DN", 403)},
		{pattern: "POST /assignments", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			return f.request(role, "POST", "/assignments", form("doctor_id", id(f.docA2.ID), "shift_type_id", id(f.night.ID), "date", "2026-11-02"))
		}, want: want("AWL", 303, "DN", 403)},
		{pattern: "GET /assignments/{id}/edit", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			a := f.newAssignment(t, f.docA1, f.early, roster.Date{Year: 2026, Month: 11, Day: 3})
			return f.request(role, "GET", "/assignments/"+id(a.ID)+"/edit", nil)
		}, want: want("AWL", 200, "DN", 403)},
		{pattern: "POST /assignments/{id}", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			a := f.newAssignment(t, f.docA2, f.early, roster.Date{Year: 2026, Month: 11, Day: 4})
			return f.request(role, "POST", "/assignments/"+id(a.ID), form("shift_type_id", id(f.night.ID), "date", "2026-11-04", "version", id(a.Version)))
		}, want: want("AWL", 303, "DN", 403)},
		{pattern: "POST /assignments/{id}/delete", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			a := f.newAssignment(t, f.docA2, f.early, roster.Date{Year: 2026, Month: 11, Day: 5})
			return f.request(role, "POST", "/assignments/"+id(a.ID)+"/delete", form("version", id(a.Version)))
		}, want: want("AWL", 303, "DN", 403)},
		{pattern: "GET /audit", req: get(func(f *fixture) string { return "/audit" }), want: want("A", 200, "WLDN", 403)},

		{pattern: "GET /api/v1/openapi.json", req: get(func(f *fixture) string { return "/api/v1/openapi.json" }), want: want("AWLDN", 200)},
		{pattern: "POST /api/v1/session", name: "wrong password", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			return f.request(role, "POST", "/api/v1/session", strings.NewReader(`{"username":"api-nobody-`+string(role)+`","password":"x"}`))
		}, want: want("AWLDN", 401)},
		{pattern: "DELETE /api/v1/session", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			tok, sess, err := f.srv.sessions.Create(sysCtx(t), f.users[role].ID)
			must(t, err)
			r := httptest.NewRequest("DELETE", "/api/v1/session", nil)
			r.Header.Set("X-CSRF-Token", sess.CSRFToken)
			r.AddCookie(&http.Cookie{Name: cookieName, Value: tok})
			return r
		}, want: want("AWLDN", 204)},
		{pattern: "GET /api/v1/me", req: get(func(f *fixture) string { return "/api/v1/me" }), want: want("AWLDN", 200)},
		{pattern: "GET /api/v1/overview", req: get(func(f *fixture) string { return "/api/v1/overview" }), want: want("AWLN", 200, "D", 403)},
		{pattern: "GET /api/v1/doctors", req: get(func(f *fixture) string { return "/api/v1/doctors" }), want: want("AWL", 200, "DN", 403)},
		{pattern: "POST /api/v1/doctors", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			return f.request(role, "POST", "/api/v1/doctors", strings.NewReader(doctorJSON(f, f.deptA.ID, 0)))
		}, want: want("AWL", 201, "DN", 403)},
		{pattern: "GET /api/v1/doctors/{id}", req: get(func(f *fixture) string { return "/api/v1/doctors/" + id(f.docA2.ID) }), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /api/v1/doctors/{id}", name: "own record", req: get(func(f *fixture) string { return "/api/v1/doctors/" + id(f.docA1.ID) }), want: want("AWLD", 200, "N", 403)},
		{pattern: "GET /api/v1/doctors/{id}", name: "other organisation", req: get(func(f *fixture) string { return "/api/v1/doctors/" + id(f.docC1.ID) }), want: want("A", 200, "WLDN", 403)},
		{pattern: "GET /api/v1/assignments", name: "department B", req: get(func(f *fixture) string { return "/api/v1/assignments?department_id=" + id(f.deptB.ID) }), want: want("AW", 200, "LDN", 403)},
		{pattern: "PUT /api/v1/doctors/{id}", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			d, err := f.st.GetDoctor(sysCtx(t), f.docA2.ID)
			must(t, err)
			d.Email = "ben." + string(role) + "@example.nhs.uk"
			b, _ := json.Marshal(d)
			return f.request(role, "PUT", "/api/v1/doctors/"+id(d.ID), strings.NewReader(string(b)))
		}, want: want("AWL", 200, "DN", 403)},
		{pattern: "DELETE /api/v1/doctors/{id}", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			d := f.newDoctor(t, f.org1.ID, f.deptA.ID, "Api", "Delete", roster.FY2)
			return f.request(role, "DELETE", "/api/v1/doctors/"+id(d.ID)+"?version="+id(d.Version), nil)
		}, want: want("AW", 204, "LDN", 403)},
		{pattern: "GET /api/v1/doctors/{id}/union", req: get(func(f *fixture) string { return "/api/v1/doctors/" + id(f.docA2.ID) + "/union" }), want: want("AL", 200, "WDN", 403)},
		{pattern: "PUT /api/v1/doctors/{id}/union", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			m, err := f.st.GetUnionMembership(sysCtx(t), f.docA2.ID)
			must(t, err)
			return f.request(role, "PUT", "/api/v1/doctors/"+id(f.docA2.ID)+"/union", strings.NewReader(fmt.Sprintf(`{"union":"BMA","version":%d}`, m.Version)))
		}, want: want("AL", 200, "WDN", 403)},
		{pattern: "GET /api/v1/departments", req: get(func(f *fixture) string { return "/api/v1/departments" }), want: want("AWL", 200, "DN", 403)},
		{pattern: "POST /api/v1/departments", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			return f.request(role, "POST", "/api/v1/departments?org_id="+id(f.org1.ID), strings.NewReader(fmt.Sprintf(`{"name":"Api %s","specialty":"X","site_id":%d}`, role, f.site1.ID)))
		}, want: want("AW", 201, "LDN", 403)},
		{pattern: "GET /api/v1/departments/{id}", req: get(func(f *fixture) string { return "/api/v1/departments/" + id(f.deptA.ID) }), want: want("AWL", 200, "DN", 403)},
		{pattern: "PUT /api/v1/departments/{id}", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			d, err := f.st.GetDepartment(sysCtx(t), f.deptB.ID)
			must(t, err)
			b, _ := json.Marshal(d)
			return f.request(role, "PUT", "/api/v1/departments/"+id(d.ID), strings.NewReader(string(b)))
		}, want: want("AW", 200, "LDN", 403)},
		{pattern: "DELETE /api/v1/departments/{id}", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			d := f.newDepartment(t, "Api doomed "+string(role))
			return f.request(role, "DELETE", "/api/v1/departments/"+id(d.ID)+"?version="+id(d.Version), nil)
		}, want: want("AW", 204, "LDN", 403)},
		{pattern: "GET /api/v1/departments/{id}/shift-types", req: get(func(f *fixture) string { return "/api/v1/departments/" + id(f.deptA.ID) + "/shift-types" }), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /api/v1/assignments", req: get(func(f *fixture) string { return "/api/v1/assignments?department_id=" + id(f.deptA.ID) }), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /api/v1/assignments", name: "own shifts", req: get(func(f *fixture) string { return "/api/v1/assignments?doctor_id=" + id(f.docA1.ID) }), want: want("AWLD", 200, "N", 403)},
		{pattern: "POST /api/v1/assignments", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			return f.request(role, "POST", "/api/v1/assignments", strings.NewReader(fmt.Sprintf(
				`{"doctor_id":%d,"kind":"leave","start":"2026-12-01T00:00:00Z","end":"2026-12-02T00:00:00Z","note":"study leave"}`, f.docA2.ID)))
		}, want: want("AWL", 201, "DN", 403)},
		{pattern: "GET /api/v1/assignments/{id}", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			a := f.newAssignment(t, f.docA2, f.night, roster.Date{Year: 2026, Month: 11, Day: 10})
			return f.request(role, "GET", "/api/v1/assignments/"+id(a.ID), nil)
		}, want: want("AWL", 200, "DN", 403)},
		{pattern: "PUT /api/v1/assignments/{id}", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			a := f.newAssignment(t, f.docA2, f.night, roster.Date{Year: 2026, Month: 11, Day: 11})
			a.Note = "swapped"
			b, _ := json.Marshal(a)
			return f.request(role, "PUT", "/api/v1/assignments/"+id(a.ID), strings.NewReader(string(b)))
		}, want: want("AWL", 200, "DN", 403)},
		{pattern: "DELETE /api/v1/assignments/{id}", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			a := f.newAssignment(t, f.docA2, f.night, roster.Date{Year: 2026, Month: 11, Day: 12})
			return f.request(role, "DELETE", "/api/v1/assignments/"+id(a.ID)+"?version="+id(a.Version), nil)
		}, want: want("AWL", 204, "DN", 403)},
		{pattern: "GET /api/v1/audit", req: get(func(f *fixture) string { return "/api/v1/audit" }), want: want("A", 200, "WLDN", 403)},
	}
	// Each capability's cases live beside its tests.
	cases = append(cases, complianceAccessCases()...)
	cases = append(cases, payAccessCases()...)
	cases = append(cases, draftAccessCases()...)
	return cases
}

// TestRoleRouteAccess walks every registered route with every role and
// checks who is allowed; it fails if a route has no case.
func TestRoleRouteAccess(t *testing.T) {
	f := newFixture(t)
	cases := accessCases()
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.pattern] = true
	}
	for _, p := range f.srv.Patterns() {
		if !covered[p] {
			t.Errorf("route %q has no access case", p)
		}
	}
	registered := map[string]bool{}
	for _, p := range f.srv.Patterns() {
		registered[p] = true
	}
	for _, c := range cases {
		if !registered[c.pattern] {
			t.Errorf("access case for %q, which is not a registered route", c.pattern)
		}
		for _, role := range roster.Roles {
			w := httptest.NewRecorder()
			r := c.req(t, f, role)
			f.srv.ServeHTTP(w, r)
			if got := w.Code; got != c.want[role] {
				t.Errorf("%s %s as %s: status %d, want %d\n%.300s", c.pattern, c.name, role, got, c.want[role], w.Body.String())
			}
		}
	}
}

// TestSignedOut checks every non-public route refuses a request without a
// session: pages redirect to sign-in, the API answers 401.
func TestSignedOut(t *testing.T) {
	f := newFixture(t)
	public := map[string]bool{}
	for _, rt := range f.srv.routes {
		public[rt.pattern] = rt.public
	}
	for _, c := range accessCases() {
		if public[c.pattern] {
			continue
		}
		r := c.req(t, f, roster.RoleAdmin)
		r.Header.Del("Cookie")
		w := httptest.NewRecorder()
		f.srv.ServeHTTP(w, r)
		wantStatus := http.StatusUnauthorized
		if !strings.HasPrefix(r.URL.Path, "/api/") && r.Method == "GET" {
			wantStatus = http.StatusSeeOther
		}
		if w.Code != wantStatus {
			t.Errorf("%s %s signed out: status %d, want %d", c.pattern, c.name, w.Code, wantStatus)
		}
	}
}
