package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

func TestSignInFormAndCookie(t *testing.T) {
	f := newFixture(t)
	for _, secure := range []bool{false, true} {
		f.srv.secure = secure
		w := f.do("", "POST", "/signin", form("username", "lead", "password", testPassword, "next", "/departments"))
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/departments" {
			t.Fatalf("sign-in: %d to %q", w.Code, w.Header().Get("Location"))
		}
		var ck *http.Cookie
		for _, c := range w.Result().Cookies() {
			if c.Name == cookieName {
				ck = c
			}
		}
		if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != secure || ck.Path != "/" {
			t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, Secure=%v", ck, secure)
		}
		if ck.MaxAge != 12*60*60 {
			t.Errorf("cookie Max-Age %d, want 43200", ck.MaxAge)
		}
		if got := ck.Expires.Sub(f.now); got != 12*time.Hour {
			t.Errorf("cookie expires after %v, want 12h", got)
		}
		r := httptest.NewRequest("GET", "/departments", nil)
		r.AddCookie(ck)
		w = httptest.NewRecorder()
		f.srv.ServeHTTP(w, r)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "Acute Medicine") {
			t.Errorf("with the new session: %d", w.Code)
		}
	}
	// Signing out ends the session and is audited.
	w0 := f.do("", "POST", "/signin", form("username", "national", "password", testPassword))
	var ck *http.Cookie
	for _, c := range w0.Result().Cookies() {
		ck = c
	}
	r := httptest.NewRequest("GET", "/api/v1/me", nil)
	r.AddCookie(ck)
	w1 := httptest.NewRecorder()
	f.srv.ServeHTTP(w1, r)
	var me struct {
		CSRFToken string `json:"csrf_token"`
	}
	must(t, json.Unmarshal(w1.Body.Bytes(), &me))
	r = httptest.NewRequest("POST", "/signout", form("csrf_token", me.CSRFToken))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(ck)
	w1 = httptest.NewRecorder()
	f.srv.ServeHTTP(w1, r)
	if w1.Code != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", w1.Code)
	}
	r = httptest.NewRequest("GET", "/api/v1/me", nil)
	r.AddCookie(ck)
	w1 = httptest.NewRecorder()
	f.srv.ServeHTTP(w1, r)
	if w1.Code != http.StatusUnauthorized {
		t.Errorf("the session works after sign-out: %d", w1.Code)
	}
	es, err := f.st.ListAudit(sysCtx(t), store.AuditFilter{Entity: "user", EntityID: f.users[roster.RoleNational].ID})
	must(t, err)
	actions := map[string]bool{}
	for _, e := range es {
		actions[e.Action] = true
	}
	if !actions["sign_in"] || !actions["sign_out"] {
		t.Errorf("audit of the national viewer: %v, want sign_in and sign_out", actions)
	}
	// Open redirects are refused.
	w := f.do("", "POST", "/signin", form("username", "lead", "password", testPassword, "next", "//evil.example/"))
	if loc := w.Header().Get("Location"); loc != "/" {
		t.Errorf("next=//evil.example/ redirected to %q, want /", loc)
	}
}

func TestSignInRateLimitOverHTTP(t *testing.T) {
	f := newFixture(t)
	for i := 1; i <= 5; i++ {
		w := f.do("", "POST", "/signin", form("username", "workforce", "password", "wrong"))
		if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "wrong username or password") {
			t.Fatalf("failure %d: %d", i, w.Code)
		}
	}
	w := f.do("", "POST", "/signin", form("username", "workforce", "password", testPassword))
	if w.Code != http.StatusTooManyRequests || !strings.Contains(w.Body.String(), "too many failed sign-ins: try again in 15 minute(s)") {
		t.Fatalf("sixth attempt: %d %s", w.Code, w.Body.String())
	}
	w = f.do("", "POST", "/api/v1/session", strings.NewReader(`{"username":"workforce","password":"`+testPassword+`"}`))
	if w.Code != http.StatusTooManyRequests {
		t.Errorf("API sign-in while limited: %d", w.Code)
	}
	f.now = f.now.Add(15*time.Minute - time.Minute)
	if w := f.do("", "POST", "/signin", form("username", "workforce", "password", testPassword)); w.Code != http.StatusTooManyRequests {
		t.Errorf("14 min later: %d, want 429", w.Code)
	}
	f.now = f.now.Add(time.Minute)
	if w := f.do("", "POST", "/signin", form("username", "workforce", "password", testPassword)); w.Code != http.StatusSeeOther {
		t.Errorf("15 min later: %d, want 303", w.Code)
	}
}

