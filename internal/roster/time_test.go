package roster

import (
	"testing"
	"time"
)

func TestParseLocal(t *testing.T) {
	tests := []struct {
		in      string
		want    string // UTC RFC 3339
		wantErr bool
	}{
		{"2026-01-05T08:00", "2026-01-05T08:00:00Z", false},          // GMT
		{"2026-07-06T08:00", "2026-07-06T07:00:00Z", false},          // BST
		{"2026-07-06T08:00:30", "2026-07-06T07:00:30Z", false},       // seconds
		{"2026-07-06 08:00", "2026-07-06T07:00:00Z", false},          // space separator
		{"2026-03-29T00:59", "2026-03-29T00:59:00Z", false},          // last minute of GMT
		{"2026-03-29T01:00", "", true},                               // the gap: does not exist
		{"2026-03-29T01:59", "", true},                               // still in the gap
		{"2026-03-29T02:00", "2026-03-29T01:00:00Z", false},          // first minute of BST
		{"2026-10-25T01:30", "2026-10-25T00:30:00Z", false},          // repeated: first (BST) taken
		{"2026-10-25T02:00", "2026-10-25T02:00:00Z", false},          // after the repeat, GMT
		{"2026-07-06T08:00+01:00", "2026-07-06T07:00:00Z", false},    // explicit offset
		{"2026-10-25T01:30:00Z", "2026-10-25T01:30:00Z", false},      // explicit UTC: second 01:30 local
		{"2026-10-25T01:30:00+00:00", "2026-10-25T01:30:00Z", false}, // explicit GMT
		{"2026-02-30T08:00", "", true},                               // no such date
		{"08:00", "", true},                                          // no date
		{"", "", true},
	}
	for _, tt := range tests {
		got, err := ParseLocal(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("ParseLocal(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseLocal(%q): %v", tt.in, err)
			continue
		}
		if s := got.Format(time.RFC3339); s != tt.want {
			t.Errorf("ParseLocal(%q) = %s, want %s", tt.in, s, tt.want)
		}
		if got.Location() != time.UTC {
			t.Errorf("ParseLocal(%q) location %v, want UTC", tt.in, got.Location())
		}
	}
}

func TestShiftTypeOnAcrossClockChanges(t *testing.T) {
	night := ShiftType{StartMinute: 21 * 60, LengthMinutes: 12 * 60}
	tests := []struct {
		day  string
		mins int64
	}{
		{"2026-03-28", 11 * 60}, // Sat night over the March change: one hour short
		{"2026-10-24", 13 * 60}, // Sat night over the October change: one hour long
		{"2026-06-10", 12 * 60},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.day)
		if err != nil {
			t.Fatal(err)
		}
		s, e := night.On(d)
		if got := Minutes(e.Sub(s)); got != tt.mins {
			t.Errorf("night on %s lasts %d min, want %d", tt.day, got, tt.mins)
		}
		if FormatLocal(s)[11:] != "21:00" || FormatLocal(e)[11:] != "09:00" {
			t.Errorf("night on %s runs %s to %s, want 21:00 to 09:00 local", tt.day, FormatLocal(s), FormatLocal(e))
		}
	}
}

