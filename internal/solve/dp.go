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
	cur    []int32
	next   []int32
	parent [][]int32 // [day in window][state] previous state, -1 for the start
	cost   []int32   // [day in window * X + code]
	lambda []int32   // per shift type
	rowLo  []int32   // scratch: bounds on the minutes of each row's states
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
	// Both buffers are inf between solves (each solve clears the states
	// it leaves), so only new ones need filling.
	if cap(dp.cur) < size {
		dp.cur = make([]int32, size)
		dp.next = make([]int32, size)
		clear32(dp.cur, inf)
		clear32(dp.next, inf)
	}
	cur, next := dp.cur[:size], dp.next[:size]
	// Per row (class, run): the range of minutes indices that may hold a
	// reachable state, for the current day and the next; states outside
	// are inf in both buffers.
	rows := C * rdim
	if cap(dp.rowLo) < 4*rows {
		dp.rowLo = make([]int32, 4*rows)
	}
	rLo, rHi := dp.rowLo[:rows], dp.rowLo[rows:2*rows]
	nLo, nHi := dp.rowLo[2*rows:3*rows], dp.rowLo[3*rows:4*rows]
	// clearRow sets the states of one row that its minutes range in
	// rLo, rHi marks as possibly reached back to inf in buf.
	clearRow := func(buf []int32, row int) {
		if l, h := int(rLo[row]), int(rHi[row]); l <= h {
			b := row * mdim * kdim
			clear32(buf[b+l*kdim:b+(h+1)*kdim], inf)
		}
	}
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
	// count of the exact type, for the inner loop (see step).
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
	// newWeekend reports whether a worked day d after a day of class c
	// starts a weekend not worked before.
	newWeekend := func(d, c int) bool {
		w := m.wk[d]
		return w >= 0 && !dp.pre[w] && !(c > 0 && d > lo && m.wk[d-1] == w)
	}
	// The minutes (in units of g) and the new weekend and exact-type
	// counts of group g2 on day d after a day of class c.
	step := func(g2, d, c int) (dm, dk, dq int, extra int32) {
		if gCls[g2] == 0 {
			return
		}
		dm, dq = gDm[g2], gDq[g2]
		if newWeekend(d, c) {
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
	// First day.
	d := lo
	for g2 := 0; g2 < G; g2++ {
		cst := gCost[g2]
		if cst >= inf {
			continue
		}
		c2 := grpCls(g2)
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
			ri = trans(dp.cls[prevCode], pr, prevEx, g2)
			if ri < 0 {
				continue
			}
		}
		mm, k, kq, extra := step(g2, d, 0)
		cst += extra
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
		costs := gCost[t*G : t*G+G]
		floor := mmFloor(d)
		prevFloor := mmFloor(d - 1)
		for c := 0; c < C; c++ {
			// Whether a worked day adds a weekend after class c (see step).
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
					dm, dk, dq := gDm[g2], 0, gDq[g2]
					if c2 > 0 && wkAdd {
						if dp.relax {
							cc += dp.wkCost
						} else {
							dk = 1
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
						if relaxRows(cur, next, par, base+mlo*kdim, off, n, kdim, stretches, cc) {
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
			clearRow(cur, row)
			rLo[row], rHi[row] = nLo[row], nHi[row]
			nLo[row], nHi[row] = int32(mdim), -1
		}
		cur, next = next, cur
	}
	// Best final state.
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
					if cur[i] < inf && cur[i]+short < best {
						best, bestI = cur[i]+short, i
					}
				}
			}
		}
	}
	dp.cur, dp.next = cur, next
	// Back to inf for the next solve: the final day's states (next is
	// clear already).
	for row := range rLo {
		clearRow(cur, row)
	}
	dp.lastCost = best
	if bestI < 0 {
		return false
	}
	// Codes back from the states: on each day, the cheapest group of the
	// state's class that leads from the previous state to it (the same
	// minutes and exact-type count, allowed after the previous code).
	cell := rdim * mdim * kdim
	for t := L - 1; t >= 0; t-- {
		p := int(dp.parent[t][bestI])
		c2 := bestI / cell
		mm2, k2 := (bestI/kdim)%mdim, bestI%kdim
		pc, pm, pk := 0, 0, 0 // previous class, minutes index, count index
		pcode := prevCode
		if p >= 0 {
			pc, pm, pk = p/cell, (p/kdim)%mdim, p%kdim
			pcode = dp.clsRep[pc]
		} else if prevCode > 0 {
			pc = dp.cls[prevCode]
		}
		bestG, bestC := -1, int32(inf)
		for g2 := 0; g2 < G; g2++ {
			cc := gCost[t*G+g2]
			if cc >= inf || grpCls(g2) != c2 || cc >= bestC {
				continue
			}
			if c2 > 0 && pcode > 0 && m.forb[(pcode-1)*S+grpRep(g2)-1] {
				continue
			}
			dm, _, dq, _ := step(g2, lo+t, pc)
			if mm2-pm != dm || (k2%qdim)-(pk%qdim) != dq {
				continue
			}
			bestG, bestC = g2, cc
		}
		a[lo+t] = gArg[t*G+bestG]
		bestI = p
	}
	return true
}

// relaxRows relaxes count stretches of n states, the i-th starting at
// j0+i*stride in cur: each state off further on in next is lowered to its
// source plus cc where that is cheaper, recording the source's index in
// par. It reports whether any state was lowered.
func relaxRows(cur, next, par []int32, j0, off, n, stride, count int, cc int32) bool {
	hit := false
	for i := 0; i < count; i++ {
		s := j0 + i*stride
		src, dst, pd := cur[s:s+n], next[s+off:s+off+n], par[s+off:s+off+n]
		dst, pd = dst[:len(src)], pd[:len(src)] // no bounds checks in the loop
		for j, v := range src {
			if v >= inf {
				continue
			}
			v += cc
			if v < dst[j] {
				dst[j] = v
				pd[j] = int32(s + j)
				hit = true
			}
		}
	}
	return hit
}

// clear32 sets every element of a to v.
func clear32(a []int32, v int32) {
	for i := range a {
		a[i] = v
	}
}
