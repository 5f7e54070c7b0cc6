package rules

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// at parses a local time or fails the test run.
func at(s string) time.Time {
	t, err := roster.ParseLocal(s)
	if err != nil {
		panic(err)
	}
	return t
}

func pk(kind roster.Kind, from, to string) Period {
	return Period{Doctor: "d", Start: at(from), End: at(to), Kind: kind}
}

// w is a work period from–to (local times).
func w(from, to string) Period { return pk(roster.Work, from, to) }

// oc is an on-call period.
func oc(from, to string) Period { return pk(roster.OnCall, from, to) }

// wb is a work period with a rostered break.
func wb(from, to string, brk int) Period {
	p := w(from, to)
	p.BreakMinutes, p.HasBreak = brk, true
	return p
}

// daily returns n periods on consecutive days from date, from clock a to
// clock b (the next day when b <= a).
func daily(kind roster.Kind, date string, n int, a, b string) []Period {
	d, err := time.ParseInLocation("2006-01-02", date, roster.London)
	if err != nil {
		panic(err)
	}
	var ah, am, bh, bm int
	fmt.Sscanf(a, "%d:%d", &ah, &am)
	fmt.Sscanf(b, "%d:%d", &bh, &bm)
	var out []Period
	for i := range n {
		s := time.Date(d.Year(), d.Month(), d.Day()+i, ah, am, 0, 0, roster.London)
		eDay := d.Day() + i
		if bh*60+bm <= ah*60+am {
			eDay++
		}
		e := time.Date(d.Year(), d.Month(), eDay, bh, bm, 0, 0, roster.London)
		out = append(out, Period{Doctor: "d", Start: s.UTC(), End: e.UTC(), Kind: kind})
	}
	return out
}

