package solve_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/solve"
	"github.com/rotaguard/rotaguard/internal/solve/curtois"
)

func instance(t testing.TB, name string) *solve.Problem {
	t.Helper()
	f, err := os.Open("curtois/testdata/" + name + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := curtois.Parse(f, name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSolveInstance1Optimum: the solver reaches the proven optimum 607 of
// Instance1 within a bounded number of moves (not of seconds).
func TestSolveInstance1Optimum(t *testing.T) {
	p := instance(t, "Instance1")
	for _, seed := range []uint64{1, 2, 3} {
		var improvements int
		sol, err := solve.Solve(t.Context(), p, solve.Options{Seed: seed, Workers: 1, MaxIters: 400_000,
			Progress: func(solve.Progress) { improvements++ }})
		if err != nil {
			t.Fatal(err)
		}
		if !sol.Result.Feasible() || sol.Result.Objective != 607 {
			t.Errorf("seed %d: objective %d feasible %t, want 607 feasible", seed, sol.Result.Objective, sol.Result.Feasible())
		}
		if improvements == 0 {
			t.Errorf("seed %d: no progress reported", seed)
		}
		// The reported result is the evaluator's verdict on the roster.
		res, err := solve.Evaluate(p, sol.Roster)
		if err != nil || res.Objective != sol.Result.Objective {
			t.Errorf("seed %d: re-evaluated %v %v", seed, res, err)
		}
	}
}

// TestSolveDeterministic: one worker, the same seed and a fixed iteration
// budget give the same roster.
func TestSolveDeterministic(t *testing.T) {
	p := instance(t, "Instance4")
	run := func(seed uint64) solve.Roster {
		sol, err := solve.Solve(t.Context(), p, solve.Options{Seed: seed, Workers: 1, MaxIters: 60_000})
		if err != nil {
			t.Fatal(err)
		}
		return sol.Roster
	}
	a, b := run(7), run(7)
	for e := range a {
		if !slices.Equal(a[e], b[e]) {
			t.Fatalf("seed 7 twice: line %d differs:\n%v\n%v", e, a[e], b[e])
		}
	}
}

// TestSolvePins: pinned assignments and days off are kept.
func TestSolvePins(t *testing.T) {
	p := instance(t, "Instance1")
	p.Pins = []solve.Pin{{Emp: 0, Day: 1, Shift: solve.Off}, {Emp: 1, Day: 0, Shift: 0}, {Emp: 2, Day: 13, Shift: 0}}
	sol, err := solve.Solve(t.Context(), p, solve.Options{Seed: 1, Workers: 2, MaxIters: 50_000})
	if err != nil {
		t.Fatal(err)
	}
	for _, pin := range p.Pins {
		if got := sol.Roster[pin.Emp][pin.Day]; got != pin.Shift {
			t.Errorf("pin %+v: got %d", pin, got)
		}
	}
	for _, v := range sol.Result.Violations {
		if v.Constraint == solve.Pinned || v.Constraint == solve.DayOff {
			t.Errorf("violation %v", v)
		}
	}
}

func TestSolveNeedsALimit(t *testing.T) {
	if _, err := solve.Solve(context.Background(), instance(t, "Instance1"), solve.Options{}); err == nil {
		t.Error("no error without a time or iteration limit")
	}
	bad := &solve.Problem{Days: 0}
	if _, err := solve.Solve(t.Context(), bad, solve.Options{MaxIters: 1}); err == nil {
		t.Error("invalid problem accepted")
	}
}

// BenchmarkSolve reports the objective reached and moves per second on
// benchmark instances with a fixed move budget per run.
func BenchmarkSolve(b *testing.B) {
	for _, name := range []string{"Instance1", "Instance4", "Instance7"} {
		b.Run(name, func(b *testing.B) {
			p := instance(b, name)
			var obj, iters int64
			runs := int64(0)
			var seed uint64
			for b.Loop() {
				seed++
				sol, err := solve.Solve(b.Context(), p, solve.Options{Seed: seed, Workers: 1, MaxIters: 200_000})
				if err != nil {
					b.Fatal(err)
				}
				obj += int64(sol.Result.Objective)
				iters += sol.Iters
				runs++
			}
			b.ReportMetric(float64(obj)/float64(runs), "objective")
			b.ReportMetric(float64(iters)/b.Elapsed().Seconds(), "moves/s")
		})
	}
}

// TestSolveInstance7Dive: on Instance7 (20 staff, 4 weeks, best known
// 1056) price and dive followed by a bounded search (not a time limit)
// lands within 2 % of the best known, the benchmark's target, from at
// least two of three seeds. (A single dive sometimes ends 100 over,
// one head short on some shift: the pins it accepts may each raise the
// relaxation a little. The timed search runs a new dive whenever the
// second worker restarts.)
func TestSolveInstance7Dive(t *testing.T) {
	if testing.Short() {
		t.Skip("the dives take a few seconds")
	}
	p := instance(t, "Instance7")
	good := 0
	for seed := uint64(1); seed <= 3; seed++ {
		sol, err := solve.Solve(t.Context(), p, solve.Options{Seed: seed, Workers: 1, MaxIters: 200_000})
		if err != nil {
			t.Fatal(err)
		}
		if !sol.Result.Feasible() {
			t.Fatalf("seed %d: roster infeasible: %v", seed, sol.Result.Violations)
		}
		if sol.Result.Objective <= 1077 {
			good++
		}
		t.Logf("seed %d: objective %d", seed, sol.Result.Objective)
	}
	if good < 2 {
		t.Errorf("%d of 3 seeds within 2 %% of 1056 (at most 1077), want at least 2", good)
	}
}

// TestSolveProvesOptimum: with two workers on the small instances, the
// second runs branch and price and proves the optimum, and the search
// ends there rather than at its time limit (60 s here, a safety stop).
func TestSolveProvesOptimum(t *testing.T) {
	for _, c := range []struct {
		name string
		opt  int
	}{{"Instance1", 607}, {"Instance2", 828}, {"Instance4", 1716}} {
		p := instance(t, c.name)
		sol, err := solve.Solve(t.Context(), p, solve.Options{Seed: 1, Workers: 2, TimeLimit: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if !sol.Proved || !sol.Result.Feasible() || sol.Result.Objective != c.opt {
			t.Errorf("%s: objective %d feasible %t proved %t, want %d proved", c.name, sol.Result.Objective,
				sol.Result.Feasible(), sol.Proved, c.opt)
		}
	}
}
