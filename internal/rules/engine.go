package rules

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// Profile is what the engine needs to know about a doctor and the work
// schedule the periods come from.
type Profile struct {
	Doctor   string
	Contract roster.ContractKind
	// TCSVersion of the 2016 terms: "2016-08" or "2019-08" ("" = default, 2019-08).
	TCSVersion string
	// OptOut records a signed WTR opt-out: the 2016 terms then cap the
	// average at 56 h and WTR-AVG48 does not apply.
	OptOut bool
	Grade  roster.Grade
	// LTFT is the fraction of full time (1 = full time; 0 is read as 1).
	LTFT float64
	// WeekendException: the work schedule records an agreed exception to
	// the 2019 1-in-3 weekend limit (the 1-in-2 limit still applies).
	WeekendException bool
	// LowIntensityOnCall: the work schedule classes the on-call as low
	// intensity (ONCALL-LOWINT-WEEKEND).
	LowIntensityOnCall bool
	// NDRota is the New Deal rota type: "full", "partial" or "oncall";
	// "" infers oncall when the periods hold on-call, full otherwise.
	NDRota string
	// CycleWeeks > 0 says the periods are one cycle of a rota that repeats
	// every CycleWeeks weeks from the Monday of the first period's week:
	// rolling windows, runs and rests wrap round from the end of the cycle
	// to its start, and averages are over exactly the cycle.
	CycleWeeks int
}

// Severity tells a breach from a warning.
type Severity string

// Severities.
const (
	Violation Severity = "violation"
	Warning   Severity = "warning"
)

// Finding is one breach of, or warning about, one rule for one doctor.
type Finding struct {
	Rule     string    `json:"rule"`
	RuleSet  string    `json:"ruleset"` // "tcs2016@2019-08"
	Doctor   string    `json:"doctor"`
	From     time.Time `json:"from"` // the window the finding is about, [From, To)
	To       time.Time `json:"to"`
	Measured float64   `json:"measured"`
	Limit    float64   `json:"limit"`
	Unit     string    `json:"unit"` // h, h/week, h/day, shifts, nights, weekends/week, %
	Message  string    `json:"message"`
	Severity Severity  `json:"severity"`
	Line     int       `json:"line,omitempty"` // input line of the period the finding starts at
	// Fine is the guardian fine (spec section 5) the breach triggers when
	// the periods are hours actually worked (exception reporting, C-7).
	Fine string `json:"fine,omitempty"`
}

// Band is the New Deal band a rota attracts and why.
type Band struct {
	Band    string `json:"band"`    // "3", "2A", "2B", "1A", "1B", "1C", "FA", "FB", "FC" or "" (unbanded)
	Percent int    `json:"percent"` // supplement as a percentage of basic salary
	Reason  string `json:"reason"`
	// Approximate is always true: the banding criteria are the published
	// flowchart's, without monitoring data or prospective cover.
	Approximate bool `json:"approximate"`
}

// Summary describes what was checked.
type Summary struct {
	From          time.Time `json:"from"`
	To            time.Time `json:"to"`
	Weeks         int       `json:"weeks"`
	Periods       int       `json:"periods"`
	Shifts        int       `json:"shifts"`
	OnCall        int       `json:"oncall"`
	CallOuts      int       `json:"callouts"`
	Leave         int       `json:"leave"`
	WorkHours     float64   `json:"work_hours"`
	AvgWeekly     float64   `json:"avg_weekly_hours"`
	NightShifts   int       `json:"night_shifts"`
	LongShifts    int       `json:"long_shifts"`
	Weekends      int       `json:"weekends_worked"`
	RuleSets      []string  `json:"rulesets"`
	NotChecked    []string  `json:"not_checked,omitempty"` // rules the input could not test, with why
	BreaksUnknown int       `json:"breaks_unknown"`
}

// Report is the result of checking one doctor.
type Report struct {
	Doctor     string    `json:"doctor"`
	Violations []Finding `json:"violations"`
	Warnings   []Finding `json:"warnings"`
	Band       *Band     `json:"band,omitempty"` // New Deal doctors only
	Summary    Summary   `json:"summary"`
}

const (
	fWork    = 1 << iota // rostered work shift
	fOnCall              // on-call availability
	fCallOut             // work inside on-call
	fLeave
	fNight // per the current rule set's definition
	fLong
	fLLE
)

// item is a period in whole UTC minutes.
type item struct {
	s, e   int64 // [s, e)
	ls, le int64 // the same in local wall-clock minutes
	n      int64 // length under C-1 (elapsed, or wall clock)
	day    int64 // local day of the start
	line   int32
	brk    int32 // rostered break, -1 unknown
	flags  uint8
}

// Checker checks doctors, reusing its memory between calls. A Checker is
// not safe for concurrent use; the Report it returns is valid until the
// next call. Check (the function) uses a pool of Checkers and returns a
// Report the caller owns.
type Checker struct {
	p     Profile
	raw   []item // all periods, sorted
	work  []item // rostered work, touching shifts merged
	shift []item // rostered work as given (for breaks)
	hours []item // union of work and call-outs
	oc    []item // on-call
	duty  []item // union of work and on-call
	any   []item // work and on-call, sorted (runs, rest after runs)
	pre   []int64
	// span of the rota: [from, to) UTC minutes, firstDay local day, weeks.
	from, to  int64
	firstDay  int64
	weeks     int
	cycle     bool
	rep       Report
	rs        *RuleSet
	rule      *Rule
	defsKey   Definitions
	haveDefs  bool
	weekMarks []int64
	cand      []window
	cand2     []window
	vios      []window
	zone      int // index into tzFrom of the last period converted
	// numbers of on-call periods, call-outs and leave periods in raw
	nOC, nCO, nLeave int
	// backing arrays of the lists above (some lists may be views of others)
	bufWork, bufShift, bufOC, bufAny, bufHours, bufDuty []item
	avgCache                                            []avgResult
	weekKey                                             [2]WeekClock // the weekend definition weekMarks was computed for
	weekValid                                           bool
	dpre                                                []int64 // prefix sums of duty (may be pre itself)
	bufDpre                                             []int64
	wk                                                  []int64    // wk[k]: UTC minute of local midnight starting week k of the span
	msg                                                 []byte     // the findings' messages (see add)
	nights, longs, lles                                 []int32    // indices in work of the night, long and long late-evening shifts
	cum                                                 [2][]int64 // weekly running totals of hours and duty (see weekCum)
	wkDay                                               int64      // c.wk holds the weeks from this day ...
	wkN                                                 int        // ... up to this many (see fillWeeks)
	cumValid                                            [2]bool
	refs                                                []msgRef
	done                                                []ruleRun // shared rules measured in this Check
	days                                                dayCache  // days as the messages write them
}

// week returns the start of week k of the span (k may be c.weeks).
func (c *Checker) week(k int) int64 {
	if k < len(c.wk) {
		return c.wk[k]
	}
	return localMidnight(c.firstDay + int64(7*k))
}

// NewChecker returns an empty Checker.
func NewChecker() *Checker { return &Checker{} }

var checkerPool = sync.Pool{New: func() any { return NewChecker() }}

// Check checks one doctor's periods against the rule sets (DefaultRuleSets
// when none are given). Periods of other doctors must not be passed; their
// Doctor field is not read. Overlapping work periods are merged (ReadRota
// and ValidatePeriods reject them).
func Check(p Profile, periods []Period, sets ...*RuleSet) Report {
	c := checkerPool.Get().(*Checker)
	r := c.Check(p, periods, sets...)
	r.Violations = slices.Clone(r.Violations)
	r.Warnings = slices.Clone(r.Warnings)
	r.Summary.RuleSets = slices.Clone(r.Summary.RuleSets)
	r.Summary.NotChecked = slices.Clone(r.Summary.NotChecked)
	if r.Band != nil {
		b := *r.Band
		r.Band = &b
	}
	checkerPool.Put(c)
	return r
}

