package rules

import (
	"fmt"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// The fast formatters agree with the time package, across clock changes
// and leap days, for every hour of several years.
func TestFormatLocal(t *testing.T) {
	start := time.Date(2023, 12, 31, 0, 7, 0, 0, time.UTC)
	for u := toUnixMin(start); u < toUnixMin(start)+4*366*1440; u += 61 {
		lt := fromUnixMin(u).In(roster.London)
		if got, want := fmtLocal(u), lt.Format("Mon 2 Jan 2006 15:04"); got != want {
			t.Fatalf("fmtLocal(%v) = %q, want %q", lt, got, want)
		}
		if got, want := fmtDay(u), lt.Format("Mon 2 Jan 2006"); got != want {
			t.Fatalf("fmtDay(%v) = %q, want %q", lt, got, want)
		}
		if got, want := localMin(u), u+int64(func() int { _, o := lt.Zone(); return o }()/60); got != want {
			t.Fatalf("localMin(%v) = %d, want %d", lt, got, want)
		}
	}
	// utcOfLocal: the gap and the repeat.
	for _, tc := range []struct{ local, want string }{
		{"2026-03-29T01:30", "2026-03-29T01:00:00Z"}, // in the gap: the first instant after it
		{"2026-10-25T01:30", "2026-10-25T00:30:00Z"}, // repeated: the first (BST) one
		{"2026-07-01T00:00", "2026-06-30T23:00:00Z"},
	} {
		l, _ := time.Parse("2006-01-02T15:04", tc.local)
		if got := fromUnixMin(utcOfLocal(toUnixMin(l))).Format(time.RFC3339); got != tc.want {
			t.Errorf("utcOfLocal(%s) = %s, want %s", tc.local, got, tc.want)
		}
	}
}

// utcOfLocal's shortcut away from clock changes agrees with a search,
// every 10 minutes of local time within 5 h of each change from 1916 to
// 2040 (the double summer time of the 1940s included) and at midnight on
// every day between.
func TestUTCOfLocalAgreesWithSearch(t *testing.T) {
	search := func(l int64) int64 {
		for u := l - 180; u <= l+180; u++ {
			if localMin(u) == l {
				return u
			}
		}
		for u := l - 180; ; u++ {
			if localMin(u) >= l {
				return u
			}
		}
	}
	lo := toUnixMin(time.Date(1916, 1, 1, 0, 0, 0, 0, time.UTC))
	hi := toUnixMin(time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC))
	n := 0
	for z := range tzFrom {
		if tzFrom[z] < lo || tzFrom[z] > hi {
			continue
		}
		for l := tzFrom[z] - 300; l <= tzFrom[z]+300; l += 10 {
			if got, want := utcOfLocal(l), search(l); got != want {
				t.Fatalf("utcOfLocal(%s local) = %s, want %s", fromUnixMin(l).Format("2006-01-02T15:04"), fmtLocal(got), fmtLocal(want))
			}
			n++
		}
	}
	for d := lo / 1440; d < hi/1440; d++ {
		if got, want := localMidnight(d), search(d*1440); got != want {
			t.Fatalf("localMidnight(%s) = %d, want %d", fromUnixMin(d*1440).Format("2006-01-02"), got, want)
		}
	}
	if n < 10000 {
		t.Errorf("only %d instants near clock changes", n)
	}
}

// weekdayMinutes (day by day) agrees with weekdayUpTo2 (cumulative).
func TestWeekdayMinutes(t *testing.T) {
	start := dayOf(localMin(toUnixMin(time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC))))
	for ls := start * 1440; ls < (start+15)*1440; ls += 53 {
		for _, n := range []int64{0, 1, 59, 600, 780, 1439, 1440, 2000, 4500} {
			le := ls + n
			a1, b1 := weekdayUpTo2(le, 7*60, 19*60, 8*60, 17*60)
			a0, b0 := weekdayUpTo2(ls, 7*60, 19*60, 8*60, 17*60)
			if a, b := weekdayMinutes(ls, le, dayOf(ls), 7*60, 19*60, 8*60, 17*60); a != a1-a0 || b != b1-b0 {
				t.Fatalf("weekdayMinutes(%d, +%d) = %d, %d; want %d, %d", ls, n, a, b, a1-a0, b1-b0)
			}
		}
	}
}

// A day cache writes what appendDay writes, for days that share its slots.
func TestDayCache(t *testing.T) {
	var dc dayCache
	for range 2 {
		for d := int64(-400); d < 30000; d += 61 {
			if got, want := string(dc.appendDay(nil, d)), string(appendDay(nil, d)); got != want {
				t.Fatalf("day %d: %q, want %q", d, got, want)
			}
		}
	}
}

