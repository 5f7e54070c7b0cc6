package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/draft"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// The whole round: generate a draft in the background, poll it until it
// is done, review it, accept it (the rota holds its shifts, with an audit
// entry), and a stale draft is refused.
func TestDraftGenerateReviewAccept(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.srv.CloseDrafts)
	backgroundDrafts(t, f)
	ctx := sysCtx(t)
	// A night already in the period (replaced on accept) and a leave day
	// (kept; no shift drafted on it).
	old := f.newAssignment(t, f.docA2, f.night, draftFrom.AddDays(2))
	ls, le := draftFrom.AddDays(1).In(roster.London), draftFrom.AddDays(2).In(roster.London)
	leave := roster.Assignment{DoctorID: f.docA1.ID, DepartmentID: f.deptA.ID, Kind: roster.Leave, Start: ls.UTC(), End: le.UTC()}
	must(t, f.st.CreateAssignment(ctx, &leave))

	w := f.do(roster.RoleLead, "POST", "/api/v1/departments/"+id(f.deptA.ID)+"/drafts",
		strings.NewReader(`{"from":"`+draftFrom.String()+`","weeks":2,"time_limit_seconds":5}`))
	if w.Code != http.StatusAccepted {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	var v struct {
		ID     roster.ID          `json:"id"`
		Status roster.DraftStatus `json:"status"`
		Result *draft.Result      `json:"result"`
	}
	must(t, json.Unmarshal(w.Body.Bytes(), &v))
	deadline := time.Now().Add(20 * time.Second)
	for v.Status == roster.DraftRunning {
		if time.Now().After(deadline) {
			t.Fatal("draft still running after 20 s")
		}
		// The progress fragment answers while it runs.
		if pw := f.do(roster.RoleLead, "GET", "/drafts/"+id(v.ID)+"/progress", nil); pw.Code != 200 {
			t.Fatalf("progress: %d", pw.Code)
		}
		time.Sleep(20 * time.Millisecond)
		w = f.do(roster.RoleLead, "GET", "/api/v1/drafts/"+id(v.ID), nil)
		must(t, json.Unmarshal(w.Body.Bytes(), &v))
	}
	if v.Status != roster.DraftDone || v.Result == nil {
		t.Fatalf("draft finished as %s: %s", v.Status, w.Body)
	}
	res := v.Result
	if len(res.Days) != 14 || len(res.Doctors) != 2 {
		t.Errorf("%d days, %d doctors", len(res.Days), len(res.Doctors))
	}
	if res.Shortfall != 0 || res.Violations != 0 {
		t.Errorf("shortfall %d, breaches %d: %+v", res.Shortfall, res.Violations, res.Findings)
	}
	// The early shift on each of the 10 weekdays, none on Amara's leave day.
	early := 0
	for _, a := range res.Assigned {
		if a.ShiftTypeID == f.early.ID {
			early++
		}
		if a.DoctorID == f.docA1.ID && roster.DateOf(a.Start.In(roster.London)) == draftFrom.AddDays(1) {
			t.Errorf("drafted on a leave day: %+v", a)
		}
	}
	if early != 10 {
		t.Errorf("%d early shifts, want 10", early)
	}
	// The progress fragment of a finished draft asks htmx to reload.
	if pw := f.do(roster.RoleLead, "GET", "/drafts/"+id(v.ID)+"/progress", nil); pw.Header().Get("HX-Refresh") != "true" {
		t.Errorf("finished progress: no HX-Refresh")
	}
	// Review page: the grid, the cover and the findings.
	page := f.do(roster.RoleLead, "GET", "/drafts/"+id(v.ID), nil)
	body := page.Body.String()
	for _, want := range []string{`class="rota draft-grid"`, "Amara Okafor", "Ben Hughes", "Every shift has the cover wanted",
		"finds no breach", `action="/drafts/` + id(v.ID) + `/accept"`} {
		if !strings.Contains(body, want) {
			t.Errorf("review page lacks %q", want)
		}
	}
	if n := strings.Count(body, `<td class="cell`); n != 28 {
		t.Errorf("grid has %d cells, want 28", n)
	}
	// The list shows it.
	if lw := f.do(roster.RoleLead, "GET", "/departments/"+id(f.deptA.ID)+"/drafts", nil); !strings.Contains(lw.Body.String(), `href="/drafts/`+id(v.ID)+`"`) {
		t.Errorf("drafts list lacks draft %d", v.ID)
	}

	// Accept: the rota now holds exactly the draft's work, leave kept.
	aw := f.do(roster.RoleLead, "POST", "/drafts/"+id(v.ID)+"/accept", strings.NewReader(""))
	if aw.Code != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", aw.Code, aw.Body)
	}
	got, err := f.st.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: f.deptA.ID, From: dayStart(draftFrom), To: dayStart(draftFrom.AddDays(14))})
	must(t, err)
	var work, leaves int
	for _, a := range got {
		switch {
		case a.ID == old.ID:
			t.Errorf("the old night %d was not replaced", old.ID)
		case a.Kind == roster.Leave:
			leaves++
		case a.Note == "draft "+id(v.ID):
			work++
		default:
			t.Errorf("unexpected assignment %+v", a)
		}
	}
	if work != len(res.Assigned) || leaves != 1 {
		t.Errorf("after accept: %d drafted (want %d), %d leave (want 1)", work, len(res.Assigned), leaves)
	}
	d, err := f.st.GetDraft(ctx, v.ID)
	must(t, err)
	if d.Status != roster.DraftAccepted {
		t.Errorf("status %s after accept", d.Status)
	}
	audit, err := f.st.ListAudit(ctx, store.AuditFilter{Entity: "assignment"})
	must(t, err)
	found := false
	for _, e := range audit {
		if e.Action == "replace" && strings.HasPrefix(e.Note, "draft "+id(v.ID)+" accepted") && e.Actor == "lead" {
			found = true
		}
	}
	if !found {
		t.Errorf("no audit entry for the accept")
	}
	// Accepting twice is refused.
	if w := f.do(roster.RoleLead, "POST", "/api/v1/drafts/"+id(v.ID)+"/accept", nil); w.Code != http.StatusConflict {
		t.Errorf("second accept: %d", w.Code)
	}
}

