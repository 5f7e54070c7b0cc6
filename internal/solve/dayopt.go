package solve

// dayScratch holds the buffers of dayOpt.
type dayScratch struct {
	c     []int   // [e*X+y]: change in e's penalised line value if day d held y (inf: not allowed)
	arcE  []int   // [x*N+y]: employee on code x whose move to y is cheapest, -1 if none
	arcC  []int   // [x*N+y]: its cost
	dist  []int   // Bellman–Ford
	pred  []int   // predecessor node
	cyc   []int   // nodes of the cycle found
	mark  []int   // predCycle: the walk that reached each node
	dirty []bool  // [x]: the arcs out of code x are to be rebuilt
	seg   [1]int8 // one-day segment
}

// dayOpt reassigns day d exactly: with every other day of every line
// fixed, it finds the cheapest choice of code for every employee on day
// d, counting each line's own change (requests, successions, runs and
// totals, hard units weighted) and the cover cost, which is convex in the
// number of employees on a shift. This is a minimum-cost flow (employees
// to codes, codes to a sink through convex arcs); it is solved by
// cancelling negative cycles in the residual graph contracted to the
// codes plus the sink: an arc x→y moves the employee on x for whom the
// move costs least, an arc sink→x takes one employee off x at the
// marginal cover cost, an arc y→sink adds one to y. A negative cycle
// through the sink is an ejection chain that moves one unit of cover from
// a cell to another; one that avoids it is a rotation of employees among
// shifts. When none is left the day is optimal. It returns the change in
// the penalised objective (never positive).
func (w *worker) dayOpt(d int) int {
	m := w.m
	X, S := m.X, m.S
	N := X + 1 // codes and the sink
	Z := X
	ds := &w.day
	if ds.c == nil {
		ds.c = make([]int, m.E*X)
		ds.arcE = make([]int, N*N)
		ds.arcC = make([]int, N*N)
		ds.dist = make([]int, N)
		ds.pred = make([]int, N)
	}
	// Each employee's change of line value for every code on day d.
	for e := 0; e < m.E; e++ {
		w.dayRow(e, d, ds.c[e*X:e*X+X])
	}
	// Contracted residual graph. Only the arcs out of the codes a cycle
	// moved employees from or to change between rounds (each row of ds.c
	// is its employee's own), so only those are rebuilt: dirty[x].
	if len(ds.dirty) < X {
		ds.dirty = make([]bool, X)
	}
	dirty := ds.dirty[:X]
	for i := range ds.arcE {
		ds.arcE[i], ds.arcC[i] = -1, inf
	}
	for x := range dirty {
		dirty[x] = true
	}
	total := 0
	for round := 0; round < 4*m.E; round++ {
		if round > 0 {
			for x := range dirty {
				if dirty[x] {
					for y := 0; y < X; y++ {
						ds.arcE[x*N+y], ds.arcC[x*N+y] = -1, inf
					}
				}
			}
		}
		for e := 0; e < m.E; e++ {
			x := int(w.a[e][d])
			if !dirty[x] {
				continue
			}
			row := ds.c[e*X : e*X+X]
			for y := 0; y < X; y++ {
				if y == x || row[y] >= inf {
					continue
				}
				if c := row[y] - row[x]; c < ds.arcC[x*N+y] {
					ds.arcC[x*N+y], ds.arcE[x*N+y] = c, e
				}
			}
		}
		for x := range dirty {
			dirty[x] = false
		}
		for x := 0; x < X; x++ {
			// Taking one employee off x (none to take: no arc), adding one to x.
			rem := inf
			if x == 0 || w.cnt[d*S+x-1] > 0 {
				rem = w.coverDelta(d, int8(x), 0)
			}
			ds.arcC[Z*N+x], ds.arcC[x*N+Z] = rem, w.coverDelta(d, 0, int8(x))
		}
		cyc := w.negativeCycle(N)
		if cyc == nil {
			break
		}
		// Apply the cycle: each arc between codes moves its employee.
		delta := 0
		for i := range cyc {
			x, y := cyc[i], cyc[(i+1)%len(cyc)]
			if x == Z || y == Z {
				continue
			}
			e := ds.arcE[x*N+y]
			dirty[x], dirty[y] = true, true
			ds.seg[0] = int8(y)
			h, s := w.segDelta(e, d, d+1, ds.seg[:])
			before := w.total()
			w.commitSeg(e, d, d+1, ds.seg[:], h, s, true)
			delta += w.total() - before
			// e's row is relative to its own line, which changed only on d:
			// the differences between codes are unchanged, rebase on y.
			row := ds.c[e*X : e*X+X]
			base := row[y]
			for k := range row {
				if row[k] < inf {
					row[k] -= base
				}
			}
		}
		total += delta
		if delta >= 0 {
			// A cycle that does not improve the exact objective (should
			// not happen); stop rather than loop.
			break
		}
	}
	return total
}

