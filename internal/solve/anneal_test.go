package solve

import (
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestUnderCell checks that window repairs in the annealing regime start
// from an under-covered cell, with an employee who may work it and does
// not, and from none when no cell is short; and that shortDay draws the
// day of a short cell, or none.
func TestUnderCell(t *testing.T) {
	p := randomProblem(1)
	for i := range p.Cover {
		p.Cover[i].Requirement = 0
		if c := p.Cover[i]; c.Day == 5 && c.Shift == 1 {
			p.Cover[i].Requirement = 2
		}
	}
	m := compile(p)
	w := newWorker(m, 1, 0)
	for e := range w.a {
		for d := range w.a[e] {
			w.a[e][d] = 0
		}
	}
	w.a[0][5] = 2 // employee A already works the short cell
	w.recompute()
	found := 0
	for range 100 {
		e, d := w.underCell()
		if e < 0 {
			continue
		}
		found++
		if d != 5 || e == 0 || !m.allow[e][5*m.X+2] {
			t.Fatalf("drew employee %d on day %d, want the short cell's day 5 and an employee other than A allowed to work it", e, d)
		}
	}
	if found < 50 {
		t.Fatalf("found the one short cell in %d draws of 100", found)
	}
	// The day reassignment's draw of a short cell's day.
	days := 0
	for range 100 {
		if d := w.shortDay(); d >= 0 {
			days++
			if d != 5 {
				t.Fatalf("shortDay drew day %d, want the short cell's day 5", d)
			}
		}
	}
	if days < 50 {
		t.Fatalf("shortDay found the one short cell in %d draws of 100", days)
	}
	w.a[1][5] = 2 // now covered
	w.recompute()
	for range 100 {
		if e, d := w.underCell(); e >= 0 {
			t.Fatalf("no short cell, but drew employee %d on day %d", e, d)
		}
		if d := w.shortDay(); d >= 0 {
			t.Fatalf("no short cell, but shortDay drew day %d", d)
		}
	}
}

// TestAnnealOnly checks when both workers anneal with frequent window
// repairs from under-covered cells: only where neither a whole dive nor
// window moves fit (a shape like Instance24's).
func TestAnnealOnly(t *testing.T) {
	for _, c := range []struct {
		staff, weeks, types int
		want                bool
	}{
		{10, 4, 3, false},   // a whole dive fits
		{40, 12, 5, false},  // window moves fit (like Instance19)
		{150, 52, 32, true}, // like Instance24
	} {
		p := &Problem{Name: "regime", Days: 7 * c.weeks, FirstWeekday: time.Monday}
		for s := 0; s < c.types; s++ {
			p.Shifts = append(p.Shifts, Shift{ID: "S" + strconv.Itoa(s), Minutes: 480 + 120*(s%3)})
		}
		for e := 0; e < c.staff; e++ {
			emp := Employee{ID: "E" + strconv.Itoa(e), MinMinutes: p.Days * 250, MaxMinutes: p.Days * 260,
				MaxConsecutive: 5, MinConsecutive: 2, MinConsecutiveOff: 2, MaxWeekends: c.weeks / 2}
			for range p.Shifts {
				emp.MaxShifts = append(emp.MaxShifts, p.Days)
			}
			p.Employees = append(p.Employees, emp)
		}
		for d := 0; d < p.Days; d++ {
			for s := range p.Shifts {
				p.Cover = append(p.Cover, Cover{Day: d, Shift: s, Requirement: 1, WeightUnder: 100, WeightOver: 1})
			}
		}
		m := compile(p)
		w := newWorker(m, 1, 0)
		if got := w.annealOnly(); got != c.want {
			t.Errorf("%d staff, %d weeks, %d types: annealOnly %v, want %v (dive %v, window moves %v)",
				c.staff, c.weeks, c.types, got, c.want, w.cgAffordable(), w.cgLNSUseful())
		}
		if w.coverFocus != c.want || (w.lnsEvery == 50) != c.want || (w.lnsWindowBudget == annealWindowBudget) != c.want {
			t.Errorf("%d staff: coverFocus %v, window repair every %d moves, window budget %d", c.staff, w.coverFocus, w.lnsEvery, w.lnsWindowBudget)
		}
	}
}

// TestTransfer checks that transfers keep the worker's incremental
// statistics exact, that a refused one leaves the roster as it was, and
// that at temperature 0 none makes the roster worse.
func TestTransfer(t *testing.T) {
	testLongMove(t, "transfer", (*worker).transfer)
}

// TestHandover checks the same for hand-overs of half-worked weekends.
func TestHandover(t *testing.T) {
	testLongMove(t, "handover", (*worker).handover)
}

func testLongMove(t *testing.T, name string, move func(*worker, float64) bool) {
	accepted := 0
	for seed := uint64(1); seed <= 5; seed++ {
		p := randomProblem(seed)
		m := compile(p)
		w := newWorker(m, seed, 0)
		w.construct(func() bool { return false })
		before := make([][]int8, m.E)
		for i := 0; i < 300; i++ {
			temp := 0.0
			if i%2 == 0 {
				temp = 1e6 // accept nearly everything
			}
			for e := range w.a {
				before[e] = append(before[e][:0], w.a[e]...)
			}
			total := w.total()
			ok := move(w, temp)
			if ok {
				accepted++
			}
			if temp == 0 && w.total() > total {
				t.Fatalf("seed %d %s %d: at temperature 0 the total went from %d to %d", seed, name, i, total, w.total())
			}
			if !ok {
				for e := range w.a {
					if !slices.Equal(w.a[e], before[e]) || w.total() != total {
						t.Fatalf("seed %d %s %d: refused, but employee %d's line changed or the total (%d, was %d)", seed, name, i, e, w.total(), total)
					}
				}
			}
			hard, soft, cover := w.sumHard, w.sumSoft, w.cover
			w.recompute()
			if hard != w.sumHard || soft != w.sumSoft || cover != w.cover {
				t.Fatalf("seed %d %s %d: sums %d/%d/%d, recomputed %d/%d/%d", seed, name, i, hard, soft, cover, w.sumHard, w.sumSoft, w.cover)
			}
		}
	}
	if accepted == 0 {
		t.Fatalf("no %s was accepted", name)
	}
	t.Logf("%d of 1500 %ss accepted", accepted, name)
}

// TestCheapWeekend checks which worked weekends a transfer prefers to give
// up: those that cover at most one needed cell.
func TestCheapWeekend(t *testing.T) {
	p := &Problem{Name: "wk", Days: 14, FirstWeekday: time.Monday, Shifts: []Shift{{ID: "D", Minutes: 480}}}
	for e := 0; e < 3; e++ {
		p.Employees = append(p.Employees, Employee{ID: string(rune('A' + e)), MaxShifts: []int{14},
			MaxMinutes: 14 * 480, MaxConsecutive: 7, MinConsecutive: 1, MinConsecutiveOff: 1, MaxWeekends: 2})
	}
	for d := 0; d < 14; d++ {
		p.Cover = append(p.Cover, Cover{Day: d, Shift: 0, Requirement: 2, WeightUnder: 100, WeightOver: 1})
	}
	m := compile(p)
	if m.wkLo[0] != 5 || m.wkHi[0] != 7 || m.wkLo[1] != 12 || m.wkHi[1] != 14 {
		t.Fatalf("weekend days [%d,%d) and [%d,%d), want [5,7) and [12,14)", m.wkLo[0], m.wkHi[0], m.wkLo[1], m.wkHi[1])
	}
	w := newWorker(m, 1, 0)
	set := func(lines ...[]int) {
		for e := range w.a {
			clear(w.a[e])
			for _, d := range lines[e] {
				w.a[e][d] = 1
			}
		}
		w.recompute()
	}
	cases := []struct {
		lines [][]int
		want  []bool
	}{
		// Both days worked, both cells short of staff or exact: two
		// needed cells each.
		{[][]int{{5, 6}, {5, 6}, {}}, []bool{false, false, true}},
		// One day only: one needed cell at most.
		{[][]int{{5, 6}, {6}, {}}, []bool{false, true, true}},
		// Saturday over-covered: each weekend covers one needed cell.
		{[][]int{{5, 6}, {5, 6}, {5}}, []bool{true, true, true}},
	}
	for i, c := range cases {
		set(c.lines...)
		for e, want := range c.want {
			if got := w.cheapWeekend(e, 0); got != want {
				t.Errorf("case %d, employee %d working %v: cheapWeekend %v, want %v", i, e, c.lines[e], got, want)
			}
		}
	}
	// A horizon that starts on a Sunday has a weekend of one day first.
	p.FirstWeekday = time.Sunday
	m = compile(p)
	if m.wkLo[0] != 0 || m.wkHi[0] != 1 || m.wkLo[1] != 6 || m.wkHi[1] != 8 {
		t.Fatalf("from a Sunday: weekend days [%d,%d) and [%d,%d), want [0,1) and [6,8)", m.wkLo[0], m.wkHi[0], m.wkLo[1], m.wkHi[1])
	}
}
