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
	}
}
