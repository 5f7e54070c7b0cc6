package web

import (
	"cmp"
	"context"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
	"github.com/rotaguard/rotaguard/internal/store"
)

// rotaWeeks is how many weeks the grid shows by default.
const rotaWeeks = 4

type cellItem struct{ Code, Colour string }

// cell is one doctor × day of the grid: the assignments that start on
// that London day.
type cell struct {
	Dept, Doctor roster.ID
	Date         roster.Date
	Items        []cellItem
	Title        string
	Editable     bool
	Err          string
	// Mark is the cell's worst contract-rules finding: 0 none, markWarning
	// or markBreach; Notes are the findings' plain-English messages.
	Mark  int8
	Notes []string
	as    []roster.Assignment
	doc   *roster.Doctor // set by loadCell only (a grid has over 1,000 cells)
}

// Cell marks.
const (
	markWarning int8 = 1
	markBreach  int8 = 2
)

type rotaRow struct {
	Doctor roster.Doctor
	Cells  []*cell
	// Comp is what the contract rules engine found for the doctor in the
	// days shown (nil if the user may not see assignments).
	Comp  *docCompliance
	spans map[cellItem]string // shared by the rows of a page
}

func (s *Server) rotaPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	dept, err := s.loadDepartment(ctx, r)
	if err != nil {
		return err
	}
	if err := authorize(c.User, auth.ViewRota, deptTarget(dept)); err != nil {
		return err
	}
	from, err := s.fromParam(r)
	if err != nil {
		return err
	}
	days, err := weeksParam(r.URL.Query().Get("weeks"))
	if err != nil {
		return err
	}
	doctors, err := s.st.ListDoctors(ctx, store.DoctorFilter{DepartmentID: dept.ID})
	if err != nil {
		return err
	}
	sort.SliceStable(doctors, func(i, j int) bool {
		return gradeRank(doctors[i].Grade) > gradeRank(doctors[j].Grade) ||
			gradeRank(doctors[i].Grade) == gradeRank(doctors[j].Grade) && doctors[i].Name() < doctors[j].Name()
	})
	types, err := s.st.ListShiftTypes(ctx, dept.ID)
	if err != nil {
		return err
	}
	tmap := map[roster.ID]roster.ShiftType{}
	for _, t := range types {
		tmap[t.ID] = t
	}
	rows, win, err := s.buildRows(ctx, c.User, dept, doctors, from, days, tmap, 0)
	if err != nil {
		return err
	}
	dates := make([]roster.Date, days)
	for i := range dates {
		dates[i] = from.AddDays(i)
	}
	var breaches, warnings, flagged int
	for _, row := range rows {
		if row.Comp.Any() {
			flagged++
			breaches += len(row.Comp.Violations)
			warnings += len(row.Comp.Warnings)
		}
	}
	s.render(w, r, c, http.StatusOK, "rota", dept.Name+" rota", map[string]any{
		"Dept": dept, "From": from, "Last": from.AddDays(days - 1), "Days": dates, "Rows": rows,
		"Prev": from.AddDays(-7), "Next": from.AddDays(7), "Types": types,
		"Editable": auth.Can(c.User, auth.EditAssignment, deptTarget(dept)),
		"Drafts":   auth.Can(c.User, auth.DraftRota, deptTarget(dept)),
		"Vals":     gridVals(from, days), "Comp": win,
		"Breaches": breaches, "Warnings": warnings, "Flagged": flagged,
	})
	return nil
}

