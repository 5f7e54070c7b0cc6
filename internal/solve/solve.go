package solve

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Options control Solve.
type Options struct {
	// Seed makes the search reproducible: with one worker and MaxIters set,
	// the same seed gives the same roster.
	Seed uint64
	// Workers is the number of searches run in parallel, each with its
	// own seed derived from Seed. Even-numbered workers restart each
	// search cycle from the best roster of all; odd-numbered ones, once
	// stuck, start new episodes of their own (see restartAfter). On small
	// problems the second runs branch and price first (see bnp.go), which
	// may prove the best roster optimal and end the search early. In the
	// annealing regime (the largest problems, see annealOnly) the second
	// worker instead helps the first: it takes the first worker's larger
	// steps on copies of its roster and sends it the changes (see
	// helperLink). 0 means 1.
	Workers int
	// TimeLimit stops the search after this long (0: no limit).
	TimeLimit time.Duration
	// MaxIters stops each worker after this many moves (0: no limit).
	// At least one of TimeLimit, MaxIters and a context deadline is needed.
	MaxIters int64
	// Progress, if set, is called (from one goroutine at a time) each time
	// the best roster found improves.
	Progress func(Progress)
	// Initial, if set, is the roster the search starts from.
	Initial Roster
}

// Progress reports an improvement of the best roster.
type Progress struct {
	Objective int
	// Violations is the number of hard-constraint violation units (0 when feasible).
	Violations int
	Feasible   bool
	Elapsed    time.Duration
	Iter       int64 // moves tried by the worker that found it
}

// Solution is the best roster found.
type Solution struct {
	Roster     Roster
	Result     *Result
	TimeToBest time.Duration
	Iters      int64 // moves tried, all workers
	// Proved is set when the search ended early because branch and
	// price proved the roster optimal.
	Proved bool
}

// Solve searches for a feasible roster of least objective. It stops at the
// time limit, after MaxIters moves per worker, or when ctx is done, and
// returns the best roster found (which may be infeasible: check
// Solution.Result.Feasible).
func Solve(ctx context.Context, p *Problem, opt Options) (*Solution, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if _, ok := ctx.Deadline(); !ok && opt.TimeLimit <= 0 && opt.MaxIters <= 0 {
		return nil, errors.New("solve: need a time limit, an iteration limit or a context with a deadline")
	}
	if opt.Workers <= 0 {
		opt.Workers = 1
	}
	m := compile(p)
	start := time.Now()
	var deadline time.Time
	if opt.TimeLimit > 0 {
		deadline = start.Add(opt.TimeLimit)
	}
	sh := &shared{opt: opt, start: start, hard: math.MaxInt}
	var wg sync.WaitGroup
	workers := make([]*worker, opt.Workers)
	for i := range workers {
		w := newWorker(m, opt.Seed, uint64(i))
		if opt.Initial != nil {
			w.load(opt.Initial)
			w.loaded = true
		}
		workers[i] = w
	}
	var link *helperLink
	if len(workers) >= 2 && workers[0].annealOnly() {
		link = newHelperLink()
		workers[0].link, workers[1].link = link, link
	}
	for i, w := range workers {
		wg.Add(1)
		if i == 1 && link != nil {
			go func() {
				defer wg.Done()
				w.helpLoop(func() bool {
					return link.closed() || ctx.Err() != nil || (!deadline.IsZero() && time.Now().After(deadline))
				})
			}()
			continue
		}
		go func() {
			defer wg.Done()
			if i == 0 && link != nil {
				defer close(link.done)
			}
			w.run(ctx, sh, i, deadline, opt.MaxIters)
		}()
	}
	wg.Wait()
	var iters int64
	for _, w := range workers {
		iters += w.iter
	}
	r := sh.best
	res, err := Evaluate(p, r)
	if err != nil {
		return nil, err
	}
	return &Solution{Roster: r, Result: res, TimeToBest: sh.at, Iters: iters, Proved: sh.proved.Load()}, nil
}

// shared is the best roster of all workers.
type shared struct {
	mu    sync.Mutex
	opt   Options
	start time.Time
	best  Roster
	hard  int
	obj   int
	at    time.Duration
	seq   int         // incremented on every improvement
	dived atomic.Bool // some dive has ended on a whole roster
	// proved: branch and price has shown that no roster beats the best
	// by a point; every worker stops.
	proved atomic.Bool
}

