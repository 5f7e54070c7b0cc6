package solve

import "math"

// Price and dive. The linear relaxation of the problem over whole lines
// (a column per feasible line of an employee, with its request penalty;
// a row per employee choosing one line and per cover cell; shortfalls and
// surpluses as slack columns at the cover weights) is solved by column
// generation: the restricted relaxation by the simplex method (lp.go),
// new lines by the whole-line dynamic programme with each code priced at
// its request penalty less the dual of its cover cell. The dive then pins
// one assignment (employee, day, code) at a time, the fractional one the
// relaxation uses most, and solves the relaxation again; a pin that
// raises its value too much is exchanged for a ban of that assignment
// when the ban costs less. On this benchmark the relaxation is nearly
// exact where lines can be priced exactly (Instance6: 1949 against an
// optimum of 1950), so the dive lands close to the optimum and the local
// search polishes what it lands on.

// diveRandom: one pin in diveRandom is drawn among the fractional
// assignments near the best rather than the best itself, so that dives
// from different starts or seeds differ. Measured at 20 s with 2 workers
// (restarting after 5 cycles): Instance5 1143–1145 in 11 runs drawing one
// pin in 2, 3 or 4, and 1148 in 2 runs drawing none; Instance7 1057–1060
// in 7 runs drawing one in 2 or 3, 1057–1085 in 3 runs drawing one in 4.
const diveRandom = 3

// diveRounds bounds the rounds of column generation in each solve of the
// relaxation (at the root and after each pin).
// (Bounded at 2 or 5, dives on Instances 10 and 17 ended with employees
// left only lines that break their limits.)
const diveRounds = 200

// diveFull: every diveFull-th pin is followed by pricing the lines of
// every employee; between them only the employee pinned is priced. (With
// 8, the dive of Instance17 ended in 56 s on the optimum; pricing only the
// employee pinned after every pin, it had not ended after 100 s.)
const diveFull = 8

// diveLine: a fractional line used more than diveLine is pinned whole
// when that keeps the relaxation's value. (Instance10: the dive ended on
// the optimum in 16 s with 0.5 and 19 s with 0.8, 1 above it; pinning
// single assignments only, it had not ended after 100 s.)
const diveLine = 0.5

// lpPerturb scales the perturbation of the master's right-hand side.
const lpPerturb = 1e-6

func int8sAsBytes(a []int8) []byte {
	b := make([]byte, len(a))
	for i, x := range a {
		b[i] = byte(x)
	}
	return b
}

// cgBudget bounds the work of pricing every employee's whole line once
// (state transitions of the line programme, summed over employees) for
// price and dive to be tried. A dive prices a few hundred to a thousand
// lines per employee: measured alone on this machine, Instance14 (about
// 176 million per round) dives in 25–35 s to within 1 of its optimum;
// Instance15 (about 436 million) had not ended its dive after 150 s.
const cgBudget = 200_000_000

// diveMaxChoices bounds the assignments (employees × days × codes) of a
// problem for a whole dive: the dive pins them one or a line at a time,
// re-solving after each, and the dense simplex's pivots grow with the
// square of the cover rows. Instance12 (60 × 28 × 11 = 18,480) took
// 85–105 s alone to end its dive, so that within the minute it was cut
// short (4186–4192 in run 7); the next largest, Instance11 (9,800) and
// Instance17 (8,960), end theirs in seconds. Beyond it, the first worker
// makes price-and-dive moves over windows instead (Instance12: 4062–4209
// in ten runs of seeds 1–3, 4067–4110 in benchmark runs 8 and 9). With
// session 18's faster simplex, on the slower machine of benchmark run 24,
// a whole dive for Instance12 (the bound at 20,000) still lost: 4179 and
// 4271 (60 s, 2 workers, seeds 1 and 2) against 4059–4090 in run 24.
const diveMaxChoices = 12_000

// cgAffordable reports whether every employee's whole line can be priced
// exactly (minutes and weekends as dimensions of the programme) often
// enough, and the problem is small enough, for a dive to end within a
// minute.
func (w *worker) cgAffordable() bool {
	if w.m.E*w.m.H*w.m.X > diveMaxChoices {
		return false
	}
	sum := 0
	for e := 0; e < w.m.E; e++ {
		sum += w.dp.work(e, w.m.H)
		if sum > cgBudget {
			return false
		}
	}
	return true
}

// cgDive builds a roster by price and dive, the first lines being the
// current roster's feasible ones, and makes it the current roster: each
// employee's line of greatest value in the last relaxation solved (its
// current line if none). It stops diving after maxSteps pins or when stop
// says so, and returns false, leaving the roster unchanged, if stop ends
// even the first relaxation. Otherwise it reports whether the dive ended
// on a whole roster (true) or was cut short.
func (w *worker) cgDive(stop func() bool, maxSteps int) bool {
	return w.dive(w.newMaster(stop), maxSteps)
}

