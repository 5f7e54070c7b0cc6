package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rotaguard/rotaguard/internal/solve"
	"github.com/rotaguard/rotaguard/internal/solve/curtois"
)

func init() {
	register(command{name: "solve", summary: "solve a shift scheduling instance (Curtois–Qu text format)", run: runSolve})
	register(command{name: "evaluate", summary: "check a roster against an instance: hard constraints and objective", run: runEvaluate})
	register(command{name: "bench", summary: "run the solver over a benchmark set (bench curtois DIR)", run: runBench})
}

// solverFlags are the flags shared by solve and bench.
type solverFlags struct {
	limit   time.Duration
	seed    uint64
	workers int
	iters   int64
}

func (f *solverFlags) add(env *Env, fs interface {
	DurationVar(*time.Duration, string, time.Duration, string)
	Uint64Var(*uint64, string, uint64, string)
	IntVar(*int, string, int, string)
	Int64Var(*int64, string, int64, string)
}) {
	def, err := time.ParseDuration(envDefault(env, "solve-time", "60s"))
	if err != nil {
		def = 60 * time.Second
	}
	fs.DurationVar(&f.limit, "time", def, "time limit per instance (0: none, then --iters is needed) [ROTAGUARD_SOLVE_TIME]")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed; with --workers 1 and --iters the result is reproducible")
	fs.IntVar(&f.workers, "workers", runtime.NumCPU(), "number of parallel searches (even ones share the best roster, odd ones restart when stuck)")
	fs.Int64Var(&f.iters, "iters", 0, "stop each worker after this many moves (0: no limit)")
}

func (f *solverFlags) options() solve.Options {
	return solve.Options{Seed: f.seed, Workers: f.workers, TimeLimit: f.limit, MaxIters: f.iters}
}

func (f *solverFlags) check(env *Env, name string) bool {
	if f.limit < 0 || f.workers < 1 || f.iters < 0 {
		fmt.Fprintf(env.Stderr, "rotaguard %s: --time and --iters must not be negative and --workers must be at least 1\n", name)
		return false
	}
	if f.limit == 0 && f.iters == 0 {
		fmt.Fprintf(env.Stderr, "rotaguard %s: --time 0 needs --iters\n", name)
		return false
	}
	return true
}

func readInstance(path string) (*solve.Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return curtois.Parse(f, path)
}

// printErr prints err, one line per joined error.
func printErr(w io.Writer, cmd string, err error) {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		for _, e := range joined.Unwrap() {
			fmt.Fprintf(w, "rotaguard %s: %v\n", cmd, e)
		}
		return
	}
	fmt.Fprintf(w, "rotaguard %s: %v\n", cmd, err)
}

func runSolve(ctx context.Context, env *Env, args []string) int {
	fs := newFlagSet(env, "solve", "INSTANCE.txt",
		"Solve a Curtois–Qu shift scheduling instance. Writes the best roster found to --out, prints the\n"+
			"best objective over time on stderr and `objective=N feasible=true|false` on stdout.")
	var sf solverFlags
	sf.add(env, fs)
	out := fs.String("out", "roster.txt", "file to write the roster to (- for stdout, before the result line)")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	if !sf.check(env, "solve") {
		return 2
	}
	p, err := readInstance(fs.Arg(0))
	if err != nil {
		printErr(env.Stderr, "solve", err)
		return 1
	}
	opt := sf.options()
	pr := newProgressPrinter(env)
	opt.Progress = pr.report
	sol, err := solve.Solve(ctx, p, opt)
	pr.done()
	if err != nil {
		printErr(env.Stderr, "solve", err)
		return 1
	}
	if *out == "-" {
		if err := curtois.WriteRoster(env.Stdout, p, sol.Roster); err != nil {
			printErr(env.Stderr, "solve", err)
			return 1
		}
	} else if err := writeRosterFile(*out, p, sol.Roster); err != nil {
		printErr(env.Stderr, "solve", err)
		return 1
	}
	if sol.Proved {
		fmt.Fprintf(env.Stderr, "optimal: branch and price proved that no roster does better\n")
	}
	fmt.Fprintf(env.Stdout, "objective=%d feasible=%t\n", sol.Result.Objective, sol.Result.Feasible())
	return 0
}

