package pay

import (
	"strings"
	"testing"

	"github.com/rotaguard/rotaguard/internal/roster"
)

func timelineDoctors() []TimelineDoctor {
	full := Measures{Weeks: 1, ShiftMinutes: 40 * 60}
	return []TimelineDoctor{
		{Doctor: roster.Doctor{GivenName: "A", Grade: roster.FY1, Contract: roster.Contract{Kind: roster.TCS2016}, Status: roster.Active},
			Input: Input{Grade: roster.FY1, Measures: full}},
		{Doctor: roster.Doctor{GivenName: "B", Grade: roster.ST4, Contract: roster.Contract{Kind: roster.NewDeal2002},
			RotationStart: date("2026-02-04"), RotationEnd: date("2026-08-04"), Status: roster.Active},
			Input: Input{Grade: roster.ST4, ScalePoint: 3, Band: "1A", Measures: full}},
		{Doctor: roster.Doctor{GivenName: "C", Grade: roster.FY2, Contract: roster.Contract{Kind: roster.NewDeal2002},
			RenewalDate: date("2026-09-15"), RotationEnd: date("2027-07-31"), Status: roster.Active},
			Input: Input{Grade: roster.FY2, Measures: full}},
		{Doctor: roster.Doctor{GivenName: "D", Grade: roster.FY2, Contract: roster.Contract{Kind: roster.NewDeal2002}, Status: roster.Left},
			Input: Input{Grade: roster.FY2, Measures: full}},
		{Doctor: roster.Doctor{GivenName: "E", Grade: roster.Consultant, Contract: roster.Contract{Kind: roster.ConsultantC}, Status: roster.Active}},
	}
}

func TestTimeline(t *testing.T) {
	docs := timelineDoctors()
	tests := []struct {
		name       string
		sc         Scenario
		bills      []string
		protect    []string
		counts2002 []int
		transfers  []string
		total      string
	}{
		{
			name:       "no change",
			sc:         Scenario{Name: "no change"},
			bills:      []string{"13697.21", "13697.21", "13697.21", "13697.21"},
			protect:    []string{"0.00", "0.00", "0.00", "0.00"},
			counts2002: []int{2, 2, 2, 2},
			total:      "54788.83",
		},
		{
			name: "impose from 1 August",
			sc:   Scenario{Name: "impose", ImposeFrom: date("2026-08-01")},
			// B moves on 5 August (next rotation), C on 15 September (renewal).
			bills:      []string{"13697.21", "12691.49", "12675.79", "12792.42"},
			protect:    []string{"0.00", "0.00", "0.00", "0.00"},
			counts2002: []int{2, 2, 1, 0},
			transfers:  []string{"B 2026-08-05 next rotation after 2026-08-04", "C 2026-09-15 contract renewal"},
			total:      "51856.91",
		},
		{
			name: "impose with 12 months' protection",
			sc:   Scenario{Name: "protected", ImposeFrom: date("2026-08-01"), ProtectMonths: 12},
			// B's 2002 pay (81,181.50) is above NP4: protected; C gains on 2016 terms.
			bills:      []string{"13697.21", "13697.21", "13830.50", "13947.13"},
			protect:    []string{"0.00", "1005.71", "1154.71", "1154.71"},
			counts2002: []int{2, 2, 1, 0},
			transfers:  []string{"B 2026-08-05 next rotation after 2026-08-04", "C 2026-09-15 contract renewal"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl, err := BuildTimeline(docs, tt.sc, date("2026-07-10"), date("2026-10-31"))
			if err != nil {
				t.Fatal(err)
			}
			if len(tl.Months) != 4 {
				t.Fatalf("%d months, want 4", len(tl.Months))
			}
			for i, m := range tl.Months {
				if m.Bill.String() != tt.bills[i] || m.Protection.String() != tt.protect[i] {
					t.Errorf("%s: bill %s protection %s, want %s %s", m.Month, m.Bill, m.Protection, tt.bills[i], tt.protect[i])
				}
				if m.Counts[roster.NewDeal2002] != tt.counts2002[i] || m.Counts[roster.NewDeal2002]+m.Counts[roster.TCS2016] != 3 {
					t.Errorf("%s: counts %v, want %d on 2002 of 3", m.Month, m.Counts, tt.counts2002[i])
				}
			}
			if len(tl.Transfers) != len(tt.transfers) {
				t.Fatalf("transfers %+v, want %v", tl.Transfers, tt.transfers)
			}
			for i, tr := range tl.Transfers {
				if got := tr.Doctor + " " + tr.Date.String() + " " + tr.Reason; got != tt.transfers[i] {
					t.Errorf("transfer %q, want %q", got, tt.transfers[i])
				}
			}
			if tt.total != "" && tl.Total.String() != tt.total {
				t.Errorf("total %s, want %s", tl.Total, tt.total)
			}
		})
	}
}

