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
	everyone []int
	line     []int8
	// bound is the best Lagrangian bound found by the last cg (-Inf when
	// no round priced every employee exactly).
	bound float64
	// converged: the last cg ended on a round that priced every employee
	// exactly and found no line to add (the relaxation is solved).
	converged bool
}

// newMaster builds the master with the current roster's feasible lines
// as its first columns and artificial columns (at lpSkipCost) for
// employees without one.
func (w *worker) newMaster(stop func() bool) *master {
	m := w.m
	H, S, X := m.H, m.S, m.X
	mst := &master{w: w, stop: stop, nE: m.E, line: make([]int8, H)}
	// Cells with a cover weight are rows; the others cost nothing.
	mst.cellRow = make([]int32, H*S)
	for i := range mst.cellRow {
		mst.cellRow[i] = -1
		if m.wu[i] != 0 || m.wo[i] != 0 {
			mst.cellRow[i] = int32(len(mst.cells))
			mst.cells = append(mst.cells, i)
		}
	}
	nE := m.E
	rows := nE + len(mst.cells)
	mst.rows = rows
	b := make([]float64, rows)
	for e := 0; e < nE; e++ {
		b[e] = 1
	}
	for c, i := range mst.cells {
		b[nE+c] = float64(m.req[i])
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
	basis := make([]int, rows)
	for e := 0; e < nE; e++ {
		basis[e] = p.addCol(lpSkipCost, []int32{int32(e)}, []float64{1})
	}
	for c, i := range mst.cells {
		r := int32(nE + c)
		basis[nE+c] = p.addCol(float64(m.wu[i]), []int32{r}, []float64{1})
		p.addCol(float64(m.wo[i]), []int32{r}, []float64{-1})
	}
	p.setBasis(basis)
	mst.pin = make([]int8, nE*H)
	for i := range mst.pin {
		mst.pin[i] = -1
	}
	mst.ban = make([]bool, nE*H*X)
	mst.seen = make([]map[string]bool, nE)
	for e := range mst.seen {
		mst.seen[e] = map[string]bool{}
	}
	mst.everyone = make([]int, nE)
	for e := range mst.everyone {
		mst.everyone[e] = e
	}
	for e := 0; e < nE; e++ {
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
	rws := []int32{int32(e)}
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

// cg solves the relaxation under the current pins and bans by column
// generation, pricing the employees in only (nil: all); stuck reports
// that some employee has no line left but banned ones (or artificial);
// ok is false when stop ended it.
func (mst *master) cg(only []int) (z float64, stuck, ok bool) {
	w, m, p := mst.w, mst.w.m, mst.p
	H, X, nE := m.H, m.X, mst.nE
	mst.bound = math.Inf(-1)
	mst.converged = false
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
			rc, ok, ex := w.cgPrice(e, p.y, p.y[e], nE, mst.cellRow, mst.pin[e*H:e*H+H], mst.ban[e*H*X:(e+1)*H*X], mst.line)
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