// Check is like the function Check but reuses c's memory: the Report is
// valid until c's next call.
func (c *Checker) Check(p Profile, periods []Period, sets ...*RuleSet) Report {
	if len(sets) == 0 {
		sets = DefaultRuleSets(p)
	}
	if p.LTFT <= 0 || p.LTFT > 1 {
		p.LTFT = 1
	}
	c.p = p
	c.rep = Report{
		Doctor:     p.Doctor,
		Violations: c.rep.Violations[:0],
		Warnings:   c.rep.Warnings[:0],
		Summary:    Summary{RuleSets: c.rep.Summary.RuleSets[:0], NotChecked: c.rep.Summary.NotChecked[:0]},
	}
	c.haveDefs, c.weekValid = false, false
	c.avgCache = c.avgCache[:0]
	c.cumValid = [2]bool{}
	c.done = c.done[:0]
	c.resetMessages()
	c.prepare(periods)
	var nd *RuleSet
	for _, rs := range sets {
		if rs == nil {
			continue
		}
		c.rs = rs
		c.rep.Summary.RuleSets = append(c.rep.Summary.RuleSets, rs.Key())
		c.classify(&rs.Definitions)
		for i := range rs.Rules {
			c.rule = &rs.Rules[i]
			if c.rule.shared == 0 {
				c.run()
			} else if !c.replay() {
				refs := len(c.refs)
				c.run()
				c.done = append(c.done, ruleRun{c.rule.shared, c.defsKey, refs, len(c.refs), c.rep.Summary.Weekends})
			}
		}
		if rs.Banding != nil {
			nd = rs
		}
	}
	if nd != nil && len(c.raw) > 0 {
		c.rs = nd
		c.classify(&nd.Definitions)
		b := c.band(nd)
		c.rep.Band = &b
	}
	c.summarise()
	c.setMessages()
	return c.rep
}

// ruleRun records the findings a shared rule made (see Rule.shared).
type ruleRun struct {
	shared       int32
	defs         Definitions
	refs, refsTo int // its findings' c.refs
	weekends     int // Summary.Weekends after it
}

// replay repeats for c.rule the findings of the same rule already
// measured in this Check under the same definitions, with the current
// set's key; it reports whether there was one. The rule's other effects
// on the summary (rules not checked, breaks unknown) are the same strings
// and maxima, already there; the weekends worked are set again.
func (c *Checker) replay() bool {
	for k := range c.done {
		d := &c.done[k]
		if d.shared != c.rule.shared || d.defs != c.defsKey {
			continue
		}
		key := c.rs.Key()
		for x := d.refs; x < d.refsTo; x++ {
			r := c.refs[x]
			if r.warn {
				f := c.rep.Warnings[r.i]
				f.RuleSet = key
				r.i = len(c.rep.Warnings)
				c.rep.Warnings = append(c.rep.Warnings, f)
			} else {
				f := c.rep.Violations[r.i]
				f.RuleSet = key
				r.i = len(c.rep.Violations)
				c.rep.Violations = append(c.rep.Violations, f)
			}
			c.refs = append(c.refs, r)
		}
		if c.rule.Check == "weekend_freq" {
			c.rep.Summary.Weekends = d.weekends
		}
		return true
	}
	return false
}

func (c *Checker) run() {
	r := c.rule
	switch r.Check {
	case "avg_weekly":
		c.avgWeekly()
	case "window_max":
		c.windowMax()
	case "shift_max":
		c.shiftMax()
	case "rest_between":
		c.restBetween()
	case "run_max":
		c.runMax()
	case "rest_after_nights":
		c.restAfterNights()
	case "weekend_freq":
		c.weekendFreq()
	case "breaks":
		c.breaks()
	case "daily_rest":
		c.dailyRest()
	case "weekly_rest":
		c.weeklyRest()
	case "night_worker_avg":
		c.nightWorkerAvg()
	case "oncall_max_length":
		c.oncallMaxLength()
	case "oncall_day_after":
		c.oncallDayAfter()
	case "oncall_rest_total":
		c.oncallRestTotal()
	case "oncall_rest_night":
		c.oncallRestNight()
	case "off_blocks":
		c.offBlocks()
	case "needs_input":
		if r.Of == "" || r.Of == c.ndRota() {
			c.notChecked(r.ID + ": " + r.Needs)
		}
	}
}

func (c *Checker) notChecked(s string) {
	if !slices.Contains(c.rep.Summary.NotChecked, s) {
		c.rep.Summary.NotChecked = append(c.rep.Summary.NotChecked, s)
	}
}

// prepare converts the periods to items, unrolling a cycle.
func (c *Checker) prepare(periods []Period) {
	c.raw = c.raw[:0]
	c.cycle = c.p.CycleWeeks > 0 && len(periods) > 0
	// Count the kinds (on-call, leave) and see whether the periods are in
	// order while converting them.
	var nOC, nCO, nLeave int
	inOrder := true
	touching := false // some period starts at or before the end of the one before it (in input order)
	var maxE, lastDay int64
	if !c.cycle {
		n := len(periods)
		c.raw = slices.Grow(c.raw, n)[:n]
		var cv converted
		cv, c.zone = convert(c.raw, periods, c.zone)
		nOC, nLeave, inOrder, maxE, lastDay = cv.nOC, cv.nLeave, cv.inOrder, cv.maxE, cv.lastDay
		touching = cv.touching
	} else {
		first := periods[0].Start
		for _, p := range periods {
			if p.Start.Before(first) {
				first = p.Start
			}
		}
		lf := first.In(roster.London)
		monday := time.Date(lf.Year(), lf.Month(), lf.Day()-(int(lf.Weekday())+6)%7, 0, 0, 0, 0, roster.London)
		w := c.p.CycleWeeks
		for _, p := range periods { // a period beyond the cycle lengthens it
			for p.Start.Sub(monday) >= time.Duration(w)*7*24*time.Hour+2*time.Hour {
				w++
			}
		}
		c.p.CycleWeeks = w
		c.from = toUnixMin(monday)
		c.to = toUnixMin(monday.AddDate(0, 0, 7*w))
		for k := -1; k <= 1; k++ {
			for i := range periods {
				p := &periods[i]
				s, e := p.Start, p.End
				if k != 0 {
					s = s.In(roster.London).AddDate(0, 0, 7*w*k)
					e = e.In(roster.London).AddDate(0, 0, 7*w*k)
				}
				c.addItem(p, toUnixMin(s), toUnixMin(e))
			}
		}
	}
	if c.cycle {
		for i := range c.raw {
			switch c.raw[i].flags {
			case fOnCall:
				nOC++
			case fLeave:
				nLeave++
			}
			if i > 0 {
				if a, b := &c.raw[i-1], &c.raw[i]; a.s > b.s || a.s == b.s && a.e <= b.e {
					inOrder = false
				}
			}
		}
	}
	if !inOrder {
		slices.SortFunc(c.raw, cmpItem) // not in order (or ties to break)
	}
	// Classify call-outs (work wholly inside an on-call period); without
	// on-call there are no call-outs to find.
	if nOC > 0 {
		var ocS, ocE int64 = 0, -1 << 62
		for i := range c.raw {
			it := &c.raw[i]
			switch {
			case it.flags&fOnCall != 0:
				if it.e > ocE {
					ocS, ocE = it.s, it.e
				}
			case it.flags&fWork != 0 && it.s >= ocS && it.e <= ocE:
				it.flags = fCallOut
				nCO++
			}
		}
	}
	// Build the lists. Without call-outs the hours are the work; without
	// on-call the duty is the work and "any" is the shifts: those lists
	// are then views of the same memory, not copies.
	work, shift, oc, any := c.bufWork[:0], c.bufShift[:0], c.bufOC[:0], c.bufAny[:0]
	hrs, duty := c.bufHours[:0], c.bufDuty[:0]
	c.nOC, c.nCO, c.nLeave = nOC, nCO, nLeave
	allWork := nOC+nCO+nLeave == 0
	if allWork {
		shift = c.raw // every period is a shift: a view, not a copy
	}
	for i := range c.raw {
		if allWork {
			break // nothing to sort out: shift is raw
		}
		it := &c.raw[i]
		switch {
		case it.flags&fWork != 0:
			if !allWork {
				shift = append(shift, *it)
			}
			if nCO > 0 {
				hrs = appendMerged(hrs, *it)
			}
			if nOC > 0 {
				duty = appendMerged(duty, *it)
				any = append(any, *it)
			}
		case it.flags&fCallOut != 0:
			hrs = appendMerged(hrs, *it)
		case it.flags&fOnCall != 0:
			oc = append(oc, *it)
			duty = appendMerged(duty, *it)
			any = append(any, *it)
		}
	}
	// Shifts that touch or overlap are one shift; usually none do, and the
	// work list is then a view of the shift list.
	merged := false
	if allWork && inOrder && !c.cycle {
		merged = touching // convert looked: shift is raw, in input order
	} else {
		for i := 1; i < len(shift); i++ {
			if shift[i].s <= shift[i-1].e {
				merged = true
				break
			}
		}
	}
	if merged {
		for i := range shift {
			work = appendMerged(work, shift[i])
		}
	} else {
		work = shift
	}
	if merged {
		c.bufWork = work
	}
	if !allWork {
		c.bufShift = shift
	}
	c.bufOC, c.bufAny, c.bufHours, c.bufDuty = oc, any, hrs, duty
	c.work, c.shift, c.oc, c.any, c.hours, c.duty = work, shift, oc, any, hrs, duty
	if nCO == 0 {
		c.hours = work
	}
	if nOC == 0 {
		c.duty, c.any = work, shift
	}
	c.pre = prefixSums(c.pre, c.hours)
	if nOC == 0 && nCO == 0 {
		c.dpre = c.pre // duty, hours and work are the same list
	} else {
		c.bufDpre = prefixSums(c.bufDpre, c.duty)
		c.dpre = c.bufDpre
	}
	if !c.cycle {
		if len(c.raw) == 0 {
			c.from, c.to, c.weeks = 0, 0, 0
			c.fillWeeks()
			return
		}
		// The span runs from local midnight of the first day to the end
		// of the whole week holding the last start (a night ending the
		// next morning belongs to the day it starts), or the last end if later.
		c.firstDay = c.raw[0].day
		days := lastDay - c.firstDay + 1
		c.weeks = int((days + 6) / 7)
		c.from = localMidnight(c.firstDay)
		c.to = max(localMidnight(c.firstDay+int64(7*c.weeks)), maxE)
	} else {
		c.firstDay = dayOf(localMin(c.from))
		c.weeks = c.p.CycleWeeks
	}
	c.fillWeeks()
}