func TestCSRF(t *testing.T) {
	f := newFixture(t)
	target := "/departments/" + id(f.deptA.ID) + "/rota/cell"
	body := "doctor=" + id(f.docA2.ID) + "&date=2026-10-22&shift_type=" + id(f.early.ID) + "&ids="
	tests := []struct {
		name   string
		edit   func(r *http.Request)
		status int
	}{
		{"no token", func(r *http.Request) { r.Header.Del("X-CSRF-Token") }, 403},
		{"wrong token", func(r *http.Request) { r.Header.Set("X-CSRF-Token", f.sessions[roster.RoleAdmin].CSRFToken) }, 403},
		{"cross-site", func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }, 403},
		{"other origin", func(r *http.Request) { r.Header.Del("Sec-Fetch-Site"); r.Header.Set("Origin", "https://evil.example") }, 403},
		{"token in form field", func(r *http.Request) {
			r.Header.Del("X-CSRF-Token")
			r.Body = http.NoBody
			*r = *httptest.NewRequest("POST", target, strings.NewReader(body+"&csrf_token="+f.sessions[roster.RoleLead].CSRFToken))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.AddCookie(&http.Cookie{Name: cookieName, Value: f.tokens[roster.RoleLead]})
		}, 200},
		{"header token", func(r *http.Request) {}, 200},
	}
	for _, tt := range tests {
		r := f.request(roster.RoleLead, "POST", target, strings.NewReader(body))
		tt.edit(r)
		w := httptest.NewRecorder()
		f.srv.ServeHTTP(w, r)
		if w.Code != tt.status {
			t.Errorf("%s: %d, want %d: %.200s", tt.name, w.Code, tt.status, w.Body.String())
		}
		if tt.status == 200 {
			// Clear the cell again for the next case.
			d, _ := roster.ParseDate("2026-10-22")
			cl, err := f.srv.readCell(sysCtx(t), f.st, f.deptA.ID, f.docA2.ID, d, nil)
			must(t, err)
			for _, a := range cl.as {
				must(t, f.st.DeleteAssignment(sysCtx(t), a.ID, a.Version))
			}
		}
	}
}

func TestSessionExpiresOverHTTP(t *testing.T) {
	f := newFixture(t)
	t0 := f.now
	// The lead makes no request for 12 hours: signed out.
	f.now = t0.Add(12*time.Hour - time.Minute)
	if w := f.do(roster.RoleWorkforce, "GET", "/", nil); w.Code != 200 {
		t.Fatalf("11h59 after sign-in: %d", w.Code)
	} else if ck := w.Result().Cookies(); len(ck) != 1 || ck[0].MaxAge != 12*60*60 {
		t.Errorf("the session cookie is not extended: %v", ck)
	}
	f.now = t0.Add(12 * time.Hour)
	w := f.do(roster.RoleLead, "GET", "/doctors?grade=FY1", nil)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/signin?next=%2Fdoctors%3Fgrade%3DFY1" {
		t.Errorf("12h idle: %d to %q", w.Code, w.Header().Get("Location"))
	}
	if w := f.do(roster.RoleLead, "GET", "/api/v1/me", nil); w.Code != http.StatusUnauthorized {
		t.Errorf("API 12h idle: %d", w.Code)
	}
	// The workforce manager was active at 11h59: still signed in until 24h after sign-in.
	f.now = t0.Add(24*time.Hour - 2*time.Minute) // one minute inside the extended idle expiry
	if w := f.do(roster.RoleWorkforce, "GET", "/api/v1/me", nil); w.Code != 200 {
		t.Errorf("active session at 23h58: %d", w.Code)
	}
	f.now = t0.Add(24 * time.Hour)
	if w := f.do(roster.RoleWorkforce, "GET", "/api/v1/me", nil); w.Code != http.StatusUnauthorized {
		t.Errorf("active session at 24h: %d, want 401 (maximum age)", w.Code)
	}
}