// dive is cgDive on the master given (the whole problem, or a window of
// it for some employees).
func (w *worker) dive(mst *master, maxSteps int) bool {
	m, p := w.m, mst.p
	H, X := m.H, m.X
	nE := m.E
	pin := mst.pin
	banCol, cg := mst.banCol, mst.cg
	val := make([]float64, nE*H*X)
	const bigM = lpSkipCost
	z, stuck, ok := cg(nil)
	if !ok {
		return false
	}
	// The root's bound, not its value: the value is that of the perturbed
	// programme and, with pricing heuristic for some employee, maybe not
	// the relaxation's optimum.
	if len(mst.everyone) == m.E && mst.hi-mst.lo == m.H && mst.gapLo == mst.gapHi {
		w.rootLP = max(mst.bound, 0)
	}
	// A move over a window gives up at once when the window is already
	// as good as the relaxation allows: its bound (or, where some
	// employee was priced heuristically, the relaxation's value) leaves
	// no whole point to gain on the current lines.
	if mst.bound > mst.cutoff-1+1e-6 || !mst.converged && z > mst.cutoff-0.5 {
		w.cgCuts++
		return false
	}
	timedOut := false
	backtracks := 0
	saved := make([]int8, H)
	for step := 0; step < maxSteps && !stuck && !timedOut; step++ {
		var only []int // employees to price between full rounds
		// First try pinning the whole fractional line of greatest value,
		// if it is used more than diveLine and the relaxation keeps its
		// value; otherwise pin one assignment.
		bc, bcv := -1, 0.0
		for i, j := range mst.lineCols {
			if v := p.value(j); mst.colBan[i] == 0 && v > bcv && v < 1-1e-2 {
				bc, bcv = i, v
			}
		}
		if bc >= 0 && bcv >= diveLine {
			e := mst.colEmp[bc]
			copy(saved, pin[e*H:e*H+H])
			copy(pin[e*H:e*H+H], mst.colLine[bc])
			var changed []int
			for i := range mst.lineCols {
				if mst.colEmp[i] == e && i != bc { // lines of an employee are distinct
					banCol(i, 1)
					changed = append(changed, i)
				}
			}
			if step%diveFull != 0 {
				only = []int{e}
			}
			z1, st1, ok := cg(only)
			if !ok {
				timedOut = true
				break
			}
			if !st1 && z1 <= z+max(1, 5e-4*z) {
				z, stuck = z1, st1
				continue
			}
			copy(pin[e*H:e*H+H], saved)
			for _, i := range changed {
				banCol(i, -1)
			}
		}
		// Values of the assignments.
		mst.values(val, 1e-2)
		best, bestV := -1, 0.0
		for i, v := range val {
			if v > 1e-2 && v < 1-1e-2 && v > bestV && pin[i/X] < 0 {
				best, bestV = i, v
			}
		}
		if best >= 0 && w.rng.IntN(diveRandom) == 0 {
			// Now and then another fractional assignment, so that dives
			// from the same start differ.
			n := 0
			for i, v := range val {
				if v > 1e-2 && v < 1-1e-2 && pin[i/X] < 0 && v >= bestV-0.3 {
					n++
					if w.rng.IntN(n) == 0 {
						best, bestV = i, v
					}
				}
			}
		}
		if best < 0 {
			break // integral
		}
		e, d, x := best/(H*X), best/X%H, int8(best%X)
		changed := mst.restrict(best, true)
		// Between full rounds only the employee pinned is priced.
		only = []int{e}
		if step%diveFull == 0 {
			only = nil
		}
		z1, st1, ok := cg(only)
		if !ok {
			timedOut = true
			break
		}
		if (st1 || z1 > z+max(1, 5e-4*z)) && backtracks < 3 {
			// The pin costs too much: undo it and rule the assignment
			// out instead.
			backtracks++
			mst.release(best, true, changed)
			banned := mst.restrict(best, false)
			z2, st2, ok := cg(only)
			if !ok {
				timedOut = true
				break
			}
			if !st2 && (st1 || z2 <= z1) {
				z, stuck = z2, st2
				continue
			}
			// Banning costs more: pin after all (banning again the lines
			// banned for the pin before; lines priced while banning that
			// break the pin stay in, as they always have).
			mst.release(best, false, banned)
			pin[e*H+d] = x
			for _, i := range changed {
				banCol(i, 1)
			}
			if z1, st1, ok = cg(only); !ok {
				timedOut = true
				break
			}
		}
		backtracks = 0
		z, stuck = z1, st1
	}
	// Each employee's line of greatest value (unless banned), else its
	// current line.
	bestV := make([]float64, nE)
	ok = true
	for e := range bestV {
		bestV[e] = 1e-9
	}
	for i, j := range mst.lineCols {
		e := mst.colEmp[i]
		if v := p.value(j); v > bestV[e] && p.cols[j].cost < bigM {
			bestV[e] = v
			copy(w.a[e], mst.colLine[i])
		}
	}
	for _, e := range mst.everyone {
		ok = ok && bestV[e] > 0.5
	}
	w.recompute()
	return ok && !timedOut && !stuck
}

