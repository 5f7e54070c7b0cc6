package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/draft"
	"github.com/rotaguard/rotaguard/internal/roster"
)

// draftFrom is the first day of the drafts the tests generate: a Monday
// after the fixture's today (Wednesday 21 October 2026), so that the
// October clock change is inside a 2-week draft.
var draftFrom = roster.Date{Year: 2026, Month: time.October, Day: 19}

// quickDrafts makes f's drafts run inline with a tiny solver budget, and
// gives department A a cover requirement (an early shift on weekdays).
func quickDrafts(t testing.TB, f *fixture) {
	t.Helper()
	r, err := f.srv.runner(sysCtx(t))
	must(t, err)
	r.mu.Lock()
	r.inline = true
	r.opts = func(time.Duration) draft.Options { return draft.Options{MaxIters: 20000, Rounds: 2, Seed: 1} }
	r.mu.Unlock()
	reqs, err := f.st.ListRequirements(sysCtx(t), f.deptA.ID)
	must(t, err)
	if len(reqs) == 0 {
		for wd := time.Monday; wd <= time.Friday; wd++ {
			reqs = append(reqs, roster.Requirement{ShiftTypeID: f.early.ID, Weekday: wd, Min: 1, WeightUnder: 100, WeightOver: 1})
		}
		must(t, f.st.SetRequirements(sysCtx(t), f.deptA.ID, reqs))
	}
}

// backgroundDrafts is quickDrafts with drafts run as real background jobs
// (polled), as in the app; it returns the runner.
func backgroundDrafts(t testing.TB, f *fixture) *draftRunner {
	t.Helper()
	quickDrafts(t, f)
	r, err := f.srv.runner(sysCtx(t))
	must(t, err)
	r.mu.Lock()
	r.inline = false
	r.mu.Unlock()
	return r
}

// doneDraft generates a finished draft of dept as the admin.
func doneDraft(t testing.TB, f *fixture, dept roster.Department) roster.Draft {
	t.Helper()
	quickDrafts(t, f)
	ctx := roster.WithActor(sysCtx(t), roster.Actor{UserID: f.users[roster.RoleAdmin].ID, Username: "admin"})
	d, err := f.srv.startDraft(ctx, f.users[roster.RoleAdmin], dept, draftRequest{From: draftFrom, Weeks: 1, TimeLimitSec: 5})
	must(t, err)
	if d.Status != roster.DraftDone {
		t.Fatalf("draft %d is %s (%s), want done", d.ID, d.Status, d.Message)
	}
	return d
}

