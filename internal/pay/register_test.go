package pay

import (
	"strings"
	"testing"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// A register doctor with stored assignments is paid like the CLI pays
// a rota row: example 1's FY1, from assignments.
func TestInputFor(t *testing.T) {
	d := roster.Doctor{GivenName: "Asha", FamilyName: "Patel", Grade: roster.FY1, LTFTPercent: 100,
		Contract: roster.Contract{Kind: roster.TCS2016, NodalPoint: 1}}
	var as []roster.Assignment
	monday := date("2026-01-05")
	for w := range 8 {
		for _, day := range []int{1, 2} { // late shifts 13:00–23:00
			x := monday.AddDays(7*w + day)
			as = append(as, roster.Assignment{Kind: roster.Work, Start: lt(x.String() + "T13:00"), End: lt(x.String() + "T23:00")})
		}
		days := []int{0, 3, 4}
		if w == 0 || w == 4 {
			days = []int{0, 3, 5}
		}
		for _, day := range days {
			x := monday.AddDays(7*w + day)
			as = append(as, roster.Assignment{Kind: roster.Work, Start: lt(x.String() + "T09:00"), End: lt(x.String() + "T17:00")})
		}
	}
	ps := PeriodsOf(as)
	weeks, _ := CycleWeeks(ps)
	in := InputFor(d, Measure(ps, weeks, MeasureOptionsFor(d.Contract)))
	s, err := Calculate(Builtin(), date("2025-09-01"), roster.TCS2016, in)
	if err != nil {
		t.Fatal(err)
	}
	if s.Doctor != "Asha Patel" || s.Total.String() != "46480.28" {
		t.Errorf("%s: %s, want 46480.28", s.Doctor, s.Total)
	}
	// A 2016 doctor with no 2002 point on record is estimated one point a
	// year of training; a point on record, or the 2002 contract, is kept.
	for _, c := range []struct {
		d       roster.Doctor
		point   int
		assumed bool
	}{
		{roster.Doctor{Grade: roster.ST5, Contract: roster.Contract{Kind: roster.TCS2016}}, 4, true},
		{roster.Doctor{Grade: roster.CT2, Contract: roster.Contract{Kind: roster.TCS2016}}, 1, true},
		{roster.Doctor{Grade: roster.FY2, Contract: roster.Contract{Kind: roster.TCS2016}}, 0, false},
		{roster.Doctor{Grade: roster.ST1, Contract: roster.Contract{Kind: roster.TCS2016}}, 0, false},
		{roster.Doctor{Grade: roster.ST5, Contract: roster.Contract{Kind: roster.TCS2016, ScalePoint: 6}}, 6, false},
		{roster.Doctor{Grade: roster.ST5, Contract: roster.Contract{Kind: roster.NewDeal2002}}, 0, false},
	} {
		in := InputFor(c.d, Measures{})
		if in.ScalePoint != c.point || in.ScalePointAssumed != c.assumed {
			t.Errorf("%s %s point %d: got point %d assumed %v, want %d %v", c.d.Grade, c.d.Contract.Kind, c.d.Contract.ScalePoint, in.ScalePoint, in.ScalePointAssumed, c.point, c.assumed)
		}
	}
	st5 := InputFor(roster.Doctor{Grade: roster.ST5, Contract: roster.Contract{Kind: roster.TCS2016}}, Measures{})
	nd, err := Calculate(Builtin(), date("2026-09-01"), roster.NewDeal2002, st5)
	if err != nil {
		t.Fatal(err)
	}
	// StR point 4 in 2026/27 is £56,763 (spec §4 scales).
	if nd.Total.String() != "56763.00" || !strings.Contains(nd.Elements[0].Working, "assumed from grade ST5") {
		t.Errorf("ST5 on the 2016 terms, 2002 estimate: %s %q", nd.Total, nd.Elements[0].Working)
	}
	ltft := InputFor(roster.Doctor{Grade: roster.ST2, LTFTPercent: 60}, Measures{})
	if ltft.LTFT == nil || ltft.LTFT.RatString() != "3/5" {
		t.Errorf("LTFT %v", ltft.LTFT)
	}
}
