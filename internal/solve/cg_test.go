package solve

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestLPOptimal solves random programmes shaped like the master problem
// (one line per group of columns, cover rows with shortfall and surplus
// slacks) and checks the optimality certificate of the result: primal
// feasibility, no column with a negative reduced cost under the duals,
// and equal primal and dual objectives.
//
// Seeds above 40 have hundreds of columns and price them in segments
// (partial pricing, as every master does); seeds above 60 have up to 100
// rows, so that the elimination runs on dense pivot rows four at a time,
// and some entries of 2, so that not every column is a unit column.
func TestLPOptimal(t *testing.T) {
	for seed := uint64(1); seed <= 80; seed++ {
		r := rand.New(rand.NewPCG(seed, 3))
		groups, cells := 2+r.IntN(5), 3+r.IntN(12)
		if seed > 60 {
			groups, cells = 5+r.IntN(16), 30+r.IntN(51)
		}
		rows := groups + cells
		b := make([]float64, rows)
		for g := 0; g < groups; g++ {
			b[g] = 1
		}
		for c := 0; c < cells; c++ {
			b[groups+c] = float64(r.IntN(4))
		}
		p := newLP(b)
		basis := make([]int, rows)
		for g := 0; g < groups; g++ {
			basis[g] = p.addCol(1e6, []int32{int32(g)}, []float64{1})
		}
		for c := 0; c < cells; c++ {
			row := int32(groups + c)
			basis[groups+c] = p.addCol(float64(1+r.IntN(100)), []int32{row}, []float64{1})
			p.addCol(float64(r.IntN(5)), []int32{row}, []float64{-1})
		}
		p.setBasis(basis)
		n := 5 + r.IntN(60)
		if seed > 40 {
			n = 600 + r.IntN(600)
			p.segments = 2 + r.IntN(6)
		}
		for range n {
			g := r.IntN(groups)
			rws := []int32{int32(g)}
			for c := 0; c < cells; c++ {
				if r.IntN(3) == 0 {
					rws = append(rws, int32(groups+c))
				}
			}
			vals := make([]float64, len(rws))
			for i := range vals {
				vals[i] = 1
				if seed > 60 && i > 0 && r.IntN(5) == 0 {
					vals[i] = 2
				}
			}
			p.addCol(float64(r.IntN(20)), rws, vals)
		}
		if !p.solve(10000) {
			t.Fatalf("seed %d: not optimal after 10000 pivots", seed)
		}
		// Primal feasibility.
		ax := make([]float64, rows)
		for j := range p.cols {
			v := p.value(j)
			if v < -1e-9 {
				t.Fatalf("seed %d: column %d at %g", seed, j, v)
			}
			for i, row := range p.cols[j].rows {
				ax[row] += v * p.cols[j].vals[i]
			}
		}
		for i := range ax {
			if math.Abs(ax[i]-b[i]) > 1e-7 {
				t.Fatalf("seed %d: row %d is %g, want %g", seed, i, ax[i], b[i])
			}
		}
		// Dual feasibility and strong duality.
		for j := range p.cols {
			if d := p.reduced(j); d < -1e-7 {
				t.Fatalf("seed %d: column %d has reduced cost %g at the optimum", seed, j, d)
			}
		}
		yb := 0.0
		for i := range b {
			yb += p.y[i] * b[i]
		}
		if z := p.objective(); math.Abs(z-yb) > 1e-6*max(1, math.Abs(z)) {
			t.Fatalf("seed %d: primal %g, dual %g", seed, z, yb)
		}
	}
}

