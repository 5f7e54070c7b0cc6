package rules

import (
	"flag"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/rotaguard/rotaguard/internal/roster"
)

var (
	benchDoctors = flag.Int("rules.doctors", 70000, "doctors in BenchmarkNationalYear")
	benchAllSets = flag.Bool("rules.allsets", false, "BenchmarkNationalYear: check every doctor against all four built-in rule sets, not just the doctor's own")
)

// A synthetic national year: each doctor works one of a few rota lines
// (days, long days, late evenings, nights, on-call), rotated by a
// doctor-dependent number of weeks, for the 52 weeks from Monday
// 2026-01-05 (so both clock changes are in it), with one shift lengthened
// by a doctor-dependent amount. Everything is deterministic.

type shiftDef struct {
	kind     roster.Kind
	h, m     int
	length   int // minutes
	brk      int
	hasBreak bool
}

var (
	defD  = shiftDef{roster.Work, 8, 0, 9 * 60, 30, true}
	defLD = shiftDef{roster.Work, 8, 0, 12*60 + 30, 60, true}
	defLE = shiftDef{roster.Work, 14, 0, 10*60 + 30, 60, true}
	defN  = shiftDef{roster.Work, 21, 0, 12 * 60, 90, true}
	defOC = shiftDef{roster.OnCall, 17, 0, 15 * 60, 0, false}
	defAL = shiftDef{roster.Leave, 0, 0, 24 * 60, 0, false}
	off   = shiftDef{}
)

// benchLines are 4-week rota lines, Monday first.
var benchLines = [][]shiftDef{
	{defD, defD, defD, defD, defD, off, off, defLD, defLD, defD, off, defN, defN, defN, off, off, defD, defD, defD, defD, off, defLE, defLE, defLE, defLE, off, off, off},
	{defN, defN, defN, defN, off, off, off, defD, defD, defD, defD, defD, off, off, defLD, defLD, defLD, defD, off, off, off, defD, defD, defD, defD, defD, off, off},
	{defD, defD, defD, defD, defD, off, off, defD, defOC, defD, defOC, defD, off, off, defD, defD, defD, defD, defD, defOC, defOC, off, defAL, defAL, defAL, defAL, off, off},
	{defLD, defLD, off, off, defLD, defLD, defLD, defD, off, defD, defD, defD, defD, off, defD, defD, defD, defD, defD, off, off, defLE, defLE, defLE, defLE, off, off, off},
}

const benchWeeks = 52

var benchStart = time.Date(2026, 1, 5, 0, 0, 0, 0, roster.London)

// benchTemplates[line][rotation] is the year of one line rotated by rotation weeks.
var benchTemplates = sync.OnceValue(func() [][][]Period {
	out := make([][][]Period, len(benchLines))
	for li, line := range benchLines {
		out[li] = make([][]Period, 4)
		for rot := range 4 {
			var ps []Period
			for d := range 7 * benchWeeks {
				def := line[(d+7*rot)%len(line)]
				if def.length == 0 {
					continue
				}
				s := time.Date(benchStart.Year(), benchStart.Month(), benchStart.Day()+d, def.h, def.m, 0, 0, roster.London)
				e := time.Date(benchStart.Year(), benchStart.Month(), benchStart.Day()+d, def.h, def.m+def.length, 0, 0, roster.London)
				ps = append(ps, Period{Doctor: "x", Start: s.UTC(), End: e.UTC(), Kind: def.kind, BreakMinutes: def.brk, HasBreak: def.hasBreak, Line: len(ps) + 2})
			}
			out[li][rot] = ps
		}
	}
	return out
})

// benchDoctor writes doctor i's year into buf and returns it with a profile.
func benchDoctor(i int, buf []Period) ([]Period, Profile) {
	t := benchTemplates()
	line := i % len(benchLines)
	tpl := t[line][(i/len(benchLines))%4]
	buf = append(buf[:0], tpl...)
	name := "doc" + strconv.Itoa(i)
	for k := range buf {
		buf[k].Doctor = name
	}
	// Lengthen one work shift by 0–119 minutes.
	k := (i * 7919) % len(buf)
	if buf[k].Kind == roster.Work {
		buf[k].End = buf[k].End.Add(time.Duration(i%120) * time.Minute)
		if k+1 < len(buf) && buf[k].End.After(buf[k+1].Start) {
			buf[k].End = buf[k+1].Start
		}
	}
	p := Profile{Doctor: name, Contract: roster.TCS2016, Grade: roster.ST4, LTFT: 1}
	switch i % 5 {
	case 1:
		p.Contract = roster.NewDeal2002
	case 2:
		p.LTFT = 0.6
	case 3:
		p.TCSVersion = "2016-08"
	}
	return buf, p
}

