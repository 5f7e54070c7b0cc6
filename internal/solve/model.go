// Package solve is rotaguard's general rostering solver.
//
// A Problem is a horizon of days, shift types, employees with their
// contractual limits, requests to work or not work shifts, cover
// requirements per day and shift, and pinned assignments. A Roster gives
// every employee at most one shift per day. Evaluate checks every hard
// constraint of a roster and computes its objective; Solve searches for a
// feasible roster of least objective.
//
// The model is that of the Curtois–Qu shift scheduling benchmark (package
// solve/curtois reads and writes its files), extended with pinned
// assignments and a configurable first weekday so that a department's
// doctors' rota maps onto it: contract limits (hours, consecutive shifts,
// rest after nights, weekends) become employee limits and forbidden
// successions; leave becomes days off; the rota's staffing levels become
// cover requirements; fixed or already published shifts become pins.
package solve

import (
	"errors"
	"fmt"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// Off is the shift index of a day off in a Roster.
const Off = -1

// Shift is a shift type.
type Shift struct {
	ID      string
	Minutes int
	// Forbidden lists the indices (into Problem.Shifts) of shift types that
	// must not be worked on the day right after this shift.
	Forbidden []int
}

// Employee is one member of staff with their hard limits over the horizon.
type Employee struct {
	ID string
	// MaxShifts[s] is the most days the employee may work shift type s;
	// 0 means never. Its length equals len(Problem.Shifts).
	MaxShifts []int
	// MinMinutes and MaxMinutes bound the total length of the employee's shifts.
	MinMinutes, MaxMinutes int
	// MaxConsecutive bounds every run of consecutive working days;
	// MinConsecutive bounds runs that touch neither end of the horizon.
	MaxConsecutive, MinConsecutive int
	// MinConsecutiveOff bounds every run of days off that touches neither
	// end of the horizon.
	MinConsecutiveOff int
	// MaxWeekends bounds the number of weekends on which the employee works
	// (a weekend counts once whether one or both of its days are worked).
	MaxWeekends int
	// DaysOff are days (0-based) on which the employee must not work.
	DaysOff []int
}

// Request is a soft wish of an employee to work (on-request) or not work
// (off-request) shift Shift on day Day; Weight is added to the objective
// when it is not granted.
type Request struct {
	Emp, Day, Shift int
	Weight          int
}

// Cover is the preferred number of employees on shift Shift on day Day.
// Each missing employee costs WeightUnder; each extra one WeightOver.
type Cover struct {
	Day, Shift              int
	Requirement             int
	WeightUnder, WeightOver int
}

// Pin fixes employee Emp's assignment on day Day to Shift (or Off).
type Pin struct {
	Emp, Day, Shift int
}

// Problem is a rostering problem.
type Problem struct {
	Name string
	// Days is the number of days in the horizon.
	Days int
	// FirstWeekday is the weekday of day 0; weekends are Saturday+Sunday
	// pairs (a pair cut by the horizon counts as a weekend too).
	FirstWeekday time.Weekday
	Shifts       []Shift
	Employees    []Employee
	OnRequests   []Request
	OffRequests  []Request
	Cover        []Cover
	Pins         []Pin
}

// Roster assigns to each employee (outer index, Problem.Employees order)
// and day (inner index) a shift index or Off.
type Roster [][]int

// NewRoster returns an all-off roster for p.
func NewRoster(p *Problem) Roster {
	r := make(Roster, len(p.Employees))
	for e := range r {
		r[e] = make([]int, p.Days)
		for d := range r[e] {
			r[e][d] = Off
		}
	}
	return r
}

// Clone returns a deep copy of r.
func (r Roster) Clone() Roster {
	c := make(Roster, len(r))
	for e := range r {
		c[e] = append([]int(nil), r[e]...)
	}
	return c
}

// ShiftIndex returns the index of the shift type with the given id, or -1.
func (p *Problem) ShiftIndex(id string) int {
	for i, s := range p.Shifts {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// EmployeeIndex returns the index of the employee with the given id, or -1.
func (p *Problem) EmployeeIndex(id string) int {
	for i, e := range p.Employees {
		if e.ID == id {
			return i
		}
	}
	return -1
}

// WeekendOf returns the index of the weekend that contains day d, or -1
// when d is a weekday.
func (p *Problem) WeekendOf(d int) int {
	wd := (int(p.FirstWeekday) + d) % 7
	// Number of Saturdays up to day d inclusive, counting a horizon that
	// starts on a Sunday as having weekend 0 cut short.
	switch time.Weekday(wd) {
	case time.Saturday:
		return p.saturdayIndex(d)
	case time.Sunday:
		return p.saturdayIndex(d - 1)
	}
	return -1
}

// saturdayIndex numbers the weekend whose Saturday is day d (possibly -1).
func (p *Problem) saturdayIndex(d int) int {
	firstSat := (int(time.Saturday) - int(p.FirstWeekday) + 7) % 7
	if p.FirstWeekday == time.Sunday {
		// Day 0 is a Sunday: weekend 0 is the cut one; Saturday 6 opens weekend 1.
		return (d-firstSat)/7 + 1
	}
	return (d - firstSat) / 7
}

// Weekends returns the number of (possibly partial) weekends in the horizon.
func (p *Problem) Weekends() int {
	n := 0
	for d := 0; d < p.Days; d++ {
		if w := p.WeekendOf(d); w+1 > n {
			n = w + 1
		}
	}
	return n
}

// Validate checks that p is well formed: indices in range, limits
// consistent, one cover row per (day, shift) at most.
func (p *Problem) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, roster.FieldErrorf(field, format, args...))
	}
	if p.Days <= 0 {
		bad("days", "horizon must have at least one day, got %d", p.Days)
	}
	if len(p.Shifts) == 0 {
		bad("shifts", "no shift types")
	}
	ids := map[string]bool{}
	for i, s := range p.Shifts {
		if s.ID == "" {
			bad(fmt.Sprintf("shifts[%d].id", i), "empty shift id")
		}
		if ids[s.ID] {
			bad(fmt.Sprintf("shifts[%d].id", i), "duplicate shift id %q", s.ID)
		}
		ids[s.ID] = true
		if s.Minutes <= 0 {
			bad(fmt.Sprintf("shifts[%d].minutes", i), "length must be positive, got %d", s.Minutes)
		}
		for _, f := range s.Forbidden {
			if f < 0 || f >= len(p.Shifts) {
				bad(fmt.Sprintf("shifts[%d].forbidden", i), "shift index %d out of range", f)
			}
		}
	}
	eids := map[string]bool{}
	for i, e := range p.Employees {
		f := fmt.Sprintf("employees[%d]", i)
		if e.ID == "" {
			bad(f+".id", "empty employee id")
		}
		if eids[e.ID] {
			bad(f+".id", "duplicate employee id %q", e.ID)
		}
		eids[e.ID] = true
		if len(e.MaxShifts) != len(p.Shifts) {
			bad(f+".max_shifts", "has %d limits for %d shift types", len(e.MaxShifts), len(p.Shifts))
		}
		for s, m := range e.MaxShifts {
			if m < 0 {
				bad(f+".max_shifts", "negative limit %d for shift %d", m, s)
			}
		}
		if e.MinMinutes < 0 || e.MaxMinutes < e.MinMinutes {
			bad(f+".minutes", "need 0 <= min (%d) <= max (%d)", e.MinMinutes, e.MaxMinutes)
		}
		if e.MaxConsecutive < 1 || e.MinConsecutive < 0 || e.MinConsecutive > e.MaxConsecutive {
			bad(f+".consecutive", "need 0 <= min (%d) <= max (%d) and max >= 1", e.MinConsecutive, e.MaxConsecutive)
		}
		if e.MinConsecutiveOff < 0 {
			bad(f+".min_consecutive_off", "negative: %d", e.MinConsecutiveOff)
		}
		if e.MaxWeekends < 0 {
			bad(f+".max_weekends", "negative: %d", e.MaxWeekends)
		}
		for _, d := range e.DaysOff {
			if d < 0 || d >= p.Days {
				bad(f+".days_off", "day %d outside the horizon 0..%d", d, p.Days-1)
			}
		}
	}
	checkReq := func(name string, rs []Request) {
		for i, r := range rs {
			f := fmt.Sprintf("%s[%d]", name, i)
			if r.Emp < 0 || r.Emp >= len(p.Employees) {
				bad(f, "employee index %d out of range", r.Emp)
			}
			if r.Day < 0 || r.Day >= p.Days {
				bad(f, "day %d outside the horizon", r.Day)
			}
			if r.Shift < 0 || r.Shift >= len(p.Shifts) {
				bad(f, "shift index %d out of range", r.Shift)
			}
			if r.Weight < 0 {
				bad(f, "negative weight %d", r.Weight)
			}
		}
	}
	checkReq("on_requests", p.OnRequests)
	checkReq("off_requests", p.OffRequests)
	seen := map[[2]int]bool{}
	for i, c := range p.Cover {
		f := fmt.Sprintf("cover[%d]", i)
		if c.Day < 0 || c.Day >= p.Days || c.Shift < 0 || c.Shift >= len(p.Shifts) {
			bad(f, "day %d or shift %d out of range", c.Day, c.Shift)
			continue
		}
		if seen[[2]int{c.Day, c.Shift}] {
			bad(f, "second cover row for day %d shift %s", c.Day, p.Shifts[c.Shift].ID)
		}
		seen[[2]int{c.Day, c.Shift}] = true
		if c.Requirement < 0 || c.WeightUnder < 0 || c.WeightOver < 0 {
			bad(f, "negative requirement or weight")
		}
	}
	for i, pin := range p.Pins {
		f := fmt.Sprintf("pins[%d]", i)
		if pin.Emp < 0 || pin.Emp >= len(p.Employees) || pin.Day < 0 || pin.Day >= p.Days ||
			pin.Shift < Off || pin.Shift >= len(p.Shifts) {
			bad(f, "employee %d, day %d or shift %d out of range", pin.Emp, pin.Day, pin.Shift)
		}
	}
	return errors.Join(errs...)
}