func better(h1, o1, h2, o2 int) bool {
	if h1 != h2 {
		return h1 < h2
	}
	return o1 < o2
}

// offer publishes a worker's best if it beats the shared one.
func (sh *shared) offer(w *worker) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if !better(w.bestHard, w.bestObj, sh.hard, sh.obj) {
		return
	}
	sh.hard, sh.obj = w.bestHard, w.bestObj
	sh.best = w.m.toRoster(w.best)
	sh.at = time.Since(sh.start)
	sh.seq++
	if sh.opt.Progress != nil {
		sh.opt.Progress(Progress{Objective: sh.obj, Violations: sh.hard, Feasible: sh.hard == 0,
			Elapsed: sh.at, Iter: w.iter})
	}
}

// fetch loads the shared best into w if it beats w's own best.
func (sh *shared) fetch(w *worker) bool {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	w.syncBest()
	if sh.best == nil || !better(sh.hard, sh.obj, w.bestHard, w.bestObj) {
		return false
	}
	w.load(sh.best)
	w.saveBest()
	return true
}

func (m *model) toRoster(a [][]int8) Roster {
	r := NewRoster(m.p)
	for e := range a {
		for d, x := range a[e] {
			r[e][d] = int(x) - 1
		}
	}
	return r
}

// restartAfter is how many search cycles without improvement make an
// odd-numbered worker start a new episode.
const restartAfter = 20

// restartAfterDive is restartAfter when episodes start with price and
// dive: a new dive is worth more than more search around the last one.
// Measured on Instance5 at 20 s with 2 workers, one pin in 4 drawn:
// 1143, 1144 and 1143 restarting after 5 cycles; 1145 and 1149 after 20.
const restartAfterDive = 5

// diveShare is the share of the time left that the first dive may take.
const diveShare = 0.6

// worker is one search: simulated annealing over assignment changes, day
// swaps and block swaps between employees, with per-employee dynamic
// programming re-optimisation of whole lines, restarted in cycles.
type worker struct {
	m    *model
	rng  *rand.Rand
	a    [][]int8
	cnt  []int32
	hard []int
	soft []int
	// sums
	sumHard, sumSoft, cover int
	W                       int // weight of one hard violation unit
	sc                      lineScratch
	buf1, buf2              []int8
	best                    [][]int8
	bestHard, bestObj       int
	iter                    int64
	dp                      *dpState
	// bestDirty means the current roster is the best one but w.best has
	// not been copied from it yet (copying only before a worsening move).
	bestDirty bool
	lnsEmps   []int
	// dayOdds: one larger step in dayOdds reassigns a day (0: none);
	// lineWork: the work of a whole-line programme (see largeStep).
	dayOdds, lineWork int
	// link, when set, joins the worker to a helper (see helperLink): the
	// main worker serves it, the helper runs helpLoop.
	link *helperLink
	// propEmps, propMark, propSave: applyProposal's scratch;
	// propTried, propAcc count the proposals applied and kept.
	propEmps           []int
	propMark           []bool
	propSave           [][]int8
	propTried, propAcc int
	// logTouches makes refreshStat and commitSeg log the employees whose
	// lines they see changed in touchLog (the helper's).
	logTouches bool
	touchLog   []int
	// wkPlan[e*nWk+k]: the construction steers e's line to work weekend
	// k (nil outside the construction), with these changes to the cost of
	// working a planned weekend's day and any other weekend's.
	wkPlan           []bool
	wkBonus, wkMalus int32
	// wkSteer turns on the weekend plan, the construction's slack on
	// prorated minutes and the window repairs that start from a weekend
	// worked on one day: only where a whole dive is not affordable and
	// the horizon has at least steerWeekends weekends. On the instances
	// that dive, the dive places weekends, and steering cost Instance14
	// its optimum (1330 and 1440 against 1278); on short horizons it did
	// not pay (60 s runs, seeds 1-3, steered against not: Instance12
	// 4076, 4166, 4170 against 4078, 4094, 4058; Instance15 4345, 4214,
	// 4158 against 4021, 4026, 4416) where on long ones it did (Instance19,
	// 12 weekends: 3496, 3381, 3525 against 3561, 3567, 3492; Instance24,
	// 52: about 65,000 against 77,000).
	wkSteer                  bool
	lnsTried, lnsAcc, lnsImp int
	stat                     []empStat
	touched                  []int
	wkTouched                []int
	dCount                   []int32
	dWk                      []int32
	lnsEvery                 int64
	// lnsWindowBudget bounds the work of a window repair's programme,
	// which sets its longest window (lnsBudget, more in the annealing
	// regime, see annealOnly).
	lnsWindowBudget int
	// coverFocus: window repairs that have no other focus start from an
	// under-covered cell (see underCell); set in the annealing regime.
	coverFocus bool
	// full marks the days of full weeks (fullDays), in the annealing
	// regime only: their short cells are drawn less often (shortCell),
	// their weekends given up first (transfer) and the construction
	// spends weekends as planned (construct).
	full           []bool
	lnsRounds      int
	loaded         bool // started from Options.Initial
	tmpLine        []int8
	lnsK           int
	saved          [][]int8
	mult           []lineMult // per employee, for lineOpt
	cand, candBest []int8
	forceEmp       int // when >= 0, lns starts from this employee
	day            dayScratch
	// rootLP is the best Lagrangian bound of the last dive's first
	// relaxation (0 when no round priced every employee exactly): a lower
	// bound on the objective.
	rootLP float64
	// cgCuts counts the dives that gave up after their root (see
	// master.cutoff).
	cgCuts int
	price  []float64 // cgPrice's prices per day and code
	// priceLo, priceHi: the window of days cgPrice prices (days outside
	// are pinned), the whole horizon but within a windowed master.
	priceLo, priceHi int
	lnsSave          [][]int8 // cgLNS's saved lines
	// priceScale bounds the scale at which cgPrice rounds prices to
	// integers (1000, more for branch and price's bounds).
	priceScale float64
	// priceSlack bounds how much more than the least reduced cost the
	// line cgPrice last found may cost (its prices are rounded).
	priceSlack float64
	// priceCalls counts cgPrice's calls; a window move gives up after
	// lnsMaxPrices of them per employee it frees (cgLNSMaxPrices).
	priceCalls, lnsMaxPrices int
}

