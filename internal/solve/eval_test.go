package solve

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// twoShifts is a 14-day problem starting on a Monday (weekends: days 5-6
// and 12-13) with shifts E (480 min) and N (600 min, must not be followed
// by E) and one employee whose limits are all loose; tests tighten one.
func twoShifts(tweak func(*Employee), pins ...Pin) *Problem {
	emp := Employee{ID: "A", MaxShifts: []int{14, 14}, MinMinutes: 0, MaxMinutes: 100000,
		MaxConsecutive: 14, MinConsecutive: 1, MinConsecutiveOff: 1, MaxWeekends: 2}
	if tweak != nil {
		tweak(&emp)
	}
	return &Problem{Name: "two-shifts", Days: 14, FirstWeekday: time.Monday,
		Shifts:    []Shift{{ID: "E", Minutes: 480}, {ID: "N", Minutes: 600, Forbidden: []int{0}}},
		Employees: []Employee{emp}, Pins: pins}
}

// lines builds a roster from one string per employee, one character per
// day: a shift id (single letter) or '.' for a day off.
func lines(p *Problem, rows ...string) Roster {
	r := NewRoster(p)
	for e, row := range rows {
		for d, c := range row {
			if c != '.' {
				r[e][d] = p.ShiftIndex(string(c))
			}
		}
	}
	return r
}

func TestEvaluateHardConstraints(t *testing.T) {
	tests := []struct {
		name  string
		tweak func(*Employee)
		pins  []Pin
		line  string
		want  []Constraint // broken constraints, in report order
	}{
		{"all off", nil, nil, "..............", nil},
		{"E then N allowed", nil, nil, "EN............", nil},
		{"N then E forbidden", nil, nil, "NE............", []Constraint{Succession}},
		{"N day off E allowed", nil, nil, "N.E...........", nil},
		{"N then E at the end of the horizon", nil, nil, "............NE", []Constraint{Succession}},

		{"max shifts at limit", func(e *Employee) { e.MaxShifts[0] = 3 }, nil, "EEE...........", nil},
		{"max shifts one over", func(e *Employee) { e.MaxShifts[0] = 3 }, nil, "EEE.E.........", []Constraint{MaxShiftsOfType}},
		{"max shifts zero", func(e *Employee) { e.MaxShifts[1] = 0 }, nil, "N.............", []Constraint{MaxShiftsOfType}},

		{"min minutes at limit", func(e *Employee) { e.MinMinutes = 1440 }, nil, "EEE...........", nil},
		{"min minutes one short", func(e *Employee) { e.MinMinutes = 1441 }, nil, "EEE...........", []Constraint{TotalMinutes}},
		{"max minutes at limit", func(e *Employee) { e.MaxMinutes = 1560 }, nil, "EEN...........", nil},
		{"max minutes one over", func(e *Employee) { e.MaxMinutes = 1559 }, nil, "EEN...........", []Constraint{TotalMinutes}},

		{"max consecutive at limit", func(e *Employee) { e.MaxConsecutive = 3 }, nil, ".EEE..........", nil},
		{"max consecutive one over", func(e *Employee) { e.MaxConsecutive = 3 }, nil, ".EEEE.........", []Constraint{MaxConsecutive}},
		{"max consecutive applies at the start", func(e *Employee) { e.MaxConsecutive = 3 }, nil, "EEEE..........", []Constraint{MaxConsecutive}},
		{"max consecutive applies at the end", func(e *Employee) { e.MaxConsecutive = 3 }, nil, "..........EEEE", []Constraint{MaxConsecutive}},

		{"min consecutive at limit", func(e *Employee) { e.MinConsecutive = 2 }, nil, ".EE...........", nil},
		{"min consecutive one short", func(e *Employee) { e.MinConsecutive = 2 }, nil, ".E............", []Constraint{MinConsecutive}},
		{"min consecutive exempt at the start", func(e *Employee) { e.MinConsecutive = 2 }, nil, "E.............", nil},
		{"min consecutive exempt at the end", func(e *Employee) { e.MinConsecutive = 2 }, nil, ".............E", nil},

		{"min days off at limit", func(e *Employee) { e.MinConsecutiveOff = 2 }, nil, "E..E..........", nil},
		{"min days off one short", func(e *Employee) { e.MinConsecutiveOff = 2 }, nil, "E.E...........", []Constraint{MinConsecutiveOff}},
		{"min days off exempt at the start", func(e *Employee) { e.MinConsecutiveOff = 2 }, nil, ".EEEEEEEEEEEEE", nil},
		{"min days off exempt at the end", func(e *Employee) { e.MinConsecutiveOff = 2 }, nil, "EEEEEEEEEEEEE.", nil},

		{"one weekend, both days", func(e *Employee) { e.MaxWeekends = 1 }, nil, ".....EE.......", nil},
		{"two weekends, limit one", func(e *Employee) { e.MaxWeekends = 1 }, nil, ".....E......E.", []Constraint{MaxWeekends}},
		{"two weekends, limit two", func(e *Employee) { e.MaxWeekends = 2 }, nil, "......E.....E.", nil},
		{"Sunday and next Saturday are two weekends", func(e *Employee) { e.MaxWeekends = 1 }, nil, "......E.....E.", []Constraint{MaxWeekends}},

		{"day off kept", func(e *Employee) { e.DaysOff = []int{4} }, nil, "...E.E........", nil},
		{"day off worked", func(e *Employee) { e.DaysOff = []int{4} }, nil, "....E.........", []Constraint{DayOff}},

		{"pin to a shift kept", nil, []Pin{{0, 0, 0}}, "E.............", nil},
		{"pin to a shift broken", nil, []Pin{{0, 0, 0}}, "..............", []Constraint{Pinned}},
		{"pin to a day off broken", nil, []Pin{{0, 1, Off}}, ".N............", []Constraint{Pinned}},

		{"several at once", func(e *Employee) { e.MaxConsecutive = 2; e.MinConsecutiveOff = 2 }, nil, "NEE.E.........",
			[]Constraint{Succession, MaxConsecutive, MinConsecutiveOff}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := twoShifts(tt.tweak, tt.pins...)
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			res, err := Evaluate(p, lines(p, tt.line))
			if err != nil {
				t.Fatal(err)
			}
			var got []Constraint
			for _, v := range res.Violations {
				got = append(got, v.Constraint)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("violations %v, want %v (%v)", got, tt.want, res.Violations)
			}
			if res.Feasible() != (len(tt.want) == 0) {
				t.Errorf("Feasible() = %t with violations %v", res.Feasible(), res.Violations)
			}
			// The search's own line evaluation must agree on feasibility
			// (days off and pins it never breaks: they restrict its moves).
			if len(tt.pins) == 0 && !slices.Contains(tt.want, DayOff) {
				m := compile(p)
				line := make([]int8, p.Days)
				for d, x := range lines(p, tt.line)[0] {
					line[d] = int8(x + 1)
				}
				h, _ := m.evalLine(0, line, &lineScratch{counts: make([]int, len(p.Shifts))})
				if (h == 0) != (len(tt.want) == 0) {
					t.Errorf("evalLine hard units %d, want violations %v", h, tt.want)
				}
			}
		})
	}
}

