package solve

import "math"

// master is the restricted linear relaxation over whole lines that price
// and dive (cgDive) and branch and price (cgBranch) solve by column
// generation: a row per employee choosing one line and per cover cell
// with a weight, a column per line priced so far and two slack columns
// per cell, with the assignments pinned or banned so far.
type master struct {
	w        *worker
	p        *lp
	stop     func() bool
	nE, rows int
	cellRow  []int32 // per cover cell: its row less nE, or -1 (no weight)
	cells    []int
	orig     []float64 // the right-hand side before perturbation
	pin      []int8    // [e*H+d]: the code pinned, -1 free
	ban      []bool    // [(e*H+d)*X+x]: assignments ruled out
	lineCols []int     // columns that are lines
	colEmp   []int     // their employees
	colLine  [][]int8
	colBan   []int     // per line column: reasons it is banned
	colCost  []float64 // its own cost
	seen     []map[string]bool
	everyone []int   // the employees of the master (free)
	empRow   []int32 // per employee: its row, -1 when fixed
	lo, hi   int     // the window of days
	gapLo    int     // days [gapLo, gapHi) of the window are fixed
	gapHi    int
	line     []int8
	// bound is the best Lagrangian bound found by the last cg (-Inf when
	// no round priced every employee exactly).
	bound float64
	// cutoff: the dive gives up after the root when its bound shows that
	// no whole solution is a whole point below cutoff (+Inf: never).
	cutoff float64
	// converged: the last cg ended on a round that priced every employee
	// exactly and found no line to add (the relaxation is solved).
	converged bool
}

// masterSegments: the simplex of every master prices its columns in
// segments (see lp.segments). The dive of Instance14 (one worker, seed 3)
// ended in 13.5 s after 276,000 pivots, against 53.5 s and 607,000
// pivots pricing every column, both on its optimum; Instance17's in 6.7 s
// against 11.4 s. (In 16 segments: 12.3 s and 7.1 s.)
const masterSegments = 4

// newMaster builds the master over every employee and day with the
// current roster's feasible lines as its first columns and artificial
// columns (at lpSkipCost) for employees without one.
func (w *worker) newMaster(stop func() bool) *master {
	H := w.m.H
	return w.newMasterWindow(stop, nil, 0, H, H, H)
}

