package solve

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"
)

// helperProblem: 28 days, three shift types (night may not be followed
// by early), eight employees with limits on runs, minutes and weekends,
// and cover that varies by day, so that the larger steps have work to do.
func helperProblem() *Problem {
	p := &Problem{Name: "helper", Days: 28, FirstWeekday: time.Monday}
	p.Shifts = []Shift{{ID: "E", Minutes: 480}, {ID: "L", Minutes: 480}, {ID: "N", Minutes: 600, Forbidden: []int{0}}}
	for e := 0; e < 8; e++ {
		p.Employees = append(p.Employees, Employee{ID: string(rune('A' + e)), MaxShifts: []int{28, 28, 8},
			MinMinutes: 14 * 480, MaxMinutes: 18 * 480, MaxConsecutive: 5, MinConsecutive: 2,
			MinConsecutiveOff: 2, MaxWeekends: 2})
	}
	r := rand.New(rand.NewPCG(7, 7))
	for d := 0; d < p.Days; d++ {
		for s := range p.Shifts {
			p.Cover = append(p.Cover, Cover{Day: d, Shift: s, Requirement: 1 + r.IntN(3), WeightUnder: 100, WeightOver: 1})
		}
	}
	return p
}

// consistent reports whether w's incremental sums equal those recomputed
// from its roster.
func consistent(t *testing.T, w *worker, what string) {
	t.Helper()
	hard, soft, cover := w.sumHard, w.sumSoft, w.cover
	w.recompute()
	if w.sumHard != hard || w.sumSoft != soft || w.cover != cover {
		t.Fatalf("%s: sums hard %d, soft %d, cover %d; recomputed %d, %d, %d",
			what, hard, soft, cover, w.sumHard, w.sumSoft, w.cover)
	}
}

func TestApplyProposal(t *testing.T) {
	m := compile(helperProblem())
	w := newWorker(m, 1, 0)
	w.construct(func() bool { return false })
	before := w.total()
	line := append([]int8(nil), w.a[2]...)
	// Seven nights in a row on employee 2: more than 5 consecutive
	// shifts, so refused at temperature 0, and the roster is as it was.
	var p []cellChange
	for d := 3; d < 10; d++ {
		p = append(p, cellChange{2, int32(d), 3})
	}
	w.applyProposal(p, 0)
	if w.propTried != 1 || w.propAcc != 0 {
		t.Fatalf("tried %d, kept %d proposals; want 1 and 0", w.propTried, w.propAcc)
	}
	for d := range line {
		if w.a[2][d] != line[d] {
			t.Fatalf("day %d changed from %d to %d by a refused proposal", d, line[d], w.a[2][d])
		}
	}
	if w.total() != before {
		t.Fatalf("objective %d after a refused proposal, want %d", w.total(), before)
	}
	consistent(t, w, "after a refused proposal")
	// The same days back as they are, changed by one cell to off where
	// the employee works: kept at a high temperature, with its change.
	d := -1
	for i, x := range line {
		if x > 0 {
			d = i
			break
		}
	}
	if d < 0 {
		t.Fatal("employee 2 works no day")
	}
	w.applyProposal([]cellChange{{2, int32(d), 0}}, 1e9)
	if w.propAcc != 1 || w.a[2][d] != 0 {
		t.Fatalf("kept %d proposals, day %d is %d; want 1 and off", w.propAcc, d, w.a[2][d])
	}
	consistent(t, w, "after a kept proposal")
}

func TestHelperLoop(t *testing.T) {
	m := compile(helperProblem())
	main, help := newWorker(m, 1, 0), newWorker(m, 1, 1)
	main.coverFocus, help.coverFocus = true, true
	main.construct(func() bool { return false })
	l := newHelperLink()
	main.link, help.link = l, l
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		help.helpLoop(l.closed)
	}()
	start := main.total()
	// The main worker's loop in short: moves, and every 50 a larger step
	// of its own and the helper's proposals, cooling from 20 to 0.3,
	// until it has seen enough proposals.
	for i := 1; main.propTried < 200 && i < 5_000_000; i++ {
		tmp := 20 * math.Pow(0.3/20, min(float64(i)/200_000, 1))
		main.move(tmp)
		if i%50 == 0 {
			main.largeStep(tmp)
			main.serveHelper(tmp)
		}
	}
	close(l.done)
	wg.Wait()
	if main.propTried < 200 {
		t.Fatalf("%d proposals from the helper, want at least 200", main.propTried)
	}
	if main.propAcc == 0 {
		t.Fatal("no proposal kept")
	}
	consistent(t, main, "main worker after the helper's proposals")
	if main.total() >= start {
		t.Errorf("penalised objective %d after annealing with the helper, no better than the start %d", main.total(), start)
	}
	t.Logf("%d proposals, %d kept; objective %d from %d", main.propTried, main.propAcc, main.total(), start)
}

// TestCopyState: a worker loaded with another's copy has its roster,
// counts and sums, equal to a recompute, in buffers of its own; here with
// the source made infeasible first, so hard units are copied too.
func TestCopyState(t *testing.T) {
	m := compile(helperProblem())
	src := newWorker(m, 1, 0)
	src.construct(func() bool { return false })
	// A week of nights on employee 1 (too many in a row), two days off on
	// employee 4, one early shift on employee 6.
	for d := 3; d < 10; d++ {
		src.a[1][d] = 3
	}
	src.a[4][12], src.a[4][13] = 0, 0
	src.a[6][20] = 1
	src.recompute()
	if src.sumHard == 0 {
		t.Fatal("seven nights in a row should break a hard constraint")
	}
	h := newWorker(m, 2, 1)
	h.loadState(src.copyState())
	for e := range src.a {
		for d := range src.a[e] {
			if h.a[e][d] != src.a[e][d] {
				t.Fatalf("employee %d day %d: %d, want %d", e, d, h.a[e][d], src.a[e][d])
			}
		}
	}
	if h.sumHard != src.sumHard || h.sumSoft != src.sumSoft || h.cover != src.cover {
		t.Fatalf("sums hard %d soft %d cover %d, source %d %d %d",
			h.sumHard, h.sumSoft, h.cover, src.sumHard, src.sumSoft, src.cover)
	}
	for e := range src.stat {
		a, b := h.stat[e], src.stat[e]
		if a.local != b.local || a.mins != b.mins || a.excess != b.excess || a.nWk != b.nWk || a.soft != b.soft ||
			!slices.Equal(a.counts, b.counts) || !slices.Equal(a.wkDays, b.wkDays) {
			t.Fatalf("employee %d: statistics %+v, source %+v", e, a, b)
		}
	}
	// The loaded statistics are right for the loaded roster: steps on it
	// keep the sums equal to a recompute.
	for d := range 10 {
		h.dayOpt(d)
	}
	consistent(t, h, "day reassignments on the loaded copy")
	// Nothing is shared: changing the source leaves the copy alone.
	wantN, wantX := h.stat[1].counts[2], h.a[1][3]
	src.a[1][3] = 0
	src.refreshStat(1)
	if h.stat[1].counts[2] != wantN || h.a[1][3] != wantX {
		t.Fatal("the copy shares buffers with its source")
	}
}
