// Package draft generates draft rotas: it maps a department's rota
// problem (shift types, cover requirements, doctors with their contracts,
// leave and requests, over a period of days) onto the general solver's
// model (package solve), runs the solver, maps the roster back to
// assignments at real instants, and checks every doctor with the rules
// engine (package rules), which is the truth: the solver's model is an
// approximation of the contract rules, and breaches it cannot express are
// fed back to it as days off and searched again.
//
// The package imports only the standard library, roster, rules and solve.
package draft

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
	"github.com/rotaguard/rotaguard/internal/solve"
)

// Input is a department's rota problem over the local days [From, To).
type Input struct {
	Department roster.Department
	// Shifts are the department's shift types; leave types are ignored.
	Shifts []roster.ShiftType
	// Doctors to roster; those not active are left out.
	Doctors []roster.Doctor
	// Requirements is the cover wanted; see DefaultRequirements when the
	// department has none.
	Requirements []roster.Requirement
	Requests     []roster.Request
	// Existing are the doctors' assignments overlapping the period (and
	// the day before it): leave becomes days off; work and on-call in
	// another department become days off; this department's work and
	// on-call is pinned when Keep is set, otherwise replaced.
	Existing []roster.Assignment
	Keep     bool
	From, To roster.Date
}

// MinRestMinutes is the least rest between shifts on consecutive days
// (TCS2016-REST11, WTR-DAILYREST11): a succession with less is forbidden.
const MinRestMinutes = 11 * 60

// restWeight is the weight of the off-requests that keep the rest after
// the last shift before the period (not a doctor's request).
const restWeight = 1000

// Model is a built problem and the mapping back to the register.
type Model struct {
	Problem *solve.Problem
	In      Input
	Days    []roster.Date
	Shifts  []roster.ShiftType // Problem.Shifts order
	Doctors []roster.Doctor    // Problem.Employees order
	// Kept[e][d] is the existing assignment pinned for doctor e on day d.
	Kept map[[2]int]roster.Assignment
	// Leave[e][d] marks days the doctor is on leave (shown in the grid).
	Leave [][]bool
	// Fixed are the existing assignments that stay as they are (leave,
	// other departments' work, kept work): checked with the draft.
	Fixed map[roster.ID][]roster.Assignment
	// Prior is each doctor's last shift before the period, checked with
	// the draft for the rest between them.
	Prior map[roster.ID]roster.Assignment
	// Notes explain the approximations made for each doctor, by ID.
	Notes map[roster.ID][]string
	// Cover[d][s] is the wanted cover (min, max) of shift s on day d.
	Cover [][]CoverNeed
}

// CoverNeed is the cover wanted for one shift on one day.
type CoverNeed struct {
	Min, Max                int
	WeightUnder, WeightOver int
}

