package solve

// empStat is what the worker keeps per employee so that replacing a
// segment of a line is evaluated in time proportional to the segment and
// the runs around it, not to the horizon.
type empStat struct {
	local  int     // succession and run violation units
	mins   int     // total minutes
	counts []int32 // days per shift type
	excess int     // sum over types of days over the limit
	wkDays []int8  // worked days per weekend
	nWk    int     // weekends worked
	soft   int     // request penalties
}

// totalsHard is the violation units of an employee's totals.
func (m *model) totalsHard(emp *Employee, mins, excess, nWk int) int {
	h := excess
	if mins < emp.MinMinutes {
		h += (emp.MinMinutes - mins + m.unit - 1) / m.unit
	} else if mins > emp.MaxMinutes {
		h += (mins - emp.MaxMinutes + m.unit - 1) / m.unit
	}
	if nWk > emp.MaxWeekends {
		h += nWk - emp.MaxWeekends
	}
	return h
}

// refreshStat recomputes employee e's statistics from its line.
func (w *worker) refreshStat(e int) {
	m := w.m
	st := &w.stat[e]
	emp := &m.p.Employees[e]
	line := w.a[e]
	if w.logTouches {
		w.touchLog = append(w.touchLog, e)
	}
	for i := range st.counts {
		st.counts[i] = 0
	}
	for i := range st.wkDays {
		st.wkDays[i] = 0
	}
	st.mins, st.nWk, st.soft, st.excess = 0, 0, 0, 0
	for d, x := range line {
		st.soft += int(m.pen[e][d*m.X+int(x)])
		if x > 0 {
			st.counts[x-1]++
			st.mins += m.minutes[x-1]
			if wk := m.wk[d]; wk >= 0 {
				if st.wkDays[wk] == 0 {
					st.nWk++
				}
				st.wkDays[wk]++
			}
		}
	}
	for s, c := range st.counts {
		if int(c) > emp.MaxShifts[s] {
			st.excess += int(c) - emp.MaxShifts[s]
		}
	}
	st.local = w.localHard(e, line, 0, m.H-1, -1, -1, nil)
	h := st.local + m.totalsHard(emp, st.mins, st.excess, st.nWk)
	w.sumHard += h - w.hard[e]
	w.sumSoft += st.soft - w.soft[e]
	w.hard[e], w.soft[e] = h, st.soft
}

// localHard returns the succession and run violation units of days
// [A, B] of line, where A starts a run and B ends one, reading days
// [lo, hi) from seg instead (when seg is not nil).
func (w *worker) localHard(e int, line []int8, A, B, lo, hi int, seg []int8) int {
	m := w.m
	emp := &m.p.Employees[e]
	at := func(d int) int8 {
		if d >= lo && d < hi {
			return seg[d-lo]
		}
		return line[d]
	}
	h := 0
	prev := at(A)
	runStart := A
	for d := A + 1; d <= B; d++ {
		x := at(d)
		if x > 0 && prev > 0 && m.forb[int(prev-1)*m.S+int(x-1)] {
			h++
		}
		if (x > 0) != (prev > 0) {
			h += m.runViolation(emp, prev > 0, runStart, d-1)
			runStart = d
		}
		prev = x
	}
	h += m.runViolation(emp, prev > 0, runStart, B)
	return h
}

// runRegion returns the days [A, B] of line whose runs can change when
// days [lo, hi) are replaced: from the start of the run holding day lo-1
// to the end of the run holding day hi.
func runRegion(line []int8, lo, hi int) (A, B int) {
	H := len(line)
	A = lo
	if lo > 0 {
		A = lo - 1
		for A > 0 && (line[A-1] > 0) == (line[lo-1] > 0) {
			A--
		}
	}
	B = hi - 1
	if hi < H {
		B = hi
		for B < H-1 && (line[B+1] > 0) == (line[hi] > 0) {
			B++
		}
	}
	return A, B
}

