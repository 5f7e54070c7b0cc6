package draft

import (
	"slices"
	"strconv"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
	"github.com/rotaguard/rotaguard/internal/solve"
)

// lineAssignments maps doctor e's roster line to assignments.
func (m *Model) lineAssignments(e int, line []int) []roster.Assignment {
	doc := m.Doctors[e]
	var out []roster.Assignment
	for d, x := range line {
		if x < 0 {
			continue
		}
		if k, ok := m.Kept[[2]int{e, d}]; ok && k.ShiftTypeID == m.Shifts[x].ID {
			out = append(out, k)
			continue
		}
		st := m.Shifts[x]
		start, end := st.On(m.Days[d])
		out = append(out, roster.Assignment{DoctorID: doc.ID, DepartmentID: m.In.Department.ID, ShiftTypeID: st.ID,
			Kind: st.Kind, Start: start, End: end, Note: "draft"})
	}
	return out
}

// pinned reports whether a is a kept assignment pinned in doctor e's line.
func (m *Model) pinned(e int, a roster.Assignment) bool {
	day := m.In.From.DaysUntil(roster.DateOf(a.Start.In(roster.London)))
	k, ok := m.Kept[[2]int{e, day}]
	return ok && k.ID == a.ID
}

// check runs the rules engine over doctor e's drafted line together with
// what stays fixed around it (leave, other departments' work, the last
// shift before the period). The report is valid until c's next call.
func (m *Model) check(c *rules.Checker, e int, line []int, buf []rules.Period) (rules.Report, []rules.Period) {
	doc := m.Doctors[e]
	id := strconv.FormatInt(doc.ID, 10)
	buf = rules.AppendAssignments(buf[:0], id, m.lineAssignments(e, line))
	for _, a := range m.Fixed[doc.ID] {
		if !m.pinned(e, a) { // a pinned one is in the line
			buf = rules.AppendAssignments(buf, id, []roster.Assignment{a})
		}
	}
	if a, ok := m.Prior[doc.ID]; ok {
		buf = rules.AppendAssignments(buf, id, []roster.Assignment{a})
	}
	slices.SortFunc(buf, func(a, b rules.Period) int { return a.Start.Compare(b.Start) })
	return c.Check(rules.ProfileOf(doc), buf), buf
}

// polish improves a roster against the rules engine itself: for each
// doctor with breaches, it tries handing each of their shifts in the
// breaches' windows to a doctor who is off that day, keeping a move when
// the two doctors' breaches fall and neither breaks a limit of the
// model. Cover is unchanged by such moves. It stops at deadline (zero:
// after maxTries moves tried) and returns how many moves it made.
func (m *Model) polish(p *solve.Problem, r solve.Roster, deadline time.Time, maxTries int) int {
	E := len(m.Doctors)
	c := rules.NewChecker()
	var buf []rules.Period
	breaches := make([]int, E)
	windows := make([][][2]time.Time, E)
	score := func(e int) (int, [][2]time.Time) {
		var rep rules.Report
		rep, buf = m.check(c, e, r[e], buf)
		var w [][2]time.Time
		for _, f := range rep.Violations {
			w = append(w, [2]time.Time{f.From, f.To})
		}
		return len(rep.Violations), w
	}
	for e := range E {
		breaches[e], windows[e] = score(e)
	}
	// One-employee problems to check a line against the model's limits.
	subs := make([]*solve.Problem, E)
	for e := range E {
		sp := &solve.Problem{Name: p.Name, Days: p.Days, FirstWeekday: p.FirstWeekday, Shifts: p.Shifts,
			Employees: []solve.Employee{p.Employees[e]}}
		// The contracted-hours floor is a target, not a contract limit:
		// a move may take a doctor under it.
		sp.Employees[0].MinMinutes = 0
		for _, pin := range p.Pins {
			if pin.Emp == e {
				sp.Pins = append(sp.Pins, solve.Pin{Emp: 0, Day: pin.Day, Shift: pin.Shift})
			}
		}
		subs[e] = sp
	}
	modelOK := func(e int) bool {
		res, err := solve.Evaluate(subs[e], solve.Roster{r[e]})
		return err == nil && res.Feasible()
	}
	moves, tries := 0, 0
	for improved := true; improved; {
		improved = false
		for e := range E {
			if breaches[e] == 0 {
				continue
			}
			for d := 0; d < len(m.Days) && breaches[e] > 0; d++ {
				s := r[e][d]
				if s < 0 || !m.inWindows(d, s, windows[e]) {
					continue
				}
				if _, kept := m.Kept[[2]int{e, d}]; kept {
					continue
				}
				for e2 := range E {
					if e2 == e || r[e2][d] != solve.Off {
						continue
					}
					if !deadline.IsZero() && time.Now().After(deadline) || deadline.IsZero() && tries >= maxTries {
						return moves
					}
					tries++
					r[e][d], r[e2][d] = solve.Off, s
					if modelOK(e2) && modelOK(e) {
						b1, w1 := score(e)
						b2, w2 := score(e2)
						if b1+b2 < breaches[e]+breaches[e2] {
							breaches[e], windows[e] = b1, w1
							breaches[e2], windows[e2] = b2, w2
							moves++
							improved = true
							break
						}
					}
					r[e][d], r[e2][d] = s, solve.Off
				}
			}
		}
	}
	return moves
}

// inWindows reports whether shift s on day d meets one of the windows
// (a shift touching a window's edge counts: a short rest's window is the
// gap between two shifts).
func (m *Model) inWindows(d, s int, ws [][2]time.Time) bool {
	start, end := m.Shifts[s].On(m.Days[d])
	for _, w := range ws {
		if !start.After(w[1]) && !end.Before(w[0]) {
			return true
		}
		// Weekend windows span the period; Friday nights belong to them.
		if w[1].Sub(w[0]) > 8*24*time.Hour {
			wd := m.Days[d].Weekday()
			if wd == time.Friday || wd == time.Saturday || wd == time.Sunday {
				return true
			}
		}
	}
	return false
}