// weeksParam reads the grid's weeks parameter as a number of days.
func weeksParam(v string) (int, error) {
	if v == "" {
		return 7 * rotaWeeks, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 8 {
		return 0, roster.FieldErrorf("weeks", "%q must be 1 to 8", v)
	}
	return 7 * n, nil
}

// gridVals is the grid's hx-vals: every htmx request from the grid
// names the days shown, so a saved cell can re-render its row.
func gridVals(from roster.Date, days int) string {
	return `{"from":"` + from.String() + `","weeks":"` + strconv.Itoa(days/7) + `"}`
}

// buildRows builds the grid rows of doctors for the days from from, and
// checks each doctor against the contract rules over those days and
// compBeforeDays/compAfterDays around them: one query for the
// assignments (only doctor's, if doctor is not 0) and one Checker.
func (s *Server) buildRows(ctx context.Context, u roster.User, dept roster.Department, doctors []roster.Doctor,
	from roster.Date, days int, tmap map[roster.ID]roster.ShiftType, doctor roster.ID) ([]rotaRow, compWindow, error) {
	win := newCompWindow(from, from.AddDays(days-1))
	ca, cb := win.checked()
	as, err := s.st.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: dept.ID, DoctorID: doctor, From: ca, To: cb})
	if err != nil {
		return nil, win, err
	}
	// Each doctor's assignments as a sub-slice, in start order.
	slices.SortStableFunc(as, func(a, b roster.Assignment) int { return cmp.Compare(a.DoctorID, b.DoctorID) })
	byDoc := map[roster.ID][]roster.Assignment{}
	for i := 0; i < len(as); {
		j := i + 1
		for j < len(as) && as[j].DoctorID == as[i].DoctorID {
			j++
		}
		byDoc[as[i].DoctorID] = as[i:j:j]
		i = j
	}
	index := map[roster.Date]int{}
	for i := range days {
		index[from.AddDays(i)] = i
	}
	sa, sb := win.shown()
	cc := newCompChecker()
	var rows []rotaRow
	spans := map[cellItem]string{}
	for _, d := range doctors {
		if d.Status == roster.Left {
			continue
		}
		editable := auth.Can(u, auth.EditAssignment, doctorTarget(d))
		row := rotaRow{Doctor: d, Cells: make([]*cell, days), spans: spans}
		backing := make([]cell, days) // one allocation for the row's cells
		for i := range days {
			backing[i] = cell{Dept: dept.ID, Doctor: d.ID, Date: from.AddDays(i), Editable: editable}
			row.Cells[i] = &backing[i]
		}
		for _, a := range byDoc[d.ID] {
			if i, ok := index[roster.DateOf(a.Start.In(roster.London))]; ok {
				row.Cells[i].as = append(row.Cells[i].as, a)
			}
		}
		if auth.Can(u, auth.ViewAssignment, doctorTarget(d)) {
			rep := cc.check(d, byDoc[d.ID])
			row.Comp = collect(d, &rep, sa, sb)
			row.markCells()
		}
		for _, cl := range row.Cells {
			cl.label(tmap)
		}
		rows = append(rows, row)
	}
	return rows, win, nil
}

// markCells marks the cells whose shifts lie in the window of a finding
// (a rest finding's window is the gap: the shifts either side of it are
// marked). Findings over more than cellMarkMaxDays are shown against the
// doctor only.
func (r *rotaRow) markCells() {
	dc := r.Comp
	for _, list := range [][]rules.Finding{dc.Violations, dc.Warnings} {
		for i := range list {
			f := &list[i]
			if f.To.Sub(f.From) > cellMarkMaxDays*24*time.Hour {
				continue
			}
			mark, word := markWarning, "Warning"
			if f.Severity == rules.Violation {
				mark, word = markBreach, "Breach"
			}
			hit := false
			for pass := 0; pass < 2 && !hit; pass++ {
				for _, cl := range r.Cells {
					for _, a := range cl.as {
						in := a.Start.Before(f.To) && a.End.After(f.From)
						if pass == 1 { // no shift inside: the shifts touching the window
							in = a.End.Equal(f.From) || a.Start.Equal(f.To)
						}
						if !in {
							continue
						}
						hit = true
						cl.Mark = max(cl.Mark, mark)
						note := word + " " + f.Rule + ": " + f.Message
						if !slices.Contains(cl.Notes, note) {
							cl.Notes = append(cl.Notes, note)
						}
						break
					}
				}
			}
		}
	}
}

// RowID is the row's element id (a saved cell re-renders its row).
func (r rotaRow) RowID() string { return "r-" + strconv.FormatInt(r.Doctor.ID, 10) }

func gradeRank(g roster.Grade) int {
	for i, x := range roster.Grades {
		if x == g {
			return i
		}
	}
	return -1
}

// CellsHTML renders the row's cells (one template call per row, not per cell).
func (r rotaRow) CellsHTML() template.HTML {
	var b strings.Builder
	b.Grow(len(r.Cells) * 160)
	for _, cl := range r.Cells {
		cl.writeHTML(&b, r.spans)
	}
	return template.HTML(b.String())
}

