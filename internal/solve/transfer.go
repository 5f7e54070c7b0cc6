package solve

// transfer moves work of one employee across the horizon, to a window
// around an under-covered cell from a day at least two weeks away: a day
// it works on an over-covered cell or, when the cell is on a weekend the
// employee does not work, a day of a weekend it works (most employees
// work as many weekends as they may), one that covers at most one needed
// cell when there is such a weekend (see cheapWeekend). The shift on that day is removed
// (with the rest of its weekend, on a weekend day), then the line is
// rebuilt over the window around the short cell, where the programme, now
// below the employee's totals, places the freed minutes and weekend, and
// over the window around the removed day, to repair its runs. The result
// is accepted with the annealing criterion at temperature t.
func (w *worker) transfer(t float64) bool {
	m := w.m
	r := w.rng
	e, d2 := w.underCell()
	if e < 0 {
		return false
	}
	a := w.a[e]
	n, d1 := 0, -1
	nc, dc := 0, -1 // days of weekends that cover at most one needed cell
	wkMove := m.wk[d2] >= 0 && w.stat[e].wkDays[m.wk[d2]] == 0
	for d := 0; d < m.H; d++ {
		x := a[d]
		if x == 0 || (d-d2 < transferGap && d2-d < transferGap) {
			continue
		}
		i := d*m.S + int(x) - 1
		if wkMove && m.wk[d] >= 0 && w.cheapWeekend(e, m.wk[d]) {
			nc++
			if r.IntN(nc) == 0 {
				dc = d
			}
		}
		if (wkMove && m.wk[d] >= 0) || (!wkMove && w.cnt[i] > m.req[i]) {
			n++
			if r.IntN(n) == 0 {
				d1 = d
			}
		}
	}
	if dc >= 0 {
		d1 = dc
	}
	if wkMove && w.full != nil && r.IntN(2) == 0 {
		// Half of the time, a weekend e works in a full week, if any:
		// its days could as well be weekdays of that week (fullDays).
		if d := w.fullWeekendDay(e, m.wk[d2]); d >= 0 {
			d1 = d
		}
	}
	if d1 < 0 {
		return false
	}
	w.syncBest()
	before := w.total()
	saved := w.saved[0]
	copy(saved, a)
	w.moveWork(e, d1, d2, saved)
	w.refreshStat(e)
	if d := w.total() - before; w.accept(d, t) {
		return true
	}
	w.writeDays(e, saved, 0, m.H)
	return false
}

// cheapWeekend reports whether the days employee e works in weekend k
// cover at most one needed cell: it works one day only, or one of its
// cells has more staff than required. Giving up such a weekend costs at
// most one cell, where a weekend gained on a short weekend can fill two.
// (Instance24, 60 s, 2 workers, seeds 1-4: 46444, 46007, 46137 and 46403
// with the preference, 47917, 46820, 46538 and 47247 without.)
func (w *worker) cheapWeekend(e, k int) bool {
	m := w.m
	a := w.a[e]
	needed := 0
	for d := m.wkLo[k]; d < m.wkHi[k]; d++ {
		if x := a[d]; x > 0 {
			if i := d*m.S + int(x) - 1; w.cnt[i] <= m.req[i] {
				needed++
			}
		}
	}
	return needed <= 1
}

// fullWeekendDay returns a day, drawn at random, that employee e works in
// a weekend of a full week (see fullDays) other than weekend skip, or -1
// if there is none.
func (w *worker) fullWeekendDay(e, skip int) int {
	m := w.m
	a := w.a[e]
	day, n := -1, 0
	for d, f := range w.full {
		if f && a[d] > 0 && m.wk[d] >= 0 && m.wk[d] != skip {
			n++
			if w.rng.IntN(n) == 0 {
				day = d
			}
		}
	}
	return day
}

// transferGap is the least distance in days between the two ends of a
// transfer; transferMinDays, transferMaxDays bound its windows.
const transferGap, transferMinDays, transferMaxDays = 14, 7, 14

