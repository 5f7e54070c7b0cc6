package solve

import "math"

// lineMult holds one employee's Lagrangian multipliers for the whole-line
// programme, kept between calls as a warm start.
type lineMult struct {
	mu  float64   // price per minute worked (negative: work is wanted)
	nu  float64   // price per weekend worked
	lam []float64 // price per shift of each type
	// muStep is the last step taken on mu; muDir its sign (0: none yet).
	muStep float64
	muDir  int
}

// lineOptIters bounds the multiplier updates of one whole-line re-optimisation.
const lineOptIters = 10

// lineCosts fills dp.cost with the cost of each code on each day of
// employee e's line given everyone else: the request penalty plus the
// change in cover cost, with e's own current assignment taken out.
func (w *worker) lineCosts(e int) {
	m := w.m
	X, S, H := m.X, m.S, m.H
	dp := w.dp
	if cap(dp.cost) < H*X {
		dp.cost = make([]int32, H*X)
	}
	dp.cost = dp.cost[:H*X]
	pen := m.pen[e]
	allow := m.allow[e]
	cur := w.a[e]
	for d := 0; d < H; d++ {
		row := dp.cost[d*X : d*X+X]
		for x := 0; x < X; x++ {
			if !allow[d*X+x] {
				row[x] = inf
				continue
			}
			c := pen[d*X+x]
			if x > 0 {
				i := d*S + x - 1
				n := w.cnt[i]
				if int(cur[d]) == x {
					n--
				}
				c += m.coverCost(i, n+1) - m.coverCost(i, n)
			}
			row[x] = c
		}
	}
}

// lineValue is the cost of line under dp.cost plus the hard weight times
// its violation units: the penalised objective of the roster with e's
// line replaced by line, up to a constant that does not depend on line.
func (w *worker) lineValue(e int, line []int8) (value, hard int) {
	X := w.m.X
	c := 0
	for d, x := range line {
		c += int(w.dp.cost[d*X+int(x)])
	}
	hard, _ = w.m.evalLine(e, line, &w.sc)
	return c + w.W*hard, hard
}

