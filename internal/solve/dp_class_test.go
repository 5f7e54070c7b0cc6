package solve

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// dpCost is the programme's own cost of days [lo, hi) of line: the codes'
// costs and prices, the price of newly worked weekends when relaxed, and
// the shortfall in minutes at the hard weight otherwise.
func dpCost(dp *dpState, e int, line []int8, lo, hi int) int32 {
	m := dp.m
	emp := &m.p.Employees[e]
	var c int32
	mins := 0
	pre := make([]bool, m.nWk+1)
	for d := range line {
		if x := line[d]; x > 0 && (d < lo || d >= hi) {
			mins += m.minutes[x-1]
			if k := m.wk[d]; k >= 0 {
				pre[k] = true
			}
		}
	}
	for d := lo; d < hi; d++ {
		x := line[d]
		c += dp.cost[(d-lo)*m.X+int(x)]
		if x == 0 {
			continue
		}
		c += dp.lambda[x-1]
		mins += m.minutes[x-1]
		if k := m.wk[d]; k >= 0 && !pre[k] {
			pre[k] = true
			if dp.relax {
				c += dp.wkCost
			}
		}
	}
	if !dp.relax && mins < emp.MinMinutes {
		c += int32(dp.hardW * ((emp.MinMinutes - mins + m.unit - 1) / m.unit))
	}
	return c
}

// TestDPClassesMatchCodes checks the programme over classes and groups of
// shift types against the same programme with every type a class of its
// own (setClasses(false), as before classes), on random problems whose
// types repeat their successions and lengths: the same least cost, and a
// returned line that costs it.
func TestDPClassesMatchCodes(t *testing.T) {
	forbs := [][]int{nil, {0, 1}, {0, 1, 2, 3}, {0}}
	lens := []int{480, 600, 720}
	compared, fewer := 0, 0
	for seed := uint64(1); seed <= 300; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		H := 14 + r.IntN(22)
		S := 4 + r.IntN(7)
		p := &Problem{Name: "cls", Days: H, FirstWeekday: time.Weekday(r.IntN(7))}
		for s := 0; s < S; s++ {
			var f []int
			for _, t := range forbs[r.IntN(len(forbs))] {
				if t < S {
					f = append(f, t)
				}
			}
			p.Shifts = append(p.Shifts, Shift{ID: string(rune('a' + s)), Minutes: lens[r.IntN(len(lens))], Forbidden: f})
		}
		maxS := make([]int, S)
		for s := range maxS {
			maxS[s] = H
			if r.IntN(5) == 0 {
				maxS[s] = 0
			}
		}
		minM := 480 * r.IntN(H/2)
		p.Employees = []Employee{{ID: "A", MaxShifts: maxS, MinMinutes: minM, MaxMinutes: minM + 720*(1+r.IntN(4)),
			MaxConsecutive: 2 + r.IntN(4), MinConsecutive: 1 + r.IntN(2), MinConsecutiveOff: 1 + r.IntN(3),
			MaxWeekends: r.IntN(4), DaysOff: []int{r.IntN(H)}}}
		m := compile(p)
		dp, ref := newDP(m), newDP(m)
		ref.setClasses(false)
		dp.hardW = 1000
		if seed%3 == 0 {
			dp.exact = r.IntN(S)
			p.Employees[0].MaxShifts[dp.exact] = r.IntN(4)
		}
		if seed%5 == 0 {
			dp.relax, dp.wkCost = true, int32(r.IntN(50))
		}
		for s := range dp.lambda {
			dp.lambda[s] = int32(r.IntN(20))
		}
		ref.hardW, ref.exact, ref.relax, ref.wkCost = dp.hardW, dp.exact, dp.relax, dp.wkCost
		copy(ref.lambda, dp.lambda)
		fixed := make([]int8, H)
		for d := range fixed {
			if ch := m.choices[0][d]; r.IntN(2) == 0 {
				fixed[d] = ch[r.IntN(len(ch))]
			}
		}
		for try := 0; try < 4; try++ {
			lo := r.IntN(H - 1)
			hi := lo + 1 + r.IntN(min(H-lo, 14))
			if try == 0 {
				lo, hi = 0, H
			}
			dp.cost = dp.cost[:0]
			for i := 0; i < (hi-lo)*m.X; i++ {
				dp.cost = append(dp.cost, int32(r.IntN(101)-60))
			}
			ref.cost = dp.cost
			want := append([]int8(nil), fixed...)
			okRef := ref.solve(0, want, lo, hi)
			wantCost := ref.lastCost
			got := append([]int8(nil), fixed...)
			ok := dp.solve(0, got, lo, hi)
			if ok != okRef {
				t.Fatalf("seed %d [%d,%d): found %v, by codes %v", seed, lo, hi, ok, okRef)
			}
			if !ok {
				continue
			}
			compared++
			if dp.nCls < m.X {
				fewer++
			}
			if dp.lastCost != wantCost {
				t.Fatalf("seed %d [%d,%d): cost %d, by codes %d", seed, lo, hi, dp.lastCost, wantCost)
			}
			if c := dpCost(dp, 0, got, lo, hi); c != wantCost {
				t.Fatalf("seed %d [%d,%d): line %v costs %d, the programme said %d (by codes %v)", seed, lo, hi, got[lo:hi], c, wantCost, want[lo:hi])
			}
		}
	}
	// Most windows have a line, and most problems fewer classes than codes.
	if compared < 600 || fewer < compared/2 {
		t.Fatalf("compared %d windows, %d with fewer classes than codes", compared, fewer)
	}
	t.Logf("compared %d windows, %d with fewer classes than codes", compared, fewer)
}

