package solve

import "math"

// Branch and price. Where lines are cheap to price (the small
// instances), a depth-first search over the same master as the dive
// finds and often proves the optimum. Each node solves the relaxation
// under its pins and bans (the employee just branched on priced first,
// everyone once the node might be cut off or looks whole); it is cut off
// when its Lagrangian bound shows it cannot beat the best roster known
// by a whole point, and ends on a whole solution only once everyone has
// been priced exactly. Otherwise it branches on whether an employee works
// a day at all, else on a shift, the most fractional first, the child
// nearer the relaxation's value (pinned or banned) searched first. The
// best roster known comes from all workers, so the dive and local search
// of the other worker supply the cutoff.
//
// Measured with 2 workers and 60 s on this machine, seeds 1–3: the
// optimum on Instance5 (1143), Instance6 (1950) and Instance7 (1056) in
// all 9 runs, proved in 7 of them (1–42 s); Instances 1, 2 and 4 proved
// in under 0.2 s. Branching on shifts only, Instance6 had not found its
// optimum from a cutoff of 1951 after 60 s; on work or rest first it
// found it in 5 s. A proof is lost where some employee's pricing is
// heuristic (limits per shift type priced) at a node left infeasible.

// bnpScale is the price scale of branch and price: the bound loses up
// to the horizon over the scale per employee to rounding, which at the
// dive's 1000 is up to half a point on Instance5 (16 employees, 28 days).
const bnpScale = 1e6

// bnpEps: an assignment of value within bnpEps of 0 or 1 is whole.
const bnpEps = 1e-4

// bnpSegments: the simplex of branch and price prices its columns in
// segments (see lp.segments), its master growing by thousands of columns
// (Instance6 from a cutoff of 1951: 1,425 nodes in 20 s against 665
// pricing every column).
const bnpSegments = 8

// bnpBudget bounds the work of pricing every employee's whole line once
// (as for cgBudget) for branch and price to be run: Instances 1–7 (at
// most 5 million), not Instance9 (40 million) and above.
const bnpBudget = 10_000_000

// bnpAffordable reports whether the lines are cheap enough to price for
// branch and price to search more than a few nodes.
func (w *worker) bnpAffordable() bool {
	sum := 0
	for e := 0; e < w.m.E; e++ {
		sum += w.dp.work(e, w.m.H)
	}
	return sum <= bnpBudget
}

// bnpSearch is the state of one branch and price.
type bnpSearch struct {
	w      *worker
	mst    *master
	cutoff func() int // objective of the best feasible roster known
	found  func()     // called with a better roster as the current one
	val    []float64
	nodes  int
	// aborted: stop ended the search; incomplete: some node was left
	// without a bound or a branch (no proof of optimality).
	aborted, incomplete bool
}

// cgBranch runs branch and price from the current roster's lines until
// stop, calling found whenever it has made a better feasible roster than
// cutoff the current one. It reports whether the search was complete:
// then no roster beats cutoff's last value by a whole point.
func (w *worker) cgBranch(stop func() bool, cutoff func() int, found func()) (complete bool, nodes int) {
	old := w.priceScale
	w.priceScale = bnpScale
	defer func() { w.priceScale = old }()
	s := &bnpSearch{w: w, mst: w.newMaster(stop), cutoff: cutoff, found: found,
		val: make([]float64, w.m.E*w.m.H*w.m.X)}
	s.mst.p.segments = bnpSegments
	s.node(nil)
	return !s.aborted && !s.incomplete, s.nodes
}

// node solves the relaxation under the pins and bans in force (pricing
// the employees in only first, then everyone when needed) and searches
// below it.
func (s *bnpSearch) node(only []int) {
	if s.aborted {
		return
	}
	s.nodes++
	mst := s.mst
	inc := s.cutoff()
	var z float64
	var stuck, ok bool
	if only != nil {
		if z, stuck, ok = mst.cg(only); !ok {
			s.aborted = true
			return
		}
	}
	// The relaxation priced for only some employees costs at least as
	// much as the relaxation: only when it is a point short of the best
	// known can a full solve's bound cut the node off. A whole solution
	// ends the node only once everyone has been priced.
	full := only == nil || stuck || z > float64(inc)-1+1e-6
	for priced := false; ; {
		if full && !priced {
			if _, stuck, ok = mst.cg(nil); !ok {
				s.aborted = true
				return
			}
			priced = true
			if mst.bound > float64(inc)-1+1e-6 {
				return // cannot beat the best known by a point
			}
		}
		if stuck && priced {
			// Some employee has no line left but banned or artificial
			// ones, and no bound shows the node infeasible.
			s.incomplete = true
			return
		}
		best := s.branching()
		if best >= 0 && !stuck {
			s.branch(best)
			return
		}
		if !priced {
			full = true
			continue
		}
		// Whole: the best roster below this node, if the relaxation is
		// proven solved (every employee priced exactly to the end).
		if !mst.converged {
			s.incomplete = true
		}
		s.integral(inc)
		return
	}
}

// branching returns the assignment to branch on in the relaxation's
// solution, -1 when it is whole.
func (s *bnpSearch) branching() int {
	mst := s.mst
	X := s.w.m.X
	// Values of the assignments (the master's right-hand side is
	// perturbed by millionths: values within bnpEps of whole are whole).
	mst.values(s.val, bnpEps)
	// Branch on whether an employee works a day at all where that is
	// fractional, else on a shift; the most fractional first. (Branching
	// on shifts only, Instance6 had not found its optimum after 60 s
	// from a cutoff of 1951; on work or rest it found 1950 in 5 s.)
	best, bestV := -1, 0.0
	for pass := 0; pass < 2 && best < 0; pass++ {
		for i, v := range s.val {
			if (i%X == 0) != (pass == 0) || v <= bnpEps || v >= 1-bnpEps || mst.pin[i/X] >= 0 {
				continue
			}
			if f := 0.5 - math.Abs(v-0.5); f > bestV {
				best, bestV = i, f
			}
		}
	}
	return best
}

// branch searches the two children of the node on assignment best:
// pinned and banned, the one nearer the relaxation's value first.
func (s *bnpSearch) branch(best int) {
	first := s.val[best] >= 0.5
	for _, pinned := range [2]bool{first, !first} {
		if s.aborted {
			return
		}
		s.child(best, pinned)
	}
}

// child searches below the node with assignment i pinned or banned.
func (s *bnpSearch) child(i int, pinned bool) {
	changed := s.mst.restrict(i, pinned)
	s.node([]int{i / (s.w.m.H * s.w.m.X)})
	s.mst.release(i, pinned, changed)
}

// integral takes the roster of a whole solution of the relaxation (each
// employee's line of value above one half) and reports it if it is
// feasible and beats inc.
func (s *bnpSearch) integral(inc int) {
	w, mst := s.w, s.mst
	p := mst.p
	got := make([]bool, w.m.E)
	for i, j := range mst.lineCols {
		if p.value(j) > 0.5 && mst.colBan[i] == 0 {
			e := mst.colEmp[i]
			copy(w.a[e], mst.colLine[i])
			got[e] = true
		}
	}
	for _, g := range got {
		if !g {
			s.incomplete = true
			return
		}
	}
	w.recompute()
	if w.sumHard == 0 && w.objective() < inc {
		s.found()
	}
}