// tinyProblem has two employees over a week, small enough to enumerate
// every pair of lines.
func tinyProblem(seed uint64, loose bool) *Problem {
	r := rand.New(rand.NewPCG(seed, 4))
	p := &Problem{Name: "tiny", Days: 7, FirstWeekday: []time.Weekday{time.Monday, time.Wednesday, time.Saturday}[r.IntN(3)]}
	p.Shifts = []Shift{{ID: "E", Minutes: 480}, {ID: "L", Minutes: 480, Forbidden: []int{0}}, {ID: "N", Minutes: 600, Forbidden: []int{0, 1}}}
	for e := 0; e < 2; e++ {
		maxN := r.IntN(3)
		if loose {
			maxN = 7
		}
		maxL := 3 + r.IntN(4)
		if loose {
			maxL = 7
		}
		emp := Employee{ID: string(rune('A' + e)), MaxShifts: []int{7, maxL, maxN},
			MinMinutes: 480 * r.IntN(4), MaxMinutes: 2400 + 480*r.IntN(3), MaxConsecutive: 2 + r.IntN(3), MinConsecutive: 1 + r.IntN(2),
			MinConsecutiveOff: 1 + r.IntN(2), MaxWeekends: 1}
		p.Employees = append(p.Employees, emp)
		for range 2 {
			p.OnRequests = append(p.OnRequests, Request{Emp: e, Day: r.IntN(7), Shift: r.IntN(3), Weight: 1 + r.IntN(3)})
			p.OffRequests = append(p.OffRequests, Request{Emp: e, Day: r.IntN(7), Shift: r.IntN(3), Weight: 1 + r.IntN(3)})
		}
	}
	for d := 0; d < p.Days; d++ {
		for s := range p.Shifts {
			p.Cover = append(p.Cover, Cover{Day: d, Shift: s, Requirement: r.IntN(2), WeightUnder: 20 + r.IntN(80), WeightOver: r.IntN(3)})
		}
	}
	return p
}

// feasibleLines enumerates every line of employee e that keeps the hard
// constraints.
func feasibleLines(m *model, e int) [][]int8 {
	sc := &lineScratch{counts: make([]int, m.S)}
	n := 1
	for range m.H {
		n *= m.X
	}
	var out [][]int8
	line := make([]int8, m.H)
	for code := 0; code < n; code++ {
		c := code
		for d := range line {
			line[d] = int8(c % m.X)
			c /= m.X
		}
		if h, _ := m.evalLine(e, line, sc); h == 0 {
			out = append(out, append([]int8(nil), line...))
		}
	}
	return out
}

// TestCGPriceExact compares pricing with enumeration: under random duals,
// with the limits per shift type loose, the line it returns has the least
// reduced cost of all feasible lines; with them tight, it is a feasible
// line and its reduced cost is stated exactly.
func TestCGPriceExact(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		loose := seed%2 == 0
		p := tinyProblem(seed, loose)
		m := compile(p)
		w := newWorker(m, seed, 0)
		r := rand.New(rand.NewPCG(seed, 5))
		nE := m.E
		cellRow := make([]int32, m.H*m.S)
		y := make([]float64, nE+len(cellRow))
		for i := range cellRow {
			cellRow[i] = int32(i)
			y[nE+i] = r.Float64()*30 - 5
		}
		pin := make([]int8, m.H)
		for d := range pin {
			pin[d] = -1
		}
		ban := make([]bool, m.H*m.X)
		line := make([]int8, m.H)
		for e := 0; e < nE; e++ {
			price := func(ln []int8) float64 {
				v := -y[e]
				for d, x := range ln {
					v += float64(m.pen[e][d*m.X+int(x)])
					if x > 0 {
						v -= y[nE+d*m.S+int(x)-1]
					}
				}
				return v
			}
			want, any := math.Inf(1), false
			var wl []int8
			for _, ln := range feasibleLines(m, e) {
				if price(ln) < want {
					wl = ln
				}
				want, any = min(want, price(ln)), true
			}
			rc, ok, _ := w.cgPrice(e, y, y[e], nE, cellRow, pin, ban, line)
			if !any {
				if ok {
					t.Fatalf("seed %d employee %d: priced %v, but no line is feasible", seed, e, line)
				}
				continue
			}
			if loose && !ok {
				t.Fatalf("seed %d employee %d: no line, want reduced cost %g", seed, e, want)
			}
			if !ok {
				continue
			}
			if h, _ := m.evalLine(e, line, &w.sc); h != 0 {
				t.Fatalf("seed %d employee %d: line %v breaks %d constraints", seed, e, line, h)
			}
			if math.Abs(rc-price(line)) > 1e-9 {
				t.Fatalf("seed %d employee %d: reduced cost %g stated, %g computed", seed, e, rc, price(line))
			}
			// Costs are rounded to thousandths inside the programme.
			if loose && rc > want+1e-2 {
				t.Fatalf("seed %d employee %d: reduced cost %g (%v), least is %g (%v) %+v", seed, e, rc, line, want, wl, p.Employees[e])
			}
		}
	}
}

