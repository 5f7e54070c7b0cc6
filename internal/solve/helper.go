package solve

import (
	"math"
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
	snap chan [][]int8
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
	return &helperLink{props: make(chan []cellChange, 256), snap: make(chan [][]int8, 1), done: make(chan struct{})}
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
		c := make([][]int8, len(w.a))
		for e := range w.a {
			c[e] = append([]int8(nil), w.a[e]...)
		}
		l.snap <- c
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
	first := true
	for !stop() {
		l.want.Store(true)
		var s [][]int8
		select {
		case s = <-l.snap:
		case <-l.done:
			return
		}
		w.syncTo(s, first)
		first = false
		for e := range prev {
			copy(prev[e], s[e])
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

// syncTo makes the worker's roster s: the first time by recomputing
// everything, after that by changing only the cells that differ and
// refreshing only their employees' statistics. (A full recompute took a
// fifth of the helper's time on Instance24, where a copy differs from the
// last in a few lines.)
func (w *worker) syncTo(s [][]int8, full bool) {
	if full {
		for e := range w.a {
			copy(w.a[e], s[e])
		}
		w.recompute()
		return
	}
	for e, a := range w.a {
		changed := false
		for d, x := range s[e] {
			if a[d] != x {
				w.setCnt(d, a[d], x)
				a[d] = x
				changed = true
			}
		}
		if changed {
			w.refreshStat(e)
		}
	}
}