func TestDate(t *testing.T) {
	d, err := ParseDate("2026-02-28")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.AddDays(1).String(); got != "2026-03-01" {
		t.Errorf("AddDays(1) = %s", got)
	}
	if got := d.AddDays(-59).String(); got != "2025-12-31" {
		t.Errorf("AddDays(-59) = %s", got)
	}
	e, _ := ParseDate("2026-10-26")
	if n := d.DaysUntil(e); n != 240 {
		t.Errorf("DaysUntil = %d, want 240", n)
	}
	if n := e.DaysUntil(d); n != -240 {
		t.Errorf("DaysUntil back = %d, want -240", n)
	}
	if !d.Before(e) || e.Before(d) || !e.After(d) || d.Compare(d) != 0 {
		t.Error("ordering wrong")
	}
	if d.Weekday() != time.Saturday {
		t.Errorf("2026-02-28 is a %v, want Saturday", d.Weekday())
	}
	if z, err := ParseDate(""); err != nil || !z.IsZero() || z.String() != "" {
		t.Errorf("empty date: %v %v", z, err)
	}
	if _, err := ParseDate("28/02/2026"); err == nil {
		t.Error("ParseDate accepted 28/02/2026")
	}
	b, _ := d.MarshalJSON()
	var back Date
	if err := back.UnmarshalJSON(b); err != nil || back != d {
		t.Errorf("JSON round trip: %s → %v %v", b, back, err)
	}
	if b, _ := (Date{}).MarshalJSON(); string(b) != "null" {
		t.Errorf("zero date JSON = %s", b)
	}
}

func TestDoctorValidate(t *testing.T) {
	ok := Doctor{GivenName: "Asha", FamilyName: "Patel", GMC: "7123456", Grade: ST4,
		Contract: Contract{Kind: TCS2016, NodalPoint: 4}, LTFTPercent: 100, Status: Active}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid doctor: %v", err)
	}
	bad := ok
	bad.GMC = "12345"
	bad.Grade = "ST9"
	bad.LTFTPercent = 0
	bad.Contract.NodalPoint = 6
	bad.RotationStart, _ = ParseDate("2026-08-05")
	bad.RotationEnd, _ = ParseDate("2026-08-04")
	err := bad.Validate()
	for _, field := range []string{"gmc", "grade", "ltft_percent", "nodal_point", "rotation_end"} {
		if err == nil || !containsField(err, field) {
			t.Errorf("Validate did not report %s: %v", field, err)
		}
	}
	if ErrorCode(err) != Invalid {
		t.Errorf("code %q, want invalid", ErrorCode(err))
	}
}

func containsField(err error, field string) bool {
	type multi interface{ Unwrap() []error }
	if m, ok := err.(multi); ok {
		for _, e := range m.Unwrap() {
			if containsField(e, field) {
				return true
			}
		}
		return false
	}
	e, ok := err.(*Error)
	return ok && e.Field == field
}

func TestAssignmentValidate(t *testing.T) {
	s, _ := ParseLocal("2026-03-02T08:00")
	a := Assignment{DoctorID: 1, Kind: Work, Start: s, End: s}
	if err := a.Validate(); err == nil {
		t.Error("zero-length assignment accepted")
	}
	a.End = s.Add(time.Minute)
	if err := a.Validate(); err != nil {
		t.Errorf("one-minute assignment: %v", err)
	}
	b := Assignment{Start: a.End, End: a.End.Add(time.Hour)}
	if a.Overlaps(b) {
		t.Error("touching periods overlap")
	}
	b.Start = b.Start.Add(-time.Second)
	if !a.Overlaps(b) {
		t.Error("overlapping periods not detected")
	}
}

func TestErrorFormat(t *testing.T) {
	e := &Error{Code: Invalid, Message: "unknown grade \"ST9\"", Field: "grade", File: "doctors.csv", Line: 7}
	if got := e.Error(); got != `doctors.csv:7: grade: unknown grade "ST9"` {
		t.Errorf("Error() = %s", got)
	}
	if ErrorMessage(nil) != "" || ErrorCode(nil) != "" {
		t.Error("nil error")
	}
}

func TestFormatMinutes(t *testing.T) {
	for m, want := range map[int64]string{
		0: "0 min", 45: "45 min", 60: "1 h", 61: "1 h 1 min", 810: "13 h 30 min", 4350: "72 h 30 min", -30: "-30 min", -90: "-1 h 30 min",
	} {
		if got := FormatMinutes(m); got != want {
			t.Errorf("FormatMinutes(%d) = %q, want %q", m, got, want)
		}
	}
}