func TestRotaGrid(t *testing.T) {
	f := newFixture(t)
	sat := roster.Date{Year: 2026, Month: 10, Day: 24} // night over the October clock change
	night := f.newAssignment(t, f.docA2, f.night, sat)
	if got := night.Minutes(); got != 13*60+30 {
		t.Fatalf("night over the clock change lasts %d min, want 810", got)
	}
	f.newAssignment(t, f.docA1, f.early, roster.Date{Year: 2026, Month: 10, Day: 19})
	w := f.do(roster.RoleLead, "GET", "/departments/"+id(f.deptA.ID)+"/rota", nil)
	if w.Code != 200 {
		t.Fatalf("rota: %d", w.Code)
	}
	body := w.Body.String()
	// f.now is Wednesday 21 October 2026: the grid starts on Monday 19th.
	for _, want := range []string{
		"Mon 19 Oct – Sun 15 Nov",
		`href="?from=2026-10-12"`, `href="?from=2026-10-26"`,
		"Amara Okafor", "Ben Hughes",
		`id="c-` + id(f.docA2.ID) + `-2026-10-24"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("rota lacks %q", want)
		}
	}
	// The night's cell is Saturday 24th (its London start day), coloured.
	cellRe := regexp.MustCompile(`(?s)<td class="cell[^"]*" id="c-` + id(f.docA2.ID) + `-2026-10-24".*?</td>`)
	cell := cellRe.FindString(body)
	if !strings.Contains(cell, `background: #1f2a5a; color: #fff">N</span>`) || !strings.Contains(cell, "Night 21:00–09:30") {
		t.Errorf("night cell: %s", cell)
	}
	if c := regexp.MustCompile(`(?s)id="c-` + id(f.docA2.ID) + `-2026-10-25".*?</td>`).FindString(body); strings.Contains(c, ">N<") {
		t.Errorf("the night shows on Sunday too: %s", c)
	}
	// Doctors of department B are not on A's grid; ?from and bad input.
	if strings.Contains(body, "Chloe Singh") {
		t.Error("a doctor of department B is on A's rota")
	}
	w = f.do(roster.RoleLead, "GET", "/departments/"+id(f.deptA.ID)+"/rota?from=2026-10-26&weeks=1", nil)
	if !strings.Contains(w.Body.String(), "Mon 26 Oct – Sun 1 Nov") || strings.Contains(w.Body.String(), "Night 21:00") {
		t.Errorf("?from=2026-10-26&weeks=1: wrong range or the night of the 24th shows")
	}
	for _, q := range []string{"?from=2026-13-01", "?weeks=9", "?weeks=x"} {
		if w := f.do(roster.RoleLead, "GET", "/departments/"+id(f.deptA.ID)+"/rota"+q, nil); w.Code != 400 {
			t.Errorf("rota%s: %d, want 400", q, w.Code)
		}
	}
	if !strings.Contains(body, "print.css") || !strings.Contains(body, `media="print"`) {
		t.Error("no print stylesheet")
	}
}

func TestRotaCellEdit(t *testing.T) {
	f := newFixture(t)
	base := "/departments/" + id(f.deptA.ID) + "/rota/cell"
	q := "?doctor=" + id(f.docA2.ID) + "&date=2026-10-22"
	w := f.do(roster.RoleLead, "GET", base+q, nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `<select name="shift_type"`) || !strings.Contains(w.Body.String(), "N Night") {
		t.Fatalf("cell form: %d %s", w.Code, w.Body.String())
	}
	save := func(stID roster.ID, ids string) string {
		st := ""
		if stID != 0 {
			st = id(stID)
		}
		w := f.do(roster.RoleLead, "POST", base, form("doctor", id(f.docA2.ID), "date", "2026-10-22", "shift_type", st, "ids", ids))
		if w.Code != 200 {
			t.Fatalf("save: %d %s", w.Code, w.Body.String())
		}
		return w.Body.String()
	}
	cellState := func() []roster.Assignment {
		as, err := f.st.ListAssignments(sysCtx(t), store.AssignmentFilter{DoctorID: f.docA2.ID})
		must(t, err)
		return as
	}
	// Empty → Early.
	out := save(f.early.ID, "")
	if !strings.Contains(out, ">E</span>") || !strings.HasPrefix(out, "<td") {
		t.Errorf("after setting Early: %s", out)
	}
	as := cellState()
	if len(as) != 1 || as[0].ShiftTypeID != f.early.ID || roster.FormatLocal(as[0].Start) != "2026-10-22T08:00" || roster.FormatLocal(as[0].End) != "2026-10-22T16:30" {
		t.Fatalf("stored: %+v", as)
	}
	// A stale form (opened before the change) is refused and shows the latest.
	out = save(f.night.ID, "")
	if !strings.Contains(out, "changed by someone else") || !strings.Contains(out, ">E</span>") {
		t.Errorf("stale save: %s", out)
	}
	// Early → Night with the current fingerprint.
	fp := id(as[0].ID) + ":" + id(as[0].Version)
	out = save(f.night.ID, fp)
	as = cellState()
	if len(as) != 1 || as[0].ShiftTypeID != f.night.ID || !strings.Contains(out, ">N</span>") {
		t.Fatalf("after Night: %+v %s", as, out)
	}
	// Night → none deletes it.
	save(0, id(as[0].ID)+":"+id(as[0].Version))
	if as := cellState(); len(as) != 0 {
		t.Errorf("after clearing: %+v", as)
	}
	// A shift type of another department is refused.
	other := roster.ShiftType{DepartmentID: f.deptB.ID, Code: "X", Name: "Other", StartMinute: 0, LengthMinutes: 60, Kind: roster.Work, Colour: "#000"}
	must(t, f.st.CreateShiftType(sysCtx(t), &other))
	w = f.do(roster.RoleLead, "POST", base, form("doctor", id(f.docA2.ID), "date", "2026-10-22", "shift_type", id(other.ID), "ids", ""))
	if w.Code != 400 {
		t.Errorf("foreign shift type: %d", w.Code)
	}
	// The changes are in the audit log with the lead as actor.
	entries, err := f.st.ListAudit(sysCtx(t), store.AuditFilter{Entity: "assignment"})
	must(t, err)
	n := 0
	for _, e := range entries {
		if e.Actor == "lead" {
			n++
		}
	}
	if n < 3 {
		t.Errorf("%d audit entries by the lead for assignments, want at least 3 (create, update, delete)", n)
	}
}