// fillWeeks sets c.wk: the UTC minute of local midnight starting each week
// of the span, walking the zone table instead of searching it each week.
func (c *Checker) fillWeeks() {
	// Doctors checked one after another usually start on the same day:
	// the table is then already there (c.wkN entries from c.wkDay).
	if c.wkN > 0 && c.wkDay == c.firstDay && c.weeks < c.wkN {
		c.wk = c.wk[:c.weeks+1]
		return
	}
	c.wk = c.wk[:0]
	z := -1
	for k := 0; k <= c.weeks; k++ {
		l := (c.firstDay + int64(7*k)) * 1440
		if z < 0 {
			z = tzIndex(l - tzOff[tzIndex(l)])
		}
		u := l - tzOff[z]
		for z+1 < len(tzFrom) && tzFrom[z+1] <= u {
			z++
			u = l - tzOff[z]
		}
		if u < tzFrom[z] || z+1 < len(tzFrom) && u >= tzFrom[z+1] {
			u = localMidnight(c.firstDay + int64(7*k)) // not expected in London
		}
		c.wk = append(c.wk, u)
	}
	c.wkDay, c.wkN = c.firstDay, len(c.wk)
}

// prefixSums sets pre[k] to the minutes of list[:k] and returns it.
func prefixSums(pre []int64, list []item) []int64 {
	pre = slices.Grow(pre[:0], len(list)+1)[:len(list)+1]
	var sum int64
	pre[0] = 0
	for k := range list {
		sum += list[k].e - list[k].s
		pre[k+1] = sum
	}
	return pre
}

func cmpItem(a, b item) int {
	switch {
	case a.s != b.s:
		if a.s < b.s {
			return -1
		}
		return 1
	case a.e != b.e: // longer first: an on-call before the call-outs it holds
		if a.e > b.e {
			return -1
		}
		return 1
	}
	return int(b.flags&fOnCall) - int(a.flags&fOnCall) // on-call first: it holds a call-out of the same length
}

// addItem appends the period [s, e) to c.raw.
func (c *Checker) addItem(p *Period, s, e int64) {
	c.raw = append(c.raw, item{})
	c.setItem(&c.raw[len(c.raw)-1], p, s, e)
}

// converted is what convert learnt about the periods.
type converted struct {
	nOC, nLeave   int
	inOrder       bool
	touching      bool // some period starts at or before the end of the one before
	maxE, lastDay int64
}

// convert sets raw[i] to periods[i] in whole minutes (raw is as long as
// periods), starting the zone lookups from zone period z, and returns the
// zone period of the last one.
func convert(raw []item, periods []Period, z int) (converted, int) {
	cv := converted{inOrder: true}
	if z < 0 || z >= len(tzFrom) {
		z = 0
	}
	// [zFrom, zTo) is the zone period z, whose offset is off.
	zFrom, zTo, off := tzFrom[z], int64(math.MaxInt64), tzOff[z]
	if z+1 < len(tzFrom) {
		zTo = tzFrom[z+1]
	}
	prevS, prevE := int64(math.MinInt64), int64(0)
	raw = raw[:len(periods)]
	for i := range periods {
		p := &periods[i]
		s, e := toUnixMin(p.Start), toUnixMin(p.End)
		if s < zFrom || s >= zTo {
			z = tzIndex(s)
			zFrom, zTo, off = tzFrom[z], int64(math.MaxInt64), tzOff[z]
			if z+1 < len(tzFrom) {
				zTo = tzFrom[z+1]
			}
		}
		ls, le := s+off, e+off
		if e >= zTo {
			le = localMin(e)
		}
		brk := int32(-1)
		if p.HasBreak {
			brk = int32(p.BreakMinutes)
		}
		f := kindFlag(p.Kind)
		switch f {
		case fOnCall:
			cv.nOC++
		case fLeave:
			cv.nLeave++
		}
		day := dayOf(ls)
		it := &raw[i]
		it.s, it.e, it.ls, it.le, it.n = s, e, ls, le, e-s
		it.day, it.line, it.brk, it.flags = day, int32(p.Line), brk, f
		if prevS > s || prevS == s && prevE <= e {
			cv.inOrder = false
		}
		if i > 0 && s <= prevE {
			cv.touching = true
		}
		if i == 0 {
			cv.maxE, cv.lastDay = e, day
		}
		cv.maxE, cv.lastDay = max(cv.maxE, e), max(cv.lastDay, day)
		prevS, prevE = s, e
	}
	return cv, z
}

// setItem sets *it to the period [s, e).
func (c *Checker) setItem(it *item, p *Period, s, e int64) {
	brk := int32(-1)
	if p.HasBreak {
		brk = int32(p.BreakMinutes)
	}
	// The periods are usually in time order, so the zone period of the
	// previous one usually holds this one too.
	z := c.zone
	if z < 0 || z >= len(tzFrom) || s < tzFrom[z] || z+1 < len(tzFrom) && s >= tzFrom[z+1] {
		z = tzIndex(s)
		c.zone = z
	}
	ls, le := s+tzOff[z], e+tzOff[z]
	if z+1 < len(tzFrom) && e >= tzFrom[z+1] {
		le = localMin(e)
	}
	f := kindFlag(p.Kind)
	*it = item{s: s, e: e, ls: ls, le: le, n: e - s, day: dayOf(ls), line: int32(p.Line), brk: brk, flags: f}
}

// appendMerged appends it to a sorted union list, merging overlaps and
// touching periods.
func appendMerged(list []item, it item) []item {
	if n := len(list); n > 0 && it.s <= list[n-1].e {
		last := &list[n-1]
		if it.e > last.e {
			last.n += it.e - last.e
			last.e, last.le = it.e, it.le
		}
		if last.brk >= 0 && it.brk >= 0 {
			last.brk += it.brk
		} else {
			last.brk = -1
		}
		return list
	}
	return append(list, it)
}

// classify sets the night, long and late-evening flags of work items per
// the rule set's definitions, and the wall-clock lengths when asked.
func (c *Checker) classify(d *Definitions) {
	if c.haveDefs && c.defsKey == *d {
		return
	}
	c.defsKey, c.haveDefs = *d, true
	night := [][2]int64{{int64(d.NightFrom), int64(d.NightTo)}}
	c.nights, c.longs, c.lles = c.nights[:0], c.longs[:0], c.lles[:0]
	for li, list := range [][]item{c.work, c.shift} {
		if li == 1 && len(c.shift) == len(c.work) {
			// No shifts were merged: the lists hold the same periods
			// (usually the same memory).
			if len(list) == 0 || &list[0] == &c.work[0] {
				break
			}
			for i := range list {
				list[i].flags, list[i].n = c.work[i].flags, c.work[i].n
			}
			break
		}
		nf, nt, minNight := int64(d.NightFrom), int64(d.NightTo), d.NightMinMinutes
		long, inclusive, elapsed := d.LongShiftMinutes, d.LongShiftInclusive, d.ElapsedTime
		lleStart, lleEnd := int64(d.LLEStartBefore), int64(d.LLEEndAfter)
		for i := range list {
			it := &list[i]
			f := it.flags &^ (fNight | fLong | fLLE)
			ls, le := it.ls, it.le
			n := it.e - it.s
			if !elapsed {
				n = le - ls
			}
			d0 := it.day * 1440                                                            // local midnight starting the day of ls
			if minNight > 0 && !(nt < nf && le-ls <= 1440 && ls-d0 >= nt && le-d0 <= nf) { // not all daytime
				var nm int64
				if le-ls == it.e-it.s { // no clock change inside
					nm = nightIn(ls, le, it.day, nf, nt)
				} else {
					nm = overlapPattern(it.s, it.e, 1440, night)
				}
				if nm >= minNight {
					f |= fNight
				}
			}
			if n > long || inclusive && n == long {
				f |= fLong
			}
			// A long late evening: long, not a night, starts before
			// LLEStartBefore and ends after LLEEndAfter on its start day
			// (or on a later day).
			if f&(fLong|fNight) == fLong && ls-d0 < lleStart && le > d0+lleEnd {
				f |= fLLE
			}
			it.flags, it.n = f, n
			if li == 0 && f&(fNight|fLong|fLLE) != 0 {
				if f&fNight != 0 {
					c.nights = append(c.nights, int32(i))
				}
				if f&fLong != 0 {
					c.longs = append(c.longs, int32(i))
				}
				if f&fLLE != 0 {
					c.lles = append(c.lles, int32(i))
				}
			}
		}
	}
}

