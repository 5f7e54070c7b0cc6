package web

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/demo"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// editCase is a demo doctor's rota around one edited shift: the shift is
// made 14 h long (a new TCS2016-MAX13SHIFT breach).
func editCase(as []roster.Assignment) (current, remove, add []roster.Assignment) {
	mid := as[len(as)/2]
	for i := len(as) / 2; i < len(as); i++ {
		if as[i].Kind == roster.Work && as[i].Minutes() < 13*60 {
			mid = as[i]
			break
		}
	}
	for _, a := range as {
		if a.Start.After(mid.Start.AddDate(0, 0, -editContextDays-1)) && a.End.Before(mid.End.AddDate(0, 0, editContextDays+1)) {
			current = append(current, a)
		}
	}
	edited := mid
	edited.End = edited.Start.Add(14 * time.Hour)
	return current, []roster.Assignment{mid}, []roster.Assignment{edited}
}

// BenchmarkCheckEditedDoctor is the engine's share of checking one edited
// doctor before a save (two checks: before and after the edit, over the
// 8 weeks around it; the budget is 1 ms).
func BenchmarkCheckEditedDoctor(b *testing.B) {
	tr, err := demo.Generate(demo.Config{Seed: 1, Doctors: 30, Departments: 1, Weeks: 12})
	if err != nil {
		b.Fatal(err)
	}
	byDoc := map[roster.ID][]roster.Assignment{}
	for _, a := range tr.Assignments {
		byDoc[a.DoctorID] = append(byDoc[a.DoctorID], a)
	}
	var doc roster.Doctor // the 2016-terms doctor with the most shifts
	for _, d := range tr.Doctors {
		if d.Contract.Kind == roster.TCS2016 && len(byDoc[d.ID]) > len(byDoc[doc.ID]) {
			doc = d
		}
	}
	as := byDoc[doc.ID]
	slices.SortFunc(as, func(x, y roster.Assignment) int { return x.Start.Compare(y.Start) })
	current, remove, add := editCase(as)
	cc := newCompChecker()
	if got := editBreaches(cc, doc, current, remove, add); len(got) == 0 {
		b.Fatalf("the edit of %+v creates no breach", remove[0])
	}
	for b.Loop() {
		editBreaches(cc, doc, current, remove, add)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1000/float64(b.N), "µs/edit")
	b.ReportMetric(float64(len(current)), "shifts")
}

// BenchmarkNewBreachesDemo is the whole pre-save check of the app on the
// demo trust: loading the doctor's shifts around the edit from SQLite and
// checking before and after.
func BenchmarkNewBreachesDemo(b *testing.B) {
	d := sharedDemo(b)
	ctx := roster.WithActor(context.Background(), roster.Actor{Username: "bench"})
	docs, err := d.st.ListDoctors(ctx, store.DoctorFilter{DepartmentID: d.depts[0].ID, Limit: 1})
	if err != nil || len(docs) == 0 {
		b.Fatal(err, len(docs))
	}
	doc := docs[0]
	as, err := d.st.ListAssignments(ctx, store.AssignmentFilter{DoctorID: doc.ID, From: d.now.AddDate(0, 0, -60), To: d.now.AddDate(0, 0, 60)})
	if err != nil || len(as) == 0 {
		b.Fatal(err, len(as))
	}
	_, remove, add := editCase(as)
	for b.Loop() {
		if _, err := d.srv.newBreaches(ctx, d.st, doc, remove, add); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1000/float64(b.N), "µs/edit")
}

// BenchmarkComplianceReport is the department report page for 4 weeks,
// cycling through the demo trust's departments.
func BenchmarkComplianceReport(b *testing.B) {
	d := sharedDemo(b)
	benchPages(b, roster.RoleWorkforce, func(i int) string {
		return "/departments/" + id(d.depts[i%len(d.depts)].ID) + "/compliance?from=2026-10-19&to=2026-11-15"
	})
}