// HTML renders the cell. It is Go code rather than a template because a
// grid has over a thousand cells; every value is escaped or validated
// (ids are numbers, dates are formatted here, colours match colourRe).
func (cl *cell) HTML() template.HTML {
	var b strings.Builder
	cl.writeHTML(&b, map[cellItem]string{})
	return template.HTML(b.String())
}

// writeHTML writes the cell; spans caches the badge of each code and colour.
func (cl *cell) writeHTML(b *strings.Builder, spans map[cellItem]string) {
	var buf [10]byte
	date := appendDate(buf[:0], cl.Date)
	doc := strconv.FormatInt(cl.Doctor, 10)
	b.WriteString(`<td class="cell`)
	if wd := cl.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
		b.WriteString(" we")
	}
	switch cl.Mark {
	case markBreach:
		b.WriteString(" breach")
	case markWarning:
		b.WriteString(" warn")
	}
	b.WriteString(`" id="c-`)
	b.WriteString(doc)
	b.WriteByte('-')
	b.Write(date)
	b.WriteByte('"')
	if cl.Editable {
		b.WriteString(` hx-get="/departments/`)
		b.WriteString(strconv.FormatInt(cl.Dept, 10))
		b.WriteString(`/rota/cell?doctor=`)
		b.WriteString(doc)
		b.WriteString(`&amp;date=`)
		b.Write(date)
		b.WriteString(`" hx-trigger="click" hx-target="this" hx-swap="outerHTML" tabindex="0"`)
	}
	if cl.Title != "" || len(cl.Notes) > 0 {
		b.WriteString(` title="`)
		b.WriteString(html.EscapeString(cl.Title))
		for i, n := range cl.Notes {
			if i > 0 || cl.Title != "" {
				b.WriteString("&#10;")
			}
			b.WriteString(html.EscapeString(n))
		}
		b.WriteByte('"')
	}
	b.WriteByte('>')
	for _, it := range cl.Items {
		span, ok := spans[it]
		if !ok {
			bg, fg := safeColours(it.Colour)
			span = `<span class="shift" style="background: ` + bg + `; color: ` + fg + `">` + html.EscapeString(it.Code) + `</span>`
			spans[it] = span
		}
		b.WriteString(span)
	}
	switch cl.Mark {
	case markBreach:
		b.WriteString(`<span class="cmark" aria-hidden="true">!</span>`)
	case markWarning:
		b.WriteString(`<span class="cmark" aria-hidden="true">?</span>`)
	}
	if len(cl.Notes) > 0 {
		b.WriteString(`<span class="vh">`)
		for i, n := range cl.Notes {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(html.EscapeString(n))
		}
		b.WriteString(`</span>`)
	}
	if cl.Err != "" {
		b.WriteString(`<span class="cellerr">`)
		b.WriteString(html.EscapeString(cl.Err))
		b.WriteString(`</span>`)
	}
	b.WriteString("</td>")
}

// appendDate appends d as YYYY-MM-DD (Date.String without fmt).
func appendDate(b []byte, d roster.Date) []byte {
	y, m, dd := d.Year, int(d.Month), d.Day
	return append(b, byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10))
}

// safeColours returns a validated background colour and a readable text
// colour for it.
func safeColours(c string) (bg, fg string) {
	if !colourRe.MatchString(c) {
		return "#dddddd", "#000"
	}
	return c, string(inkFor(c))
}

// label fills the cell's items and tooltip from its assignments.
func (cl *cell) label(types map[roster.ID]roster.ShiftType) {
	cl.Items = cl.Items[:0]
	var title []string
	for _, a := range cl.as {
		code, name, colour := cellLabel(a, types)
		cl.Items = append(cl.Items, cellItem{Code: code, Colour: colour})
		title = append(title, fmt.Sprintf("%s %s–%s", name, hmOf(a.Start), hmOf(a.End)))
	}
	cl.Title = strings.Join(title, "; ")
}

func hmOf(t time.Time) string { return t.In(roster.London).Format("15:04") }

