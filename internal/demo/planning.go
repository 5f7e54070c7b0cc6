package demo

import (
	"github.com/rotaguard/rotaguard/internal/draft"
	"github.com/rotaguard/rotaguard/internal/roster"
)

// requestWeek is the first week (after Start) of the demo's requests: a
// draft rota generated for it has requests to honour.
const requestWeek = 16

// planning adds each department's cover requirements, derived from its
// templates as a draft derives them, and a few doctors' requests: for the
// first three active doctors of each department, in weeks requestWeek to
// requestWeek+3 (when inside the demo period), a day off (weight 20), a
// day off of the nights (weight 10) and a wish to work a day shift
// (weight 5).
func (g *gen) planning() {
	t := g.t
	for i, dept := range t.Departments {
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
		for _, r := range draft.DefaultRequirements(dept.ID, shifts, tpls) {
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
