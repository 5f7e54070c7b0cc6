package solve

import (
	"math/rand/v2"
	"testing"
	"time"
)

// randomProblem builds a small problem with tight limits so that moves
// break and repair every kind of hard constraint.
func randomProblem(seed uint64) *Problem {
	r := rand.New(rand.NewPCG(seed, 1))
	p := &Problem{Name: "random", Days: 21}
	p.Shifts = []Shift{{ID: "E", Minutes: 480}, {ID: "L", Minutes: 600, Forbidden: []int{0}}, {ID: "N", Minutes: 720, Forbidden: []int{0, 1}}}
	for e := 0; e < 6; e++ {
		emp := Employee{ID: string(rune('A' + e)), MaxShifts: []int{r.IntN(10), 5 + r.IntN(5), r.IntN(4)},
			MinMinutes: 4800, MaxMinutes: 7200, MaxConsecutive: 3 + r.IntN(3), MinConsecutive: 1 + r.IntN(2),
			MinConsecutiveOff: 1 + r.IntN(2), MaxWeekends: 1 + r.IntN(2), DaysOff: []int{r.IntN(21)}}
		p.Employees = append(p.Employees, emp)
		p.OnRequests = append(p.OnRequests, Request{Emp: e, Day: r.IntN(21), Shift: r.IntN(3), Weight: 1 + r.IntN(3)})
		p.OffRequests = append(p.OffRequests, Request{Emp: e, Day: r.IntN(21), Shift: r.IntN(3), Weight: 1 + r.IntN(3)})
	}
	for d := 0; d < p.Days; d++ {
		for s := range p.Shifts {
			p.Cover = append(p.Cover, Cover{Day: d, Shift: s, Requirement: r.IntN(3), WeightUnder: 100, WeightOver: 1})
		}
	}
	return p
}

// TestIncrementalMatchesEvaluate checks, after every accepted move and
// window repair, that the worker's incremental statistics agree with a
// full recomputation and with Evaluate.
func TestIncrementalMatchesEvaluate(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		p := randomProblem(seed)
		m := compile(p)
		w := newWorker(m, seed, 0)
		for i := 0; i < 3000; i++ {
			temp := 1e6 // accept nearly everything, to visit infeasible rosters
			if i%50 == 0 {
				w.lns(1+i%3, temp)
			} else {
				w.move(temp)
			}
			if i%10 != 0 {
				continue
			}
			hard, soft, cover := w.sumHard, w.sumSoft, w.cover
			for e := range w.a {
				h, s := m.evalLine(e, w.a[e], &w.sc)
				if h != w.hard[e] || s != w.soft[e] {
					t.Fatalf("seed %d move %d employee %d: incremental hard/soft %d/%d, full %d/%d (line %v)",
						seed, i, e, w.hard[e], w.soft[e], h, s, w.a[e])
				}
			}
			w.recompute()
			if hard != w.sumHard || soft != w.sumSoft || cover != w.cover {
				t.Fatalf("seed %d move %d: sums %d/%d/%d, recomputed %d/%d/%d", seed, i, hard, soft, cover, w.sumHard, w.sumSoft, w.cover)
			}
			res, err := Evaluate(p, m.toRoster(w.a))
			if err != nil {
				t.Fatal(err)
			}
			if res.Objective != soft+cover {
				t.Fatalf("seed %d move %d: objective %d, Evaluate says %d", seed, i, soft+cover, res.Objective)
			}
			if (hard == 0) != res.Feasible() {
				t.Fatalf("seed %d move %d: hard units %d but Evaluate feasible=%t: %v", seed, i, hard, res.Feasible(), res.Violations)
			}
		}
	}
}

// TestWindowDPOptimal compares the window programme with brute force over
// every line of a 9-day problem: for random day costs it must find a line
// satisfying every constraint it models, at the least cost of such lines,
// both over the whole horizon and over an inner window with the rest of the
// line fixed.
func TestWindowDPOptimal(t *testing.T) {
	const H = 9
	for seed := uint64(1); seed <= 150; seed++ {
		r := rand.New(rand.NewPCG(seed, 2))
		p := &Problem{Name: "dp", Days: H,
			Shifts: []Shift{{ID: "E", Minutes: 480}, {ID: "N", Minutes: 600, Forbidden: []int{0}}}}
		p.FirstWeekday = []time.Weekday{time.Monday, time.Thursday, time.Saturday}[r.IntN(3)]
		p.Employees = []Employee{{ID: "A", MaxShifts: []int{H, H}, MinMinutes: 480 * r.IntN(5), MaxMinutes: 2400 + 240*r.IntN(8),
			MaxConsecutive: 2 + r.IntN(3), MinConsecutive: 1 + r.IntN(2), MinConsecutiveOff: 1 + r.IntN(3), MaxWeekends: r.IntN(3)}}
		// Half the problems limit one type tightly, kept exactly.
		exact := -1
		if seed%2 == 0 {
			exact = r.IntN(2)
			p.Employees[0].MaxShifts[exact] = r.IntN(4)
		}
		m := compile(p)
		dp := newDP(m)
		dp.exact = exact
		dp.hardW = 100000
		sc := &lineScratch{counts: make([]int, 2)}
		costs := make([]int32, H*3)
		lineCost := func(line []int8, lo, hi int) int {
			c := 0
			for d := lo; d < hi; d++ {
				c += int(costs[d*3+int(line[d])])
			}
			return c
		}
		// brute returns the least cost over [lo, hi) of feasible lines that
		// agree with fixed outside the window, and the line (nil if none).
		brute := func(fixed []int8, lo, hi int) (int, []int8) {
			best, bestLine := 0, []int8(nil)
			line := append([]int8(nil), fixed...)
			n := 1
			for i := lo; i < hi; i++ {
				n *= 3
			}
			for code := 0; code < n; code++ {
				c := code
				for d := lo; d < hi; d++ {
					line[d] = int8(c % 3)
					c /= 3
				}
				if h, _ := m.evalLine(0, line, sc); h != 0 {
					continue
				}
				if v := lineCost(line, lo, hi); bestLine == nil || v < best {
					best, bestLine = v, append([]int8(nil), line...)
				}
			}
			return best, bestLine
		}
		check := func(fixed []int8, lo, hi int) []int8 {
			want, wantLine := brute(fixed, lo, hi)
			dp.cost = append(dp.cost[:0], costs[lo*3:hi*3]...)
			line := append([]int8(nil), fixed...)
			ok := dp.solve(0, line, lo, hi)
			if wantLine == nil {
				return nil
			}
			if !ok {
				t.Fatalf("seed %d window [%d,%d): no line found, brute force has %v cost %d (employee %+v)", seed, lo, hi, wantLine, want, p.Employees[0])
			}
			h, _ := m.evalLine(0, line, sc)
			if got := lineCost(line, lo, hi); h != 0 || got != want {
				t.Fatalf("seed %d window [%d,%d): line %v cost %d hard %d; brute force %v cost %d (employee %+v, first %v)",
					seed, lo, hi, line, got, h, wantLine, want, p.Employees[0], p.FirstWeekday)
			}
			return line
		}
		for i := range costs {
			costs[i] = int32(r.IntN(101) - 60)
		}
		full := check(make([]int8, H), 0, H)
		if full == nil {
			continue
		}
		for i := range costs {
			costs[i] = int32(r.IntN(101) - 60)
		}
		lo := 1 + r.IntN(4)
		check(full, lo, lo+1+r.IntN(H-lo-1))
		check(full, 0, 4)
		check(full, 5, H)
	}
}