func TestEvaluateObjective(t *testing.T) {
	p := &Problem{Name: "objective", Days: 7, FirstWeekday: time.Monday,
		Shifts: []Shift{{ID: "E", Minutes: 480}, {ID: "N", Minutes: 600, Forbidden: []int{0}}}}
	for _, id := range []string{"A", "B"} {
		p.Employees = append(p.Employees, Employee{ID: id, MaxShifts: []int{7, 7}, MaxMinutes: 10000,
			MaxConsecutive: 7, MinConsecutive: 1, MinConsecutiveOff: 1, MaxWeekends: 1})
	}
	p.OnRequests = []Request{{0, 0, 0, 2}, {1, 1, 1, 3}}
	p.OffRequests = []Request{{0, 2, 0, 1}, {1, 3, 1, 4}}
	p.Cover = []Cover{
		{Day: 0, Shift: 0, Requirement: 2, WeightUnder: 100, WeightOver: 1},
		{Day: 1, Shift: 1, Requirement: 1, WeightUnder: 50, WeightOver: 5},
		{Day: 2, Shift: 0, Requirement: 0, WeightUnder: 100, WeightOver: 2},
		{Day: 3, Shift: 1, Requirement: 3, WeightUnder: 7, WeightOver: 1},
	}
	tests := []struct {
		name                            string
		a, b                            string
		on, off, under, over, objective int
	}{
		// A: E on day 0 (on-request granted), E on day 2 (off-request: 1).
		// B: E on day 1 instead of the requested N (3), N on day 3 (off-request: 4).
		// Cover: day 0 E 2/2; day 1 N 0/1 -> 50; day 2 E 1/0 -> 2; day 3 N 1/3 -> 14.
		{"mixed", "E.E....", "EE.N...", 3, 5, 64, 2, 74},
		// Nobody works: both on-requests missed (5); every cover row under.
		{"empty", ".......", ".......", 5, 0, 200 + 50 + 21, 0, 276},
		// Over-cover: day 0 E 2/2, day 1 N 2/1 -> 5; day 2 E 2/0 -> 4.
		{"over", "ENE....", "ENE....", 0, 1, 21, 9, 31},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Evaluate(p, lines(p, tt.a, tt.b))
			if err != nil {
				t.Fatal(err)
			}
			got := [5]int{res.OnRequest, res.OffRequest, res.CoverUnder, res.CoverOver, res.Objective}
			want := [5]int{tt.on, tt.off, tt.under, tt.over, tt.objective}
			if got != want {
				t.Errorf("on/off/under/over/objective = %v, want %v", got, want)
			}
		})
	}
}

func TestEvaluateShape(t *testing.T) {
	p := twoShifts(nil)
	if _, err := Evaluate(p, Roster{}); err == nil || !strings.Contains(err.Error(), "1 employees") {
		t.Errorf("missing line: err = %v", err)
	}
	if _, err := Evaluate(p, Roster{make([]int, 3)}); err == nil || !strings.Contains(err.Error(), "3 days") {
		t.Errorf("short line: err = %v", err)
	}
	res, err := Evaluate(p, Roster{{5, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}})
	if err != nil || res.Feasible() || res.Violations[0].Constraint != UnknownShift {
		t.Errorf("unknown shift index: %v %v", res, err)
	}
}

func TestWeekendOf(t *testing.T) {
	tests := []struct {
		first time.Weekday
		days  int
		want  []int
	}{
		{time.Monday, 14, []int{-1, -1, -1, -1, -1, 0, 0, -1, -1, -1, -1, -1, 1, 1}},
		{time.Sunday, 8, []int{0, -1, -1, -1, -1, -1, 1, 1}},
		{time.Saturday, 9, []int{0, 0, -1, -1, -1, -1, -1, 1, 1}},
		{time.Wednesday, 7, []int{-1, -1, -1, 0, 0, -1, -1}},
	}
	for _, tt := range tests {
		p := &Problem{Days: tt.days, FirstWeekday: tt.first}
		var got []int
		for d := 0; d < tt.days; d++ {
			got = append(got, p.WeekendOf(d))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("first %v: weekends %v, want %v", tt.first, got, tt.want)
		}
		if n := p.Weekends(); n != slices.Max(tt.want)+1 {
			t.Errorf("first %v: Weekends() = %d", tt.first, n)
		}
	}
}
