package roster

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
	_ "time/tzdata" // the binary never depends on the host's zone files
)

// London is Europe/London. Instants are stored in UTC; local days, clock
// changes and wall-clock rules are computed in London.
var London = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Date is a civil (calendar) date with no time zone: a rotation start, a
// contract renewal, a leave day. The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

const dateLayout = "2006-01-02"

// ParseDate parses YYYY-MM-DD. The empty string gives the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// In returns local midnight of d in loc (London when loc is nil).
func (d Date) In(loc *time.Location) time.Time {
	if loc == nil {
		loc = London
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns d moved by n calendar days.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// DaysUntil returns the number of calendar days from d to e (negative if e is before d).
func (d Date) DaysUntil(e Date) int {
	a := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
	b := time.Date(e.Year, e.Month, e.Day, 12, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours()) / 24 // both at noon UTC: an exact multiple of 24 h
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// MarshalText implements encoding.TextMarshaler (JSON, CSV).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON accepts null, "" or "YYYY-MM-DD".
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	return d.UnmarshalText([]byte(s))
}

// ParseLocal parses a local Europe/London wall-clock time such as
// "2026-03-02T08:00" (seconds optional), or an RFC 3339 instant with an
// explicit offset ("2026-03-02T08:00:00Z", "2026-03-02T08:00+01:00").
// A wall-clock time that does not exist (inside the March gap) is an
// error; one that occurs twice (the October repeat) takes the first,
// British Summer Time, occurrence.
func ParseLocal(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		t, err := time.ParseInLocation(layout, s, London)
		if err != nil {
			continue
		}
		// Go normalises a non-existent time forward; detect it by
		// checking that the wall clock round-trips.
		y, m, d := t.Date()
		want, _ := time.Parse(layout, s)
		wy, wm, wd := want.Date()
		if y != wy || m != wm || d != wd || t.Hour() != want.Hour() || t.Minute() != want.Minute() {
			return time.Time{}, fmt.Errorf("%s does not exist in Europe/London (the clocks go forward)", s)
		}
		// For an ambiguous time Go picks the first offset; make it explicit.
		if early := t.Add(-time.Hour); early.In(London).Hour() == t.Hour() && early.In(London).Minute() == t.Minute() {
			t = early
		}
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time of the form 2026-03-02T08:00 (Europe/London) or an RFC 3339 instant", s)
}

// FormatLocal formats an instant as London wall-clock time "2006-01-02T15:04".
func FormatLocal(t time.Time) string { return t.In(London).Format("2006-01-02T15:04") }

// Minutes returns the length of d in whole minutes (truncated).
func Minutes(d time.Duration) int64 { return int64(d / time.Minute) }

// AppendMinutes appends a duration in minutes as people read it: "72 h 30
// min", "13 h", "45 min". It does not allocate beyond growing b (the rules
// engine writes every finding's message with it).
func AppendMinutes(b []byte, m int64) []byte {
	if m < 0 {
		b, m = append(b, '-'), -m
	}
	h, mm := m/60, m%60
	if h > 0 {
		b = append(strconv.AppendInt(b, h, 10), " h"...)
		if mm == 0 {
			return b
		}
		b = append(b, ' ')
	}
	return append(strconv.AppendInt(b, mm, 10), " min"...)
}

// FormatMinutes formats a duration in minutes as AppendMinutes does.
func FormatMinutes(m int64) string {
	var buf [32]byte
	return string(AppendMinutes(buf[:0], m))
}
