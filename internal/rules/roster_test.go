package rules

import (
	"testing"

	"github.com/rotaguard/rotaguard/internal/roster"
)

func TestFromRegister(t *testing.T) {
	d := roster.Doctor{ID: 42, Grade: roster.ST4, LTFTPercent: 60,
		Contract: roster.Contract{Kind: roster.TCS2016, TCSVersion: "2016-08", OptOut: true}}
	p := ProfileOf(d)
	if p.Doctor != "42" || p.LTFT != 0.6 || !p.OptOut || p.TCSVersion != "2016-08" || p.Contract != roster.TCS2016 {
		t.Fatalf("profile %+v", p)
	}
	var as []roster.Assignment
	for _, pr := range daily(roster.Work, "2026-03-02", 8, "08:00", "17:00") {
		as = append(as, roster.Assignment{DoctorID: 42, Kind: pr.Kind, Start: pr.Start, End: pr.End})
	}
	ps := AppendAssignments(nil, p.Doctor, as)
	r := Check(p, ps)
	// 8 consecutive shifts are allowed by the 2016 version.
	if len(ps) != 8 || count(r, "TCS2016-MAXCONSEC", Violation) != 0 || r.Summary.RuleSets[0] != "tcs2016@2016-08" {
		t.Errorf("%d periods, %s %v", len(ps), dump(r), r.Summary.RuleSets)
	}
	p.TCSVersion = ""
	if r := Check(p, ps); count(r, "TCS2016-MAXCONSEC", Violation) != 1 {
		t.Errorf("2019 version: %s", dump(r))
	}
}
