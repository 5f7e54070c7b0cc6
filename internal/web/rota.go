package web

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
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
	as           []roster.Assignment
}

type rotaRow struct {
	Doctor roster.Doctor
	Cells  []*cell
	spans  map[cellItem]string // shared by the rows of a page
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
	days := 7 * rotaWeeks
	if v := r.URL.Query().Get("weeks"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 8 {
			return roster.FieldErrorf("weeks", "%q must be 1 to 8", v)
		}
		days = 7 * n
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
	as, err := s.st.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: dept.ID,
		From: dayStart(from), To: dayStart(from.AddDays(days))})
	if err != nil {
		return err
	}
	byDoc := map[roster.ID][]roster.Assignment{}
	for _, a := range as {
		byDoc[a.DoctorID] = append(byDoc[a.DoctorID], a)
	}
	dates := make([]roster.Date, days)
	index := map[roster.Date]int{}
	for i := range dates {
		dates[i] = from.AddDays(i)
		index[dates[i]] = i
	}
	var rows []rotaRow
	spans := map[cellItem]string{}
	for _, d := range doctors {
		if d.Status == roster.Left {
			continue
		}
		editable := auth.Can(c.User, auth.EditAssignment, doctorTarget(d))
		row := rotaRow{Doctor: d, Cells: make([]*cell, days), spans: spans}
		for i, day := range dates {
			row.Cells[i] = &cell{Dept: dept.ID, Doctor: d.ID, Date: day, Editable: editable}
		}
		for _, a := range byDoc[d.ID] {
			if i, ok := index[roster.DateOf(a.Start.In(roster.London))]; ok {
				row.Cells[i].as = append(row.Cells[i].as, a)
			}
		}
		for _, cl := range row.Cells {
			cl.label(tmap)
		}
		rows = append(rows, row)
	}
	s.render(w, r, c, http.StatusOK, "rota", dept.Name+" rota", map[string]any{
		"Dept": dept, "From": from, "Last": from.AddDays(days - 1), "Days": dates, "Rows": rows,
		"Prev": from.AddDays(-7), "Next": from.AddDays(7), "Types": types,
		"Editable": auth.Can(c.User, auth.EditAssignment, deptTarget(dept)),
	})
	return nil
}

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
	if cl.Title != "" {
		b.WriteString(` title="`)
		b.WriteString(html.EscapeString(cl.Title))
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
	cl, _, _, types, err := s.loadCell(ctx, c.User, r, act, q.Get)
	if err != nil {
		return err
	}
	if q.Get("view") != "" {
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

// rotaCellSave sets a cell to one shift type (or none) in one
// transaction, refusing if the cell changed since the form was opened.
// It answers with the re-rendered cell; a refusal is shown in the cell.
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
	if stID != 0 {
		var ok bool
		if st, ok = tmap[stID]; !ok {
			return roster.FieldErrorf("shift_type", "shift type %d is not one of %s's", stID, dept.Name)
		}
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
		if stID != 0 {
			start, end := st.On(cl.Date)
			if len(cur.as) > 0 {
				a := cur.as[0]
				a.ShiftTypeID, a.Kind, a.Start, a.End = st.ID, st.Kind, start, end
				if err := tx.UpdateAssignment(ctx, &a); err != nil {
					return err
				}
				keep = 1
			} else {
				a := roster.Assignment{DoctorID: cl.Doctor, DepartmentID: cl.Dept, ShiftTypeID: st.ID,
					Kind: st.Kind, Start: start, End: end}
				if err := a.Validate(); err != nil {
					return err
				}
				if err := tx.CreateAssignment(ctx, &a); err != nil {
					return err
				}
			}
		}
		for _, a := range cur.as[keep:] {
			if err := tx.DeleteAssignment(ctx, a.ID, a.Version); err != nil {
				return err
			}
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
	saved.Editable = true
	return s.renderFragment(w, http.StatusOK, "rota_cell", saved)
}