// cgPrice finds a line of employee e of least reduced cost under duals y
// (conv the dual of e's convexity row, cover rows from offset nE),
// written into line. It returns the reduced cost, whether a line keeping
// every hard constraint was found, and whether it is proven the least
// (false when limits per shift type were priced). A reduced cost of +Inf
// with exact set means that e has no line at all under its pins and bans.
func (w *worker) cgPrice(e int, y []float64, conv float64, nE int, cellRow []int32, pin []int8, ban []bool, line []int8) (rc float64, found, exact bool) {
	m := w.m
	dp := w.dp
	X, S, H := m.X, m.S, m.H
	w.priceCalls++
	if cap(dp.cost) < H*X {
		dp.cost = make([]int32, H*X)
	}
	dp.cost = dp.cost[:H*X]
	if cap(w.price) < H*X {
		w.price = make([]float64, H*X)
	}
	price := w.price[:H*X]
	maxAbs := 1.0
	for d := 0; d < H; d++ {
		for x := 0; x < X; x++ {
			v := float64(m.pen[e][d*X+x])
			if x > 0 {
				if r := cellRow[d*S+x-1]; r >= 0 {
					v -= y[nE+int(r)]
				}
			}
			price[d*X+x] = v
			maxAbs = max(maxAbs, math.Abs(v))
		}
	}
	scale := min(w.priceScale, 2e8/(maxAbs*float64(H)))
	// Prices are rounded to 1/scale: the line found may cost up to
	// H/scale more than the least.
	w.priceSlack = float64(H) / scale
	for i, v := range price {
		if !m.allow[e][i] || ban[i] || pin[i/X] >= 0 && pin[i/X] != int8(i%X) {
			dp.cost[i] = inf
			continue
		}
		dp.cost[i] = int32(math.Round(v * scale))
	}
	emp := &m.p.Employees[e]
	dp.lim, dp.relax = nil, false
	hw := dp.hardW
	dp.hardW = 1 << 22
	dp.strictMin = true
	defer func() { dp.hardW, dp.strictMin = hw, false }()
	// Limits per shift type are priced: a price alpha (in units of the
	// largest code price) on every type the programme has taken over its
	// limit, raised until the line keeps the limits, then bisected to
	// the cheapest line that does. Without binding limits the first line
	// is the exact optimum.
	over := dp.over[:0]
	for range dp.lambda {
		over = append(over, false)
	}
	dp.over = over
	best, found := math.Inf(1), false
	cand := w.cand
	// at solves with price alpha; it reports whether the line is feasible
	// and whether pricing types could make it so.
	at := func(alpha float64) (feasible, fixable bool) {
		for s := range dp.lambda {
			dp.lambda[s] = 0
			if over[s] {
				dp.lambda[s] = int32(min(alpha*maxAbs*scale, 1e8))
			}
		}
		// Within a window the days outside are pinned: solve the window
		// with them as context.
		lo, hi := w.priceLo, w.priceHi
		for d := range cand {
			cand[d] = 0
			if d < lo || d >= hi {
				cand[d] = pin[d]
			}
		}
		full := dp.cost
		dp.cost = full[lo*X : hi*X]
		ok := dp.solve(e, cand, lo, hi)
		dp.cost = full
		if !ok {
			return false, false
		}
		if h, _ := m.evalLine(e, cand, &w.sc); h == 0 {
			rc := -conv
			for d, x := range cand {
				rc += price[d*X+int(x)]
			}
			if rc < best {
				best, found = rc, true
				copy(line, cand)
			}
			return true, true
		}
		for s, c := range dp.countTypes(cand) {
			if c > emp.MaxShifts[s] {
				over[s], fixable = true, true
			}
		}
		return false, fixable
	}
	if ok, fixable := at(0); ok || !fixable {
		return best, found, true
	}
	// Keep the limit of the type most over exactly, as a dimension of the
	// programme; if that was the only one, the line is the optimum.
	q, excess := -1, 0
	for s, c := range dp.counts {
		if c-emp.MaxShifts[s] > excess {
			q, excess = s, c-emp.MaxShifts[s]
		}
	}
	dp.exact = q
	defer func() { dp.exact = -1 }()
	over[q] = false
	for s := range over {
		over[s] = over[s] && s != q
	}
	if ok, fixable := at(0); ok || !fixable {
		return best, found, true
	}
	lo, hi := 0.0, 1.0/16
	for i := 0; ; i++ {
		ok, fixable := at(hi)
		if ok {
			break
		}
		if !fixable || i == 8 {
			return best, found, false
		}
		lo, hi = hi, 2*hi
	}
	for range 4 {
		mid := (lo + hi) / 2
		if ok, _ := at(mid); ok {
			hi = mid
		} else {
			lo = mid
		}
	}
	return best, found, false
}
