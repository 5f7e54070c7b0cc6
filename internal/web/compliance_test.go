package web

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
	"github.com/rotaguard/rotaguard/internal/store"
)

// lt is a London wall-clock time.
func lt(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, roster.London).UTC()
}

// adHoc stores a work period of the doctor from start lasting minutes.
func (f *fixture) adHoc(t testing.TB, doc roster.Doctor, start time.Time, minutes int) roster.Assignment {
	t.Helper()
	a := roster.Assignment{DoctorID: doc.ID, DepartmentID: doc.DepartmentID, Kind: roster.Work, Start: start, End: start.Add(time.Duration(minutes) * time.Minute)}
	must(t, f.st.CreateAssignment(sysCtx(t), &a))
	return a
}

// cellClass returns the class attribute of the grid cell of doc on day.
func cellClass(t testing.TB, body string, doc roster.ID, day string) string {
	t.Helper()
	m := regexp.MustCompile(`<td class="([^"]*)" id="c-` + id(doc) + `-` + day + `"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no cell for doctor %d on %s", doc, day)
	}
	return m[1]
}

func confirmAudits(t testing.TB, f *fixture) []roster.AuditEntry {
	t.Helper()
	es, err := f.st.ListAudit(sysCtx(t), store.AuditFilter{Entity: "assignment"})
	must(t, err)
	var out []roster.AuditEntry
	for _, e := range es {
		if e.Action == "confirm_breach" {
			out = append(out, e)
		}
	}
	return out
}

func dayAssignments(t testing.TB, f *fixture, doc roster.ID, day roster.Date) []roster.Assignment {
	t.Helper()
	as, err := f.st.ListAssignments(sysCtx(t), store.AssignmentFilter{DoctorID: doc, From: dayStart(day), To: dayStart(day.AddDays(1))})
	must(t, err)
	var out []roster.Assignment
	for _, a := range as {
		if roster.DateOf(a.Start.In(roster.London)) == day {
			out = append(out, a)
		}
	}
	return out
}

// TestRotaGridMarksShiftLength checks the grid at the 13-hour limit
// (TCS2016-MAX13SHIFT): exactly 13 h is not marked, 13 h 1 min is, and a
// night of 12 h 30 min on the wall clock across the October clock change
// (13 h 30 min elapsed) is.
func TestRotaGridMarksShiftLength(t *testing.T) {
	cases := []struct {
		name    string
		start   time.Time
		minutes int
		day     string
		breach  bool
	}{
		{"exactly 13 h", lt(2026, 10, 20, 8, 0), 780, "2026-10-20", false},
		{"13 h 1 min", lt(2026, 10, 20, 8, 0), 781, "2026-10-20", true},
		{"night 20:00–08:30 a week before the change (12 h 30)", lt(2026, 10, 17, 20, 0), 750, "2026-10-17", false},
		{"night 20:00–08:30 across the October change (13 h 30)", lt(2026, 10, 24, 20, 0), 810, "2026-10-24", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.adHoc(t, f.docA2, tc.start, tc.minutes)
			if tc.day == "2026-10-24" {
				if got := roster.FormatLocal(tc.start.Add(810 * time.Minute)); got != "2026-10-25T08:30" {
					t.Fatalf("test setup: night ends %s", got)
				}
			}
			w := f.do("lead", "GET", "/departments/"+id(f.deptA.ID)+"/rota?from=2026-10-12&weeks=3", nil)
			if w.Code != 200 {
				t.Fatalf("status %d", w.Code)
			}
			body := w.Body.String()
			class := cellClass(t, body, f.docA2.ID, tc.day)
			if got := strings.Contains(class, "breach"); got != tc.breach {
				t.Errorf("cell class %q: breach mark %v, want %v", class, got, tc.breach)
			}
			hasMsg := strings.Contains(body, "Breach TCS2016-MAX13SHIFT: ")
			if hasMsg != tc.breach {
				t.Errorf("message of TCS2016-MAX13SHIFT on the page: %v, want %v", hasMsg, tc.breach)
			}
			if tc.breach && !strings.Contains(body, `<span class="ccount breach"><span aria-hidden="true">!</span> 1 breach</span>`) {
				t.Errorf("row header has no count of 1 breach")
			}
			// The other doctor's cells are never marked.
			if class := cellClass(t, body, f.docA1.ID, tc.day); strings.Contains(class, "breach") || strings.Contains(class, "warn") {
				t.Errorf("compliant doctor's cell marked: %q", class)
			}
		})
	}
}

// TestRotaGridMarksRunOfNights: five nights in a row breach
// TCS2016-NIGHTS-MAX4; every night of the run is marked, a day off is not.
func TestRotaGridMarksRunOfNights(t *testing.T) {
	f := newFixture(t)
	for d := 19; d <= 23; d++ { // Mon 19 – Fri 23 Oct 2026
		f.newAssignment(t, f.docA2, f.night, roster.Date{Year: 2026, Month: 10, Day: d})
	}
	body := f.do("workforce", "GET", "/departments/"+id(f.deptA.ID)+"/rota?from=2026-10-19", nil).Body.String()
	for d := 19; d <= 23; d++ {
		day := roster.Date{Year: 2026, Month: 10, Day: d}.String()
		if class := cellClass(t, body, f.docA2.ID, day); !strings.Contains(class, "breach") {
			t.Errorf("night on %s not marked: %q", day, class)
		}
	}
	if class := cellClass(t, body, f.docA2.ID, "2026-10-28"); strings.Contains(class, "breach") {
		t.Errorf("day off marked: %q", class)
	}
	if !strings.Contains(body, "TCS2016-NIGHTS-MAX4") || !strings.Contains(body, `<span class="vh">`) {
		t.Errorf("no accessible text naming TCS2016-NIGHTS-MAX4")
	}
	if !strings.Contains(body, "/departments/"+id(f.deptA.ID)+"/compliance?from=2026-10-19&amp;to=2026-11-15") {
		t.Errorf("no link to the compliance report")
	}
}

// TestDoctorPageCompliance: the doctor's own page shows the breach; a New
// Deal doctor's page shows the band.
func TestDoctorPageCompliance(t *testing.T) {
	f := newFixture(t)
	f.adHoc(t, f.docA1, lt(2026, 10, 20, 8, 0), 14*60)
	body := f.do("doctor", "GET", "/doctors/"+id(f.docA1.ID)+"?from=2026-10-19", nil).Body.String()
	for _, want := range []string{`<section class="card compliance"`, "<code>tcs2016@2019-08</code>", "<code>wtr@1998</code>",
		"<strong>1 breach</strong>, 1 warning", "<code>TCS2016-MAX13SHIFT</code>", "14 h", "13 h"} {
		if !strings.Contains(body, want) {
			t.Errorf("doctor page lacks %q", want)
		}
	}
	nd := f.newDoctor(t, f.org1.ID, f.deptA.ID, "Nadia", "Deal", roster.ST4)
	nd.Contract = roster.Contract{Kind: roster.NewDeal2002, Band: "1A"}
	must(t, f.st.UpdateDoctor(sysCtx(t), &nd))
	for d := 19; d <= 23; d++ {
		f.newAssignment(t, nd, f.early, roster.Date{Year: 2026, Month: 10, Day: d})
	}
	body = f.do("lead", "GET", "/doctors/"+id(nd.ID)+"?from=2026-10-19", nil).Body.String()
	if !strings.Contains(body, "<code>newdeal2002@2002</code>") || !regexp.MustCompile(`<strong>New Deal band [^<]+</strong>`).MatchString(body) {
		t.Errorf("New Deal doctor's page lacks the rule set or band:\n%s", body[strings.Index(body, `id="compliance"`):])
	}
	// A doctor with nothing around these weeks.
	body = f.do("lead", "GET", "/doctors/"+id(f.docA2.ID)+"?from=2026-10-19", nil).Body.String()
	if !strings.Contains(body, "No shifts around these weeks") {
		t.Errorf("empty rota: no note")
	}
}

// TestCellEditBreachNeedsConfirm: setting the fifth night of a run in the
// grid is not saved; the cell shows the breach and Save anyway; the
// confirmed resubmission saves, re-renders the row with the mark and
// writes an audit entry naming the rule.
func TestCellEditBreachNeedsConfirm(t *testing.T) {
	f := newFixture(t)
	for d := 19; d <= 22; d++ {
		f.newAssignment(t, f.docA2, f.night, roster.Date{Year: 2026, Month: 10, Day: d})
	}
	fri := roster.Date{Year: 2026, Month: 10, Day: 23}
	path := "/departments/" + id(f.deptA.ID) + "/rota/cell"
	w := f.do("lead", "POST", path, form("doctor", id(f.docA2.ID), "date", fri.String(), "ids", "", "shift_type", id(f.night.ID), "from", "2026-10-19", "weeks", "4"))
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, "Not saved") || !strings.Contains(body, "<code>TCS2016-NIGHTS-MAX4</code>") ||
		!strings.Contains(body, `name="confirm" value="1"`) || !strings.Contains(body, "Save anyway") {
		t.Fatalf("unconfirmed edit: %d\n%s", w.Code, body)
	}
	if got := dayAssignments(t, f, f.docA2.ID, fri); len(got) != 0 {
		t.Fatalf("unconfirmed edit saved %d assignments", len(got))
	}
	if got := confirmAudits(t, f); len(got) != 0 {
		t.Fatalf("audit entries before confirming: %+v", got)
	}
	w = f.do("lead", "POST", path, form("doctor", id(f.docA2.ID), "date", fri.String(), "ids", "", "shift_type", id(f.night.ID), "confirm", "1", "from", "2026-10-19", "weeks", "4"))
	if w.Code != 200 || w.Header().Get("HX-Retarget") != "#r-"+id(f.docA2.ID) {
		t.Fatalf("confirmed edit: %d, retarget %q\n%s", w.Code, w.Header().Get("HX-Retarget"), w.Body.String())
	}
	if class := cellClass(t, w.Body.String(), f.docA2.ID, fri.String()); !strings.Contains(class, "breach") {
		t.Errorf("saved cell not marked: %q", class)
	}
	saved := dayAssignments(t, f, f.docA2.ID, fri)
	if len(saved) != 1 || saved[0].ShiftTypeID != f.night.ID {
		t.Fatalf("confirmed edit saved %+v", saved)
	}
	audits := confirmAudits(t, f)
	if len(audits) != 1 || audits[0].EntityID != saved[0].ID || audits[0].Actor != "lead" ||
		!strings.Contains(audits[0].Note, "TCS2016-NIGHTS-MAX4") || !strings.Contains(audits[0].After, `"rule":"TCS2016-NIGHTS-MAX4"`) {
		t.Fatalf("audit entries %+v", audits)
	}
}

// TestCellEditWithoutBreachSaves: an edit creating no breach is saved at
// once, with no audit override.
func TestCellEditWithoutBreachSaves(t *testing.T) {
	f := newFixture(t)
	day := roster.Date{Year: 2026, Month: 10, Day: 22}
	w := f.do("lead", "POST", "/departments/"+id(f.deptA.ID)+"/rota/cell", form("doctor", id(f.docA1.ID), "date", day.String(), "ids", "", "shift_type", id(f.early.ID)))
	if w.Code != 200 || strings.Contains(w.Body.String(), "Not saved") {
		t.Fatalf("edit: %d\n%s", w.Code, w.Body.String())
	}
	if got := dayAssignments(t, f, f.docA1.ID, day); len(got) != 1 {
		t.Fatalf("saved %d assignments, want 1", len(got))
	}
	if got := confirmAudits(t, f); len(got) != 0 {
		t.Errorf("audit override for a compliant edit: %+v", got)
	}
}

// TestAssignmentFormBreach: the shift form at the 13-hour limit.
func TestAssignmentFormBreach(t *testing.T) {
	f := newFixture(t)
	post := func(end string, confirm bool) *http.Response {
		kv := []string{"doctor_id", id(f.docA2.ID), "kind", "work", "start", "2026-10-20T08:00", "end", end}
		if confirm {
			kv = append(kv, "confirm", "1")
		}
		return f.do("workforce", "POST", "/assignments", form(kv...)).Result()
	}
	day := roster.Date{Year: 2026, Month: 10, Day: 20}
	if r := post("2026-10-20T21:00", false); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("13 h: status %d, want 303", r.StatusCode)
	}
	if n := len(dayAssignments(t, f, f.docA2.ID, day)); n != 1 {
		t.Fatalf("13 h: %d saved", n)
	}
	// One minute more, on another day.
	post2 := func(confirm bool) *http.Response {
		kv := []string{"doctor_id", id(f.docA2.ID), "kind", "work", "start", "2026-10-23T08:00", "end", "2026-10-23T21:01"}
		if confirm {
			kv = append(kv, "confirm", "1")
		}
		return f.do("workforce", "POST", "/assignments", form(kv...)).Result()
	}
	fri := roster.Date{Year: 2026, Month: 10, Day: 23}
	w := f.do("workforce", "POST", "/assignments", form("doctor_id", id(f.docA2.ID), "kind", "work", "start", "2026-10-23T08:00", "end", "2026-10-23T21:01"))
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "<code>TCS2016-MAX13SHIFT</code>") || !strings.Contains(w.Body.String(), `name="confirm" value="1"`) {
		t.Fatalf("13 h 1 min: %d\n%s", w.Code, w.Body.String())
	}
	if n := len(dayAssignments(t, f, f.docA2.ID, fri)); n != 0 {
		t.Fatalf("13 h 1 min unconfirmed: %d saved", n)
	}
	if r := post2(true); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed: %d", r.StatusCode)
	}
	saved := dayAssignments(t, f, f.docA2.ID, fri)
	audits := confirmAudits(t, f)
	if len(saved) != 1 || len(audits) != 1 || audits[0].EntityID != saved[0].ID || !strings.Contains(audits[0].Note, "TCS2016-MAX13SHIFT") {
		t.Fatalf("confirmed: saved %+v, audits %+v", saved, audits)
	}
	// Editing the compliant 13 h shift to 13 h 30 min is held back too.
	a := dayAssignments(t, f, f.docA2.ID, day)[0]
	w = f.do("workforce", "POST", "/assignments/"+id(a.ID), form("kind", "work", "start", "2026-10-20T08:00", "end", "2026-10-20T21:30", "version", id(a.Version)))
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "TCS2016-MAX13SHIFT") {
		t.Fatalf("edit to 13 h 30: %d", w.Code)
	}
	if got, _ := f.st.GetAssignment(sysCtx(t), a.ID); !got.End.Equal(a.End) {
		t.Errorf("unconfirmed edit changed the shift to end %s", roster.FormatLocal(got.End))
	}
}

// TestAPIAssignmentBreach: the JSON API answers 409 with the breaches
// unless ?confirm=1.
func TestAPIAssignmentBreach(t *testing.T) {
	f := newFixture(t)
	doc := loadOpenAPI(t)
	body := `{"doctor_id":` + id(f.docA2.ID) + `,"kind":"work","start":"2026-10-20T07:00:00Z","end":"2026-10-20T21:00:00Z"}`
	w := f.do("admin", "POST", "/api/v1/assignments", strings.NewReader(body))
	checkResponse(t, doc, "POST /api/v1/assignments", w)
	var conflict struct {
		Error    struct{ Code string }
		Breaches []rules.Finding
	}
	if err := json.Unmarshal(w.Body.Bytes(), &conflict); err != nil || w.Code != http.StatusConflict ||
		conflict.Error.Code != "conflict" || len(conflict.Breaches) != 1 || conflict.Breaches[0].Rule != "TCS2016-MAX13SHIFT" ||
		conflict.Breaches[0].Measured != 14 || conflict.Breaches[0].Limit != 13 {
		t.Fatalf("unconfirmed: %d %v\n%s", w.Code, err, w.Body.String())
	}
	day := roster.Date{Year: 2026, Month: 10, Day: 20}
	if n := len(dayAssignments(t, f, f.docA2.ID, day)); n != 0 {
		t.Fatalf("unconfirmed API create saved %d", n)
	}
	w = f.do("admin", "POST", "/api/v1/assignments?confirm=1", strings.NewReader(body))
	checkResponse(t, doc, "POST /api/v1/assignments", w)
	if w.Code != http.StatusCreated {
		t.Fatalf("confirmed: %d %s", w.Code, w.Body.String())
	}
	var a roster.Assignment
	must(t, json.Unmarshal(w.Body.Bytes(), &a))
	audits := confirmAudits(t, f)
	if len(audits) != 1 || audits[0].EntityID != a.ID || !strings.Contains(audits[0].Note, "TCS2016-MAX13SHIFT") {
		t.Fatalf("audits %+v", audits)
	}
	// An update that creates a breach (an early shift made 13 h 30 min).
	e := f.newAssignment(t, f.docA1, f.early, day)
	upd := `{"doctor_id":` + id(f.docA1.ID) + `,"kind":"work","start":"2026-10-20T07:00:00Z","end":"2026-10-20T20:30:00Z","version":` + id(e.Version) + `}`
	w = f.do("admin", "PUT", "/api/v1/assignments/"+id(e.ID), strings.NewReader(upd))
	checkResponse(t, doc, "PUT /api/v1/assignments/{id}", w)
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `"rule": "TCS2016-MAX13SHIFT"`) {
		t.Fatalf("unconfirmed update: %d %s", w.Code, w.Body.String())
	}
	w = f.do("admin", "PUT", "/api/v1/assignments/"+id(e.ID)+"?confirm=1", strings.NewReader(upd))
	checkResponse(t, doc, "PUT /api/v1/assignments/{id}", w)
	if w.Code != http.StatusOK || len(confirmAudits(t, f)) != 2 {
		t.Fatalf("confirmed update: %d %s", w.Code, w.Body.String())
	}
}

// TestComplianceReport: the report lists exactly the breaches of the
// department's doctors that overlap the range; the CSV has the header and
// the same rows.
func TestComplianceReport(t *testing.T) {
	f := newFixture(t)
	f.adHoc(t, f.docA2, lt(2026, 10, 20, 8, 0), 14*60)   // in range
	f.adHoc(t, f.docA1, lt(2026, 11, 2, 8, 0), 13*60+30) // in range
	f.adHoc(t, f.docA1, lt(2026, 12, 1, 8, 0), 14*60)    // after the range
	f.adHoc(t, f.docB1, lt(2026, 10, 20, 8, 0), 14*60)   // another department
	q := "?from=2026-10-19&to=2026-11-15"
	w := f.do("lead", "GET", "/departments/"+id(f.deptA.ID)+"/compliance.csv"+q, nil)
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") ||
		w.Header().Get("Content-Disposition") != `attachment; filename="acute-medicine-compliance-2026-10-19-to-2026-11-15.csv"` {
		t.Fatalf("CSV: %d %v", w.Code, w.Header())
	}
	recs, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	must(t, err)
	wantHeader := []string{"doctor", "gmc", "rule", "severity", "from", "to", "measured", "limit", "unit", "message"}
	if len(recs) == 0 || !slices.Equal(recs[0], wantHeader) {
		t.Fatalf("header %v", recs)
	}
	var got []string
	for _, r := range recs[1:] {
		got = append(got, strings.Join(r[:9], ","))
		if r[9] == "" || !strings.Contains(r[9], " h") {
			t.Errorf("message %q", r[9])
		}
	}
	// Breaches first, then warnings (WTR daily rest: a warning for doctors
	// in training, who may take compensatory rest); by doctor's family
	// name within each.
	want := []string{
		"Ben Hughes," + f.docA2.GMC + ",TCS2016-MAX13SHIFT,violation,2026-10-20T08:00+01:00,2026-10-20T22:00+01:00,14,13,h",
		"Amara Okafor," + f.docA1.GMC + ",TCS2016-MAX13SHIFT,violation,2026-11-02T08:00+00:00,2026-11-02T21:30+00:00,13.5,13,h",
		"Ben Hughes," + f.docA2.GMC + ",WTR-DAILYREST11,warning,2026-10-20T08:00+01:00,2026-10-21T08:00+01:00,10,11,h",
		"Amara Okafor," + f.docA1.GMC + ",WTR-DAILYREST11,warning,2026-11-02T08:00+00:00,2026-11-03T08:00+00:00,10.5,11,h",
	}
	if !slices.Equal(got, want) {
		t.Errorf("CSV rows\n got %q\nwant %q", got, want)
	}
	// The page lists the same, grouped by doctor (Hughes before Okafor).
	body := f.do("workforce", "GET", "/departments/"+id(f.deptA.ID)+"/compliance"+q, nil).Body.String()
	i, j := strings.Index(body, ">Amara Okafor</a>"), strings.Index(body, ">Ben Hughes</a>")
	if i < 0 || j < 0 || j > i || !strings.Contains(body, "<strong>2 breaches</strong> and 2 warnings") {
		t.Errorf("report page: Okafor at %d, Hughes at %d", i, j)
	}
	if w := f.do("lead", "GET", "/departments/"+id(f.deptA.ID)+"/compliance"+q+"&sort=size", nil); w.Code != 400 {
		t.Errorf("sort=size: %d", w.Code)
	}
	// The JSON API.
	w = f.do("admin", "GET", "/api/v1/departments/"+id(f.deptA.ID)+"/compliance"+q, nil)
	checkResponse(t, loadOpenAPI(t), "GET /api/v1/departments/{id}/compliance", w)
	var rep struct {
		Doctors    int
		Violations []struct {
			DoctorID roster.ID `json:"doctor_id"`
			Rule     string
		}
		ByRule []struct {
			Rule       string
			Violations int
			Doctors    int
		} `json:"by_rule"`
		NotChecked []string `json:"not_checked"`
	}
	must(t, json.Unmarshal(w.Body.Bytes(), &rep))
	// Rules the register cannot test are listed once each, whatever the number of doctors.
	var breaks []string
	for _, nc := range rep.NotChecked {
		if strings.HasPrefix(nc, "TCS2016-BREAKS: ") {
			breaks = append(breaks, nc)
		}
	}
	if len(breaks) != 1 {
		t.Errorf("not checked: %q", rep.NotChecked)
	}
	if rep.Doctors != 2 || len(rep.Violations) != 2 || len(rep.ByRule) != 2 || rep.ByRule[0].Rule != "TCS2016-MAX13SHIFT" ||
		rep.ByRule[0].Violations != 2 || rep.ByRule[0].Doctors != 2 || rep.ByRule[1].Rule != "WTR-DAILYREST11" || rep.ByRule[1].Doctors != 2 {
		t.Errorf("API report %+v", rep)
	}
	// The export is audited.
	es, err := f.st.ListAudit(sysCtx(t), store.AuditFilter{Entity: "department", EntityID: f.deptA.ID})
	must(t, err)
	if len(es) == 0 || es[0].Action != "export" || es[0].Actor != "lead" {
		t.Errorf("export audit %+v", es)
	}
}

func TestComplianceReportRange(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		q    string
		code int
	}{
		{"", 200},
		{"?from=2026-10-19&to=2026-10-19", 200},
		{"?from=2026-10-19&to=2027-04-18", 200}, // 182 days
		{"?from=2026-10-19&to=2027-04-19", 400}, // 183 days
		{"?from=2026-10-19&to=2026-10-18", 400},
		{"?from=19/10/2026", 400},
	} {
		if w := f.do("admin", "GET", "/api/v1/departments/"+id(f.deptA.ID)+"/compliance"+tc.q, nil); w.Code != tc.code {
			t.Errorf("%s: %d, want %d: %s", tc.q, w.Code, tc.code, w.Body.String())
		}
	}
}

// TestEditBreaches is the pre-save comparison on its own: only breaches
// with no breach of the same rule over an overlapping window before the
// edit are new.
func TestEditBreaches(t *testing.T) {
	doc := roster.Doctor{ID: 9, Grade: roster.ST3, LTFTPercent: 100, Contract: roster.Contract{Kind: roster.TCS2016}}
	night := roster.ShiftType{ID: 1, StartMinute: 21 * 60, LengthMinutes: 12*60 + 30, Kind: roster.Work}
	nights := func(from, n int) []roster.Assignment {
		var out []roster.Assignment
		for i := range n {
			s, e := night.On(roster.Date{Year: 2026, Month: 10, Day: from + i})
			out = append(out, roster.Assignment{ID: roster.ID(100 + from + i), DoctorID: 9, Kind: roster.Work, Start: s, End: e})
		}
		return out
	}
	work := func(start time.Time, minutes int) roster.Assignment {
		return roster.Assignment{DoctorID: 9, Kind: roster.Work, Start: start, End: start.Add(time.Duration(minutes) * time.Minute)}
	}
	cases := []struct {
		name                 string
		current, remove, add []roster.Assignment
		want                 []string
	}{
		// WTR-NIGHT8: 62 h 30 min of nights in the one week measured is more than 8 h a day.
		{"fifth night", nights(5, 4), nil, nights(9, 1), []string{"TCS2016-NIGHTS-MAX4", "WTR-NIGHT8"}},
		// The run of nights was already a breach: only the rules newly broken count.
		{"sixth night", nights(5, 5), nil, nights(10, 1), []string{"TCS2016-MAX72IN168", "TCS2016-MAXCONSEC-LONG"}},
		{"longer shift over the limit already", []roster.Assignment{{ID: 7, DoctorID: 9, Kind: roster.Work, Start: lt(2026, 10, 6, 8, 0), End: lt(2026, 10, 6, 21, 30)}},
			[]roster.Assignment{{ID: 7}}, []roster.Assignment{{ID: 7, DoctorID: 9, Kind: roster.Work, Start: lt(2026, 10, 6, 8, 0), End: lt(2026, 10, 6, 22, 0)}}, nil},
		{"removing a night", nights(5, 5), nights(9, 1), nil, nil},
		{"13 h", nil, nil, []roster.Assignment{work(lt(2026, 10, 6, 8, 0), 780)}, nil},
		{"13 h 1 min", nil, nil, []roster.Assignment{work(lt(2026, 10, 6, 8, 0), 781)}, []string{"TCS2016-MAX13SHIFT"}},
		{"second long shift elsewhere is a new breach", []roster.Assignment{work(lt(2026, 10, 6, 8, 0), 800)}, nil,
			[]roster.Assignment{work(lt(2026, 10, 8, 8, 0), 800)}, []string{"TCS2016-MAX13SHIFT"}},
		{"night across the October change", nil, nil, []roster.Assignment{work(lt(2026, 10, 24, 21, 0), 750+60)}, []string{"TCS2016-MAX13SHIFT"}},
		{"10 h rest after a shift", []roster.Assignment{work(lt(2026, 10, 6, 8, 0), 600)}, nil,
			[]roster.Assignment{work(lt(2026, 10, 7, 4, 0), 240)}, []string{"TCS2016-REST11"}},
		{"11 h rest after a shift", []roster.Assignment{work(lt(2026, 10, 6, 8, 0), 600)}, nil,
			[]roster.Assignment{work(lt(2026, 10, 7, 5, 0), 240)}, nil},
	}
	cc := newCompChecker()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range editBreaches(cc, doc, tc.current, tc.remove, tc.add) {
				got = append(got, f.Rule)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("new breaches %v, want %v", got, tc.want)
			}
		})
	}
}

// TestCellCancelRedrawsRow: cancelling an edit from the grid (which names
// its days) redraws the doctor's whole row with its marks; without the
// grid's days only the cell comes back.
func TestCellCancelRedrawsRow(t *testing.T) {
	f := newFixture(t)
	f.adHoc(t, f.docA2, lt(2026, 10, 20, 8, 0), 14*60)
	base := "/departments/" + id(f.deptA.ID) + "/rota/cell?doctor=" + id(f.docA2.ID) + "&date=2026-10-20&view=1"
	w := f.do("lead", "GET", base+"&from=2026-10-19&weeks=2", nil)
	body := w.Body.String()
	if w.Code != 200 || w.Header().Get("HX-Retarget") != "#r-"+id(f.docA2.ID) || w.Header().Get("HX-Reswap") != "outerHTML" ||
		!strings.HasPrefix(body, `<tr id="r-`+id(f.docA2.ID)+`">`) || strings.Count(body, `<td class="cell`) != 14 {
		t.Fatalf("cancel from the grid: %d %v\n%s", w.Code, w.Header(), body)
	}
	if class := cellClass(t, body, f.docA2.ID, "2026-10-20"); !strings.Contains(class, "breach") {
		t.Errorf("redrawn cell %q", class)
	}
	w = f.do("lead", "GET", base, nil)
	if w.Code != 200 || w.Header().Get("HX-Retarget") != "" || !strings.HasPrefix(w.Body.String(), `<td class="cell`) {
		t.Errorf("cancel without the grid's days: %d %v %.80s", w.Code, w.Header(), w.Body.String())
	}
	if w := f.do("lead", "GET", base+"&from=2026-10-19&weeks=9", nil); w.Code != 400 {
		t.Errorf("weeks=9: %d", w.Code)
	}
}