// lineOpt re-optimises employee e's whole line with everyone else fixed:
// a shortest path over (shift of the day, run length) that keeps
// successions, run lengths, days off and pins exactly, with the totals
// (minutes, weekends, shifts per type) priced by Lagrangian multipliers
// that are adjusted until the line keeps its limits. The best line found
// (penalised objective, exact evaluation) replaces the current one if the
// annealing criterion at temperature t accepts the change.
func (w *worker) lineOpt(e int, t float64) (accepted bool, delta int) {
	m := w.m
	dp := w.dp
	emp := &m.p.Employees[e]
	H := m.H
	w.lineCosts(e)
	oldValue, _ := w.lineValue(e, w.a[e])
	lm := &w.mult[e]
	cand, best := w.cand, w.candBest
	// Candidates are compared on violations first: the multipliers can
	// make the programme trade a limit for cover, which lineOpt declines.
	bestValue, bestHard := math.MaxInt, math.MaxInt
	dp.lim = nil
	// A shortfall in minutes is priced far above the search's weight.
	dp.hardW = 100 * w.W
	defer func() { dp.hardW = w.W }()
	if dp.work(e, H) <= lnsBudget {
		// Affordable exactly: minutes and weekends as dimensions, only the
		// limits per shift type priced.
		for s := range dp.lambda {
			dp.lambda[s] = int32(math.Round(lm.lam[s]))
		}
		for it := 0; it < 3; it++ {
			copy(cand, w.a[e])
			if !dp.solve(e, cand, 0, H) {
				break
			}
			v, h := w.lineValue(e, cand)
			if h < bestHard || h == bestHard && v < bestValue {
				bestValue, bestHard = v, h
				copy(best, cand)
			}
			if h == 0 {
				break
			}
			for s, c := range dp.countTypes(cand) {
				if c > emp.MaxShifts[s] {
					lm.lam[s] += float64(int(30) << it)
					dp.lambda[s] = int32(math.Round(lm.lam[s]))
				}
			}
		}
		for s := range lm.lam {
			lm.lam[s] *= 0.9
		}
		return w.applyLine(e, best, bestValue, oldValue, t)
	}
	// Too long for that: minutes and weekends priced.
	dp.relax = true
	nuStep, lamStep := 8.0, 10.0
	for it := 0; it < lineOptIters; it++ {
		for s := range dp.lambda {
			v := lm.lam[s] + lm.mu*float64(m.minutes[s])
			dp.lambda[s] = int32(math.Round(max(min(v, 1e6), -1e6)))
		}
		dp.wkCost = int32(math.Round(min(lm.nu, 1e6)))
		copy(cand, w.a[e])
		if !dp.solve(e, cand, 0, H) {
			break
		}
		v, h := w.lineValue(e, cand)
		if h < bestHard || h == bestHard && v < bestValue {
			bestValue, bestHard = v, h
			copy(best, cand)
		}
		if h == 0 {
			break
		}
		// Totals of the candidate, and multiplier updates.
		mins, nWk := 0, 0
		counts := dp.counts
		for s := range counts {
			counts[s] = 0
		}
		lastWk := -1
		for d, x := range cand {
			if x > 0 {
				counts[x-1]++
				mins += m.minutes[x-1]
				if wk := m.wk[d]; wk >= 0 && wk != lastWk {
					nWk++
					lastWk = wk
				}
			}
		}
		dir := 0
		if mins < emp.MinMinutes {
			dir = -1
		} else if mins > emp.MaxMinutes {
			dir = 1
		}
		if dir != 0 {
			if lm.muStep == 0 {
				lm.muStep = 4 / float64(m.unit)
			}
			switch {
			case lm.muDir == dir:
				lm.muStep *= 2
			case lm.muDir == -dir:
				lm.muStep /= 2
			}
			lm.muDir = dir
			lm.mu += float64(dir) * lm.muStep
		}
		if nWk > emp.MaxWeekends {
			lm.nu += nuStep
			nuStep *= 2
		}
		for s, c := range counts {
			if c > emp.MaxShifts[s] {
				lm.lam[s] += lamStep
			}
		}

	}
	dp.relax = false
	// Let the prices for weekends and types relax between calls so that
	// they do not keep lines away from the optimum once no longer needed.
	lm.nu *= 0.9
	for s := range lm.lam {
		lm.lam[s] *= 0.9
	}
	lm.muDir = 0
	if lm.muStep > 0 {
		lm.muStep = max(lm.muStep/4, 0.5/float64(m.unit))
	}
	return w.applyLine(e, best, bestValue, oldValue, t)
}

// applyLine replaces e's line by best if the annealing criterion accepts
// the change of value.
func (w *worker) applyLine(e int, best []int8, bestValue, oldValue int, t float64) (accepted bool, delta int) {
	if bestValue == math.MaxInt || !w.accept(bestValue-oldValue, t) {
		return false, 0
	}
	w.syncBest()
	w.writeDays(e, best, 0, w.m.H)
	if better(w.sumHard, w.objective(), w.bestHard, w.bestObj) {
		w.markBest()
	}
	return true, bestValue - oldValue
}

// sweep re-optimises every employee's line once, in random order,
// accepting only changes that do not worsen the penalised objective. It
// returns the number of lines improved, and stops early when stop says so.
func (w *worker) sweep(stop func() bool) int {
	n := 0
	for _, e := range w.rng.Perm(w.m.E) {
		if stop() {
			break
		}
		if ok, d := w.lineOpt(e, 0); ok && d < 0 {
			n++
		}
		// Totals the multipliers could not bring within their limits are
		// repaired exactly over windows of the line.
		for i := 0; i < 4 && w.hard[e] > 0; i++ {
			w.fixLine(e, 0)
		}
	}
	return n
}

// fixLine re-solves employee e's line over a window exactly (minutes and
// weekends as dimensions of the programme), the window over the first
// broken run when there is one; accepted at temperature t.
func (w *worker) fixLine(e int, t float64) bool {
	w.forceEmp = e
	ok := w.lns(1, t)
	w.forceEmp = -1
	return ok
}
