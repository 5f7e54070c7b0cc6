package solve

import (
	"strconv"
	"testing"
	"time"
)

// weekendProblem has 8 weekends (Monday start, 56 days), one shift type,
// ten employees who may work 0 to 4 weekends (e%5), employee 3 off on the
// Saturday of weekend 2 if dayOff, and cover of want[k] staff on each day
// of weekend k (1 on every other day).
func weekendProblem(want map[int]int, dayOff bool) *Problem {
	p := &Problem{Name: "weekends", Days: 56, FirstWeekday: time.Monday}
	p.Shifts = []Shift{{ID: "D", Minutes: 480}}
	for e := 0; e < 10; e++ {
		emp := Employee{ID: string(rune('A' + e)), MaxShifts: []int{56}, MinMinutes: 0, MaxMinutes: 56 * 480,
			MaxConsecutive: 5, MinConsecutive: 1, MinConsecutiveOff: 1, MaxWeekends: e % 5}
		if e == 3 && dayOff {
			emp.DaysOff = []int{7*2 + 5}
		}
		p.Employees = append(p.Employees, emp)
	}
	for d := 0; d < p.Days; d++ {
		n := 1
		if k, ok := want[d/7]; ok && d%7 >= 5 {
			n = k
		}
		p.Cover = append(p.Cover, Cover{Day: d, Shift: 0, Requirement: n, WeightUnder: 100, WeightOver: 1})
	}
	return p
}

func TestPlanWeekends(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		// Every employee plans as many weekends as it may work, never one
		// with a day it must be off.
		p := weekendProblem(nil, true)
		m := compile(p)
		w := newWorker(m, seed, 0)
		w.planWeekends()
		if len(w.wkPlan) != m.E*m.nWk || m.nWk != 8 {
			t.Fatalf("seed %d: plan of %d entries for %d employees and %d weekends", seed, len(w.wkPlan), m.E, m.nWk)
		}
		if w.wkBonus != 60 || w.wkMalus != 200 {
			t.Errorf("seed %d: bonus %d, malus %d; want 60 and 200 for an under-cover weight of 100", seed, w.wkBonus, w.wkMalus)
		}
		per := make([]int, m.nWk)
		for e := 0; e < m.E; e++ {
			n := 0
			for k := 0; k < m.nWk; k++ {
				if w.wkPlan[e*m.nWk+k] {
					n++
					per[k]++
				}
			}
			if want := p.Employees[e].MaxWeekends; n != want {
				t.Errorf("seed %d: employee %d plans %d weekends, may work %d", seed, e, n, want)
			}
		}
		if w.wkPlan[3*m.nWk+2] {
			t.Errorf("seed %d: employee 3 planned on weekend 2, whose Saturday it must be off", seed)
		}
		// Equal need and no days off: the weekends get staff in turn
		// (counts within one of each other).
		m = compile(weekendProblem(nil, false))
		w = newWorker(m, seed, 0)
		w.planWeekends()
		for k := range per {
			per[k] = 0
			for e := 0; e < m.E; e++ {
				if w.wkPlan[e*m.nWk+k] {
					per[k]++
				}
			}
		}
		lo, hi := per[0], per[0]
		for _, n := range per {
			lo, hi = min(lo, n), max(hi, n)
		}
		if hi-lo > 1 {
			t.Errorf("seed %d: planned staff per weekend %v, want within one of each other", seed, per)
		}
		// A weekend wanting more staff is planned first: weekend 5 wants 6
		// each day, the others 1, so the first five employees who may work
		// a weekend all plan it (its need stays above the others' until
		// then).
		m = compile(weekendProblem(map[int]int{5: 6}, false))
		w = newWorker(m, seed, 0)
		w.planWeekends()
		n5 := 0
		for e := 0; e < m.E; e++ {
			if w.wkPlan[e*m.nWk+5] {
				n5++
			}
		}
		if n5 < 5 {
			t.Errorf("seed %d: weekend 5 planned for %d employees, want at least 5", seed, n5)
		}
	}
}

func TestHalfWeekend(t *testing.T) {
	m := compile(weekendProblem(nil, false))
	w := newWorker(m, 1, 0)
	line := w.a[0]
	for d := range line {
		line[d] = 0
	}
	if d := w.halfWeekend(0); d != -1 {
		t.Fatalf("no weekend worked: got day %d, want -1", d)
	}
	line[5], line[6] = 1, 1 // weekend 0 on both days
	line[14] = 1            // Monday of week 2
	if d := w.halfWeekend(0); d != -1 {
		t.Fatalf("weekend worked on both days: got day %d, want -1", d)
	}
	line[13] = 1 // Sunday of weekend 1 only
	if d := w.halfWeekend(0); d != 12 {
		t.Fatalf("weekend 1 worked on its Sunday only: got day %d, want its Saturday 12", d)
	}
	line[13], line[19] = 0, 1 // Saturday of weekend 2 only
	if d := w.halfWeekend(0); d != 19 {
		t.Fatalf("weekend 2 worked on its Saturday only: got day %d, want 19", d)
	}
	line[13] = 1 // and weekend 1 on its Sunday again: either, at random
	seen := map[int]bool{}
	for range 200 {
		seen[w.halfWeekend(0)] = true
	}
	if len(seen) != 2 || !seen[12] || !seen[19] {
		t.Fatalf("two half-worked weekends: drew %v, want days 12 and 19", seen)
	}
}

// TestConstructPlansWeekends checks that the construction drops its plan
// when done and that its roster agrees with a full evaluation.
func TestConstructPlansWeekends(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		p := randomProblem(seed)
		m := compile(p)
		w := newWorker(m, seed, 0)
		w.wkSteer = true
		w.construct(func() bool { return false })
		if w.wkPlan != nil {
			t.Fatalf("seed %d: plan left after the construction", seed)
		}
		hard, soft, cover := w.sumHard, w.sumSoft, w.cover
		w.recompute()
		if hard != w.sumHard || soft != w.sumSoft || cover != w.cover {
			t.Fatalf("seed %d: sums %d/%d/%d, recomputed %d/%d/%d", seed, hard, soft, cover, w.sumHard, w.sumSoft, w.cover)
		}
	}
}

// TestWeekendSteering checks when the weekend steering is on: at least
// steerWeekends weekends and too many choices for a whole dive.
func TestWeekendSteering(t *testing.T) {
	for _, c := range []struct {
		staff, weeks int
		want         bool
	}{
		{10, 12, false},  // a whole dive is affordable
		{100, 11, false}, // too few weekends
		{100, 12, true},
	} {
		p := &Problem{Name: "steer", Days: 7 * c.weeks, FirstWeekday: time.Monday}
		p.Shifts = []Shift{{ID: "D", Minutes: 480}}
		for e := 0; e < c.staff; e++ {
			p.Employees = append(p.Employees, Employee{ID: "E" + strconv.Itoa(e), MaxShifts: []int{p.Days},
				MaxMinutes: p.Days * 480, MaxConsecutive: 5, MinConsecutive: 1, MinConsecutiveOff: 1, MaxWeekends: c.weeks})
		}
		for d := 0; d < p.Days; d++ {
			p.Cover = append(p.Cover, Cover{Day: d, Shift: 0, Requirement: c.staff / 2, WeightUnder: 100, WeightOver: 1})
		}
		m := compile(p)
		w := newWorker(m, 1, 0)
		if w.wkSteer != c.want {
			t.Errorf("%d staff, %d weeks: steering %v, want %v (whole dive affordable: %v)", c.staff, c.weeks, w.wkSteer, c.want, w.cgAffordable())
		}
	}
}
