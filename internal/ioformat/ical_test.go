package ioformat

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/rotaguard/rotaguard/internal/roster"
)

func TestWriteICalendar(t *testing.T) {
	night := roster.ShiftType{Code: "N", Name: "Night", StartMinute: 21 * 60, LengthMinutes: 12*60 + 30}
	// A night over the October change (25 Oct 2026) lasts 13 h 30 min.
	s1, e1 := night.On(roster.Date{Year: 2026, Month: 10, Day: 24})
	// An ordinary summer night: 21:00 BST is 20:00 UTC.
	s2, e2 := night.On(roster.Date{Year: 2026, Month: 7, Day: 1})
	long := strings.Repeat("Ward 7; cardiology, é ", 8) // forces folding inside multi-byte text
	c := Calendar{
		Name:   "Rota: Amara Okafor",
		Domain: "trust.example",
		Stamp:  time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC),
		Events: []CalendarEvent{
			{Assignment: roster.Assignment{ID: 41, Kind: roster.Work, Start: s1, End: e1, Version: 3, Note: "Covering; swap agreed"}, Summary: "N Night", Location: long},
			{Assignment: roster.Assignment{ID: 42, Kind: roster.Work, Start: s2, End: e2, Version: 1}, Summary: "N Night", Location: "Cardiology"},
			{Assignment: roster.Assignment{ID: 43, Kind: roster.Leave, Start: s2.Add(48 * time.Hour), End: s2.Add(72 * time.Hour), Version: 1}, Summary: "L Leave"},
		},
	}
	var buf bytes.Buffer
	if err := WriteICalendar(&buf, c); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	for i, l := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets (more than 75): %q", i+1, len(l), l)
		}
		if strings.Contains(l, "\n") {
			t.Errorf("line %d has a bare LF: %q", i+1, l)
		}
	}
	if !strings.HasSuffix(raw, "END:VCALENDAR\r\n") {
		t.Errorf("the stream does not end with END:VCALENDAR CRLF")
	}

	unfolded := strings.ReplaceAll(raw, "\r\n ", "")
	if want := `DESCRIPTION:Shift\, 2026-10-24T21:00 to 2026-10-25T09:30 (13 h 30 min)\nCovering\; swap agreed` + "\r\n"; !strings.Contains(unfolded, want) {
		t.Errorf("escaped description %q not in\n%s", want, unfolded)
	}

	cal, err := ics.ParseCalendar(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("another iCalendar library cannot read it: %v", err)
	}
	evs := cal.Events()
	if len(evs) != 3 {
		t.Fatalf("%d events, want 3", len(evs))
	}
	want := []struct {
		uid, start, end, seq, transp string
	}{
		{"assignment-41@trust.example", "20261024T200000Z", "20261025T093000Z", "2", "OPAQUE"},
		{"assignment-42@trust.example", "20260701T200000Z", "20260702T083000Z", "0", "OPAQUE"},
		{"assignment-43@trust.example", "20260703T200000Z", "20260704T200000Z", "0", "TRANSPARENT"},
	}
	for i, w := range want {
		ev := evs[i]
		if got := ev.Id(); got != w.uid {
			t.Errorf("event %d UID %q, want %q", i, got, w.uid)
		}
		for prop, v := range map[ics.ComponentProperty]string{
			ics.ComponentPropertyDtStart: w.start, ics.ComponentPropertyDtEnd: w.end,
			ics.ComponentPropertySequence: w.seq, ics.ComponentPropertyTransp: w.transp,
		} {
			if p := ev.GetProperty(prop); p == nil || p.Value != v {
				t.Errorf("event %d %s = %v, want %s", i, prop, p, v)
			}
		}
	}
	// 13 h 30 min of real time over the October change.
	st, _ := evs[0].GetStartAt()
	en, _ := evs[0].GetEndAt()
	if d := en.Sub(st); d != 13*time.Hour+30*time.Minute {
		t.Errorf("the October night lasts %v, want 13h30m", d)
	}
	// Folded and escaped text comes back whole (the library unescapes).
	loc := evs[0].GetProperty(ics.ComponentPropertyLocation)
	if loc == nil || loc.Value != long {
		t.Errorf("location after unfolding = %v, want %q", loc, long)
	}
	if d := evs[0].GetProperty(ics.ComponentPropertyDescription); d == nil || d.Value != "Shift, 2026-10-24T21:00 to 2026-10-25T09:30 (13 h 30 min)\nCovering; swap agreed" {
		t.Errorf("description = %v", d)
	}
}

func TestWriteICalendarRefusesEmptyPeriod(t *testing.T) {
	at := time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)
	err := WriteICalendar(&bytes.Buffer{}, Calendar{Events: []CalendarEvent{{Assignment: roster.Assignment{ID: 7, Start: at, End: at}}}})
	if err == nil || !strings.Contains(err.Error(), "assignment 7: end") {
		t.Fatalf("err = %v, want the assignment named", err)
	}
}