func TestNationalSeesNoNames(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/", "/api/v1/overview"} {
		w := f.do(roster.RoleNational, "GET", path, nil)
		if w.Code != 200 {
			t.Fatalf("%s: %d", path, w.Code)
		}
		body := w.Body.String()
		for _, d := range []roster.Doctor{f.docA1, f.docA2, f.docB1, f.docC1} {
			if strings.Contains(body, d.FamilyName) || strings.Contains(body, d.GMC) {
				t.Errorf("%s shows %s to a national viewer", path, d.Name())
			}
		}
		for _, want := range []string{"Riverside NHS Trust", "Hillside NHS Trust"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
	}
	w := f.do(roster.RoleNational, "GET", "/api/v1/overview", nil)
	if !strings.Contains(w.Body.String(), `"total": 4`) || !strings.Contains(w.Body.String(), `"scope": "national"`) {
		t.Errorf("national overview: %s", w.Body.String())
	}
}

func TestOverviewCounts(t *testing.T) {
	f := newFixture(t)
	w := f.do(roster.RoleWorkforce, "GET", "/", nil)
	body := w.Body.String()
	if !strings.Contains(body, "3 doctors in 2 departments") {
		t.Errorf("overview: %s", body)
	}
	if strings.Contains(body, "Hillside") {
		t.Error("workforce sees another organisation")
	}
	if !strings.Contains(body, `chart-4.6.1.umd.min.js`) || !strings.Contains(body, `data-chart="{&#34;labels&#34;:[&#34;2016 terms&#34;],&#34;values&#34;:[3]}"`) {
		t.Errorf("no chart data: %s", body)
	}
}

func TestUnionReadsAudited(t *testing.T) {
	f := newFixture(t)
	count := func() int {
		es, err := f.st.ListAudit(sysCtx(t), store.AuditFilter{Entity: "union_membership"})
		must(t, err)
		n := 0
		for _, e := range es {
			if e.Action == "read" {
				n++
			}
		}
		return n
	}
	before := count()
	w := f.do(roster.RoleLead, "GET", "/doctors/"+id(f.docA2.ID), nil)
	if !strings.Contains(w.Body.String(), "<dt>Union</dt><dd>BMA") {
		t.Errorf("lead with CanSeeUnion does not see the union")
	}
	if got := count(); got != before+1 {
		t.Errorf("union reads audited %d, want %d", got, before+1)
	}
	w = f.do(roster.RoleWorkforce, "GET", "/doctors/"+id(f.docA2.ID), nil)
	if strings.Contains(w.Body.String(), "Union") || strings.Contains(w.Body.String(), "BMA") {
		t.Error("workforce without CanSeeUnion sees union membership")
	}
	if got := count(); got != before+1 {
		t.Errorf("a page without the union wrote a read audit")
	}
}

