package solve

// lnsBudget bounds the work of one window dynamic programme (state
// transitions), which sets how long a window can be on large instances.
const lnsBudget = 3_000_000

// total is the penalised objective the search minimises.
func (w *worker) total() int { return w.cover + w.sumSoft + w.W*w.sumHard }

// lns destroys the lines of k employees over a window of days and repairs
// them one after the other, in random order, with the window dynamic
// programme against the current cover. The result is accepted with the
// annealing criterion at temperature t, otherwise undone.
func (w *worker) lns(k int, t float64) bool {
	m := w.m
	r := w.rng
	k = min(k, m.E)
	// Pick employees: while the roster is infeasible, half of the time
	// start with an employee whose line breaks a hard constraint, with the
	// window over the first broken run.
	emps := w.lnsEmps[:0]
	focus := -1
	if w.forceEmp >= 0 {
		emps = append(emps, w.forceEmp)
		focus = w.firstLocalViolation(w.forceEmp)
	} else if w.sumHard > 0 && r.IntN(2) == 0 {
		n := 0
		for e := range w.hard {
			if w.hard[e] > 0 {
				n++
				if r.IntN(n) == 0 {
					emps = append(emps[:0], e)
				}
			}
		}
		if len(emps) > 0 {
			focus = w.firstLocalViolation(emps[0])
		}
	}
	for len(emps) < k {
		e := r.IntN(m.E)
		dup := false
		for _, x := range emps {
			dup = dup || x == e
		}
		if !dup {
			emps = append(emps, e)
		}
	}
	w.lnsEmps = emps
	// Window length: the whole horizon if affordable, else the longest
	// affordable window of at least a week, randomly shortened.
	L := m.H
	for L > 7 && w.dp.work(emps[0], L) > lnsBudget {
		L -= 7
	}
	if L < m.H && L > 7 {
		L = 7 + r.IntN(L-6)
	}
	if L > m.H {
		L = m.H
	}
	lo := r.IntN(m.H - L + 1)
	if focus >= 0 {
		lo = min(max(focus-r.IntN(L), 0), m.H-L)
	}
	hi := lo + L
	w.syncBest()
	before := w.total()
	for i, e := range emps {
		copy(w.saved[i], w.a[e])
		for d := lo; d < hi; d++ {
			if x := w.a[e][d]; x > 0 {
				w.setCnt(d, x, 0)
				w.a[e][d] = 0
			}
		}
	}
	for i, e := range emps {
		w.repairLine(e, w.saved[i], lo, hi)
	}
	// Further rounds: each employee re-priced against the others' new lines.
	for round := 1; round < w.lnsRounds && len(emps) > 1; round++ {
		for _, e := range emps {
			copy(w.tmpLine, w.a[e])
			for d := lo; d < hi; d++ {
				if x := w.a[e][d]; x > 0 {
					w.setCnt(d, x, 0)
					w.a[e][d] = 0
				}
			}
			w.repairLine(e, w.tmpLine, lo, hi)
		}
	}
	for _, e := range emps {
		w.refreshStat(e)
	}
	w.lnsTried++
	if d := w.total() - before; w.accept(d, t) {
		w.lnsAcc++
		if d < 0 {
			w.lnsImp++
		}
		return true
	}
	// Undo.
	for i, e := range emps {
		for d := lo; d < hi; d++ {
			if x, y := w.a[e][d], w.saved[i][d]; x != y {
				w.setCnt(d, x, y)
			}
		}
		copy(w.a[e], w.saved[i])
		w.refreshStat(e)
	}
	return false
}

// repairLine fills days [lo, hi) of employee e (currently off and not
// counted in the cover) with the cheapest assignment found by the window
// programme, falling back to old if none satisfies the constraints.
func (w *worker) repairLine(e int, old []int8, lo, hi int) {
	m := w.m
	dp := w.dp
	X, S := m.X, m.S
	L := hi - lo
	if cap(dp.cost) < L*X {
		dp.cost = make([]int32, L*X)
	}
	dp.cost = dp.cost[:L*X]
	pen := m.pen[e]
	for t := 0; t < L; t++ {
		d := lo + t
		row := dp.cost[t*X : t*X+X]
		for x := 0; x < X; x++ {
			if !m.allow[e][d*X+x] {
				row[x] = inf
				continue
			}
			c := pen[d*X+x]
			if x > 0 {
				i := d*S + x - 1
				c += m.coverCost(i, w.cnt[i]+1) - m.coverCost(i, w.cnt[i])
			}
			row[x] = c
		}
	}
	for s := range dp.lambda {
		dp.lambda[s] = 0
	}
	emp := &m.p.Employees[e]
	ok := false
	for attempt := 0; attempt < 3; attempt++ {
		if !dp.solve(e, w.a[e], lo, hi) {
			break
		}
		ok = true
		over := false
		for s, c := range dp.countTypes(w.a[e]) {
			if c > emp.MaxShifts[s] {
				over = true
				dp.lambda[s] += 30 << attempt
			}
		}
		if !over {
			break
		}
	}
	if !ok {
		copy(w.a[e][lo:hi], old[lo:hi])
	}
	for d := lo; d < hi; d++ {
		if x := w.a[e][d]; x > 0 {
			w.setCnt(d, 0, x)
		}
	}
}

// construct builds a starting roster: employees in random order, each
// line built window by window (windows as long as the work budget allows)
// by the window programme against the cover of the lines already built,
// with the limits on totals prorated to the days filled so far. It stops
// early (leaving the remaining lines as they were) when stop returns true.
func (w *worker) construct(stop func() bool) {
	m := w.m
	L := m.H
	for L > 7 && w.dp.work(0, L) > lnsBudget {
		L -= 7
	}
	old := w.tmpLine
	for _, e := range w.rng.Perm(m.E) {
		if stop() {
			break
		}
		emp := &m.p.Employees[e]
		copy(old, w.a[e])
		for d, x := range w.a[e] {
			if x > 0 {
				w.setCnt(d, x, 0)
			}
			w.a[e][d] = 0
		}
		for lo := 0; lo < m.H; lo += L {
			hi := min(lo+L, m.H)
			w.dp.lim = &dpLimits{
				minMinutes:  emp.MinMinutes * hi / m.H,
				maxMinutes:  (emp.MaxMinutes*hi + m.H - 1) / m.H,
				maxWeekends: (emp.MaxWeekends*hi + m.H - 1) / m.H,
			}
			if hi == m.H {
				w.dp.lim = nil
			}
			w.repairLine(e, old, lo, hi)
		}
		w.dp.lim = nil
	}
	w.recompute()
}

// firstLocalViolation returns the first day of a broken succession or run
// in e's line, or a random day when only totals are broken.
func (w *worker) firstLocalViolation(e int) int {
	m := w.m
	emp := &m.p.Employees[e]
	line := w.a[e]
	runStart := 0
	for d := 1; d <= m.H; d++ {
		if d < m.H {
			x, p := line[d], line[d-1]
			if x > 0 && p > 0 && m.forb[int(p-1)*m.S+int(x-1)] {
				return d - 1
			}
			if (x > 0) == (p > 0) {
				continue
			}
		}
		if m.runViolation(emp, line[d-1] > 0, runStart, d-1) > 0 {
			return runStart
		}
		runStart = d
	}
	return w.rng.IntN(m.H)
}
