package storetest

import (
	"context"
	"testing"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// Trust-sized data for benchmarks: 20 departments, 800 doctors, one
// shift a day each for 188 days from 2 March 2026 (across the March clock
// change): 150,400 assignments, about what the demo builds.
const (
	benchDepartments = 20
	benchDoctors     = 800
	benchDays        = 188
)

type benchTrust struct {
	depts   []roster.Department
	doctors []roster.Doctor
	shifts  map[roster.ID][]roster.ShiftType // by department
}

func seedBenchTrust(tb testing.TB, ctx context.Context, s store.Store) *benchTrust {
	tb.Helper()
	bt := &benchTrust{shifts: map[roster.ID][]roster.ShiftType{}}
	org := roster.Organisation{Name: "Benchmark Trust", Code: "RBT"}
	if err := s.CreateOrganisation(ctx, &org); err != nil {
		tb.Fatal(err)
	}
	err := s.InTx(ctx, func(tx store.Tx) error {
		for i := range benchDepartments {
			d := roster.Department{OrgID: org.ID, Name: "Department " + string(rune('A'+i))}
			if err := tx.CreateDepartment(ctx, &d); err != nil {
				return err
			}
			bt.depts = append(bt.depts, d)
			for _, st := range []roster.ShiftType{
				{Code: "D", StartMinute: 8 * 60, LengthMinutes: 9 * 60, Kind: roster.Work},
				{Code: "L", StartMinute: 8 * 60, LengthMinutes: 13 * 60, Kind: roster.Work},
				{Code: "N", StartMinute: 21 * 60, LengthMinutes: 12 * 60, Kind: roster.Work},
			} {
				st.DepartmentID = d.ID
				if err := tx.CreateShiftType(ctx, &st); err != nil {
					return err
				}
				bt.shifts[d.ID] = append(bt.shifts[d.ID], st)
			}
		}
		for i := range benchDoctors {
			gmc := []byte("7000000")
			for j, n := 6, i+1; n > 0; j, n = j-1, n/10 {
				gmc[j] = byte('0' + n%10)
			}
			d := newDoctor(org.ID, bt.depts[i%benchDepartments].ID, string(gmc), "Doctor", "Number "+string(gmc), roster.ST4, roster.TCS2016)
			if err := tx.CreateDoctor(ctx, &d); err != nil {
				return err
			}
			bt.doctors = append(bt.doctors, d)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return bt
}

func (bt *benchTrust) assignments(first roster.Date) []roster.Assignment {
	as := make([]roster.Assignment, 0, benchDoctors*benchDays)
	for day := range benchDays {
		d := first.AddDays(day)
		for i, doc := range bt.doctors {
			st := bt.shifts[doc.DepartmentID][(i+day)%3]
			start, end := st.On(d)
			as = append(as, roster.Assignment{DoctorID: doc.ID, DepartmentID: doc.DepartmentID, ShiftTypeID: st.ID,
				Kind: roster.Work, Start: start, End: end})
		}
	}
	return as
}

// BenchCreateAssignments measures CreateAssignments with 150,400
// assignments in one call (one transaction), reporting assignments/s.
func BenchCreateAssignments(b *testing.B, newStore func(testing.TB) store.Store) {
	ctx := roster.WithActor(b.Context(), admin)
	s := newStore(b)
	bt := seedBenchTrust(b, ctx, s)
	first, _ := roster.ParseDate("2026-03-02")
	n := 0
	for b.Loop() {
		as := bt.assignments(first.AddDays(n * benchDays))
		if err := s.CreateAssignments(ctx, as); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n*benchDoctors*benchDays)/b.Elapsed().Seconds(), "assignments/s")
	b.ReportMetric(float64(benchDoctors*benchDays), "assignments/op")
}

// BenchListAssignments measures the rota grid's query, one department's
// week, on a store holding 150,400 assignments, reporting ms per query.
func BenchListAssignments(b *testing.B, newStore func(testing.TB) store.Store) {
	ctx := roster.WithActor(b.Context(), admin)
	s := newStore(b)
	bt := seedBenchTrust(b, ctx, s)
	first, _ := roster.ParseDate("2026-03-02")
	if err := s.CreateAssignments(ctx, bt.assignments(first)); err != nil {
		b.Fatal(err)
	}
	// The week of the March clock change, in a department near the middle.
	from := roster.Date{Year: 2026, Month: 3, Day: 23}.In(roster.London)
	to := roster.Date{Year: 2026, Month: 3, Day: 30}.In(roster.London)
	dept := bt.depts[benchDepartments/2].ID
	want := benchDoctors / benchDepartments * 7
	rows := 0
	n := 0
	for b.Loop() {
		as, err := s.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: dept, From: from, To: to})
		if err != nil {
			b.Fatal(err)
		}
		// 7 days of shifts plus the night before that runs into Monday.
		if len(as) < want || len(as) > want+benchDoctors/benchDepartments {
			b.Fatalf("listed %d assignments, want about %d", len(as), want)
		}
		rows = len(as)
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(n), "ms/query")
	b.ReportMetric(float64(rows), "rows/query")
}
