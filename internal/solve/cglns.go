package solve

// cgLNS re-optimises the lines of the employees in free over the days of
// [lo, hi) outside [gapLo, gapHi) (empty: one window; otherwise two, the
// days between them fixed) by price and dive, everything else fixed, and
// keeps the result unless it is worse (penalised objective). It reports
// the change and whether the dive ended on a whole roster of the window.
func (w *worker) cgLNS(stop func() bool, free []int, lo, hi, gapLo, gapHi int) (delta int, ok bool) {
	w.syncBest()
	before := w.total()
	for len(w.lnsSave) < len(free) {
		w.lnsSave = append(w.lnsSave, make([]int8, w.m.H))
	}
	saved := w.lnsSave
	for i, e := range free {
		copy(saved[i], w.a[e])
	}
	// Prices as fine as branch and price's, so that the bound of a window
	// already at its best comes within a point of its value (at the
	// dive's scale it fell 1.7 short on Instance12), and the dive gives
	// up at its root (see dive).
	old := w.priceScale
	w.priceScale = bnpScale
	defer func() { w.priceScale = old }()
	// A move gives up after cgLNSMaxPrices lines priced per employee
	// freed (see there).
	limit := w.priceCalls + w.lnsMaxPrices*len(free)
	moveStop := func() bool { return stop() || w.priceCalls > limit }
	mst := w.newMasterWindow(moveStop, free, lo, hi, gapLo, gapHi)
	mst.cutoff = mst.currentValue()
	ok = w.dive(mst, 1<<30)
	delta = w.total() - before
	if !ok || delta > 0 {
		for i, e := range free {
			copy(w.a[e], saved[i])
		}
		w.recompute()
		return 0, ok
	}
	if better(w.sumHard, w.objective(), w.bestHard, w.bestObj) {
		w.markBest()
	}
	return delta, true
}

// Price-and-dive moves. Where a whole dive costs too much (the long
// instances, and Instance12, see diveMaxChoices), the first worker
// re-optimises windows of days instead: the lines of every employee over
// a window of 7 days up to the longest (at most 21) over which pricing
// them all fits the budget, drawn at random, everything else fixed, by
// the dive over a master of that window (newMasterWindow), kept unless
// worse; it starts from the best roster of all workers, the second of
// which anneals as before. A window already as good as its relaxation
// allows is left at the root (master.cutoff): most moves end so once the
// search has settled (Instance20: 1,757 of 1,860 moves in a minute).
// Half the moves (where the horizon is longer than twice the window)
// take two windows up to cgLNSMaxGap days apart, so that work can move
// between periods where totals are tight (Instance20: 115–117 of 182
// days each). With the gap unbounded they took most of the minute.
//
// Measured with 2 workers and 60 s (seed 1), against annealing on both
// workers (run 6): Instance15 4415 (4707), Instance19 3582 (3879),
// Instance20 5287 (5888), Instance21 21939 (23073), Instance22 35052
// (35538). Windows of 14 days only: 4285, 3813, 5368; of 10: 4440, 3563,
// 5658; of 21: 4611, 3596, 5283. Both workers making these moves:
// 4275, 4415, 5670. Windows of up to 21 days freeing only as many
// employees as fit the budget (before session 7) spent most of the
// minute on a few long moves (Instance15: 7–18 s each for 33 of 45
// employees over 19–21 days, mostly gaining nothing).

// cgLNSMaxPrices bounds the lines a window move prices, per employee it
// frees; the move then gives up, leaving the roster as it was. (On
// Instance19, with windows of up to 28 days, one move in 200 priced more
// than 115 lines per employee and none more than 145 (40 employees, 60 s,
// seed 3), but in one run the first move took the whole minute.) Bounded
// by work rather than time, so that one worker stays reproducible.
const cgLNSMaxPrices = 250

// cgLNSMinDays, cgLNSMaxDays bound the window of a move, in days; on
// horizons shorter than twice cgLNSMaxDays, windows are at most 21 days
// or half the horizon. (Since the line programme skips unreachable
// states, session 9, at 60 s with 2 workers: Instance19 3296 and 3264 on
// seeds 1 and 2 with windows of up to 28 days, against 3357 and 3353 up
// to 20; Instance15, 42 days, 4346 and 4095 up to 28 against 4010 and
// 3884 up to 21.)
const cgLNSMinDays, cgLNSMaxDays = 7, 28