// Build maps in to a solve.Problem.
func Build(in Input) (*Model, error) {
	if in.From.IsZero() || in.To.IsZero() || !in.From.Before(in.To) {
		return nil, roster.FieldErrorf("to", "the period must end (%s) after it starts (%s)", in.To, in.From)
	}
	nd := in.From.DaysUntil(in.To)
	if nd > 26*7 {
		return nil, roster.FieldErrorf("to", "a draft covers at most 26 weeks, not %d days", nd)
	}
	m := &Model{In: in, Kept: map[[2]int]roster.Assignment{}, Fixed: map[roster.ID][]roster.Assignment{}, Prior: map[roster.ID]roster.Assignment{}, Notes: map[roster.ID][]string{}}
	for i := range nd {
		m.Days = append(m.Days, in.From.AddDays(i))
	}
	shiftIdx := map[roster.ID]int{}
	for _, st := range in.Shifts {
		if st.Kind == roster.Leave {
			continue
		}
		shiftIdx[st.ID] = len(m.Shifts)
		m.Shifts = append(m.Shifts, st)
	}
	if len(m.Shifts) == 0 {
		return nil, roster.Errorf(roster.Invalid, "department %s has no work or on-call shift types to roster", in.Department.Name)
	}
	for _, d := range in.Doctors {
		if d.Status == roster.Active {
			m.Doctors = append(m.Doctors, d)
		}
	}
	if len(m.Doctors) == 0 {
		return nil, roster.Errorf(roster.Invalid, "department %s has no active doctors", in.Department.Name)
	}
	p := &solve.Problem{
		Name:         fmt.Sprintf("%s %s–%s", in.Department.Name, in.From, in.To.AddDays(-1)),
		Days:         nd,
		FirstWeekday: in.From.Weekday(),
	}
	m.Problem = p
	S := len(m.Shifts)
	for _, st := range m.Shifts {
		s := solve.Shift{ID: st.Code, Minutes: st.LengthMinutes}
		if s.ID == "" {
			s.ID = strconv.FormatInt(st.ID, 10)
		}
		for j, next := range m.Shifts {
			if Forbidden(st, next, m.Days, MinRestMinutes) {
				s.Forbidden = append(s.Forbidden, j)
			}
		}
		p.Shifts = append(p.Shifts, s)
	}
	// Cover.
	m.Cover = make([][]CoverNeed, nd)
	req := map[[2]int64]roster.Requirement{}
	for _, r := range in.Requirements {
		req[[2]int64{r.ShiftTypeID, int64(r.Weekday)}] = r
	}
	demand := 0 // minutes of cover wanted
	for d, day := range m.Days {
		m.Cover[d] = make([]CoverNeed, S)
		for s, st := range m.Shifts {
			r, ok := req[[2]int64{st.ID, int64(day.Weekday())}]
			if !ok {
				// Nobody is wanted: each doctor put there costs a little,
				// so that no shift is added where none is asked for.
				p.Cover = append(p.Cover, solve.Cover{Day: d, Shift: s, Requirement: 0, WeightOver: roster.DefaultWeightOver})
				continue
			}
			c := CoverNeed{Min: r.Min, Max: r.Max, WeightUnder: r.WeightUnder, WeightOver: r.WeightOver}
			m.Cover[d][s] = c
			demand += r.Min * st.LengthMinutes
			p.Cover = append(p.Cover, solve.Cover{Day: d, Shift: s, Requirement: r.Min, WeightUnder: r.WeightUnder, WeightOver: r.WeightOver})
		}
	}
	// Doctors.
	docIdx := map[roster.ID]int{}
	for e, doc := range m.Doctors {
		docIdx[doc.ID] = e
	}
	m.Leave = make([][]bool, len(m.Doctors))
	daysOff := make([]map[int]bool, len(m.Doctors))
	lastEnd := make([]time.Time, len(m.Doctors)) // last work before the period
	periodStart := in.From.In(roster.London)
	periodEnd := in.To.In(roster.London)
	for e := range m.Doctors {
		m.Leave[e] = make([]bool, nd)
		daysOff[e] = map[int]bool{}
	}
	for _, a := range in.Existing {
		e, ok := docIdx[a.DoctorID]
		if !ok || !a.Start.Before(periodEnd) {
			continue
		}
		if a.Kind != roster.Leave && a.Start.Before(periodStart) {
			// Work before the period (or across its start) bounds the
			// rest before day 0.
			if a.Kind == roster.Work && a.End.After(lastEnd[e]) {
				lastEnd[e] = a.End
				m.Prior[a.DoctorID] = a
			}
			continue
		}
		if !a.End.After(periodStart) {
			continue
		}
		first, last := m.dayRange(a)
		switch {
		case a.Kind == roster.Leave:
			for d := first; d <= last; d++ {
				m.Leave[e][d] = true
				daysOff[e][d] = true
			}
			m.Fixed[a.DoctorID] = append(m.Fixed[a.DoctorID], a)
		case a.DepartmentID != in.Department.ID:
			for d := first; d <= last; d++ {
				daysOff[e][d] = true
			}
			m.Fixed[a.DoctorID] = append(m.Fixed[a.DoctorID], a)
		case in.Keep:
			s, ok := shiftIdx[a.ShiftTypeID]
			if ok && first == last && m.Kept[[2]int{e, first}].ID == 0 {
				m.Kept[[2]int{e, first}] = a
				p.Pins = append(p.Pins, solve.Pin{Emp: e, Day: first, Shift: s})
			} else {
				for d := first; d <= last; d++ {
					daysOff[e][d] = true
				}
			}
			m.Fixed[a.DoctorID] = append(m.Fixed[a.DoctorID], a)
		}
	}
	longest := 0
	hasNight := false
	for _, st := range m.Shifts {
		longest = max(longest, st.LengthMinutes)
		hasNight = hasNight || IsNight(st)
	}
	// Rest around work that stays fixed (the last shift before the period,
	// work in another department, kept shifts that are not pinned): a
	// shift that would leave less than MinRestMinutes before or after it
	// is kept off with a heavy off-request, or the day is off when no
	// shift would fit.
	restBlocked := make([]map[int][]int, len(m.Doctors))
	for e, doc := range m.Doctors {
		var fixed [][2]time.Time
		if !lastEnd[e].IsZero() {
			fixed = append(fixed, [2]time.Time{lastEnd[e].Add(-time.Minute), lastEnd[e]})
		}
		for _, a := range m.Fixed[doc.ID] {
			if a.Kind == roster.Work {
				if !m.pinned(e, a) {
					fixed = append(fixed, [2]time.Time{a.Start, a.End})
				}
			}
		}
		if len(fixed) == 0 {
			continue
		}
		restBlocked[e] = map[int][]int{}
		for d := range m.Days {
			if daysOff[e][d] {
				continue
			}
			var blocked []int
			for s, st := range m.Shifts {
				start, end := st.On(m.Days[d])
				for _, f := range fixed {
					if start.Before(f[1].Add(MinRestMinutes*time.Minute)) && f[0].Before(end.Add(MinRestMinutes*time.Minute)) {
						blocked = append(blocked, s)
						break
					}
				}
			}
			switch {
			case len(blocked) == S:
				daysOff[e][d] = true
			case len(blocked) > 0:
				restBlocked[e][d] = blocked
			}
		}
	}
	weekends := p.Weekends()
	mins := make([]int, len(m.Doctors))
	totalMin := 0
	for e, doc := range m.Doctors {
		lim := LimitsFor(doc, longest)
		emp := solve.Employee{ID: strconv.FormatInt(doc.ID, 10), MaxShifts: make([]int, S)}
		for s := range emp.MaxShifts {
			emp.MaxShifts[s] = nd
		}
		// Rotation dates: no work outside the doctor's rotation.
		for d, day := range m.Days {
			if !doc.RotationStart.IsZero() && day.Before(doc.RotationStart) || !doc.RotationEnd.IsZero() && day.After(doc.RotationEnd) {
				daysOff[e][d] = true
			}
		}
		avail := 0
		for d := range m.Days {
			if !daysOff[e][d] {
				avail++
			}
		}
		ltft := doc.LTFT()
		if lim.AvgWeeklyMinutes > 0 {
			emp.MaxMinutes = int(math.Floor(float64(lim.AvgWeeklyMinutes) * float64(nd) / 7 * ltft))
		} else {
			emp.MaxMinutes = nd * 24 * 60
		}
		// Contracted hours, less leave, less a quarter as tolerance.
		contracted := 40 * 60 * ltft * float64(avail) / 7
		mins[e] = int(0.75 * contracted)
		emp.MaxConsecutive = lim.MaxConsecutive
		emp.MinConsecutive = 0
		if hasNight {
			emp.MinConsecutiveOff = lim.DaysOffAfterNights
			m.Notes[doc.ID] = append(m.Notes[doc.ID], fmt.Sprintf("runs of days off of at least %d (rest after nights)", lim.DaysOffAfterNights))
		}
		emp.MaxWeekends = lim.MaxWeekends(weekends)
		for d := range daysOff[e] {
			emp.DaysOff = append(emp.DaysOff, d)
		}
		slices.Sort(emp.DaysOff)
		p.Employees = append(p.Employees, emp)
		totalMin += mins[e]
		for d := range m.Days {
			for _, s := range restBlocked[e][d] {
				p.OffRequests = append(p.OffRequests, solve.Request{Emp: e, Day: d, Shift: s, Weight: restWeight})
			}
		}
	}
	// Minimum hours only as far as the cover wanted needs them: never
	// force more work than the department asks for.
	scale := 1.0
	if totalMin > 0 && float64(totalMin) > 0.9*float64(demand) {
		scale = 0.9 * float64(demand) / float64(totalMin)
	}
	for e := range p.Employees {
		emp := &p.Employees[e]
		// Less one longest shift: shifts come whole, and a floor a shift
		// short of the next one would force an extra shift nobody asked for.
		emp.MinMinutes = max(0, min(int(float64(mins[e])*scale)-longest, emp.MaxMinutes-longest))
	}
	// Requests.
	for _, r := range in.Requests {
		e, ok := docIdx[r.DoctorID]
		if !ok || r.Date.Before(in.From) || !r.Date.Before(in.To) {
			continue
		}
		d := in.From.DaysUntil(r.Date)
		w := max(r.Weight, 1)
		if r.ShiftTypeID != 0 {
			s, ok := shiftIdx[r.ShiftTypeID]
			if !ok {
				continue
			}
			if r.On {
				p.OnRequests = append(p.OnRequests, solve.Request{Emp: e, Day: d, Shift: s, Weight: w})
			} else {
				p.OffRequests = append(p.OffRequests, solve.Request{Emp: e, Day: d, Shift: s, Weight: w})
			}
			continue
		}
		if !r.On {
			for s := range m.Shifts {
				p.OffRequests = append(p.OffRequests, solve.Request{Emp: e, Day: d, Shift: s, Weight: w})
			}
		}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return m, nil
}

// dayRange returns the first and last period days (indices) that a's
// local start days fall on, clamped to the period: a night belongs to the
// day it starts; leave covers every day it touches.
func (m *Model) dayRange(a roster.Assignment) (first, last int) {
	n := len(m.Days)
	first = m.In.From.DaysUntil(roster.DateOf(a.Start.In(roster.London)))
	if a.Kind == roster.Leave {
		last = m.In.From.DaysUntil(roster.DateOf(a.End.Add(-time.Minute).In(roster.London)))
	} else {
		last = first
	}
	return max(first, 0), min(last, n-1)
}

// Forbidden reports whether shift next may not follow shift prev on the
// next day because the rest between them would be under minRest minutes
// on some day of days (real elapsed time: a clock change shortens or
// lengthens the rest across it).
func Forbidden(prev, next roster.ShiftType, days []roster.Date, minRest int) bool {
	if len(days) == 0 {
		days = []roster.Date{{Year: 2026, Month: time.January, Day: 5}}
	}
	for _, d := range days {
		_, end := prev.On(d)
		start, _ := next.On(d.AddDays(1))
		if roster.Minutes(start.Sub(end)) < int64(minRest) {
			return true
		}
	}
	return false
}

// IsNight reports whether a shift type is a night shift: at least 3 h of
// it falls between 23:00 and 06:00 (DEF-NIGHT).
func IsNight(st roster.ShiftType) bool {
	s, e := st.StartMinute, st.StartMinute+st.LengthMinutes
	overlap := 0
	for day := -1; day <= 7 && day*1440 < e; day++ {
		ws, we := day*1440+23*60, day*1440+30*60
		overlap += max(0, min(e, we)-max(s, ws))
	}
	return overlap >= 180
}

// Limits are the contract limits of one doctor as the solver's model
// expresses them.
type Limits struct {
	// AvgWeeklyMinutes is the average weekly work limit (0: none).
	AvgWeeklyMinutes int
	// MaxConsecutive is the most consecutive days worked.
	MaxConsecutive int
	// DaysOffAfterNights is the shortest run of days off (the 46 h rest
	// after nights needs two days off).
	DaysOffAfterNights int
	// WeekendOneIn is the weekend frequency limit "1 in n" (0: none).
	WeekendOneIn int
}

// MaxWeekends is how many of n weekends the doctor may work: n / oneIn,
// but at least one when the period is too short for the rules engine to
// judge the frequency.
func (l Limits) MaxWeekends(n int) int {
	if l.WeekendOneIn <= 0 {
		return n
	}
	if n < l.WeekendOneIn {
		return min(1, n)
	}
	return n / l.WeekendOneIn
}

// LimitsFor reads a doctor's limits from the rule sets that apply to
// them (rules.DefaultRuleSets): the contract terms are data, not code.
// longest is the longest shift in the department, for the 72-hours-in-
// 168 rule, which caps a run at 72 h / longest shifts.
func LimitsFor(doc roster.Doctor, longest int) Limits {
	prof := rules.ProfileOf(doc)
	l := Limits{MaxConsecutive: 13, DaysOffAfterNights: 1}
	for _, rs := range rules.DefaultRuleSets(prof) {
		for _, r := range rs.Rules {
			switch {
			case r.Check == "avg_weekly" && r.Of == "work":
				lim := r.LimitMinutes
				if doc.Contract.OptOut && r.OptOutLimitMinutes != 0 {
					if r.OptOutLimitMinutes < 0 {
						continue
					}
					lim = r.OptOutLimitMinutes
				}
				if l.AvgWeeklyMinutes == 0 || int(lim) < l.AvgWeeklyMinutes {
					l.AvgWeeklyMinutes = int(lim)
				}
			case r.Check == "run_max" && (r.Of == "shift_or_oncall" || r.Of == "duty" || r.Of == "work"):
				l.MaxConsecutive = min(l.MaxConsecutive, r.MaxCount)
			case r.Check == "window_max" && r.Of == "work" && r.WindowMinutes == 7*24*60 && longest > 0:
				l.MaxConsecutive = min(l.MaxConsecutive, max(1, int(r.LimitMinutes)/longest))
			case r.Check == "rest_after_nights":
				l.DaysOffAfterNights = max(l.DaysOffAfterNights, int((r.MinMinutes+1439)/1440))
			case r.Check == "weekend_freq":
				l.WeekendOneIn = r.MaxOneIn
			}
		}
	}
	return l
}

// DefaultRequirements derives cover requirements from a department's rota
// templates: for each shift code and weekday, the number of template
// cells holding it (a cell may hold several codes joined by "/") divided
// by the template's weeks, rounded; summed over the templates. Codes not
// among shifts are ignored.
func DefaultRequirements(departmentID roster.ID, shifts []roster.ShiftType, templates []roster.RotaTemplate) []roster.Requirement {
	byCode := map[string]roster.ShiftType{}
	for _, st := range shifts {
		if st.Kind != roster.Leave {
			byCode[st.Code] = st
		}
	}
	type key struct {
		shift roster.ID
		wd    time.Weekday
	}
	total := map[key]float64{}
	for _, t := range templates {
		if t.Weeks <= 0 {
			continue
		}
		count := map[key]int{}
		for _, line := range t.Lines {
			for j, cell := range line {
				wd := time.Weekday((j + 1) % 7) // lines start on a Monday
				for _, code := range splitCodes(cell) {
					if st, ok := byCode[code]; ok {
						count[key{st.ID, wd}]++
					}
				}
			}
		}
		for k, n := range count {
			total[k] += float64(n) / float64(t.Weeks)
		}
	}
	var out []roster.Requirement
	for k, v := range total {
		if n := int(math.Round(v)); n > 0 {
			out = append(out, roster.Requirement{DepartmentID: departmentID, ShiftTypeID: k.shift, Weekday: k.wd, Min: n,
				WeightUnder: roster.DefaultWeightUnder, WeightOver: roster.DefaultWeightOver})
		}
	}
	slices.SortFunc(out, roster.CompareRequirements)
	return out
}

func splitCodes(cell string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(cell); i++ {
		if i == len(cell) || cell[i] == '/' {
			if c := trim(cell[start:i]); c != "" && c != "-" {
				out = append(out, c)
			}
			start = i + 1
		}
	}
	return out
}

func trim(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}
