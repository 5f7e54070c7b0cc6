package solve

import "math"

const inf = math.MaxInt32 / 2

// dpState holds the buffers of the per-employee dynamic programme that
// re-optimises one employee's line over a window of days against the
// current cover ("pricing"): a shortest path over states (shift code,
// run length, minutes worked, weekends worked) that keeps successions,
// consecutive-run limits, total minutes and weekends within their limits.
// Limits per shift type are priced with a Lagrangian-style penalty
// and the result is always checked by the exact line evaluation.
type dpState struct {
	m      *model
	g      int // gcd of shift lengths, the unit of the minutes dimension
	maxLen int
	days   [][]int32 // [day in window][state] cost of the cheapest way to the state; inf between solves
	cost   []int32   // [day in window * X + code]
	lambda []int32   // per shift type
	rowLo  []int32   // scratch: bounds on the minutes of each row's states, per day
	pre    []bool    // weekends already worked outside the window
	counts []int
	over   []bool // scratch: shift types priced by lambda
	// exact, when >= 0, is a shift type whose limit is kept exactly as a
	// dimension of the programme instead of being priced.
	exact int
	hardW int // weight of one hard violation unit
	// lim, when set, replaces the employee's limits on totals (used to
	// build a line window by window with prorated targets).
	lim *dpLimits
	// relax drops the minutes and weekends dimensions: total minutes are
	// then priced through lambda (the caller folds a price per minute into
	// each shift's entry) and each newly worked weekend costs wkCost, and
	// the limits on totals are left to the caller (Lagrangian relaxation).
	relax  bool
	wkCost int32
	// Codes in classes and groups (see newDP); gCost, gArg: scratch,
	// each group's cost and cheapest code per day of the window.
	cls, clsRep, grp, grpCls, grpRep []int
	nCls, nGrp                       int
	gCost                            []int32
	gArg                             []int8
	gInfo                            []int // scratch: see solve
	// lastCost is the cost of the line found by the last solve.
	lastCost int32
	// strictMin keeps the least total minutes exactly (lines short of it
	// are not returned) instead of pricing a shortfall at the hard weight.
	strictMin bool
	// trans keeps the programme's transition tables (built in solve) by
	// the limits on runs they depend on.
	trans map[transKey][]int16
}

// transKey is what a transition table depends on besides the classes and
// groups: the employee's limits on runs and the exact type's code (-1:
// none).
type transKey struct{ maxC, minC, minOff, exactCode int }