// A draft whose rota changed after it was generated is refused, and
// nothing is written.
func TestDraftStaleAccept(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.srv.CloseDrafts)
	d := doneDraft(t, f, f.deptA)
	ctx := sysCtx(t)
	f.newAssignment(t, f.docA2, f.night, draftFrom.AddDays(3)) // someone edits the rota
	before, _ := f.st.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: f.deptA.ID})
	w := f.do(roster.RoleAdmin, "POST", "/api/v1/drafts/"+id(d.ID)+"/accept", nil)
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "has changed since draft") {
		t.Fatalf("stale accept: %d %s", w.Code, w.Body)
	}
	after, _ := f.st.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: f.deptA.ID})
	if len(after) != len(before) {
		t.Errorf("a refused accept wrote: %d assignments, then %d", len(before), len(after))
	}
	if g, _ := f.st.GetDraft(ctx, d.ID); g.Status != roster.DraftDone {
		t.Errorf("status %s after a refused accept", g.Status)
	}
}

// Discarding writes nothing to the rota.
func TestDraftDiscard(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.srv.CloseDrafts)
	d := doneDraft(t, f, f.deptA)
	ctx := sysCtx(t)
	before, _ := f.st.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: f.deptA.ID})
	w := f.do(roster.RoleLead, "POST", "/drafts/"+id(d.ID)+"/discard", strings.NewReader(""))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("discard: %d %s", w.Code, w.Body)
	}
	after, _ := f.st.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: f.deptA.ID})
	if len(after) != len(before) {
		t.Errorf("discard wrote assignments: %d, then %d", len(before), len(after))
	}
	g, _ := f.st.GetDraft(ctx, d.ID)
	if g.Status != roster.DraftDiscarded {
		t.Errorf("status %s", g.Status)
	}
	if w := f.do(roster.RoleLead, "POST", "/api/v1/drafts/"+id(d.ID)+"/accept", nil); w.Code != http.StatusConflict {
		t.Errorf("accepting a discarded draft: %d", w.Code)
	}
}

