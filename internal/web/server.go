// Package web is rotaguard's web app and JSON API: server-rendered pages
// (html/template, htmx for in-place rota edits) and /api/v1 with its
// OpenAPI document, on the standard library's ServeMux.
//
// Every route is a handler that returns an error; wrap turns the error
// into a response and one log line, with roster.Error codes mapped to HTTP
// status in statusOf. Every route names the access it needs through
// authorize, which asks auth.Can: there are no other access checks.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// Config configures a Server.
type Config struct {
	Store  store.Store
	Logger *slog.Logger
	// SecureCookies marks the session cookie Secure even when the request
	// did not arrive over TLS (behind a TLS-terminating proxy).
	SecureCookies bool
	// Now is the clock (sessions, rate limiting, default rota week); time.Now if nil.
	Now func() time.Time
}

// Server is the web app. Build it with New; it is safe for concurrent use.
type Server struct {
	st       store.Store
	log      *slog.Logger
	secure   bool
	now      func() time.Time
	sessions *auth.Sessions
	limiter  *auth.Limiter
	views    *views
	static   *staticFiles
	routes   []route
	mux      *http.ServeMux
	handler  http.Handler
	drafts   draftState // draft rota jobs (draft.go)
}

// New parses the templates (failing if any view is missing), hashes the
// static assets and registers every route.
func New(cfg Config) (*Server, error) {
	s := &Server{st: cfg.Store, log: cfg.Logger, secure: cfg.SecureCookies, now: cfg.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.sessions = &auth.Sessions{Store: cfg.Store, Now: s.now}
	s.limiter = auth.NewLimiter(s.now)
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.views, err = parseViews(s.static); err != nil {
		return nil, err
	}
	s.mux = http.NewServeMux()
	s.routes = s.routeTable()
	for _, rt := range s.routes {
		s.mux.Handle(rt.pattern, s.wrap(rt))
	}
	// Cross-origin protection for every unsafe request (Sec-Fetch-Site /
	// Origin), on top of the per-session CSRF token checked in wrap.
	s.handler = http.NewCrossOriginProtection().Handler(s.mux)
	return s, nil
}

// ServeHTTP serves the app.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Patterns lists every registered route pattern (for tests and docs).
func (s *Server) Patterns() []string {
	out := make([]string, len(s.routes))
	for i, rt := range s.routes {
		out[i] = rt.pattern
	}
	return out
}

// Sweep deletes expired sessions; the serve command calls it periodically.
func (s *Server) Sweep(ctx context.Context) error {
	return s.st.DeleteExpiredSessions(ctx, s.now().UTC())
}

// route is one registered pattern.
type route struct {
	pattern string
	public  bool // reachable without signing in
	anon    bool // never looks at the session (static files, health): no database work
	h       handlerFunc
}

func (s *Server) routeTable() []route {
	rts := []route{
		// Static assets and sign-in.
		{pattern: "GET /static/{hash}/{path...}", public: true, anon: true, h: s.serveStatic},
		{pattern: "GET /signin", public: true, h: s.signinPage},
		{pattern: "POST /signin", public: true, h: s.signinSubmit},
		{pattern: "POST /signout", h: s.signout},
		{pattern: "GET /healthz", public: true, anon: true, h: s.healthz},
		// Everything else: a 404 page (or JSON under /api/).
		{pattern: "/", public: true, h: s.notFound},

		// Pages.
		{pattern: "GET /{$}", h: s.overviewPage},
		{pattern: "GET /doctors", h: s.doctorsPage},
		{pattern: "GET /doctors/new", h: s.doctorNewPage},
		{pattern: "POST /doctors", h: s.doctorCreate},
		{pattern: "GET /doctors/{id}", h: s.doctorPage},
		{pattern: "GET /doctors/{id}/edit", h: s.doctorEditPage},
		{pattern: "POST /doctors/{id}", h: s.doctorUpdate},
		{pattern: "POST /doctors/{id}/delete", h: s.doctorDelete},
		{pattern: "POST /doctors/{id}/union", h: s.unionUpdate},
		{pattern: "GET /doctors/{id}/rota.ics", h: s.doctorCalendar},
		{pattern: "GET /departments", h: s.departmentsPage},
		{pattern: "GET /departments/new", h: s.departmentNewPage},
		{pattern: "POST /departments", h: s.departmentCreate},
		{pattern: "GET /departments/{id}/edit", h: s.departmentEditPage},
		{pattern: "POST /departments/{id}", h: s.departmentUpdate},
		{pattern: "POST /departments/{id}/delete", h: s.departmentDelete},
		{pattern: "GET /departments/{id}/rota", h: s.rotaPage},
		{pattern: "GET /departments/{id}/rota/cell", h: s.rotaCellForm},
		{pattern: "POST /departments/{id}/rota/cell", h: s.rotaCellSave},
		{pattern: "GET /assignments/new", h: s.assignmentNewPage},
		{pattern: "POST /assignments", h: s.assignmentCreate},
		{pattern: "GET /assignments/{id}/edit", h: s.assignmentEditPage},
		{pattern: "POST /assignments/{id}", h: s.assignmentUpdate},
		{pattern: "POST /assignments/{id}/delete", h: s.assignmentDelete},
		{pattern: "GET /audit", h: s.auditPage},

		// JSON API.
		{pattern: "GET /api/v1/openapi.json", public: true, anon: true, h: s.apiOpenAPI},
		{pattern: "POST /api/v1/session", public: true, h: s.apiSignIn},
		{pattern: "DELETE /api/v1/session", h: s.apiSignOut},
		{pattern: "GET /api/v1/me", h: s.apiMe},
		{pattern: "GET /api/v1/overview", h: s.apiOverview},
		{pattern: "GET /api/v1/doctors", h: s.apiListDoctors},
		{pattern: "POST /api/v1/doctors", h: s.apiCreateDoctor},
		{pattern: "GET /api/v1/doctors/{id}", h: s.apiGetDoctor},
		{pattern: "PUT /api/v1/doctors/{id}", h: s.apiUpdateDoctor},
		{pattern: "DELETE /api/v1/doctors/{id}", h: s.doctorDelete},
		{pattern: "GET /api/v1/doctors/{id}/union", h: s.apiGetUnion},
		{pattern: "PUT /api/v1/doctors/{id}/union", h: s.apiSetUnion},
		{pattern: "GET /api/v1/departments", h: s.apiListDepartments},
		{pattern: "POST /api/v1/departments", h: s.apiCreateDepartment},
		{pattern: "GET /api/v1/departments/{id}", h: s.apiGetDepartment},
		{pattern: "PUT /api/v1/departments/{id}", h: s.apiUpdateDepartment},
		{pattern: "DELETE /api/v1/departments/{id}", h: s.departmentDelete},
		{pattern: "GET /api/v1/departments/{id}/shift-types", h: s.apiListShiftTypes},
		{pattern: "GET /api/v1/assignments", h: s.apiListAssignments},
		{pattern: "POST /api/v1/assignments", h: s.apiCreateAssignment},
		{pattern: "GET /api/v1/assignments/{id}", h: s.apiGetAssignment},
		{pattern: "PUT /api/v1/assignments/{id}", h: s.apiUpdateAssignment},
		{pattern: "DELETE /api/v1/assignments/{id}", h: s.assignmentDelete},
		{pattern: "GET /api/v1/audit", h: s.apiListAudit},
	}
	// Each capability's pages and API routes live beside its handlers.
	rts = append(rts, s.complianceRoutes()...)
	rts = append(rts, s.payRoutes()...)
	rts = append(rts, s.draftRoutes()...)
	return rts
}

// authorize is the one access check every handler makes: it asks
// auth.Can and turns a refusal into a roster.Forbidden error.
func authorize(u roster.User, a auth.Action, t auth.Target) error {
	if auth.Can(u, a, t) {
		return nil
	}
	return roster.Errorf(roster.Forbidden, "you do not have access to this")
}
