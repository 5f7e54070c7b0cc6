package rules

import (
	"fmt"
	"strings"
)

// BandInputs are the measures the New Deal banding flowchart reads.
type BandInputs struct {
	Compliant        bool
	Breaches         []string // rule ids breached, when not compliant
	AvgWeeklyMinutes float64  // average actual work a week
	OutOfHours       bool     // any work outside the OOH window Mon–Fri
	UnsocialFraction float64  // share of work outside the unsocial window Mon–Fri
	OnCallRota       bool
	OnCallOneIn      float64 // on-call frequency "1 in n" (days / on-call days); 0 = none
	WeekendOneIn     float64 // weekend frequency "1 in n"; 0 = none
	Resident         bool    // criterion R: resident on duty after 19:00
	LTFT             bool
}

// NDBand applies the banding flowchart (spec section 4, as in the BMA
// flowchart) to the inputs, with the thresholds and percentages of b.
func NDBand(b *Banding, in BandInputs) Band {
	pick := func(band, why string) Band {
		return Band{Band: band, Percent: b.Percent[band], Reason: why, Approximate: true}
	}
	avg := fmtMinutes(int64(in.AvgWeeklyMinutes + 0.5))
	freq := func(oneIn float64) string {
		if oneIn == 0 {
			return "none"
		}
		return fmt.Sprintf("1 in %.1f", oneIn)
	}
	atLeast := func(oneIn float64, n int) bool { return oneIn > 0 && oneIn <= float64(n)+1e-9 }
	mostUnsocial := in.UnsocialFraction > b.UnsocialFraction
	facts := fmt.Sprintf("%s a week of actual work, %.0f%% of it outside %s–%s Mon–Fri, weekends %s",
		avg, in.UnsocialFraction*100, clockStr(b.UnsocialFrom), clockStr(b.UnsocialTo), freq(in.WeekendOneIn))
	if in.OnCallRota {
		facts += fmt.Sprintf(", on call %s", freq(in.OnCallOneIn))
	}
	if in.Resident {
		facts += fmt.Sprintf(", resident on duty after %s", clockStr(b.ResidentAfter))
	}
	if !in.Compliant {
		return pick("3", fmt.Sprintf("Band 3: the rota breaches New Deal or Working Time limits (%s).", strings.Join(in.Breaches, ", ")))
	}
	if !in.OutOfHours {
		return pick("", fmt.Sprintf("Unbanded: all work falls %s–%s Monday to Friday and there is no on-call (%s).", clockStr(b.OOHFrom), clockStr(b.OOHTo), facts))
	}
	if in.LTFT {
		switch {
		case !in.OnCallRota && (mostUnsocial || atLeast(in.WeekendOneIn, b.WeekendOneIn1A)):
			return pick("FA", "Band FA (less than full time): most unsocial — "+facts+".")
		case !in.OnCallRota:
			return pick("FB", "Band FB (less than full time): out-of-hours work, less unsocial — "+facts+".")
		case atLeast(in.OnCallOneIn, b.OnCallOneInLow) || atLeast(in.WeekendOneIn, b.WeekendOneIn1A):
			if in.Resident {
				return pick("FA", "Band FA (less than full time): frequent on-call with resident duty after hours — "+facts+".")
			}
			return pick("FB", "Band FB (less than full time): frequent on-call from home — "+facts+".")
		case in.Resident:
			return pick("FB", "Band FB (less than full time): low-frequency on-call with resident duty — "+facts+".")
		}
		return pick("FC", "Band FC (less than full time): low-frequency on-call from home — "+facts+".")
	}
	if in.AvgWeeklyMinutes > float64(b.Band2Minutes) {
		over := fmt.Sprintf("more than %s a week", fmtMinutes(b.Band2Minutes))
		if in.OnCallRota {
			if atLeast(in.OnCallOneIn, b.OnCallOneInHigh) || atLeast(in.WeekendOneIn, b.WeekendOneIn2A) {
				if in.Resident {
					return pick("2A", "Band 2A: "+over+" on an on-call rota of high frequency with resident duty — "+facts+".")
				}
				return pick("2B", "Band 2B: "+over+" on a high-frequency on-call rota from home — "+facts+".")
			}
			return pick("2B", "Band 2B: "+over+" on a lower-frequency on-call rota — "+facts+".")
		}
		if mostUnsocial || atLeast(in.WeekendOneIn, b.WeekendOneIn2A) {
			return pick("2A", "Band 2A: "+over+", most unsocial — "+facts+".")
		}
		return pick("2B", "Band 2B: "+over+", less unsocial — "+facts+".")
	}
	upTo := fmt.Sprintf("at most %s a week", fmtMinutes(b.Band2Minutes))
	if !in.OnCallRota {
		if mostUnsocial || atLeast(in.WeekendOneIn, b.WeekendOneIn1A) {
			return pick("1A", "Band 1A: "+upTo+", most unsocial — "+facts+".")
		}
		return pick("1B", "Band 1B: "+upTo+", less unsocial — "+facts+".")
	}
	switch {
	case atLeast(in.OnCallOneIn, b.OnCallOneInHigh):
		return pick("1A", "Band 1A: "+upTo+" on a high-frequency on-call rota — "+facts+".")
	case atLeast(in.OnCallOneIn, b.OnCallOneInLow) || atLeast(in.WeekendOneIn, b.WeekendOneIn1A):
		if in.Resident {
			return pick("1A", "Band 1A: "+upTo+" on a frequent on-call rota with resident duty — "+facts+".")
		}
		return pick("1B", "Band 1B: "+upTo+" on a frequent on-call rota from home — "+facts+".")
	case in.Resident:
		return pick("1B", "Band 1B: "+upTo+" on a low-frequency on-call rota with resident duty — "+facts+".")
	}
	return pick("1C", "Band 1C: "+upTo+" on a low-frequency on-call rota from home — "+facts+".")
}