// tinyConstructed returns a worker on tinyProblem(seed, false) holding a
// constructed roster, and the problem's optimum by enumeration of every
// pair of feasible lines (ok false when an employee has none).
func tinyConstructed(seed uint64) (w *worker, best int, ok bool) {
	m := compile(tinyProblem(seed, false))
	a, b := feasibleLines(m, 0), feasibleLines(m, 1)
	if len(a) == 0 || len(b) == 0 {
		return nil, 0, false
	}
	w = newWorker(m, seed, 0)
	best = math.MaxInt
	for _, la := range a {
		copy(w.a[0], la)
		for _, lb := range b {
			copy(w.a[1], lb)
			w.recompute()
			best = min(best, w.objective())
		}
	}
	w.clear()
	w.construct(func() bool { return false })
	return w, best, true
}

// TestCGDiveTiny compares price and dive with enumeration of every pair of
// feasible lines: the root's Lagrangian bound is found on most problems
// and is at most the optimum, the dive's roster is feasible and its
// objective is what the worker holds, and on most problems the dive
// finds the optimum itself.
func TestCGDiveTiny(t *testing.T) {
	hit, n := 0, 0
	bounded, gapSum := 0, 0.0
	for seed := uint64(1); seed <= 30; seed++ {
		w, best, ok := tinyConstructed(seed)
		if !ok {
			continue
		}
		ok = w.cgDive(func() bool { return false }, math.MaxInt)
		if w.rootLP > float64(best)+1e-6 {
			t.Fatalf("seed %d: root relaxation %g above the optimum %d", seed, w.rootLP, best)
		}
		if w.rootLP > 0 {
			bounded++
			gapSum += float64(best) - w.rootLP
		}
		if !ok || w.sumHard != 0 {
			t.Fatalf("seed %d: dive ended %t with %d violations", seed, ok, w.sumHard)
		}
		obj := w.objective()
		w.recompute()
		if obj != w.objective() || obj < best {
			t.Fatalf("seed %d: objective %d, recomputed %d, optimum %d", seed, obj, w.objective(), best)
		}
		n++
		if obj == best {
			hit++
		}
	}
	t.Logf("dive found the optimum on %d of %d problems; a Lagrangian bound on %d, on average %.2f below the optimum", hit, n, bounded, gapSum/float64(max(bounded, 1)))
	if bounded*2 < n {
		t.Errorf("a Lagrangian bound on %d of %d problems, want at least half", bounded, n)
	}
	if n < 20 || hit*4 < n*3 {
		t.Errorf("dive found the optimum on %d of %d problems, want three in four", hit, n)
	}
}

// TestBranchTiny compares branch and price with enumeration of every pair
// of feasible lines: from a constructed roster and no cutoff it finds the
// optimum, reports it through found as a feasible roster, and on most
// problems ends with the search complete (the optimum proved; not where
// limits per shift type make pricing heuristic).
func TestBranchTiny(t *testing.T) {
	n, proved := 0, 0
	for seed := uint64(1); seed <= 30; seed++ {
		w, best, ok := tinyConstructed(seed)
		if !ok {
			continue
		}
		inc := math.MaxInt / 4
		complete, nodes := w.cgBranch(func() bool { return false }, func() int { return inc }, func() {
			if w.sumHard != 0 {
				t.Fatalf("seed %d: found a roster with %d violations", seed, w.sumHard)
			}
			obj := w.objective()
			w.recompute()
			if obj != w.objective() || obj >= inc {
				t.Fatalf("seed %d: found %d (recomputed %d) with the best at %d", seed, obj, w.objective(), inc)
			}
			inc = obj
		})
		if inc != best {
			t.Fatalf("seed %d: ended on %d (complete %t) after %d nodes, optimum %d", seed, inc, complete, nodes, best)
		}
		n++
		if complete {
			proved++
		}
	}
	t.Logf("optimum found on all %d problems, proved on %d", n, proved)
	if n < 20 || proved*2 < n {
		t.Errorf("optimum proved on %d of %d problems, want at least half", proved, n)
	}
}

// tinyWindowWorker builds tiny problem seed with its roster constructed,
// and employee 0's feasible lines; ok is false when it has none or the
// constructed roster is infeasible.
func tinyWindowWorker(seed uint64) (w *worker, lines [][]int8, ok bool) {
	m := compile(tinyProblem(seed, false))
	lines = feasibleLines(m, 0)
	if len(lines) == 0 {
		return nil, nil, false
	}
	w = newWorker(m, seed, 0)
	w.construct(func() bool { return false })
	return w, lines, w.sumHard == 0
}

