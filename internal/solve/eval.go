package solve

import (
	"fmt"
)

// Constraint names a hard constraint in a Violation.
type Constraint string

// The hard constraints, numbered as in the Curtois–Qu benchmark
// description (docs/solver.md), plus pins.
const (
	OneShiftPerDay    Constraint = "one-shift-per-day" // 1: guaranteed by the Roster type; checked on read
	Succession        Constraint = "succession"        // 2
	MaxShiftsOfType   Constraint = "max-shifts"        // 3
	TotalMinutes      Constraint = "total-minutes"     // 4
	MaxConsecutive    Constraint = "max-consecutive"   // 5
	MinConsecutive    Constraint = "min-consecutive"   // 6
	MinConsecutiveOff Constraint = "min-days-off"      // 7
	MaxWeekends       Constraint = "max-weekends"      // 8
	DayOff            Constraint = "day-off"           // 9
	Pinned            Constraint = "pinned"
	UnknownShift      Constraint = "unknown-shift"
)

// Violation is one broken hard constraint.
type Violation struct {
	Constraint Constraint
	Emp        int // employee index
	Day        int // first day concerned, or -1 for the whole horizon
	Message    string
}

func (v Violation) String() string {
	return fmt.Sprintf("%s: %s", v.Constraint, v.Message)
}

// Result is the evaluation of a roster.
type Result struct {
	// Objective is the sum of the soft terms below.
	Objective  int
	OnRequest  int // weights of on-requests not granted
	OffRequest int // weights of off-requests not granted
	CoverUnder int // under-cover penalties
	CoverOver  int // over-cover penalties
	Violations []Violation
}

// Feasible reports whether no hard constraint is broken.
func (r *Result) Feasible() bool { return len(r.Violations) == 0 }

// Evaluate checks every hard constraint of r against p and computes the
// objective. r must have one line of p.Days entries per employee.
func Evaluate(p *Problem, r Roster) (*Result, error) {
	if len(r) != len(p.Employees) {
		return nil, fmt.Errorf("roster has %d lines for %d employees", len(r), len(p.Employees))
	}
	for e := range r {
		if len(r[e]) != p.Days {
			return nil, fmt.Errorf("roster line %d (employee %s) has %d days, want %d", e+1, p.Employees[e].ID, len(r[e]), p.Days)
		}
	}
	res := &Result{}
	viol := func(c Constraint, e, d int, format string, args ...any) {
		res.Violations = append(res.Violations, Violation{Constraint: c, Emp: e, Day: d,
			Message: fmt.Sprintf("employee %s: ", p.Employees[e].ID) + fmt.Sprintf(format, args...)})
	}
	S := len(p.Shifts)
	isWork := func(x int) bool { return x >= 0 && x < S }
	for e, emp := range p.Employees {
		line := r[e]
		counts := make([]int, S)
		minutes := 0
		for d, x := range line {
			if x == Off {
				continue
			}
			if !isWork(x) {
				viol(UnknownShift, e, d, "day %d: shift index %d is not a shift type", d, x)
				continue
			}
			counts[x]++
			minutes += p.Shifts[x].Minutes
			if d+1 < p.Days && isWork(line[d+1]) {
				for _, f := range p.Shifts[x].Forbidden {
					if f == line[d+1] {
						viol(Succession, e, d, "day %d: shift %s must not be followed by %s on day %d",
							d, p.Shifts[x].ID, p.Shifts[f].ID, d+1)
					}
				}
			}
		}
		for s, c := range counts {
			if c > emp.MaxShifts[s] {
				viol(MaxShiftsOfType, e, -1, "works shift %s %d times, limit %d", p.Shifts[s].ID, c, emp.MaxShifts[s])
			}
		}
		if minutes < emp.MinMinutes {
			viol(TotalMinutes, e, -1, "works %d minutes, minimum %d", minutes, emp.MinMinutes)
		}
		if minutes > emp.MaxMinutes {
			viol(TotalMinutes, e, -1, "works %d minutes, maximum %d", minutes, emp.MaxMinutes)
		}
		// Runs of working days and of days off.
		for start := 0; start < p.Days; {
			work := isWork(line[start])
			end := start
			for end+1 < p.Days && isWork(line[end+1]) == work {
				end++
			}
			n := end - start + 1
			inner := start > 0 && end < p.Days-1
			switch {
			case work && n > emp.MaxConsecutive:
				viol(MaxConsecutive, e, start, "works %d consecutive days from day %d, maximum %d", n, start, emp.MaxConsecutive)
			case work && inner && n < emp.MinConsecutive:
				viol(MinConsecutive, e, start, "works %d consecutive days from day %d, minimum %d", n, start, emp.MinConsecutive)
			case !work && inner && n < emp.MinConsecutiveOff:
				viol(MinConsecutiveOff, e, start, "has %d consecutive days off from day %d, minimum %d", n, start, emp.MinConsecutiveOff)
			}
			start = end + 1
		}
		worked := map[int]bool{}
		for d, x := range line {
			if w := p.WeekendOf(d); w >= 0 && isWork(x) {
				worked[w] = true
			}
		}
		if len(worked) > emp.MaxWeekends {
			viol(MaxWeekends, e, -1, "works %d weekends, maximum %d", len(worked), emp.MaxWeekends)
		}
		for _, d := range emp.DaysOff {
			if isWork(line[d]) {
				viol(DayOff, e, d, "works shift %s on day %d, a day that must be off", p.Shifts[line[d]].ID, d)
			}
		}
	}
	for _, pin := range p.Pins {
		if got := r[pin.Emp][pin.Day]; got != pin.Shift {
			viol(Pinned, pin.Emp, pin.Day, "day %d is pinned to %s but has %s", pin.Day, shiftName(p, pin.Shift), shiftName(p, got))
		}
	}
	for _, q := range p.OnRequests {
		if r[q.Emp][q.Day] != q.Shift {
			res.OnRequest += q.Weight
		}
	}
	for _, q := range p.OffRequests {
		if r[q.Emp][q.Day] == q.Shift {
			res.OffRequest += q.Weight
		}
	}
	n := make([]int, p.Days*S)
	for e := range r {
		for d, x := range r[e] {
			if isWork(x) {
				n[d*S+x]++
			}
		}
	}
	for _, c := range p.Cover {
		got := n[c.Day*S+c.Shift]
		if got < c.Requirement {
			res.CoverUnder += c.WeightUnder * (c.Requirement - got)
		} else {
			res.CoverOver += c.WeightOver * (got - c.Requirement)
		}
	}
	res.Objective = res.OnRequest + res.OffRequest + res.CoverUnder + res.CoverOver
	return res, nil
}

func shiftName(p *Problem, x int) string {
	if x == Off {
		return "a day off"
	}
	if x >= 0 && x < len(p.Shifts) {
		return "shift " + p.Shifts[x].ID
	}
	return fmt.Sprintf("shift index %d", x)
}
