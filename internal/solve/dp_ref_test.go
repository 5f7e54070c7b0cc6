package solve

// solve finds the cheapest assignment of codes to days [lo, hi) of
// employee e's line a (other days fixed), where dp.cost holds the cost of
// each code on each day of the window. It writes the result into a and
// returns false if no assignment satisfies the constraints it models.
func (dp *dpState) solveRef(e int, a []int8, lo, hi int) bool {
	m := dp.m
	emp := &m.p.Employees[e]
	X, H, S := m.X, m.H, m.S
	L := hi - lo
	maxC, minC := emp.MaxConsecutive, emp.MinConsecutive
	offCap := max(emp.MinConsecutiveOff, 1)
	rdim, _, _ := dp.dims(e, L)

	// Outside usage.
	outMin := 0
	for i := range dp.pre {
		dp.pre[i] = false
	}
	for d := 0; d < H; d++ {
		if d >= lo && d < hi {
			continue
		}
		if x := a[d]; x > 0 {
			outMin += m.minutes[x-1]
			if w := m.wk[d]; w >= 0 {
				dp.pre[w] = true
			}
		}
	}
	outQ := 0 // shifts of the exact type outside the window
	if q := dp.exact; q >= 0 {
		for d := 0; d < H; d++ {
			if (d < lo || d >= hi) && int(a[d]) == q+1 {
				outQ++
			}
		}
	}
	outWk := 0
	for _, p := range dp.pre {
		if p {
			outWk++
		}
	}
	minTot, maxTot, maxWk := emp.MinMinutes, emp.MaxMinutes, emp.MaxWeekends
	if l := dp.lim; l != nil {
		minTot, maxTot, maxWk = l.minMinutes, l.maxMinutes, l.maxWeekends
	}
	maxW := maxTot - outMin
	minW := minTot - outMin
	if maxW < 0 {
		maxW = 0
	}
	mdim := min(maxW/dp.g, L*dp.maxLen/dp.g) + 1
	kmax := maxWk - outWk
	if kmax < 0 {
		kmax = 0
	}
	kdim := min(kmax, L/7+2) + 1
	if dp.relax {
		mdim, kdim = 1, 1
	}
	// With an exact type, the last dimension is (weekends, shifts of that
	// type): index kw*qdim + kq.
	kW, qdim := kdim, 1
	if q := dp.exact; q >= 0 {
		qdim = min(max(emp.MaxShifts[q]-outQ, 0), L) + 1
	}
	kdim = kW * qdim
	size := X * rdim * mdim * kdim
	if cap(dp.cur) < size {
		dp.cur = make([]int32, size)
		dp.next = make([]int32, size)
	}
	cur, next := dp.cur[:size], dp.next[:size]
	// Per row (code, run): the range of minutes indices that may hold a
	// reachable state, for the current day and the next; states outside
	// are inf in both buffers.
	rows := X * rdim
	if cap(dp.rowLo) < 4*rows {
		dp.rowLo = make([]int32, 4*rows)
	}
	rLo, rHi := dp.rowLo[:rows], dp.rowLo[rows:2*rows]
	nLo, nHi := dp.rowLo[2*rows:3*rows], dp.rowLo[3*rows:4*rows]
	for i := range rLo {
		rLo[i], rHi[i], nLo[i], nHi[i] = int32(mdim), -1, int32(mdim), -1
	}
	for len(dp.parent) < L {
		dp.parent = append(dp.parent, nil)
	}
	for i := 0; i < L; i++ {
		if cap(dp.parent[i]) < size {
			dp.parent[i] = make([]int32, size)
		}
		dp.parent[i] = dp.parent[i][:size]
	}
	idx := func(c, r, mm, k int) int { return ((c*rdim+r)*mdim+mm)*kdim + k }
	// r encoding: work runs: r-1 for ordinary runs, maxC+r-1 for runs that
	// touch day 0 (exempt from the minimum); off runs: min(len, offCap)-1.

	// Context before the window.
	prevCode := -1 // -1: no previous day
	prevR := 0
	prevEx := false
	if lo > 0 {
		prevCode = int(a[lo-1])
		n := 0
		for d := lo - 1; d >= 0 && (a[d] > 0) == (prevCode > 0); d-- {
			n++
		}
		prevR = n
		prevEx = lo-n == 0
	}
	// Context after the window.
	nextCode := -1
	afterR := 0
	afterEnd := false
	if hi < H {
		nextCode = int(a[hi])
		n := 0
		for d := hi; d < H && (a[d] > 0) == (nextCode > 0); d++ {
			n++
		}
		afterR = n
		afterEnd = hi+n == H
	}

	// transition from (c, r state, exempt) to c2; returns new r index or -1.
	trans := func(c, r int, ex bool, c2 int) int {
		switch {
		case c > 0 && c2 > 0:
			if m.forb[(c-1)*S+c2-1] || r+1 > maxC {
				return -1
			}
			if ex {
				return maxC + r
			}
			return r
		case c > 0 && c2 == 0:
			if !ex && r < minC {
				return -1
			}
			return min(1, offCap) - 1
		case c == 0 && c2 > 0:
			if r < offCap && r < emp.MinConsecutiveOff {
				return -1
			}
			return 0
		default:
			return min(r+1, offCap) - 1
		}
	}
	decode := func(c, ri int) (r int, ex bool) {
		if c == 0 {
			return ri + 1, false
		}
		if ri >= maxC {
			return ri - maxC + 1, true
		}
		return ri + 1, false
	}

	for i := range cur {
		cur[i], next[i] = inf, inf
	}
	prune := !dp.relax && minW <= L*dp.maxLen*maxC/(maxC+max(emp.MinConsecutiveOff, 1))
	// minutesLeft bounds the minutes that can still be worked after day d:
	// runs of at most maxC days separated by at least the minimum rest.
	period := maxC + max(emp.MinConsecutiveOff, 1)
	minutesLeft := func(d int) int {
		r := hi - 1 - d
		return ((r/period)*maxC + min(r%period, maxC)) * dp.maxLen
	}
	// mmFloor is the least minutes index at the end of day d from which
	// the minimum can still be reached (0 when not pruning).
	mmFloor := func(d int) int {
		if !prune {
			return 0
		}
		return max(0, (minW-minutesLeft(d)+dp.g-1)/dp.g)
	}
	// A shortfall in minutes is priced at the hard weight per unit rather
	// than forbidden, so that windows too short to reach the minimum still
	// move towards it; states that cannot reach it are pruned only when
	// the window can.
	lambda := dp.lambda
	// First day.
	d := lo
	for _, c2x := range m.choices[e][d] {
		c2 := int(c2x)
		cst := dp.cost[c2]
		if cst >= inf {
			continue
		}
		var ri int
		switch {
		case prevCode < 0:
			if c2 > 0 {
				ri = maxC // run of 1 touching day 0
			} else {
				ri = offCap - 1
			}
		default:
			pr := prevR
			if prevCode == 0 {
				pr = min(prevR, offCap)
				if prevEx {
					pr = offCap
				}
			}
			ri = trans(prevCode, pr, prevEx, c2)
			if ri < 0 {
				continue
			}
		}
		mm, k := 0, 0
		if c2 > 0 {
			if !dp.relax {
				mm = m.minutes[c2-1] / dp.g
			}
			if m.wk[d] >= 0 && !dp.pre[m.wk[d]] {
				if dp.relax {
					cst += dp.wkCost
				} else {
					k = 1
				}
			}
			cst += lambda[c2-1]
		}
		kq := 0
		if c2 > 0 && c2-1 == dp.exact {
			kq = 1
		}
		if mm >= mdim || k >= kW || kq >= qdim {
			continue
		}
		k = k*qdim + kq
		i := idx(c2, ri, mm, k)
		row := c2*rdim + ri
		rLo[row], rHi[row] = min(rLo[row], int32(mm)), max(rHi[row], int32(mm))
		if cst < cur[i] {
			cur[i] = cst
			dp.parent[0][i] = -1
		}
	}
	for d = lo + 1; d < hi; d++ {
		t := d - lo
		par := dp.parent[t]
		choices := m.choices[e][d]
		costs := dp.cost[t*X : t*X+X]
		w := m.wk[d]
		floor := mmFloor(d)
		prevFloor := mmFloor(d - 1)
		sameWk := w >= 0 && m.wk[d-1] == w
		for c := 0; c < X; c++ {
			for ri := 0; ri < rdim; ri++ {
				base := idx(c, ri, 0, 0)
				rowLo, rowHi := max(int(rLo[c*rdim+ri]), prevFloor), int(rHi[c*rdim+ri])
				if rowLo > rowHi {
					continue
				}
				r, ex := decode(c, ri)
				for _, c2x := range choices {
					c2 := int(c2x)
					cc := costs[c2]
					if cc >= inf {
						continue
					}
					r2 := trans(c, r, ex, c2)
					if r2 < 0 {
						continue
					}
					dm, dk, dq := 0, 0, 0
					if c2 > 0 && c2-1 == dp.exact {
						dq = 1
					}
					if c2 > 0 {
						cc += lambda[c2-1]
						if !dp.relax {
							dm = m.minutes[c2-1] / dp.g
						}
						if w >= 0 && !dp.pre[w] && !(sameWk && c > 0) {
							if dp.relax {
								cc += dp.wkCost
							} else {
								dk = 1
							}
						}
					}
					nbase := idx(c2, r2, 0, 0)
					mlo, mhi := max(rowLo, floor-dm), min(rowHi, mdim-1-dm)
					if mlo > mhi {
						continue
					}
					row2 := c2*rdim + r2
					if dq == 0 {
						// Within each row of minutes, the states short of
						// the weekends left go to the states off further
						// on; without a newly worked weekend that is the
						// whole row, so the rows mlo..mhi are one stretch.
						off := nbase - base + dm*kdim + dk*qdim
						n, stretches := (kW-dk)*qdim, mhi-mlo+1
						if dk == 0 {
							n, stretches = n*stretches, 1
						}
						hit := false
						for i := 0; i < stretches; i++ {
							j0 := base + (mlo+i)*kdim
							hit = relaxStretch(cur[j0:j0+n], next[j0+off:j0+off+n], par[j0+off:j0+off+n], j0, cc) || hit
						}
						if hit {
							nLo[row2], nHi[row2] = min(nLo[row2], int32(mlo+dm)), max(nHi[row2], int32(mhi+dm))
						}
						continue
					}
					for mm := mlo; mm <= mhi; mm++ {
						for kw := 0; kw+dk < kW; kw++ {
							for kq := 0; kq+dq < qdim; kq++ {
								k := kw*qdim + kq
								v := cur[base+mm*kdim+k]
								if v >= inf {
									continue
								}
								v += cc
								ni := nbase + (mm+dm)*kdim + k + dk*qdim + dq
								if v < next[ni] {
									next[ni] = v
									par[ni] = int32(base + mm*kdim + k)
									nLo[row2], nHi[row2] = min(nLo[row2], int32(mm+dm)), max(nHi[row2], int32(mm+dm))
								}
							}
						}
					}
				}
			}
		}
		// The old day's states become the next day's buffer: back to inf.
		for row := range rLo {
			if l, h := int(rLo[row]), int(rHi[row]); l <= h {
				b := row * mdim * kdim
				clear32(cur[b+l*kdim:b+(h+1)*kdim], inf)
			}
			rLo[row], rHi[row] = nLo[row], nHi[row]
			nLo[row], nHi[row] = int32(mdim), -1
		}
		cur, next = next, cur
	}
	// Best final state.
	best, bestI := int32(inf), -1
	for c := 0; c < X; c++ {
		for ri := 0; ri < rdim; ri++ {
			r, ex := decode(c, ri)
			ok := true
			switch {
			case nextCode < 0: // window ends the horizon: runs touching the end are exempt
			case c > 0 && nextCode > 0:
				if m.forb[(c-1)*S+nextCode-1] || r+afterR > maxC || (!ex && !afterEnd && r+afterR < minC) {
					ok = false
				}
			case c > 0 && nextCode == 0:
				// The window's work run ends, and the off run after it
				// (fixed) must be long enough unless it reaches the end.
				ok = (ex || r >= minC) && (afterEnd || afterR >= emp.MinConsecutiveOff)
			case c == 0 && nextCode > 0:
				ok = r >= emp.MinConsecutiveOff && (afterEnd || afterR >= minC)
			default:
				ok = afterEnd || r >= offCap || r+afterR >= emp.MinConsecutiveOff
			}
			if !ok {
				continue
			}
			for mm := 0; mm < mdim; mm++ {
				var short int32
				if dp.strictMin && !dp.relax && mm*dp.g < minW {
					continue
				}
				if !dp.relax && mm*dp.g < minW {
					short = int32(dp.hardW * ((minW - mm*dp.g + m.unit - 1) / m.unit))
				}
				for k := 0; k < kdim; k++ {
					i := idx(c, ri, mm, k)
					if cur[i] < inf && cur[i]+short < best {
						best, bestI = cur[i]+short, i
					}
				}
			}
		}
	}
	dp.cur, dp.next = cur, next
	dp.lastCost = best
	if bestI < 0 {
		return false
	}
	for t := L - 1; t >= 0; t-- {
		c := bestI / (rdim * mdim * kdim)
		a[lo+t] = int8(c)
		bestI = int(dp.parent[t][bestI])
	}
	return true
}
