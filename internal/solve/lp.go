package solve

import "math"

// lp is a linear programme in equality form, min c·x subject to A x = b
// and x >= 0, solved by the revised simplex method with an explicit
// inverse of the basis. It is sized for the restricted master problems of
// column generation: a few hundred rows, columns added as they are priced
// out, every column sparse.
type lp struct {
	m     int
	b     []float64
	cols  []lpCol
	basis []int // column basic in each row
	inRow []int // per column: its row in the basis, or -1
	binv  []float64
	xB    []float64
	y     []float64
	alpha []float64
	tmp   []float64
	nz    []int32 // scratch: nonzero positions of the pivot row
	// segments, when above 1, makes pricing partial: columns are scanned
	// from where the last scan stopped in segments of a segments-th of
	// them (at least 256), and the best column of the first segment with
	// one that prices out enters. Optimality still takes a full scan.
	segments int
	scan     int     // where the next partial scan starts
	arena    []int32 // where addCol keeps the columns' row indices
}

// lpCol is one column: its cost and its nonzero entries (unit: all 1).
type lpCol struct {
	cost float64
	rows []int32
	vals []float64
	unit bool
}

// newLP returns an empty programme with right-hand side b.
func newLP(b []float64) *lp {
	m := len(b)
	return &lp{m: m, b: b, basis: make([]int, m), binv: make([]float64, m*m),
		xB: make([]float64, m), y: make([]float64, m), alpha: make([]float64, m), tmp: make([]float64, m)}
}

// addCol appends a column and returns its index.
func (p *lp) addCol(cost float64, rows []int32, vals []float64) int {
	unit := true
	for _, v := range vals {
		unit = unit && v == 1
	}
	// The row indices of successive columns lie side by side in memory,
	// for pricing's scans.
	if len(p.arena)+len(rows) > cap(p.arena) {
		p.arena = make([]int32, 0, max(1<<14, len(rows)))
	}
	at := len(p.arena)
	p.arena = append(p.arena, rows...)
	rows = p.arena[at:len(p.arena):len(p.arena)]
	p.cols = append(p.cols, lpCol{cost: cost, rows: rows, vals: vals, unit: unit})
	p.inRow = append(p.inRow, -1)
	return len(p.cols) - 1
}

// setBasis starts from a basis of columns that form a signed identity:
// basis[r] must have a single entry, ±1, in row r.
func (p *lp) setBasis(basis []int) {
	m := p.m
	copy(p.basis, basis)
	for i := range p.binv {
		p.binv[i] = 0
	}
	for r, j := range basis {
		c := &p.cols[j]
		p.binv[r*m+r] = 1 / c.vals[0]
		p.inRow[j] = r
		p.xB[r] = p.b[r] / c.vals[0]
	}
}

// duals computes y = c_B B⁻¹.
func (p *lp) duals() {
	m := p.m
	for k := range p.y {
		p.y[k] = 0
	}
	for r, j := range p.basis {
		c := p.cols[j].cost
		if c == 0 {
			continue
		}
		row := p.binv[r*m : r*m+m]
		for k, v := range row {
			p.y[k] += c * v
		}
	}
}

// reduced is the reduced cost of column j under the current duals.
func (p *lp) reduced(j int) float64 {
	c := &p.cols[j]
	d := c.cost
	if c.unit {
		for _, r := range c.rows {
			d -= p.y[r]
		}
		return d
	}
	for i, r := range c.rows {
		d -= c.vals[i] * p.y[r]
	}
	return d
}

// lpSkipCost: columns this dear (banned lines, artificial columns) are
// never brought into the basis.
const lpSkipCost = 1e6

