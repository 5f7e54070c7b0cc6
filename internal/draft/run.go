package draft

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
	"github.com/rotaguard/rotaguard/internal/solve"
)

// Options control Run.
type Options struct {
	// TimeLimit is the whole search's budget. MaxIters, when set, bounds
	// each solver round by moves instead (tests: reproducible and fast).
	TimeLimit time.Duration
	MaxIters  int64
	// Rounds is the most solver rounds (default: 8 with a time limit, 3
	// with MaxIters). After each round the rules engine checks the
	// roster; breaches become days off for the next round, which starts
	// from the best roster so far.
	Rounds  int
	Workers int
	Seed    uint64
	// Progress, if set, is called after each solver improvement and
	// after each round.
	Progress func(Progress)
}

// Progress reports how a run is going.
type Progress struct {
	Elapsed    time.Duration `json:"elapsed_ns"`
	Round      int           `json:"round"`
	Objective  int           `json:"objective"`
	Feasible   bool          `json:"feasible"`
	Violations int           `json:"solver_violations"` // hard-constraint units of the model
	// Shortfall and Breaches are known after each round (-1 before the first).
	Shortfall int `json:"cover_shortfall"`
	Breaches  int `json:"breaches"`
}

// Result is a draft rota.
type Result struct {
	From, To  roster.Date         `json:"-"`
	Days      []roster.Date       `json:"days"`
	Shifts    []ShiftInfo         `json:"shifts"`
	Doctors   []DoctorInfo        `json:"doctors"`
	Grid      [][]int             `json:"grid"` // [doctor][day]: shift index, Off (-1) or OnLeave (-2)
	Assigned  []roster.Assignment `json:"assignments"`
	Cover     []CoverDay          `json:"cover"`
	Shortfall int                 `json:"cover_shortfall"`
	Excess    int                 `json:"cover_excess"` // doctors above a maximum
	Objective int                 `json:"objective"`
	Feasible  bool                `json:"feasible"`
	// ModelViolations are the solver model's broken hard constraints.
	ModelViolations []string         `json:"model_violations,omitempty"`
	Findings        []DoctorFindings `json:"findings"`
	Violations      int              `json:"violations"`
	Warnings        int              `json:"warnings"`
	Requests        int              `json:"requests"`
	RequestsRefused int              `json:"requests_refused"`
	// KeptIDs are the existing assignments of the department in the
	// period that the draft keeps as they are (Input.Keep).
	KeptIDs       []roster.ID   `json:"kept_ids,omitempty"`
	Rounds        int           `json:"rounds"`
	RepairDaysOff int           `json:"repair_days_off"` // days off added after rules breaches
	Elapsed       time.Duration `json:"elapsed_ns"`
}

// OnLeave marks a leave day in Result.Grid.
const OnLeave = -2

// ShiftInfo is a shift type column of a draft.
type ShiftInfo struct {
	ID     roster.ID `json:"id"`
	Code   string    `json:"code"`
	Name   string    `json:"name"`
	Colour string    `json:"colour"`
}

// DoctorInfo is a doctor row of a draft.
type DoctorInfo struct {
	ID    roster.ID    `json:"id"`
	Name  string       `json:"name"`
	Grade roster.Grade `json:"grade"`
	Hours float64      `json:"hours"` // drafted work hours in the period
}

// CoverDay is one day's cover by shift type.
type CoverDay struct {
	Day    roster.Date  `json:"day"`
	Shifts []CoverShift `json:"shifts"`
}

// CoverShift is the cover of one shift on one day.
type CoverShift struct {
	Min      int `json:"min"`
	Max      int `json:"max,omitempty"`
	Assigned int `json:"assigned"`
}

// Short returns how many doctors are missing.
func (c CoverShift) Short() int { return max(0, c.Min-c.Assigned) }

// Over returns how many doctors are above the maximum.
func (c CoverShift) Over() int {
	if c.Max <= 0 {
		return 0
	}
	return max(0, c.Assigned-c.Max)
}

// DoctorFindings are the rules engine's findings for one doctor.
type DoctorFindings struct {
	DoctorID   roster.ID       `json:"doctor_id"`
	Name       string          `json:"name"`
	Violations []rules.Finding `json:"violations"`
	Warnings   []rules.Finding `json:"warnings"`
}

