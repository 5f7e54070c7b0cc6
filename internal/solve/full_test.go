package solve

import (
	"testing"
	"time"
)

// fullProblem has two weeks from a Monday, one shift type and three
// employees: two who may work 5 days in any 7 (at most 5 in a row, at
// least 2 off) and one 6 (at most 3 in a row, 1 off), 16 shifts a week
// in all. The cover asks for 2 a day, except on the second Sunday: sunday.
func fullProblem(sunday int) *Problem {
	p := &Problem{Name: "full", Days: 14, FirstWeekday: time.Monday}
	p.Shifts = []Shift{{ID: "D", Minutes: 480}}
	for e, lim := range [][2]int{{5, 2}, {5, 2}, {3, 1}} {
		p.Employees = append(p.Employees, Employee{ID: string(rune('A' + e)), MaxShifts: []int{14},
			MaxMinutes: 14 * 480, MaxConsecutive: lim[0], MinConsecutive: 1, MinConsecutiveOff: lim[1], MaxWeekends: 2})
	}
	for d := 0; d < p.Days; d++ {
		n := 2
		if d == 13 {
			n = sunday
		}
		p.Cover = append(p.Cover, Cover{Day: d, Shift: 0, Requirement: n, WeightUnder: 100, WeightOver: 1})
	}
	return p
}

func TestFullDays(t *testing.T) {
	// The staff can work 16 shifts in any 7 days: a second week of 16
	// (4 on its Sunday) is within that, one of 17 is not; the first
	// week (14) never is.
	for _, c := range []struct {
		sunday int
		full   bool
	}{{2, false}, {4, false}, {5, true}} {
		full := compile(fullProblem(c.sunday)).fullDays()
		for d, f := range full {
			if want := c.full && d >= 7; f != want {
				t.Errorf("%d on the second Sunday: day %d full %v, want %v", c.sunday, d, f, want)
			}
		}
	}
}

func TestShortCellFullWeeks(t *testing.T) {
	// Every cell is short (no one works): half of them in the full week.
	// Drawn alike without the marks; with them, a full week's cell is kept
	// one time in fullOdds, so it is drawn with probability
	// (1/fullOdds)/(1/fullOdds+1): 0.2 for fullOdds 4.
	m := compile(fullProblem(5))
	w := newWorker(m, 7, 0)
	w.clear()
	w.recompute()
	share := func() float64 {
		n := 0
		for range 20000 {
			if i := w.shortCell(); i < 0 {
				t.Fatal("no short cell drawn")
			} else if i/m.S >= 7 {
				n++
			}
		}
		return float64(n) / 20000
	}
	w.full = nil
	if s := share(); s < 0.47 || s > 0.53 {
		t.Errorf("without full weeks: %.3f of the draws in week 2, want about 0.5", s)
	}
	w.full = m.fullDays()
	want := 1 / float64(fullOdds) / (1/float64(fullOdds) + 1)
	if s := share(); s < want-0.03 || s > want+0.03 {
		t.Errorf("week 2 full: %.3f of the draws in it, want about %.3f", s, want)
	}
}

func TestFullWeekendDay(t *testing.T) {
	m := compile(fullProblem(5))
	w := newWorker(m, 1, 0)
	w.full = m.fullDays()
	line := w.a[0]
	for d := range line {
		line[d] = 0
	}
	line[5], line[6] = 1, 1 // weekend 0, not in a full week
	if d := w.fullWeekendDay(0, -1); d != -1 {
		t.Fatalf("no weekend worked in the full week: got day %d, want -1", d)
	}
	line[9], line[13] = 1, 1 // a Wednesday and the Sunday of weekend 1
	if d := w.fullWeekendDay(0, -1); d != 13 {
		t.Fatalf("got day %d, want the Sunday 13", d)
	}
	if d := w.fullWeekendDay(0, m.wk[12]); d != -1 {
		t.Fatalf("weekend 1 skipped: got day %d, want -1", d)
	}
	line[12] = 1 // both days: either, at random
	seen := map[int]bool{}
	for range 200 {
		seen[w.fullWeekendDay(0, 0)] = true
	}
	if len(seen) != 2 || !seen[12] || !seen[13] {
		t.Fatalf("weekend 1 worked whole: drew %v, want days 12 and 13", seen)
	}
}

func TestPlannedWeekends(t *testing.T) {
	// weekendProblem: 8 weekends, employee 4 may work 4 of them.
	m := compile(weekendProblem(nil, false))
	w := newWorker(m, 1, 0)
	w.wkPlan = make([]bool, m.E*m.nWk)
	for _, k := range []int{1, 5, 6, 7} {
		w.wkPlan[4*m.nWk+k] = true
	}
	for _, c := range []struct{ hi, want int }{
		{5, 1},  // before weekend 0: none planned, one more
		{7, 1},  // weekend 0 is not planned
		{12, 1}, // weekend 1 starts on day 12: not before 12
		{13, 2}, // but before 13
		{40, 2},
		{41, 3}, // weekend 5 from day 40
		{56, 4}, // all four planned, and the limit
	} {
		if got := w.plannedWeekends(4, c.hi); got != c.want {
			t.Errorf("before day %d: %d weekends, want %d", c.hi, got, c.want)
		}
	}
	// Employee 0 may work none, whatever the plan says.
	w.wkPlan[0*m.nWk+0] = true
	if got := w.plannedWeekends(0, 56); got != 0 {
		t.Errorf("employee with no weekends: %d, want 0", got)
	}
}