func TestDoctorFormErrorsAndAudit(t *testing.T) {
	f := newFixture(t)
	w := f.do(roster.RoleWorkforce, "POST", "/doctors", form("given_name", "", "family_name", "", "gmc", "12ab", "grade", "ST3",
		"contract", "newdeal2002", "band", "9Z", "ltft_percent", "0", "department_id", id(f.deptA.ID), "rotation_start", "2026-09-01", "rotation_end", "2026-08-01"))
	body := w.Body.String()
	if w.Code != 400 {
		t.Fatalf("invalid doctor: %d", w.Code)
	}
	for _, want := range []string{"a doctor needs a name", "GMC number &#34;12ab&#34; must be 7 digits", "band &#34;9Z&#34;", "rotation ends (2026-08-01) before it starts (2026-09-01)"} {
		if !strings.Contains(body, want) {
			t.Errorf("form lacks error %q", want)
		}
	}
	// A duplicate GMC number is a conflict shown on the form.
	w = f.do(roster.RoleWorkforce, "POST", "/doctors", form("given_name", "Dup", "gmc", f.docA1.GMC, "grade", "FY1",
		"contract", "tcs2016", "nodal_point", "1", "ltft_percent", "100", "department_id", id(f.deptA.ID)))
	if w.Code != 409 {
		t.Errorf("duplicate GMC: %d", w.Code)
	}
	// An edit is in the admin's audit log with before and after.
	d := f.docB1
	w = f.do(roster.RoleWorkforce, "POST", "/doctors/"+id(d.ID), form("given_name", "Chloe", "family_name", "Singh-Barnes", "gmc", d.GMC,
		"grade", "CT2", "contract", "tcs2016", "nodal_point", "3", "ltft_percent", "60", "department_id", id(d.DepartmentID), "version", id(d.Version)))
	if w.Code != 303 {
		t.Fatalf("edit: %d %s", w.Code, w.Body.String())
	}
	// Editing again with the old version is refused.
	w = f.do(roster.RoleWorkforce, "POST", "/doctors/"+id(d.ID), form("given_name", "Chloe", "family_name", "X", "gmc", d.GMC,
		"grade", "CT2", "contract", "tcs2016", "nodal_point", "3", "ltft_percent", "60", "department_id", id(d.DepartmentID), "version", id(d.Version)))
	if w.Code != 409 || !strings.Contains(w.Body.String(), "flash error") {
		t.Errorf("stale edit: %d", w.Code)
	}
	w = f.do(roster.RoleAdmin, "GET", "/audit?entity=doctor&entity_id="+id(d.ID), nil)
	body = w.Body.String()
	if !strings.Contains(body, "workforce") || !strings.Contains(body, "Singh-Barnes") || !strings.Contains(body, "<h4>Before</h4>") {
		t.Errorf("audit page lacks the edit: %s", body)
	}
}

func TestDoctorSeesOwnRotaOnly(t *testing.T) {
	f := newFixture(t)
	f.newAssignment(t, f.docA1, f.night, roster.Date{Year: 2026, Month: 10, Day: 20})
	w := f.do(roster.RoleDoctor, "GET", "/", nil)
	if w.Code != 303 || w.Header().Get("Location") != "/doctors/"+id(f.docA1.ID) {
		t.Fatalf("doctor's home: %d %q", w.Code, w.Header().Get("Location"))
	}
	w = f.do(roster.RoleDoctor, "GET", "/doctors/"+id(f.docA1.ID), nil)
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, "Amara Okafor") || !strings.Contains(body, "2026-10-20T21:00") {
		t.Errorf("own page: %d", w.Code)
	}
	payRe := regexp.MustCompile(`<tr><th>2016 terms</th><td>£([0-9,]+\.[0-9]{2})</td></tr>\s*<tr><th>2002 contract</th><td>£([0-9,]+\.[0-9]{2})</td></tr>`)
	if m := payRe.FindStringSubmatch(body); m == nil {
		t.Errorf("no pay estimate on the doctor's own page")
	} else {
		t.Logf("pay estimate for one night in 8 weeks: 2016 £%s, 2002 £%s", m[1], m[2])
	}
	if strings.Contains(body, "/edit") || strings.Contains(body, "Add a shift") || regexp.MustCompile(`/departments/[0-9]+/rota`).MatchString(body) {
		t.Error("a doctor is offered edits or the department rota")
	}
	if w := f.do(roster.RoleDoctor, "GET", "/doctors/"+id(f.docA2.ID), nil); w.Code != 403 || strings.Contains(w.Body.String(), "Hughes") {
		t.Errorf("another doctor's page: %d", w.Code)
	}
}

