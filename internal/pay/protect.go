package pay

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// Protection is transitional pay protection (PAY-PROTECT): a cash floor
// under a doctor's pay on the 2016 terms, from From to Until inclusive.
// While it applies, a doctor whose 2016 pay falls below the floor is paid
// the difference as the element PAY-PROTECT.
//
// The floor is either fixed cash (Floor) or the doctor's 2002 pay — basic
// salary at ScalePoint plus the Band supplement, the band capped at
// MaxBandPercent (80: band 3 is excluded from protection, spec §4) — with
// the pay tables in force on From. With Increments, the scale point rises
// by one on each anniversary of From, up to the top of the scale
// (incremental progression); pay awards after From do not raise the floor.
type Protection struct {
	From, Until roster.Date
	// Floor, when non-zero, is the fixed annual cash floor.
	Floor Money
	// ScalePoint and Band are the 2002 position on From.
	ScalePoint int
	Band       string
	// MaxBandPercent caps the protected band; 0 means 80.
	MaxBandPercent int
	Increments     bool
}

// Covers reports whether protection applies on d.
func (p *Protection) Covers(d roster.Date) bool {
	return p != nil && !d.Before(p.From) && !d.After(p.Until)
}

// FloorAt returns the protected annual pay on d and how it was worked out.
func (p *Protection) FloorAt(ts *Tables, d roster.Date, in Input) (Money, string, error) {
	if !p.Floor.IsZero() {
		return p.Floor, fmt.Sprintf("protected pay %s (fixed cash floor)", p.Floor.Display()), nil
	}
	t, err := ts.At(p.From)
	if err != nil {
		return Money{}, "", err
	}
	point := p.ScalePoint
	if p.Increments {
		years := yearsBetween(p.From, d)
		point += years
		if t.ND2002 != nil {
			if top := len(t.ND2002.Scales[ScaleName(in.Grade)]) - 1; point > top {
				point = top
			}
		}
	}
	basic, scale, err := ndBasic(t, in.Grade, point)
	if err != nil {
		return Money{}, "", doctorErr(in, "scale_point", "pay protection: %v", err)
	}
	if !in.fullTime() {
		basic = basic.Mul(in.LTFT)
	}
	maxBand := p.MaxBandPercent
	if maxBand == 0 {
		maxBand = 80
	}
	bandPct := new(big.Rat)
	band := strings.ToUpper(strings.TrimSpace(p.Band))
	if band != "" && band != "NONE" {
		v, ok := t.ND2002.Bands[band]
		if !ok {
			return Money{}, "", doctorErr(in, "band", "pay protection: unknown band %q", p.Band)
		}
		bandPct.Set(v.rat())
	}
	capNote := ""
	if bandPct.Cmp(big.NewRat(int64(maxBand), 1)) > 0 {
		bandPct = big.NewRat(int64(maxBand), 1)
		capNote = fmt.Sprintf(", band %s protected at %d%%", band, maxBand)
	}
	floor := basic.Mul(new(big.Rat).Add(one, new(big.Rat).Quo(bandPct, hundred)))
	w := fmt.Sprintf("protected 2002 pay: %s point %d %s × (1 + %s) = %s (tables %s, protected from %s%s)",
		scale, point, basic.Display(), pct(bandPct), floor.Display(), t.Version, p.From, capNote)
	return floor, w, nil
}

func (p *Protection) apply(ts *Tables, d roster.Date, in Input, s Statement) (Statement, error) {
	if !p.Covers(d) {
		return s, nil
	}
	floor, w, err := p.FloorAt(ts, d, in)
	if err != nil {
		return s, err
	}
	if gap := floor.Sub(s.Total); gap.Sign() > 0 {
		s.add(ElemProtection, "pay protection", gap,
			fmt.Sprintf("%s − 2016 pay %s = %s, until %s", w, s.Total.Display(), gap.Display(), p.Until))
	}
	return s, nil
}

// yearsBetween returns the whole years from a to b (0 if b is before a's first anniversary).
func yearsBetween(a, b roster.Date) int {
	y := b.Year - a.Year
	if b.Month < a.Month || (b.Month == a.Month && b.Day < a.Day) {
		y--
	}
	if y < 0 {
		return 0
	}
	return y
}

// AddMonths returns d moved by n calendar months, clamped to the end of
// a shorter month (31 January + 1 month = 28 or 29 February).
func AddMonths(d roster.Date, n int) roster.Date {
	m := int(d.Month) - 1 + n
	y := d.Year + m/12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	day := d.Day
	if last := daysIn(y, m+1); day > last {
		day = last
	}
	return roster.Date{Year: y, Month: monthOf(m + 1), Day: day}
}