// transferWindow draws the days [lo, hi) of a transfer's window around
// day focus: transferMinDays to transferMaxDays long, placed at random.
func (w *worker) transferWindow(focus int) (lo, hi int) {
	m := w.m
	L := min(transferMinDays+w.rng.IntN(transferMaxDays-transferMinDays+1), m.H)
	lo = min(max(focus-w.rng.IntN(L), 0), m.H-L)
	return lo, lo + L
}

// moveWork removes employee e's shift on day d1 (with the rest of its
// weekend) and rebuilds e's line over a window around d2, then over one
// around d1; saved holds e's line as it was, the fallback of both
// repairs. The caller refreshes e's statistics and accepts or undoes.
func (w *worker) moveWork(e, d1, d2 int, saved []int8) {
	m := w.m
	if k := m.wk[d1]; k >= 0 {
		w.clearDays(e, m.wkLo[k], m.wkHi[k])
	} else {
		w.clearDays(e, d1, d1+1)
	}
	lo2, hi2 := w.transferWindow(d2)
	lo1, hi1 := w.transferWindow(d1)
	if lo1 < hi2 && lo2 < hi1 {
		// Overlapping windows: one window over both.
		lo2, hi2 = min(lo1, lo2), max(hi1, hi2)
		lo1, hi1 = lo2, lo2
	}
	w.clearDays(e, lo2, hi2)
	w.repairLine(e, saved, lo2, hi2)
	if lo1 < hi1 {
		copy(w.tmpLine, w.a[e])
		w.clearDays(e, lo1, hi1)
		w.repairLine(e, w.tmpLine, lo1, hi1)
	}
}

// handover frees a weekend that an employee works on one day only: its
// shift that day goes to a short cell it may work at least two weeks away
// (moveWork, with the weekend freed), and another employee who works the
// other day of that weekend and may work the same shift is rebuilt over a
// window around the day, so that it can take the shift over and work the
// weekend whole. Both are accepted together with the annealing criterion
// at temperature t, or both undone.
func (w *worker) handover(t float64) bool {
	m := w.m
	r := w.rng
	e2 := r.IntN(m.E)
	d := w.halfWeekend(e2)
	if d < 0 {
		return false
	}
	// d1: the weekend's day e2 works; other: the one it does not.
	d1, other := d, d+1
	if w.a[e2][d] == 0 {
		d1, other = d+1, d
	}
	y := w.a[e2][d1]
	// A short cell e2 may work, at least transferGap days away.
	d2 := -1
	for range 200 {
		i := r.IntN(m.H * m.S)
		dd, x := i/m.S, int8(i%m.S+1)
		if w.cnt[i] < m.req[i] && (dd-d1 >= transferGap || d1-dd >= transferGap) &&
			m.allow[e2][dd*m.X+int(x)] && w.a[e2][dd] != x {
			d2 = dd
			break
		}
	}
	if d2 < 0 {
		return false
	}
	e1 := -1
	for range 50 {
		e := r.IntN(m.E)
		if e != e2 && w.a[e][other] > 0 && w.a[e][d1] == 0 && m.allow[e][d1*m.X+int(y)] {
			e1 = e
			break
		}
	}
	if e1 < 0 {
		return false
	}
	w.syncBest()
	before := w.total()
	s2, s1 := w.saved[0], w.saved[1]
	copy(s2, w.a[e2])
	copy(s1, w.a[e1])
	w.moveWork(e2, d1, d2, s2)
	lo, hi := w.transferWindow(d1)
	w.clearDays(e1, lo, hi)
	w.repairLine(e1, s1, lo, hi)
	w.refreshStat(e2)
	w.refreshStat(e1)
	if delta := w.total() - before; w.accept(delta, t) {
		return true
	}
	w.writeDays(e2, s2, 0, m.H)
	w.writeDays(e1, s1, 0, m.H)
	return false
}