// Bad requests are refused with the field named; one draft per
// department runs at a time; drafts left running by a dead process are
// failed when the server starts using drafts.
func TestDraftLimits(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.srv.CloseDrafts)
	ctx := sysCtx(t)
	stale := roster.Draft{DepartmentID: f.deptA.ID, From: draftFrom, To: draftFrom.AddDays(7), Status: roster.DraftRunning}
	must(t, f.st.CreateDraft(ctx, &stale))
	quickDrafts(t, f) // first use of the runner
	if g, _ := f.st.GetDraft(ctx, stale.ID); g.Status != roster.DraftFailed || !strings.Contains(g.Message, "interrupted") {
		t.Errorf("a draft left running: %+v", g)
	}
	for _, tc := range []struct{ body, field string }{
		{`{"weeks":2}`, "from"},
		{`{"from":"` + draftFrom.String() + `","weeks":40}`, "weeks"},
		{`{"from":"` + draftFrom.String() + `","time_limit_seconds":1000}`, "time_limit_seconds"},
	} {
		w := f.do(roster.RoleAdmin, "POST", "/api/v1/departments/"+id(f.deptA.ID)+"/drafts", strings.NewReader(tc.body))
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"field": "`+tc.field+`"`) {
			t.Errorf("%s: %d %s", tc.body, w.Code, w.Body)
		}
	}
	// A form error re-renders the page with the message.
	w := f.do(roster.RoleLead, "POST", "/departments/"+id(f.deptA.ID)+"/drafts", form("from", "not a date"))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "is not a date") {
		t.Errorf("form error: %d", w.Code)
	}
	// A job already running for the department: a second is refused.
	r, _ := f.srv.runner(ctx)
	r.mu.Lock()
	r.depts[f.deptA.ID] = 999
	r.mu.Unlock()
	w = f.do(roster.RoleAdmin, "POST", "/api/v1/departments/"+id(f.deptA.ID)+"/drafts", strings.NewReader(`{"from":"`+draftFrom.String()+`"}`))
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "still being generated") {
		t.Errorf("second job for a department: %d %s", w.Code, w.Body)
	}
	r.mu.Lock()
	delete(r.depts, f.deptA.ID)
	r.mu.Unlock()
}

// With "keep the shifts already in the rota", existing shifts are pinned
// and survive accepting as they were (same id and version), ad hoc ones
// too; the draft fills the rest of the cover around them.
func TestDraftKeepExisting(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.srv.CloseDrafts)
	quickDrafts(t, f)
	ctx := sysCtx(t)
	kept := f.newAssignment(t, f.docA1, f.early, draftFrom.AddDays(2)) // Wednesday
	as, ae := draftFrom.AddDays(3).In(roster.London).Add(13*time.Hour), draftFrom.AddDays(3).In(roster.London).Add(15*time.Hour)
	adhoc := roster.Assignment{DoctorID: f.docA2.ID, DepartmentID: f.deptA.ID, Kind: roster.Work, Start: as.UTC(), End: ae.UTC(), Note: "teaching"}
	must(t, f.st.CreateAssignment(ctx, &adhoc))
	w := f.do(roster.RoleLead, "POST", "/api/v1/departments/"+id(f.deptA.ID)+"/drafts",
		strings.NewReader(`{"from":"`+draftFrom.String()+`","weeks":1,"time_limit_seconds":5,"keep_existing":true}`))
	if w.Code != http.StatusAccepted {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	var d roster.Draft
	must(t, json.Unmarshal(w.Body.Bytes(), &d))
	if d.Status != roster.DraftDone {
		t.Fatalf("draft %s", d.Status)
	}
	if w := f.do(roster.RoleLead, "POST", "/api/v1/drafts/"+id(d.ID)+"/accept", nil); w.Code != http.StatusOK {
		t.Fatalf("accept: %d %s", w.Code, w.Body)
	}
	got, err := f.st.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: f.deptA.ID, From: dayStart(draftFrom), To: dayStart(draftFrom.AddDays(7))})
	must(t, err)
	var sawKept, sawAdhoc bool
	early := 0
	for _, a := range got {
		if a.ID == kept.ID && a.Version == kept.Version {
			sawKept = true
		}
		if a.ID == adhoc.ID && a.Version == adhoc.Version {
			sawAdhoc = true
		}
		if a.ShiftTypeID == f.early.ID {
			early++
		}
	}
	if !sawKept || !sawAdhoc {
		t.Errorf("kept shift survived %v, ad hoc survived %v: %+v", sawKept, sawAdhoc, got)
	}
	if early != 5 {
		t.Errorf("%d early shifts in the week, want 5 (one a weekday, the kept one included)", early)
	}
}

// Discarding a running draft stops its job; the draft stays discarded.
func TestDraftDiscardRunning(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(f.srv.CloseDrafts)
	r := backgroundDrafts(t, f)
	r.mu.Lock()
	r.opts = func(time.Duration) draft.Options { return draft.Options{TimeLimit: 30 * time.Second, Seed: 1} }
	r.mu.Unlock()
	w := f.do(roster.RoleLead, "POST", "/api/v1/departments/"+id(f.deptA.ID)+"/drafts",
		strings.NewReader(`{"from":"`+draftFrom.String()+`","weeks":2,"time_limit_seconds":30}`))
	if w.Code != http.StatusAccepted {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	var d roster.Draft
	must(t, json.Unmarshal(w.Body.Bytes(), &d))
	if d.Status != roster.DraftRunning {
		t.Fatalf("status %s", d.Status)
	}
	// The progress page of a running draft polls its fragment.
	if page := f.do(roster.RoleLead, "GET", "/drafts/"+id(d.ID), nil).Body.String(); !strings.Contains(page, `hx-get="/drafts/`+id(d.ID)+`/progress" hx-trigger="every 1s"`) || !strings.Contains(page, "<progress") {
		t.Errorf("running draft page has no polled progress")
	}
	if w := f.do(roster.RoleLead, "POST", "/api/v1/drafts/"+id(d.ID)+"/discard", nil); w.Code != http.StatusOK {
		t.Fatalf("discard: %d %s", w.Code, w.Body)
	}
	start := time.Now()
	for {
		r.mu.Lock()
		n := len(r.jobs)
		r.mu.Unlock()
		if n == 0 {
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("the job did not stop within 10 s of the discard")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if g, _ := f.st.GetDraft(sysCtx(t), d.ID); g.Status != roster.DraftDiscarded {
		t.Errorf("status %s after discarding a running draft", g.Status)
	}
}