// loadCell reads the doctor × day cell of a department after checking
// that u may do act to it.
func (s *Server) loadCell(ctx context.Context, u roster.User, r *http.Request, act auth.Action, get func(string) string) (*cell, roster.Department, map[roster.ID]roster.ShiftType, []roster.ShiftType, error) {
	dept, err := s.loadDepartment(ctx, r)
	if err != nil {
		return nil, dept, nil, nil, err
	}
	docID, err := parseID(get("doctor"), "doctor")
	if err != nil {
		return nil, dept, nil, nil, err
	}
	day, err := roster.ParseDate(get("date"))
	if err != nil || day.IsZero() {
		return nil, dept, nil, nil, roster.FieldErrorf("date", "%q is not a date of the form YYYY-MM-DD", get("date"))
	}
	doc, err := s.st.GetDoctor(ctx, docID)
	if err != nil {
		return nil, dept, nil, nil, err
	}
	if err := authorize(u, act, doctorTarget(doc)); err != nil {
		return nil, dept, nil, nil, err
	}
	if doc.DepartmentID != dept.ID {
		return nil, dept, nil, nil, roster.FieldErrorf("doctor", "%s is not in %s", doc.Name(), dept.Name)
	}
	types, err := s.st.ListShiftTypes(ctx, dept.ID)
	if err != nil {
		return nil, dept, nil, nil, err
	}
	tmap := map[roster.ID]roster.ShiftType{}
	for _, t := range types {
		tmap[t.ID] = t
	}
	cl, err := s.readCell(ctx, s.st, dept.ID, docID, day, tmap)
	if err != nil {
		return nil, dept, nil, nil, err
	}
	cl.Editable = auth.Can(u, auth.EditAssignment, doctorTarget(doc))
	cl.doc = &doc
	return cl, dept, tmap, types, nil
}

func (s *Server) readCell(ctx context.Context, tx store.Tx, dept, doc roster.ID, day roster.Date, tmap map[roster.ID]roster.ShiftType) (*cell, error) {
	as, err := tx.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: dept, DoctorID: doc,
		From: dayStart(day), To: dayStart(day.AddDays(1))})
	if err != nil {
		return nil, err
	}
	cl := &cell{Dept: dept, Doctor: doc, Date: day}
	for _, a := range as {
		if roster.DateOf(a.Start.In(roster.London)) == day {
			cl.as = append(cl.as, a)
		}
	}
	cl.label(tmap)
	return cl, nil
}

// versions is the cell's "id:version,…" fingerprint: the form sends it
// back so that a save over someone else's change is refused.
func (cl *cell) versions() string {
	parts := make([]string, len(cl.as))
	for i, a := range cl.as {
		parts[i] = fmt.Sprintf("%d:%d", a.ID, a.Version)
	}
	return strings.Join(parts, ",")
}

func (s *Server) rotaCellForm(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	q := r.URL.Query()
	act := auth.EditAssignment
	if q.Get("view") != "" {
		act = auth.ViewRota
	}
	cl, dept, tmap, types, err := s.loadCell(ctx, c.User, r, act, q.Get)
	if err != nil {
		return err
	}
	if q.Get("view") != "" {
		// Cancel: the row again, with its contract-rules marks.
		if ok, err := s.renderRow(w, r, c, dept, *cl.doc, tmap); ok || err != nil {
			return err
		}
		return s.renderFragment(w, http.StatusOK, "rota_cell", cl)
	}
	var cur roster.ID
	if len(cl.as) > 0 {
		cur = cl.as[0].ShiftTypeID
	}
	return s.renderFragment(w, http.StatusOK, "rota_cell_form", map[string]any{
		"Dept": cl.Dept, "Doctor": cl.Doctor, "Date": cl.Date, "Types": types, "Current": cur, "IDs": cl.versions(),
	})
}

// renderRow answers an htmx request from the grid with the doctor's whole
// row (retargeted), so the contract-rules marks of every cell and the
// row's count are up to date. It does nothing (false) when the request
// does not name the grid's days (from, weeks).
func (s *Server) renderRow(w http.ResponseWriter, r *http.Request, c *call, dept roster.Department, doc roster.Doctor, tmap map[roster.ID]roster.ShiftType) (bool, error) {
	fv := r.FormValue("from")
	if fv == "" {
		return false, nil
	}
	from, err := roster.ParseDate(fv)
	if err != nil || from.IsZero() {
		return false, roster.FieldErrorf("from", "%q is not a date of the form YYYY-MM-DD", fv)
	}
	days, err := weeksParam(r.FormValue("weeks"))
	if err != nil {
		return false, err
	}
	rows, _, err := s.buildRows(r.Context(), c.User, dept, []roster.Doctor{doc}, from, days, tmap, doc.ID)
	if err != nil || len(rows) == 0 {
		return false, err
	}
	w.Header().Set("HX-Retarget", "#"+rows[0].RowID())
	w.Header().Set("HX-Reswap", "outerHTML")
	return true, s.renderFragment(w, http.StatusOK, "rota_row", rows[0])
}

