package draft

import (
	"slices"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
	"github.com/rotaguard/rotaguard/internal/solve"
)

func date(y int, m time.Month, d int) roster.Date { return roster.Date{Year: y, Month: m, Day: d} }

var (
	dept  = roster.Department{ID: 1, OrgID: 1, Name: "Acute Medicine"}
	day   = roster.ShiftType{ID: 11, DepartmentID: 1, Code: "D", Name: "Day", StartMinute: 8 * 60, LengthMinutes: 9 * 60, Kind: roster.Work}
	late  = roster.ShiftType{ID: 12, DepartmentID: 1, Code: "E", Name: "Evening", StartMinute: 14 * 60, LengthMinutes: 8 * 60, Kind: roster.Work}
	night = roster.ShiftType{ID: 13, DepartmentID: 1, Code: "N", Name: "Night", StartMinute: 20*60 + 30, LengthMinutes: 12 * 60, Kind: roster.Work}
	al    = roster.ShiftType{ID: 14, DepartmentID: 1, Code: "AL", Name: "Annual leave", StartMinute: 0, LengthMinutes: 24 * 60, Kind: roster.Leave}
)

func doctors(n int) []roster.Doctor {
	var out []roster.Doctor
	for i := range n {
		d := roster.Doctor{ID: roster.ID(101 + i), OrgID: 1, DepartmentID: 1, GMC: "700000" + string(rune('1'+i)),
			GivenName: "Doc", FamilyName: string(rune('A' + i)), Grade: roster.ST3,
			Contract: roster.Contract{Kind: roster.TCS2016, NodalPoint: 4}, LTFTPercent: 100, Status: roster.Active}
		out = append(out, d)
	}
	return out
}

func everyDay(shift roster.ID, n int) []roster.Requirement {
	var out []roster.Requirement
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		out = append(out, roster.Requirement{DepartmentID: 1, ShiftTypeID: shift, Weekday: wd, Min: n, WeightUnder: 100, WeightOver: 1})
	}
	return out
}

func leaveDay(doc roster.ID, d roster.Date) roster.Assignment {
	s, e := al.On(d)
	return roster.Assignment{ID: 900 + doc, DoctorID: doc, DepartmentID: 1, ShiftTypeID: al.ID, Kind: roster.Leave, Start: s, End: e, Version: 1}
}

