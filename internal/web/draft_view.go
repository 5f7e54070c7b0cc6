package web

import (
	"sort"
	"strconv"
	"time"

	"github.com/rotaguard/rotaguard/internal/draft"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
)

// draftRow is a doctor's line of a draft grid.
type draftRow struct {
	Doctor     draft.DoctorInfo
	Cells      []draftCell
	Violations []rules.Finding
	Warnings   []rules.Finding
}

// draftCell is one doctor × day of a draft grid.
type draftCell struct {
	Code, Colour, Title string
	Weekend, Leave      bool
}

// draftRows builds the grid of a draft result.
func draftRows(res *draft.Result) []draftRow {
	find := map[roster.ID]draft.DoctorFindings{}
	for _, f := range res.Findings {
		find[f.DoctorID] = f
	}
	rows := make([]draftRow, 0, len(res.Doctors))
	for e, doc := range res.Doctors {
		row := draftRow{Doctor: doc, Cells: make([]draftCell, len(res.Days)),
			Violations: find[doc.ID].Violations, Warnings: find[doc.ID].Warnings}
		for d, day := range res.Days {
			c := &row.Cells[d]
			wd := day.Weekday()
			c.Weekend = wd == time.Saturday || wd == time.Sunday
			if e >= len(res.Grid) || d >= len(res.Grid[e]) {
				continue
			}
			switch x := res.Grid[e][d]; {
			case x == draft.OnLeave:
				c.Leave, c.Code, c.Title = true, "L", "Leave"
			case x >= 0 && x < len(res.Shifts):
				st := res.Shifts[x]
				c.Code, c.Colour, c.Title = st.Code, st.Colour, st.Name
			}
		}
		rows = append(rows, row)
	}
	// As the rota grid: by grade, most senior first, then name.
	sort.SliceStable(rows, func(i, j int) bool {
		gi, gj := gradeRank(rows[i].Doctor.Grade), gradeRank(rows[j].Doctor.Grade)
		return gi > gj || gi == gj && rows[i].Doctor.Name < rows[j].Doctor.Name
	})
	return rows
}

// shortDay is a day whose cover falls short of (or over) the requirement.
type shortDay struct {
	Day   roster.Date
	Items []string
}

// shortDays lists the days with a cover shortfall or excess.
func shortDays(res *draft.Result) []shortDay {
	var out []shortDay
	for _, cd := range res.Cover {
		var items []string
		for s, c := range cd.Shifts {
			if s >= len(res.Shifts) {
				break
			}
			if n := c.Short(); n > 0 {
				items = append(items, res.Shifts[s].Code+": "+strconv.Itoa(c.Assigned)+" of "+strconv.Itoa(c.Min)+" (short "+strconv.Itoa(n)+")")
			}
			if n := c.Over(); n > 0 {
				items = append(items, res.Shifts[s].Code+": "+strconv.Itoa(c.Assigned)+", over the maximum "+strconv.Itoa(c.Max))
			}
		}
		if len(items) > 0 {
			out = append(out, shortDay{Day: cd.Day, Items: items})
		}
	}
	return out
}
