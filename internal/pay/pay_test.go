package pay

import (
	"math/big"
	"strings"
	"testing"

	"github.com/rotaguard/rotaguard/internal/roster"
)

func date(s string) roster.Date {
	d, err := roster.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// hoursMeasures builds Measures from weekly averages in minutes.
func hoursMeasures(weeks int, shiftMinPerWeek, oncallWorkMinPerWeek, enhancedMinPerWeek int64, weekends, oncall int) Measures {
	return Measures{
		Weeks:             weeks,
		ShiftMinutes:      shiftMinPerWeek * int64(weeks),
		OnCallWorkMinutes: oncallWorkMinPerWeek * int64(weeks),
		EnhancedMinutes:   big.NewRat(enhancedMinPerWeek*int64(weeks), 1),
		Weekends:          weekends,
		OnCallPeriods:     oncall,
	}
}

type wantElem struct {
	rule   string
	amount string
}

// The three worked examples of spec §6.4, with the 2025/26 tables.
func TestWorkedExamples(t *testing.T) {
	ts := Builtin()
	payDate := date("2025-09-01")
	tests := []struct {
		name  string
		in    Input
		elems []wantElem
		total string
	}{
		{
			name: "example 1 FY1 full time",
			in: Input{Doctor: "ex1", Grade: roster.FY1,
				Measures: hoursMeasures(8, 44*60, 0, 4*60, 2, 0)},
			elems: []wantElem{{ElemBasic, "38830.64"}, {ElemAddHours, "3883.06"}, {ElemNight, "1436.73"}, {ElemWeekend, "2329.84"}},
			total: "46480.28",
		},
		{
			name: "example 2 ST4 nights",
			in: Input{Doctor: "ex2", Grade: roster.ST4,
				// 15-week cycle: 48 h/week, 9.6 enhanced h/week (576 min), 5 weekends.
				Measures: hoursMeasures(15, 48*60, 0, 576, 5, 0)},
			elems: []wantElem{{ElemBasic, "65048.00"}, {ElemAddHours, "13009.60"}, {ElemNight, "5776.26"}, {ElemWeekend, "4878.60"}},
			total: "88712.46",
		},
		{
			name: "example 3 ST2 LTFT 60% on call",
			in: Input{Doctor: "ex3", Grade: roster.ST2, LTFT: big.NewRat(6, 10),
				// 24 h/week of which 3 h expected on-call work, 1.5 h of it
				// at night; own weekends 3 in 15 = 60% of full-time 1 in 3.
				Measures: hoursMeasures(15, 21*60, 3*60, 90, 3, 15)},
			elems: []wantElem{{ElemBasic, "31593.22"}, {ElemNight, "730.59"}, {ElemWeekend, "2369.49"}, {ElemOnCall, "2527.46"}, {ElemLTFTAllow, "1000.00"}},
			total: "38220.76",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Calculate(ts, payDate, roster.TCS2016, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if s.TableVersion != "2025/26" {
				t.Errorf("table %s, want 2025/26", s.TableVersion)
			}
			if len(s.Elements) != len(tt.elems) {
				t.Fatalf("got %d elements, want %d: %+v", len(s.Elements), len(tt.elems), s.Elements)
			}
			for i, w := range tt.elems {
				e := s.Elements[i]
				if e.Rule != w.rule || e.Amount.String() != w.amount {
					t.Errorf("element %d = %s %s, want %s %s (%s)", i, e.Rule, e.Amount, w.rule, w.amount, e.Working)
				}
				if e.Working == "" {
					t.Errorf("element %s has no working", e.Rule)
				}
			}
			if got := s.Total.String(); got != tt.total {
				t.Errorf("total %s, want %s", got, tt.total)
			}
		})
	}
}

// Rounded once: the rounded elements of example 1 add up to 46480.27,
// one penny short of the exact total rounded once, 46480.28.
func TestTotalRoundedOnce(t *testing.T) {
	s, err := Calculate(Builtin(), date("2025-09-01"), roster.TCS2016,
		Input{Grade: roster.FY1, Measures: hoursMeasures(8, 44*60, 0, 4*60, 2, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.ElementsRounded().String(); got != "46480.27" {
		t.Errorf("sum of rounded elements = %s, want 46480.27", got)
	}
	if got := s.Total.String(); got != "46480.28" {
		t.Errorf("total = %s, want 46480.28", got)
	}
	// The exact total is 46480.27608.
	if want := big.NewRat(4648027608, 100000); s.Total.rat().Cmp(want) != 0 {
		t.Errorf("exact total = %s, want %s", s.Total.rat().FloatString(6), want.FloatString(6))
	}
	// The working shows the figures.
	e, _ := s.Element(ElemNight)
	if !strings.Contains(e.Working, "£38,830.64 × 37% × 4 h/week ÷ 40 h = £1,436.73") {
		t.Errorf("night working: %s", e.Working)
	}
	b, _ := s.Element(ElemBasic)
	if !strings.Contains(b.Working, "£18.6174/h") {
		t.Errorf("basic working lacks the hourly rate: %s", b.Working)
	}
}

func TestAdditionalHoursThresholds(t *testing.T) {
	ts := Builtin()
	tests := []struct {
		name   string
		minPW  int64
		optOut bool
		want   string // "" = no element
	}{
		{"exactly 40 h: none", 40 * 60, false, ""},
		{"40 h 1 min", 40*60 + 1, false, "16.18"}, // 38830.64 × (1/60) ÷ 40
		{"exactly 48 h", 48 * 60, false, "7766.13"},
		{"48 h 1 min capped", 48*60 + 1, false, "7766.13"},
		{"56 h with opt-out", 56 * 60, true, "15532.26"},
		{"57 h with opt-out capped at 56", 57 * 60, true, "15532.26"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Calculate(ts, date("2025-09-01"), roster.TCS2016,
				Input{Grade: roster.FY1, OptOut: tt.optOut, Measures: hoursMeasures(1, tt.minPW, 0, 0, 0, 0)})
			if err != nil {
				t.Fatal(err)
			}
			e, ok := s.Element(ElemAddHours)
			if tt.want == "" {
				if ok {
					t.Fatalf("unexpected %s %s", e.Rule, e.Amount)
				}
				return
			}
			if !ok || e.Amount.String() != tt.want {
				t.Errorf("additional hours = %v (%s), want %s", e.Amount, e.Working, tt.want)
			}
		})
	}
}

func TestWeekendBands(t *testing.T) {
	ts := Builtin()
	tests := []struct {
		k, w int
		pct  string // percent of NP1 38830.64, "" = none
	}{
		{1, 1, "10"}, {1, 2, "10"}, {2, 5, "7.5"}, {1, 3, "7.5"}, {3, 10, "6"}, {1, 4, "6"},
		{1, 5, "5"}, {1, 6, "4"}, {1, 7, "3"}, {1, 8, "3"}, {2, 17, ""}, {1, 9, ""}, {0, 8, ""},
	}
	for _, tt := range tests {
		s, err := Calculate(ts, date("2025-09-01"), roster.TCS2016,
			Input{Grade: roster.FY1, Measures: Measures{Weeks: tt.w, Weekends: tt.k, ShiftMinutes: int64(40 * 60 * tt.w)}})
		if err != nil {
			t.Fatal(err)
		}
		e, ok := s.Element(ElemWeekend)
		if tt.pct == "" {
			if ok {
				t.Errorf("%d in %d: unexpected weekend %s", tt.k, tt.w, e.Amount)
			}
			continue
		}
		p, _ := parseDecimal(tt.pct)
		want := MustMoney("38830.64").Mul(new(big.Rat).Quo(p, hundred))
		if !ok || e.Amount.Cmp(want) != 0 {
			t.Errorf("%d in %d: weekend %v (%s), want %s%% = %s", tt.k, tt.w, e.Amount, e.Working, tt.pct, want)
		}
	}
}

func TestCompute2002(t *testing.T) {
	ts := Builtin()
	tests := []struct {
		name  string
		in    Input
		total string
		err   string
	}{
		{"StR point 3 band 1A", Input{Grade: roster.ST4, ScalePoint: 3, Band: "1A"}, "81181.50", ""}, // 54121 × 1.5
		{"FY1 point 0 band 3", Input{Grade: roster.FY1, Band: "3"}, "70618.00", ""},
		{"FY2 unbanded", Input{Grade: roster.FY2, ScalePoint: 2}, "48182.00", ""},
		{"LTFT 60% FB", Input{Grade: roster.ST2, ScalePoint: 1, Band: "fb", LTFT: big.NewRat(3, 5)}, "40579.56", ""}, // 48309×0.6×1.4
		{"StR full point 9 2A", Input{Grade: roster.ST7, ScalePoint: 9, Band: "2A"}, "125956.80", ""},
		{"off the scale", Input{Doctor: "d9", Grade: roster.FY1, ScalePoint: 3}, "", "d9: scale point 3 is off the FY1 scale"},
		{"bad band", Input{Grade: roster.FY1, Band: "4"}, "", `unknown band "4"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Calculate(ts, date("2026-04-01"), roster.NewDeal2002, tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Total.String() != tt.total {
				t.Errorf("total %s, want %s: %+v", s.Total, tt.total, s.Elements)
			}
		})
	}
	// No 2002 scale before 2026/27: an error that says so, not an invented figure.
	_, err := Calculate(ts, date("2026-03-31"), roster.NewDeal2002, Input{Grade: roster.FY1})
	if err == nil || !strings.Contains(err.Error(), "no 2002 pay scale") {
		t.Errorf("2002 pay in 2025/26: err = %v", err)
	}
}

func TestTableInForce(t *testing.T) {
	ts := Builtin()
	tests := []struct {
		date, version, np1 string
	}{
		{"2016-08-03", "2016/17", "26350.00"},
		{"2017-03-31", "2016/17", "26350.00"},
		{"2017-04-01", "2017/18", "26614.00"},
		{"2021-09-30", "2020/21", "28243.00"},
		{"2021-10-01", "2021/22", "28808.00"},
		{"2025-03-31", "2024/25", "36616.00"},
		{"2025-04-01", "2025/26", "38830.64"},
		{"2026-04-01", "2026/27", "40190.00"},
		{"2030-01-01", "2026/27", "40190.00"},
	}
	for _, tt := range tests {
		tb, err := ts.At(date(tt.date))
		if err != nil {
			t.Fatal(err)
		}
		np1, _ := tb.NodalPoint(1)
		if tb.Version != tt.version || np1.String() != tt.np1 {
			t.Errorf("%s: %s NP1 %s, want %s %s", tt.date, tb.Version, np1, tt.version, tt.np1)
		}
	}
	if _, err := ts.At(date("2016-08-02")); err == nil {
		t.Error("a table before the 2016 terms")
	}
	// NP5 did not exist in 2016.
	if _, err := Calculate(ts, date("2016-09-01"), roster.TCS2016, Input{Grade: roster.ST7}); err == nil || !strings.Contains(err.Error(), "no nodal point 5") {
		t.Errorf("NP5 in 2016: %v", err)
	}
}

func TestOnCallAndFPP(t *testing.T) {
	ts := Builtin()
	// 2026/27 tabulates the on-call allowance in cash.
	s, err := Calculate(ts, date("2026-05-01"), roster.TCS2016, Input{Grade: roster.FY1, Measures: Measures{Weeks: 1, ShiftMinutes: 2400, OnCallPeriods: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := s.Element(ElemOnCall); e.Amount.String() != "3216.00" {
		t.Errorf("2026/27 on-call NP1 = %s, want 3216.00", e.Amount)
	}
	// FPP: the GP premium is tabled only in 2016/17; elsewhere it must be given.
	s, err = Calculate(ts, date("2016-09-01"), roster.TCS2016, Input{Grade: roster.ST1, FPP: "GP", LTFT: big.NewRat(1, 2)})
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := s.Element(ElemFPP); e.Amount.String() != "4100.00" {
		t.Errorf("GP FPP at 50%% = %s, want 4100.00", e.Amount)
	}
	if _, err := Calculate(ts, date("2025-09-01"), roster.TCS2016, Input{Doctor: "g", Grade: roster.ST1, FPP: "gp"}); err == nil || !strings.Contains(err.Error(), "give fpp_amount") {
		t.Errorf("FPP without an amount: %v", err)
	}
	amt := MustMoney("5000")
	s, err = Calculate(ts, date("2025-09-01"), roster.TCS2016, Input{Grade: roster.ST1, FPP: "em", FPPAmount: &amt})
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := s.Element(ElemFPP); e.Amount.String() != "5000.00" {
		t.Errorf("FPP given = %s", e.Amount)
	}
}

func TestProtection(t *testing.T) {
	ts := Builtin()
	in := Input{Grade: roster.ST4, ScalePoint: 3, Band: "3", Measures: hoursMeasures(1, 40*60, 0, 0, 0, 0)}
	p := &Protection{From: date("2026-08-05"), Until: date("2027-08-04"), ScalePoint: 3, Band: "3", Increments: true}
	in.Protection = p
	tests := []struct {
		date string
		want string // protection element, "" none
	}{
		{"2026-08-04", ""},         // before: no protection
		{"2026-08-05", "30092.80"}, // 54121 × 1.8 = 97417.80 − 67325
		{"2027-08-04", "30092.80"}, // last day
		{"2027-08-05", ""},         // after
	}
	for _, tt := range tests {
		s, err := Calculate(ts, date(tt.date), roster.TCS2016, in)
		if err != nil {
			t.Fatal(err)
		}
		e, ok := s.Element(ElemProtection)
		if tt.want == "" {
			if ok {
				t.Errorf("%s: unexpected protection %s", tt.date, e.Amount)
			}
			continue
		}
		if !ok || e.Amount.String() != tt.want {
			t.Errorf("%s: protection %v (%s), want %s", tt.date, e.Amount, e.Working, tt.want)
		}
		if s.Total.String() != "97417.80" {
			t.Errorf("%s: protected total %s, want 97417.80", tt.date, s.Total)
		}
	}
	// Incremental progression: a year on, point 4 (56763 × 1.8).
	p.Until = date("2029-01-01")
	f, _, err := p.FloorAt(ts, date("2027-08-05"), in)
	if err != nil {
		t.Fatal(err)
	}
	if f.String() != "102173.40" {
		t.Errorf("floor after one increment = %s, want 102173.40", f)
	}
	// A fixed cash floor below 2016 pay adds nothing.
	in.Protection = &Protection{From: date("2026-01-01"), Until: date("2030-01-01"), Floor: MustMoney("1000")}
	s, err := Calculate(ts, date("2026-09-01"), roster.TCS2016, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Element(ElemProtection); ok {
		t.Error("protection paid although 2016 pay is above the floor")
	}
}
