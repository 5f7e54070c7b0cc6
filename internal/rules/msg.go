package rules

import (
	"strconv"
	"strings"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// Findings' messages are written into one buffer per Check with typed
// arguments (no interface boxing, no strings built per argument), and the
// buffer becomes one string at the end of the Check: a doctor's findings
// cost one allocation for all their messages.

// marg is one argument of a message.
type marg struct {
	kind byte // one of the mXxx constants
	s    string
	n    int64
	f    float64
}

const (
	mStr     = iota // s
	mInt            // n
	mLocal          // n: UTC minute, written "Mon 2 Mar 2026 08:00" London time
	mDay            // n: UTC minute, written "Mon 2 Mar 2026" London time
	mMinutes        // n: minutes, written "72 h 30 min"
	mFloat          // f, with the verb's precision
	mNear           // f: warn fraction, written " (within 10% of it)"
	mWeeks          // n: "week" or "3 weeks"
)

func aStr(s string) marg    { return marg{kind: mStr, s: s} }
func aInt(n int64) marg     { return marg{kind: mInt, n: n} }
func aLocal(u int64) marg   { return marg{kind: mLocal, n: u} }
func aDay(u int64) marg     { return marg{kind: mDay, n: u} }
func aMinutes(m int64) marg { return marg{kind: mMinutes, n: m} }
func aFloat(f float64) marg { return marg{kind: mFloat, f: f} }
func aNear(wf float64) marg { return marg{kind: mNear, f: wf} }
func aWeeks(n int) marg     { return marg{kind: mWeeks, n: int64(n)} }
func aNearIf(warn bool, wf float64) marg {
	if !warn {
		return aStr("")
	}
	return aNear(wf)
}

// appendMsg appends format with its verbs replaced by args in order.
// The verbs are %s and %d (each argument is written by its kind), %.Nf
// (a float with N decimals, as fmt writes it) and %%. A verb without an
// argument is written as fmt would ("%!s(MISSING)"); arguments without a
// verb are ignored (tests check every message against fmt).
//
// Days are written through dc, which may be nil.
func appendMsg(b []byte, format string, args []marg, dc *dayCache) []byte {
	k := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			// the text up to the next verb, in one go
			j := strings.IndexByte(format[i:], '%')
			if j < 0 {
				return append(b, format[i:]...)
			}
			b = append(b, format[i:i+j]...)
			i += j
		}
		if i+1 >= len(format) {
			return append(b, "%!(NOVERB)"...)
		}
		i++
		prec := -1
		if format[i] == '.' {
			prec = 0
			for i+1 < len(format) && format[i+1] >= '0' && format[i+1] <= '9' {
				i++
				prec = prec*10 + int(format[i]-'0')
			}
			if i+1 < len(format) {
				i++
			}
		}
		verb := format[i]
		if verb == '%' {
			b = append(b, '%')
			continue
		}
		if k >= len(args) {
			b = append(b, '%', '!', verb)
			b = append(b, "(MISSING)"...)
			continue
		}
		a := &args[k]
		k++
		switch a.kind {
		case mStr:
			b = append(b, a.s...)
		case mInt:
			b = strconv.AppendInt(b, a.n, 10)
		case mLocal:
			b = dc.appendLocal(b, a.n)
		case mDay:
			b = dc.appendDay(b, dayOf(localMin(a.n)))
		case mMinutes:
			b = roster.AppendMinutes(b, a.n)
		case mFloat:
			if prec < 0 {
				prec = 6
			}
			b = strconv.AppendFloat(b, a.f, 'f', prec, 64)
		case mNear:
			b = append(b, " (within "...)
			b = strconv.AppendInt(b, int64(a.f*100+0.5), 10)
			b = append(b, "% of it)"...)
		case mWeeks:
			if a.n == 1 {
				b = append(b, "week"...)
			} else {
				b = strconv.AppendInt(b, a.n, 10)
				b = append(b, " weeks"...)
			}
		}
	}
	return b
}

// appendLocal appends UTC minute u as "Mon 2 Mar 2026 08:00" London time.
func appendLocal(b []byte, u int64) []byte {
	return (*dayCache)(nil).appendLocal(b, u)
}

// dayCache remembers how local days were written ("Mon 2 Mar 2026"): a
// Checker keeps one across checks, as most doctors' findings fall on the
// same days of the year (a slot per day of any 512 in a row: 16 KiB).
type dayCache [512]struct {
	day int64
	n   uint8 // 0: empty
	b   [23]byte
}

// appendDay appends local day d as "Mon 2 Mar 2026" (dc may be nil).
func (dc *dayCache) appendDay(b []byte, d int64) []byte {
	if dc == nil {
		return appendDay(b, d)
	}
	e := &dc[d&511]
	if e.n == 0 || e.day != d {
		e.n = 0
		t := appendDay(e.b[:0], d)
		if len(t) > len(e.b) { // not written in place: do not keep it
			return append(b, t...)
		}
		e.day, e.n = d, uint8(len(t))
	}
	return append(b, e.b[:e.n]...)
}

// appendLocal appends UTC minute u as "Mon 2 Mar 2026 08:00" London time
// (dc may be nil).
func (dc *dayCache) appendLocal(b []byte, u int64) []byte {
	l := localMin(u)
	d := dayOf(l)
	b = dc.appendDay(b, d)
	hm := l - d*1440
	return append(b, ' ', byte('0'+hm/600), byte('0'+hm/60%10), ':', byte('0'+hm%60/10), byte('0'+hm%10))
}
