package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/rotaguard/rotaguard/internal/roster"
)

func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openapiJSON)
	if err != nil {
		t.Fatalf("loading openapi.json: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI 3 document: %v", err)
	}
	return doc
}

// apiRoutes are the registered /api/v1 routes as "METHOD /path" with the
// /api/v1 prefix removed (the document's server URL).
func apiRoutes(s *Server) map[string]bool {
	out := map[string]bool{}
	for _, p := range s.Patterns() {
		method, path, _ := strings.Cut(p, " ")
		if rest, ok := strings.CutPrefix(path, "/api/v1"); ok {
			out[method+" "+rest] = true
		}
	}
	return out
}

// TestOpenAPIMatchesRoutes checks that every /api/v1 route is documented
// and every documented operation is a route.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	f := newFixture(t)
	routes := apiRoutes(f.srv)
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	for r := range routes {
		if !documented[r] {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for d := range documented {
		if !routes[d] {
			t.Errorf("openapi.json documents %s, which is not a route", d)
		}
	}
	if len(routes) < 20 {
		t.Errorf("only %d API routes found", len(routes))
	}
}

// checkResponse validates a recorded API response against the document:
// the status must be documented for the operation and the body must match
// its schema.
func checkResponse(t *testing.T, doc *openapi3.T, pattern string, w *httptest.ResponseRecorder) {
	t.Helper()
	method, path, _ := strings.Cut(pattern, " ")
	path = strings.TrimPrefix(path, "/api/v1")
	item := doc.Paths.Find(path)
	if item == nil {
		t.Errorf("%s: path not documented", pattern)
		return
	}
	op := item.GetOperation(method)
	if op == nil {
		t.Errorf("%s: operation not documented", pattern)
		return
	}
	ref := op.Responses.Status(w.Code)
	if ref == nil || ref.Value == nil {
		t.Errorf("%s: status %d not documented\n%s", pattern, w.Code, w.Body.String())
		return
	}
	mt := ref.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		if w.Body.Len() > 0 {
			t.Errorf("%s: status %d documents no body but got %q", pattern, w.Code, w.Body.String())
		}
		return
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: content type %q", pattern, ct)
	}
	var body any
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Errorf("%s: body is not JSON: %v", pattern, err)
		return
	}
	if err := mt.Schema.Value.VisitJSON(body); err != nil {
		t.Errorf("%s: status %d body does not match the schema: %v\n%.500s", pattern, w.Code, err, w.Body.String())
	}
}

// TestOpenAPIResponses records every API route's responses for every role
// (successes and refusals) plus error cases, and validates each against
// the document.
func TestOpenAPIResponses(t *testing.T) {
	doc := loadOpenAPI(t)
	f := newFixture(t)
	n := 0
	for _, c := range accessCases() {
		if !strings.Contains(c.pattern, " /api/v1/") {
			continue
		}
		for _, role := range roster.Roles {
			w := httptest.NewRecorder()
			f.srv.ServeHTTP(w, c.req(t, f, role))
			checkResponse(t, doc, c.pattern, w)
			n++
		}
	}
	// Error shapes: invalid input, not found, conflict, signed out.
	errCases := []struct {
		pattern, method, target, body string
		role                          roster.Role
		status                        int
	}{
		{"POST /api/v1/doctors", "POST", "/api/v1/doctors", `{"department_id":` + id(f.deptA.ID) + `,"gmc":"12","grade":"XX","contract":{"kind":"tcs2016"},"ltft_percent":150}`, roster.RoleAdmin, 400},
		{"POST /api/v1/doctors", "POST", "/api/v1/doctors", `{"nonsense":1}`, roster.RoleAdmin, 400},
		{"GET /api/v1/doctors/{id}", "GET", "/api/v1/doctors/999999", "", roster.RoleAdmin, 404},
		{"GET /api/v1/doctors/{id}", "GET", "/api/v1/doctors/abc", "", roster.RoleAdmin, 400},
		{"DELETE /api/v1/doctors/{id}", "DELETE", "/api/v1/doctors/" + id(f.docB1.ID) + "?version=999", "", roster.RoleAdmin, 409},
		{"GET /api/v1/assignments", "GET", "/api/v1/assignments", "", roster.RoleAdmin, 400},
		{"GET /api/v1/doctors", "GET", "/api/v1/doctors?grade=ZZ&limit=-1", "", roster.RoleWorkforce, 400},
		{"GET /api/v1/me", "GET", "/api/v1/me", "", "", 401},
		{"GET /api/v1/overview", "GET", "/api/v1/overview?scope=national", "", roster.RoleAdmin, 200},
	}
	for _, ec := range errCases {
		var r *http.Request
		if ec.body != "" {
			r = f.request(ec.role, ec.method, ec.target, strings.NewReader(ec.body))
		} else {
			r = f.request(ec.role, ec.method, ec.target, nil)
		}
		w := httptest.NewRecorder()
		f.srv.ServeHTTP(w, r)
		if w.Code != ec.status {
			t.Errorf("%s %s: status %d, want %d: %s", ec.method, ec.target, w.Code, ec.status, w.Body.String())
		}
		checkResponse(t, doc, ec.pattern, w)
		n++
	}
	// The invalid doctor reports every bad field at once.
	w := f.do(roster.RoleAdmin, "POST", "/api/v1/doctors", strings.NewReader(errCases[0].body))
	var e apiError
	must(t, json.Unmarshal(w.Body.Bytes(), &e))
	fields := map[string]bool{}
	for _, d := range e.Error.Details {
		fields[d.Field] = true
	}
	for _, want := range []string{"gmc", "grade", "nodal_point", "ltft_percent", "name"} {
		if !fields[want] {
			t.Errorf("invalid doctor: no error for field %s in %+v", want, e.Error.Details)
		}
	}
	t.Logf("validated %d recorded responses", n)
}