func newWorker(m *model, seed, id uint64) *worker {
	w := &worker{m: m, rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15*(id+1))),
		cnt: make([]int32, m.H*m.S), hard: make([]int, m.E), soft: make([]int, m.E),
		sc: lineScratch{counts: make([]int, m.S)}, buf1: make([]int8, m.H), buf2: make([]int8, m.H),
		bestHard: math.MaxInt, bestObj: math.MaxInt}
	w.W = 1000
	for _, c := range m.wu {
		if int(c)*5 > w.W {
			w.W = int(c) * 5
		}
	}
	w.stat = make([]empStat, m.E)
	for e := range w.stat {
		w.stat[e].counts = make([]int32, m.S)
		w.stat[e].wkDays = make([]int8, m.nWk+1)
	}
	w.dCount = make([]int32, m.S)
	w.dWk = make([]int32, m.nWk+1)
	w.a = make([][]int8, m.E)
	w.best = make([][]int8, m.E)
	for e := range w.a {
		w.a[e] = make([]int8, m.H)
		w.best[e] = make([]int8, m.H)
	}
	w.clear()
	w.dp = newDP(m)
	w.dp.hardW = w.W
	// One window repair every lnsEvery moves: every 100 moves on small
	// instances, up to every 3000 when windows are expensive.
	work := min(w.dp.work(0, m.H), lnsBudget)
	w.lnsEvery = min(max(int64(work/2000), 100), 3000)
	w.lnsWindowBudget = lnsBudget
	if w.annealOnly() {
		// Where no exact step over many employees fits (neither a whole
		// dive nor window moves: Instance24 of the benchmark), window
		// repairs are the annealer's main larger step, so they come
		// every 50 moves, over windows of up to two weeks, and start
		// from under-covered cells (see annealOnly for the figures).
		w.lnsEvery = 50
		w.lnsWindowBudget = annealWindowBudget
		w.coverFocus = true
		w.full = m.fullDays()
	}
	// With many shift types, who works which type on a day is where
	// cover is won or lost: a third of the larger steps reassign a day
	// (see run).
	if m.S >= 8 {
		w.dayOdds = 3
	}
	w.lineWork = m.H * m.X * m.X * w.dp.rdimMax() * 3
	w.propMark = make([]bool, m.E)
	w.propSave = make([][]int8, m.E)
	for e := range w.propSave {
		w.propSave[e] = make([]int8, m.H)
	}
	w.lnsK = 3
	w.lnsRounds = 1
	w.tmpLine = make([]int8, m.H)
	w.cand, w.candBest = make([]int8, m.H), make([]int8, m.H)
	w.forceEmp = -1
	w.wkSteer = m.nWk >= steerWeekends && !w.cgAffordable()
	w.priceScale = 1000
	w.lnsMaxPrices = cgLNSMaxPrices
	w.priceHi = m.H
	w.mult = make([]lineMult, m.E)
	for e := range w.mult {
		w.mult[e].lam = make([]float64, m.S)
	}
	w.saved = make([][]int8, max(w.lnsK, 1))
	for i := range w.saved {
		w.saved[i] = make([]int8, m.H)
	}
	return w
}