// eachWindowLine makes each of lines that agrees with employee 0's line
// outside the days in(d) its line in turn (recomputed), calls f, and
// then gives it back the line it had.
func eachWindowLine(w *worker, lines [][]int8, in func(d int) bool, f func()) {
	start := append([]int8(nil), w.a[0]...)
	for _, ln := range lines {
		same := true
		for d := range ln {
			same = same && (in(d) || ln[d] == start[d])
		}
		if same {
			copy(w.a[0], ln)
			w.recompute()
			f()
		}
	}
	copy(w.a[0], start)
	w.recompute()
}

// TestCGLNSTiny checks a price-and-dive move against enumeration:
// employee 0's line is re-optimised over a random window (or two, the
// days between them fixed), employee 1's line and the days outside
// fixed. The move never worsens the roster or breaks a constraint it
// kept, never beats the enumerated best of the window, never changes a
// day outside it, and finds that best on most problems.
func TestCGLNSTiny(t *testing.T) {
	for _, tc := range []struct {
		name  string
		seeds uint64
		// days draws the move's days, [lo, hi) less [gapLo, gapHi);
		// ok is false when the horizon is too short.
		days func(r *rand.Rand, H int) (lo, hi, gapLo, gapHi int, ok bool)
	}{
		{"one window", 40, func(r *rand.Rand, H int) (int, int, int, int, bool) {
			lo := r.IntN(H)
			hi := lo + 1 + r.IntN(H-lo)
			return lo, hi, hi, hi, true
		}},
		{"two windows", 60, func(r *rand.Rand, H int) (int, int, int, int, bool) {
			if H < 3 {
				return 0, 0, 0, 0, false
			}
			// [lo, gapLo) and [gapHi, hi), each at least a day, the gap too.
			lo := r.IntN(H - 2)
			gapLo := lo + 1 + r.IntN(H-lo-2)
			gapHi := gapLo + 1 + r.IntN(H-gapLo-1)
			return lo, gapHi + 1 + r.IntN(H-gapHi), gapLo, gapHi, true
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hit, n := 0, 0
			for seed := uint64(1); seed <= tc.seeds; seed++ {
				w, lines, ok := tinyWindowWorker(seed)
				if !ok {
					continue
				}
				lo, hi, gapLo, gapHi, ok := tc.days(w.rng, w.m.H)
				if !ok {
					continue
				}
				in := func(d int) bool { return d >= lo && d < hi && (d < gapLo || d >= gapHi) }
				start := append([]int8(nil), w.a[0]...)
				before := w.total()
				best := math.MaxInt
				eachWindowLine(w, lines, in, func() { best = min(best, w.total()) })
				delta, _ := w.cgLNS(func() bool { return false }, []int{0}, lo, hi, gapLo, gapHi)
				after := w.total()
				w.recompute()
				if after != w.total() || delta != after-before {
					t.Fatalf("seed %d: total %d (delta %d from %d), recomputed %d", seed, after, delta, before, w.total())
				}
				if w.sumHard != 0 || after > before || after < best {
					t.Fatalf("seed %d: days [%d,%d) less [%d,%d): %d violations, total %d from %d, enumerated best %d",
						seed, lo, hi, gapLo, gapHi, w.sumHard, after, before, best)
				}
				for d := range start {
					if !in(d) && w.a[0][d] != start[d] {
						t.Fatalf("seed %d: day %d outside [%d,%d) less [%d,%d) changed", seed, d, lo, hi, gapLo, gapHi)
					}
				}
				n++
				if after == best {
					hit++
				}
			}
			t.Logf("the move found the best on %d of %d problems", hit, n)
			if n < 20 || hit*4 < n*3 {
				t.Errorf("the move found the best on %d of %d problems, want three in four", hit, n)
			}
		})
	}
}