// TestComplianceReportOrder: the report's rows by doctor (family name,
// then time), by rule or by time.
func TestComplianceReportOrder(t *testing.T) {
	f := newFixture(t)
	for d := 19; d <= 23; d++ { // Hughes: five nights from Mon 19 Oct
		f.newAssignment(t, f.docA2, f.night, roster.Date{Year: 2026, Month: 10, Day: d})
	}
	f.adHoc(t, f.docA1, lt(2026, 10, 30, 8, 0), 14*60) // Okafor: one 14 h shift on 30 Oct
	rows := func(sort string) [][]string {
		w := f.do("lead", "GET", "/departments/"+id(f.deptA.ID)+"/compliance.csv?from=2026-10-19&to=2026-11-15&sort="+sort, nil)
		recs, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
		must(t, err)
		var out [][]string
		for _, r := range recs[1:] {
			if r[3] == "violation" {
				out = append(out, r)
			}
		}
		if len(out) < 3 {
			t.Fatalf("sort=%s: %d breaches", sort, len(out))
		}
		return out
	}
	check := func(sort string, first string, before func(a, b []string) bool) {
		rs := rows(sort)
		if rs[0][0] != first {
			t.Errorf("sort=%s: first row %q, want %s", sort, rs[0], first)
		}
		for i := 1; i < len(rs); i++ {
			if before(rs[i], rs[i-1]) {
				t.Errorf("sort=%s: row %d %q comes after %q", sort, i, rs[i], rs[i-1])
			}
		}
	}
	check("doctor", "Ben Hughes", func(a, b []string) bool { return a[0] != b[0] && a[0] == "Ben Hughes" || a[0] == b[0] && a[4] < b[4] })
	check("rule", "Amara Okafor", func(a, b []string) bool { return a[2] < b[2] })
	check("time", "Ben Hughes", func(a, b []string) bool { return a[4] < b[4] })
}