// solve runs primal simplex iterations from the current (primal
// feasible) basis until no column prices out or maxPivots is reached, and
// reports whether the programme is optimal. p.y holds the duals after.
func (p *lp) solve(maxPivots int) bool {
	const eps = 1e-9
	m := p.m
	p.duals()
	for it := 0; it < maxPivots; it++ {
		if it%64 == 63 {
			p.refreshX()
			p.duals()
		}
		q, best := p.price(eps)
		if q < 0 {
			p.duals()
			return true
		}
		// alpha = B⁻¹ a_q
		col := &p.cols[q]
		for r := 0; r < m; r++ {
			s := 0.0
			row := p.binv[r*m : r*m+m]
			for i, k := range col.rows {
				s += row[k] * col.vals[i]
			}
			p.alpha[r] = s
		}
		// Ratio test; among ties the largest pivot.
		pr := -1
		var theta, piv float64
		for r := 0; r < m; r++ {
			a := p.alpha[r]
			if a <= eps {
				continue
			}
			t := max(p.xB[r], 0) / a
			if pr < 0 || t < theta-1e-12 || (t <= theta+1e-12 && a > piv) {
				pr, theta, piv = r, t, a
			}
		}
		if pr < 0 {
			return false // unbounded; cannot happen with the slacks of the master
		}
		for r := 0; r < m; r++ {
			if r != pr {
				p.xB[r] -= theta * p.alpha[r]
			}
		}
		p.xB[pr] = theta
		prow := p.binv[pr*m : pr*m+m]
		inv := 1 / piv
		for k := range prow {
			prow[k] *= inv
		}
		// The duals move along the new pivot row: y += d_q B⁻¹[p,·].
		for k, v := range prow {
			p.y[k] += best * v
		}
		// The pivot row is sparse: eliminate along its nonzeros only.
		nz := p.nz[:0]
		for k, v := range prow {
			if v != 0 {
				nz = append(nz, int32(k))
			}
		}
		p.nz = nz
		// Where it is dense enough (on the dive of Instance14, 70 % of
		// entries are nonzero), all of it, four at a time.
		dense := hasAVX2 && 4*len(nz) >= m
		for r := 0; r < m; r++ {
			a := p.alpha[r]
			if r == pr || a == 0 {
				continue
			}
			row := p.binv[r*m : r*m+m]
			if dense {
				subScaled(row, prow, a)
				continue
			}
			for _, k := range nz {
				row[k] -= a * prow[k]
			}
		}
		p.inRow[p.basis[pr]] = -1
		p.basis[pr] = q
		p.inRow[q] = pr
	}
	p.duals()
	return false
}

// price returns the column that enters next and its reduced cost (-1
// when none prices out below -eps): the most negative of all columns, or
// with segments set, of the first segment that has one.
func (p *lp) price(eps float64) (q int, best float64) {
	q, best = -1, -eps
	n := len(p.cols)
	seg := n
	if p.segments > 1 {
		seg = max(256, n/p.segments)
	}
	j := p.scan
	if j >= n {
		j = 0
	}
	for done := 0; done < n; {
		end := min(done+seg, n)
		for ; done < end; done++ {
			if p.inRow[j] < 0 && p.cols[j].cost < lpSkipCost {
				if d := p.reduced(j); d < best {
					q, best = j, d
				}
			}
			if j++; j == n {
				j = 0
			}
		}
		if q >= 0 {
			break
		}
	}
	p.scan = j
	return q, best
}

// refreshX recomputes the basic values from the inverse, against drift.
func (p *lp) refreshX() {
	m := p.m
	for r := 0; r < m; r++ {
		row := p.binv[r*m : r*m+m]
		s := 0.0
		for k, v := range row {
			s += v * p.b[k]
		}
		if math.Abs(s) < 1e-11 {
			s = 0
		}
		p.xB[r] = s
	}
}

// value returns the value of column j in the current basic solution.
func (p *lp) value(j int) float64 {
	if r := p.inRow[j]; r >= 0 {
		return p.xB[r]
	}
	return 0
}

// objective is c·x of the current basic solution.
func (p *lp) objective() float64 {
	s := 0.0
	for r, j := range p.basis {
		s += p.cols[j].cost * p.xB[r]
	}
	return s
}

// subScaled sets dst[k] -= a*src[k] for every k of src (dst at least as
// long), four at a time with AVX2.
func subScaled(dst, src []float64, a float64) {
	n := len(src)
	dst = dst[:n]
	k := 0
	if hasAVX2 && n >= 4 {
		k = n &^ 3
		subScaledAVX2(&dst[0], &src[0], k, a)
	}
	for ; k < n; k++ {
		dst[k] -= a * src[k]
	}
}