// peakRSS returns the process's peak resident set (VmHWM) in MiB, or 0.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkNationalYear checks the synthetic national year against every
// built-in rule set (both 2016-terms versions, New Deal with banding and
// WTR), streaming doctor by doctor on GOMAXPROCS workers. In the same run
// it times a bare pass over the same in-memory periods that only sums
// their durations, and reports the ratio.
func BenchmarkNationalYear(b *testing.B) {
	doctors := *benchDoctors
	workers := runtime.GOMAXPROCS(0)
	const block = 128
	var shifts int64
	var checkNS, bareNS atomic.Int64
	var findings atomic.Int64
	var peakHeap atomic.Uint64
	var cpuUsed time.Duration
	for b.Loop() {
		shifts = 0
		checkNS.Store(0)
		bareNS.Store(0)
		stop := make(chan struct{})
		var sampler sync.WaitGroup
		sampler.Add(1)
		go func() { // sample the heap while the checks run
			defer sampler.Done()
			// runtime/metrics, unlike ReadMemStats, does not stop the world.
			sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			for {
				metrics.Read(sample)
				if v := sample[0].Value.Uint64(); v > peakHeap.Load() {
					peakHeap.Store(v)
				}
				select {
				case <-stop:
					return
				case <-tick.C:
				}
			}
		}()
		cpu0 := processCPU()
		var total atomic.Int64
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				runtime.LockOSThread() // so that the thread's CPU clock is this worker's
				defer runtime.UnlockOSThread()
				c := NewChecker()
				blocks := make([][]Period, block)
				profs := make([]Profile, block)
				var n int64
				var sink int64
				for first := w * block; first < doctors; first += workers * block {
					m := min(block, doctors-first)
					for j := range m {
						blocks[j], profs[j] = benchDoctor(first+j, blocks[j])
						n += int64(len(blocks[j]))
					}
					t0 := threadCPU()
					for j := range m {
						for _, p := range blocks[j] {
							sink += p.End.Unix() - p.Start.Unix()
						}
					}
					t1 := threadCPU()
					var f int64
					for j := range m {
						sets := DefaultRuleSets(profs[j])
						if *benchAllSets {
							sets = RuleSets()
						}
						r := c.Check(profs[j], blocks[j], sets...)
						f += int64(len(r.Violations) + len(r.Warnings))
					}
					t2 := threadCPU()
					bareNS.Add(int64(t1 - t0))
					checkNS.Add(int64(t2 - t1))
					findings.Add(f)
				}
				if sink < 0 {
					panic("negative time")
				}
				total.Add(n)
			}()
		}
		wg.Wait()
		cpuUsed += processCPU() - cpu0
		close(stop)
		sampler.Wait()
		shifts = total.Load()
	}
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(shifts), "shifts")
	b.ReportMetric(float64(shifts)/perOp, "shifts/s")
	b.ReportMetric(perOp, "s/year")
	b.ReportMetric(cpuUsed.Seconds()/float64(b.N), "cpu-s/year")
	b.ReportMetric(float64(checkNS.Load())/float64(bareNS.Load()), "x-bare")
	b.ReportMetric(float64(bareNS.Load())/float64(shifts), "bare-ns/shift")
	b.ReportMetric(float64(checkNS.Load())/float64(shifts), "check-ns/shift")
	b.ReportMetric(float64(peakHeap.Load())/(1<<20), "peak-go-MiB")
	b.ReportMetric(peakRSS(), "peak-RSS-MiB")
	b.ReportMetric(float64(findings.Load())/float64(b.N)/float64(doctors), "findings/doctor")
}

// BenchmarkCheckOneDoctor is the app's case: one edited doctor, 26 weeks,
// the doctor's own rule sets, a reused Checker.
func BenchmarkCheckOneDoctor(b *testing.B) {
	ps, p := benchDoctor(0, nil)
	ps = ps[:len(ps)/2]
	c := NewChecker()
	for b.Loop() {
		c.Check(p, ps)
	}
	b.ReportMetric(float64(len(ps)), "periods")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/doctor")
}

// BenchmarkCheckOneDoctorFresh uses the package-level Check (pooled
// Checker, Report copied out), as a web handler would.
func BenchmarkCheckOneDoctorFresh(b *testing.B) {
	ps, p := benchDoctor(2, nil)
	ps = ps[:len(ps)/2]
	for b.Loop() {
		Check(p, ps)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/doctor")
}

// threadCPU returns the calling thread's CPU time (Linux), so that the
// bare and check passes are timed fairly on a machine shared with others.
func threadCPU() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTime = 3
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ts.Nano())
}

// processCPU returns the user and system CPU time of the process.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// The synthetic doctors must be valid input and exercise the rules.
func TestBenchDoctorsAreValid(t *testing.T) {
	var buf []Period
	seen := map[string]bool{}
	for i := range 40 {
		var p Profile
		buf, p = benchDoctor(i, buf)
		if err := ValidatePeriods("", buf); err != nil {
			t.Fatalf("doctor %d: %v", i, err)
		}
		if len(buf) < 200 {
			t.Fatalf("doctor %d has %d periods", i, len(buf))
		}
		r := Check(p, buf, RuleSets()...)
		for _, f := range append(r.Violations, r.Warnings...) {
			seen[f.Rule] = true
		}
	}
	if len(seen) < 5 {
		t.Errorf("the synthetic year exercises only %d rules: %v", len(seen), seen)
	}
}

// BenchmarkCheckYear checks 20 synthetic doctors' years (their own rule
// sets) on one locked thread and reports CPU time per shift, which is
// steadier than wall time on a shared machine.
func BenchmarkCheckYear(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var bufs [][]Period
	var profs []Profile
	for i := range 20 {
		ps, p := benchDoctor(i, nil)
		bufs, profs = append(bufs, ps), append(profs, p)
	}
	c := NewChecker()
	n := 0
	t0 := threadCPU()
	for b.Loop() {
		for i := range bufs {
			c.Check(profs[i], bufs[i])
			n += len(bufs[i])
		}
	}
	b.ReportMetric(float64(threadCPU()-t0)/float64(n), "cpu-ns/shift")
}