func cat(lists ...[]Period) []Period {
	var out []Period
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func one(ps ...Period) []Period { return ps }

func count(r Report, rule string, sev Severity) int {
	list := r.Violations
	if sev == Warning {
		list = r.Warnings
	}
	n := 0
	for _, f := range list {
		if f.Rule == rule {
			n++
		}
	}
	return n
}

var (
	tcs19  = Profile{Doctor: "d", Contract: roster.TCS2016}
	tcs16  = Profile{Doctor: "d", Contract: roster.TCS2016, TCSVersion: "2016-08"}
	nd     = Profile{Doctor: "d", Contract: roster.NewDeal2002}
	ndOC   = Profile{Doctor: "d", Contract: roster.NewDeal2002, NDRota: "oncall"}
	optOut = Profile{Doctor: "d", Contract: roster.TCS2016, OptOut: true}
)

func with(p Profile, f func(*Profile)) Profile { f(&p); return p }

type thresholdCase struct {
	name string
	prof Profile
	ps   []Period
	rule string
	sev  Severity
	want int
}

// TestThresholds checks every rule exactly at its limit (no finding) and
// one minute over (a finding), across midnight and both clock changes.
func TestThresholds(t *testing.T) {
	V, W := Violation, Warning
	cases := []thresholdCase{
		// TCS2016-MAX13SHIFT
		{"13h day at limit", tcs19, one(w("2026-03-02T08:00", "2026-03-02T21:00")), "TCS2016-MAX13SHIFT", V, 0},
		{"13h01 day", tcs19, one(w("2026-03-02T08:00", "2026-03-02T21:01")), "TCS2016-MAX13SHIFT", V, 1},
		{"13h over midnight", tcs19, one(w("2026-03-02T20:00", "2026-03-03T09:00")), "TCS2016-MAX13SHIFT", V, 0},
		{"13h01 over midnight", tcs19, one(w("2026-03-02T20:00", "2026-03-03T09:01")), "TCS2016-MAX13SHIFT", V, 1},
		{"March night 14h wall = 13h", tcs19, one(w("2026-03-28T20:00", "2026-03-29T10:00")), "TCS2016-MAX13SHIFT", V, 0},
		{"March night 13h01", tcs19, one(w("2026-03-28T20:00", "2026-03-29T10:01")), "TCS2016-MAX13SHIFT", V, 1},
		{"October night 12h wall = 13h", tcs19, one(w("2026-10-24T20:00", "2026-10-25T08:00")), "TCS2016-MAX13SHIFT", V, 0},
		{"October night 13h01", tcs19, one(w("2026-10-24T20:00", "2026-10-25T08:01")), "TCS2016-MAX13SHIFT", V, 1},
		{"touching shifts are one shift", tcs19, one(w("2026-03-02T08:00", "2026-03-02T16:00"), w("2026-03-02T16:00", "2026-03-02T21:01")), "TCS2016-MAX13SHIFT", V, 1},

		// TCS2016-MAX72IN168: 5 × 13 h + 7 h = 72 h
		{"72h in 168h", tcs19, cat(daily(roster.Work, "2026-03-02", 5, "08:00", "21:00"), one(w("2026-03-07T08:00", "2026-03-07T15:00"))), "TCS2016-MAX72IN168", V, 0},
		{"72h01 in 168h", tcs19, cat(daily(roster.Work, "2026-03-02", 5, "08:00", "21:00"), one(w("2026-03-07T08:00", "2026-03-07T15:01"))), "TCS2016-MAX72IN168", V, 1},
		{"72h rolling from Thursday", tcs19, cat(daily(roster.Work, "2026-03-05", 5, "08:00", "21:00"), one(w("2026-03-10T08:00", "2026-03-10T15:00"))), "TCS2016-MAX72IN168", V, 0},
		{"72h01 rolling from Thursday", tcs19, cat(daily(roster.Work, "2026-03-05", 5, "08:00", "21:00"), one(w("2026-03-10T08:00", "2026-03-10T15:01"))), "TCS2016-MAX72IN168", V, 1},
		{"60h is not near 72h", tcs19, cat(daily(roster.Work, "2026-03-02", 5, "08:00", "20:00")), "TCS2016-MAX72IN168", W, 0},
		{"a breach is not also a warning", tcs19, cat(daily(roster.Work, "2026-03-02", 5, "08:00", "21:00"), one(w("2026-03-07T08:00", "2026-03-07T15:01"))), "TCS2016-MAX72IN168", W, 0},
		{"two separate breaches", tcs19, cat(daily(roster.Work, "2026-03-02", 5, "08:00", "21:00"), one(w("2026-03-07T08:00", "2026-03-07T15:01")),
			daily(roster.Work, "2026-03-23", 5, "08:00", "21:00"), one(w("2026-03-28T08:00", "2026-03-28T15:01"))), "TCS2016-MAX72IN168", V, 2},
		{"65h is within 10%", tcs19, cat(daily(roster.Work, "2026-03-02", 5, "08:00", "21:00")), "TCS2016-MAX72IN168", W, 1},
		// Over the March change the week is an hour shorter; elapsed hours count.
		{"March week 72h elapsed", tcs19, cat(daily(roster.Work, "2026-03-24", 5, "20:00", "09:00"), one(w("2026-03-29T20:00", "2026-03-30T04:00"))), "TCS2016-MAX72IN168", V, 0},
		{"March week 72h01", tcs19, cat(daily(roster.Work, "2026-03-24", 5, "20:00", "09:00"), one(w("2026-03-29T20:00", "2026-03-30T04:01"))), "TCS2016-MAX72IN168", V, 1},

		// TCS2016-REST11
		{"11h rest", tcs19, one(w("2026-03-02T08:00", "2026-03-02T21:00"), w("2026-03-03T08:00", "2026-03-03T17:00")), "TCS2016-REST11", V, 0},
		{"10h59 rest", tcs19, one(w("2026-03-02T08:00", "2026-03-02T21:00"), w("2026-03-03T07:59", "2026-03-03T17:00")), "TCS2016-REST11", V, 1},
		{"March 12h wall = 11h rest", tcs19, one(w("2026-03-28T12:00", "2026-03-28T22:00"), w("2026-03-29T10:00", "2026-03-29T17:00")), "TCS2016-REST11", V, 0},
		{"March 10h59 rest", tcs19, one(w("2026-03-28T12:00", "2026-03-28T22:00"), w("2026-03-29T09:59", "2026-03-29T17:00")), "TCS2016-REST11", V, 1},
		{"October 10h wall = 11h rest", tcs19, one(w("2026-10-24T12:00", "2026-10-24T22:00"), w("2026-10-25T08:00", "2026-10-25T17:00")), "TCS2016-REST11", V, 0},
		{"October 10h59 rest", tcs19, one(w("2026-10-24T12:00", "2026-10-24T22:00"), w("2026-10-25T07:59", "2026-10-25T17:00")), "TCS2016-REST11", V, 1},

		// TCS2016-MAXCONSEC: 7 (2019), 8 (2016); then 48 h rest
		{"7 consecutive (2019)", tcs19, daily(roster.Work, "2026-03-02", 7, "08:00", "17:00"), "TCS2016-MAXCONSEC", V, 0},
		{"8 consecutive (2019)", tcs19, daily(roster.Work, "2026-03-02", 8, "08:00", "17:00"), "TCS2016-MAXCONSEC", V, 1},
		{"8 consecutive (2016)", tcs16, daily(roster.Work, "2026-03-02", 8, "08:00", "17:00"), "TCS2016-MAXCONSEC", V, 0},
		{"9 consecutive (2016)", tcs16, daily(roster.Work, "2026-03-02", 9, "08:00", "17:00"), "TCS2016-MAXCONSEC", V, 1},
		{"48h rest after 7", tcs19, cat(daily(roster.Work, "2026-03-02", 7, "08:00", "17:00"), one(w("2026-03-10T17:00", "2026-03-10T22:00"))), "TCS2016-MAXCONSEC", V, 0},
		{"47h59 rest after 7", tcs19, cat(daily(roster.Work, "2026-03-02", 7, "08:00", "17:00"), one(w("2026-03-10T16:59", "2026-03-10T22:00"))), "TCS2016-MAXCONSEC", V, 1},
		{"on-call counts in the run", tcs19, cat(daily(roster.Work, "2026-03-02", 5, "08:00", "17:00"), daily(roster.OnCall, "2026-03-07", 3, "09:00", "21:00")), "TCS2016-MAXCONSEC", V, 1},
		{"low-intensity weekend on-call: 12", with(tcs19, func(p *Profile) { p.LowIntensityOnCall = true }),
			cat(daily(roster.Work, "2026-03-02", 5, "08:00", "17:00"), daily(roster.OnCall, "2026-03-07", 2, "09:00", "21:00"), daily(roster.Work, "2026-03-09", 5, "08:00", "17:00")), "TCS2016-MAXCONSEC", V, 0},
		{"low-intensity weekend on-call: 13", with(tcs19, func(p *Profile) { p.LowIntensityOnCall = true }),
			cat(daily(roster.Work, "2026-03-02", 5, "08:00", "17:00"), daily(roster.OnCall, "2026-03-07", 2, "09:00", "21:00"), daily(roster.Work, "2026-03-09", 6, "08:00", "17:00")), "TCS2016-MAXCONSEC", V, 1},
		{"busy weekend on-call is not low intensity", with(tcs19, func(p *Profile) { p.LowIntensityOnCall = true }),
			cat(daily(roster.Work, "2026-03-02", 5, "08:00", "17:00"), daily(roster.OnCall, "2026-03-07", 2, "09:00", "21:00"),
				one(w("2026-03-07T10:00", "2026-03-07T13:01")), daily(roster.Work, "2026-03-09", 5, "08:00", "17:00")), "TCS2016-MAXCONSEC", V, 1},

		// TCS2016-MAXCONSEC-LONG: 5 long; a long shift is > 10 h
		{"5 long days", tcs19, daily(roster.Work, "2026-03-02", 5, "08:00", "18:30"), "TCS2016-MAXCONSEC-LONG", V, 0},
		{"6 long days", tcs19, daily(roster.Work, "2026-03-02", 6, "08:00", "18:30"), "TCS2016-MAXCONSEC-LONG", V, 1},
		{"6 × 10h00 are not long", tcs19, daily(roster.Work, "2026-03-02", 6, "08:00", "18:00"), "TCS2016-MAXCONSEC-LONG", V, 0},
		{"6 × 10h01 are long", tcs19, daily(roster.Work, "2026-03-02", 6, "08:00", "18:01"), "TCS2016-MAXCONSEC-LONG", V, 1},
		{"48h rest after 5 long", tcs19, cat(daily(roster.Work, "2026-03-02", 5, "08:00", "18:30"), one(w("2026-03-08T18:30", "2026-03-08T22:00"))), "TCS2016-MAXCONSEC-LONG", V, 0},
		{"47h59 rest after 5 long", tcs19, cat(daily(roster.Work, "2026-03-02", 5, "08:00", "18:30"), one(w("2026-03-08T18:29", "2026-03-08T22:00"))), "TCS2016-MAXCONSEC-LONG", V, 1},

		// TCS2016-MAXCONSEC-LLE: 4 long late evenings
		{"4 LLE", tcs19, daily(roster.Work, "2026-03-02", 4, "14:00", "00:30"), "TCS2016-MAXCONSEC-LLE", V, 0},
		{"5 LLE", tcs19, daily(roster.Work, "2026-03-02", 5, "14:00", "00:30"), "TCS2016-MAXCONSEC-LLE", V, 1},
		{"5 × long ending at 23:00 are not LLE", tcs19, daily(roster.Work, "2026-03-02", 5, "12:59", "23:00"), "TCS2016-MAXCONSEC-LLE", V, 0},
		{"5 × long ending 23:01 are LLE", tcs19, daily(roster.Work, "2026-03-02", 5, "12:59", "23:01"), "TCS2016-MAXCONSEC-LLE", V, 1},
		{"5 × starting 16:00 are not LLE", tcs19, daily(roster.Work, "2026-03-02", 5, "16:00", "02:30"), "TCS2016-MAXCONSEC-LLE", V, 0},
		{"14:00–03:00 is a night, not LLE", tcs19, daily(roster.Work, "2026-03-02", 5, "14:00", "03:00"), "TCS2016-MAXCONSEC-LLE", V, 0},

		// TCS2016-NIGHTS-MAX4: a night has >= 3 h in 23:00–06:00
		{"4 nights", tcs19, daily(roster.Work, "2026-03-02", 4, "21:00", "08:00"), "TCS2016-NIGHTS-MAX4", V, 0},
		{"5 nights", tcs19, daily(roster.Work, "2026-03-02", 5, "21:00", "08:00"), "TCS2016-NIGHTS-MAX4", V, 1},
		{"5 × 3h00 in the night", tcs19, daily(roster.Work, "2026-03-02", 5, "20:00", "02:00"), "TCS2016-NIGHTS-MAX4", V, 1},
		{"5 × 2h59 in the night", tcs19, daily(roster.Work, "2026-03-02", 5, "20:00", "01:59"), "TCS2016-NIGHTS-MAX4", V, 0},
		{"5 nights over the October change", tcs19, daily(roster.Work, "2026-10-22", 5, "21:00", "08:00"), "TCS2016-NIGHTS-MAX4", V, 1},
		// 23:00–03:00 over the March change is 3 h elapsed (4 h wall): a night.
		{"March 23:00–03:00 is 3 h: a night", tcs19, one(w("2026-03-25T21:00", "2026-03-26T08:00"), w("2026-03-26T21:00", "2026-03-27T08:00"),
			w("2026-03-27T21:00", "2026-03-28T08:00"), w("2026-03-28T21:00", "2026-03-29T03:00"), w("2026-03-29T21:00", "2026-03-30T08:00")), "TCS2016-NIGHTS-MAX4", V, 1},
		{"March 23:00–02:59 is 2h59: not a night", tcs19, one(w("2026-03-25T21:00", "2026-03-26T08:00"), w("2026-03-26T21:00", "2026-03-27T08:00"),
			w("2026-03-27T23:00", "2026-03-28T08:00"), w("2026-03-28T23:00", "2026-03-29T02:59"), w("2026-03-29T21:00", "2026-03-30T08:00")), "TCS2016-NIGHTS-MAX4", V, 0},

		// TCS2016-NIGHTS-REST46
		{"46h after one night (2019)", tcs19, one(w("2026-03-03T21:00", "2026-03-04T09:00"), w("2026-03-06T07:00", "2026-03-06T17:00")), "TCS2016-NIGHTS-REST46", V, 0},
		{"45h59 after one night (2019)", tcs19, one(w("2026-03-03T21:00", "2026-03-04T09:00"), w("2026-03-06T06:59", "2026-03-06T17:00")), "TCS2016-NIGHTS-REST46", V, 1},
		{"one night then 23h (2016)", tcs16, one(w("2026-03-03T21:00", "2026-03-04T09:00"), w("2026-03-05T08:00", "2026-03-05T17:00")), "TCS2016-NIGHTS-REST46", V, 0},
		{"3 nights then 45h59 (2016)", tcs16, cat(daily(roster.Work, "2026-03-02", 3, "21:00", "09:00"), one(w("2026-03-07T06:59", "2026-03-07T17:00"))), "TCS2016-NIGHTS-REST46", V, 1},
		{"46h over the October change", tcs19, one(w("2026-10-23T21:00", "2026-10-24T09:00"), w("2026-10-26T06:00", "2026-10-26T17:00")), "TCS2016-NIGHTS-REST46", V, 0},
		{"45h59 over the October change", tcs19, one(w("2026-10-23T21:00", "2026-10-24T09:00"), w("2026-10-26T05:59", "2026-10-26T17:00")), "TCS2016-NIGHTS-REST46", V, 1},

		// TCS2016-WEEKEND-FREQ: 2019 1 in 3; weekend = 00:01 Sat to 23:59 Sun
		{"2 of 6 weekends", tcs19, weekends(6, 1, 3), "TCS2016-WEEKEND-FREQ", V, 0},
		{"3 of 6 weekends", tcs19, weekends(6, 1, 3, 5), "TCS2016-WEEKEND-FREQ", V, 1},
		{"Friday shift ending Sat 00:01 is not a weekend", tcs19, cat(weekends(6, 1, 3), one(w("2026-03-13T16:00", "2026-03-14T00:01"))), "TCS2016-WEEKEND-FREQ", V, 0},
		{"Friday shift ending Sat 00:02 is a weekend", tcs19, cat(weekends(6, 1, 3), one(w("2026-03-13T16:00", "2026-03-14T00:02"))), "TCS2016-WEEKEND-FREQ", V, 1},
		{"Sunday 23:59 start is not a weekend", tcs19, cat(weekends(6, 1, 3), one(w("2026-03-15T23:59", "2026-03-16T07:00"))), "TCS2016-WEEKEND-FREQ", V, 0},
		{"Sunday 23:58 start is a weekend", tcs19, cat(weekends(6, 1, 3), one(w("2026-03-15T23:58", "2026-03-16T07:00"))), "TCS2016-WEEKEND-FREQ", V, 1},
		{"on-call at the weekend counts", tcs19, cat(weekends(6, 1, 3), one(oc("2026-03-14T09:00", "2026-03-14T17:00"))), "TCS2016-WEEKEND-FREQ", V, 1},
		{"3 of 6 with an exception", with(tcs19, func(p *Profile) { p.WeekendException = true }), weekends(6, 1, 3, 5), "TCS2016-WEEKEND-FREQ", V, 0},
		{"4 of 6 with an exception", with(tcs19, func(p *Profile) { p.WeekendException = true }), weekends(6, 1, 2, 3, 5), "TCS2016-WEEKEND-FREQ", V, 1},
		{"3 of 6 (2016)", tcs16, weekends(6, 1, 3, 5), "TCS2016-WEEKEND-FREQ", V, 0},
		{"4 of 6 (2016)", tcs16, weekends(6, 1, 2, 3, 5), "TCS2016-WEEKEND-FREQ", V, 1},
		{"consecutive weekends warn", tcs16, weekends(6, 1, 2), "TCS2016-WEEKEND-FREQ", W, 1},

		// TCS2016-BREAKS
		{"5h no break", tcs19, one(wb("2026-03-02T08:00", "2026-03-02T13:00", 0)), "TCS2016-BREAKS", V, 0},
		{"5h01 no break", tcs19, one(wb("2026-03-02T08:00", "2026-03-02T13:01", 0)), "TCS2016-BREAKS", V, 1},
		{"5h01 29 min", tcs19, one(wb("2026-03-02T08:00", "2026-03-02T13:01", 29)), "TCS2016-BREAKS", V, 1},
		{"5h01 30 min", tcs19, one(wb("2026-03-02T08:00", "2026-03-02T13:01", 30)), "TCS2016-BREAKS", V, 0},
		{"9h 30 min", tcs19, one(wb("2026-03-02T08:00", "2026-03-02T17:00", 30)), "TCS2016-BREAKS", V, 0},
		{"9h01 30 min", tcs19, one(wb("2026-03-02T08:00", "2026-03-02T17:01", 30)), "TCS2016-BREAKS", V, 1},
		{"9h01 60 min", tcs19, one(wb("2026-03-02T08:00", "2026-03-02T17:01", 60)), "TCS2016-BREAKS", V, 0},
		{"12h night 60 min (2019)", tcs19, one(wb("2026-03-02T20:00", "2026-03-03T08:00", 60)), "TCS2016-BREAKS", V, 1},
		{"11h59 night 60 min (2019)", tcs19, one(wb("2026-03-02T20:00", "2026-03-03T07:59", 60)), "TCS2016-BREAKS", V, 0},
		{"12h night 90 min (2019)", tcs19, one(wb("2026-03-02T20:00", "2026-03-03T08:00", 90)), "TCS2016-BREAKS", V, 0},
		{"12h night 60 min (2016)", tcs16, one(wb("2026-03-02T20:00", "2026-03-03T08:00", 60)), "TCS2016-BREAKS", V, 0},
		{"unknown breaks are not breaches", tcs19, one(w("2026-03-02T08:00", "2026-03-02T20:00")), "TCS2016-BREAKS", V, 0},

		// TCS2016-ONCALL-*
		{"3 on-call nights", tcs19, daily(roster.OnCall, "2026-03-02", 3, "17:00", "08:00"), "TCS2016-ONCALL-MAXCONSEC", V, 0},
		{"4 on-call nights", tcs19, daily(roster.OnCall, "2026-03-02", 4, "17:00", "08:00"), "TCS2016-ONCALL-MAXCONSEC", V, 1},
		{"7 low-intensity on-call", with(tcs19, func(p *Profile) { p.LowIntensityOnCall = true }), daily(roster.OnCall, "2026-03-02", 7, "17:00", "08:00"), "TCS2016-ONCALL-MAXCONSEC", V, 0},
		{"8 low-intensity on-call", with(tcs19, func(p *Profile) { p.LowIntensityOnCall = true }), daily(roster.OnCall, "2026-03-02", 8, "17:00", "08:00"), "TCS2016-ONCALL-MAXCONSEC", V, 1},
		{"24h on call with 8h rest", tcs19, one(oc("2026-03-07T09:00", "2026-03-08T09:00"), w("2026-03-07T09:00", "2026-03-07T17:00"), w("2026-03-07T18:00", "2026-03-08T02:00")), "TCS2016-ONCALL-REST8", V, 0},
		{"24h on call with 7h59 rest", tcs19, one(oc("2026-03-07T09:00", "2026-03-08T09:00"), w("2026-03-07T09:00", "2026-03-07T17:00"), w("2026-03-07T18:00", "2026-03-08T02:01")), "TCS2016-ONCALL-REST8", V, 1},
		{"5h continuous rest 22–07", tcs19, one(oc("2026-03-02T17:00", "2026-03-03T09:00"), w("2026-03-02T22:00", "2026-03-03T00:00"), w("2026-03-03T05:00", "2026-03-03T06:00")), "TCS2016-ONCALL-REST5", V, 0},
		{"4h59 continuous rest 22–07", tcs19, one(oc("2026-03-02T17:00", "2026-03-03T09:00"), w("2026-03-02T22:00", "2026-03-03T00:00"), w("2026-03-03T04:59", "2026-03-03T06:00")), "TCS2016-ONCALL-REST5", V, 1},
		{"spec example: 2h30 rest", tcs19, one(oc("2026-03-02T17:00", "2026-03-03T09:00"), w("2026-03-02T23:00", "2026-03-03T01:30"), w("2026-03-03T04:00", "2026-03-03T05:00")), "TCS2016-ONCALL-REST5", V, 1},
		{"March on-call night 22–07 is 8 h", tcs19, one(oc("2026-03-28T17:00", "2026-03-29T09:00"), w("2026-03-28T22:00", "2026-03-29T00:00"), w("2026-03-29T06:00", "2026-03-29T06:30")), "TCS2016-ONCALL-REST5", V, 0},
		{"March on-call night 4h59", tcs19, one(oc("2026-03-28T17:00", "2026-03-29T09:00"), w("2026-03-28T22:00", "2026-03-29T00:00"), w("2026-03-29T05:59", "2026-03-29T06:30")), "TCS2016-ONCALL-REST5", V, 1},
		{"10h shift after on-call", tcs19, one(oc("2026-03-02T17:00", "2026-03-03T08:00"), w("2026-03-03T09:00", "2026-03-03T19:00")), "TCS2016-ONCALL-DAYAFTER", V, 0},
		{"10h01 shift after on-call", tcs19, one(oc("2026-03-02T17:00", "2026-03-03T08:00"), w("2026-03-03T09:00", "2026-03-03T19:01")), "TCS2016-ONCALL-DAYAFTER", V, 1},
		{"24h on call", tcs19, one(oc("2026-03-07T09:00", "2026-03-08T09:00")), "TCS2016-ONCALL-MAX24", V, 0},
		{"24h01 on call", tcs19, one(oc("2026-03-07T09:00", "2026-03-08T09:01")), "TCS2016-ONCALL-MAX24", V, 1},

		// TCS2016-MAXAVG48 and WTR-AVG48: 4 weeks of 4 × 12 h = 48 h a week
		{"48h average", tcs19, daily4x12(4, 0), "TCS2016-MAXAVG48", V, 0},
		{"48h average + 1 min", tcs19, daily4x12(4, 1), "TCS2016-MAXAVG48", V, 1},
		{"48h average is within 10%", tcs19, daily4x12(4, 0), "TCS2016-MAXAVG48", W, 1},
		{"WTR 48h average", tcs19, daily4x12(4, 0), "WTR-AVG48", V, 0},
		{"WTR 48h average + 1 min", tcs19, daily4x12(4, 1), "WTR-AVG48", V, 1},
		{"WTR opt-out", optOut, daily4x12(4, 1), "WTR-AVG48", V, 0},
		{"opt-out caps at 56h", optOut, daily4x12(4, 1), "TCS2016-MAXAVG48", V, 0},
		{"spec example 60/52/48/40", tcs19, specWeeks(60, 52, 48, 40), "TCS2016-MAXAVG48", V, 1},
		{"rolling 26 weeks", tcs19, cat(specWeeks(0, 0, 0, 0), specWeeks26(27, 1)), "TCS2016-MAXAVG48", V, 1},

		// WTR rest: warnings requiring compensatory rest (WTR-COMP)
		{"WTR 11h daily rest", tcs19, one(w("2026-03-02T08:00", "2026-03-02T21:00"), w("2026-03-03T08:00", "2026-03-03T17:00")), "WTR-DAILYREST11", W, 0},
		{"WTR 10h59 daily rest", tcs19, one(w("2026-03-02T08:00", "2026-03-02T21:00"), w("2026-03-03T07:59", "2026-03-03T17:00")), "WTR-DAILYREST11", W, 1},
		{"WTR daily rest is not a breach", tcs19, one(w("2026-03-02T08:00", "2026-03-02T21:00"), w("2026-03-03T07:59", "2026-03-03T17:00")), "WTR-DAILYREST11", V, 0},
		{"WTR 24h weekly rest", tcs19, cat(daily(roster.Work, "2026-03-02", 6, "08:00", "20:00"), one(w("2026-03-08T20:00", "2026-03-08T23:00")), daily(roster.Work, "2026-03-09", 7, "08:00", "20:00")), "WTR-WEEKLYREST", W, 1},
		{"WTR 23h59 weekly rest", tcs19, cat(daily(roster.Work, "2026-03-02", 6, "08:00", "20:00"), one(w("2026-03-08T19:59", "2026-03-08T23:00")), daily(roster.Work, "2026-03-09", 7, "08:00", "20:00")), "WTR-WEEKLYREST", W, 2},
		{"WTR 2 × 24h a fortnight", tcs19, cat(daily(roster.Work, "2026-03-02", 6, "08:00", "20:00"), one(w("2026-03-08T20:00", "2026-03-08T23:00")), daily(roster.Work, "2026-03-09", 6, "08:00", "20:00"), one(w("2026-03-15T20:00", "2026-03-15T23:00"))), "WTR-WEEKLYREST", W, 0},
		{"WTR break 6h none", tcs19, one(wb("2026-03-02T08:00", "2026-03-02T14:00", 0)), "WTR-BREAK20", W, 0},
		{"WTR break 6h01 19 min", tcs19, one(wb("2026-03-02T08:00", "2026-03-02T14:01", 19)), "WTR-BREAK20", W, 1},
		{"WTR break 6h01 20 min", tcs19, one(wb("2026-03-02T08:00", "2026-03-02T14:01", 20)), "WTR-BREAK20", W, 0},
		{"WTR night worker 8h/24h", nd, daily(roster.Work, "2026-02-02", 28, "21:00", "05:00"), "WTR-NIGHT8", V, 0},
		{"WTR night worker 8h01/24h", nd, daily(roster.Work, "2026-02-02", 28, "21:00", "05:01"), "WTR-NIGHT8", V, 1},

		// New Deal
		{"ND 14h full shift", nd, one(w("2026-03-02T08:00", "2026-03-02T22:00")), "ND-MAXCONTDUTY", V, 0},
		{"ND 14h01 full shift", nd, one(w("2026-03-02T08:00", "2026-03-02T22:01")), "ND-MAXCONTDUTY", V, 1},
		{"ND 32h on-call duty", ndOC, one(w("2026-03-02T08:00", "2026-03-02T17:00"), oc("2026-03-02T17:00", "2026-03-03T16:00")), "ND-MAXCONTDUTY", V, 0},
		{"ND 32h01 on-call duty", ndOC, one(w("2026-03-02T08:00", "2026-03-02T17:00"), oc("2026-03-02T17:00", "2026-03-03T16:01")), "ND-MAXCONTDUTY", V, 1},
		{"ND 56h weekend on-call duty", ndOC, one(oc("2026-03-06T17:00", "2026-03-09T01:00")), "ND-MAXCONTDUTY", V, 0},
		{"ND 56h01 weekend on-call duty", ndOC, one(oc("2026-03-06T17:00", "2026-03-09T01:01")), "ND-MAXCONTDUTY", V, 1},
		{"ND 8h off", nd, one(w("2026-03-02T08:00", "2026-03-02T20:00"), w("2026-03-03T04:00", "2026-03-03T12:00")), "ND-MINOFF", V, 0},
		{"ND 7h59 off", nd, one(w("2026-03-02T08:00", "2026-03-02T20:00"), w("2026-03-03T03:59", "2026-03-03T12:00")), "ND-MINOFF", V, 1},
		{"ND 12h off on an on-call rota", ndOC, one(oc("2026-03-02T08:00", "2026-03-02T20:00"), w("2026-03-03T08:00", "2026-03-03T12:00")), "ND-MINOFF", V, 0},
		{"ND 11h59 off on an on-call rota", ndOC, one(oc("2026-03-02T08:00", "2026-03-02T20:00"), w("2026-03-03T07:59", "2026-03-03T12:00")), "ND-MINOFF", V, 1},
		{"ND 56h actual", nd, daily4x14(4, 0), "ND-MAXACTUAL56", V, 0},
		{"ND 56h01 actual", nd, daily4x14(4, 1), "ND-MAXACTUAL56", V, 1},
		{"ND 56h duty full shift", nd, daily4x14(4, 0), "ND-MAXDUTY", V, 0},
		{"ND 56h01 duty full shift", nd, daily4x14(4, 1), "ND-MAXDUTY", V, 1},
		{"ND 13 duty days", nd, daily(roster.Work, "2026-03-02", 13, "09:00", "13:00"), "ND-CONSECDAYS", V, 0},
		{"ND 14 duty days", nd, daily(roster.Work, "2026-03-02", 14, "09:00", "13:00"), "ND-CONSECDAYS", V, 1},
		{"ND 62h + 48h off in 28 days", nd, offBlocks(0), "ND-MINCONTOFF", V, 0},
		{"ND 61h59 + 48h off in 28 days", nd, offBlocks(1), "ND-MINCONTOFF", V, 1},
		{"ND on-call rest 5h in 22–08", ndOC, one(oc("2026-03-02T17:00", "2026-03-03T09:00"), w("2026-03-02T22:00", "2026-03-03T03:00")), "ND-ONCALL-REST", V, 0},
		{"ND on-call rest 4h59 in 22–08", ndOC, one(oc("2026-03-02T17:00", "2026-03-03T09:00"), w("2026-03-02T22:00", "2026-03-03T03:01")), "ND-ONCALL-REST", V, 1},
		{"ND on-call rest 50%", ndOC, one(oc("2026-03-02T17:00", "2026-03-03T09:00"), w("2026-03-02T17:00", "2026-03-03T01:00")), "ND-ONCALL-REST", V, 0},
		{"ND on-call rest 50% − 1 min", ndOC, one(oc("2026-03-02T17:00", "2026-03-03T09:00"), w("2026-03-02T17:00", "2026-03-03T01:01")), "ND-ONCALL-REST", V, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := ValidatePeriods("", tc.ps); err != nil {
				t.Fatalf("test rota is invalid: %v", err)
			}
			r := Check(tc.prof, tc.ps)
			if got := count(r, tc.rule, tc.sev); got != tc.want {
				t.Errorf("%s %s: %d findings, want %d\n%s", tc.rule, tc.sev, got, tc.want, dump(r))
			}
			for _, f := range append(r.Violations, r.Warnings...) {
				if f.Message == "" || f.Doctor != "d" || f.From.After(f.To) || f.Unit == "" || !strings.HasSuffix(f.Message, ".") {
					t.Errorf("badly formed finding %+v", f)
				}
			}
		})
	}
}