// A small department over two weeks: cover met, leave kept, requests
// granted, and the rules engine finds no breach.
func TestSmallDepartment(t *testing.T) {
	from := date(2026, time.March, 2) // a Monday
	docs := doctors(6)
	reqs := append(everyDay(day.ID, 1), everyDay(night.ID, 1)...)
	reqs = append(reqs, everyDay(late.ID, 1)...)
	in := Input{
		Department: dept, Shifts: []roster.ShiftType{day, late, night, al}, Doctors: docs, Requirements: reqs,
		Existing: []roster.Assignment{leaveDay(101, from.AddDays(2)), leaveDay(101, from.AddDays(3)), leaveDay(102, from.AddDays(9))},
		Requests: []roster.Request{
			{DoctorID: 103, Date: from.AddDays(4), Weight: 50},                                 // off any shift
			{DoctorID: 104, Date: from.AddDays(5), ShiftTypeID: late.ID, On: true, Weight: 50}, // wants the evening
		},
		From: from, To: from.AddDays(14),
	}
	m, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(m.Problem.Employees); got != 6 {
		t.Fatalf("%d employees, want 6", got)
	}
	// The night (ends 08:30) may not be followed by a day (08:00) or an
	// evening (14:00, 5 h 30 min rest) next day.
	n := m.Problem.ShiftIndex("N")
	if f := m.Problem.Shifts[n].Forbidden; !slices.Equal(f, []int{m.Problem.ShiftIndex("D"), m.Problem.ShiftIndex("E")}) {
		t.Errorf("night's forbidden successors %v", f)
	}
	e0 := m.Problem.Employees[0]
	if !slices.Equal(e0.DaysOff, []int{2, 3}) || e0.MaxConsecutive != 6 || e0.MinConsecutiveOff != 2 || e0.MaxWeekends != 1 || e0.MaxMinutes != 2*48*60 {
		t.Errorf("doctor 101's limits %+v", e0)
	}
	res, err := Run(t.Context(), m, Options{MaxIters: 200000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Feasible || len(res.ModelViolations) > 0 {
		t.Errorf("not feasible: %v", res.ModelViolations)
	}
	if res.Shortfall != 0 {
		t.Errorf("cover shortfall %d", res.Shortfall)
	}
	if res.Violations != 0 {
		for _, f := range res.Findings {
			for _, v := range f.Violations {
				t.Errorf("%s: %s %s", f.Name, v.Rule, v.Message)
			}
		}
	}
	if res.RequestsRefused != 0 || res.Requests != 2 {
		t.Errorf("requests %d refused of %d", res.RequestsRefused, res.Requests)
	}
	// Independent checks on the assignments themselves.
	perDay := map[roster.Date]map[roster.ID]int{}
	for _, a := range res.Assigned {
		d := roster.DateOf(a.Start.In(roster.London))
		if perDay[d] == nil {
			perDay[d] = map[roster.ID]int{}
		}
		perDay[d][a.ShiftTypeID]++
		if a.DoctorID == 101 && (d == from.AddDays(2) || d == from.AddDays(3)) || a.DoctorID == 102 && d == from.AddDays(9) {
			t.Errorf("doctor %d works %s while on leave", a.DoctorID, d)
		}
		if a.DoctorID == 103 && d == from.AddDays(4) {
			t.Errorf("doctor 103's day-off request on %s refused", d)
		}
		if a.DepartmentID != dept.ID || a.ID != 0 || a.Kind != roster.Work {
			t.Errorf("assignment %+v", a)
		}
	}
	for i := range 14 {
		d := from.AddDays(i)
		for _, st := range []roster.ShiftType{day, late, night} {
			if perDay[d][st.ID] != 1 {
				t.Errorf("%s %s: %d doctors, want 1", d, st.Code, perDay[d][st.ID])
			}
		}
	}
	if res.Grid[0][2] != OnLeave || res.Grid[0][3] != OnLeave {
		t.Errorf("grid row 0 does not show the leave: %v", res.Grid[0])
	}
	// The rules engine over each doctor's drafted periods, independently.
	for _, doc := range docs {
		var mine []roster.Assignment
		for _, a := range res.Assigned {
			if a.DoctorID == doc.ID {
				mine = append(mine, a)
			}
		}
		rep := rules.Check(rules.ProfileOf(doc), rules.AppendAssignments(nil, "x", mine))
		if len(rep.Violations) > 0 {
			t.Errorf("doctor %d: %d breaches, first %s", doc.ID, len(rep.Violations), rep.Violations[0].Message)
		}
	}
}

// Rest between shifts on consecutive days: exactly 11 h is allowed, 10 h
// 59 min is not; over the March clock change the night loses an hour.
func TestForbiddenSuccession(t *testing.T) {
	days := []roster.Date{date(2026, time.January, 12)}
	endsAt := func(min int) roster.ShiftType { // a shift ending at min past midnight
		return roster.ShiftType{Code: "A", StartMinute: min - 8*60, LengthMinutes: 8 * 60, Kind: roster.Work}
	}
	next := roster.ShiftType{Code: "B", StartMinute: 8 * 60, LengthMinutes: 9 * 60, Kind: roster.Work}
	tests := []struct {
		name string
		prev roster.ShiftType
		days []roster.Date
		want bool
	}{
		{"ends 21:00, 11 h rest", endsAt(21 * 60), days, false},
		{"ends 21:01, 10 h 59 min rest", endsAt(21*60 + 1), days, true},
		{"ends 20:59, 11 h 1 min rest", endsAt(21*60 - 1), days, false},
		{"night ending 08:30", night, days, true},
		// The clocks go forward at 01:00 on 29 March 2026: a shift ending
		// 21:00 on the 28th leaves only 10 h before 08:00 on the 29th.
		{"ends 21:00 before spring forward", endsAt(21 * 60), []roster.Date{date(2026, time.March, 28)}, true},
		{"ends 22:00 before autumn back", endsAt(22 * 60), []roster.Date{date(2026, time.October, 24)}, false},
		{"ends 22:00 normal week", endsAt(22 * 60), days, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Forbidden(tt.prev, next, tt.days, MinRestMinutes); got != tt.want {
				t.Errorf("Forbidden = %v, want %v", got, tt.want)
			}
		})
	}
}

// A draft over the October clock change: the Saturday night lasts 13 h of
// real time, every other night 12 h; the instants are those of London.
func TestClockChangeInstants(t *testing.T) {
	from := date(2026, time.October, 19) // the week holding Sunday 25 October
	in := Input{Department: dept, Shifts: []roster.ShiftType{day, night}, Doctors: doctors(5),
		Requirements: everyDay(night.ID, 1), From: from, To: from.AddDays(7)}
	m, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(t.Context(), m, Options{MaxIters: 50000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Shortfall != 0 {
		t.Fatalf("shortfall %d", res.Shortfall)
	}
	nights := 0
	for _, a := range res.Assigned {
		if a.ShiftTypeID != night.ID {
			continue
		}
		nights++
		local := a.Start.In(roster.London)
		if local.Hour() != 20 || local.Minute() != 30 {
			t.Errorf("night starts %s local", local)
		}
		want := 12 * time.Hour
		if roster.DateOf(local) == date(2026, time.October, 24) {
			want = 13 * time.Hour
			if a.Start != time.Date(2026, time.October, 24, 19, 30, 0, 0, time.UTC) || a.End != time.Date(2026, time.October, 25, 8, 30, 0, 0, time.UTC) {
				t.Errorf("Saturday night %s–%s UTC", a.Start, a.End)
			}
		}
		if got := a.End.Sub(a.Start); got != want {
			t.Errorf("night of %s lasts %s, want %s", roster.DateOf(local), got, want)
		}
	}
	if nights != 7 {
		t.Errorf("%d nights, want 7", nights)
	}
}

func TestDefaultRequirements(t *testing.T) {
	tpl := roster.RotaTemplate{DepartmentID: 1, Name: "t", Weeks: 2, Lines: [][]string{
		{"D", "D", "D", "D", "D", "", "", "N", "N", "N", "", "", "", ""},
		{"N", "N", "N", "", "", "", "", "D", "D/E", "D", "D", "D", "", ""},
	}}
	got := DefaultRequirements(1, []roster.ShiftType{day, late, night, al}, []roster.RotaTemplate{tpl})
	type k struct {
		s  roster.ID
		wd time.Weekday
	}
	want := map[k]int{
		// Monday: D in line 1 week 1 and line 2 week 2 = 2 cells / 2 weeks = 1.
		{day.ID, time.Monday}: 1, {day.ID, time.Tuesday}: 1, {day.ID, time.Wednesday}: 1, {day.ID, time.Thursday}: 1, {day.ID, time.Friday}: 1,
		{night.ID, time.Monday}: 1, {night.ID, time.Tuesday}: 1, {night.ID, time.Wednesday}: 1,
		// Tuesday E: 1 cell / 2 weeks = 0.5, rounded half away from zero to 1.
		{late.ID, time.Tuesday}: 1,
	}
	if len(got) != len(want) {
		t.Errorf("got %d requirements, want %d: %+v", len(got), len(want), got)
	}
	for _, r := range got {
		if want[k{r.ShiftTypeID, r.Weekday}] != r.Min || r.WeightUnder != roster.DefaultWeightUnder || r.DepartmentID != 1 {
			t.Errorf("requirement %+v", r)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("invalid: %v", err)
		}
	}
}

func TestLimitsFor(t *testing.T) {
	tcs := doctors(1)[0]
	old := tcs
	old.Contract.TCSVersion = "2016-08"
	nd := tcs
	nd.Contract = roster.Contract{Kind: roster.NewDeal2002, Band: "1A"}
	optOut := tcs
	optOut.Contract.OptOut = true
	tests := []struct {
		name    string
		doc     roster.Doctor
		longest int
		want    Limits
	}{
		{"2016 terms (2019), 9 h shifts", tcs, 540, Limits{AvgWeeklyMinutes: 2880, MaxConsecutive: 7, DaysOffAfterNights: 2, WeekendOneIn: 3}},
		{"2016 terms (2019), 12 h 30 min shifts: 72 h in 168", tcs, 750, Limits{AvgWeeklyMinutes: 2880, MaxConsecutive: 5, DaysOffAfterNights: 2, WeekendOneIn: 3}},
		{"2016 terms (2016-08)", old, 540, Limits{AvgWeeklyMinutes: 2880, MaxConsecutive: 8, DaysOffAfterNights: 2, WeekendOneIn: 2}},
		{"opt-out: 56 h", optOut, 540, Limits{AvgWeeklyMinutes: 3360, MaxConsecutive: 7, DaysOffAfterNights: 2, WeekendOneIn: 3}},
		{"New Deal: WTR 48 h, 13 days", nd, 540, Limits{AvgWeeklyMinutes: 2880, MaxConsecutive: 13, DaysOffAfterNights: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LimitsFor(tt.doc, tt.longest); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	l := Limits{WeekendOneIn: 3}
	for n, want := range map[int]int{1: 1, 2: 1, 3: 1, 5: 1, 6: 2, 9: 3} {
		if got := l.MaxWeekends(n); got != want {
			t.Errorf("MaxWeekends(%d) = %d, want %d", n, got, want)
		}
	}
}

// Kept assignments are pinned and come back with their IDs; work in
// another department and the day's rest after a night before the period
// keep the doctor off.
func TestKeepAndBoundary(t *testing.T) {
	from := date(2026, time.March, 2)
	docs := doctors(4)
	ks, ke := day.On(from.AddDays(1))
	kept := roster.Assignment{ID: 500, DoctorID: 101, DepartmentID: 1, ShiftTypeID: day.ID, Kind: roster.Work, Start: ks, End: ke, Version: 3}
	os, oe := day.On(from.AddDays(3))
	other := roster.Assignment{ID: 501, DoctorID: 102, DepartmentID: 2, Kind: roster.Work, Start: os, End: oe, Version: 1}
	ns, ne := night.On(from.AddDays(-1))
	before := roster.Assignment{ID: 502, DoctorID: 103, DepartmentID: 1, ShiftTypeID: night.ID, Kind: roster.Work, Start: ns, End: ne, Version: 1}
	in := Input{Department: dept, Shifts: []roster.ShiftType{day, night}, Doctors: docs, Requirements: everyDay(day.ID, 2),
		Existing: []roster.Assignment{kept, other, before}, Keep: true, From: from, To: from.AddDays(7)}
	m, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(m.Problem.Pins, solve.Pin{Emp: 0, Day: 1, Shift: m.Problem.ShiftIndex("D")}) {
		t.Errorf("kept day not pinned: %+v", m.Problem.Pins)
	}
	if !slices.Contains(m.Problem.Employees[1].DaysOff, 3) {
		t.Errorf("other department's day not off: %v", m.Problem.Employees[1].DaysOff)
	}
	res, err := Run(t.Context(), m, Options{MaxIters: 30000, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	var sawKept bool
	for _, a := range res.Assigned {
		if a.ID == 500 && a.Version == 3 {
			sawKept = true
		}
		d := roster.DateOf(a.Start.In(roster.London))
		if a.DoctorID == 103 && d == from && a.ShiftTypeID == day.ID {
			t.Errorf("doctor 103 works the day of %s straight after a night ending 08:30", d)
		}
		if a.DoctorID == 102 && d == from.AddDays(3) {
			t.Errorf("doctor 102 drafted on a day worked in another department")
		}
	}
	if !sawKept {
		t.Errorf("kept assignment missing from the draft")
	}
	if res.Violations != 0 || res.Shortfall != 0 {
		t.Errorf("%d breaches, shortfall %d: %+v", res.Violations, res.Shortfall, res.Findings)
	}
}

func TestBuildErrors(t *testing.T) {
	from := date(2026, time.March, 2)
	tests := []struct {
		name string
		in   Input
	}{
		{"empty period", Input{Department: dept, Shifts: []roster.ShiftType{day}, Doctors: doctors(2), From: from, To: from}},
		{"no shift types", Input{Department: dept, Shifts: []roster.ShiftType{al}, Doctors: doctors(2), From: from, To: from.AddDays(7)}},
		{"no doctors", Input{Department: dept, Shifts: []roster.ShiftType{day}, From: from, To: from.AddDays(7)}},
		{"too long", Input{Department: dept, Shifts: []roster.ShiftType{day}, Doctors: doctors(2), From: from, To: from.AddDays(400)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Build(tt.in); roster.ErrorCode(err) != roster.Invalid {
				t.Errorf("error %v, want invalid", err)
			}
		})
	}
}

// A Friday night runs into Saturday, so the rules count it as a weekend
// worked though the model (Saturday and Sunday days) does not. The model's
// own limit holds; where Friday nights push a doctor over 1 in 3, the
// rules engine reports the breach against the doctor (the engine is the
// truth) and the later rounds try to move such nights.
func TestWeekendFrequency(t *testing.T) {
	from := date(2026, time.January, 5) // 4 weeks from a Monday
	var reqs []roster.Requirement
	reqs = append(reqs, roster.Requirement{DepartmentID: 1, ShiftTypeID: night.ID, Weekday: time.Friday, Min: 1, WeightUnder: 100})
	for _, wd := range []time.Weekday{time.Saturday, time.Sunday} {
		reqs = append(reqs, roster.Requirement{DepartmentID: 1, ShiftTypeID: day.ID, Weekday: wd, Min: 1, WeightUnder: 100})
	}
	m, err := Build(Input{Department: dept, Shifts: []roster.ShiftType{day, night}, Doctors: doctors(8), Requirements: reqs,
		From: from, To: from.AddDays(28)})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Problem.Employees[0].MaxWeekends; got != 1 {
		t.Fatalf("MaxWeekends %d, want 1 (1 in 3 over 4 weeks)", got)
	}
	res, err := Run(t.Context(), m, Options{MaxIters: 30000, Rounds: 4, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if res.Shortfall != 0 || !res.Feasible {
		t.Errorf("shortfall %d, feasible %v", res.Shortfall, res.Feasible)
	}
	// No shift where none is wanted (no filler for the hours floor).
	for _, a := range res.Assigned {
		wd := roster.DateOf(a.Start.In(roster.London)).Weekday()
		if a.ShiftTypeID == night.ID && wd != time.Friday || a.ShiftTypeID == day.ID && wd != time.Saturday && wd != time.Sunday {
			t.Errorf("unwanted shift %s", roster.FormatLocal(a.Start))
		}
	}
	// Count each doctor's weekends both ways.
	for e, doc := range m.Doctors {
		model, rulesWk := map[roster.Date]bool{}, map[roster.Date]bool{}
		var first, last roster.Date
		for _, a := range res.Assigned {
			if a.DoctorID != doc.ID {
				continue
			}
			d := roster.DateOf(a.Start.In(roster.London))
			if first.IsZero() {
				first = d
			}
			last = d
			switch d.Weekday() {
			case time.Saturday:
				model[d], rulesWk[d] = true, true
			case time.Sunday:
				model[d.AddDays(-1)], rulesWk[d.AddDays(-1)] = true, true
			case time.Friday:
				rulesWk[d.AddDays(1)] = true // the night runs into Saturday
			}
		}
		if len(model) > m.Problem.Employees[e].MaxWeekends {
			t.Errorf("doctor %d works %d weekends in the model, limit %d", doc.ID, len(model), m.Problem.Employees[e].MaxWeekends)
		}
		breach := false
		for _, f := range res.Findings {
			for _, v := range f.Violations {
				if f.DoctorID == doc.ID && v.Rule == "TCS2016-WEEKEND-FREQ" {
					breach = true
				}
			}
		}
		// The engine judges 1 in 3 over the weeks the doctor's shifts span,
		// and not at all over fewer than 3 weeks.
		weeks := (first.DaysUntil(last) + 7) / 7
		if want := weeks >= 3 && 3*len(rulesWk) > weeks; breach != want {
			t.Errorf("doctor %d: %d weekends as the rules count them over %d weeks, breach reported %v", doc.ID, len(rulesWk), weeks, breach)
		}
	}
}
