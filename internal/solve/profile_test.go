package solve

import (
	"math"
	"testing"
	"time"
)

func TestWorkProfile(t *testing.T) {
	// 4 employees who must work 16 shifts of 480 minutes in 28 days, at
	// most 5 days in every 7 (5 on, at least 2 off): 64 shifts and a
	// capacity of 20/7 a day. Demand is 1 a day for three weeks, then 4
	// a day. With f the factor on demand, 21*f + 7*20/7 = 64 gives
	// f = 44/21: days 0-20 get 44/21 each, 44 in all, and the last week
	// its capacity, 20; so 44/64 of the work falls before day 21.
	p := &Problem{Name: "profile", Days: 28, FirstWeekday: time.Monday}
	p.Shifts = []Shift{{ID: "D", Minutes: 480}}
	for e := 0; e < 4; e++ {
		p.Employees = append(p.Employees, Employee{ID: string(rune('A' + e)), MaxShifts: []int{28},
			MinMinutes: 16 * 480, MaxMinutes: 16 * 480, MaxConsecutive: 5, MinConsecutive: 1,
			MinConsecutiveOff: 2, MaxWeekends: 4})
	}
	for d := 0; d < p.Days; d++ {
		n := 1
		if d >= 21 {
			n = 4
		}
		p.Cover = append(p.Cover, Cover{Day: d, Shift: 0, Requirement: n, WeightUnder: 100, WeightOver: 1})
	}
	w := newWorker(compile(p), 1, 0)
	prof := w.workProfile()
	if len(prof) != 29 {
		t.Fatalf("profile of %d entries, want 29", len(prof))
	}
	near := func(got, want float64) bool { return math.Abs(got-want) < 1e-9 }
	for d, want := range map[int]float64{0: 0, 7: 7 * 44.0 / 21 / 64, 21: 44.0 / 64, 22: (44 + 20.0/7) / 64, 28: 1} {
		if !near(prof[d], want) {
			t.Errorf("share before day %d = %.6f, want %.6f", d, prof[d], want)
		}
	}
	for d := 1; d <= 28; d++ {
		if prof[d] < prof[d-1] {
			t.Errorf("share falls from %.6f to %.6f at day %d", prof[d-1], prof[d], d)
		}
	}

	// Without demand the profile is the days' share.
	for i := range p.Cover {
		p.Cover[i].Requirement = 0
	}
	prof = newWorker(compile(p), 1, 0).workProfile()
	for _, d := range []int{0, 7, 21, 28} {
		if want := float64(d) / 28; !near(prof[d], want) {
			t.Errorf("no demand: share before day %d = %.6f, want %.6f", d, prof[d], want)
		}
	}
}
