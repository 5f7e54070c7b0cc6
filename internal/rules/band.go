package rules

import (
	"strconv"
	"strings"

	"github.com/rotaguard/rotaguard/internal/roster"
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
	atLeast := func(oneIn float64, n int) bool { return oneIn > 0 && oneIn <= float64(n)+1e-9 }
	mostUnsocial := in.UnsocialFraction > b.UnsocialFraction
	// The reason is built in one buffer: head, the weekly-hours phrase
	// (limit: 1 "more than", 2 "at most"), mid, " — ", the facts and ".".
	pick := func(band, head string, limit int, mid string) Band {
		var buf [512]byte
		w := append(buf[:0], head...)
		switch limit {
		case 1:
			w = roster.AppendMinutes(append(w, "more than "...), b.Band2Minutes)
			w = append(w, " a week"...)
		case 2:
			w = roster.AppendMinutes(append(w, "at most "...), b.Band2Minutes)
			w = append(w, " a week"...)
		}
		w = append(append(w, mid...), " — "...)
		w = append(appendBandFacts(w, b, in), '.')
		return Band{Band: band, Percent: b.Percent[band], Reason: string(w), Approximate: true}
	}
	if !in.Compliant {
		why := "Band 3: the rota breaches New Deal or Working Time limits (" + strings.Join(in.Breaches, ", ") + ")."
		return Band{Band: "3", Percent: b.Percent["3"], Reason: why, Approximate: true}
	}
	if !in.OutOfHours {
		var buf [512]byte
		w := append(buf[:0], "Unbanded: all work falls "...)
		w = appendClock(w, b.OOHFrom)
		w = appendClock(append(w, "–"...), b.OOHTo)
		w = append(w, " Monday to Friday and there is no on-call ("...)
		w = append(appendBandFacts(w, b, in), ")."...)
		return Band{Band: "", Percent: b.Percent[""], Reason: string(w), Approximate: true}
	}
	if in.LTFT {
		switch {
		case !in.OnCallRota && (mostUnsocial || atLeast(in.WeekendOneIn, b.WeekendOneIn1A)):
			return pick("FA", "Band FA (less than full time): most unsocial", 0, "")
		case !in.OnCallRota:
			return pick("FB", "Band FB (less than full time): out-of-hours work, less unsocial", 0, "")
		case atLeast(in.OnCallOneIn, b.OnCallOneInLow) || atLeast(in.WeekendOneIn, b.WeekendOneIn1A):
			if in.Resident {
				return pick("FA", "Band FA (less than full time): frequent on-call with resident duty after hours", 0, "")
			}
			return pick("FB", "Band FB (less than full time): frequent on-call from home", 0, "")
		case in.Resident:
			return pick("FB", "Band FB (less than full time): low-frequency on-call with resident duty", 0, "")
		}
		return pick("FC", "Band FC (less than full time): low-frequency on-call from home", 0, "")
	}
	if in.AvgWeeklyMinutes > float64(b.Band2Minutes) {
		if in.OnCallRota {
			if atLeast(in.OnCallOneIn, b.OnCallOneInHigh) || atLeast(in.WeekendOneIn, b.WeekendOneIn2A) {
				if in.Resident {
					return pick("2A", "Band 2A: ", 1, " on an on-call rota of high frequency with resident duty")
				}
				return pick("2B", "Band 2B: ", 1, " on a high-frequency on-call rota from home")
			}
			return pick("2B", "Band 2B: ", 1, " on a lower-frequency on-call rota")
		}
		if mostUnsocial || atLeast(in.WeekendOneIn, b.WeekendOneIn2A) {
			return pick("2A", "Band 2A: ", 1, ", most unsocial")
		}
		return pick("2B", "Band 2B: ", 1, ", less unsocial")
	}
	if !in.OnCallRota {
		if mostUnsocial || atLeast(in.WeekendOneIn, b.WeekendOneIn1A) {
			return pick("1A", "Band 1A: ", 2, ", most unsocial")
		}
		return pick("1B", "Band 1B: ", 2, ", less unsocial")
	}
	switch {
	case atLeast(in.OnCallOneIn, b.OnCallOneInHigh):
		return pick("1A", "Band 1A: ", 2, " on a high-frequency on-call rota")
	case atLeast(in.OnCallOneIn, b.OnCallOneInLow) || atLeast(in.WeekendOneIn, b.WeekendOneIn1A):
		if in.Resident {
			return pick("1A", "Band 1A: ", 2, " on a frequent on-call rota with resident duty")
		}
		return pick("1B", "Band 1B: ", 2, " on a frequent on-call rota from home")
	case in.Resident:
		return pick("1B", "Band 1B: ", 2, " on a low-frequency on-call rota with resident duty")
	}
	return pick("1C", "Band 1C: ", 2, " on a low-frequency on-call rota from home")
}