// clear sets every line to its first allowed code on each day (the pin
// where there is one, otherwise off), the roster construction starts from.
func (w *worker) clear() {
	m := w.m
	for e := range w.a {
		for d := range w.a[e] {
			w.a[e][d] = m.choices[e][d][0]
		}
	}
	w.recompute()
}

// load sets the current roster to r (codes clamped to allowed values).
func (w *worker) load(r Roster) {
	m := w.m
	for e := range w.a {
		for d := 0; d < m.H; d++ {
			x := int8(r[e][d] + 1)
			if x < 0 || int(x) >= m.X || !m.allow[e][d*m.X+int(x)] {
				x = m.choices[e][d][0]
			}
			w.a[e][d] = x
		}
	}
	w.recompute()
}

func (w *worker) recompute() {
	m := w.m
	for i := range w.cnt {
		w.cnt[i] = 0
	}
	w.sumHard, w.sumSoft, w.cover = 0, 0, 0
	for e := range w.a {
		for d, x := range w.a[e] {
			if x > 0 {
				w.cnt[d*m.S+int(x)-1]++
			}
		}
		w.hard[e], w.soft[e] = 0, 0
		w.refreshStat(e)
	}
	for i, n := range w.cnt {
		w.cover += int(m.coverCost(i, n))
	}
}

func (w *worker) objective() int { return w.sumSoft + w.cover }

func (w *worker) saveBest() {
	for e := range w.a {
		copy(w.best[e], w.a[e])
	}
	w.bestHard, w.bestObj = w.sumHard, w.objective()
	w.bestDirty = false
}

// markBest records that the current roster is the best so far, copying it lazily.
func (w *worker) markBest() {
	w.bestHard, w.bestObj = w.sumHard, w.objective()
	w.bestDirty = true
}

func (w *worker) syncBest() {
	if w.bestDirty {
		w.saveBest()
	}
}

func (w *worker) restoreBest() {
	w.syncBest()
	for e := range w.a {
		copy(w.a[e], w.best[e])
	}
	w.recompute()
}

// accept decides on a move of cost delta at temperature t.
func (w *worker) accept(delta int, t float64) bool {
	if delta <= 0 {
		return true
	}
	if t <= 0 || float64(delta) > 40*t {
		// exp(-40) is below the resolution of Float64.
		return false
	}
	return w.rng.Float64() < math.Exp(-float64(delta)/t)
}

// coverDelta is the change in cover cost of moving one employee on day d
// from code x to code y.
func (w *worker) coverDelta(d int, x, y int8) int {
	m := w.m
	delta := 0
	if x > 0 {
		i := d*m.S + int(x) - 1
		n := w.cnt[i]
		delta += int(m.coverCost(i, n-1) - m.coverCost(i, n))
	}
	if y > 0 {
		i := d*m.S + int(y) - 1
		n := w.cnt[i]
		delta += int(m.coverCost(i, n+1) - m.coverCost(i, n))
	}
	return delta
}

func (w *worker) setCnt(d int, x, y int8) {
	m := w.m
	if x > 0 {
		i := d*m.S + int(x) - 1
		w.cover += int(m.coverCost(i, w.cnt[i]-1) - m.coverCost(i, w.cnt[i]))
		w.cnt[i]--
	}
	if y > 0 {
		i := d*m.S + int(y) - 1
		w.cover += int(m.coverCost(i, w.cnt[i]+1) - m.coverCost(i, w.cnt[i]))
		w.cnt[i]++
	}
}

