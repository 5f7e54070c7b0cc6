package ioformat

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// CalendarEvent is one rota assignment as a calendar event.
type CalendarEvent struct {
	Assignment roster.Assignment
	Summary    string // e.g. "N Night"
	Location   string // e.g. the department's name
}

// Calendar describes an iCalendar (RFC 5545) feed of one doctor's rota.
type Calendar struct {
	Name   string    // X-WR-CALNAME, e.g. "Rota: Amara Okafor"
	Domain string    // right-hand side of each event's UID, e.g. "rotaguard"
	Stamp  time.Time // DTSTAMP of every event (when the feed was made)
	Events []CalendarEvent
}

// WriteICalendar writes c as an iCalendar stream: one VEVENT per
// assignment, its start and end as UTC instants (so a night across a clock
// change keeps its real length in every calendar program), a UID stable
// across exports (assignment id) and a SEQUENCE from the assignment's
// version, so a calendar that subscribed sees edits as updates, not
// duplicates. Lines are folded at 75 octets and text is escaped as the RFC
// says.
func WriteICalendar(w io.Writer, c Calendar) error {
	bw := bufio.NewWriter(w)
	lw := &icalWriter{w: bw}
	lw.line("BEGIN:VCALENDAR")
	lw.line("VERSION:2.0")
	lw.line("PRODID:-//rotaguard//rota//EN")
	lw.line("CALSCALE:GREGORIAN")
	lw.line("METHOD:PUBLISH")
	if c.Name != "" {
		lw.line("X-WR-CALNAME:" + icalText(c.Name))
	}
	lw.line("X-WR-TIMEZONE:Europe/London")
	domain := c.Domain
	if domain == "" {
		domain = "rotaguard"
	}
	stamp := icalTime(c.Stamp)
	for _, e := range c.Events {
		a := e.Assignment
		if !a.End.After(a.Start) {
			return fmt.Errorf("assignment %d: end %s is not after start %s", a.ID, roster.FormatLocal(a.End), roster.FormatLocal(a.Start))
		}
		lw.line("BEGIN:VEVENT")
		lw.line(fmt.Sprintf("UID:assignment-%d@%s", a.ID, domain))
		lw.line("DTSTAMP:" + stamp)
		lw.line("DTSTART:" + icalTime(a.Start))
		lw.line("DTEND:" + icalTime(a.End))
		lw.line(fmt.Sprintf("SEQUENCE:%d", max(a.Version-1, 0)))
		lw.line("SUMMARY:" + icalText(e.Summary))
		if e.Location != "" {
			lw.line("LOCATION:" + icalText(e.Location))
		}
		desc := fmt.Sprintf("%s, %s to %s (%s)", kindLabel(a.Kind), roster.FormatLocal(a.Start), roster.FormatLocal(a.End), roster.FormatMinutes(a.Minutes()))
		if a.Note != "" {
			desc += "\n" + a.Note
		}
		lw.line("DESCRIPTION:" + icalText(desc))
		switch a.Kind {
		case roster.Leave:
			lw.line("TRANSP:TRANSPARENT")
			lw.line("CATEGORIES:LEAVE")
		case roster.OnCall:
			lw.line("TRANSP:OPAQUE")
			lw.line("CATEGORIES:ON CALL")
		default:
			lw.line("TRANSP:OPAQUE")
			lw.line("CATEGORIES:SHIFT")
		}
		lw.line("END:VEVENT")
	}
	lw.line("END:VCALENDAR")
	if lw.err != nil {
		return lw.err
	}
	return bw.Flush()
}

func kindLabel(k roster.Kind) string {
	switch k {
	case roster.Leave:
		return "Leave"
	case roster.OnCall:
		return "On call"
	}
	return "Shift"
}

// icalTime formats an instant as an RFC 5545 UTC date-time.
func icalTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icalText escapes a TEXT value (RFC 5545 §3.3.11).
func icalText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// icalWriter writes content lines with CRLF, folding each at 75 octets
// without splitting a UTF-8 character (RFC 5545 §3.1).
type icalWriter struct {
	w   *bufio.Writer
	err error
}

func (lw *icalWriter) line(s string) {
	if lw.err != nil {
		return
	}
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if _, lw.err = lw.w.WriteString(s[:cut] + "\r\n "); lw.err != nil {
			return
		}
		s = s[cut:]
		limit = 74 // the continuation's leading space counts
	}
	_, lw.err = lw.w.WriteString(s + "\r\n")
}
