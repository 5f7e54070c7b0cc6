package pay

import (
	"math/big"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

func lt(s string) time.Time {
	t, err := roster.ParseLocal(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestShiftEnhancedMinutes(t *testing.T) {
	tests := []struct {
		name       string
		start, end string
		want       int64 // without the 2019 late-finish rule
		want2019   int64 // with it
	}{
		{"day 08-17", "2026-03-02T08:00", "2026-03-02T17:00", 0, 0},
		{"day 07-21 edges", "2026-03-02T07:00", "2026-03-02T21:00", 0, 0},
		{"06-07 early", "2026-03-02T06:00", "2026-03-02T07:00", 60, 60},
		{"late 13-23 (example 1)", "2026-03-02T13:00", "2026-03-02T23:00", 120, 120},
		{"night 21-09 (example 2)", "2026-03-02T21:00", "2026-03-03T09:00", 720, 720},
		{"night 20-08 all to 10:00", "2026-03-02T20:00", "2026-03-03T08:00", 720, 720},
		{"19:59 start: windows only", "2026-03-02T19:59", "2026-03-03T08:00", 600, 600},
		{"20:00 start exactly 8 h", "2026-03-02T20:00", "2026-03-03T04:00", 480, 480},
		{"20:00 start 7 h 59", "2026-03-02T20:00", "2026-03-03T03:59", 419, 479},
		{"23:59 start 10 h 30 to 10:29", "2026-03-02T23:59", "2026-03-03T10:29", 601, 601},
		{"late finish 00:30", "2026-03-02T16:00", "2026-03-03T00:30", 210, 510},
		{"finish exactly 00:00 is not after", "2026-03-02T16:00", "2026-03-03T00:00", 180, 180},
		{"finish exactly 04:00", "2026-03-02T15:00", "2026-03-03T04:00", 420, 780},
		{"finish 04:01", "2026-03-02T15:00", "2026-03-03T04:01", 421, 421},
		// Clock changes: real elapsed minutes.
		{"October night 21-09 = 13 h", "2026-10-24T21:00", "2026-10-25T09:00", 780, 780},
		{"March night 21-09 = 11 h", "2026-03-28T21:00", "2026-03-29T09:00", 660, 660},
		{"October 00-08 windows: 8 real hours", "2026-10-25T00:00", "2026-10-25T08:00", 480, 480},
		{"March 00-08 windows: 6 real hours", "2026-03-29T00:00", "2026-03-29T08:00", 360, 360},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e := lt(tt.start), lt(tt.end)
			if got := ShiftEnhancedMinutes(s, e, MeasureOptions{}); got != tt.want {
				t.Errorf("enhanced = %d min, want %d", got, tt.want)
			}
			if got := ShiftEnhancedMinutes(s, e, MeasureOptions{LateFinish2019: true}); got != tt.want2019 {
				t.Errorf("enhanced (2019) = %d min, want %d", got, tt.want2019)
			}
		})
	}
}

func TestWeekendsTouched(t *testing.T) {
	sat := date("2026-03-07")
	tests := []struct {
		name       string
		start, end string
		want       []roster.Date
	}{
		{"Friday night into Saturday", "2026-03-06T21:00", "2026-03-07T09:00", []roster.Date{sat}},
		{"Friday ending at midnight", "2026-03-06T16:00", "2026-03-07T00:00", nil},
		{"Friday ending 00:01", "2026-03-06T16:00", "2026-03-07T00:01", nil},
		{"Friday ending 00:02", "2026-03-06T16:00", "2026-03-07T00:02", []roster.Date{sat}},
		{"Saturday day", "2026-03-07T08:00", "2026-03-07T20:00", []roster.Date{sat}},
		{"Sunday 23:00 night", "2026-03-08T23:00", "2026-03-09T08:00", []roster.Date{sat}},
		{"Sunday 23:59 start", "2026-03-08T23:59", "2026-03-09T08:00", nil},
		{"Monday day", "2026-03-09T08:00", "2026-03-09T17:00", nil},
		{"October weekend", "2026-10-25T01:30", "2026-10-25T05:00", []roster.Date{date("2026-10-24")}},
		{"two weekends on call", "2026-03-07T09:00", "2026-03-14T09:00", []roster.Date{sat, date("2026-03-14")}},
	}
	for _, tt := range tests {
		got := WeekendsTouched(lt(tt.start), lt(tt.end))
		if len(got) != len(tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			}
		}
	}
}