// tryChange tries setting employee e's day d to code x.
func (w *worker) tryChange(e, d int, x int8, t float64) bool {
	old := w.a[e][d]
	if old == x {
		return false
	}
	dc := w.coverDelta(d, old, x)
	w.buf1[0] = x
	seg := w.buf1[:1]
	h, s := w.segDelta(e, d, d+1, seg)
	delta := dc + s - w.soft[e] + w.W*(h-w.hard[e])
	if !w.accept(delta, t) {
		return false
	}
	if w.bestDirty && (delta > 0 || h > w.hard[e]) {
		w.syncBest()
	}
	w.commitSeg(e, d, d+1, seg, h, s, true)
	return true
}

// trySwap tries exchanging days [d, d+k) between employees e1 and e2.
func (w *worker) trySwap(e1, e2, d, k int, t float64) bool {
	m := w.m
	a1, a2 := w.a[e1], w.a[e2]
	same := true
	for i := d; i < d+k; i++ {
		if a1[i] != a2[i] {
			same = false
			if !m.allow[e1][i*m.X+int(a2[i])] || !m.allow[e2][i*m.X+int(a1[i])] {
				return false
			}
		}
	}
	if same {
		return false
	}
	s1, s2 := w.buf1[:k], w.buf2[:k]
	copy(s1, a2[d:d+k])
	copy(s2, a1[d:d+k])
	h1, so1 := w.segDelta(e1, d, d+k, s1)
	h2, so2 := w.segDelta(e2, d, d+k, s2)
	dh := h1 + h2 - w.hard[e1] - w.hard[e2]
	ds := so1 + so2 - w.soft[e1] - w.soft[e2]
	if !w.accept(ds+w.W*dh, t) {
		return false
	}
	if w.bestDirty && (ds+w.W*dh > 0 || dh > 0) {
		w.syncBest()
	}
	w.commitSeg(e1, d, d+k, s1, h1, so1, false)
	w.commitSeg(e2, d, d+k, s2, h2, so2, false)
	return true
}

// move makes one random move at temperature t.
func (w *worker) move(t float64) {
	m := w.m
	r := w.rng
	switch k := r.IntN(100); {
	case k < 30: // change one assignment
		e, d := r.IntN(m.E), r.IntN(m.H)
		ch := m.choices[e][d]
		w.tryChange(e, d, ch[r.IntN(len(ch))], t)
	case k < 45: // fill an under-covered or empty an over-covered cell
		d, s := r.IntN(m.H), r.IntN(m.S)
		i := d*m.S + s
		e := r.IntN(m.E)
		if w.cnt[i] < m.req[i] {
			if m.allow[e][d*m.X+s+1] {
				w.tryChange(e, d, int8(s+1), t)
			}
		} else if w.a[e][d] == int8(s+1) {
			ch := m.choices[e][d]
			w.tryChange(e, d, ch[r.IntN(len(ch))], t)
		}
	case k < 65: // swap one day
		e1, e2 := r.IntN(m.E), r.IntN(m.E)
		if e1 != e2 {
			w.trySwap(e1, e2, r.IntN(m.H), 1, t)
		}
	default: // swap a block of days
		e1, e2 := r.IntN(m.E), r.IntN(m.E)
		if e1 == e2 {
			return
		}
		n := 2 + r.IntN(min(m.H, 14)-1)
		if n > m.H {
			n = m.H
		}
		w.trySwap(e1, e2, r.IntN(m.H-n+1), n, t)
	}
}