func TestStaticAssets(t *testing.T) {
	f := newFixture(t)
	u, err := f.srv.static.url("vendor/htmx-2.0.11.min.js")
	must(t, err)
	w := f.do("", "GET", u, nil)
	if w.Code != 200 || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.Contains(w.Header().Get("Content-Type"), "javascript") {
		t.Errorf("%s: %d %v", u, w.Code, w.Header())
	}
	w = f.do("", "GET", "/static/000000000000/app.css", nil)
	if w.Code != http.StatusFound || !strings.HasPrefix(w.Header().Get("Location"), "/static/") {
		t.Errorf("old hash: %d", w.Code)
	}
	for _, p := range []string{"/static/x/nothing.css", "/static/x/../templates/layout.html"} {
		if w := f.do("", "GET", p, nil); w.Code != 404 && w.Code != http.StatusTemporaryRedirect {
			t.Errorf("%s: %d", p, w.Code)
		}
	}
}

func TestViewsAllParse(t *testing.T) {
	sf, err := loadStatic()
	must(t, err)
	v, err := parseViews(sf)
	must(t, err)
	for _, name := range viewNames {
		if v.pages[name] == nil {
			t.Errorf("view %s missing", name)
		}
	}
}

// TestNavLinks checks the top navigation offers each role the pages it may open.
func TestNavLinks(t *testing.T) {
	f := newFixture(t)
	navRe := regexp.MustCompile(`(?s)<nav>.*?</nav>`)
	for _, c := range []struct {
		role      roster.Role
		want, not []string
	}{
		{roster.RoleAdmin, []string{`href="/doctors"`, `href="/pay"`, `href="/audit"`}, []string{"My pay"}},
		{roster.RoleWorkforce, []string{`href="/doctors"`, `href="/departments"`, `href="/pay"`}, []string{`href="/audit"`}},
		{roster.RoleLead, []string{`href="/doctors"`, `href="/departments"`}, []string{`href="/pay"`, `href="/audit"`}},
		{roster.RoleDoctor, []string{`href="/doctors/` + id(f.docA1.ID) + `"`, `href="/doctors/` + id(f.docA1.ID) + `/pay"`}, []string{`href="/doctors"`, `href="/pay"`}},
		{roster.RoleNational, nil, []string{`href="/doctors"`, `href="/pay"`, `href="/audit"`, "My rota"}},
	} {
		path := "/"
		if c.role == roster.RoleDoctor {
			path = "/doctors/" + id(f.docA1.ID)
		}
		w := f.do(c.role, "GET", path, nil)
		nav := navRe.FindString(w.Body.String())
		if w.Code != 200 || nav == "" {
			t.Fatalf("%s: %s → %d, nav %q", c.role, path, w.Code, nav)
		}
		for _, s := range c.want {
			if !strings.Contains(nav, s) {
				t.Errorf("%s: nav lacks %s: %s", c.role, s, nav)
			}
		}
		for _, s := range c.not {
			if strings.Contains(nav, s) {
				t.Errorf("%s: nav offers %s: %s", c.role, s, nav)
			}
		}
	}
}

// TestDepartmentLinks checks the departments list, the overview and the
// rota grid link each department's rota, compliance report and draft rotas
// for those who may open them.
func TestDepartmentLinks(t *testing.T) {
	f := newFixture(t)
	a := "/departments/" + id(f.deptA.ID)
	for path, wants := range map[string][]string{
		"/departments": {`href="` + a + `/rota"`, `href="` + a + `/compliance"`, `href="` + a + `/drafts"`},
		"/":            {`href="` + a + `/rota"`, `href="` + a + `/compliance"`},
		a + "/rota":    {`href="` + a + `/drafts"`},
	} {
		body := f.do(roster.RoleLead, "GET", path, nil).Body.String()
		for _, want := range wants {
			if !strings.Contains(body, want) {
				t.Errorf("lead's %s lacks %s", path, want)
			}
		}
		if strings.Contains(body, `href="/departments/`+id(f.deptB.ID)+`/compliance"`) {
			t.Errorf("lead's %s links the compliance report of a department they do not lead", path)
		}
	}
}