// dayRow sets row[y] to the change in employee e's penalised line value
// (hard units weighted) if day d held code y, inf where y is not allowed:
// what segDelta gives for the one-day segment y, computed for all codes at
// once. Runs depend only on whether d is worked, so the line's runs are
// walked twice (off and on); a code adds its successions with the days
// around d, its request and its minutes, shift-type and weekend counts.
func (w *worker) dayRow(e, d int, row []int) {
	m := w.m
	X, S := m.X, m.S
	st := &w.stat[e]
	emp := &m.p.Employees[e]
	line := w.a[e]
	pen := m.dayPen[(d*m.E+e)*X : (d*m.E+e+1)*X]
	x := line[d]
	for y := range row {
		row[y] = inf
	}
	row[x] = 0
	ch := m.dayCh[d*m.E+e]
	if len(ch) <= 1 {
		return
	}
	A, B := runRegion(line, d, d+1)
	var prev, next int8
	if d > 0 {
		prev = line[d-1]
	}
	if d+1 < m.H {
		next = line[d+1]
	}
	succ := func(y int8) int {
		n := 0
		if prev > 0 && m.forb[int(prev-1)*S+int(y-1)] {
			n++
		}
		if next > 0 && m.forb[int(y-1)*S+int(next-1)] {
			n++
		}
		return n
	}
	ds := &w.day
	// The line's hard units in the region as it is, with d off, and with
	// d worked without the successions at d. The line as it is gives one
	// of the last two: with d off it is lOff, with d worked it differs
	// from lOn only by x's successions.
	base := w.localHard(e, line, A, B, -1, -1, nil)
	lOff, lOn := base, 0
	if x > 0 {
		lOn = base - succ(x)
		ds.seg[0] = 0
		lOff = w.localHard(e, line, A, B, d, d+1, ds.seg[:])
	} else {
		for _, y := range ch {
			if y > 0 {
				ds.seg[0] = y
				lOn = w.localHard(e, line, A, B, d, d+1, ds.seg[:]) - succ(y)
				break
			}
		}
	}
	minsX, excessX, nWkX := st.mins, st.excess, st.nWk
	if x > 0 {
		s := int(x - 1)
		c := int(st.counts[s])
		minsX -= m.minutes[s]
		excessX += max(c-1-emp.MaxShifts[s], 0) - max(c-emp.MaxShifts[s], 0)
	}
	wk := m.wk[d]
	for _, y := range ch {
		if y == x {
			continue
		}
		soft := st.soft + int(pen[y]-pen[x])
		mins, excess, nWk := minsX, excessX, nWkX
		local := st.local - base
		if y > 0 {
			s := int(y - 1)
			c := int(st.counts[s])
			mins += m.minutes[s]
			excess += max(c+1-emp.MaxShifts[s], 0) - max(c-emp.MaxShifts[s], 0)
			local += lOn + succ(y)
			if wk >= 0 && x == 0 && st.wkDays[wk] == 0 {
				nWk++
			}
		} else {
			local += lOff
			if wk >= 0 && st.wkDays[wk] == 1 {
				nWk--
			}
		}
		h := local + m.totalsHard(emp, mins, excess, nWk)
		row[y] = soft - w.soft[e] + w.W*(h-w.hard[e])
	}
}

// negativeCycle finds a cycle of negative cost in the graph of N nodes
// whose arc costs are in w.day.arcC (inf: no arc), by Bellman–Ford from a
// virtual source joined to every node; it returns the cycle's nodes in
// order, or nil if there is none.
func (w *worker) negativeCycle(N int) []int {
	ds := &w.day
	dist, pred := ds.dist[:N], ds.pred[:N]
	for i := range dist {
		dist[i], pred[i] = 0, -1
	}
	last := -1
	for it := 0; it < N; it++ {
		last = -1
		for x := 0; x < N; x++ {
			dx := dist[x]
			for y := 0; y < N; y++ {
				c := ds.arcC[x*N+y]
				if c >= inf || x == y {
					continue
				}
				if dx+c < dist[y] {
					dist[y] = dx + c
					pred[y] = x
					last = y
				}
			}
		}
		if last < 0 {
			return nil
		}
		// A cycle of predecessors is a negative cycle: look for one after
		// every round rather than after N of them.
		if v := w.predCycle(N); v >= 0 {
			last = v
			break
		}
	}
	// Walking back N steps from a node relaxed in the N-th round, or
	// from one on a cycle of predecessors, lands on a cycle.
	v := last
	for i := 0; i < N; i++ {
		v = pred[v]
	}
	cyc := ds.cyc[:0]
	for u := v; ; u = pred[u] {
		cyc = append(cyc, u)
		if len(cyc) > 1 && u == v {
			cyc = cyc[:len(cyc)-1]
			break
		}
		if len(cyc) > N {
			return nil
		}
	}
	// pred points backwards: reverse into forward order.
	for i, j := 0, len(cyc)-1; i < j; i, j = i+1, j-1 {
		cyc[i], cyc[j] = cyc[j], cyc[i]
	}
	ds.cyc = cyc
	return cyc
}

// predCycle returns a node on a cycle of the predecessor links of
// negativeCycle's N nodes, or -1 if they hold no cycle.
func (w *worker) predCycle(N int) int {
	ds := &w.day
	if len(ds.mark) < N {
		ds.mark = make([]int, N)
	}
	mark := ds.mark[:N]
	for i := range mark {
		mark[i] = -1
	}
	for s := 0; s < N; s++ {
		u := s
		for u >= 0 && mark[u] < 0 {
			mark[u] = s
			u = ds.pred[u]
		}
		if u >= 0 && mark[u] == s {
			return u
		}
	}
	return -1
}

// daySweep reassigns every day exactly once, in random order, and returns
// the number of days improved.
func (w *worker) daySweep() int {
	n := 0
	for _, d := range w.rng.Perm(w.m.H) {
		if w.dayOpt(d) < 0 {
			n++
		}
	}
	if better(w.sumHard, w.objective(), w.bestHard, w.bestObj) {
		w.markBest()
	}
	return n
}