func TestCycleWeeks(t *testing.T) {
	p := func(s, e string) Period { return Period{Start: lt(s), End: lt(e), Kind: roster.Work} }
	tests := []struct {
		name   string
		ps     []Period
		weeks  int
		monday string
	}{
		{"one Monday", []Period{p("2026-03-02T08:00", "2026-03-02T17:00")}, 1, "2026-03-02"},
		{"one Sunday", []Period{p("2026-03-08T08:00", "2026-03-08T17:00")}, 1, "2026-03-02"},
		{"Wednesday to next Tuesday", []Period{p("2026-03-11T08:00", "2026-03-11T17:00"), p("2026-03-04T08:00", "2026-03-04T17:00")}, 2, "2026-03-02"},
		{"Sunday night ending Monday stays in the week", []Period{p("2026-03-02T08:00", "2026-03-02T17:00"), p("2026-03-08T21:00", "2026-03-09T09:00")}, 1, "2026-03-02"},
		{"across the March change", []Period{p("2026-03-23T08:00", "2026-03-23T17:00"), p("2026-04-05T08:00", "2026-04-05T17:00")}, 2, "2026-03-23"},
	}
	for _, tt := range tests {
		w, m := CycleWeeks(tt.ps)
		if w != tt.weeks || m.String() != tt.monday {
			t.Errorf("%s: %d weeks from %s, want %d from %s", tt.name, w, m, tt.weeks, tt.monday)
		}
	}
	if w, _ := CycleWeeks(nil); w != 0 {
		t.Errorf("no periods: %d weeks", w)
	}
}

func TestMeasure(t *testing.T) {
	ps := []Period{
		{Start: lt("2026-03-02T08:00"), End: lt("2026-03-02T20:00"), Kind: roster.Work},   // 12 h day
		{Start: lt("2026-03-06T21:00"), End: lt("2026-03-07T09:00"), Kind: roster.Work},   // Fri night: weekend 1
		{Start: lt("2026-03-14T09:00"), End: lt("2026-03-15T09:00"), Kind: roster.OnCall}, // Sat on call: weekend 2
		{Start: lt("2026-03-14T23:00"), End: lt("2026-03-15T01:00"), Kind: roster.Work},   // call-out 2 h, all at night
		{Start: lt("2026-03-17T17:00"), End: lt("2026-03-18T09:00"), Kind: roster.OnCall, ExpectedWorkMinutes: 160},
		{Start: lt("2026-03-25T00:00"), End: lt("2026-03-26T00:00"), Kind: roster.Leave},
	}
	m := Measure(ps, 4, MeasureOptions{})
	if m.ShiftMinutes != 24*60 {
		t.Errorf("shift minutes %d, want 1440", m.ShiftMinutes)
	}
	if m.OnCallWorkMinutes != 120+160 {
		t.Errorf("on-call work %d, want 280", m.OnCallWorkMinutes)
	}
	// Night: 720 (Fri night) + 120 (call-out) + 160 × 600/960 spread = 100.
	if want := big.NewRat(940, 1); m.EnhancedMinutes.Cmp(want) != 0 {
		t.Errorf("enhanced %s, want %s", m.EnhancedMinutes, want)
	}
	if m.Weekends != 2 || m.OnCallPeriods != 2 {
		t.Errorf("weekends %d on-call %d, want 2 and 2", m.Weekends, m.OnCallPeriods)
	}
	if got := m.AverageWeeklyHours(); got.Cmp(big.NewRat(1720, 240)) != 0 {
		t.Errorf("average %s", got)
	}
}