// TestCGLNSGivesUp checks that a window move that prices more lines than
// its bound allows gives up and leaves the roster as it was.
func TestCGLNSGivesUp(t *testing.T) {
	n := 0
	for seed := uint64(1); seed <= 40 && n < 10; seed++ {
		w, _, ok := tinyWindowWorker(seed)
		if !ok {
			continue
		}
		start := append([]int8(nil), w.a[0]...)
		before := w.total()
		w.lnsMaxPrices = 1
		calls := w.priceCalls
		delta, ok := w.cgLNS(func() bool { return false }, []int{0}, 0, w.m.H, w.m.H, w.m.H)
		if ok || delta != 0 || w.total() != before || string(int8sAsBytes(w.a[0])) != string(int8sAsBytes(start)) {
			t.Fatalf("seed %d: move over the horizon with a bound of 1 line: ok %t, delta %d, total %d from %d, line %v from %v",
				seed, ok, delta, w.total(), before, w.a[0], start)
		}
		// The bound is checked before each round: the move stops before
		// the round after the one that passed it.
		if got := w.priceCalls - calls; got != 2 {
			t.Fatalf("seed %d: %d lines priced, want 2 (the second passed the bound of 1)", seed, got)
		}
		n++
	}
	if n < 10 {
		t.Fatalf("only %d problems", n)
	}
}

// TestCGLNSLoopIters checks that window moves count as moves: with one
// worker, an iteration limit and no time limit, a problem where no whole
// dive is affordable (so the worker makes window moves) ends, and gives
// the same roster twice.
func TestCGLNSLoopIters(t *testing.T) {
	m := compile(benchProblem())
	if w := newWorker(m, 1, 0); w.cgAffordable() || !w.cgLNSUseful() {
		t.Fatal("benchProblem no longer makes window moves; the test needs one that does")
	}
	var first Roster
	for run := 0; run < 2; run++ {
		sol, err := Solve(t.Context(), benchProblem(), Options{Seed: 1, Workers: 1, MaxIters: 3})
		if err != nil {
			t.Fatal(err)
		}
		if sol.Iters != 3 {
			t.Fatalf("run %d: %d moves, want 3", run, sol.Iters)
		}
		if first == nil {
			first = sol.Roster
			continue
		}
		for e := range first {
			for d := range first[e] {
				if first[e][d] != sol.Roster[e][d] {
					t.Fatalf("employee %d day %d: %d then %d", e, d, first[e][d], sol.Roster[e][d])
				}
			}
		}
	}
}

// TestCGLNSCut checks the master's value of the current roster against
// the objective (they differ by the same constant for every line of the
// window), and that a move gives up at its root only when the window is
// already at its enumerated best, as it does on the second of two moves
// over the same window when the first found that best.
func TestCGLNSCut(t *testing.T) {
	never := func() bool { return false }
	n, repeats, cut := 0, 0, 0
	for seed := uint64(1); seed <= 60; seed++ {
		w, lines, ok := tinyWindowWorker(seed)
		if !ok {
			continue
		}
		lo := w.rng.IntN(w.m.H)
		hi := lo + 1 + w.rng.IntN(w.m.H-lo)
		in := func(d int) bool { return d >= lo && d < hi }
		best, constant, first := math.MaxInt, 0.0, true
		eachWindowLine(w, lines, in, func() {
			best = min(best, w.objective())
			c := float64(w.objective()) - w.newMasterWindow(never, []int{0}, lo, hi, hi, hi).currentValue()
			if first {
				constant, first = c, false
			} else if math.Abs(c-constant) > 1e-9 {
				t.Fatalf("seed %d: objective less the master's value is %g for one line, %g for another", seed, c, constant)
			}
		})
		n++
		before := w.objective()
		cuts := w.cgCuts
		w.cgLNS(never, []int{0}, lo, hi, hi, hi)
		if w.cgCuts > cuts && before != best {
			t.Fatalf("seed %d: the move gave up at its root on %d, enumerated best %d", seed, before, best)
		}
		if w.objective() != best {
			continue
		}
		repeats++
		again := append([]int8(nil), w.a[0]...)
		cuts = w.cgCuts
		if d, _ := w.cgLNS(never, []int{0}, lo, hi, hi, hi); d != 0 || !slices.Equal(w.a[0], again) && w.cgCuts > cuts {
			t.Fatalf("seed %d: second move changed %d, roster changed %v", seed, d, !slices.Equal(w.a[0], again))
		}
		if w.cgCuts > cuts {
			cut++
		}
	}
	t.Logf("%d problems; the second move over a window at its best gave up at its root on %d of %d", n, cut, repeats)
	if n < 30 || cut*2 < repeats {
		t.Errorf("the second move gave up at its root on %d of %d windows at their best, want half", cut, repeats)
	}
}