// cgLNSMaxGap bounds the days between the two windows of a move over two
// (half the moves, where the horizon is longer than twice the window).
const cgLNSMaxGap = 21

// cgLNSBudget bounds the work of pricing every free employee's window
// once (state transitions of the line programme): all employees where
// that fits, else as many as fit, drawn at random.
// (It was 150 million until the line programme skipped unreachable
// states, which made it 4 times faster on windows of 14 days.)
const cgLNSBudget = 600_000_000

// cgLNSFree returns how many employees a price-and-dive move frees over
// a window of L days (0: not even one fits).
func (w *worker) cgLNSFree(L int) int {
	sum := 0
	for e := 0; e < w.m.E; e++ {
		sum += w.dp.work(e, L)
		if sum > cgLNSBudget {
			return e
		}
	}
	return w.m.E
}

// cgLNSUseful reports whether moves over two weeks free at least a
// quarter of the employees (Instance24: 2 of 150 before session 9, when
// moves scored 80999 against 79574 annealing; 9 of 150 since).
func (w *worker) cgLNSUseful() bool {
	return 4*w.cgLNSFree(min(14, w.m.H)) >= w.m.E
}

// cgLNSLoop makes price-and-dive moves over random windows from the best
// roster of all workers until stop, publishing what improves.
func (w *worker) cgLNSLoop(sh *shared, stop func() bool) {
	m := w.m
	// The longest window, up to cgLNSMaxDays (21 or half the horizon
	// on short horizons), that frees everyone.
	maxL := min(cgLNSMaxDays, max(21, m.H/2), m.H)
	for maxL > cgLNSMinDays && w.cgLNSFree(maxL) < m.E {
		maxL--
	}
	for !stop() {
		if !sh.fetch(w) {
			w.restoreBest()
		}
		L := min(cgLNSMinDays+w.rng.IntN(max(maxL-cgLNSMinDays+1, 1)), m.H)
		k := w.cgLNSFree(L)
		if k == 0 {
			L = min(cgLNSMinDays, m.H)
			k = max(w.cgLNSFree(L), 1)
		}
		free := w.rng.Perm(m.E)[:k]
		lo := w.rng.IntN(m.H - L + 1)
		hi, gapLo, gapHi := lo+L, lo+L, lo+L
		if 2*L < m.H && w.rng.IntN(2) == 0 {
			// Two windows of L/2 and L-L/2 days, at most cgLNSMaxGap
			// days apart.
			L1 := L / 2
			gap := w.rng.IntN(min(m.H-L+1-lo, cgLNSMaxGap+1))
			gapLo, gapHi, hi = lo+L1, lo+L1+gap, lo+L+gap
		}
		// A window move is one move of Options.MaxIters.
		w.iter++
		if d, _ := w.cgLNS(stop, free, lo, hi, gapLo, gapHi); d < 0 {
			w.saveBest()
			sh.offer(w)
		}
	}
}

// annealOnly reports the regime where no exact step over many employees
// fits: no whole dive (cgAffordable) and no window moves (cgLNSUseful).
// Both workers then anneal, with window repairs every 50 moves over
// windows of up to annealWindowBudget's length, half of them (all those
// without another focus) from an under-covered cell. On Instance24 (60 s,
// 2 workers, seeds 1 and 2, session 10): 65192 and 64677 before; repairs
// every 200 moves 59609 and 58756; every 50 moves with windows of up to
// 14 days 57576 and 56088 (up to 21 days 57978 and 57286, up to 28 days
// 63517 and 63737); with the under-covered focus too 55025 and 54868.
func (w *worker) annealOnly() bool {
	return !w.cgAffordable() && !w.cgLNSUseful()
}

// annealWindowBudget is the work bound of a window repair in the
// annealing regime (annealOnly): windows of up to 14 days on Instance24,
// 7 under lnsBudget.
const annealWindowBudget = 70_000_000
