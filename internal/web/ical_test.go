package web

import (
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// TestDoctorCalendar downloads a doctor's own rota as iCalendar: every
// shift in the window is an event with its real UTC instants, and a
// colleague's shifts are not in it.
func TestDoctorCalendar(t *testing.T) {
	f := newFixture(t)
	night := f.newAssignment(t, f.docA1, f.night, roster.Date{Year: 2026, Month: 10, Day: 24}) // over the October change
	early := f.newAssignment(t, f.docA1, f.early, roster.Date{Year: 2026, Month: 11, Day: 2})
	f.newAssignment(t, f.docA2, f.early, roster.Date{Year: 2026, Month: 11, Day: 2})
	f.newAssignment(t, f.docA1, f.early, roster.Date{Year: 2027, Month: 6, Day: 1}) // beyond the default window

	if page := f.do(roster.RoleDoctor, "GET", "/doctors/"+id(f.docA1.ID), nil).Body.String(); !strings.Contains(page, `href="/doctors/`+id(f.docA1.ID)+`/rota.ics"`) {
		t.Error("the doctor's page does not link their calendar file")
	}
	w := f.do(roster.RoleDoctor, "GET", "/doctors/"+id(f.docA1.ID)+"/rota.ics", nil)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, `filename=rota-`+f.docA1.GMC+`-2026-09-21.ics`) {
		t.Errorf("Content-Disposition %q (window starts 4 weeks before the week of 21 Oct 2026)", cd)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(w.Body.String()))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != 2 {
		t.Fatalf("%d events, want the doctor's 2 shifts in the window:\n%s", len(evs), w.Body.String())
	}
	for i, a := range []roster.Assignment{night, early} {
		st, err1 := evs[i].GetStartAt()
		en, err2 := evs[i].GetEndAt()
		if err1 != nil || err2 != nil || !st.Equal(a.Start) || !en.Equal(a.End) {
			t.Errorf("event %d: %v–%v (%v %v), want %v–%v", i, st, en, err1, err2, a.Start, a.End)
		}
	}
	if got := evs[0].GetProperty(ics.ComponentPropertySummary); got == nil || got.Value != "N Night" {
		t.Errorf("summary %v", got)
	}
	if d := evs[0].GetProperty(ics.ComponentPropertyDtEnd).Value; d != "20261025T093000Z" {
		t.Errorf("the night ends %s, want 09:30 GMT after the change", d)
	}

	// An explicit window reaches the June shift; bad parameters are 400.
	w = f.do(roster.RoleDoctor, "GET", "/doctors/"+id(f.docA1.ID)+"/rota.ics?from=2027-05-31&weeks=1", nil)
	if c, _ := ics.ParseCalendar(strings.NewReader(w.Body.String())); c == nil || len(c.Events()) != 1 {
		t.Errorf("June window: %s", w.Body.String())
	}
	for _, q := range []string{"?weeks=0", "?weeks=105", "?weeks=x", "?from=2026-02-30"} {
		if w := f.do(roster.RoleDoctor, "GET", "/doctors/"+id(f.docA1.ID)+"/rota.ics"+q, nil); w.Code != 400 {
			t.Errorf("%s: status %d, want 400", q, w.Code)
		}
	}
}