func dump(r Report) string {
	var b strings.Builder
	for _, f := range r.Violations {
		fmt.Fprintf(&b, "  V %s %s\n", f.Rule, f.Message)
	}
	for _, f := range r.Warnings {
		fmt.Fprintf(&b, "  W %s %s\n", f.Rule, f.Message)
	}
	return b.String()
}

// weekends returns an n-week rota from Monday 2026-03-02 with a Monday
// day shift every week and a Saturday shift in the listed weeks (1-based).
func weekends(n int, worked ...int) []Period {
	ps := daily(roster.Work, "2026-03-02", 1, "09:00", "17:00")
	for k := 1; k < n; k++ {
		d := time.Date(2026, 3, 2+7*k, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		ps = append(ps, daily(roster.Work, d, 1, "09:00", "17:00")...)
	}
	for _, k := range worked {
		d := time.Date(2026, 3, 7+7*(k-1), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		ps = append(ps, daily(roster.Work, d, 1, "09:00", "17:00")...)
	}
	// End the rota on the last Sunday so that it spans n whole weeks.
	last := time.Date(2026, 3, 2+7*n-1, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	ps = append(ps, pk(roster.Leave, last+"T00:00", last+"T12:00"))
	return ps
}

// daily4x12 is n weeks of Mon, Tue, Thu, Fri 08:00–20:00 (48 h) with
// extra minutes on the last shift.
func daily4x12(n, extra int) []Period {
	var ps []Period
	for k := range n {
		for _, d := range []int{0, 1, 3, 4} {
			s := time.Date(2026, 3, 2+7*k+d, 8, 0, 0, 0, roster.London)
			ps = append(ps, Period{Doctor: "d", Start: s.UTC(), End: s.Add(12 * time.Hour).UTC(), Kind: roster.Work})
		}
	}
	ps[len(ps)-1].End = ps[len(ps)-1].End.Add(time.Duration(extra) * time.Minute)
	return ps
}

// daily4x14 is n weeks of four 14 h shifts (56 h) on Mon, Tue, Thu, Fri.
func daily4x14(n, extra int) []Period {
	ps := daily4x12(n, 0)
	for i := range ps {
		ps[i].Start = ps[i].Start.Add(-time.Hour)
		ps[i].End = ps[i].End.Add(time.Hour)
	}
	ps[len(ps)-1].End = ps[len(ps)-1].End.Add(time.Duration(extra) * time.Minute)
	return ps
}

// specWeeks builds consecutive weeks from 2026-01-05 with the given hours
// as 12 h shifts (Mon, Tue, Wed, Thu, Fri) plus a remainder shift.
func specWeeks(hoursPerWeek ...int) []Period {
	var ps []Period
	for k, h := range hoursPerWeek {
		left := h * 60
		for d := 0; left > 0 && d < 7; d++ {
			n := min(left, 12*60)
			s := time.Date(2026, 1, 5+7*k+d, 8, 0, 0, 0, roster.London)
			ps = append(ps, Period{Doctor: "d", Start: s.UTC(), End: s.Add(time.Duration(n) * time.Minute).UTC(), Kind: roster.Work})
			left -= n
		}
	}
	// a marker so that empty weeks still belong to the span
	ps = append(ps, pk(roster.Leave, "2026-01-05T00:00", "2026-01-05T01:00"))
	return ps
}

// specWeeks26 is weeks weeks of 48 h starting 4 weeks after 2026-01-05,
// the last extra ones at 56 h: the 26 weeks ending with them average over 48.
func specWeeks26(weeks, heavy int) []Period {
	hs := make([]int, 4+weeks)
	for i := 4; i < len(hs); i++ {
		hs[i] = 48
		if i >= len(hs)-heavy {
			hs[i] = 56
		}
	}
	ps := specWeeks(hs...)
	return ps[:len(ps)-1]
}

// offBlocks is 28 days from Monday 2026-03-02 of day shifts 08:00–18:00
// with a 62 h and a 48 h gap; short shortens the 62 h gap by minutes.
func offBlocks(short int) []Period {
	var ps []Period
	for d := range 28 {
		if d == 5 || d == 6 || d == 16 { // off: Sat+Sun (62 h), and day 16 with late/early (48 h)
			continue
		}
		s := time.Date(2026, 3, 2+d, 8, 0, 0, 0, roster.London)
		e := time.Date(2026, 3, 2+d, 18, 0, 0, 0, roster.London)
		if d == 4 {
			e = e.Add(time.Duration(short) * time.Minute) // Friday 18:00 → Monday 08:00 = 62 h
		}
		if d == 15 {
			e = time.Date(2026, 3, 2+d, 22, 0, 0, 0, roster.London) // 22:00 → day 17 22:00 = 48 h
		}
		if d == 17 {
			s = time.Date(2026, 3, 2+d, 22, 0, 0, 0, roster.London)
			e = s.Add(10 * time.Hour)
		}
		if d == 18 {
			s = time.Date(2026, 3, 2+d, 18, 0, 0, 0, roster.London)
			e = s.Add(4 * time.Hour)
		}
		ps = append(ps, Period{Doctor: "d", Start: s.UTC(), End: e.UTC(), Kind: roster.Work})
	}
	return ps
}
