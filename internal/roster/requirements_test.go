package roster

import (
	"strings"
	"testing"
	"time"
)

func TestRequirementValidate(t *testing.T) {
	ok := Requirement{DepartmentID: 1, ShiftTypeID: 2, Weekday: time.Monday, Min: 2, Max: 3, WeightUnder: 100, WeightOver: 1}
	tests := []struct {
		name   string
		change func(r *Requirement)
		fields []string // fields named in the error; none = valid
	}{
		{"valid", func(r *Requirement) {}, nil},
		{"no maximum", func(r *Requirement) { r.Max = 0 }, nil},
		{"maximum equal to minimum", func(r *Requirement) { r.Max = 2 }, nil},
		{"maximum under minimum", func(r *Requirement) { r.Max = 1 }, []string{"max"}},
		{"Sunday is 0", func(r *Requirement) { r.Weekday = time.Sunday }, nil},
		{"weekday 7", func(r *Requirement) { r.Weekday = 7 }, []string{"weekday"}},
		{"negative minimum and weights, no shift", func(r *Requirement) { r.Min, r.WeightUnder, r.WeightOver, r.ShiftTypeID = -1, -1, -1, 0 },
			[]string{"min", "weight_under", "weight_over", "shift_type_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok
			tt.change(&r)
			err := r.Validate()
			if len(tt.fields) == 0 {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if ErrorCode(err) != Invalid {
				t.Fatalf("error %v, want invalid", err)
			}
			for _, f := range tt.fields {
				if !strings.Contains(err.Error(), f+": ") {
					t.Errorf("error %q does not name %s", err, f)
				}
			}
		})
	}
}

func TestRequestValidate(t *testing.T) {
	day := Date{Year: 2026, Month: time.December, Day: 2}
	tests := []struct {
		name   string
		r      Request
		fields []string
	}{
		{"off any shift", Request{DoctorID: 1, Date: day, Weight: 10}, nil},
		{"on a shift", Request{DoctorID: 1, Date: day, ShiftTypeID: 3, On: true, Weight: 1000}, nil},
		{"on with no shift", Request{DoctorID: 1, Date: day, On: true, Weight: 10}, []string{"shift_type_id"}},
		{"weight 1001", Request{DoctorID: 1, Date: day, Weight: 1001}, []string{"weight"}},
		{"no doctor, no date", Request{Weight: 5}, []string{"doctor_id", "date"}},
		{"long note", Request{DoctorID: 1, Date: day, Weight: 5, Note: strings.Repeat("x", 501)}, []string{"note"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.Validate()
			if (err != nil) != (len(tt.fields) > 0) {
				t.Fatalf("error %v, want fields %v", err, tt.fields)
			}
			for _, f := range tt.fields {
				if !strings.Contains(err.Error(), f+": ") {
					t.Errorf("error %q does not name %s", err, f)
				}
			}
		})
	}
}

func TestDraftValidate(t *testing.T) {
	from := Date{Year: 2026, Month: time.November, Day: 30}
	d := Draft{DepartmentID: 1, From: from, To: from.AddDays(28), Status: DraftRunning}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []Draft{
		{DepartmentID: 1, From: from, To: from, Status: DraftRunning},
		{DepartmentID: 1, From: from, To: from.AddDays(26*7 + 1), Status: DraftDone},
		{DepartmentID: 1, From: from, To: from.AddDays(7), Status: "paused"},
		{From: from, To: from.AddDays(7), Status: DraftDone},
	} {
		if ErrorCode(bad.Validate()) != Invalid {
			t.Errorf("%+v: accepted", bad)
		}
	}
	if err := (Draft{DepartmentID: 1, From: from, To: from.AddDays(26 * 7), Status: DraftDone}).Validate(); err != nil {
		t.Errorf("26 weeks exactly: %v", err)
	}
}

func TestParseWeekday(t *testing.T) {
	for in, want := range map[string]time.Weekday{"Mon": time.Monday, "monday": time.Monday, " SUN ": time.Sunday, "sat": time.Saturday} {
		if got, err := ParseWeekday(in); err != nil || got != want {
			t.Errorf("ParseWeekday(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "Mo", "Mond", "Funday"} {
		if _, err := ParseWeekday(in); err == nil {
			t.Errorf("ParseWeekday(%q) accepted", in)
		}
	}
}
