package solve

import (
	"math/rand/v2"
	"testing"
)

// benchProblem is shaped like Instance19 of the benchmark: 20 employees
// over 12 weeks, 5 shift types of 480 and 600 minutes, tight limits on
// total minutes, 2-5 shifts in a row, 2 days off, 6 weekends of 12.
func benchProblem() *Problem {
	r := rand.New(rand.NewPCG(19, 1))
	const H = 84
	p := &Problem{Name: "bench", Days: H}
	p.Shifts = []Shift{{ID: "E", Minutes: 480}, {ID: "d1", Minutes: 480, Forbidden: []int{0}},
		{ID: "d2", Minutes: 480, Forbidden: []int{0}}, {ID: "L", Minutes: 480, Forbidden: []int{0, 1, 2}},
		{ID: "N", Minutes: 600, Forbidden: []int{0, 1, 2, 3}}}
	for e := 0; e < 20; e++ {
		p.Employees = append(p.Employees, Employee{ID: string(rune('A' + e)), MaxShifts: []int{84, 84, 21, 84, 12},
			MinMinutes: 24960, MaxMinutes: 25920, MaxConsecutive: 5, MinConsecutive: 2, MinConsecutiveOff: 2,
			MaxWeekends: 6, DaysOff: []int{r.IntN(H)}})
	}
	for d := 0; d < H; d++ {
		for s := range p.Shifts {
			p.Cover = append(p.Cover, Cover{Day: d, Shift: s, Requirement: 1 + r.IntN(3), WeightUnder: 100, WeightOver: 1})
		}
	}
	return p
}

// BenchmarkWindowDP prices one employee's line over windows of 14 days
// with the rest of the line fixed, as window moves do (minutes and
// weekends as dimensions of the programme).
func BenchmarkWindowDP(b *testing.B) {
	p := benchProblem()
	m := compile(p)
	w := newWorker(m, 1, 0)
	w.construct(func() bool { return false })
	r := rand.New(rand.NewPCG(2, 2))
	dp := w.dp
	dp.hardW = 1 << 22
	dp.strictMin = true
	costs := make([]int32, m.H*m.X)
	for i := range costs {
		costs[i] = int32(r.IntN(2000) - 1500)
	}
	line := make([]int8, m.H)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := i % m.E
		lo := (i * 7) % (m.H - 14)
		copy(line, w.a[e])
		for d := lo; d < lo+14; d++ {
			line[d] = 0
		}
		dp.cost = costs[lo*m.X : (lo+14)*m.X]
		dp.solve(e, line, lo, lo+14)
	}
}