// Run solves m's problem and checks the result with the rules engine.
// It returns the best draft found when ctx ends early; the error is then
// ctx's (and the result may be nil if no round finished).
func Run(ctx context.Context, m *Model, opt Options) (*Result, error) {
	if opt.TimeLimit <= 0 && opt.MaxIters <= 0 {
		return nil, fmt.Errorf("draft: need a time limit or an iteration limit")
	}
	rounds := opt.Rounds
	if rounds <= 0 {
		rounds = 8
		if opt.MaxIters > 0 {
			rounds = 3
		}
	}
	start := time.Now()
	p := *m.Problem
	p.Pins = slices.Clone(p.Pins)
	var best *Result
	var bestRoster solve.Roster
	var initial solve.Roster
	repairs := 0
	last := Progress{Shortfall: -1, Breaches: -1}
	report := func(pr Progress) {
		if opt.Progress != nil {
			opt.Progress(pr)
		}
	}
	for round := 1; round <= rounds; round++ {
		so := solve.Options{Seed: opt.Seed + uint64(round), Workers: opt.Workers, MaxIters: opt.MaxIters, Initial: initial}
		if opt.TimeLimit > 0 {
			left := opt.TimeLimit - time.Since(start)
			if left <= 0 {
				break
			}
			// The first round gets half the budget; each later one half
			// of what is left (the last one all of it).
			so.TimeLimit = left / 2
			if round == rounds || left < 400*time.Millisecond {
				so.TimeLimit = left
			}
		}
		so.Progress = func(sp solve.Progress) {
			last.Elapsed, last.Round = time.Since(start), round
			last.Objective, last.Feasible, last.Violations = sp.Objective, sp.Feasible, sp.Violations
			report(last)
		}
		sol, err := solve.Solve(ctx, &p, so)
		if err != nil {
			return best, err
		}
		// Moves judged by the rules engine itself, within a share of the
		// budget (or a number of tries when bounded by iterations).
		var deadline time.Time
		if opt.TimeLimit > 0 {
			deadline = time.Now().Add(max(opt.TimeLimit/20, 100*time.Millisecond))
		}
		if ctx.Err() == nil && m.polish(&p, sol.Roster, deadline, 20000) > 0 {
			if sol.Result, err = solve.Evaluate(&p, sol.Roster); err != nil {
				return best, err
			}
		}
		res := m.result(sol)
		res.Rounds = round
		res.RepairDaysOff = repairs
		if best == nil || res.better(best) {
			best, bestRoster = res, sol.Roster
		}
		last.Elapsed, last.Round = time.Since(start), round
		last.Objective, last.Feasible, last.Violations = res.Objective, res.Feasible, len(res.ModelViolations)
		last.Shortfall, last.Breaches = res.Shortfall, res.Violations
		report(last)
		if ctx.Err() != nil {
			break
		}
		// Feed the rules engine's breaches back as days off.
		added := m.repairPins(&p, sol.Roster, res)
		if added == 0 {
			if res.Violations == 0 && opt.MaxIters > 0 {
				break // iteration-bounded: nothing left to repair
			}
			if res.Violations == 0 && res.Shortfall == 0 {
				break
			}
		}
		repairs += added
		initial = bestRoster.Clone()
		if added > 0 {
			initial = sol.Roster.Clone()
			for _, pin := range p.Pins {
				initial[pin.Emp][pin.Day] = pin.Shift
			}
		}
	}
	if best == nil {
		return nil, ctx.Err()
	}
	best.Elapsed = time.Since(start)
	return best, ctx.Err()
}

// better orders results: fewer model violations, then fewer rules
// breaches, then a lower objective.
func (r *Result) better(o *Result) bool {
	if len(r.ModelViolations) != len(o.ModelViolations) {
		return len(r.ModelViolations) < len(o.ModelViolations)
	}
	if r.Violations != o.Violations {
		return r.Violations < o.Violations
	}
	return r.Objective < o.Objective
}