// flagged returns the indices in c.work of the items with flag (one of
// fNight, fLong, fLLE), as classify found them.
func (c *Checker) flagged(flag uint8) []int32 {
	switch flag {
	case fNight:
		return c.nights
	case fLong:
		return c.longs
	}
	return c.lles
}

// nightIn returns the minutes of local [ls, le) inside the daily window
// [from, to) (past midnight when to <= from); day is the local day of ls.
// It is overlapLocal for one daily window, without divisions.
func nightIn(ls, le, day, from, to int64) int64 {
	d0 := day * 1440
	q, r := day, le-d0
	for r >= 1440 {
		q, r = q+1, r-1440
	}
	return dailyUpTo(q, r, from, to) - dailyUpTo(day, ls-d0, from, to)
}

// dailyUpTo is patternUpTo(q*1440+r, 1440, {{from, to}}) for 0 <= r < 1440.
func dailyUpTo(q, r, from, to int64) int64 {
	if to <= from { // [from, 1440) and [0, to)
		return q*(1440-from+to) + clamp(r-from, 0, 1440-from) + clamp(r, 0, to)
	}
	return q*(to-from) + clamp(r-from, 0, to-from)
}

func (c *Checker) warnFrac() float64 {
	if c.rule.WarnFraction != nil {
		return *c.rule.WarnFraction
	}
	return c.rs.Definitions.WarnFraction
}

// add records a finding whose message is format with args (see appendMsg).
// In cycle mode only findings starting inside the middle copy of the
// cycle are kept.
func (c *Checker) add(sev Severity, from, to int64, measured, limit float64, unit string, line int32, format string, args ...marg) {
	if c.cycle && (from < c.from || from >= c.to) {
		return
	}
	a := len(c.msg)
	c.msg = appendMsg(c.msg, format, args, &c.days)
	c.addBuilt(a, sev, from, to, measured, limit, unit, line)
}

// addBuilt records a finding whose message is c.msg[a:].
func (c *Checker) addBuilt(a int, sev Severity, from, to int64, measured, limit float64, unit string, line int32) {
	if c.cycle && (from < c.from || from >= c.to) {
		c.msg = c.msg[:a]
		return
	}
	if c.rule.Compensatory && sev == Violation {
		sev = Warning
		c.msg = append(c.msg, " Doctors in training may defer this rest only if they get equivalent compensatory rest (WTR reg 21, 24)."...)
	}
	f := Finding{Rule: c.rule.ID, RuleSet: c.rs.Key(), Doctor: c.p.Doctor, From: fromUnixMin(from), To: fromUnixMin(to),
		Measured: measured, Limit: limit, Unit: unit, Severity: sev, Line: int(line), Fine: c.rule.Fine}
	ref := msgRef{a: a, b: len(c.msg)}
	if sev == Violation {
		ref.i = len(c.rep.Violations)
		c.rep.Violations = append(c.rep.Violations, f)
	} else {
		ref.warn, ref.i = true, len(c.rep.Warnings)
		c.rep.Warnings = append(c.rep.Warnings, f)
	}
	c.refs = append(c.refs, ref)
}

// msgRef says where a finding's message is in c.msg.
type msgRef struct {
	warn bool
	i    int // index into Violations or Warnings
	a, b int // c.msg[a:b]
}

// setMessages gives each finding its message. The messages are parts of
// one string over c.msg's bytes: like strings.Builder, c.msg is only ever
// appended to after that (the next Check starts after its end), so the
// bytes under a string never change; a new chunk is allocated when the
// old one is nearly full. Many doctors' messages thus share one
// allocation, and a Report holds its messages however long it is kept.
func (c *Checker) setMessages() {
	if len(c.refs) == 0 {
		return
	}
	s := unsafe.String(unsafe.SliceData(c.msg), len(c.msg))
	for _, r := range c.refs {
		if r.warn {
			c.rep.Warnings[r.i].Message = s[r.a:r.b]
		} else {
			c.rep.Violations[r.i].Message = s[r.a:r.b]
		}
	}
}

// msgChunk is the size of the message buffers.
const msgChunk = 32 << 10

// resetMessages starts the messages of a Check after those of the last.
func (c *Checker) resetMessages() {
	if cap(c.msg)-len(c.msg) < msgChunk/8 {
		c.msg = make([]byte, 0, msgChunk)
	} else {
		c.msg = c.msg[len(c.msg):len(c.msg)]
	}
	c.refs = c.refs[:0]
}

func hours(m int64) float64 { return float64(m) / 60 }

func nWeeks(n int) string {
	if n == 1 {
		return "week"
	}
	return strconv.Itoa(n) + " weeks"
}

// sumIn returns the minutes of c.hours inside [a, b).
func (c *Checker) sumIn(a, b int64) int64 {
	return sumList(c.hours, c.pre, a, b)
}

func sumList(list []item, pre []int64, a, b int64) int64 {
	if b <= a || len(list) == 0 {
		return 0
	}
	// i: first item ending after a; j: first item starting at or after b.
	i := firstEndAfter(list, a)
	j := firstStartFrom(list, b)
	if j <= i {
		return 0
	}
	var sum int64
	if pre != nil {
		sum = pre[j] - pre[i]
	} else {
		for k := i; k < j; k++ {
			sum += list[k].e - list[k].s
		}
	}
	if list[i].s < a {
		sum -= a - list[i].s
	}
	if list[j-1].e > b {
		sum -= list[j-1].e - b
	}
	return sum
}

// avgResult caches the worst averaging window of a list, shared by rules
// that average the same thing (TCS2016-MAXAVG48 and WTR-AVG48).
type avgResult struct {
	duty        bool
	ref         int
	total, a, b int64
	weeks       int
}

// window is a rolling window and the minutes worked in it.
type window struct {
	a, b, t int64
	atStart bool // starts at a shift start
	line    int32
}

// slider sums a union list over windows whose edges only move forward.
type slider struct {
	list []item
	pre  []int64
	i, j int // first item ending after a; first item starting at or after b
}

func (s *slider) sum(a, b int64) int64 {
	for s.i < len(s.list) && s.list[s.i].e <= a {
		s.i++
	}
	if s.j < s.i {
		s.j = s.i
	}
	for s.j < len(s.list) && s.list[s.j].s < b {
		s.j++
	}
	if s.j <= s.i {
		return 0
	}
	sum := s.pre[s.j] - s.pre[s.i]
	if f := s.list[s.i].s; f < a {
		sum -= a - f
	}
	if l := s.list[s.j-1].e; l > b {
		sum -= l - b
	}
	return sum
}