func TestTransferDate(t *testing.T) {
	sc := Scenario{ImposeFrom: date("2026-08-05")}
	tests := []struct {
		name   string
		d      roster.Doctor
		want   string // "" = keeps 2002
		reason string
	}{
		{"renewal on the day", roster.Doctor{Contract: roster.Contract{Kind: roster.NewDeal2002}, RenewalDate: date("2026-08-05")}, "2026-08-05", "contract renewal"},
		{"renewal the day before: not moved by it", roster.Doctor{Contract: roster.Contract{Kind: roster.NewDeal2002}, RenewalDate: date("2026-08-04")}, "", ""},
		{"rotation ends the day before", roster.Doctor{Contract: roster.Contract{Kind: roster.NewDeal2002}, RotationEnd: date("2026-08-04")}, "2026-08-05", "next rotation after 2026-08-04"},
		{"earliest of several", roster.Doctor{Contract: roster.Contract{Kind: roster.NewDeal2002}, RenewalDate: date("2027-02-01"), RotationStart: date("2026-12-07")}, "2026-12-07", "rotation start"},
		{"2016 doctor never moves", roster.Doctor{Contract: roster.Contract{Kind: roster.TCS2016}, RenewalDate: date("2026-09-01")}, "", ""},
	}
	for _, tt := range tests {
		d, reason, ok := sc.TransferDate(tt.d)
		if tt.want == "" {
			if ok {
				t.Errorf("%s: moves on %s", tt.name, d)
			}
			continue
		}
		if !ok || d.String() != tt.want || reason != tt.reason {
			t.Errorf("%s: %s %q %v, want %s %q", tt.name, d, reason, ok, tt.want, tt.reason)
		}
	}
	// A long stop moves everyone left.
	sc.LongStop = date("2027-08-04")
	d, reason, ok := sc.TransferDate(roster.Doctor{Contract: roster.Contract{Kind: roster.NewDeal2002}})
	if !ok || d.String() != "2027-08-04" || reason != "long-stop date" {
		t.Errorf("long stop: %s %q %v", d, reason, ok)
	}
}

// Negotiated terms entered as a new table version change the bill from
// their effective date, splitting the month.
func TestTimelineNegotiatedTable(t *testing.T) {
	base := Builtin()
	t26, _ := base.At(date("2026-04-01"))
	neg := *t26
	neg.Version = "negotiated"
	neg.EffectiveFrom = date("2026-09-16")
	neg.TCS2016.NodalPoints = map[string]Money{"1": MustMoney("43190"), "2": MustMoney("48994"), "3": MustMoney("57499"), "4": MustMoney("70325"), "5": MustMoney("79582")}
	ts, err := base.With(&neg)
	if err != nil {
		t.Fatal(err)
	}
	docs := timelineDoctors()[:1] // A: FY1 on 2016 terms
	tl, err := BuildTimeline(docs, Scenario{Name: "negotiated", Tables: ts}, date("2026-09-01"), date("2026-10-01"))
	if err != nil {
		t.Fatal(err)
	}
	// September: 15 days at 40190, 15 at 43190: (40190 + 43190) / 24 = 3474.17
	if got := tl.Months[0].Bill.String(); got != "3474.17" {
		t.Errorf("September %s, want 3474.17", got)
	}
	if got := tl.Months[1].Bill.String(); got != "3599.17" {
		t.Errorf("October %s, want 3599.17", got)
	}
	if _, err := base.With(&neg, &neg); err == nil {
		t.Error("two versions on one date accepted")
	}
}

func TestTimelineErrors(t *testing.T) {
	docs := timelineDoctors()
	if _, err := BuildTimeline(docs, Scenario{}, date("2026-10-01"), date("2026-09-01")); err == nil {
		t.Error("reversed range accepted")
	}
	// 2002 pay before 2026/27 is not in the tables: every doctor who needs it is reported.
	_, err := BuildTimeline(docs, Scenario{}, date("2026-02-01"), date("2026-03-01"))
	if err == nil || strings.Count(err.Error(), "no 2002 pay scale") != 2 {
		t.Errorf("err = %v, want two doctors without a 2002 scale", err)
	}
}

// With incremental progression the protected floor moves up a scale
// point on the anniversary of the move, splitting that month.
func TestTimelineProtectionIncrement(t *testing.T) {
	docs := timelineDoctors()[1:2] // B: ST4 point 3 band 1A, moves 2026-08-05
	sc := Scenario{Name: "protected", ImposeFrom: date("2026-08-01"), ProtectMonths: 24, ProtectIncrements: true}
	tl, err := BuildTimeline(docs, sc, date("2027-07-01"), date("2027-09-01"))
	if err != nil {
		t.Fatal(err)
	}
	// July: 81181.50/12; August: 4 days at point 3, 27 at point 4 (56763 × 1.5 = 85144.50); September: point 4.
	want := []string{"6765.13", "7052.76", "7095.38"}
	for i, m := range tl.Months {
		if m.Bill.String() != want[i] {
			t.Errorf("%s: bill %s, want %s", m.Month, m.Bill, want[i])
		}
	}
	// Protection ends after 24 months: from 2028-08-05 B is paid NP4 alone.
	tl, err = BuildTimeline(docs, sc, date("2028-09-01"), date("2028-09-01"))
	if err != nil {
		t.Fatal(err)
	}
	if got := tl.Months[0].Bill.String(); got != "5610.42" { // 67325 / 12
		t.Errorf("after protection: %s, want 5610.42", got)
	}
}
