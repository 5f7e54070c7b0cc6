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
	w := benchWorker(benchProblem())
	w.dp.strictMin = true
	benchWindows(b, w, w.dp)
}

// benchWorker builds a roster of p to price windows against.
func benchWorker(p *Problem) *worker {
	w := newWorker(compile(p), 1, 0)
	w.construct(func() bool { return false })
	w.dp.hardW = 1 << 22
	return w
}

// benchWindows solves b.N windows of 14 days with dp, over w's lines in
// turn and random costs.
func benchWindows(b *testing.B, w *worker, dp *dpState) {
	m := w.m
	r := rand.New(rand.NewPCG(2, 2))
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

// manyTypesProblem has the 32 shift types of Instance24 of the benchmark
// (8 classes, 14 groups for the programme), 10 employees over 8 weeks
// with that instance's limits, prorated.
func manyTypesProblem() *Problem {
	r := rand.New(rand.NewPCG(24, 1))
	const H = 56
	p := &Problem{Name: "types", Days: H}
	p.Shifts = []Shift{
		{ID: "a1", Minutes: 480, Forbidden: []int{}},
		{ID: "a2", Minutes: 480, Forbidden: []int{}},
		{ID: "a3", Minutes: 600, Forbidden: []int{}},
		{ID: "a4", Minutes: 720, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}},
		{ID: "a5", Minutes: 480, Forbidden: []int{}},
		{ID: "a6", Minutes: 600, Forbidden: []int{}},
		{ID: "a7", Minutes: 720, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}},
		{ID: "d1", Minutes: 480, Forbidden: []int{0, 1, 2, 4, 5}},
		{ID: "d2", Minutes: 480, Forbidden: []int{0, 1, 2, 4, 5}},
		{ID: "d3", Minutes: 600, Forbidden: []int{0, 1, 2, 3, 4, 5, 6}},
		{ID: "d4", Minutes: 720, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}},
		{ID: "d5", Minutes: 480, Forbidden: []int{0, 1, 2, 4, 5}},
		{ID: "d6", Minutes: 480, Forbidden: []int{0, 1, 2, 4, 5}},
		{ID: "d7", Minutes: 480, Forbidden: []int{0, 1, 2, 4, 5}},
		{ID: "d8", Minutes: 600, Forbidden: []int{0, 1, 2, 3, 4, 5, 6}},
		{ID: "s1", Minutes: 600, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}},
		{ID: "s2", Minutes: 720, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}},
		{ID: "s3", Minutes: 600, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}},
		{ID: "s4", Minutes: 720, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}},
		{ID: "p1", Minutes: 480, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}},
		{ID: "p2", Minutes: 480, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}},
		{ID: "p3", Minutes: 600, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}},
		{ID: "p4", Minutes: 720, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 24, 25}},
		{ID: "p5", Minutes: 480, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}},
		{ID: "p6", Minutes: 600, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}},
		{ID: "p7", Minutes: 720, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 24, 25}},
		{ID: "n1", Minutes: 480, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25}},
		{ID: "n2", Minutes: 600, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 28, 31}},
		{ID: "n3", Minutes: 720, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 28, 31}},
		{ID: "n4", Minutes: 480, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25}},
		{ID: "n5", Minutes: 600, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 28, 31}},
		{ID: "n6", Minutes: 720, Forbidden: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 28, 31}},
	}
	S := len(p.Shifts)
	for e := 0; e < 10; e++ {
		maxS := make([]int, S)
		for s := range maxS {
			if r.IntN(3) > 0 {
				maxS[s] = H
			}
		}
		p.Employees = append(p.Employees, Employee{ID: string(rune('A' + e)), MaxShifts: maxS,
			MinMinutes: 17160, MaxMinutes: 17880, MaxConsecutive: 5, MinConsecutive: 2, MinConsecutiveOff: 2,
			MaxWeekends: 4, DaysOff: []int{r.IntN(H)}})
	}
	for d := 0; d < H; d++ {
		for s := range p.Shifts {
			p.Cover = append(p.Cover, Cover{Day: d, Shift: s, Requirement: r.IntN(3), WeightUnder: 100, WeightOver: 1})
		}
	}
	return p
}

// BenchmarkWindowDPTypes prices 14-day windows of lines over Instance24's
// 32 shift types, by the programme over classes of types (classes) and by
// the same programme with every type a class of its own (codes, as before
// classes).
func BenchmarkWindowDPTypes(b *testing.B) {
	w := benchWorker(manyTypesProblem())
	codes := newDP(w.m)
	codes.setClasses(false)
	codes.hardW = w.dp.hardW
	b.Run("classes", func(b *testing.B) { benchWindows(b, w, w.dp) })
	b.Run("codes", func(b *testing.B) { benchWindows(b, w, codes) })
}

// BenchmarkDayRows computes dayOpt's rows (every employee's change of
// line value for every code on one day) over Instance24's 32 shift types:
// by dayRow, all codes at once (rows), and by segDelta code by code
// (segDelta, as before dayRow).
func BenchmarkDayRows(b *testing.B) {
	w := benchWorker(manyTypesProblem())
	m := w.m
	row := make([]int, m.X)
	b.Run("rows", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			d := i % m.H
			for e := 0; e < m.E; e++ {
				w.dayRow(e, d, row)
			}
		}
	})
	b.Run("segDelta", func(b *testing.B) {
		seg := make([]int8, 1)
		for i := 0; i < b.N; i++ {
			d := i % m.H
			for e := 0; e < m.E; e++ {
				for _, y := range m.choices[e][d] {
					seg[0] = y
					h, s := w.segDelta(e, d, d+1, seg)
					row[y] = s - w.soft[e] + w.W*(h-w.hard[e])
				}
			}
		}
	})
}
