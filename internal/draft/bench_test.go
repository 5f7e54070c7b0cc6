package draft

import (
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/solve"
)

// benchModel is a department the size of the demo's: 40 doctors, day,
// long day, evening and night shifts, 4 weeks.
func benchModel(b *testing.B) *Model {
	b.Helper()
	ld := roster.ShiftType{ID: 15, DepartmentID: 1, Code: "LD", StartMinute: 8 * 60, LengthMinutes: 12*60 + 30, Kind: roster.Work}
	var reqs []roster.Requirement
	for _, st := range []roster.ShiftType{day, ld, late, night} {
		reqs = append(reqs, everyDay(st.ID, 2)...)
	}
	from := date(2026, time.October, 19)
	m, err := Build(Input{Department: dept, Shifts: []roster.ShiftType{day, ld, late, night}, Doctors: doctors(40),
		Requirements: reqs, From: from, To: from.AddDays(28)})
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkBuild measures mapping a department's rota problem to the model.
func BenchmarkBuild(b *testing.B) {
	m := benchModel(b)
	for b.Loop() {
		if _, err := Build(m.In); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck measures mapping a roster back to assignments and
// checking every doctor with the rules engine (done after each round).
func BenchmarkCheck(b *testing.B) {
	m := benchModel(b)
	sol, err := solve.Solve(b.Context(), m.Problem, solve.Options{MaxIters: 20000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		m.result(sol)
	}
	b.ReportMetric(float64(len(m.Doctors))*float64(b.N)/b.Elapsed().Seconds(), "doctors/s")
}
