package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// Requirements: derived from the templates and said so until the
// department has its own; the form stores them; bad cells are refused
// with every problem named and nothing stored.
func TestRequirementsForm(t *testing.T) {
	f := newFixture(t)
	ctx := sysCtx(t)
	tpl := roster.RotaTemplate{DepartmentID: f.deptA.ID, Name: "Two-line", Weeks: 1, Lines: [][]string{
		{"E", "E", "E", "E", "E", "", ""}, {"N", "N", "N", "N", "", "", ""}}}
	must(t, f.st.CreateTemplate(ctx, &tpl))
	w := f.do(roster.RoleLead, "GET", "/api/v1/departments/"+id(f.deptA.ID)+"/requirements", nil)
	var body requirementsBody
	must(t, json.Unmarshal(w.Body.Bytes(), &body))
	if !body.Derived || len(body.Requirements) != 9 {
		t.Fatalf("derived requirements: %+v", body)
	}
	page := f.do(roster.RoleLead, "GET", "/departments/"+id(f.deptA.ID)+"/requirements", nil).Body.String()
	early := id(f.early.ID)
	if !strings.Contains(page, "derived from its rota templates") || !strings.Contains(page, `name="min_`+early+`_1" value="1"`) {
		t.Errorf("form does not show the derived requirements")
	}
	if lp := f.do(roster.RoleLead, "GET", "/departments/"+id(f.deptA.ID)+"/drafts", nil).Body.String(); !strings.Contains(lp, "derived from its rota templates") {
		t.Errorf("drafts page does not say the requirements are derived")
	}
	// Save: two early shifts on Saturday (at most 3), weights 50/2.
	w = f.do(roster.RoleLead, "POST", "/departments/"+id(f.deptA.ID)+"/requirements",
		form("min_"+early+"_6", "2", "max_"+early+"_6", "3", "under_"+early, "50", "over_"+early, "2"))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", w.Code, w.Body)
	}
	got, err := f.st.ListRequirements(ctx, f.deptA.ID)
	must(t, err)
	if len(got) != 1 || got[0].Weekday != time.Saturday || got[0].Min != 2 || got[0].Max != 3 || got[0].WeightUnder != 50 || got[0].WeightOver != 2 {
		t.Errorf("stored %+v", got)
	}
	// Bad: max under min, and a word for a number.
	w = f.do(roster.RoleLead, "POST", "/departments/"+id(f.deptA.ID)+"/requirements",
		form("min_"+early+"_1", "3", "max_"+early+"_1", "2", "min_"+early+"_2", "two", "under_"+early, "100", "over_"+early, "1"))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "is not a whole number") {
		t.Errorf("bad form: %d", w.Code)
	}
	if again, _ := f.st.ListRequirements(ctx, f.deptA.ID); len(again) != 1 {
		t.Errorf("a refused form changed the requirements: %+v", again)
	}
	w = f.do(roster.RoleLead, "POST", "/departments/"+id(f.deptA.ID)+"/requirements",
		form("min_"+early+"_1", "3", "max_"+early+"_1", "2", "under_"+early, "100", "over_"+early, "1"))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "at least the minimum") {
		t.Errorf("max under min: %d", w.Code)
	}
}