// newMasterWindow builds the master of the employees in free (nil: all)
// over the days of [lo, hi) outside [gapLo, gapHi) (empty: one window;
// otherwise two, the days between them fixed, so that a move can trade
// work between two periods): the others keep their current lines and
// the free ones theirs outside the window (pinned), so only the cover
// cells of the window are rows, their head counts less what the fixed
// lines supply.
func (w *worker) newMasterWindow(stop func() bool, free []int, lo, hi, gapLo, gapHi int) *master {
	in := func(d int) bool { return d >= lo && d < hi && (d < gapLo || d >= gapHi) }
	m := w.m
	H, S, X := m.H, m.S, m.X
	if free == nil {
		free = make([]int, m.E)
		for e := range free {
			free[e] = e
		}
	}
	nE := len(free)
	mst := &master{w: w, stop: stop, nE: nE, line: make([]int8, H), everyone: free, lo: lo, hi: hi, gapLo: gapLo, gapHi: gapHi, cutoff: math.Inf(1)}
	mst.empRow = make([]int32, m.E)
	for e := range mst.empRow {
		mst.empRow[e] = -1
	}
	for r, e := range free {
		mst.empRow[e] = int32(r)
	}
	// Cells of the window with a cover weight are rows; the others cost
	// nothing or do not change.
	mst.cellRow = make([]int32, H*S)
	for i := range mst.cellRow {
		mst.cellRow[i] = -1
		if d := i / S; in(d) && (m.wu[i] != 0 || m.wo[i] != 0) {
			mst.cellRow[i] = int32(len(mst.cells))
			mst.cells = append(mst.cells, i)
		}
	}
	rows := nE + len(mst.cells)
	mst.rows = rows
	b := make([]float64, rows)
	for r := 0; r < nE; r++ {
		b[r] = 1
	}
	for c, i := range mst.cells {
		b[nE+c] = float64(m.req[i])
	}
	for e, r := range mst.empRow {
		if r >= 0 {
			continue
		}
		for d := lo; d < hi; d++ {
			if x := w.a[e][d]; x > 0 && in(d) {
				if c := mst.cellRow[d*S+int(x)-1]; c >= 0 {
					b[nE+int(c)]--
				}
			}
		}
	}
	// The simplex runs on a slightly perturbed right-hand side: with
	// whole lines and whole head counts most bases are degenerate, and
	// the dive's re-solves stalled in long runs of pivots that change
	// nothing (Instance12: the first relaxation took 20 s unperturbed,
	// 7 s perturbed; Instance14's dive ended in 28 s on its optimum,
	// unperturbed it had not ended after 100 s). The Lagrangian bound
	// is computed against the true right-hand side.
	mst.orig = append([]float64(nil), b...)
	for r := range b {
		b[r] += lpPerturb * (1 + float64((r*7919)%1000)/1000)
	}
	p := newLP(b)
	mst.p = p
	p.segments = masterSegments
	basis := make([]int, rows)
	for r := 0; r < nE; r++ {
		basis[r] = p.addCol(lpSkipCost, []int32{int32(r)}, []float64{1})
	}
	for c, i := range mst.cells {
		r := int32(nE + c)
		under := p.addCol(float64(m.wu[i]), []int32{r}, []float64{1})
		over := p.addCol(float64(m.wo[i]), []int32{r}, []float64{-1})
		// The fixed lines may already cover a cell beyond its count.
		basis[nE+c] = under
		if b[r] < 0 {
			basis[nE+c] = over
		}
	}
	p.setBasis(basis)
	mst.pin = make([]int8, m.E*H)
	for i := range mst.pin {
		mst.pin[i] = -1
	}
	for _, e := range free {
		for d := 0; d < H; d++ {
			if !in(d) {
				mst.pin[e*H+d] = w.a[e][d]
			}
		}
	}
	mst.ban = make([]bool, m.E*H*X)
	mst.seen = make([]map[string]bool, m.E)
	for _, e := range free {
		mst.seen[e] = map[string]bool{}
	}
	for _, e := range free {
		if h, _ := m.evalLine(e, w.a[e], &w.sc); h == 0 {
			mst.addLine(e, w.a[e])
		}
	}
	return mst
}

// addLine adds e's line ln as a column unless it is one already.
func (mst *master) addLine(e int, ln []int8) bool {
	m := mst.w.m
	X, S, nE := m.X, m.S, mst.nE
	k := string(int8sAsBytes(ln))
	if mst.seen[e][k] {
		return false
	}
	mst.seen[e][k] = true
	ln = append([]int8(nil), ln...)
	cost := 0.0
	rws := []int32{mst.empRow[e]}
	for d, x := range ln {
		cost += float64(m.pen[e][d*X+int(x)])
		if x > 0 {
			if r := mst.cellRow[d*S+int(x)-1]; r >= 0 {
				rws = append(rws, int32(nE)+r)
			}
		}
	}
	vals := make([]float64, len(rws))
	for i := range vals {
		vals[i] = 1
	}
	mst.lineCols = append(mst.lineCols, mst.p.addCol(cost, rws, vals))
	mst.colEmp = append(mst.colEmp, e)
	mst.colLine = append(mst.colLine, ln)
	mst.colBan = append(mst.colBan, 0)
	mst.colCost = append(mst.colCost, cost)
	return true
}

// banCol adds delta to the reasons line column i is banned, pricing it
// out (lpSkipCost) while there is one.
func (mst *master) banCol(i, delta int) {
	mst.colBan[i] += delta
	if mst.colBan[i] > 0 {
		mst.p.cols[mst.lineCols[i]].cost = lpSkipCost
	} else {
		mst.p.cols[mst.lineCols[i]].cost = mst.colCost[i]
	}
}

// values fills val[(e*H+d)*X+x] with the value of assignment (e, d, x)
// in the relaxation's solution: the sum over e's unbanned lines of value
// above min that take x on day d.
func (mst *master) values(val []float64, min float64) {
	m, p := mst.w.m, mst.p
	H, X := m.H, m.X
	for i := range val {
		val[i] = 0
	}
	for i, j := range mst.lineCols {
		v := p.value(j)
		if v <= min || mst.colBan[i] > 0 {
			continue
		}
		e := mst.colEmp[i]
		for d, x := range mst.colLine[i] {
			val[(e*H+d)*X+int(x)] += v
		}
	}
}

