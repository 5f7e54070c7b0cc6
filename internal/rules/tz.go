package rules

import (
	"strconv"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// The engine works in whole minutes since the Unix epoch (UTC). Local
// Europe/London wall-clock values come from a table of the zone's
// transitions, built once, so the hot loops do no time.Time arithmetic.

var (
	tzFrom []int64 // UTC minute from which tzOff applies
	tzOff  []int64 // offset of London from UTC in minutes
)

func init() {
	t := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	limit := time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
	for t.Before(limit) {
		lt := t.In(roster.London)
		_, off := lt.Zone()
		tzFrom = append(tzFrom, t.Unix()/60)
		tzOff = append(tzOff, int64(off/60))
		_, end := lt.ZoneBounds()
		if end.IsZero() || !end.After(t) {
			break
		}
		t = end
	}
}

// tzDay[d-tzDay0] is the zone period index at the start of UTC day d,
// for the days 1970–2199: a lookup instead of a search in the hot loops.
var (
	tzDay  []uint16
	tzDay0 int64
)

func init() {
	tzDay0 = 0
	days := int64(230 * 366)
	tzDay = make([]uint16, days)
	for d := range days {
		tzDay[d] = uint16(tzSearch((tzDay0 + d) * 1440))
	}
}

// tzIndex returns the index of the zone period holding UTC minute u.
func tzIndex(u int64) int {
	if d := floorDiv(u, 1440) - tzDay0; d >= 0 && d < int64(len(tzDay)) {
		i := int(tzDay[d])
		for i+1 < len(tzFrom) && tzFrom[i+1] <= u {
			i++
		}
		return i
	}
	return tzSearch(u)
}

func tzSearch(u int64) int {
	lo, hi := 0, len(tzFrom)
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if tzFrom[m] <= u {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

// localMin returns the London wall-clock minute (minutes since
// 1970-01-01T00:00 local) of UTC minute u.
func localMin(u int64) int64 { return u + tzOff[tzIndex(u)] }

// utcOfLocal returns the UTC minute at which London's wall clock reads
// local minute l: the first such minute when the clock repeats (October),
// and the first minute after the gap when it does not exist (March).
func utcOfLocal(l int64) int64 {
	// Away from a clock change (none within 3 h of l either way, wider
	// than any offset of London's) the offset in force at l is the answer.
	if z := tzIndex(l); tzFrom[z] <= l-180 && (z+1 >= len(tzFrom) || tzFrom[z+1] > l+180) {
		return l - tzOff[z]
	}
	// London's offsets are 0, +1 h and (in the 1940s) +2 h; try the
	// earliest instant first.
	for _, off := range [...]int64{120, 60, 0} {
		if u := l - off; localMin(u) == l {
			return u
		}
	}
	// In a gap: the first instant after it.
	for u := l - 180; ; u++ {
		if localMin(u) >= l {
			return u
		}
	}
}

func floorDiv(a, b int64) int64 {
	if a >= 0 && b > 0 {
		return a / b
	}
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// dayOf returns the local day number (days since 1970-01-01) of local minute l.
func dayOf(l int64) int64 { return floorDiv(l, 1440) }

// weekOrigin is local minute of Monday 1970-01-05 00:00.
const weekOrigin = 4 * 1440

// overlapPattern returns how many elapsed minutes of [s, e) (UTC minutes)
// fall inside a repeating local-time pattern: windows [from, to) measured
// in minutes from the start of each cycle of length period (1440 = daily
// from local midnight, 10080 = weekly from Monday 00:00). A window with
// to <= from wraps into the next cycle. Elapsed time is counted, so a
// 23:00–06:00 window has 6 h on the March night and 8 h on the October one.
func overlapPattern(s, e int64, period int64, wins [][2]int64) int64 {
	// Fast path: no clock change inside [s, e).
	if i := tzIndex(s); i+1 >= len(tzFrom) || tzFrom[i+1] >= e {
		return overlapLocal(s+tzOff[i], e+tzOff[i], period, wins)
	}
	var total int64
	origin := int64(0)
	if period == 10080 {
		origin = weekOrigin
	}
	for s < e {
		i := tzIndex(s)
		segEnd := e
		if i+1 < len(tzFrom) && tzFrom[i+1] < segEnd {
			segEnd = tzFrom[i+1]
		}
		off := tzOff[i]
		ls, le := s+off-origin, segEnd+off-origin
		for c := floorDiv(ls, period) - 1; c*period < le; c++ {
			base := c * period
			for _, w := range wins {
				a, b := base+w[0], base+w[1]
				if w[1] <= w[0] {
					b += period
				}
				if a < ls {
					a = ls
				}
				if b > le {
					b = le
				}
				if b > a {
					total += b - a
				}
			}
		}
		s = segEnd
	}
	return total
}

// overlapLocal is overlapPattern for a local interval [ls, le) with no
// clock change inside it: the minutes of the pattern up to le less those
// up to ls.
func overlapLocal(ls, le int64, period int64, wins [][2]int64) int64 {
	if period == 10080 {
		ls, le = ls-weekOrigin, le-weekOrigin
	}
	return patternUpTo(le, period, wins) - patternUpTo(ls, period, wins)
}

// patternUpTo returns the minutes of the repeating pattern in [0, x)
// (negative for x < 0, consistently, so that differences are right).
func patternUpTo(x, period int64, wins [][2]int64) int64 {
	q := floorDiv(x, period)
	r := x - q*period
	var per, part int64
	for _, w := range wins {
		a, b := w[0], w[1]
		if b <= a { // wraps: [a, period) and [0, b)
			per += period - a + b
			part += clamp(r-a, 0, period-a) + clamp(r, 0, b)
			continue
		}
		per += b - a
		part += clamp(r-a, 0, b-a)
	}
	return q*per + part
}

func clamp(v, lo, hi int64) int64 { return min(max(v, lo), hi) }

// weekdayOverlap returns the elapsed minutes of [s, e) falling between
// the clock times from and to (from < to) on Monday to Friday, in O(1)
// when no clock change falls inside (overlapPattern otherwise).
func weekdayOverlap(s, e, from, to int64) int64 {
	i := tzIndex(s)
	if i+1 < len(tzFrom) && tzFrom[i+1] < e {
		wins := [5][2]int64{}
		for d := range wins {
			wins[d] = [2]int64{int64(d)*1440 + from, int64(d)*1440 + to}
		}
		return overlapPattern(s, e, 10080, wins[:])
	}
	off := tzOff[i]
	return weekdayUpTo(e+off, from, to) - weekdayUpTo(s+off, from, to)
}

// weekdayUpTo returns the minutes of the Monday–Friday from–to pattern
// before local minute x.
func weekdayUpTo(x, from, to int64) int64 {
	a, _ := weekdayUpTo2(x, from, to, from, to)
	return a
}

// weekdayUpTo2 is weekdayUpTo for two patterns at once.
func weekdayUpTo2(x, from1, to1, from2, to2 int64) (int64, int64) {
	x -= weekOrigin
	q := floorDiv(x, 10080)
	r := x - q*10080
	day, m := r/1440, r%1440
	w1, w2 := to1-from1, to2-from2
	d := min(day, 5)
	a, b := q*5*w1+d*w1, q*5*w2+d*w2
	if day < 5 {
		a += clamp(m-from1, 0, w1)
		b += clamp(m-from2, 0, w2)
	}
	return a, b
}

// toUnixMin converts an instant to whole minutes since the Unix epoch.
func toUnixMin(t time.Time) int64 { return floorDiv(t.Unix(), 60) }

// fromUnixMin converts minutes since the epoch back to a UTC instant.
func fromUnixMin(m int64) time.Time { return time.Unix(m*60, 0).UTC() }

// civil returns the proleptic Gregorian date of day number d (days since
// 1970-01-01), by Howard Hinnant's days_from_civil inverse.
func civil(d int64) (y int64, m, day int) {
	z := d + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, day
}

var (
	dayNames   = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	monthNames = [13]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// appendDay appends "Mon 2 Mar 2026" for local day d.
func appendDay(b []byte, d int64) []byte {
	y, m, day := civil(d)
	b = append(b, dayNames[((d+3)%7+7)%7]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(day), 10)
	b = append(b, ' ')
	b = append(b, monthNames[m]...)
	b = append(b, ' ')
	return strconv.AppendInt(b, y, 10)
}

// fmtLocal formats UTC minute u as "Mon 2 Mar 2026 08:00" London time.
func fmtLocal(u int64) string {
	var buf [32]byte
	return string(appendLocal(buf[:0], u))
}

// fmtDay formats UTC minute u as "Mon 2 Mar 2026" London time.
func fmtDay(u int64) string {
	var buf [24]byte
	return string(appendDay(buf[:0], dayOf(localMin(u))))
}