// run is the worker's main loop: cycles of annealing from the best roster
// known, each ending with dynamic-programming re-optimisation of lines.
func (w *worker) run(ctx context.Context, sh *shared, id int, deadline time.Time, maxIters int64) {
	m := w.m
	size := m.E * m.H
	cycle := int64(200 * size)
	if cycle < 200000 {
		cycle = 200000
	}
	const publishEvery = 1 << 12
	stop := func() bool {
		if maxIters > 0 && w.iter >= maxIters {
			return true
		}
		if w.iter&1023 == 0 {
			if ctx.Err() != nil || sh.proved.Load() {
				return true
			}
			if !deadline.IsZero() && time.Now().After(deadline) {
				return true
			}
		}
		return false
	}
	stopNow := func() bool {
		return (maxIters > 0 && w.iter >= maxIters) || ctx.Err() != nil || sh.proved.Load() ||
			(!deadline.IsZero() && time.Now().After(deadline))
	}
	// With many shift types, who works which type on a day is where
	// cover is won or lost: reassign every day exactly once the start is
	// built, and again at a third of the larger steps. (Measured at 20 s
	// per seed: better on Instances 12, 21, 22 and 24, 8 to 32 types;
	// worse on 15 and 19, 5 and 6 types.)
	dayOdds, lineWork := w.dayOdds, w.lineWork
	// Where every line can be priced exactly, episodes start with price
	// and dive: the first episode of even-numbered workers, within
	// diveShare of the time left, and the new episodes of odd-numbered
	// ones, within a third, once some dive has ended in time (on large
	// instances a dive can take most of a minute). The first episode of
	// an odd-numbered worker is plain, a hedge for when the dive does not
	// end in time.
	dive := w.cgAffordable()
	start := func(share float64) {
		w.construct(stopNow)
		if dive && share > 0 && !stopNow() {
			diveStop := stopNow
			if !deadline.IsZero() {
				until := time.Now().Add(time.Duration(float64(time.Until(deadline)) * share))
				diveStop = func() bool { return stopNow() || time.Now().After(until) }
			}
			if w.cgDive(diveStop, math.MaxInt) {
				sh.dived.Store(true)
			}
		}
		// Whole-line sweeps until one improves nothing (at most 50), unless a
		// sweep is too costly (many shift types over a long horizon).
		for i := 0; i < 50 && m.E*lineWork <= 1_000_000_000; i++ {
			if w.sweep(stopNow) == 0 {
				break
			}
		}
		for pass := 0; pass < 20 && dayOdds > 0 && !stopNow(); pass++ {
			if w.daySweep() == 0 {
				break
			}
		}
	}
	// Where lines are cheap to price (the small instances), the second
	// worker dives too and then runs branch and price against the best
	// roster of all, then searches as usual if that ends without a proof.
	bnp := dive && id == 1 && w.bnpAffordable()
	if !w.loaded {
		if id%2 == 0 || bnp {
			start(diveShare)
		} else {
			start(0)
		}
	}
	// Where a whole dive costs too much, the first worker makes
	// price-and-dive moves over windows of days instead of annealing
	// (see cglns.go).
	if !dive && id%2 == 0 && w.cgLNSUseful() {
		w.saveBest()
		sh.offer(w)
		w.cgLNSLoop(sh, stopNow)
		return
	}
	if bnp && !stopNow() {
		w.saveBest()
		sh.offer(w)
		if w.branch(sh, stopNow) {
			sh.proved.Store(true)
			return
		}
		w.restoreBest()
	}
	// Odd-numbered workers diversify: when their best has not improved
	// for restartAfter cycles they start a new episode from a new
	// construction and from then on search on their own (publishing what
	// they find), while even-numbered workers keep intensifying around
	// the best roster of all. Sharing alone made both workers settle in
	// the same basin (Instance5: 1233–1237 on 3 seeds at 30 s; with a
	// restarting worker, 1149 and 1152 on 2 of them).
	stall := 0
	if id%2 == 1 {
		stall = restartAfter
		if dive {
			stall = restartAfterDive
		}
	}
	independent := false
	lastImp, lastHard, lastObj := 0, math.MaxInt, math.MaxInt
	w.saveBest()
	sh.offer(w)
	published := w.bestHard<<32 | w.bestObj
	// Temperatures in objective units: a cycle starts where one extra unit
	// of under-cover (weight 100) is accepted now and then and ends where
	// only ties and rare one-point losses are.
	t0, t1 := 20.0, 0.3
	for c := 0; ; c++ {
		w.syncBest()
		if better(w.bestHard, w.bestObj, lastHard, lastObj) {
			lastImp, lastHard, lastObj = c, w.bestHard, w.bestObj
		}
		switch {
		case c > 0 && stall > 0 && c-lastImp >= stall:
			// Stuck: a new episode from a new construction.
			w.publish(sh, &published)
			w.clear()
			if sh.dived.Load() {
				start(1.0 / 3)
			} else {
				start(0)
			}
			w.saveBest()
			independent = true
			lastImp, lastHard, lastObj = c, w.bestHard, w.bestObj
		case c > 0:
			// Restart from the best roster, ours or another worker's.
			if independent || !sh.fetch(w) {
				w.restoreBest()
			}
		}
		t := t0
		cycleStart := time.Now()
		stretched, f0 := false, 0.0
		var tS time.Time
		for i := int64(0); stretched || i < cycle; i++ {
			if stop() {
				w.publish(sh, &published)
				return
			}
			// The temperature falls geometrically from t0 to t1 over the
			// cycle, recomputed every 256 moves. When fewer than one more
			// cycle would fit before the deadline, this one is stretched
			// to end at the deadline, from where it is, by time: a cycle
			// that only reheats and cools half way is lost (Instance24,
			// 60 s, 2 workers, seeds 1-4: 45650, 45891, 45830 and 45582
			// stretched; 46268, 46292, 46054 and 45906 in two cycles, the
			// second not ending in time).
			if i&255 == 0 {
				f := float64(i) / float64(cycle)
				if stretched {
					f = min(f0+(1-f0)*float64(time.Since(tS))/float64(deadline.Sub(tS)), 1)
				} else if !deadline.IsZero() && i >= cycle/64 && i > 0 {
					now := time.Now()
					dur := time.Duration(float64(now.Sub(cycleStart)) / f)
					if deadline.Sub(cycleStart.Add(dur)) < dur {
						stretched, f0, tS = true, f, now
					}
				}
				t = t0 * math.Pow(t1/t0, f)
			}
			w.move(t)
			w.iter++
			if w.lnsEvery > 0 && w.iter%w.lnsEvery == 0 {
				w.largeStep(t)
				if w.link != nil {
					w.serveHelper(t)
				}
			}
			if better(w.sumHard, w.objective(), w.bestHard, w.bestObj) {
				w.markBest()
			}
			if w.iter%publishEvery == 0 {
				w.publish(sh, &published)
			}
		}
		w.publish(sh, &published)
	}
}