// draftAccessCases are the role × route cases of draftRoutes: admin,
// workforce (own organisation) and the department's lead; never a doctor
// or a national viewer.
func draftAccessCases() []accessCase {
	deptPage := func(dept func(f *fixture) roster.Department) func(t *testing.T, f *fixture, role roster.Role) *http.Request {
		return func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			quickDrafts(t, f)
			return f.request(role, "GET", "/departments/"+id(dept(f).ID)+"/drafts", nil)
		}
	}
	onDraft := func(method, suffix string, dept func(f *fixture) roster.Department) func(t *testing.T, f *fixture, role roster.Role) *http.Request {
		return func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			d := doneDraft(t, f, dept(f))
			var body *strings.Reader
			if method == "POST" && !strings.HasPrefix(suffix, "/api") {
				body = strings.NewReader("")
			}
			path := "/drafts/" + id(d.ID) + suffix
			if strings.HasPrefix(suffix, "/api") {
				path = "/api/v1/drafts/" + id(d.ID) + strings.TrimPrefix(suffix, "/api")
			}
			if body == nil {
				return f.request(role, method, path, nil)
			}
			return f.request(role, method, path, body)
		}
	}
	a := func(f *fixture) roster.Department { return f.deptA }
	b := func(f *fixture) roster.Department { return f.deptB }
	c := func(f *fixture) roster.Department { return f.deptC }
	create := func(dept func(f *fixture) roster.Department, api bool) func(t *testing.T, f *fixture, role roster.Role) *http.Request {
		return func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			quickDrafts(t, f)
			if api {
				return f.request(role, "POST", "/api/v1/departments/"+id(dept(f).ID)+"/drafts",
					strings.NewReader(`{"from":"`+draftFrom.String()+`","weeks":1,"time_limit_seconds":5}`))
			}
			return f.request(role, "POST", "/departments/"+id(dept(f).ID)+"/drafts",
				form("from", draftFrom.String(), "weeks", "1", "time_limit_seconds", "5"))
		}
	}
	return []accessCase{
		{pattern: "GET /departments/{id}/drafts", req: deptPage(a), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /departments/{id}/drafts", name: "department B", req: deptPage(b), want: want("AW", 200, "LDN", 403)},
		{pattern: "GET /departments/{id}/drafts", name: "other organisation", req: deptPage(c), want: want("A", 200, "WLDN", 403)},
		{pattern: "POST /departments/{id}/drafts", req: create(a, false), want: want("AWL", 303, "DN", 403)},
		{pattern: "POST /departments/{id}/drafts", name: "department B (no shift types)", req: create(b, false), want: want("AW", 400, "LDN", 403)},
		{pattern: "GET /drafts/{id}", req: onDraft("GET", "", a), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /drafts/{id}/progress", req: onDraft("GET", "/progress", a), want: want("AWL", 200, "DN", 403)},
		{pattern: "POST /drafts/{id}/accept", req: onDraft("POST", "/accept", a), want: want("AWL", 303, "DN", 403)},
		{pattern: "POST /drafts/{id}/discard", req: onDraft("POST", "/discard", a), want: want("AWL", 303, "DN", 403)},
		{pattern: "POST /api/v1/departments/{id}/drafts", req: create(a, true), want: want("AWL", 202, "DN", 403)},
		{pattern: "POST /api/v1/departments/{id}/drafts", name: "other organisation", req: create(c, true), want: want("A", 400, "WLDN", 403)},
		{pattern: "GET /api/v1/drafts/{id}", req: onDraft("GET", "/api", a), want: want("AWL", 200, "DN", 403)},
		{pattern: "POST /api/v1/drafts/{id}/accept", req: onDraft("POST", "/api/accept", a), want: want("AWL", 200, "DN", 403)},
		{pattern: "POST /api/v1/drafts/{id}/discard", req: onDraft("POST", "/api/discard", a), want: want("AWL", 200, "DN", 403)},

		{pattern: "GET /departments/{id}/requirements", req: get(func(f *fixture) string { return "/departments/" + id(f.deptA.ID) + "/requirements" }), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /departments/{id}/requirements", name: "department B", req: get(func(f *fixture) string { return "/departments/" + id(f.deptB.ID) + "/requirements" }), want: want("AW", 200, "LDN", 403)},
		{pattern: "POST /departments/{id}/requirements", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			wd := id(int64(time.Monday))
			return f.request(role, "POST", "/departments/"+id(f.deptA.ID)+"/requirements",
				form("min_"+id(f.early.ID)+"_"+wd, "1", "under_"+id(f.early.ID), "100", "over_"+id(f.early.ID), "1"))
		}, want: want("AWL", 303, "DN", 403)},
		{pattern: "GET /api/v1/departments/{id}/requirements", req: get(func(f *fixture) string { return "/api/v1/departments/" + id(f.deptA.ID) + "/requirements" }), want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /api/v1/departments/{id}/requirements", name: "other organisation", req: get(func(f *fixture) string { return "/api/v1/departments/" + id(f.deptC.ID) + "/requirements" }), want: want("A", 200, "WLDN", 403)},
		{pattern: "PUT /api/v1/departments/{id}/requirements", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			body := `{"requirements":[{"shift_type_id":` + id(f.early.ID) + `,"weekday":1,"min":1,"weight_under":100,"weight_over":1},` +
				`{"shift_type_id":` + id(f.early.ID) + `,"weekday":2,"min":1,"weight_under":100,"weight_over":1}]}`
			return f.request(role, "PUT", "/api/v1/departments/"+id(f.deptA.ID)+"/requirements", strings.NewReader(body))
		}, want: want("AWL", 200, "DN", 403)},
		{pattern: "GET /api/v1/departments/{id}/requests", req: get(func(f *fixture) string { return "/api/v1/departments/" + id(f.deptA.ID) + "/requests" }), want: want("AWL", 200, "DN", 403)},
		{pattern: "POST /api/v1/departments/{id}/requests", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			return f.request(role, "POST", "/api/v1/departments/"+id(f.deptA.ID)+"/requests",
				strings.NewReader(`{"doctor_id":`+id(f.docA2.ID)+`,"date":"2026-10-23","weight":20,"note":"wedding"}`))
		}, want: want("AWL", 201, "DN", 403)},
		{pattern: "POST /api/v1/departments/{id}/requests", name: "doctor of department B", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			return f.request(role, "POST", "/api/v1/departments/"+id(f.deptA.ID)+"/requests",
				strings.NewReader(`{"doctor_id":`+id(f.docB1.ID)+`,"date":"2026-10-23"}`))
		}, want: want("AWL", 400, "DN", 403)},
		{pattern: "POST /departments/{id}/requests", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			return f.request(role, "POST", "/departments/"+id(f.deptA.ID)+"/requests",
				form("doctor_id", id(f.docA1.ID), "date", "2026-10-27", "want", "off", "weight", "15", "note", "exam"))
		}, want: want("AWL", 303, "DN", 403)},
		{pattern: "POST /departments/{id}/requests", name: "department B", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			return f.request(role, "POST", "/departments/"+id(f.deptB.ID)+"/requests",
				form("doctor_id", id(f.docB1.ID), "date", "2026-10-27", "want", "off"))
		}, want: want("AW", 303, "LDN", 403)},
		{pattern: "POST /departments/{id}/requests/{request}/delete", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			q := roster.Request{DoctorID: f.docA1.ID, Date: draftFrom, Weight: 5}
			must(t, f.st.CreateRequest(sysCtx(t), &q))
			return f.request(role, "POST", "/departments/"+id(f.deptA.ID)+"/requests/"+id(q.ID)+"/delete", form("version", "1"))
		}, want: want("AWL", 303, "DN", 403)},
		{pattern: "DELETE /api/v1/departments/{id}/requests/{request}", req: func(t *testing.T, f *fixture, role roster.Role) *http.Request {
			q := roster.Request{DoctorID: f.docA1.ID, Date: draftFrom, Weight: 5}
			must(t, f.st.CreateRequest(sysCtx(t), &q))
			return f.request(role, "DELETE", "/api/v1/departments/"+id(f.deptA.ID)+"/requests/"+id(q.ID)+"?version=1", nil)
		}, want: want("AWL", 204, "DN", 403)},
	}
}