// A doctor's request recorded through the API is honoured by the draft.
func TestRequestHonoured(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.srv.CloseDrafts)
	quickDrafts(t, f)
	wed := draftFrom.AddDays(2)
	// Ask for Amara off on Wednesday (through the drafts page's form),
	// and Ben on the early shift that day (through the API).
	w := f.do(roster.RoleLead, "POST", "/departments/"+id(f.deptA.ID)+"/requests",
		form("doctor_id", id(f.docA1.ID), "date", wed.String(), "want", "off", "weight", "50", "note", "graduation"))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("request form: %d %s", w.Code, w.Body)
	}
	b := `{"doctor_id":` + id(f.docA2.ID) + `,"date":"` + wed.String() + `","shift_type_id":` + id(f.early.ID) + `,"on":true,"weight":50}`
	if w := f.do(roster.RoleLead, "POST", "/api/v1/departments/"+id(f.deptA.ID)+"/requests", strings.NewReader(b)); w.Code != http.StatusCreated {
		t.Fatalf("request: %d %s", w.Code, w.Body)
	}
	page := f.do(roster.RoleLead, "GET", "/departments/"+id(f.deptA.ID)+"/drafts", nil).Body.String()
	if !strings.Contains(page, "graduation") || !strings.Contains(page, "work E") {
		t.Errorf("drafts page does not list the requests")
	}
	// A doctor of another department is refused, with the field named.
	if w := f.do(roster.RoleLead, "POST", "/departments/"+id(f.deptA.ID)+"/requests",
		form("doctor_id", id(f.docB1.ID), "date", wed.String(), "want", "off")); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "is not in Acute Medicine") {
		t.Errorf("request for another department's doctor: %d", w.Code)
	}
	w = f.do(roster.RoleLead, "GET", "/api/v1/departments/"+id(f.deptA.ID)+"/requests?from="+draftFrom.String()+"&to="+draftFrom.AddDays(7).String(), nil)
	var list struct{ Requests []roster.Request }
	must(t, json.Unmarshal(w.Body.Bytes(), &list))
	if len(list.Requests) != 2 {
		t.Fatalf("requests listed: %+v", list)
	}
	// A wish to work needs a shift type of the department.
	bad := f.do(roster.RoleLead, "POST", "/api/v1/departments/"+id(f.deptA.ID)+"/requests",
		strings.NewReader(`{"doctor_id":`+id(f.docA2.ID)+`,"date":"`+wed.String()+`","on":true}`))
	if bad.Code != http.StatusBadRequest || !strings.Contains(bad.Body.String(), "shift_type_id") {
		t.Errorf("on-request without a shift: %d %s", bad.Code, bad.Body)
	}
	d := doneDraft(t, f, f.deptA)
	v, err := f.srv.draftView(d)
	must(t, err)
	res := v.Result
	if res.Requests != 2 || res.RequestsRefused != 0 {
		t.Errorf("requests %d, refused %d", res.Requests, res.RequestsRefused)
	}
	var benWed bool
	for _, a := range res.Assigned {
		day := roster.DateOf(a.Start.In(roster.London))
		if a.DoctorID == f.docA1.ID && day == wed {
			t.Errorf("Amara drafted on the Wednesday she asked off")
		}
		benWed = benWed || a.DoctorID == f.docA2.ID && day == wed && a.ShiftTypeID == f.early.ID
	}
	if !benWed {
		t.Errorf("Ben not drafted on the early shift he asked for")
	}
}

// Every form on the draft pages carries the CSRF token, so that a plain
// browser post (no htmx header) is accepted.
func TestDraftFormsCarryCSRF(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.srv.CloseDrafts)
	d := doneDraft(t, f, f.deptA)
	tok := `name="csrf_token" value="` + f.sessions[roster.RoleLead].CSRFToken + `"`
	for _, path := range []string{"/departments/" + id(f.deptA.ID) + "/drafts", "/departments/" + id(f.deptA.ID) + "/requirements", "/drafts/" + id(d.ID)} {
		page := f.do(roster.RoleLead, "GET", path, nil).Body.String()
		main := page[strings.Index(page, "<main>"):]
		if strings.Contains(main, "flash error") {
			t.Errorf("%s shows an error: %.300s", path, main)
		}
		forms, toks := strings.Count(main, `<form method="post"`), strings.Count(main, tok)
		if forms == 0 || forms != toks {
			t.Errorf("%s: %d forms, %d carry the token", path, forms, toks)
		}
	}
	// A post with the token in the form and no header is accepted.
	r := f.request(roster.RoleLead, "POST", "/departments/"+id(f.deptA.ID)+"/drafts",
		form("csrf_token", f.sessions[roster.RoleLead].CSRFToken, "from", draftFrom.String(), "weeks", "1", "time_limit_seconds", "5"))
	r.Header.Del("X-CSRF-Token")
	w := httptest.NewRecorder()
	f.srv.ServeHTTP(w, r)
	if w.Code != http.StatusSeeOther {
		t.Errorf("form post with the token: %d %.300s", w.Code, w.Body)
	}
}