// nightIn agrees with overlapLocal for daily windows, wrapping or not,
// over periods from a minute to three days starting at any minute.
func TestNightIn(t *testing.T) {
	day := toUnixMin(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)) / 1440
	for _, w := range [][2]int64{{23 * 60, 6 * 60}, {22 * 60, 8 * 60}, {0, 7 * 60}, {19 * 60, 1440}, {7 * 60, 19 * 60}, {600, 600}} {
		for ls := day * 1440; ls < (day+1)*1440; ls += 7 {
			for _, n := range []int64{0, 1, 59, 360, 539, 780, 1439, 1440, 1441, 2000, 4320} {
				if got, want := nightIn(ls, ls+n, day, w[0], w[1]), overlapLocal(ls, ls+n, 1440, [][2]int64{w}); got != want {
					t.Fatalf("nightIn(%d+%d min, %v) = %d, want %d", ls-day*1440, n, w, got, want)
				}
			}
		}
	}
}

func TestWeekdayOverlap(t *testing.T) {
	wins := [][2]int64{}
	for d := range 5 {
		wins = append(wins, [2]int64{int64(d)*1440 + 7*60, int64(d)*1440 + 19*60})
	}
	var wins817 [][2]int64
	for d := range 5 {
		wins817 = append(wins817, [2]int64{int64(d)*1440 + 8*60, int64(d)*1440 + 17*60})
	}
	start := toUnixMin(time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC))
	for s := start; s < start+14*1440; s += 97 {
		for _, n := range []int64{1, 59, 600, 780, 1440, 3000} {
			if got, want := weekdayOverlap(s, s+n, 7*60, 19*60), overlapPattern(s, s+n, 10080, wins); got != want {
				t.Fatalf("weekdayOverlap(%s, %d min) = %d, want %d", fmtLocal(s), n, got, want)
			}
			l := localMin(s) + n
			wa, wb := patternUpTo(l-weekOrigin, 10080, wins), patternUpTo(l-weekOrigin, 10080, wins817)
			if a, b := weekdayUpTo2(l, 7*60, 19*60, 8*60, 17*60); a != wa || b != wb {
				t.Fatalf("weekdayUpTo2(%d) = %d, %d; want %d, %d", l, a, b, wa, wb)
			}
		}
	}
}

// appendMsg writes each kind of argument as fmt.Sprintf writes the
// value it stands for.
func TestAppendMsg(t *testing.T) {
	mar := toUnixMin(time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC))  // 00:30 GMT
	oct := toUnixMin(time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)) // 01:30 BST
	tests := []struct {
		format  string
		args    []marg
		fmtArgs []any
	}{
		{"%s worked in the %s from %s; the limit is %s%s.",
			[]marg{aMinutes(4350), aMinutes(10080), aLocal(mar), aMinutes(4320), aNear(0.1)},
			[]any{"72 h 30 min", "168 h", "Sun 29 Mar 2026 00:30", "72 h", " (within 10% of it)"}},
		{"%s worked in the %s from %s; the limit is %s%s.",
			[]marg{aMinutes(45), aMinutes(-90), aLocal(oct), aMinutes(0), aNearIf(false, 0.1)},
			[]any{"45 min", "-1 h 30 min", "Sun 25 Oct 2026 01:30", "0 min", ""}},
		{"%d consecutive %s from %s to %s; the limit is %d.",
			[]marg{aInt(8), aStr("shifts"), aDay(mar + 60), aDay(oct - 91), aInt(-7)},
			[]any{8, "shifts", "Sun 29 Mar 2026", "Sat 24 Oct 2026", -7}},
		{"Only %s of the %s on call from %s is rest; at least %.0f%% is required.",
			[]marg{aMinutes(60), aMinutes(120), aStr("x"), aFloat(50)},
			[]any{"1 h", "2 h", "x", 50.0}},
		{" (1 in %.1f) over the %s and the %s", []marg{aFloat(52.0 / 17), aWeeks(1), aWeeks(26)}, []any{52.0 / 17, "week", "26 weeks"}},
		{"100%% %d%s", []marg{aInt(3), aStr("x")}, []any{3, "x"}},
		{"%s %s", []marg{aStr("only one")}, []any{"only one"}},
		{"%.2f|%f", []marg{aFloat(2.0 / 3), aFloat(1.5)}, []any{2.0 / 3, 1.5}},
	}
	for _, tt := range tests {
		if got, want := string(appendMsg([]byte("> "), tt.format, tt.args, nil)), "> "+fmt.Sprintf(tt.format, tt.fmtArgs...); got != want {
			t.Errorf("appendMsg(%q) = %q, want %q", tt.format, got, want)
		}
		var dc dayCache
		for range 2 { // the second time from the cache
			if got, want := string(appendMsg([]byte("> "), tt.format, tt.args, &dc)), "> "+fmt.Sprintf(tt.format, tt.fmtArgs...); got != want {
				t.Errorf("appendMsg(%q) with a day cache = %q, want %q", tt.format, got, want)
			}
		}
	}
}