// repairPins turns breaches the model cannot express (runs of nights or
// long shifts, 72 h in 168 h, rest after a run) into days off: for a
// breach over a window, the last drafted shift starting in it; for a
// short rest, the shift after the rest. It returns how many it added.
func (m *Model) repairPins(p *solve.Problem, r solve.Roster, res *Result) int {
	idx := map[roster.ID]int{}
	for e, d := range m.Doctors {
		idx[d.ID] = e
	}
	pinned := map[[2]int]bool{}
	for _, pin := range p.Pins {
		pinned[[2]int{pin.Emp, pin.Day}] = true
	}
	added := 0
	for _, df := range res.Findings {
		e := idx[df.DoctorID]
		for _, f := range df.Violations {
			if f.Unit == "weekends/week" {
				added += m.weekendPins(p, r, e, pinned)
				continue
			}
			if f.To.Sub(f.From) > 8*24*time.Hour {
				continue // period-long limits are in the model already
			}
			target := -1
			if f.Unit == "h" && strings.Contains(f.Message, "rest") {
				target = m.dayOf(f.To)
			} else {
				for d := len(m.Days) - 1; d >= 0; d-- {
					if r[e][d] == solve.Off {
						continue
					}
					s, _ := m.Shifts[r[e][d]].On(m.Days[d])
					if !s.Before(f.From) && s.Before(f.To) {
						target = d
						break
					}
				}
			}
			if target < 0 || target >= len(m.Days) || r[e][target] == solve.Off || pinned[[2]int{e, target}] {
				continue
			}
			pinned[[2]int{e, target}] = true
			p.Pins = append(p.Pins, solve.Pin{Emp: e, Day: target, Shift: solve.Off})
			added++
		}
	}
	return added
}

// weekendPins handles a weekend-frequency breach. The model counts a
// weekend as worked when a Saturday or Sunday is; the rules count any work
// in Saturday 00:01 to Sunday 23:59, so a Friday night also makes a
// weekend. It keeps doctor e's first allowed weekends and takes the
// others away: a weekend made only by a Friday night loses the Friday
// shift; a weekend worked on Saturday or Sunday loses those days.
func (m *Model) weekendPins(p *solve.Problem, r solve.Roster, e int, pinned map[[2]int]bool) int {
	pin := func(d int) int {
		if d < 0 || d >= len(m.Days) || r[e][d] == solve.Off || pinned[[2]int{e, d}] {
			return 0
		}
		pinned[[2]int{e, d}] = true
		p.Pins = append(p.Pins, solve.Pin{Emp: e, Day: d, Shift: solve.Off})
		return 1
	}
	// Weekends worked as the rules count them: by Saturday's day index.
	type wk struct{ fri, sat, sun bool }
	var sats []int
	byS := map[int]*wk{}
	mark := func(sat int) *wk {
		if byS[sat] == nil {
			byS[sat] = &wk{}
			sats = append(sats, sat)
		}
		return byS[sat]
	}
	for d, day := range m.Days {
		if r[e][d] == solve.Off {
			continue
		}
		switch day.Weekday() {
		case time.Friday:
			if _, end := m.Shifts[r[e][d]].On(day); end.After(day.AddDays(1).In(roster.London).Add(time.Minute)) {
				mark(d + 1).fri = true
			}
		case time.Saturday:
			mark(d).sat = true
		case time.Sunday:
			mark(d - 1).sun = true
		}
	}
	slices.Sort(sats)
	allowed := m.Problem.Employees[e].MaxWeekends
	added := 0
	for i, sat := range sats {
		if i < allowed {
			continue
		}
		w := byS[sat]
		if w.fri {
			added += pin(sat - 1)
		}
		if w.sat {
			added += pin(sat)
		}
		if w.sun {
			added += pin(sat + 1)
		}
	}
	return added
}

// dayOf returns the period day index of instant t's local date.
func (m *Model) dayOf(t time.Time) int {
	return m.In.From.DaysUntil(roster.DateOf(t.In(roster.London)))
}