// firstEndAfter returns the index of the first item of a sorted union
// list ending after t.
func firstEndAfter(list []item, t int64) int {
	lo, hi := 0, len(list)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if list[m].e <= t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// firstStartFrom returns the index of the first item starting at or after t.
func firstStartFrom(list []item, t int64) int {
	lo, hi := 0, len(list)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if list[m].s < t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// longestRest returns the longest gap between the items of a union list
// inside [a, b); time before the first and after the last item counts.
func longestRest(list []item, a, b int64) (best, bestFrom int64) {
	i := firstEndAfter(list, a)
	return longestRestFrom(list, i, a, b)
}

// longestRestFrom is longestRest when list[i] is the first item ending after a.
func longestRestFrom(list []item, i int, a, b int64) (best, bestFrom int64) {
	cur := a
	for ; i < len(list) && list[i].s < b; i++ {
		if g := list[i].s - cur; g > best {
			best, bestFrom = g, cur
		}
		cur = max(cur, list[i].e)
	}
	if g := b - cur; g > best {
		best, bestFrom = g, cur
	}
	return best, bestFrom
}

// hasRest reports whether longestRestFrom(list, i, a, b) is at least min,
// stopping at the first such rest.
func hasRest(list []item, i int, a, b, min int64) bool {
	cur := a
	for ; i < len(list) && list[i].s < b; i++ {
		if list[i].s-cur >= min {
			return true
		}
		cur = max(cur, list[i].e)
	}
	return b-cur >= min
}

// localMidnight returns the UTC minute of local midnight starting local day d.
func localMidnight(d int64) int64 {
	return utcOfLocal(d * 1440)
}

func (c *Checker) ndRota() string {
	if c.p.NDRota != "" {
		return c.p.NDRota
	}
	if len(c.oc) > 0 {
		return "oncall"
	}
	return "full"
}

func (c *Checker) refWeeks() int {
	r := c.rule
	if r.RefWeeksNotTraining > 0 && c.p.Grade != "" && !c.p.Grade.InTraining() {
		return r.RefWeeksNotTraining
	}
	return r.RefWeeks
}

// windows returns how many averaging windows there are: one for a cycle
// or a span of at most ref weeks, else one per ref-week window starting
// on each whole week from the first day.
func (c *Checker) windows(ref int) int {
	switch {
	case c.weeks == 0:
		return 0
	case c.cycle || c.weeks <= ref:
		return 1
	}
	return c.weeks - ref + 1
}

// window returns averaging window k: [a, b) and its length in weeks.
func (c *Checker) window(ref, k int) (a, b int64, weeks int) {
	if c.cycle || c.weeks <= ref {
		return c.from, c.to, c.weeks
	}
	return c.week(k), c.week(k + ref), ref
}

func (c *Checker) avgWeekly() {
	r := c.rule
	limit := r.LimitMinutes
	what := "worked"
	if len(r.LimitByRota) > 0 {
		limit = r.LimitByRota[c.ndRota()]
	}
	if c.p.OptOut && r.OptOutLimitMinutes != 0 {
		if r.OptOutLimitMinutes < 0 {
			return
		}
		limit = r.OptOutLimitMinutes
	}
	duty := r.Of == "duty"
	if duty {
		what = "on duty (shifts and on-call)"
	}
	bestTotal, bestA, bestB, bestWeeks := c.worstAverage(duty, c.refWeeks())
	if bestWeeks == 0 {
		return
	}
	avg := float64(bestTotal) / float64(bestWeeks)
	sev := Severity("")
	switch {
	case bestTotal > limit*int64(bestWeeks):
		sev = Violation
	case float64(bestTotal) >= (1-c.warnFrac())*float64(limit*int64(bestWeeks)) && c.warnFrac() > 0:
		sev = Warning
	default:
		return
	}
	c.add(sev, bestA, bestB, hours(int64(avg+0.5)), hours(limit), "h/week", 0,
		"Average of %s a week %s over the %s from %s to %s; the limit is %s a week%s.",
		aMinutes(int64(avg+0.5)), aStr(what), aWeeks(bestWeeks), aDay(bestA), aDay(bestB-1), aMinutes(limit), aNearIf(sev == Warning, c.warnFrac()))
}

// worstAverage returns the averaging window with the highest average of
// work (or duty), cached for the Check.
func (c *Checker) worstAverage(duty bool, ref int) (total, a, b int64, weeks int) {
	for _, r := range c.avgCache {
		if r.duty == duty && r.ref == ref {
			return r.total, r.a, r.b, r.weeks
		}
	}
	if c.cycle || c.weeks <= ref {
		sl := slider{list: c.hours, pre: c.pre}
		if duty {
			sl = slider{list: c.duty, pre: c.dpre}
		}
		for k, n := 0, c.windows(ref); k < n; k++ {
			wa, wb, w := c.window(ref, k)
			t := sl.sum(wa, wb)
			if weeks == 0 || t*int64(weeks) > total*int64(w) {
				total, a, b, weeks = t, wa, wb, w
			}
		}
	} else if ref > 0 {
		// Windows of ref whole weeks, from the weekly totals.
		cum := c.weekCum(duty)
		for k := 0; k+ref <= c.weeks; k++ {
			if t := cum[k+ref] - cum[k]; weeks == 0 || t > total {
				total, a, b, weeks = t, c.wk[k], c.wk[k+ref], ref
			}
		}
	}
	c.avgCache = append(c.avgCache, avgResult{duty, ref, total, a, b, weeks})
	return total, a, b, weeks
}

// weekCum returns cum: cum[k] is the minutes of the hours list (or the
// duty list) in [c.wk[0], c.wk[k]), for k from 0 to c.weeks; computed once
// per Check. A window of whole weeks k to k+n holds cum[k+n]-cum[k].
func (c *Checker) weekCum(duty bool) []int64 {
	x := 0
	list, pre := c.hours, c.pre
	if duty {
		x = 1
		list, pre = c.duty, c.dpre
	}
	if c.cumValid[x] {
		return c.cum[x]
	}
	cum := append(c.cum[x][:0], 0)
	// As slider.sum, week after week: i is the first item ending after
	// the week's start, j the first starting at or after its end.
	i, j := 0, 0
	for k := 1; k <= c.weeks; k++ {
		a, b := c.wk[k-1], c.wk[k]
		for i < len(list) && list[i].e <= a {
			i++
		}
		j = max(j, i)
		for j < len(list) && list[j].s < b {
			j++
		}
		var t int64
		if j > i {
			t = pre[j] - pre[i]
			if f := list[i].s; f < a {
				t -= a - f
			}
			if l := list[j-1].e; l > b {
				t -= l - b
			}
		}
		cum = append(cum, cum[k-1]+t)
	}
	c.cum[x], c.cumValid[x] = cum, true
	return cum
}

func (c *Checker) nightWorkerAvg() {
	r := c.rule
	nights := len(c.nights)
	if len(c.work) == 0 || float64(nights) < r.Fraction*float64(len(c.work)) {
		return
	}
	var bestTotal, bestA, bestB int64
	bestDays := int64(0)
	ref := c.refWeeks()
	if c.cycle || c.weeks <= ref {
		sl := slider{list: c.hours, pre: c.pre}
		for k, n := 0, c.windows(ref); k < n; k++ {
			a, b, weeks := c.window(ref, k)
			t := sl.sum(a, b)
			d := int64(7 * weeks)
			if bestDays == 0 || t*bestDays > bestTotal*d {
				bestTotal, bestA, bestB, bestDays = t, a, b, d
			}
		}
	} else if ref > 0 {
		// Windows of ref whole weeks, from the weekly totals.
		cum := c.weekCum(false)
		for k := 0; k+ref <= c.weeks; k++ {
			if t := cum[k+ref] - cum[k]; bestDays == 0 || t > bestTotal {
				bestTotal, bestA, bestB, bestDays = t, c.wk[k], c.wk[k+ref], int64(7*ref)
			}
		}
	}
	if bestDays == 0 {
		return
	}
	perDay := (bestTotal + bestDays/2) / bestDays
	if bestTotal > r.LimitMinutes*bestDays {
		c.add(Violation, bestA, bestB, hours(perDay), hours(r.LimitMinutes), "h/day", 0,
			"Night worker (%d of %d shifts are nights): average of %s per 24 h over the %d days from %s; the limit is %s.",
			aInt(int64(nights)), aInt(int64(len(c.work))), aMinutes(perDay), aInt(bestDays), aDay(bestA), aMinutes(r.LimitMinutes))
	}
}

func (c *Checker) windowMax() {
	r := c.rule
	W, limit := r.WindowMinutes, r.LimitMinutes
	list, pre := c.hours, c.pre
	if len(list) == 0 {
		return
	}
	wf := c.warnFrac()
	warnAt := limit + 1 // no warnings
	if wf > 0 {
		warnAt = int64(float64(limit) * (1 - wf))
	}
	// Windows start at each start and end at each end (C-5). Two tight
	// passes keep only the windows at or above the warning level.
	cand := c.cand[:0]
	j := 0
	for i := range list {
		a := list[i].s
		b := a + W
		for j < len(list) && list[j].s < b {
			j++
		}
		t := pre[j] - pre[i]
		if over := list[j-1].e - b; over > 0 {
			t -= over
		}
		if t >= warnAt {
			cand = append(cand, window{a, b, t, true, int32(list[i].line)})
		}
	}
	// The most worked in any window is reached by one starting at a
	// start (slide a best window left while its start is inside a period,
	// or right while it is in a gap: neither lowers its total). So when no
	// window starting at a start reaches the warning level, none at all
	// does.
	if len(cand) == 0 {
		c.cand = cand
		return
	}
	n1 := len(cand)
	i := 0
	for j := range list {
		b := list[j].e
		a := b - W
		for list[i].e <= a {
			i++
		}
		t := pre[j+1] - pre[i]
		if under := a - list[i].s; under > 0 {
			t -= under
		}
		if t >= warnAt {
			cand = append(cand, window{a, b, t, false, int32(list[i].line)})
		}
	}
	c.cand = cand
	if len(cand) == 0 {
		return
	}
	// Both passes found their windows in order of start: merge them (as a
	// stable sort by start would, the first pass's first on ties).
	one, two := cand[:n1], cand[n1:]
	merged := c.cand2[:0]
	for len(one) > 0 && len(two) > 0 {
		if one[0].a <= two[0].a {
			merged, one = append(merged, one[0]), one[1:]
		} else {
			merged, two = append(merged, two[0]), two[1:]
		}
	}
	merged = append(append(merged, one...), two...)
	c.cand2 = merged
	cand = merged
	// Keep the worst window of each run of overlapping windows, breaches
	// first; a near-limit run overlapping a breach is not reported.
	vios := c.vios[:0]
	defer func() { c.vios = vios[:0] }()
	emit := func(w window, sev Severity) {
		if sev == Violation {
			vios = append(vios, w)
		} else {
			for _, v := range vios {
				if w.a < v.b && v.a < w.b {
					return // near-limit window overlapping a breach
				}
			}
		}
		c.add(sev, w.a, w.b, hours(w.t), hours(limit), "h", w.line,
			"%s worked in the %s from %s; the limit is %s%s.", aMinutes(w.t), aMinutes(W), aLocal(w.a), aMinutes(limit), aNearIf(sev == Warning, wf))
	}
	for pass, sev := range []Severity{Violation, Warning} {
		var cur window
		have := false
		for _, w := range cand {
			if (pass == 0) != (w.t > limit) {
				continue
			}
			if have && w.a >= cur.b {
				emit(cur, sev)
				have = false
			}
			if !have || w.t > cur.t || w.t == cur.t && w.atStart && !cur.atStart {
				cur, have = w, true
			}
		}
		if have {
			emit(cur, sev)
		}
	}
}

func (c *Checker) shiftMax() {
	r := c.rule
	list, noun := c.work, "Shift"
	if r.Of == "duty" {
		list, noun = c.duty, "Continuous duty"
	}
	limit := r.LimitMinutes
	if len(r.LimitByRota) > 0 {
		limit = r.LimitByRota[c.ndRota()]
	}
	wf := c.warnFrac()
	d := &c.rs.Definitions
	weekendLimit := r.WeekendLimitMinutes > 0 && c.ndRota() == "oncall"
	duty := r.Of == "duty"
	for i := range list {
		it := &list[i]
		l := limit
		if weekendLimit &&
			overlapPattern(it.s, it.e, 10080, [][2]int64{{int64(d.WeekendFrom), int64(d.WeekendTo)}}) > 0 {
			l = r.WeekendLimitMinutes
		}
		n := it.n
		if duty {
			n = it.e - it.s
		}
		switch {
		case n > l:
			c.add(Violation, it.s, it.e, hours(n), hours(l), "h", it.line,
				"%s from %s to %s lasts %s; the limit is %s.", aStr(noun), aLocal(it.s), aLocal(it.e), aMinutes(n), aMinutes(l))
		case wf > 0 && float64(n) >= float64(l)*(1-wf):
			c.add(Warning, it.s, it.e, hours(n), hours(l), "h", it.line,
				"%s from %s to %s lasts %s, close to the limit of %s.", aStr(noun), aLocal(it.s), aLocal(it.e), aMinutes(n), aMinutes(l))
		}
	}
}

func (c *Checker) restBetween() {
	r := c.rule
	list, noun := c.work, "shift"
	if r.Of == "duty" {
		list, noun = c.duty, "duty period"
	}
	min := r.MinMinutes
	if len(r.MinByRota) > 0 {
		min = r.MinByRota[c.ndRota()]
	}
	wf := c.warnFrac()
	for i := 1; i < len(list); i++ {
		prev, it := &list[i-1], &list[i]
		gap := it.s - prev.e
		switch {
		case gap < min:
			c.add(Violation, prev.e, it.s, hours(gap), hours(min), "h", it.line,
				"Only %s rest between the %s ending %s and the next starting %s; at least %s is required.",
				aMinutes(gap), aStr(noun), aLocal(prev.e), aLocal(it.s), aMinutes(min))
		case wf > 0 && float64(gap) < float64(min)*(1+wf):
			c.add(Warning, prev.e, it.s, hours(gap), hours(min), "h", it.line,
				"Only %s rest between the %s ending %s and the next starting %s, close to the minimum of %s.",
				aMinutes(gap), aStr(noun), aLocal(prev.e), aLocal(it.s), aMinutes(min))
		}
	}
}

// runList returns the items a run rule counts and the noun for them.
func (c *Checker) runList(of string) ([]item, uint8, string) {
	switch of {
	case "night":
		return c.work, fNight, "night shifts"
	case "long":
		return c.work, fLong, "long shifts"
	case "lle":
		return c.work, fLLE, "long late-evening shifts"
	case "oncall":
		return c.oc, 0, "on-call periods"
	case "duty":
		return c.duty, 0, "duty days"
	case "work":
		return c.work, 0, "shifts"
	}
	return c.any, 0, "shifts or on-call periods"
}

// nextAfter returns the first work or on-call item starting at or after t.
func (c *Checker) nextAfter(t int64) (item, bool) {
	k := firstStartFrom(c.any, t)
	if k < len(c.any) {
		return c.any[k], true
	}
	return item{}, false
}

// lowIntensity reports whether the on-call periods among list[i:j] make
// the run low intensity: the schedule says so, the run holds weekend
// on-call (when weekendOnly), and no on-call day has more than the
// allowed call-out work or episodes.
func (c *Checker) lowIntensity(list []item, i, j int, weekendOnly bool) bool {
	if !c.p.LowIntensityOnCall {
		return false
	}
	d := &c.rs.Definitions
	wk := [][2]int64{{int64(d.WeekendFrom), int64(d.WeekendTo)}}
	found := false
	for k := i; k < j; k++ {
		it := list[k]
		if it.flags&fOnCall == 0 {
			continue
		}
		if weekendOnly && overlapPattern(it.s, it.e, 10080, wk) == 0 {
			continue
		}
		found = true
		days := (it.e - it.s + 1439) / 1440
		var mins int64
		episodes := int64(0)
		for _, h := range c.raw {
			if h.flags&fCallOut != 0 && h.s >= it.s && h.e <= it.e {
				mins += h.e - h.s
				episodes++
			}
		}
		if mins > d.LowIntensityMaxWorkMinutes*days || episodes > int64(d.LowIntensityMaxEpisodes)*days {
			return false
		}
	}
	return found
}

func (c *Checker) runMax() {
	r := c.rule
	list, flag, noun := c.runList(r.Of)
	start, last, n := -1, -1, 0
	// Only a run of at least MaxCount can break the rule (a low-intensity
	// run only has a higher limit).
	atLeast := r.MaxCount
	lastDay := int64(-1 << 62) // no run yet: no day is lastDay or the one after
	// With a flag, only the flagged work items (listed by classify).
	var idx []int32
	count := len(list)
	if flag != 0 {
		idx = c.flagged(flag)
		count = len(idx)
	}
	for k := range count {
		i := k
		if flag != 0 {
			i = int(idx[k])
		}
		it := &list[i]
		switch it.day {
		case lastDay:
			last = i // a second period the same day
		case lastDay + 1:
			n++
			last, lastDay = i, it.day
		default:
			if start >= 0 && n >= atLeast {
				c.closeRun(list, start, last, n, noun)
			}
			start, last, n, lastDay = i, i, 1, it.day
		}
	}
	if start >= 0 && n >= atLeast {
		c.closeRun(list, start, last, n, noun)
	}
}

// closeRun checks a run of n days, list[start] to list[last], against
// the run_max rule.
func (c *Checker) closeRun(list []item, start, last, n int, noun string) {
	r := c.rule
	limit := r.MaxCount
	if r.LowIntensityMaxCount > 0 && n > limit && c.lowIntensity(list, start, last+1, r.Of != "oncall") {
		limit = r.LowIntensityMaxCount
	}
	first, end := &list[start], &list[last]
	if n > limit {
		c.add(Violation, first.s, end.e, float64(n), float64(limit), "shifts", first.line,
			"%d consecutive %s from %s to %s; the limit is %d.", aInt(int64(n)), aStr(noun), aDay(first.s), aDay(end.s), aInt(int64(limit)))
	} else if r.RestAfterMinutes > 0 && n == limit {
		if nx, ok := c.nextAfter(end.e); ok && nx.s-end.e < r.RestAfterMinutes {
			gap := nx.s - end.e
			c.add(Violation, end.e, nx.s, hours(gap), hours(r.RestAfterMinutes), "h", nx.line,
				"Only %s rest after %d consecutive %s ending %s (next starts %s); at least %s is required after the maximum run.",
				aMinutes(gap), aInt(int64(n)), aStr(noun), aLocal(end.e), aLocal(nx.s), aMinutes(r.RestAfterMinutes))
		}
	}
}

func (c *Checker) restAfterNights() {
	r := c.rule
	start, last, n := -1, -1, 0
	var lastDay int64
	closeRun := func() {
		if start < 0 || n < r.MinRun {
			return
		}
		end := c.work[last]
		if nx, ok := c.nextAfter(end.e); ok && nx.s-end.e < r.MinMinutes {
			gap := nx.s - end.e
			plural := "s"
			if n == 1 {
				plural = ""
			}
			c.add(Violation, end.e, nx.s, hours(gap), hours(r.MinMinutes), "h", nx.line,
				"Only %s rest after %d night shift%s ending %s (next starts %s); at least %s is required.",
				aMinutes(gap), aInt(int64(n)), aStr(plural), aLocal(end.e), aLocal(nx.s), aMinutes(r.MinMinutes))
		}
	}
	for _, i32 := range c.nights {
		i := int(i32)
		it := &c.work[i]
		if start >= 0 && it.day == lastDay+1 {
			n++
			last, lastDay = i, it.day
			continue
		}
		closeRun()
		start, last, n, lastDay = i, i, 1, it.day
	}
	closeRun()
}

// weekendsWorked lists the weeks (numbered from Monday 1970-01-05) whose
// weekend holds work or on-call and starts in [c.from, c.to). Clock
// changes fall inside weekends, never at their edges, so comparing local
// wall-clock minutes is exact here.
func (c *Checker) weekendsWorked() []int64 {
	d := &c.rs.Definitions
	if c.weekValid && c.weekKey == [2]WeekClock{d.WeekendFrom, d.WeekendTo} {
		return c.weekMarks
	}
	c.weekValid, c.weekKey = true, [2]WeekClock{d.WeekendFrom, d.WeekendTo}
	wf, wt := int64(d.WeekendFrom), int64(d.WeekendTo)
	lfrom, lto := localMin(c.from), localMin(c.to)
	marks := c.weekMarks[:0]
	// [wStart, wWeekend): from the start of the last period's week to the
	// start of that week's weekend.
	wStart, wWeekend := int64(1), int64(0)
	for i := range c.raw {
		it := &c.raw[i]
		if it.flags&(fWork|fOnCall|fCallOut) == 0 {
			continue
		}
		ls, le := it.ls, it.le
		if ls >= wStart && le <= wWeekend {
			continue // in the week of the last period, before its weekend
		}
		// Weekends of weeks w and after can meet the period; the weekend of
		// week w-1 ended before week w began.
		w := floorDiv(ls-weekOrigin, 10080)
		wStart = weekOrigin + w*10080
		wWeekend = wStart + wf
		for ; w*10080+weekOrigin+wf < le; w++ {
			la := weekOrigin + w*10080 + wf
			lb := weekOrigin + w*10080 + wt
			if ls < lb && la >= lfrom && la < lto {
				if n := len(marks); n == 0 || marks[n-1] < w {
					marks = append(marks, w)
				} else if marks[n-1] != w && !slices.Contains(marks, w) {
					marks = append(marks, w)
					slices.Sort(marks)
				}
			}
		}
	}
	c.weekMarks = marks
	return marks
}

func (c *Checker) weekendFreq() {
	r := c.rule
	marks := c.weekendsWorked()
	K, W := int64(len(marks)), int64(c.weeks)
	c.rep.Summary.Weekends = int(K)
	if W == 0 {
		return
	}
	n := int64(r.MaxOneIn)
	if !c.cycle && W < n {
		c.notChecked(fmt.Sprintf("%s: the rota covers %s, too short to judge a 1-in-%d frequency (use --cycle for a pattern)", r.ID, nWeeks(int(W)), n))
		return
	}
	exc := false
	if c.p.WeekendException && r.ExceptionMaxOneIn > 0 {
		n = int64(r.ExceptionMaxOneIn)
		exc = true
	}
	if K*n > W {
		a := len(c.msg)
		c.msg = appendMsg(c.msg, "%d of %d weekends worked", []marg{aInt(K), aInt(W)}, &c.days)
		if K > 0 {
			c.msg = appendMsg(c.msg, " (1 in %.1f)", []marg{aFloat(float64(W) / float64(K))}, &c.days)
		}
		c.msg = appendMsg(c.msg, "; the limit is 1 in %d", []marg{aInt(n)}, &c.days)
		if exc {
			c.msg = appendMsg(c.msg, " (1 in %d without the recorded exception)", []marg{aInt(int64(r.MaxOneIn))}, &c.days)
		}
		c.msg = append(c.msg, '.')
		c.addBuilt(a, Violation, c.from, c.to, float64(K)/float64(W), 1/float64(n), "weekends/week", 0)
	}
	for i := 1; i < len(marks); i++ {
		if marks[i] == marks[i-1]+1 {
			sat := utcOfLocal(weekOrigin + marks[i-1]*10080 + 5*1440)
			pairs := 0
			for k := 1; k < len(marks); k++ {
				if marks[k] == marks[k-1]+1 {
					pairs++
				}
			}
			// (a warning: Compensatory, which turns breaches into warnings,
			// does not change it)
			c.add(Warning, sat, utcOfLocal(weekOrigin+marks[i]*10080+7*1440), float64(pairs), 0, "weekends", 0,
				"Consecutive weekends worked (%d pair(s), first the weekend of %s); avoid where possible (a 2016 government statement, not a contract rule).",
				aInt(int64(pairs)), aDay(sat))
			break
		}
	}
}

func (c *Checker) breaks() {
	r := c.rule
	unknown := 0
	tiers := r.Tiers
	// The shortest length that needs a break: shorter shifts need no look
	// at the tiers.
	shortest := int64(1) << 62
	maxNeed := int64(0) // a shift with at least this much break meets every tier
	for i := range tiers {
		t := &tiers[i]
		maxNeed = max(maxNeed, int64(t.BreakMinutes))
		if t.OverMinutes > 0 {
			shortest = min(shortest, t.OverMinutes+1)
		}
		if t.NightAtLeastMinutes > 0 {
			shortest = min(shortest, t.NightAtLeastMinutes)
		}
	}
	list := c.shift
	// Shifts of one rota have few lengths: remember the last answer.
	lastN, lastNight, lastNeed := int64(-1), false, 0
	for k := range list {
		it := &list[k]
		if int64(it.brk) >= maxNeed {
			continue
		}
		n := it.n
		if n < shortest {
			continue
		}
		night := it.flags&fNight != 0
		need := lastNeed
		if n != lastN || night != lastNight {
			need = 0
			for ti := range tiers {
				t := &tiers[ti]
				if t.OverMinutes > 0 && n > t.OverMinutes || night && t.NightAtLeastMinutes > 0 && n >= t.NightAtLeastMinutes {
					need = max(need, t.BreakMinutes)
				}
			}
			lastN, lastNight, lastNeed = n, night, need
		}
		if need == 0 {
			continue
		}
		if it.brk < 0 {
			unknown++
			continue
		}
		if int(it.brk) < need {
			c.add(Violation, it.s, it.e, float64(it.brk), float64(need), "min", it.line,
				"Shift from %s to %s (%s) has %d min of rostered break; it needs at least %d min.",
				aLocal(it.s), aLocal(it.e), aMinutes(it.n), aInt(int64(it.brk)), aInt(int64(need)))
		}
	}
	if unknown > 0 {
		c.rep.Summary.BreaksUnknown = max(c.rep.Summary.BreaksUnknown, unknown)
		c.notChecked(fmt.Sprintf("%s: %d shift(s) have no break_minutes", r.ID, unknown))
	}
}

func (c *Checker) dailyRest() {
	r := c.rule
	var reportedTo int64 = -1 << 62
	list := c.hours
	for k := range list {
		it := &list[k]
		a := it.s
		if a < reportedTo {
			continue
		}
		b := a + r.WindowMinutes
		if hasRest(list, k, a, b, r.MinMinutes) {
			continue
		}
		if best, _ := longestRestFrom(list, k, a, b); best < r.MinMinutes {
			reportedTo = b
			c.add(Violation, a, b, hours(best), hours(r.MinMinutes), "h", it.line,
				"The longest continuous rest in the 24 h from %s is %s; at least %s is required.",
				aLocal(a), aMinutes(best), aMinutes(r.MinMinutes))
		}
	}
}

func (c *Checker) weeklyRest() {
	r := c.rule
	if len(c.hours) == 0 || len(r.Blocks) < 2 {
		return
	}
	one, two := r.Blocks[0], r.Blocks[1] // 24 h twice, or 48 h once, per 14 days
	list := c.hours
	i := 0 // first item ending after the week's start
	for k := int64(0); k < int64(c.weeks); k++ {
		a, b := c.week(int(k)), c.week(int(k)+1)
		for i < len(list) && list[i].e <= a {
			i++
		}
		if hasRest(list, i, a, b, r.MinMinutes) {
			continue
		}
		// Try the fortnight holding this week.
		f := k &^ 1
		if f+2 > int64(c.weeks) {
			f = k - 1
		}
		fa, fb := c.week(int(max(f, 0))), c.week(int(max(f, 0))+2)
		if f >= 0 && f+2 <= int64(c.weeks) && fortnightOK(c.hours, fa, fb, one, two) {
			continue
		}
		best, _ := longestRest(c.hours, a, b)
		c.add(Violation, a, b, hours(best), hours(r.MinMinutes), "h", 0,
			"The longest uninterrupted rest in the 7 days from %s is %s; at least %s a week (or 2 × %s or %s a fortnight) is required.",
			aDay(a), aMinutes(best), aMinutes(r.MinMinutes), aMinutes(one), aMinutes(two))
	}
}

// fortnightOK: two separate rests of at least one, or one of at least two, in [a, b).
func fortnightOK(list []item, a, b, one, two int64) bool {
	i := firstEndAfter(list, a)
	cur, count := a, 0
	for ; i <= len(list); i++ {
		next := b
		if i < len(list) && list[i].s < b {
			next = list[i].s
		}
		g := next - cur
		if g >= two {
			return true
		}
		if g >= one {
			count++
		}
		if next == b {
			break
		}
		cur = max(cur, list[i].e)
	}
	return count >= 2
}

func (c *Checker) oncallMaxLength() {
	r := c.rule
	for _, it := range c.oc {
		if n := it.e - it.s; n > r.LimitMinutes {
			c.add(Violation, it.s, it.e, hours(n), hours(r.LimitMinutes), "h", it.line,
				"On-call period from %s to %s lasts %s; the limit is %s.", aLocal(it.s), aLocal(it.e), aMinutes(n), aMinutes(r.LimitMinutes))
		}
	}
}

func (c *Checker) oncallDayAfter() {
	r := c.rule
	for _, oc := range c.oc {
		k := firstStartFrom(c.work, oc.e)
		if k >= len(c.work) || c.work[k].s >= oc.e+r.WindowMinutes {
			continue
		}
		it := c.work[k]
		if it.n > r.LimitMinutes {
			c.add(Violation, it.s, it.e, hours(it.n), hours(r.LimitMinutes), "h", it.line,
				"Shift from %s to %s after the on-call period ending %s lasts %s; the limit is %s.",
				aLocal(it.s), aLocal(it.e), aLocal(oc.e), aMinutes(it.n), aMinutes(r.LimitMinutes))
		}
	}
}

func (c *Checker) oncallRestTotal() {
	r := c.rule
	// The on-call periods are in order of start, so the windows only move
	// forward.
	sl := slider{list: c.hours, pre: c.pre}
	for i := range c.oc {
		oc := &c.oc[i]
		a, b := oc.s, oc.s+r.WindowMinutes
		rest := b - a
		if b > a {
			rest -= sl.sum(a, b)
		}
		if rest < r.MinMinutes {
			c.add(Violation, a, b, hours(rest), hours(r.MinMinutes), "h", oc.line,
				"Only %s rest in the 24 h on call from %s (call-outs and shifts take the rest); at least %s is required.",
				aMinutes(rest), aLocal(a), aMinutes(r.MinMinutes))
		}
	}
}

func (c *Checker) oncallRestNight() {
	r := c.rule
	// i is the first item of hours ending after a; the nights come in
	// order (unless on-call periods overlap: then search again).
	list := c.hours
	i, lastA := 0, int64(math.MinInt64)
	for k := range c.oc {
		oc := &c.oc[k]
		for d := dayOf(oc.ls) - 1; d <= dayOf(oc.le); d++ {
			la := d*1440 + int64(r.From)
			lb := d*1440 + int64(r.To)
			if r.To <= r.From {
				lb += 1440
			}
			// London is 0 to 2 h ahead of UTC, so a night starting over 2 h
			// (local) before the on-call does, or ending over 2 h after it,
			// is not inside it.
			if la < oc.ls-120 || lb-120 > oc.le {
				continue
			}
			a, b := utcOfLocal(la), utcOfLocal(lb)
			if a < oc.s || b > oc.e {
				continue
			}
			if a < lastA {
				i = firstEndAfter(list, a)
			}
			for i < len(list) && list[i].e <= a {
				i++
			}
			lastA = a
			if hasRest(list, i, a, b, r.MinMinutes) {
				continue
			}
			if best, _ := longestRestFrom(list, i, a, b); best < r.MinMinutes {
				c.add(Violation, a, b, hours(best), hours(r.MinMinutes), "h", oc.line,
					"On call the night from %s to %s the longest continuous rest is %s; at least %s is required.",
					aLocal(a), aLocal(b), aMinutes(best), aMinutes(r.MinMinutes))
			}
		}
		if r.Fraction > 0 {
			n := oc.e - oc.s
			rest := n - c.sumIn(oc.s, oc.e)
			if float64(rest) < r.Fraction*float64(n) {
				c.add(Violation, oc.s, oc.e, hours(rest), r.Fraction*hours(n), "h", oc.line,
					"Only %s of the %s on call from %s is rest; at least %.0f%% is required.",
					aMinutes(rest), aMinutes(n), aLocal(oc.s), aFloat(r.Fraction*100))
			}
		}
	}
}

func (c *Checker) offBlocks() {
	r := c.rule
	days := int64(r.DaysByRota[c.ndRota()])
	if days <= 0 || len(r.Blocks) < 2 || len(c.duty) == 0 {
		return
	}
	small, big := r.Blocks[0], r.Blocks[1]
	total := int64(7 * c.weeks)
	if total < days {
		c.notChecked(fmt.Sprintf("%s: the rota covers %d days, fewer than the %d-day period", r.ID, total, days))
		return
	}
	for k := int64(0); k+days <= total; k += days {
		a, b := localMidnight(c.firstDay+k), localMidnight(c.firstDay+k+days)
		var g1, g2 int64 // the two longest gaps
		i := firstEndAfter(c.duty, a)
		cur := a
		for ; ; i++ {
			next := b
			if i < len(c.duty) && c.duty[i].s < b {
				next = c.duty[i].s
			}
			g := next - cur
			if g > g1 {
				g1, g2 = g, g1
			} else if g > g2 {
				g2 = g
			}
			if next == b {
				break
			}
			cur = max(cur, c.duty[i].e)
		}
		if g1 < big || g2 < small {
			c.add(Violation, a, b, hours(g2), hours(small), "h", 0,
				"In the %d days from %s the longest off-duty blocks are %s and %s; at least %s and %s are required.",
				aInt(int64(days)), aDay(a), aMinutes(g1), aMinutes(g2), aMinutes(big), aMinutes(small))
		}
	}
}

func (c *Checker) summarise() {
	s := &c.rep.Summary
	if c.weeks > 0 {
		s.From, s.To, s.Weeks = fromUnixMin(c.from), fromUnixMin(c.to), c.weeks
	}
	var work int64
	if !c.cycle {
		s.Periods, s.OnCall, s.CallOuts, s.Leave = len(c.raw), c.nOC, c.nCO, c.nLeave
		s.Shifts = s.Periods - c.nOC - c.nCO - c.nLeave
	}
	for _, it := range c.raw {
		if !c.cycle {
			break // counted in prepare
		}
		if it.s < c.from || it.s >= c.to {
			continue
		}
		s.Periods++
		switch {
		case it.flags&fWork != 0:
			s.Shifts++
		case it.flags&fOnCall != 0:
			s.OnCall++
		case it.flags&fCallOut != 0:
			s.CallOuts++
		default:
			s.Leave++
		}
	}
	if c.weeks > 0 {
		if c.weeks <= 26 || c.cycle {
			work, _, _, _ = c.worstAverage(false, 26) // the whole span: cached
		} else {
			work = c.sumIn(c.from, c.to)
		}
		s.AvgWeekly = float64(work*100/int64(c.weeks)/60) / 100
	}
	s.WorkHours = hours(work)
	if !c.cycle && c.haveDefs {
		// classify listed them for the flags the work items carry
		s.NightShifts, s.LongShifts = len(c.nights), len(c.longs)
		return
	}
	for i := range c.work {
		it := &c.work[i]
		if c.cycle && (it.s < c.from || it.s >= c.to) {
			continue
		}
		if it.flags&fNight != 0 {
			s.NightShifts++
		}
		if it.flags&fLong != 0 {
			s.LongShifts++
		}
	}
}

// kindFlag is the item flag of a period's kind (the length test first: a
// cheap rejection before the string comparison).
func kindFlag(k roster.Kind) uint8 {
	switch {
	case len(k) == 4 && k == roster.Work:
		return fWork
	case k == roster.OnCall:
		return fOnCall
	}
	return fLeave
}
