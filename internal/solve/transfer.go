package solve

// transfer moves work of one employee across the horizon, to a window
// around an under-covered cell from a day at least two weeks away: a day
// it works on an over-covered cell or, when the cell is on a weekend the
// employee does not work, a day of any weekend it works (most employees
// work as many weekends as they may). The shift on that day is removed
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
	wkMove := m.wk[d2] >= 0 && w.stat[e].wkDays[m.wk[d2]] == 0
	for d := 0; d < m.H; d++ {
		x := a[d]
		if x == 0 || (d-d2 < transferGap && d2-d < transferGap) {
			continue
		}
		i := d*m.S + int(x) - 1
		if (wkMove && m.wk[d] >= 0) || (!wkMove && w.cnt[i] > m.req[i]) {
			n++
			if r.IntN(n) == 0 {
				d1 = d
			}
		}
	}
	if d1 < 0 {
		return false
	}
	w.syncBest()
	before := w.total()
	saved := w.saved[0]
	copy(saved, a)
	clearDay := func(d int) {
		if x := a[d]; x > 0 {
			w.setCnt(d, x, 0)
			a[d] = 0
		}
	}
	clearDay(d1)
	if k := m.wk[d1]; k >= 0 {
		for d := max(d1-1, 0); d <= min(d1+1, m.H-1); d++ {
			if m.wk[d] == k {
				clearDay(d)
			}
		}
	}
	window := func(focus int) (lo, hi int) {
		L := min(transferMinDays+r.IntN(transferMaxDays-transferMinDays+1), m.H)
		lo = min(max(focus-r.IntN(L), 0), m.H-L)
		return lo, lo + L
	}
	lo2, hi2 := window(d2)
	lo1, hi1 := window(d1)
	if lo1 < hi2 && lo2 < hi1 {
		// Overlapping windows: one window over both.
		lo2, hi2 = min(lo1, lo2), max(hi1, hi2)
		lo1, hi1 = lo2, lo2
	}
	for d := lo2; d < hi2; d++ {
		clearDay(d)
	}
	w.repairLine(e, saved, lo2, hi2)
	if lo1 < hi1 {
		copy(w.tmpLine, a)
		for d := lo1; d < hi1; d++ {
			clearDay(d)
		}
		w.repairLine(e, w.tmpLine, lo1, hi1)
	}
	w.refreshStat(e)
	if d := w.total() - before; w.accept(d, t) {
		return true
	}
	for d := 0; d < m.H; d++ {
		if x, y := a[d], saved[d]; x != y {
			w.setCnt(d, x, y)
		}
	}
	copy(a, saved)
	w.refreshStat(e)
	return false
}

// transferGap is the least distance in days between the two ends of a
// transfer; transferMinDays, transferMaxDays bound its windows.
const transferGap, transferMinDays, transferMaxDays = 14, 7, 14
