package solve

import "testing"

// TestDayOptOptimal compares the exact reassignment of one day with brute
// force over every choice of codes for the six employees on that day,
// from rosters visited by random moves (feasible or not): the penalised
// objective after dayOpt must equal the least over all choices, its
// returned change must be exact, and the incremental sums must agree
// with a full recomputation.
func TestDayOptOptimal(t *testing.T) {
	improved := 0
	for seed := uint64(1); seed <= 6; seed++ {
		p := randomProblem(seed)
		m := compile(p)
		w := newWorker(m, seed, 0)
		for step := 0; step < 8; step++ {
			for j := 0; j < 200; j++ {
				w.move(3)
			}
			d := w.rng.IntN(m.H)
			// Brute force over the day.
			saved := make([]int8, m.E)
			for e := range saved {
				saved[e] = w.a[e][d]
			}
			n := 1
			for range m.E {
				n *= m.X
			}
			best := int(^uint(0) >> 1)
			for code := 0; code < n; code++ {
				c, ok := code, true
				for e := 0; e < m.E; e++ {
					x := int8(c % m.X)
					c /= m.X
					if !m.allow[e][d*m.X+int(x)] {
						ok = false
						break
					}
					w.a[e][d] = x
				}
				if !ok {
					continue
				}
				w.recompute()
				best = min(best, w.total())
			}
			for e := range saved {
				w.a[e][d] = saved[e]
			}
			w.recompute()
			before := w.total()
			delta := w.dayOpt(d)
			after := w.total()
			if after < before {
				improved++
			}
			if after != best {
				t.Fatalf("seed %d step %d day %d: dayOpt reached %d (from %d), best is %d", seed, step, d, after, before, best)
			}
			if after-before != delta {
				t.Fatalf("seed %d step %d: dayOpt says %d, change %d", seed, step, delta, after-before)
			}
			hard, soft, cover := w.sumHard, w.sumSoft, w.cover
			w.recompute()
			if hard != w.sumHard || soft != w.sumSoft || cover != w.cover {
				t.Fatalf("seed %d step %d: sums %d/%d/%d, recomputed %d/%d/%d", seed, step, hard, soft, cover, w.sumHard, w.sumSoft, w.cover)
			}
		}
	}
	if improved < 10 {
		t.Errorf("dayOpt improved only %d of 48 days; the test needs rosters it can improve", improved)
	}
}

// TestDayRowMatchesSegDelta checks the one-day rows of dayOpt against
// segDelta for every employee, day and code, on rosters visited by random
// moves (feasible or not).
func TestDayRowMatchesSegDelta(t *testing.T) {
	checked := 0
	for seed := uint64(1); seed <= 6; seed++ {
		p := randomProblem(seed)
		m := compile(p)
		w := newWorker(m, seed, 0)
		row := make([]int, m.X)
		for step := 0; step < 20; step++ {
			for j := 0; j < 100; j++ {
				w.move(5)
			}
			for e := 0; e < m.E; e++ {
				for d := 0; d < m.H; d++ {
					w.dayRow(e, d, row)
					x := w.a[e][d]
					for y := 0; y < m.X; y++ {
						want := inf
						if y == int(x) {
							want = 0
						} else if m.allow[e][d*m.X+y] {
							h, s := w.segDelta(e, d, d+1, []int8{int8(y)})
							want = s - w.soft[e] + w.W*(h-w.hard[e])
						}
						if row[y] != want {
							t.Fatalf("seed %d step %d employee %d day %d code %d: row %d, segDelta %d", seed, step, e, d, y, row[y], want)
						}
						checked++
					}
				}
			}
		}
	}
	t.Logf("%d rows entries checked", checked)
}
