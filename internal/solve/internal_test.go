package solve

import (
	"math/rand/v2"
	"testing"
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