// segDelta evaluates replacing days [lo, hi) of employee e's line by seg:
// it returns the new hard units and request penalty of the line.
func (w *worker) segDelta(e, lo, hi int, seg []int8) (hard, soft int) {
	m := w.m
	st := &w.stat[e]
	emp := &m.p.Employees[e]
	line := w.a[e]
	X := m.X
	pen := m.pen[e]
	soft = st.soft
	mins := st.mins
	excess := st.excess
	nWk := st.nWk
	touched := w.touched[:0]
	wkTouched := w.wkTouched[:0]
	for d := lo; d < hi; d++ {
		x, y := line[d], seg[d-lo]
		if x == y {
			continue
		}
		soft += int(pen[d*X+int(y)] - pen[d*X+int(x)])
		if x > 0 {
			s := int(x - 1)
			mins -= m.minutes[s]
			if w.dCount[s] == 0 {
				touched = append(touched, s)
			}
			w.dCount[s]--
		}
		if y > 0 {
			s := int(y - 1)
			mins += m.minutes[s]
			if w.dCount[s] == 0 {
				touched = append(touched, s)
			}
			w.dCount[s]++
		}
		if wk := m.wk[d]; wk >= 0 && (x > 0) != (y > 0) {
			if w.dWk[wk] == 0 {
				wkTouched = append(wkTouched, wk)
			}
			if y > 0 {
				w.dWk[wk]++
			} else {
				w.dWk[wk]--
			}
		}
	}
	for _, s := range touched {
		old := int(st.counts[s])
		nw := old + int(w.dCount[s])
		excess += max(nw-emp.MaxShifts[s], 0) - max(old-emp.MaxShifts[s], 0)
		w.dCount[s] = 0
	}
	for _, wk := range wkTouched {
		old := int(st.wkDays[wk])
		nw := old + int(w.dWk[wk])
		if old == 0 && nw > 0 {
			nWk++
		} else if old > 0 && nw == 0 {
			nWk--
		}
		w.dWk[wk] = 0
	}
	w.touched, w.wkTouched = touched, wkTouched
	A, B := runRegion(line, lo, hi)
	local := st.local - w.localHard(e, line, A, B, -1, -1, nil) + w.localHard(e, line, A, B, lo, hi, seg)
	return local + m.totalsHard(emp, mins, excess, nWk), soft
}

// commitSeg writes seg into days [lo, hi) of e's line, updating the cover
// and the statistics; hard and soft are what segDelta returned.
func (w *worker) commitSeg(e, lo, hi int, seg []int8, hard, soft int, cover bool) {
	m := w.m
	st := &w.stat[e]
	emp := &m.p.Employees[e]
	line := w.a[e]
	if w.logTouches {
		w.touchLog = append(w.touchLog, e)
	}
	A, B := runRegion(line, lo, hi)
	st.local -= w.localHard(e, line, A, B, -1, -1, nil)
	st.local += w.localHard(e, line, A, B, lo, hi, seg)
	for d := lo; d < hi; d++ {
		x, y := line[d], seg[d-lo]
		if x == y {
			continue
		}
		if cover {
			w.setCnt(d, x, y)
		}
		if x > 0 {
			s := x - 1
			st.mins -= m.minutes[s]
			st.excess -= max(int(st.counts[s])-emp.MaxShifts[s], 0)
			st.counts[s]--
			st.excess += max(int(st.counts[s])-emp.MaxShifts[s], 0)
		}
		if y > 0 {
			s := y - 1
			st.mins += m.minutes[s]
			st.excess -= max(int(st.counts[s])-emp.MaxShifts[s], 0)
			st.counts[s]++
			st.excess += max(int(st.counts[s])-emp.MaxShifts[s], 0)
		}
		if wk := m.wk[d]; wk >= 0 && (x > 0) != (y > 0) {
			if y > 0 {
				if st.wkDays[wk] == 0 {
					st.nWk++
				}
				st.wkDays[wk]++
			} else {
				st.wkDays[wk]--
				if st.wkDays[wk] == 0 {
					st.nWk--
				}
			}
		}
		line[d] = y
	}
	st.soft = soft
	w.sumHard += hard - w.hard[e]
	w.sumSoft += soft - w.soft[e]
	w.hard[e], w.soft[e] = hard, soft
}