// restrict pins assignment i = (e*H+d)*X+x (pinned) or bans it, banning
// the lines of e that break that, and returns those lines for release.
func (mst *master) restrict(i int, pinned bool) []int {
	m := mst.w.m
	H, X := m.H, m.X
	e, d, x := i/(H*X), i/X%H, int8(i%X)
	var changed []int
	for c := range mst.lineCols {
		if mst.colEmp[c] == e && (mst.colLine[c][d] == x) != pinned {
			mst.banCol(c, 1)
			changed = append(changed, c)
		}
	}
	if pinned {
		mst.pin[e*H+d] = x
	} else {
		mst.ban[i] = true
	}
	return changed
}

// release undoes restrict(i, pinned), which banned the lines changed.
func (mst *master) release(i int, pinned bool, changed []int) {
	if pinned {
		mst.pin[i/mst.w.m.X] = -1
	} else {
		mst.ban[i] = false
	}
	for _, c := range changed {
		mst.banCol(c, -1)
	}
}

// cg solves the relaxation under the current pins and bans by column
// generation, pricing the employees in only (nil: all); stuck reports
// that some employee has no line left but banned ones (or artificial);
// ok is false when stop ended it.
func (mst *master) cg(only []int) (z float64, stuck, ok bool) {
	w, m, p := mst.w, mst.w.m, mst.p
	H, X, nE := m.H, m.X, mst.nE
	mst.bound = math.Inf(-1)
	mst.converged = false
	w.priceLo, w.priceHi = mst.lo, mst.hi
	defer func() { w.priceLo, w.priceHi = 0, H }()
	for round := 0; round < diveRounds; round++ {
		if mst.stop() {
			return 0, false, false
		}
		p.solve(20 * mst.rows)
		added := 0
		// With every employee priced exactly and the slacks priced
		// out, y·b plus each employee's least reduced cost is a lower
		// bound on the relaxation (Lagrangian).
		lb, exact := 0.0, only == nil
		emps := only
		if exact {
			emps = mst.everyone
			for r, v := range mst.orig {
				lb += p.y[r] * v
			}
			for c, i := range mst.cells {
				y := p.y[nE+c]
				exact = exact && y <= float64(m.wu[i])+1e-9 && y >= -float64(m.wo[i])-1e-9
			}
		}
		for _, e := range emps {
			rc, ok, ex := w.cgPrice(e, p.y, p.y[mst.empRow[e]], nE, mst.cellRow, mst.pin[e*H:e*H+H], mst.ban[e*H*X:(e+1)*H*X], mst.line)
			// No line at all (+Inf): the node is infeasible, its bound +Inf.
			exact = exact && (ok || math.IsInf(rc, 1)) && ex
			lb += rc - w.priceSlack
			if ok && rc < -1e-6 && mst.addLine(e, mst.line) {
				added++
			}
		}
		if exact {
			mst.bound = max(mst.bound, lb)
		}
		if added == 0 {
			mst.converged = exact
			break
		}
	}
	for j := range p.cols {
		if p.cols[j].cost >= lpSkipCost && p.value(j) > 1e-4 {
			stuck = true
		}
	}
	return p.objective(), stuck, true
}

// currentValue is the master's value of the current roster: the free
// employees' line costs plus the cover cost of the window's cells (+Inf
// when some free line breaks a hard constraint, so is not a column).
func (mst *master) currentValue() float64 {
	w, m := mst.w, mst.w.m
	S, X := m.S, m.X
	cnt := make([]float64, len(mst.cells))
	z := 0.0
	for _, e := range mst.everyone {
		if !mst.seen[e][string(int8sAsBytes(w.a[e]))] {
			return math.Inf(1)
		}
		for d, x := range w.a[e] {
			z += float64(m.pen[e][d*X+int(x)])
			if x > 0 {
				if r := mst.cellRow[d*S+int(x)-1]; r >= 0 {
					cnt[r]++
				}
			}
		}
	}
	for c, i := range mst.cells {
		if k := cnt[c] - mst.orig[mst.nE+c]; k < 0 {
			z -= k * float64(m.wu[i])
		} else {
			z += k * float64(m.wo[i])
		}
	}
	return z
}