// branch runs branch and price from the worker's best roster, cut off by
// the best feasible roster of all workers, publishing the better rosters
// it finds. It reports whether it proved the best of all optimal.
func (w *worker) branch(sh *shared, stop func() bool) bool {
	w.restoreBest()
	cutoff := func() int {
		sh.mu.Lock()
		defer sh.mu.Unlock()
		if sh.hard == 0 {
			return sh.obj
		}
		return math.MaxInt / 4
	}
	found := func() {
		w.saveBest()
		sh.offer(w)
	}
	complete, _ := w.cgBranch(stop, cutoff, found)
	return complete && cutoff() < math.MaxInt/4
}

func (w *worker) publish(sh *shared, last *int) {
	w.syncBest()
	if k := w.bestHard<<32 | w.bestObj; k != *last {
		*last = k
		sh.offer(w)
	}
}

// largeStep makes one of the larger steps that come every lnsEvery moves,
// at temperature t.
func (w *worker) largeStep(t float64) {
	m := w.m
	// With many shift types a third are day reassignments;
	// the rest half whole-line re-optimisations, half window
	// repairs (only the latter when a whole line is too
	// costly: many shift types over a long horizon).
	if w.dayOdds > 0 && w.rng.IntN(w.dayOdds) == 0 {
		d := w.rng.IntN(m.H)
		if w.coverFocus && w.rng.IntN(2) == 0 {
			// In the annealing regime half of the days reassigned hold
			// a short cell (Instance24, 60 s, 2 workers, seeds 1-8:
			// mean 44,282 against 44,550 with every day drawn alike;
			// always a short cell's day: 45,050, seeds 1-4).
			if sd := w.shortDay(); sd >= 0 {
				d = sd
			}
		}
		w.dayOpt(d)
	} else if w.lineWork <= 4*lnsBudget && w.rng.IntN(2) == 0 {
		w.lineOpt(w.rng.IntN(m.E), t)
	} else if w.coverFocus && w.rng.IntN(2) == 0 {
		// In the annealing regime half of the others
		// move work to a short cell weeks away: a third
		// of them from a weekend worked on one day, which
		// another employee then works whole (handover),
		// the rest from an over-covered day or a weekend
		// (transfer).
		if w.rng.IntN(3) == 0 {
			w.handover(t)
		} else {
			w.transfer(t)
		}
	} else {
		w.lns(1+w.rng.IntN(w.lnsK), t)
	}
}
