package pay

import (
	"math/big"
	"sort"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// Period is one rostered period of one doctor in a rota cycle, as real
// instants (half-open [Start, End)).
type Period struct {
	Start, End time.Time
	Kind       roster.Kind
	// ExpectedWorkMinutes is, for a non-resident on-call period, the work
	// the doctor is expected to do while on call (PAY-ONCALLWORK). It is
	// ignored for shifts, which count in full.
	ExpectedWorkMinutes int64
}

// MeasureOptions chooses between readings of the spec.
type MeasureOptions struct {
	// LateFinish2019 applies the 2019 amendment of DEF-NIGHT-ENH as we
	// read it (spec Q3, confidence L): every hour of a shift that
	// finishes after 00:00 and at or before 04:00 is enhanced.
	LateFinish2019 bool
}

// Measures are what pay needs from a doctor's rota cycle. Every count
// is over the whole cycle; averages divide by Weeks.
type Measures struct {
	// Weeks is the length of the rota cycle.
	Weeks int `json:"weeks"`
	// ShiftMinutes is the total length of rostered (resident) shifts.
	ShiftMinutes int64 `json:"shift_minutes"`
	// OnCallWorkMinutes is the expected work done while on non-resident on-call.
	OnCallWorkMinutes int64 `json:"oncall_work_minutes"`
	// EnhancedMinutes is the work that attracts the night enhancement
	// (DEF-NIGHT-ENH). Expected on-call work is taken to be spread evenly
	// over the on-call period, so this may be a fraction of a minute.
	EnhancedMinutes *big.Rat `json:"-"`
	// Weekends is the number of distinct weekends with any work or
	// on-call between 00:01 Saturday and 23:59 Sunday (DEF-WEEKEND-2016).
	Weekends int `json:"weekends"`
	// OnCallPeriods is the number of non-resident on-call periods; any at
	// all is an on-call commitment (PAY-ONCALL8).
	OnCallPeriods int `json:"oncall_periods"`
}

// WorkMinutes returns all work: shifts plus expected on-call work.
func (m Measures) WorkMinutes() int64 { return m.ShiftMinutes + m.OnCallWorkMinutes }

// AverageWeeklyHours returns the exact average hours of work a week.
func (m Measures) AverageWeeklyHours() *big.Rat {
	if m.Weeks <= 0 {
		return new(big.Rat)
	}
	return big.NewRat(m.WorkMinutes(), int64(60*m.Weeks))
}

// AverageEnhancedHours returns the exact average enhanced hours a week.
func (m Measures) AverageEnhancedHours() *big.Rat {
	if m.Weeks <= 0 || m.EnhancedMinutes == nil {
		return new(big.Rat)
	}
	return new(big.Rat).Quo(m.EnhancedMinutes, big.NewRat(int64(60*m.Weeks), 1))
}

// WeekendFrequency returns Weekends ÷ Weeks exactly.
func (m Measures) WeekendFrequency() *big.Rat {
	if m.Weeks <= 0 {
		return new(big.Rat)
	}
	return big.NewRat(int64(m.Weekends), int64(m.Weeks))
}

// CycleWeeks returns the rota cycle: the whole number of weeks from the
// Monday on or before the local date of the earliest start to the Sunday
// on or after the local date of the latest start, and that Monday.
// It returns 0 weeks for no periods.
func CycleWeeks(periods []Period) (weeks int, monday roster.Date) {
	if len(periods) == 0 {
		return 0, roster.Date{}
	}
	first, last := periods[0].Start, periods[0].Start
	for _, p := range periods[1:] {
		if p.Start.Before(first) {
			first = p.Start
		}
		if p.Start.After(last) {
			last = p.Start
		}
	}
	fd := roster.DateOf(first.In(roster.London))
	ld := roster.DateOf(last.In(roster.London))
	monday = fd.AddDays(-((int(fd.Weekday()) + 6) % 7))
	sunday := ld.AddDays((7 - int(ld.Weekday())) % 7)
	return (monday.DaysUntil(sunday) + 1) / 7, monday
}

// Measure computes a doctor's Measures from their periods over a cycle
// of the given number of weeks. A work period wholly inside one of the
// doctor's on-call periods is a call-out: on-call work, enhanced only for
// its time between 21:00 and 07:00. Leave periods are ignored.
func Measure(periods []Period, weeks int, opt MeasureOptions) Measures {
	m := Measures{Weeks: weeks, EnhancedMinutes: new(big.Rat)}
	var enhanced int64 // whole enhanced minutes; spread on-call work goes straight to m.EnhancedMinutes
	weekends := map[roster.Date]bool{}
	var onCalls []span
	for _, p := range periods {
		if p.Kind == roster.OnCall {
			onCalls = append(onCalls, span{p.Start, p.End})
		}
	}
	callOut := func(p Period) bool {
		for _, s := range onCalls {
			if !p.Start.Before(s.from) && !p.End.After(s.to) {
				return true
			}
		}
		return false
	}
	for _, p := range periods {
		if !p.End.After(p.Start) {
			continue
		}
		switch p.Kind {
		case roster.Work:
			if callOut(p) {
				// Work done while on call (spec C-2): its night part is
				// enhanced; the shift rules of DEF-NIGHT-ENH do not apply.
				m.OnCallWorkMinutes += roster.Minutes(p.End.Sub(p.Start))
				night := overlapMinutes(p.Start, p.End, nightWindows(p.Start, p.End))
				enhanced += night
				continue // its weekend is counted by the on-call period
			}
			m.ShiftMinutes += roster.Minutes(p.End.Sub(p.Start))
			enhanced += ShiftEnhancedMinutes(p.Start, p.End, opt)
		case roster.OnCall:
			m.OnCallPeriods++
			if p.ExpectedWorkMinutes > 0 {
				m.OnCallWorkMinutes += p.ExpectedWorkMinutes
				total := roster.Minutes(p.End.Sub(p.Start))
				night := overlapMinutes(p.Start, p.End, nightWindows(p.Start, p.End))
				m.EnhancedMinutes.Add(m.EnhancedMinutes, big.NewRat(p.ExpectedWorkMinutes*night, total))
			}
		default:
			continue
		}
		for _, sat := range WeekendsTouched(p.Start, p.End) {
			weekends[sat] = true
		}
	}
	m.EnhancedMinutes.Add(m.EnhancedMinutes, big.NewRat(enhanced, 1))
	m.Weekends = len(weekends)
	if weeks > 0 && m.Weekends > weeks {
		m.Weekends = weeks
	}
	return m
}

type span struct{ from, to time.Time }

// nightWindows returns the local 21:00–07:00 windows that may overlap [start, end).
func nightWindows(start, end time.Time) []span {
	d := roster.DateOf(start.In(roster.London)).AddDays(-1)
	last := roster.DateOf(end.In(roster.London))
	var ws []span
	for ; !d.After(last); d = d.AddDays(1) {
		ws = append(ws, span{
			time.Date(d.Year, d.Month, d.Day, 21, 0, 0, 0, roster.London),
			time.Date(d.Year, d.Month, d.Day+1, 7, 0, 0, 0, roster.London),
		})
	}
	return ws
}

// overlapMinutes returns the whole minutes of [start, end) covered by
// the union of spans.
func overlapMinutes(start, end time.Time, spans []span) int64 {
	var clipped []span
	for _, s := range spans {
		if s.from.Before(start) {
			s.from = start
		}
		if s.to.After(end) {
			s.to = end
		}
		if s.to.After(s.from) {
			clipped = append(clipped, s)
		}
	}
	sort.Slice(clipped, func(i, j int) bool { return clipped[i].from.Before(clipped[j].from) })
	var total time.Duration
	var cur span
	for i, s := range clipped {
		switch {
		case i == 0:
			cur = s
		case !s.from.After(cur.to):
			if s.to.After(cur.to) {
				cur.to = s.to
			}
		default:
			total += cur.to.Sub(cur.from)
			cur = s
		}
	}
	if len(clipped) > 0 {
		total += cur.to.Sub(cur.from)
	}
	return roster.Minutes(total)
}

// ShiftEnhancedMinutes returns the minutes of a shift that attract the
// night enhancement (DEF-NIGHT-ENH): time between 21:00 and 07:00 local;
// plus, for a shift of at least 8 hours starting between 20:00 and 23:59,
// all of its time up to 10:00 the next morning; plus, with
// opt.LateFinish2019, the whole of a shift finishing after 00:00 and at
// or before 04:00. Lengths are real elapsed minutes, so a night over the
// October clock change has an extra enhanced hour.
func ShiftEnhancedMinutes(start, end time.Time, opt MeasureOptions) int64 {
	total := roster.Minutes(end.Sub(start))
	le := end.In(roster.London)
	if opt.LateFinish2019 {
		if s := le.Hour()*3600 + le.Minute()*60 + le.Second(); s > 0 && s <= 4*3600 {
			return total
		}
	}
	spans := nightWindows(start, end)
	ls := start.In(roster.London)
	if sm := ls.Hour()*60 + ls.Minute(); total >= 8*60 && sm >= 20*60 {
		ten := time.Date(ls.Year(), ls.Month(), ls.Day()+1, 10, 0, 0, 0, roster.London)
		spans = append(spans, span{start, ten})
	}
	return overlapMinutes(start, end, spans)
}

// WeekendsTouched returns the Saturdays of the weekends that [start, end)
// has any time in, where a weekend runs from 00:01 Saturday to 23:59
// Sunday local time (DEF-WEEKEND-2016).
func WeekendsTouched(start, end time.Time) []roster.Date {
	d := roster.DateOf(start.In(roster.London)).AddDays(-1)
	last := roster.DateOf(end.In(roster.London))
	var sats []roster.Date
	for ; !d.After(last); d = d.AddDays(1) {
		if d.Weekday() != time.Saturday {
			continue
		}
		from := time.Date(d.Year, d.Month, d.Day, 0, 1, 0, 0, roster.London)
		to := time.Date(d.Year, d.Month, d.Day+1, 23, 59, 0, 0, roster.London)
		if start.Before(to) && from.Before(end) {
			sats = append(sats, d)
		}
	}
	return sats
}
