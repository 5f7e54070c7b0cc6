package solve

import (
	"math"
	"sort"
)

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
	wkFocus := false
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
	if focus < 0 && w.wkSteer && r.IntN(2) == 0 {
		// Half of the other steps start from a weekend worked on one day
		// only, with the others (up to k) who work it on one day only.
		e := r.IntN(m.E)
		if d := w.halfWeekend(e); d >= 0 {
			focus, wkFocus = d, true
			emps = append(emps[:0], e)
			for i, off := 0, r.IntN(m.E); i < m.E && len(emps) < k; i++ {
				if e2 := (off + i) % m.E; e2 != e && (w.a[e2][d] > 0) != (w.a[e2][d+1] > 0) {
					emps = append(emps, e2)
				}
			}
		}
	}
	if focus < 0 && w.coverFocus {
		if e, d := w.underCell(); e >= 0 {
			emps = append(emps[:0], e)
			focus = d
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
	for L > 7 && w.dp.work(emps[0], L) > w.lnsWindowBudget {
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
		if wkFocus && L >= 2 {
			// Both days of the weekend inside the window.
			lo = min(max(focus+2-L+r.IntN(L-1), 0), m.H-L)
		}
	}
	hi := lo + L
	w.syncBest()
	before := w.total()
	for i, e := range emps {
		copy(w.saved[i], w.a[e])
		w.clearDays(e, lo, hi)
	}
	for i, e := range emps {
		w.repairLine(e, w.saved[i], lo, hi)
	}
	// Further rounds: each employee re-priced against the others' new lines.
	for round := 1; round < w.lnsRounds && len(emps) > 1; round++ {
		for _, e := range emps {
			copy(w.tmpLine, w.a[e])
			w.clearDays(e, lo, hi)
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
		w.writeDays(e, w.saved[i], lo, hi)
	}
	return false
}

// clearDays takes employee e off days [lo, hi), out of the cover (its
// statistics are left for the caller to refresh).
func (w *worker) clearDays(e, lo, hi int) {
	line := w.a[e]
	for d := lo; d < hi; d++ {
		if x := line[d]; x > 0 {
			w.setCnt(d, x, 0)
			line[d] = 0
		}
	}
}

// writeDays sets days [lo, hi) of employee e's line to those of line,
// with the cover, and refreshes e's statistics.
func (w *worker) writeDays(e int, line []int8, lo, hi int) {
	a := w.a[e]
	for d := lo; d < hi; d++ {
		if x, y := a[d], line[d]; x != y {
			w.setCnt(d, x, y)
			a[d] = y
		}
	}
	w.refreshStat(e)
}

// underCell draws an under-covered cell (day d, shift type s) and an
// employee who may work s on d and does not, to start a window repair
// from; it returns e = -1 when its draws find none (up to 200 cells and
// 50 employees, so that it stays cheap when few cells are short).
func (w *worker) underCell() (e, d int) {
	m := w.m
	i := w.shortCell()
	if i < 0 {
		return -1, -1
	}
	d, x := i/m.S, int8(i%m.S+1)
	for range 50 {
		e := w.rng.IntN(m.E)
		if m.allow[e][d*m.X+int(x)] && w.a[e][d] != x {
			return e, d
		}
	}
	return -1, -1
}

// shortCell draws an under-covered cell (day*S + shift type), up to 200
// draws of a cell, or returns -1 when its draws find none. A short cell
// of a full week (see fullDays) is kept one time in fullOdds only: such
// weeks are short whatever the roster, and the steps that start from a
// short cell gain more elsewhere (on Instance24, two thirds of the short
// cells of a good roster lie in its last week, which is full).
func (w *worker) shortCell() int {
	m := w.m
	for range 200 {
		if i := w.rng.IntN(m.H * m.S); w.cnt[i] < m.req[i] {
			if w.full != nil && w.full[i/m.S] && w.rng.IntN(fullOdds) != 0 {
				continue
			}
			return i
		}
	}
	return -1
}

// fullOdds: see shortCell.
const fullOdds = 4

// shortDay draws the day of an under-covered cell (see shortCell), or
// returns -1 when it finds none.
func (w *worker) shortDay() int {
	if i := w.shortCell(); i >= 0 {
		return i / w.m.S
	}
	return -1
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
			if x > 0 && w.wkPlan != nil {
				if k := m.wk[d]; k >= 0 {
					// The construction's plan of weekends (planWeekends).
					if w.wkPlan[e*m.nWk+k] {
						c -= w.wkBonus
					} else {
						c += w.wkMalus
					}
				}
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
// with the limits on totals prorated to the days filled so far, give or
// take two of the longest shifts (prorated exactly, the minutes of the
// first weeks allowed no choice: Instance24's staff must work 111,600 to
// 112,320 minutes in a year, so 2,146 to 2,160 in the first week), and the
// weekends worked steered by a plan (planWeekends); without wkSteer, the
// totals prorated exactly and no plan. In the annealing regime the totals
// are prorated to the work the demand calls for up to each day
// (workProfile) rather than to the days. It stops early
// (leaving the remaining lines as they were) when stop returns true.
func (w *worker) construct(stop func() bool) {
	m := w.m
	L := m.H
	for L > 7 && w.dp.work(0, L) > lnsBudget {
		L -= 7
	}
	old := w.tmpLine
	slack := 0
	if w.wkSteer {
		w.planWeekends()
		defer func() { w.wkPlan = nil }()
		slack = 2 * w.dp.maxLen
	}
	// prorate returns x's share of the days before hi, rounded down or
	// up: by the days in integers, by workProfile in the annealing regime.
	prorate := func(x, hi int, up bool) int {
		if up {
			return (x*hi + m.H - 1) / m.H
		}
		return x * hi / m.H
	}
	if w.coverFocus {
		prof := w.workProfile()
		prorate = func(x, hi int, up bool) int {
			v := float64(x) * prof[hi]
			if up {
				return int(math.Ceil(v))
			}
			return int(v)
		}
	}
	for _, e := range w.rng.Perm(m.E) {
		if stop() {
			break
		}
		emp := &m.p.Employees[e]
		copy(old, w.a[e])
		w.clearDays(e, 0, m.H)
		for lo := 0; lo < m.H; lo += L {
			hi := min(lo+L, m.H)
			w.dp.lim = &dpLimits{
				minMinutes:  max(prorate(emp.MinMinutes, hi, false)-slack, 0),
				maxMinutes:  min(prorate(emp.MaxMinutes, hi, true)+slack, emp.MaxMinutes),
				maxWeekends: (emp.MaxWeekends*hi + m.H - 1) / m.H,
			}
			if w.full != nil && w.wkPlan != nil {
				w.dp.lim.maxWeekends = w.plannedWeekends(e, hi)
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

// steerWeekends is the least number of weekends in the horizon for the
// weekend steering (see worker.wkSteer).
const steerWeekends = 12

// planWeekends chooses, for every employee in random order, which
// weekends the construction steers its line to work (w.wkPlan): as many
// as it may work, among those whose days can all be worked, where the
// most staff are still wanted (the weekend's cover requirements per day,
// less the employees planned already). Weekends are the scarce resource
// on the long instances (Instance24: 6,535 shifts wanted on weekend days,
// at most 6,852 workable within the limits on weekends, so nearly every
// weekend worked must be worked on both days); without the plan the
// construction spent them early and on one day (1,214 weekends worked on
// one day only, against 211 with it). The construction's window
// programme gives a planned weekend's days a bonus and the others a
// penalty, in units of the heaviest weight for under-cover.
func (w *worker) planWeekends() {
	m := w.m
	w.wkPlan = nil
	if m.nWk == 0 {
		return
	}
	need := make([]int, m.nWk)
	days := make([][]int, m.nWk)
	for d := 0; d < m.H; d++ {
		if k := m.wk[d]; k >= 0 {
			days[k] = append(days[k], d)
			for s := 0; s < m.S; s++ {
				need[k] += int(m.req[d*m.S+s])
			}
		}
	}
	for k := range need {
		need[k] = (need[k] + len(days[k]) - 1) / max(len(days[k]), 1)
	}
	plan := make([]bool, m.E*m.nWk)
	var avail []int
	for _, e := range w.rng.Perm(m.E) {
		avail = avail[:0]
		for k := range days {
			ok := true
			for _, d := range days[k] {
				workable := false
				for _, x := range m.choices[e][d] {
					workable = workable || x > 0
				}
				ok = ok && workable
			}
			if ok {
				avail = append(avail, k)
			}
		}
		w.rng.Shuffle(len(avail), func(i, j int) { avail[i], avail[j] = avail[j], avail[i] })
		sort.SliceStable(avail, func(i, j int) bool { return need[avail[i]] > need[avail[j]] })
		for _, k := range avail[:min(m.p.Employees[e].MaxWeekends, len(avail))] {
			plan[e*m.nWk+k] = true
			need[k]--
		}
	}
	wu := int32(0)
	for _, x := range m.wu {
		wu = max(wu, x)
	}
	w.wkPlan, w.wkBonus, w.wkMalus = plan, wu*3/5, 2*wu
}

// plannedWeekends is the construction's limit on the weekends employee e
// works before day hi in the annealing regime: one more than its plan
// (wkPlan) has there, at most its limit. Prorated by days instead, as
// elsewhere, the construction spent weekends evenly over a year whose
// demand for them triples towards its end (Instance24: 146,007 against
// 155,883 just after the construction, seed 1; see solver.md for the
// search).
func (w *worker) plannedWeekends(e, hi int) int {
	m := w.m
	n := 0
	for k := 0; k < m.nWk && m.wkLo[k] < hi; k++ {
		if w.wkPlan[e*m.nWk+k] {
			n++
		}
	}
	return min(n+1, m.p.Employees[e].MaxWeekends)
}

// halfWeekend returns the first day of a weekend, drawn at random, that e
// works on one of its two days only, or -1 if there is none.
func (w *worker) halfWeekend(e int) int {
	m := w.m
	a := w.a[e]
	focus, n := -1, 0
	for d := 0; d+1 < m.H; d++ {
		if m.wk[d] >= 0 && m.wk[d+1] == m.wk[d] && (a[d] > 0) != (a[d+1] > 0) {
			n++
			if w.rng.IntN(n) == 0 {
				focus = d
			}
		}
	}
	return focus
}

// workProfile returns, for each day d from 0 to the horizon, the share of
// a year's work the construction has each line done before d when work
// follows demand: each day's work is its total cover requirement times a
// common factor, but at most what the staff can work that day (each
// employee who may work it, MaxConsecutive days in every MaxConsecutive
// plus MinConsecutiveOff), the factor set so that the year's work is the
// staff's mean total minutes in shifts of mean length.
//
// Prorated by days, the construction spread each line's minutes evenly
// over a year whose demand triples towards its end, and the annealing
// then had to move that work, one shift at a time, from over-covered
// early days to the short last weeks. Instance24, 60 s, 2 workers, seeds
// 1-4: 45326, 45390, 45308 and 45668 with the profile, 46058, 45863,
// 45667 and 45973 without, measured in the same session.
func (w *worker) workProfile() []float64 {
	m := w.m
	dem := make([]float64, m.H)
	capd := make([]float64, m.H)
	for d := range dem {
		for s := 0; s < m.S; s++ {
			dem[d] += float64(m.req[d*m.S+s])
		}
	}
	meanLen := 0.0
	for _, x := range m.minutes {
		meanLen += float64(x)
	}
	meanLen /= float64(len(m.minutes))
	shifts := 0.0
	for e := range m.p.Employees {
		emp := &m.p.Employees[e]
		dens := float64(emp.MaxConsecutive) / float64(emp.MaxConsecutive+max(emp.MinConsecutiveOff, 1))
		for d := range capd {
			if len(m.choices[e][d]) > 1 {
				capd[d] += dens
			}
		}
		shifts += float64(emp.MinMinutes+emp.MaxMinutes) / 2 / meanLen
	}
	work := func(f float64) float64 {
		s := 0.0
		for d := range dem {
			s += min(capd[d], f*dem[d])
		}
		return s
	}
	// Bisection on the factor: the work is non-decreasing in it and at
	// most the staff's capacity, reached once every day is capped.
	lo, hi := 0.0, 1.0
	for work(hi) < shifts && hi < 1e6 {
		hi *= 2
	}
	for range 60 {
		if mid := (lo + hi) / 2; work(mid) < shifts {
			lo = mid
		} else {
			hi = mid
		}
	}
	prof := make([]float64, m.H+1)
	for d := range dem {
		prof[d+1] = prof[d] + min(capd[d], hi*dem[d])
	}
	total := prof[m.H]
	for d := range prof {
		if total > 0 {
			prof[d] /= total
		} else {
			prof[d] = float64(d) / float64(m.H)
		}
	}
	return prof
}