// result maps a solution back to assignments and checks them.
func (m *Model) result(sol *solve.Solution) *Result {
	p := m.Problem
	res := &Result{From: m.In.From, To: m.In.To, Days: m.Days, Objective: sol.Result.Objective, Feasible: sol.Result.Feasible()}
	for _, v := range sol.Result.Violations {
		res.ModelViolations = append(res.ModelViolations, m.describe(v))
	}
	for _, st := range m.Shifts {
		res.Shifts = append(res.Shifts, ShiftInfo{ID: st.ID, Code: st.Code, Name: st.Name, Colour: st.Colour})
	}
	res.Assigned = m.Assignments(sol.Roster)
	for _, doc := range m.Doctors {
		for _, a := range m.Fixed[doc.ID] {
			if a.DepartmentID == m.In.Department.ID && a.Kind != roster.Leave {
				res.KeptIDs = append(res.KeptIDs, a.ID)
			}
		}
	}
	byDoc := map[roster.ID][]roster.Assignment{}
	for _, a := range res.Assigned {
		byDoc[a.DoctorID] = append(byDoc[a.DoctorID], a)
	}
	res.Grid = make([][]int, len(m.Doctors))
	checker := rules.NewChecker()
	var periods []rules.Period
	for e, doc := range m.Doctors {
		row := slices.Clone(sol.Roster[e])
		for d := range row {
			if row[d] == solve.Off && m.Leave[e][d] {
				row[d] = OnLeave
			}
		}
		res.Grid[e] = row
		mine := byDoc[doc.ID]
		var minutes int64
		for _, a := range mine {
			if a.Kind == roster.Work {
				minutes += a.Minutes()
			}
		}
		res.Doctors = append(res.Doctors, DoctorInfo{ID: doc.ID, Name: doc.Name(), Grade: doc.Grade, Hours: float64(minutes) / 60})
		var rep rules.Report
		rep, periods = m.check(checker, e, sol.Roster[e], periods)
		if len(rep.Violations)+len(rep.Warnings) > 0 {
			res.Findings = append(res.Findings, DoctorFindings{DoctorID: doc.ID, Name: doc.Name(),
				Violations: slices.Clone(rep.Violations), Warnings: slices.Clone(rep.Warnings)})
		}
		res.Violations += len(rep.Violations)
		res.Warnings += len(rep.Warnings)
	}
	// Cover.
	for d, day := range m.Days {
		cd := CoverDay{Day: day, Shifts: make([]CoverShift, len(m.Shifts))}
		for s := range m.Shifts {
			cd.Shifts[s] = CoverShift{Min: m.Cover[d][s].Min, Max: m.Cover[d][s].Max}
		}
		for e := range m.Doctors {
			if x := sol.Roster[e][d]; x >= 0 {
				cd.Shifts[x].Assigned++
			}
		}
		for _, c := range cd.Shifts {
			res.Shortfall += c.Short()
			res.Excess += c.Over()
		}
		res.Cover = append(res.Cover, cd)
	}
	// Requests.
	res.Requests = len(p.OnRequests)
	for _, q := range p.OnRequests {
		if sol.Roster[q.Emp][q.Day] != q.Shift {
			res.RequestsRefused++
		}
	}
	seen := map[[2]int]bool{}
	for _, q := range p.OffRequests {
		k := [2]int{q.Emp, q.Day}
		if q.Weight >= restWeight {
			continue // rest before the period, not a doctor's request
		}
		if !seen[k] {
			seen[k] = true
			res.Requests++
			if sol.Roster[q.Emp][q.Day] >= 0 && m.offRequested(q.Emp, q.Day, sol.Roster[q.Emp][q.Day]) {
				res.RequestsRefused++
			}
		}
	}
	return res
}

func (m *Model) offRequested(e, d, s int) bool {
	for _, q := range m.Problem.OffRequests {
		if q.Emp == e && q.Day == d && q.Shift == s && q.Weight < restWeight {
			return true
		}
	}
	return false
}

func (m *Model) describe(v solve.Violation) string {
	name := ""
	if v.Emp >= 0 && v.Emp < len(m.Doctors) {
		name = m.Doctors[v.Emp].Name() + ": "
	}
	day := ""
	if v.Day >= 0 && v.Day < len(m.Days) {
		day = " (" + m.Days[v.Day].String() + ")"
	}
	msg := v.Message
	if i := strings.Index(msg, ": "); i >= 0 && strings.HasPrefix(msg, "employee ") {
		msg = msg[i+2:]
	}
	return name + string(v.Constraint) + day + ": " + msg
}

// Assignments maps a roster to assignments at real instants (ShiftType.On:
// correct across clock changes). Kept assignments keep their ID and
// version; new ones have ID 0.
func (m *Model) Assignments(r solve.Roster) []roster.Assignment {
	var out []roster.Assignment
	for e := range m.Doctors {
		out = append(out, m.lineAssignments(e, r[e])...)
	}
	return out
}