// appendBandFacts appends what the band rests on: "44 h 10 min a week of
// actual work, 24% of it outside 07:00–19:00 Mon–Fri, weekends 1 in 3.0"
// and the on-call frequency and resident duty when they apply.
func appendBandFacts(w []byte, b *Banding, in BandInputs) []byte {
	freq := func(w []byte, oneIn float64) []byte {
		if oneIn == 0 {
			return append(w, "none"...)
		}
		return strconv.AppendFloat(append(w, "1 in "...), oneIn, 'f', 1, 64)
	}
	w = roster.AppendMinutes(w, int64(in.AvgWeeklyMinutes+0.5))
	w = strconv.AppendFloat(append(w, " a week of actual work, "...), in.UnsocialFraction*100, 'f', 0, 64)
	w = appendClock(append(w, "% of it outside "...), b.UnsocialFrom)
	w = appendClock(append(w, "–"...), b.UnsocialTo)
	w = freq(append(w, " Mon–Fri, weekends "...), in.WeekendOneIn)
	if in.OnCallRota {
		w = freq(append(w, ", on call "...), in.OnCallOneIn)
	}
	if in.Resident {
		w = appendClock(append(w, ", resident on duty after "...), b.ResidentAfter)
	}
	return w
}

// appendClock appends a time of day as "07:00" (as fmt's %02d:%02d).
func appendClock(w []byte, c Clock) []byte {
	h, m := int64(c)/60, int64(c)%60
	if h >= 0 && h < 10 {
		w = append(w, '0')
	}
	w = strconv.AppendInt(w, h, 10)
	w = append(w, ':')
	if m >= 0 && m < 10 {
		w = append(w, '0')
	}
	return strconv.AppendInt(w, m, 10)
}

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
			if uf < ut && of < ot {
				s1, h1 := weekdayMinutes(it.ls, it.le, it.day, uf, ut, of, ot)
				social += s1
				inHours += h1
				continue
			}
			s1, h1 := weekdayUpTo2(it.le, uf, ut, of, ot)
			s0, h0 := weekdayUpTo2(it.ls, uf, ut, of, ot)
			social += s1 - s0
			inHours += h1 - h0
			continue
		}
		social += weekdayOverlap(s, e, uf, ut)
		inHours += weekdayOverlap(s, e, of, ot)
	}
	for i := range c.work {
		it := &c.work[i]
		var n int64
		if it.le-it.ls == it.e-it.s { // no clock change inside
			n = nightIn(it.ls, it.le, it.day, resWin[0][0], resWin[0][1])
		} else {
			n = overlapPattern(it.s, it.e, 1440, resWin)
		}
		if n > 0 {
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

// weekdayMinutes returns the minutes of local [ls, le) between the clock
// times from1 and to1, and between from2 and to2 (from < to), Monday to
// Friday, day by day from day, the local day of ls: what weekdayUpTo2 gives
// for le less what it gives for ls.
func weekdayMinutes(ls, le, day, from1, to1, from2, to2 int64) (m1, m2 int64) {
	for d, x := day, ls; x < le; d++ {
		d0 := d * 1440
		end := min(le, d0+1440)
		if wd := ((d+3)%7 + 7) % 7; wd < 5 { // Monday to Friday (day 0 was a Thursday)
			a, b := x-d0, end-d0
			m1 += max(0, min(b, to1)-max(a, from1))
			m2 += max(0, min(b, to2)-max(a, from2))
		}
		x = end
	}
	return m1, m2
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