func writeRosterFile(path string, p *solve.Problem, r solve.Roster) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := curtois.WriteRoster(f, p, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// progressPrinter shows the best objective as it improves: one line
// rewritten in place on a terminal, otherwise at most a few lines a second
// (and always the last improvement).
type progressPrinter struct {
	env     *Env
	mu      sync.Mutex
	last    time.Time
	pending string
	wrote   bool
}

func newProgressPrinter(env *Env) *progressPrinter { return &progressPrinter{env: env} }

func (pp *progressPrinter) report(p solve.Progress) {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	state := "feasible"
	if !p.Feasible {
		state = fmt.Sprintf("infeasible, %d violations", p.Violations)
	}
	line := fmt.Sprintf("%8.1fs  best objective %d (%s)", p.Elapsed.Seconds(), p.Objective, state)
	now := time.Now()
	if now.Sub(pp.last) < 200*time.Millisecond {
		pp.pending = line
		return
	}
	pp.last = now
	pp.pending = ""
	pp.print(line)
}

func (pp *progressPrinter) print(line string) {
	if pp.env.IsTerminal {
		fmt.Fprintf(pp.env.Stderr, "\r\033[K%s", line)
		pp.wrote = true
	} else {
		fmt.Fprintln(pp.env.Stderr, line)
	}
}

func (pp *progressPrinter) done() {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if pp.pending != "" {
		pp.print(pp.pending)
		pp.pending = ""
	}
	if pp.wrote {
		fmt.Fprintln(pp.env.Stderr)
		pp.wrote = false
	}
}

func runEvaluate(ctx context.Context, env *Env, args []string) int {
	fs := newFlagSet(env, "evaluate", "INSTANCE.txt ROSTER.txt",
		"Check a roster (one line per employee, one tab-separated cell per day) against an instance:\n"+
			"prints every broken hard constraint, the objective terms and `objective=N feasible=true|false`.\n"+
			"Exit status 0 if the roster is feasible, 1 if not or on a read error.")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	p, err := readInstance(fs.Arg(0))
	if err != nil {
		printErr(env.Stderr, "evaluate", err)
		return 1
	}
	f, err := os.Open(fs.Arg(1))
	if err != nil {
		printErr(env.Stderr, "evaluate", err)
		return 1
	}
	r, err := curtois.ReadRoster(f, fs.Arg(1), p)
	f.Close()
	if err != nil {
		printErr(env.Stderr, "evaluate", err)
		return 1
	}
	res, err := solve.Evaluate(p, r)
	if err != nil {
		printErr(env.Stderr, "evaluate", err)
		return 1
	}
	for _, v := range res.Violations {
		fmt.Fprintf(env.Stdout, "violation %s\n", v)
	}
	fmt.Fprintf(env.Stdout, "on-requests=%d off-requests=%d cover-under=%d cover-over=%d\n",
		res.OnRequest, res.OffRequest, res.CoverUnder, res.CoverOver)
	fmt.Fprintf(env.Stdout, "objective=%d feasible=%t\n", res.Objective, res.Feasible())
	if !res.Feasible() {
		return 1
	}
	return 0
}

var instanceNumber = regexp.MustCompile(`(\d+)`)

func runBench(ctx context.Context, env *Env, args []string) int {
	fs := newFlagSet(env, "bench", "curtois DIR",
		"Solve every Instance*.txt in DIR and print a table: instance, objective, best known, gap %,\n"+
			"time to best, feasible. Best-known values come from DIR/best-known.csv if present, else\n"+
			"from the copy built into rotaguard.")
	var sf solverFlags
	sf.add(env, fs)
	only := fs.String("only", "", "comma-separated instance names to run (default: all)")
	rosters := fs.String("rosters", "", "directory to write each best roster to (NAME.roster.txt)")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() != 2 || fs.Arg(0) != "curtois" {
		fs.Usage()
		return 2
	}
	if !sf.check(env, "bench") {
		return 2
	}
	dir := fs.Arg(1)
	if *rosters != "" {
		// Made before the first solve, so that a long run does not end
		// without its rosters.
		if err := os.MkdirAll(*rosters, 0o755); err != nil {
			printErr(env.Stderr, "bench", err)
			return 1
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "Instance*.txt"))
	if err != nil || len(files) == 0 {
		fmt.Fprintf(env.Stderr, "rotaguard bench: no Instance*.txt files in %s\n", dir)
		return 1
	}
	num := func(f string) int {
		n, _ := strconv.Atoi(instanceNumber.FindString(filepath.Base(f)))
		return n
	}
	sort.Slice(files, func(i, j int) bool { return num(files[i]) < num(files[j]) })
	want := map[string]bool{}
	for _, n := range strings.Split(*only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			want[n] = true
		}
	}
	best := curtois.EmbeddedBestKnown()
	if f, err := os.Open(filepath.Join(dir, "best-known.csv")); err == nil {
		best, err = curtois.ParseBestKnown(f, filepath.Join(dir, "best-known.csv"))
		f.Close()
		if err != nil {
			printErr(env.Stderr, "bench", err)
			return 1
		}
	}
	fmt.Fprintf(env.Stdout, "| instance | objective | best known | gap %% | time to best | feasible |\n")
	fmt.Fprintf(env.Stdout, "|---|---:|---:|---:|---:|---|\n")
	status := 0
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		if len(want) > 0 && !want[name] {
			continue
		}
		if ctx.Err() != nil {
			return 1
		}
		p, err := readInstance(path)
		if err != nil {
			printErr(env.Stderr, "bench", err)
			status = 1
			continue
		}
		opt := sf.options()
		// Each instance starts on a collected heap, as a fresh
		// `rotaguard solve` would, not paying for the last one's garbage.
		runtime.GC()
		sol, err := solve.Solve(ctx, p, opt)
		if err != nil {
			printErr(env.Stderr, "bench", err)
			status = 1
			continue
		}
		if *rosters != "" {
			if err := writeRosterFile(filepath.Join(*rosters, name+".roster.txt"), p, sol.Roster); err != nil {
				printErr(env.Stderr, "bench", err)
				status = 1
			}
		}
		bk, gap := "–", "–"
		if b, ok := best[name]; ok && b.Best >= 0 {
			bk = strconv.Itoa(b.Best)
			if sol.Result.Feasible() && b.Best > 0 {
				gap = fmt.Sprintf("%.2f", 100*float64(sol.Result.Objective-b.Best)/float64(b.Best))
			}
		}
		fmt.Fprintf(env.Stdout, "| %s | %d | %s | %s | %.1fs | %t |\n", name, sol.Result.Objective, bk, gap,
			sol.TimeToBest.Seconds(), sol.Result.Feasible())
	}
	return status
}
