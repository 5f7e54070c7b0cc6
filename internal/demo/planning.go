package demo

import (
	"math"
	"slices"
	"time"

	"github.com/rotaguard/rotaguard/internal/draft"
	"github.com/rotaguard/rotaguard/internal/roster"
)

// requestWeek is the first week (after Start) of the demo's requests: a
// draft rota generated for it has requests to honour.
const requestWeek = 16

// planning adds each department's cover requirements and a few doctors'
// requests. The requirements are what the demo's own rota staffs (see
// requirementsFromRota): the demo puts several doctors on each line of a
// department's 8-line template, so the template alone (as a draft derives
// requirements when a department has none) would ask for a fraction of
// the doctors the department really rosters. The requests: for the
// first three active doctors of each department, in weeks requestWeek to
// requestWeek+3 (when inside the demo period), a day off (weight 20), a
// day off of the nights (weight 10) and a wish to work a day shift
// (weight 5).
func (g *gen) planning() {
	t := g.t
	for i, dept := range t.Departments {
		reqs := requirementsFromRota(dept.ID, t.Assignments, t.Start, t.End)
		if len(reqs) == 0 {
			var shifts []roster.ShiftType
			for _, st := range t.ShiftTypes {
				if st.DepartmentID == dept.ID {
					shifts = append(shifts, st)
				}
			}
			var tpls []roster.RotaTemplate
			for _, tpl := range t.Templates {
				if tpl.DepartmentID == dept.ID {
					tpls = append(tpls, tpl)
				}
			}
			reqs = draft.DefaultRequirements(dept.ID, shifts, tpls)
		}
		for _, r := range reqs {
			r.ID = roster.ID(len(t.Requirements) + 1)
			t.Requirements = append(t.Requirements, r)
		}
		codes := g.codes[i]
		n := 0
		for _, d := range t.Doctors {
			if d.DepartmentID != dept.ID || d.Status != roster.Active || n == 3 {
				continue
			}
			week := t.Start.AddDays(7 * (requestWeek + n))
			for _, q := range []roster.Request{
				{DoctorID: d.ID, Date: week.AddDays(g.rng.IntN(5)), Weight: 20, Note: "family event"},
				{DoctorID: d.ID, Date: week.AddDays(5), ShiftTypeID: codes["N"], Weight: 10, Note: "no night this Saturday, please"},
				{DoctorID: d.ID, Date: week.AddDays(2), ShiftTypeID: codes["D"], On: true, Weight: 5, Note: "teaching session"},
			} {
				if q.Date.Before(t.End) {
					q.ID = roster.ID(len(t.Requests) + 1)
					t.Requests = append(t.Requests, q)
				}
			}
			n++
		}
	}
}

// requirementsFromRota returns, for each shift type and weekday, the number
// of doctors a department's rota puts on that shift on that weekday, on
// average over the local days [from, to) (rounded to the nearest whole
// doctor; shifts averaging under a half are left out).
func requirementsFromRota(dept roster.ID, as []roster.Assignment, from, to roster.Date) []roster.Requirement {
	type key struct {
		shift roster.ID
		wd    time.Weekday
	}
	var days [7]int
	for d := from; d.Before(to); d = d.AddDays(1) {
		days[d.Weekday()]++
	}
	count := map[key]int{}
	for _, a := range as {
		if a.DepartmentID != dept || a.ShiftTypeID == 0 || a.Kind == roster.Leave {
			continue
		}
		day := roster.DateOf(a.Start.In(roster.London))
		if day.Before(from) || !day.Before(to) {
			continue
		}
		count[key{a.ShiftTypeID, day.Weekday()}]++
	}
	var out []roster.Requirement
	for k, n := range count {
		if days[k.wd] == 0 {
			continue
		}
		if m := int(math.Round(float64(n) / float64(days[k.wd]))); m > 0 {
			out = append(out, roster.Requirement{DepartmentID: dept, ShiftTypeID: k.shift, Weekday: k.wd, Min: m,
				WeightUnder: roster.DefaultWeightUnder, WeightOver: roster.DefaultWeightOver})
		}
	}
	slices.SortFunc(out, roster.CompareRequirements)
	return out
}
