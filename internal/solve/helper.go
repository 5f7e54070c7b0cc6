package solve

import (
	"math"
	"slices"
	"sync/atomic"
)

// helperLink joins a main worker and its helper: a second search that
// runs the main worker's larger steps (window repairs, transfers,
// handovers and day reassignments) on a recent copy of its roster and
// sends the changes it accepts, which the main worker applies to its own
// roster if its annealing criterion accepts them there (see helpLoop).
//
// On Instance24 the larger steps take nearly nine tenths of an annealing
// worker's time, and two independent searches did no better than the
// better of two: one search with the other core's larger steps does.
// (60 s, 2 workers, seeds 1-4: 44750, 44867, 45084 and 45003 with the
// helper; 45326, 45390, 45308 and 45668 with two searches. Of 95,429
// proposals on seed 1, 67,243 were kept; the main worker made 15.7
// million moves.)
type helperLink struct {
	props chan []cellChange
	// want: the helper waits for a copy of the main roster on snap.
	want atomic.Bool
	snap chan *rosterCopy
	temp atomic.Uint64 // the main worker's temperature, as float64 bits
	done chan struct{}
}

// cellChange sets employee e's code on day d to x.
type cellChange struct {
	e, d int32
	x    int8
}

// closed reports whether the main worker has stopped.
func (l *helperLink) closed() bool {
	select {
	case <-l.done:
		return true
	default:
		return false
	}
}

func newHelperLink() *helperLink {
	return &helperLink{props: make(chan []cellChange, 256), snap: make(chan *rosterCopy, 1), done: make(chan struct{})}
}

// helperResync is how many steps the helper takes on its copy of the
// roster before it takes a new copy.
const helperResync = 32

// serveHelper is the main worker's side: it publishes its temperature,
// hands over a copy of its roster when the helper wants one, and applies
// the helper's proposals at temperature t.
func (w *worker) serveHelper(t float64) {
	l := w.link
	l.temp.Store(math.Float64bits(t))
	if l.want.Load() {
		l.want.Store(false)
		l.snap <- w.copyState()
	}
	for {
		select {
		case p := <-l.props:
			w.applyProposal(p, t)
		default:
			return
		}
	}
}

// applyProposal makes the changes of p to the current roster and keeps
// them if the annealing criterion at temperature t accepts the change of
// the penalised objective, otherwise undoes them.
func (w *worker) applyProposal(p []cellChange, t float64) {
	w.syncBest()
	before := w.total()
	emps := w.propEmps[:0]
	for _, c := range p {
		e := int(c.e)
		if !w.propMark[e] {
			w.propMark[e] = true
			emps = append(emps, e)
			copy(w.propSave[e], w.a[e])
		}
		if x := w.a[e][c.d]; x != c.x {
			w.setCnt(int(c.d), x, c.x)
			w.a[e][c.d] = c.x
		}
	}
	for _, e := range emps {
		w.refreshStat(e)
	}
	w.propEmps = emps
	ok := w.accept(w.total()-before, t)
	for _, e := range emps {
		w.propMark[e] = false
		if !ok {
			w.writeDays(e, w.propSave[e], 0, w.m.H)
		}
	}
	w.propTried++
	if ok {
		w.propAcc++
		if better(w.sumHard, w.objective(), w.bestHard, w.bestObj) {
			w.markBest()
		}
	}
}

// helpLoop is the helper's side: from each copy of the main roster it
// takes helperResync of the main worker's larger steps at the main
// worker's temperature, and sends the changes of each step it accepts.
func (w *worker) helpLoop(stop func() bool) {
	l := w.link
	m := w.m
	prev := make([][]int8, m.E)
	for e := range prev {
		prev[e] = make([]int8, m.H)
	}
	mark := make([]bool, m.E)
	w.logTouches = true
	for !stop() {
		l.want.Store(true)
		var s *rosterCopy
		select {
		case s = <-l.snap:
		case <-l.done:
			return
		}
		w.loadState(s)
		for e := range prev {
			copy(prev[e], s.a[e])
		}
		for i := 0; i < helperResync && !stop(); i++ {
			t := math.Float64frombits(l.temp.Load())
			w.touchLog = w.touchLog[:0]
			w.largeStep(t)
			var p []cellChange
			for _, e := range w.touchLog {
				if mark[e] {
					continue
				}
				mark[e] = true
				a, b := w.a[e], prev[e]
				for d := range a {
					if a[d] != b[d] {
						p = append(p, cellChange{int32(e), int32(d), a[d]})
						b[d] = a[d]
					}
				}
			}
			for _, e := range w.touchLog {
				mark[e] = false
			}
			if len(p) == 0 {
				continue
			}
			select {
			case l.props <- p:
			case <-l.done:
				return
			}
		}
	}
}

// rosterCopy is a worker's roster with everything the search keeps
// computed from it, as the main worker hands it to its helper: copying
// the statistics costs the main worker little, where recomputing them
// took a fifth of the helper's time on Instance24 (profile, 30 s, 2
// workers).
type rosterCopy struct {
	a                       [][]int8
	stat                    []empStat
	hard, soft              []int
	cnt                     []int32
	sumHard, sumSoft, cover int
}

// copyState returns a copy of the worker's roster and statistics.
func (w *worker) copyState() *rosterCopy {
	c := &rosterCopy{
		a:    make([][]int8, len(w.a)),
		stat: make([]empStat, len(w.stat)),
		hard: slices.Clone(w.hard), soft: slices.Clone(w.soft), cnt: slices.Clone(w.cnt),
		sumHard: w.sumHard, sumSoft: w.sumSoft, cover: w.cover,
	}
	for e := range w.a {
		c.a[e] = slices.Clone(w.a[e])
		st := w.stat[e]
		st.counts, st.wkDays = slices.Clone(st.counts), slices.Clone(st.wkDays)
		c.stat[e] = st
	}
	return c
}

// loadState makes the worker's roster and statistics those of c, into
// its own buffers.
func (w *worker) loadState(c *rosterCopy) {
	for e := range w.a {
		copy(w.a[e], c.a[e])
		st := &w.stat[e]
		counts, wkDays := st.counts, st.wkDays
		*st = c.stat[e]
		copy(counts, c.stat[e].counts)
		copy(wkDays, c.stat[e].wkDays)
		st.counts, st.wkDays = counts, wkDays
	}
	copy(w.hard, c.hard)
	copy(w.soft, c.soft)
	copy(w.cnt, c.cnt)
	w.sumHard, w.sumSoft, w.cover = c.sumHard, c.sumSoft, c.cover
}