type dpLimits struct {
	minMinutes, maxMinutes, maxWeekends int
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func newDP(m *model) *dpState {
	dp := &dpState{m: m, exact: -1, lambda: make([]int32, m.S), pre: make([]bool, m.nWk+1), counts: make([]int, m.S)}
	for _, s := range m.minutes {
		dp.g = gcd(dp.g, s)
		dp.maxLen = max(dp.maxLen, s)
	}
	dp.setClasses(true)
	return dp
}

// setClasses sorts the codes into the classes and groups the programme's
// states and transitions use. Shift types that forbid the same successors
// share a class: the states need no more to go on. Those that also follow
// the same predecessors and last as long form a group, whose members
// differ only in cost. (Instance24: 32 types, 8 classes, 14 groups.) With
// merge false every type is a class and a group of its own, as the
// programme was before classes (the tests' and benchmarks' reference).
func (dp *dpState) setClasses(merge bool) {
	m := dp.m
	X, S := m.X, m.S
	dp.cls, dp.grp = make([]int, X), make([]int, X)
	dp.clsRep, dp.grpCls, dp.grpRep = []int{0}, []int{0}, []int{0}
	dp.nCls, dp.nGrp = 1, 1
	dp.trans = map[transKey][]int16{}
	row := func(x, y int) bool { // whether x joins y's class: the same successors forbidden
		for t := 0; t < S; t++ {
			if m.forb[(x-1)*S+t] != m.forb[(y-1)*S+t] {
				return false
			}
		}
		return merge
	}
	col := func(x, y int) bool { // whether y's predecessors are x's
		for s := 0; s < S; s++ {
			if m.forb[s*S+x-1] != m.forb[s*S+y-1] {
				return false
			}
		}
		return true
	}
	for x := 1; x < X; x++ {
		dp.cls[x] = -1
		for c := 1; c < dp.nCls; c++ {
			if row(x, dp.clsRep[c]) {
				dp.cls[x] = c
				break
			}
		}
		if dp.cls[x] < 0 {
			dp.cls[x] = dp.nCls
			dp.clsRep = append(dp.clsRep, x)
			dp.nCls++
		}
		dp.grp[x] = -1
		for g := 1; g < dp.nGrp; g++ {
			y := dp.grpRep[g]
			if dp.grpCls[g] == dp.cls[x] && col(x, y) && m.minutes[x-1] == m.minutes[y-1] {
				dp.grp[x] = g
				break
			}
		}
		if dp.grp[x] < 0 {
			dp.grp[x] = dp.nGrp
			dp.grpCls = append(dp.grpCls, dp.cls[x])
			dp.grpRep = append(dp.grpRep, x)
			dp.nGrp++
		}
	}
}

// countTypes fills dp.counts with the shifts of each type in line and
// returns it.
func (dp *dpState) countTypes(line []int8) []int {
	for s := range dp.counts {
		dp.counts[s] = 0
	}
	for _, x := range line {
		if x > 0 {
			dp.counts[x-1]++
		}
	}
	return dp.counts
}

// dims returns the dimensions of the state space for employee e over a
// window of L days.
func (dp *dpState) dims(e, L int) (rdim, mdim, kdim int) {
	emp := &dp.m.p.Employees[e]
	rdim = max(2*emp.MaxConsecutive, emp.MinConsecutiveOff, 1)
	mdim = min(emp.MaxMinutes/dp.g, L*dp.maxLen/dp.g) + 1
	kdim = min(emp.MaxWeekends, L/7+2) + 1
	return
}

// rdimMax is the largest run dimension over the employees.
func (dp *dpState) rdimMax() int {
	r := 1
	for e := range dp.m.p.Employees {
		rd, _, _ := dp.dims(e, 1)
		r = max(r, rd)
	}
	return r
}

// work estimates the cost of solving a window of L days for employee e.
func (dp *dpState) work(e, L int) int {
	r, mm, k := dp.dims(e, L)
	return L * dp.m.X * dp.m.X * r * mm * k
}

// solve finds the cheapest assignment of codes to days [lo, hi) of
// employee e's line a (other days fixed), where dp.cost holds the cost of
// each code on each day of the window. It writes the result into a and
// returns false if no assignment satisfies the constraints it models.
//
// States hold a class of codes (see newDP), not the code itself: each
// transition goes to a group of codes at the cost of its cheapest member
// that day, and the codes are recovered from the classes, the minutes and
// the group costs once the best final state is known.
func (dp *dpState) solve(e int, a []int8, lo, hi int) bool {
	m := dp.m
	emp := &m.p.Employees[e]
	X, H, S := m.X, m.H, m.S
	L := hi - lo
	maxC, minC := emp.MaxConsecutive, emp.MinConsecutive
	offCap := max(emp.MinConsecutiveOff, 1)
	rdim, _, _ := dp.dims(e, L)
	C := dp.nCls

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
	// type): index kw*qdim + kq, and the type's code is a group of its own
	// (index nGrp).
	kW, qdim := kdim, 1
	G := dp.nGrp
	exactCode := -1
	if q := dp.exact; q >= 0 {
		qdim = min(max(emp.MaxShifts[q]-outQ, 0), L) + 1
		exactCode = q + 1
		G++
	}
	groupOf := func(c int) int {
		if c == exactCode {
			return dp.nGrp
		}
		return dp.grp[c]
	}
	grpCls := func(g int) int {
		if g == dp.nGrp {
			return dp.cls[exactCode]
		}
		return dp.grpCls[g]
	}
	grpRep := func(g int) int {
		if g == dp.nGrp {
			return exactCode
		}
		return dp.grpRep[g]
	}
	kdim = kW * qdim
	size := C * rdim * mdim * kdim
	// Each day's states are inf between solves (each solve clears those
	// it reached), so only new buffers need filling.
	for len(dp.days) < L {
		dp.days = append(dp.days, nil)
	}
	for i := 0; i < L; i++ {
		if cap(dp.days[i]) < size {
			dp.days[i] = make([]int32, size)
			clear32(dp.days[i], inf)
		}
		dp.days[i] = dp.days[i][:size]
	}
	days := dp.days[:L]
	// Per day and row (class, run): the range of minutes indices that may
	// hold a reached state; states outside are inf, those inside that are
	// not reached at or above reach.
	rows := C * rdim
	if cap(dp.rowLo) < 2*L*rows {
		dp.rowLo = make([]int32, 2*L*rows)
	}
	dLo, dHi := dp.rowLo[:L*rows], dp.rowLo[L*rows:2*L*rows]
	for i := range dLo {
		dLo[i], dHi[i] = int32(mdim), -1
	}
	// Each group's cost and cheapest code on each day of the window.
	if cap(dp.gCost) < L*G {
		dp.gCost = make([]int32, L*G)
		dp.gArg = make([]int8, L*G)
	}
	gCost, gArg := dp.gCost[:L*G], dp.gArg[:L*G]
	clear32(gCost, inf)
	lambda := dp.lambda
	for t := 0; t < L; t++ {
		for _, c2x := range m.choices[e][lo+t] {
			c2 := int(c2x)
			cc := dp.cost[t*X+c2]
			if cc >= inf {
				continue
			}
			if c2 > 0 {
				cc += lambda[c2-1]
			}
			if j := t*G + groupOf(c2); cc < gCost[j] {
				gCost[j], gArg[j] = cc, int8(c2)
			}
		}
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

	// transition from a code of class c (0: off), in run state r (exempt:
	// ex), to a code of group g2; returns the new r index or -1.
	trans := func(c, r int, ex bool, g2 int) int {
		c2 := grpCls(g2)
		switch {
		case c > 0 && c2 > 0:
			if m.forb[(dp.clsRep[c]-1)*S+grpRep(g2)-1] || r+1 > maxC {
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

	// The transitions from each row (class, run) to each group: the new
	// run index, or -1 where the group may not follow.
	key := transKey{maxC, minC, emp.MinConsecutiveOff, exactCode}
	tr := dp.trans[key]
	if tr == nil {
		tr = make([]int16, C*rdim*G)
		for c := 0; c < C; c++ {
			for ri := 0; ri < rdim; ri++ {
				r, ex := decode(c, ri)
				for g2 := 0; g2 < G; g2++ {
					tr[(c*rdim+ri)*G+g2] = int16(trans(c, r, ex, g2))
				}
			}
		}
		dp.trans[key] = tr
	}
	// Each group's class, minutes (in units of g, 0 when relaxed) and
	// count of the exact type, for the inner loop (see arc).
	if cap(dp.gInfo) < 3*G {
		dp.gInfo = make([]int, 3*G)
	}
	gCls, gDm, gDq := dp.gInfo[:G], dp.gInfo[G:2*G], dp.gInfo[2*G:3*G]
	for g2 := range G {
		gCls[g2], gDm[g2], gDq[g2] = grpCls(g2), 0, 0
		if gCls[g2] > 0 && !dp.relax {
			gDm[g2] = m.minutes[grpRep(g2)-1] / dp.g
		}
		if g2 == dp.nGrp {
			gDq[g2] = 1
		}
	}

	prune := !dp.relax && minW <= L*dp.maxLen*maxC/(maxC+max(emp.MinConsecutiveOff, 1))
	// minutesLeft bounds the minutes that can still be worked after day d.
	minutesLeft := func(d int) int {
		return mostDaysWorked(emp, hi-1-d) * dp.maxLen
	}
	// mmFloor is the least minutes index at the end of day d from which
	// the minimum can still be reached (0 when not pruning).
	mmFloor := func(d int) int {
		if !prune {
			return 0
		}
		return max(0, (minW-minutesLeft(d)+dp.g-1)/dp.g)
	}
	// newWeekend reports whether a worked day d after a day of class c
	// starts a weekend not worked before.
	newWeekend := func(d, c int) bool {
		w := m.wk[d]
		return w >= 0 && !dp.pre[w] && !(c > 0 && d > lo && m.wk[d-1] == w)
	}
	// The minutes (in units of g), the new weekend and exact-type counts
	// and the extra cost of group g2 on a day where a worked day adds a
	// weekend if wkAdd (see newWeekend): relaxed, the weekend is priced
	// at wkCost instead of counted.
	arc := func(g2 int, wkAdd bool) (dm, dk, dq int, extra int32) {
		if gCls[g2] == 0 {
			return
		}
		dm, dq = gDm[g2], gDq[g2]
		if wkAdd {
			if dp.relax {
				extra = dp.wkCost
			} else {
				dk = 1
			}
		}
		return
	}
	// A shortfall in minutes is priced at the hard weight per unit rather
	// than forbidden, so that windows too short to reach the minimum still
	// move towards it; states that cannot reach it are pruned only when
	// the window can.
	// firstRun is the run index of group g2 on the window's first day
	// after the days before it, -1 where g2 may not follow them.
	firstRun := func(g2 int) int {
		switch {
		case prevCode < 0:
			if grpCls(g2) > 0 {
				return maxC // run of 1 touching day 0
			}
			return offCap - 1
		default:
			pr := prevR
			if prevCode == 0 {
				pr = min(prevR, offCap)
				if prevEx {
					pr = offCap
				}
			}
			return trans(dp.cls[prevCode], pr, prevEx, g2)
		}
	}
	// First day.
	d := lo
	for g2 := 0; g2 < G; g2++ {
		cst := gCost[g2]
		if cst >= inf {
			continue
		}
		c2 := grpCls(g2)
		ri := firstRun(g2)
		if ri < 0 {
			continue
		}
		mm, k, kq, extra := arc(g2, newWeekend(d, 0))
		cst += extra
		if mm >= mdim || k >= kW || kq >= qdim {
			continue
		}
		k = k*qdim + kq
		i := idx(c2, ri, mm, k)
		row := c2*rdim + ri
		dLo[row], dHi[row] = min(dLo[row], int32(mm)), max(dHi[row], int32(mm))
		days[0][i] = min(days[0][i], cst)
	}
	for d = lo + 1; d < hi; d++ {
		t := d - lo
		cur, next := days[t-1], days[t]
		rLo, rHi := dLo[(t-1)*rows:t*rows], dHi[(t-1)*rows:t*rows]
		nLo, nHi := dLo[t*rows:(t+1)*rows], dHi[t*rows:(t+1)*rows]
		costs := gCost[t*G : t*G+G]
		floor := mmFloor(d)
		prevFloor := mmFloor(d - 1)
		for c := 0; c < C; c++ {
			// Whether a worked day adds a weekend after class c.
			wkAdd := newWeekend(d, c)
			for ri := 0; ri < rdim; ri++ {
				base := idx(c, ri, 0, 0)
				rowLo, rowHi := max(int(rLo[c*rdim+ri]), prevFloor), int(rHi[c*rdim+ri])
				if rowLo > rowHi {
					continue
				}
				trRow := tr[(c*rdim+ri)*G : (c*rdim+ri+1)*G]
				for g2, cc := range costs {
					if cc >= inf {
						continue
					}
					r2 := int(trRow[g2])
					if r2 < 0 {
						continue
					}
					c2 := gCls[g2]
					dm, dk, dq, extra := arc(g2, wkAdd)
					cc += extra
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
						// Each of the stretches of n states from
						// base+mlo*kdim, kdim apart, lowers the states
						// off further on in next to its own plus cc where
						// that is cheaper. No source is tested: an
						// unreached one (at or above reach) gives a target
						// at or above reach too (inf+cc stays below
						// overflow for the costs used here), so every
						// target counts as possibly reached and all are
						// cleared after the solve.
						for j := base + mlo*kdim; stretches > 0; stretches-- {
							if n < 8 {
								// Most stretches are short: the plain loop, inlined.
								relaxPlain(next[j+off:j+off+n], cur[j:j+n], cc)
							} else {
								relaxRow(next[j+off:j+off+n], cur[j:j+n], cc)
							}
							j += kdim
						}
						nLo[row2], nHi[row2] = min(nLo[row2], int32(mlo+dm)), max(nHi[row2], int32(mhi+dm))
						continue
					}
					for mm := mlo; mm <= mhi; mm++ {
						for kw := 0; kw+dk < kW; kw++ {
							for kq := 0; kq+dq < qdim; kq++ {
								k := kw*qdim + kq
								v := cur[base+mm*kdim+k]
								if v >= reach {
									continue
								}
								v += cc
								ni := nbase + (mm+dm)*kdim + k + dk*qdim + dq
								next[ni] = min(next[ni], v)
								nLo[row2], nHi[row2] = min(nLo[row2], int32(mm+dm)), max(nHi[row2], int32(mm+dm))
							}
						}
					}
				}
			}
		}
	}
	// Best final state.
	last := days[L-1]
	rLo, rHi := dLo[(L-1)*rows:], dHi[(L-1)*rows:]
	best, bestI := int32(inf), -1
	for c := 0; c < C; c++ {
		for ri := 0; ri < rdim; ri++ {
			r, ex := decode(c, ri)
			ok := true
			switch {
			case nextCode < 0: // window ends the horizon: runs touching the end are exempt
			case c > 0 && nextCode > 0:
				if m.forb[(dp.clsRep[c]-1)*S+nextCode-1] || r+afterR > maxC || (!ex && !afterEnd && r+afterR < minC) {
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
			row := c*rdim + ri
			if !ok || rLo[row] > rHi[row] {
				continue
			}
			for mm := int(rLo[row]); mm <= int(rHi[row]); mm++ {
				var short int32
				if dp.strictMin && !dp.relax && mm*dp.g < minW {
					continue
				}
				if !dp.relax && mm*dp.g < minW {
					short = int32(dp.hardW * ((minW - mm*dp.g + m.unit - 1) / m.unit))
				}
				for k := 0; k < kdim; k++ {
					i := idx(c, ri, mm, k)
					if last[i] < reach && last[i]+short < best {
						best, bestI = last[i]+short, i
					}
				}
			}
		}
	}
	dp.lastCost = best
	// Codes back from the states: on each day, a group of the state's
	// class and a state of the day before (one reached, within its row's
	// range and floor) from which the group leads to the state at its cost.
	cell := rdim * mdim * kdim
	var candBuf [40]int
	cand := candBuf[:0] // per day: the groups of the state's class allowed on it
	for t := L - 1; t >= 0 && bestI >= 0; t-- {
		v := days[t][bestI]
		c2, ri2 := bestI/cell, (bestI/(mdim*kdim))%rdim
		mm2, k2 := (bestI/kdim)%mdim, bestI%kdim
		kw2, kq2 := k2/qdim, k2%qdim
		g, from := -1, -1
		if t == 0 {
			for g2 := 0; g2 < G && g < 0; g2++ {
				cst := gCost[g2]
				if cst >= inf || gCls[g2] != c2 || firstRun(g2) != ri2 {
					continue
				}
				mm, k, kq, extra := arc(g2, newWeekend(lo, 0))
				if mm == mm2 && k*qdim+kq == k2 && cst+extra == v {
					g = g2
				}
			}
		} else {
			prev := days[t-1]
			pLo, pHi := dLo[(t-1)*rows:t*rows], dHi[(t-1)*rows:t*rows]
			prevFloor := mmFloor(lo + t - 1)
			cand = cand[:0]
			for g2 := 0; g2 < G; g2++ {
				if gCls[g2] == c2 && gCost[t*G+g2] < inf {
					cand = append(cand, g2)
				}
			}
			for c := 0; c < C && g < 0; c++ {
				wkAdd := newWeekend(lo+t, c)
				for ri := 0; ri < rdim && g < 0; ri++ {
					row := c*rdim + ri
					rowLo, rowHi := max(int(pLo[row]), prevFloor), int(pHi[row])
					if rowLo > rowHi {
						continue
					}
					for _, g2 := range cand {
						if int(tr[row*G+g2]) != ri2 {
							continue
						}
						dm, dk, dq, extra := arc(g2, wkAdd)
						cc := gCost[t*G+g2] + extra
						mm, kw, kq := mm2-dm, kw2-dk, kq2-dq
						if mm < rowLo || mm > rowHi || kw < 0 || kq < 0 {
							continue
						}
						if i := idx(c, ri, mm, kw*qdim+kq); prev[i] < reach && prev[i]+cc == v {
							g, from = g2, i
							break
						}
					}
				}
			}
		}
		if g < 0 {
			panic("solve: window programme: no way back to a state")
		}
		a[lo+t] = gArg[t*G+g]
		bestI = from
	}
	// Back to inf for the next solve: every state reached, or written
	// within a reached row's range.
	for t := 0; t < L; t++ {
		for row := 0; row < rows; row++ {
			if l, h := int(dLo[t*rows+row]), int(dHi[t*rows+row]); l <= h {
				b := row * mdim * kdim
				clear32(days[t][b+l*kdim:b+(h+1)*kdim], inf)
			}
		}
	}
	return best < inf
}

// reach bounds the costs of states reached: a state at or above it is
// not reached (inf, or inf lowered by negative costs, which the
// relaxation adds without testing each source).
const reach = inf / 2

// vectorMin is the least stretch relaxRow hands to the vector loop:
// below it the call costs more than it saves.
const vectorMin = 16

// relaxRow sets dst[j] = min(dst[j], src[j]+cc) for every j of src (dst
// at least as long): eight at a time with AVX2 where the processor has
// it, the rest unrolled. It is the inner loop of the window programme,
// which takes over half of an annealing worker's time on Instance24
// (BenchmarkRelaxRow compares it with relaxPlain in the same run; the
// window programme's benchmarks were 28 to 47 % faster with it).
func relaxRow(dst, src []int32, cc int32) {
	dst = dst[:len(src)] // no bounds checks in the loops
	if hasAVX2 && len(src) >= vectorMin {
		k := len(src) &^ 7
		minAddAVX2(&dst[0], &src[0], k, cc)
		src, dst = src[k:], dst[k:]
	}
	for len(src) >= 8 {
		d8, s8 := dst[:8:8], src[:8:8]
		d8[0] = min(d8[0], s8[0]+cc)
		d8[1] = min(d8[1], s8[1]+cc)
		d8[2] = min(d8[2], s8[2]+cc)
		d8[3] = min(d8[3], s8[3]+cc)
		d8[4] = min(d8[4], s8[4]+cc)
		d8[5] = min(d8[5], s8[5]+cc)
		d8[6] = min(d8[6], s8[6]+cc)
		d8[7] = min(d8[7], s8[7]+cc)
		src, dst = src[8:], dst[8:]
	}
	relaxPlain(dst, src, cc)
}

// relaxPlain is relaxRow one element at a time.
func relaxPlain(dst, src []int32, cc int32) {
	dst = dst[:len(src)]
	for j, v := range src {
		dst[j] = min(dst[j], v+cc)
	}
}

// clear32 sets every element of a to v.
func clear32(a []int32, v int32) {
	for i := range a {
		a[i] = v
	}
}
