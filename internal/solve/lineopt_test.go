package solve

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestRelaxedDPOptimal compares the relaxed programme (totals priced, not
// tracked) with brute force over every line of a 9-day problem: with a
// random price per shift type and per worked weekend, its line must keep
// successions, runs and days off and cost no more than the cheapest such
// line.
func TestRelaxedDPOptimal(t *testing.T) {
	const H = 9
	for seed := uint64(1); seed <= 120; seed++ {
		r := rand.New(rand.NewPCG(seed, 3))
		p := &Problem{Name: "relaxed", Days: H,
			Shifts: []Shift{{ID: "E", Minutes: 480}, {ID: "N", Minutes: 600, Forbidden: []int{0}}}}
		p.FirstWeekday = []time.Weekday{time.Monday, time.Thursday, time.Saturday}[r.IntN(3)]
		// Totals that never bind, so that evalLine counts only what the
		// relaxed programme keeps exactly.
		p.Employees = []Employee{{ID: "A", MaxShifts: []int{H, H}, MinMinutes: 0, MaxMinutes: H * 600,
			MaxConsecutive: 2 + r.IntN(3), MinConsecutive: 1 + r.IntN(2), MinConsecutiveOff: 1 + r.IntN(3), MaxWeekends: H,
			DaysOff: []int{r.IntN(H)}}}
		m := compile(p)
		dp := newDP(m)
		dp.hardW = 100000
		dp.relax = true
		dp.lambda[0], dp.lambda[1] = int32(r.IntN(41)-20), int32(r.IntN(41)-20)
		dp.wkCost = int32(r.IntN(30))
		sc := &lineScratch{counts: make([]int, 2)}
		costs := make([]int32, H*3)
		for d := 0; d < H; d++ {
			for x := 0; x < 3; x++ {
				costs[d*3+x] = int32(r.IntN(101) - 60)
				if !m.allow[0][d*3+x] {
					costs[d*3+x] = inf
				}
			}
		}
		priced := func(line []int8) int {
			c, lastWk := 0, -1
			for d, x := range line {
				c += int(costs[d*3+int(x)])
				if x > 0 {
					c += int(dp.lambda[x-1])
					if w := m.wk[d]; w >= 0 && w != lastWk {
						c += int(dp.wkCost)
						lastWk = w
					}
				}
			}
			return c
		}
		best, found := 0, false
		line := make([]int8, H)
		for code := 0; code < 19683; code++ {
			c := code
			for d := range line {
				line[d] = int8(c % 3)
				c /= 3
			}
			ok := true
			for d, x := range line {
				ok = ok && m.allow[0][d*3+int(x)]
			}
			if h, _ := m.evalLine(0, line, sc); !ok || h != 0 {
				continue
			}
			if v := priced(line); !found || v < best {
				best, found = v, true
			}
		}
		dp.cost = append(dp.cost[:0], costs...)
		got := make([]int8, H)
		if !dp.solve(0, got, 0, H) {
			t.Fatalf("seed %d: no line found (brute force found one: %t)", seed, found)
		}
		if h, _ := m.evalLine(0, got, sc); h != 0 || priced(got) != best {
			t.Fatalf("seed %d: line %v priced %d hard %d, brute force %d (employee %+v)", seed, got, priced(got), h, best, p.Employees[0])
		}
	}
}

// TestLineOptNeverWorse: on random small problems, re-optimising one line
// never worsens the penalised objective, keeps the worker's incremental
// state exact, and gives a line within every limit when the employee's
// line was already within them (lines there are solved exactly).
func TestLineOptNeverWorse(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		p := randomProblem(seed)
		m := compile(p)
		w := newWorker(m, seed, 0)
		w.construct(func() bool { return false })
		for i := 0; i < 200; i++ {
			e := w.rng.IntN(m.E)
			before, hardBefore := w.total(), w.hard[e]
			w.lineOpt(e, 0)
			if w.total() > before {
				t.Fatalf("seed %d step %d: penalised objective %d -> %d", seed, i, before, w.total())
			}
			if hardBefore == 0 && w.hard[e] != 0 {
				t.Fatalf("seed %d step %d: employee %d line became infeasible: %v", seed, i, e, w.a[e])
			}
			if i%20 == 0 {
				sh, ss, sc := w.sumHard, w.sumSoft, w.cover
				w.recompute()
				if sh != w.sumHard || ss != w.sumSoft || sc != w.cover {
					t.Fatalf("seed %d step %d: incremental %d/%d/%d, recomputed %d/%d/%d", seed, i, sh, ss, sc, w.sumHard, w.sumSoft, w.cover)
				}
			}
		}
	}
}
