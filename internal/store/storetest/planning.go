package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// planningTests are the cases for requirements, requests and drafts.
var planningTests = []struct {
	name string
	fn   func(t *testing.T, s store.Store)
}{
	{"Requirements", testRequirements},
	{"Requests", testRequests},
	{"Drafts", testDrafts},
	{"ReplaceAssignments", testReplaceAssignments},
}

func testRequirements(t *testing.T, s store.Store) {
	f := seed(t, s)
	ctx := ctxFor(t)
	if rs, err := s.ListRequirements(ctx, f.med.ID); err != nil || len(rs) != 0 {
		t.Fatalf("new department: %v, %v", rs, err)
	}
	rs := []roster.Requirement{
		{ShiftTypeID: f.day.ID, Weekday: time.Monday, Min: 2, Max: 3, WeightUnder: 100, WeightOver: 1},
		{ShiftTypeID: f.night.ID, Weekday: time.Monday, Min: 1, WeightUnder: 100},
		{ShiftTypeID: f.night.ID, Weekday: time.Sunday, Min: 1, WeightUnder: 50},
	}
	must(t, s.SetRequirements(ctx, f.med.ID, rs))
	got, err := s.ListRequirements(ctx, f.med.ID)
	must(t, err)
	if len(got) != 3 {
		t.Fatalf("got %d requirements, want 3: %+v", len(got), got)
	}
	for _, r := range got {
		if r.ID == 0 || r.DepartmentID != f.med.ID || r.Version != 1 {
			t.Errorf("stored requirement %+v", r)
		}
		if r.ShiftTypeID == f.day.ID && (r.Weekday != time.Monday || r.Min != 2 || r.Max != 3 || r.WeightUnder != 100 || r.WeightOver != 1) {
			t.Errorf("day requirement read back as %+v", r)
		}
	}
	// Replacing: the old set goes.
	must(t, s.SetRequirements(ctx, f.med.ID, rs[:1]))
	if got, _ := s.ListRequirements(ctx, f.med.ID); len(got) != 1 || got[0].ShiftTypeID != f.day.ID {
		t.Errorf("after replacing: %+v", got)
	}
	if other, _ := s.ListRequirements(ctx, f.surg.ID); len(other) != 0 {
		t.Errorf("another department got requirements: %+v", other)
	}
	// Bad input: every bad row reported, nothing written.
	bad := []roster.Requirement{
		{ShiftTypeID: f.day.ID, Weekday: time.Tuesday, Min: 3, Max: 2},
		{ShiftTypeID: f.day.ID, Weekday: 9, Min: 1},
		{ShiftTypeID: f.day.ID, Weekday: time.Tuesday, Min: 1},
	}
	err = s.SetRequirements(ctx, f.med.ID, bad)
	wantCode(t, err, roster.Invalid, "bad requirements")
	for _, want := range []string{"line 1: max", "line 2: weekday", "line 3: weekday: a second requirement"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	// A shift type of another department is refused.
	other := roster.ShiftType{DepartmentID: f.surg.ID, Code: "T", StartMinute: 8 * 60, LengthMinutes: 600, Kind: roster.Work}
	must(t, s.CreateShiftType(ctx, &other))
	err = s.SetRequirements(ctx, f.med.ID, []roster.Requirement{{ShiftTypeID: other.ID, Weekday: time.Monday, Min: 1}})
	wantCode(t, err, roster.Invalid, "foreign shift type")
	if got, _ := s.ListRequirements(ctx, f.med.ID); len(got) != 1 {
		t.Errorf("a refused replacement changed the requirements: %+v", got)
	}
	audit, err := s.ListAudit(ctx, store.AuditFilter{Entity: "requirements", EntityID: f.med.ID})
	must(t, err)
	if len(audit) != 2 || audit[0].Action != "replace" {
		t.Errorf("audit entries %+v, want 2 replace", audit)
	}
}

func testRequests(t *testing.T, s store.Store) {
	f := seed(t, s)
	ctx := ctxFor(t)
	d1, d2 := f.doctors[0], f.doctors[3] // medicine, surgery
	reqs := []roster.Request{
		{DoctorID: d1.ID, Date: roster.Date{Year: 2026, Month: 3, Day: 2}, Weight: 10},
		{DoctorID: d1.ID, Date: roster.Date{Year: 2026, Month: 3, Day: 9}, ShiftTypeID: f.night.ID, On: true, Weight: 5, Note: "swap"},
		{DoctorID: d2.ID, Date: roster.Date{Year: 2026, Month: 3, Day: 3}, Weight: 1},
	}
	for i := range reqs {
		must(t, s.CreateRequest(ctx, &reqs[i]))
		if reqs[i].ID == 0 || reqs[i].Version != 1 {
			t.Fatalf("created %+v", reqs[i])
		}
	}
	got, err := s.ListRequests(ctx, store.RequestFilter{DepartmentID: f.med.ID})
	must(t, err)
	if len(got) != 2 || got[0] != reqs[0] || got[1] != reqs[1] {
		t.Errorf("medicine's requests %+v, want %+v", got, reqs[:2])
	}
	got, _ = s.ListRequests(ctx, store.RequestFilter{DoctorID: d1.ID, From: roster.Date{Year: 2026, Month: 3, Day: 3},
		To: roster.Date{Year: 2026, Month: 3, Day: 10}})
	if len(got) != 1 || got[0].ID != reqs[1].ID {
		t.Errorf("range [3, 10) March: %+v", got)
	}
	got, _ = s.ListRequests(ctx, store.RequestFilter{To: roster.Date{Year: 2026, Month: 3, Day: 9}})
	if len(got) != 2 {
		t.Errorf("to 9 March (exclusive): %d requests, want 2", len(got))
	}
	// Invalid.
	err = s.CreateRequest(ctx, &roster.Request{DoctorID: d1.ID, Date: roster.Date{Year: 2026, Month: 3, Day: 2}, On: true, Weight: 0})
	wantCode(t, err, roster.Invalid, "on-request without shift, weight 0")
	if !strings.Contains(err.Error(), "shift_type_id") || !strings.Contains(err.Error(), "weight") {
		t.Errorf("error %q should name shift_type_id and weight", err)
	}
	err = s.CreateRequest(ctx, &roster.Request{DoctorID: 999999, Date: roster.Date{Year: 2026, Month: 3, Day: 2}, Weight: 1})
	wantCode(t, err, roster.Invalid, "unknown doctor")
	// Delete with optimistic concurrency.
	wantCode(t, s.DeleteRequest(ctx, reqs[0].ID, 2), roster.Conflict, "stale delete")
	must(t, s.DeleteRequest(ctx, reqs[0].ID, 1))
	wantCode(t, s.DeleteRequest(ctx, reqs[0].ID, 1), roster.NotFound, "second delete")
	if got, _ := s.ListRequests(ctx, store.RequestFilter{DoctorID: d1.ID}); len(got) != 1 {
		t.Errorf("after delete: %+v", got)
	}
}

func testDrafts(t *testing.T, s store.Store) {
	f := seed(t, s)
	ctx := ctxFor(t)
	from := roster.Date{Year: 2026, Month: 3, Day: 2}
	d := roster.Draft{DepartmentID: f.med.ID, From: from, To: from.AddDays(14), Status: roster.DraftRunning,
		CreatedBy: admin.UserID, TimeLimitSec: 10, BaseHash: "abc"}
	must(t, s.CreateDraft(ctx, &d))
	if d.ID == 0 || d.Version != 1 || d.CreatedAt.IsZero() {
		t.Fatalf("created %+v", d)
	}
	d2 := roster.Draft{DepartmentID: f.med.ID, From: from, To: from.AddDays(7), Status: roster.DraftRunning}
	must(t, s.CreateDraft(ctx, &d2))
	d3 := roster.Draft{DepartmentID: f.surg.ID, From: from, To: from.AddDays(7), Status: roster.DraftRunning}
	must(t, s.CreateDraft(ctx, &d3))
	wantCode(t, s.CreateDraft(ctx, &roster.Draft{DepartmentID: f.med.ID, From: from, To: from, Status: roster.DraftRunning}),
		roster.Invalid, "empty period")
	wantCode(t, s.CreateDraft(ctx, &roster.Draft{DepartmentID: f.med.ID, From: from, To: from.AddDays(1), Status: "maybe"}),
		roster.Invalid, "bad status")

	d.Status, d.Objective, d.Feasible, d.Shortfall, d.Violations, d.Warnings = roster.DraftDone, 42, true, 3, 1, 2
	d.FinishedAt = time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	d.Result = `{"assignments":[]}`
	must(t, s.UpdateDraft(ctx, &d))
	if d.Version != 2 {
		t.Errorf("version after update %d, want 2", d.Version)
	}
	got, err := s.GetDraft(ctx, d.ID)
	must(t, err)
	if got.Status != roster.DraftDone || got.Objective != 42 || !got.Feasible || got.Shortfall != 3 || got.Violations != 1 ||
		got.Warnings != 2 || got.Result != d.Result || !got.FinishedAt.Equal(d.FinishedAt) || got.From != from ||
		got.To != from.AddDays(14) || got.BaseHash != "abc" || got.TimeLimitSec != 10 || got.CreatedBy != admin.UserID {
		t.Errorf("read back %+v, want %+v", got, d)
	}
	stale := d
	stale.Version = 1
	stale.Status = roster.DraftAccepted
	wantCode(t, s.UpdateDraft(ctx, &stale), roster.Conflict, "stale draft update")

	list, err := s.ListDrafts(ctx, f.med.ID, 0)
	must(t, err)
	if len(list) != 2 || list[0].ID != d2.ID || list[1].ID != d.ID || list[1].Result != "" {
		t.Errorf("list: %+v", list)
	}
	if list, _ := s.ListDrafts(ctx, f.med.ID, 1); len(list) != 1 || list[0].ID != d2.ID {
		t.Errorf("list limit 1: %+v", list)
	}
	n, err := s.FailRunningDrafts(ctx, "interrupted")
	must(t, err)
	if n != 2 {
		t.Errorf("failed %d running drafts, want 2", n)
	}
	for _, id := range []roster.ID{d2.ID, d3.ID} {
		g, _ := s.GetDraft(ctx, id)
		if g.Status != roster.DraftFailed || g.Message != "interrupted" || g.FinishedAt.IsZero() {
			t.Errorf("draft %d after FailRunningDrafts: %+v", id, g)
		}
	}
	if g, _ := s.GetDraft(ctx, d.ID); g.Status != roster.DraftDone {
		t.Errorf("a done draft was failed: %+v", g)
	}
	if n, _ := s.FailRunningDrafts(ctx, "again"); n != 0 {
		t.Errorf("second FailRunningDrafts: %d", n)
	}
	_, err = s.GetDraft(ctx, 999999)
	wantCode(t, err, roster.NotFound, "missing draft")
	audit, _ := s.ListAudit(ctx, store.AuditFilter{Entity: "draft", EntityID: d.ID})
	if len(audit) != 2 || strings.Contains(audit[0].After+audit[1].After, "assignments") {
		t.Errorf("draft audit (create, done; no result): %+v", audit)
	}
}

func testReplaceAssignments(t *testing.T, s store.Store) {
	f := seed(t, s)
	ctx := ctxFor(t)
	doc := f.doctors[0]
	mk := func(day int, st roster.ShiftType) roster.Assignment {
		start, end := st.On(roster.Date{Year: 2026, Month: 3, Day: day})
		return roster.Assignment{DoctorID: doc.ID, DepartmentID: f.med.ID, ShiftTypeID: st.ID, Kind: roster.Work, Start: start, End: end}
	}
	old := []roster.Assignment{mk(2, f.day), mk(3, f.day), mk(4, f.night)}
	must(t, s.CreateAssignments(ctx, old))
	cur, _ := s.ListAssignments(ctx, store.AssignmentFilter{DoctorID: doc.ID})
	// A stale version refuses the whole replacement.
	staleDel := append([]roster.Assignment(nil), cur...)
	staleDel[1].Version = 5
	err := s.ReplaceAssignments(ctx, staleDel, []roster.Assignment{mk(5, f.day)}, "draft 1")
	wantCode(t, err, roster.Conflict, "stale replace")
	if got, _ := s.ListAssignments(ctx, store.AssignmentFilter{DoctorID: doc.ID}); len(got) != 3 {
		t.Fatalf("a refused replace changed the rota: %d assignments", len(got))
	}
	must(t, s.ReplaceAssignments(ctx, cur[:2], []roster.Assignment{mk(5, f.day), mk(6, f.night)}, "draft 1"))
	got, _ := s.ListAssignments(ctx, store.AssignmentFilter{DoctorID: doc.ID})
	if len(got) != 3 || got[0].ID != cur[2].ID || !got[1].Start.Equal(mk(5, f.day).Start) || got[2].ShiftTypeID != f.night.ID {
		t.Errorf("after replace: %+v", got)
	}
	// Deleting something already gone is a conflict.
	wantCode(t, s.ReplaceAssignments(ctx, cur[:1], nil, "again"), roster.Conflict, "replace of deleted")
	audit, _ := s.ListAudit(ctx, store.AuditFilter{Entity: "assignment"})
	found := false
	for _, a := range audit {
		if a.Action == "replace" && a.Note == "draft 1" {
			found = true
		}
	}
	if !found {
		t.Errorf("no replace audit entry in %+v", audit)
	}
}