func clockStr(c Clock) string { return fmt.Sprintf("%02d:%02d", int64(c)/60, int64(c)%60) }

// band measures the rota and applies NDBand. It runs after every rule set
// so that WTR breaches count against compliance.
func (c *Checker) band(nd *RuleSet) Band {
	b := nd.Banding
	in := BandInputs{Compliant: true, LTFT: c.p.LTFT < 1, OnCallRota: c.ndRota() == "oncall"}
	for _, f := range c.rep.Violations {
		if strings.HasPrefix(f.Rule, "ND-") || strings.HasPrefix(f.Rule, "WTR-") {
			in.Compliant = false
			if !containsStr(in.Breaches, f.Rule) {
				in.Breaches = append(in.Breaches, f.Rule)
			}
		}
	}
	if c.weeks == 0 {
		return NDBand(b, in)
	}
	end := c.to
	var total, social, inHours int64
	resWin := [][2]int64{{int64(b.ResidentAfter), int64(b.UnsocialFrom)}}
	uf, ut, of, ot := int64(b.UnsocialFrom), int64(b.UnsocialTo), int64(b.OOHFrom), int64(b.OOHTo)
	for _, it := range c.hours {
		s, e := max(it.s, c.from), min(it.e, end)
		if e <= s {
			continue
		}
		total += e - s
		if s == it.s && e == it.e && it.le-it.ls == e-s { // whole period, no clock change: local times known
			social += weekdayUpTo(it.le, uf, ut) - weekdayUpTo(it.ls, uf, ut)
			inHours += weekdayUpTo(it.le, of, ot) - weekdayUpTo(it.ls, of, ot)
			continue
		}
		social += weekdayOverlap(s, e, uf, ut)
		inHours += weekdayOverlap(s, e, of, ot)
	}
	for _, it := range c.work {
		if overlapPattern(it.s, it.e, 1440, resWin) > 0 {
			in.Resident = true
			break
		}
	}
	in.AvgWeeklyMinutes = float64(total) / float64(c.weeks)
	in.OutOfHours = inHours < total || len(c.oc) > 0 // on-call is out-of-hours duty
	if total > 0 {
		in.UnsocialFraction = float64(total-social) / float64(total)
	}
	// On-call frequency: days in the rota per day with an on-call start.
	var ocDays int
	lastDay := int64(-1 << 62)
	for _, it := range c.oc {
		if it.s < c.from || it.s >= end {
			continue
		}
		if it.day != lastDay {
			ocDays++
			lastDay = it.day
		}
	}
	if ocDays > 0 {
		in.OnCallOneIn = float64(7*c.weeks) / float64(ocDays)
	}
	if k := len(c.weekendsWorked()); k > 0 {
		in.WeekendOneIn = float64(c.weeks) / float64(k)
	}
	return NDBand(b, in)
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
