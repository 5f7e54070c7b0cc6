package demo

import (
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/draft"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// The demo trust holds cover requirements and requests, and a draft rota
// can be generated for a department straight away.
func TestDemoDraftOutOfTheBox(t *testing.T) {
	ctx := t.Context()
	st := openStore(t)
	cfg := Small(5)
	cfg.Weeks = 20
	tr, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := Load(ctx, st, tr, nil); err != nil {
		t.Fatal(err)
	}
	orgs, _ := st.ListOrganisations(ctx)
	depts, err := st.ListDepartments(ctx, orgs[0].ID)
	if err != nil || len(depts) == 0 {
		t.Fatal(depts, err)
	}
	dept := depts[0]
	reqs, err := st.ListRequirements(ctx, dept.ID)
	if err != nil {
		t.Fatal(err)
	}
	types, _ := st.ListShiftTypes(ctx, dept.ID)
	code := map[roster.ID]string{}
	for _, s := range types {
		code[s.ID] = s.Code
	}
	// The requirements are what the demo's rota staffs: for a shift and
	// weekday, the doctors on it on average over the demo's days.
	got := map[string]int{}
	for _, r := range reqs {
		got[code[r.ShiftTypeID]+" "+r.Weekday.String()[:3]] = r.Min
	}
	onAverage := func(c string, wd time.Weekday) int {
		n, days := 0, 0
		for d := tr.Start; d.Before(tr.End); d = d.AddDays(1) {
			if d.Weekday() == wd {
				days++
			}
		}
		for _, a := range tr.Assignments {
			if a.DepartmentID == dept.ID && a.Kind != roster.Leave && code[a.ShiftTypeID] == c &&
				roster.DateOf(a.Start.In(roster.London)).Weekday() == wd {
				n++
			}
		}
		return int(float64(n)/float64(days) + 0.5)
	}
	for _, k := range []struct {
		code string
		wd   time.Weekday
	}{{"N", time.Monday}, {"N", time.Sunday}, {"D", time.Friday}, {"LD", time.Saturday}} {
		if want := onAverage(k.code, k.wd); want == 0 || got[k.code+" "+k.wd.String()[:3]] != want {
			t.Errorf("%s on %s: requirement %d, the rota staffs %d on average (%v)", k.code, k.wd, got[k.code+" "+k.wd.String()[:3]], want, got)
		}
	}
	from := tr.Start.AddDays(7 * requestWeek)
	to := from.AddDays(14)
	rq, err := st.ListRequests(ctx, store.RequestFilter{DepartmentID: dept.ID, From: from, To: to})
	if err != nil || len(rq) != 6 {
		t.Fatalf("%d requests in the first fortnight of week %d (%v), want 6", len(rq), requestWeek, err)
	}
	docs, _ := st.ListDoctors(ctx, store.DoctorFilter{DepartmentID: dept.ID})
	ex, _ := st.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: dept.ID, From: from.In(roster.London).Add(-24 * time.Hour), To: to.In(roster.London)})
	m, err := draft.Build(draft.Input{Department: dept, Shifts: types, Doctors: docs, Requirements: reqs, Requests: rq, Existing: ex, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	res, err := draft.Run(ctx, m, draft.Options{MaxIters: 20000, Rounds: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Assigned) == 0 || res.Requests == 0 {
		t.Errorf("draft: %d assignments, %d requests", len(res.Assigned), res.Requests)
	}
}