// TestRotaGridMarksWarning: 65 h of work in 168 h is within 10 % of the
// 72 h limit (TCS2016-MAX72IN168): the shifts get the lighter warning
// mark, not the breach mark.
func TestRotaGridMarksWarning(t *testing.T) {
	f := newFixture(t)
	for _, d := range []int{19, 20, 21, 22, 24} { // 13 h a day: Mon–Thu and Sat
		f.adHoc(t, f.docA2, lt(2026, 10, d, 8, 0), 13*60)
	}
	f.newAssignment(t, f.docA2, f.early, roster.Date{Year: 2026, Month: 11, Day: 2}) // the average is over 3 weeks
	body := f.do("lead", "GET", "/departments/"+id(f.deptA.ID)+"/rota?from=2026-10-19", nil).Body.String()
	for _, d := range []string{"2026-10-19", "2026-10-22", "2026-10-24"} {
		if class := cellClass(t, body, f.docA2.ID, d); !strings.Contains(class, "warn") || strings.Contains(class, "breach") {
			t.Errorf("%s: class %q, want a warning mark only", d, class)
		}
	}
	if !strings.Contains(body, "Warning TCS2016-MAX72IN168: ") || !strings.Contains(body, `<span class="ccount warn">`) || strings.Contains(body, `<span class="ccount breach">`) {
		t.Errorf("no warning message or count, or a breach count")
	}
}
