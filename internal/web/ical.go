package web

import (
	"fmt"
	"mime"
	"net/http"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/ioformat"
	"github.com/rotaguard/rotaguard/internal/roster"
)

// calendarWeeks is how far ahead a doctor's calendar file reaches by
// default; it starts calendarBackWeeks before this week.
const (
	calendarWeeks     = 26
	calendarBackWeeks = 4
)

// doctorCalendar serves a doctor's rota as an iCalendar file (RFC 5545)
// for their phone's or computer's calendar: GET /doctors/{id}/rota.ics,
// optionally ?from=YYYY-MM-DD&weeks=N. Same access as the doctor's shifts.
func (s *Server) doctorCalendar(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	d, err := s.pathDoctor(r, c, auth.ViewAssignment)
	if err != nil {
		return err
	}
	from := mondayOf(roster.DateOf(s.now().In(roster.London))).AddDays(-7 * calendarBackWeeks)
	if v := r.URL.Query().Get("from"); v != "" {
		if from, err = roster.ParseDate(v); err != nil {
			return roster.FieldErrorf("from", "%v", err)
		}
	}
	weeks := calendarWeeks + calendarBackWeeks
	if v := r.URL.Query().Get("weeks"); v != "" {
		if _, err := fmt.Sscan(v, &weeks); err != nil || weeks < 1 || weeks > 104 {
			return roster.FieldErrorf("weeks", "%q is not a number of weeks from 1 to 104", v)
		}
	}
	to := from.AddDays(7 * weeks)
	as, types, err := s.doctorShifts(ctx, d, from, to)
	if err != nil {
		return err
	}
	dept, err := s.st.GetDepartment(ctx, d.DepartmentID)
	if err != nil && !roster.IsCode(err, roster.NotFound) {
		return err
	}
	cal := ioformat.Calendar{
		Name:  "Rota: " + d.Name(),
		Stamp: s.now(),
	}
	for _, a := range as {
		code, name, _ := cellLabel(a, types)
		cal.Events = append(cal.Events, ioformat.CalendarEvent{Assignment: a, Summary: code + " " + name, Location: dept.Name})
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment",
		map[string]string{"filename": fmt.Sprintf("rota-%s-%s.ics", d.GMC, from)}))
	w.Header().Set("Cache-Control", "private, no-store")
	return ioformat.WriteICalendar(w, cal)
}