// rotaCellSave sets a cell to one shift type (or none) in one
// transaction, refusing if the cell changed since the form was opened.
// An edit that would create a new breach of the contract rules is not
// saved unless confirm=1: the cell shows the breaches and a "Save
// anyway" button instead, and a confirmed save is recorded in the audit
// log with the breaches. It answers with the re-rendered row (or cell);
// a refusal is shown in the cell.
func (s *Server) rotaCellSave(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	cl, dept, tmap, _, err := s.loadCell(ctx, c.User, r, auth.EditAssignment, r.PostFormValue)
	if err != nil {
		return err
	}
	stID, err := optID(r.PostFormValue("shift_type"), "shift_type")
	if err != nil {
		return err
	}
	var st roster.ShiftType
	var add []roster.Assignment
	if stID != 0 {
		var ok bool
		if st, ok = tmap[stID]; !ok {
			return roster.FieldErrorf("shift_type", "shift type %d is not one of %s's", stID, dept.Name)
		}
		start, end := st.On(cl.Date)
		add = []roster.Assignment{{DoctorID: cl.Doctor, DepartmentID: cl.Dept, ShiftTypeID: st.ID, Kind: st.Kind, Start: start, End: end}}
	}
	breaches, err := s.newBreaches(ctx, s.st, *cl.doc, cl.as, add)
	if err != nil {
		return err
	}
	if len(breaches) > 0 && !confirmed(r) {
		return s.renderFragment(w, http.StatusOK, "rota_cell_confirm", map[string]any{
			"Dept": cl.Dept, "Doctor": cl.Doctor, "Date": cl.Date, "IDs": r.PostFormValue("ids"),
			"ShiftType": r.PostFormValue("shift_type"), "Breaches": breachViews(breaches),
		})
	}
	var saved *cell
	err = s.st.InTx(ctx, func(tx store.Tx) error {
		cur, err := s.readCell(ctx, tx, cl.Dept, cl.Doctor, cl.Date, tmap)
		if err != nil {
			return err
		}
		if cur.versions() != r.PostFormValue("ids") {
			return roster.Errorf(roster.Conflict, "changed by someone else: showing the latest")
		}
		keep := 0
		var savedID roster.ID
		if stID != 0 {
			start, end := st.On(cl.Date)
			if len(cur.as) > 0 {
				a := cur.as[0]
				a.ShiftTypeID, a.Kind, a.Start, a.End = st.ID, st.Kind, start, end
				if err := tx.UpdateAssignment(ctx, &a); err != nil {
					return err
				}
				keep, savedID = 1, a.ID
			} else {
				a := roster.Assignment{DoctorID: cl.Doctor, DepartmentID: cl.Dept, ShiftTypeID: st.ID,
					Kind: st.Kind, Start: start, End: end}
				if err := a.Validate(); err != nil {
					return err
				}
				if err := tx.CreateAssignment(ctx, &a); err != nil {
					return err
				}
				savedID = a.ID
			}
		}
		for _, a := range cur.as[keep:] {
			if err := tx.DeleteAssignment(ctx, a.ID, a.Version); err != nil {
				return err
			}
		}
		if err := auditBreaches(ctx, tx, savedID, breaches); err != nil {
			return err
		}
		saved, err = s.readCell(ctx, tx, cl.Dept, cl.Doctor, cl.Date, tmap)
		return err
	})
	if err != nil {
		code := roster.ErrorCode(err)
		if code != roster.Conflict && code != roster.Invalid {
			return err
		}
		latest, rerr := s.readCell(ctx, s.st, cl.Dept, cl.Doctor, cl.Date, tmap)
		if rerr != nil {
			return rerr
		}
		latest.Editable, latest.Err = true, roster.ErrorMessage(err)
		return s.renderFragment(w, http.StatusOK, "rota_cell", latest)
	}
	if ok, err := s.renderRow(w, r, c, dept, *cl.doc, tmap); ok || err != nil {
		return err
	}
	saved.Editable = true
	return s.renderFragment(w, http.StatusOK, "rota_cell", saved)
}