// TestDPTransitionTablesPerLimits solves windows of employees with
// different limits on runs, with and without an exact type, one after the
// other on one programme (whose transition tables are kept per limits)
// and each on a new programme: the same least cost and line every time.
func TestDPTransitionTablesPerLimits(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 3))
	const H, S = 28, 6
	p := &Problem{Name: "tables", Days: H, FirstWeekday: time.Monday}
	for s := 0; s < S; s++ {
		var f []int
		if s >= 3 {
			f = []int{0, 1}
		}
		p.Shifts = append(p.Shifts, Shift{ID: string(rune('a' + s)), Minutes: []int{480, 600, 720}[s%3], Forbidden: f})
	}
	for e := 0; e < 8; e++ {
		maxS := make([]int, S)
		for s := range maxS {
			maxS[s] = H
		}
		p.Employees = append(p.Employees, Employee{ID: string(rune('A' + e)), MaxShifts: maxS,
			MinMinutes: 480 * (4 + e), MaxMinutes: 480*(4+e) + 1440,
			MaxConsecutive: 2 + e%4, MinConsecutive: 1 + e%2, MinConsecutiveOff: 1 + e%3, MaxWeekends: 1 + e%3})
	}
	m := compile(p)
	shared := newDP(m)
	shared.hardW = 1000
	solved := 0
	for try := 0; try < 200; try++ {
		e := r.IntN(m.E)
		exact := -1
		if try%4 == 0 {
			exact = r.IntN(S)
			p.Employees[e].MaxShifts[exact] = r.IntN(4)
		}
		lo := r.IntN(H - 1)
		hi := lo + 1 + r.IntN(min(H-lo, 14))
		cost := make([]int32, (hi-lo)*m.X)
		for i := range cost {
			cost[i] = int32(r.IntN(101) - 60)
		}
		fixed := make([]int8, H)
		for d := range fixed {
			if ch := m.choices[e][d]; r.IntN(2) == 0 {
				fixed[d] = ch[r.IntN(len(ch))]
			}
		}
		fresh := newDP(m)
		fresh.hardW = 1000
		for _, dp := range []*dpState{shared, fresh} {
			dp.exact, dp.cost = exact, cost
		}
		want := append([]int8(nil), fixed...)
		okWant := fresh.solve(e, want, lo, hi)
		got := append([]int8(nil), fixed...)
		ok := shared.solve(e, got, lo, hi)
		if ok != okWant || (ok && (shared.lastCost != fresh.lastCost || !slices.Equal(got, want))) {
			t.Fatalf("try %d, employee %d [%d,%d) exact %d: found %v cost %d line %v; new programme %v cost %d line %v",
				try, e, lo, hi, exact, ok, shared.lastCost, got[lo:hi], okWant, fresh.lastCost, want[lo:hi])
		}
		if ok {
			solved++
		}
		if exact >= 0 {
			p.Employees[e].MaxShifts[exact] = H
		}
	}
	// Most windows have a line, and the programme kept several tables.
	if solved < 100 || len(shared.trans) < 8 {
		t.Fatalf("%d of 200 windows solved, %d tables kept", solved, len(shared.trans))
	}
	t.Logf("%d of 200 windows solved, %d tables kept", solved, len(shared.trans))
}

// TestDPStatesClearedBetweenSolves checks the invariant the programme's
// relaxation rests on: between solves every state of every day is inf,
// although the relaxation writes targets of unreached sources (inf plus a
// negative cost) without testing them. Windows of different lengths and
// employees, with costs mostly negative, one after the other; each line
// found must also cost what the programme says.
func TestDPStatesClearedBetweenSolves(t *testing.T) {
	w := benchWorker(manyTypesProblem())
	m := w.m
	dp := w.dp
	r := rand.New(rand.NewPCG(5, 5))
	line := make([]int8, m.H)
	solved := 0
	for i := 0; i < 300; i++ {
		e := r.IntN(m.E)
		L := 1 + r.IntN(28)
		lo := r.IntN(m.H - L + 1)
		copy(line, w.a[e])
		dp.cost = dp.cost[:0]
		for j := 0; j < L*m.X; j++ {
			dp.cost = append(dp.cost, int32(r.IntN(3000)-2500))
		}
		if dp.solve(e, line, lo, lo+L) {
			solved++
			if c := dpCost(dp, e, line, lo, lo+L); c != dp.lastCost {
				t.Fatalf("window %d [%d,%d) of %d: line costs %d, the programme said %d", i, lo, lo+L, e, c, dp.lastCost)
			}
		}
		for d, states := range dp.days {
			for j, v := range states[:cap(states)] {
				if v != inf {
					t.Fatalf("after window %d [%d,%d): day %d state %d is %d, not inf", i, lo, lo+L, d, j, v)
				}
			}
		}
	}
	if solved < 200 {
		t.Fatalf("only %d of 300 windows solved", solved)
	}
	t.Logf("%d of 300 windows solved", solved)
}
