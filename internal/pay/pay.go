// Package pay computes the annual pay of resident doctors under the 2016
// terms and conditions and under the 2002 contract with New Deal banding,
// following ../shared/spec/contract-rules.md (sections 1, 4 and 6), and
// builds the timeline of who is on which contract under an imposition,
// with the trust's monthly pay bill under each scenario.
//
// Money is exact: every element is a rational number of pounds computed
// from the versioned pay tables (tables/*.json, one file per pay year);
// amounts are rounded half away from zero to pence only when shown, and a
// statement's total is the exact sum of its elements rounded once.
//
// The package imports only the standard library and roster.
package pay

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// Element ids, as in spec §4 and §6.2.
const (
	ElemBasic      = "PAY-BASIC"
	ElemAddHours   = "PAY-ADDHRS"
	ElemNight      = "PAY-NIGHT37"
	ElemWeekend    = "PAY-WEEKEND"
	ElemOnCall     = "PAY-ONCALL8"
	ElemFPP        = "PAY-FPP"
	ElemLTFTAllow  = "PAY-LTFT-ALLOW"
	ElemProtection = "PAY-PROTECT"
	ElemNDBasic    = "ND-BASIC"
	ElemNDBand     = "ND-BAND"
)

// Hour limits for additional rostered hours (PAY-ADDHRS): paid between
// 40 and 48 hours a week, or 56 with a Working Time Regulations opt-out.
const (
	BaseWeeklyHours    = 40
	MaxPaidHours       = 48
	MaxPaidHoursOptOut = 56
)

// Input is what pay needs to know about one doctor. The same Input is
// used for both contracts, so that a doctor can be compared side by side.
type Input struct {
	// Doctor names the doctor in statements and errors.
	Doctor string
	Grade  roster.Grade
	// LTFT is the less-than-full-time fraction; nil or 1 = full time.
	LTFT *big.Rat
	// Commitment is an LTFT doctor's proportion of the full-time on-call
	// and weekend commitment (PAY-WEEKEND, PAY-ONCALL8); nil = LTFT.
	Commitment *big.Rat
	// NodalPoint (1–5) under the 2016 terms; 0 = the grade's default.
	NodalPoint int
	// OptOut: a signed WTR opt-out raises the paid-hours cap to 56.
	OptOut bool
	// FPP names a flexible pay premium ("gp", "em", "psychiatry", ...);
	// FPPAmount, when set, is its full-time annual amount and overrides
	// the table.
	FPP       string
	FPPAmount *Money
	// ScalePoint is the 0-based incremental point on the 2002 scale of
	// the grade (FY1, FY2 or StR); ScalePointAssumed says it was not on
	// record but taken from the grade (AssumedScalePoint), and the
	// working says so.
	ScalePoint        int
	ScalePointAssumed bool
	// Band is the 2002 banding ("1A", "1B", "1C", "2A", "2B", "3", the
	// LTFT bands "FA", "FB", "FC", or "" for none) and BandReason why.
	Band       string
	BandReason string
	// Measures come from the doctor's rota cycle (Measure).
	Measures Measures
	// Protection, when set, is a cash floor under 2016 pay (PAY-PROTECT).
	Protection *Protection
}

// fullTime reports whether the doctor works full time.
func (in Input) fullTime() bool { return in.LTFT == nil || in.LTFT.Cmp(big.NewRat(1, 1)) >= 0 }

// commitment is the share of the full-time on-call and weekend
// commitment: 1 for a full-time doctor, else Commitment or LTFT.
func (in Input) commitment() *big.Rat {
	switch {
	case in.fullTime():
		return big.NewRat(1, 1)
	case in.Commitment != nil:
		return in.Commitment
	}
	return in.LTFT
}

// Element is one line of a pay statement: an exact annual amount and the
// working that produced it.
type Element struct {
	// Rule is the spec id, e.g. "PAY-NIGHT37".
	Rule string `json:"rule"`
	// Element is the name shown to people, e.g. "night enhancement".
	Element string `json:"element"`
	// Amount is exact; it is shown rounded to pence.
	Amount  Money  `json:"amount"`
	Working string `json:"working"`
}

// Statement is a doctor's annual pay under one contract.
type Statement struct {
	Doctor       string              `json:"doctor"`
	Contract     roster.ContractKind `json:"contract"`
	TableVersion string              `json:"table_version"`
	Elements     []Element           `json:"elements"`
	// Total is the exact sum of the elements; shown rounded once.
	Total Money `json:"total"`
}

func (s *Statement) add(rule, name string, amount Money, working string) {
	s.Elements = append(s.Elements, Element{Rule: rule, Element: name, Amount: amount, Working: working})
	s.Total = s.Total.Add(amount)
}

// Element returns the element with the given rule id, if present.
func (s Statement) Element(rule string) (Element, bool) {
	for _, e := range s.Elements {
		if e.Rule == rule {
			return e, true
		}
	}
	return Element{}, false
}

// ElementsRounded returns the sum of the elements each rounded to pence
// first. It can differ from Total by a few pence; Total is the figure.
func (s Statement) ElementsRounded() Money {
	var p int64
	for _, e := range s.Elements {
		p += e.Amount.Pence()
	}
	return moneyOf(big.NewRat(p, 100))
}

func doctorErr(in Input, field, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if in.Doctor != "" {
		msg = in.Doctor + ": " + msg
	}
	return &roster.Error{Code: roster.Invalid, Field: field, Message: msg}
}

// Calculate returns the doctor's annual pay under contract c, with the
// tables in force on date d. Pay protection applies if in.Protection
// covers d.
func Calculate(ts *Tables, d roster.Date, c roster.ContractKind, in Input) (Statement, error) {
	t, err := ts.At(d)
	if err != nil {
		return Statement{}, err
	}
	var s Statement
	switch c {
	case roster.TCS2016:
		s, err = Compute2016(t, in)
		if err == nil && in.Protection != nil {
			s, err = in.Protection.apply(ts, d, in, s)
		}
	case roster.NewDeal2002:
		s, err = Compute2002(t, in)
	default:
		return Statement{}, doctorErr(in, "contract", "pay is computed for the 2016 terms and the 2002 contract only, not %q", c)
	}
	return s, err
}

var (
	one     = big.NewRat(1, 1)
	forty   = big.NewRat(BaseWeeklyHours, 1)
	hundred = big.NewRat(100, 1)
)

func ratMul(xs ...*big.Rat) *big.Rat {
	r := big.NewRat(1, 1)
	for _, x := range xs {
		r.Mul(r, x)
	}
	return r
}

// num formats a rational for working: up to 4 decimals, trailing zeros trimmed.
func num(r *big.Rat) string { return formatRat(r, 4, 0) }

func pct(r *big.Rat) string { return num(r) + "%" }

// Compute2016 returns the annual pay under the 2016 terms (spec §6.2)
// with table t. Protection is not applied (see Calculate).
func Compute2016(t *Table, in Input) (Statement, error) {
	s := Statement{Doctor: in.Doctor, Contract: roster.TCS2016, TableVersion: t.Version}
	np := in.NodalPoint
	if np == 0 {
		np = in.Grade.DefaultNodalPoint()
	}
	if np == 0 {
		return s, doctorErr(in, "nodal_point", "no nodal point: grade %q has no default, give a nodal_point (1–5)", in.Grade)
	}
	salary, err := t.NodalPoint(np)
	if err != nil {
		return s, doctorErr(in, "nodal_point", "pay table %s has no nodal point %d", t.Version, np)
	}
	tc := t.TCS2016
	m := in.Measures
	avg := m.AverageWeeklyHours()
	hourly := new(big.Rat).Quo(salary.rat(), tc.HoursPerYear.rat())
	sal := salary.Display()
	npText := fmt.Sprintf("nodal point %d (%s) %s", np, t.Version, sal)

	// PAY-BASIC
	if in.fullTime() {
		s.add(ElemBasic, "basic pay", salary,
			fmt.Sprintf("%s, full time (40 h/week); basic hourly rate %s ÷ %s h = £%s/h",
				npText, sal, num(tc.HoursPerYear.rat()), formatRat(hourly, 4, 4)))
	} else {
		hours := avg
		basis := fmt.Sprintf("average %s h/week worked (%d min over %d weeks)", num(avg), m.WorkMinutes(), m.Weeks)
		if m.WorkMinutes() == 0 {
			hours = ratMul(in.LTFT, forty)
			basis = fmt.Sprintf("no rota: %s of 40 h = %s h/week", pct(ratMul(in.LTFT, hundred)), num(hours))
		}
		amt := salary.Mul(new(big.Rat).Quo(hours, forty))
		s.add(ElemBasic, "basic pay (LTFT)", amt,
			fmt.Sprintf("%s × %s h ÷ 40 h = %s; %s", npText, num(hours), amt.Display(), basis))
	}

	// PAY-ADDHRS: full time only.
	if in.fullTime() && avg.Cmp(forty) > 0 {
		limit := int64(MaxPaidHours)
		if in.OptOut {
			limit = MaxPaidHoursOptOut
		}
		paid := avg
		note := ""
		if avg.Cmp(big.NewRat(limit, 1)) > 0 {
			paid = big.NewRat(limit, 1)
			note = fmt.Sprintf(" (average %s h/week capped at %d h)", num(avg), limit)
		}
		extra := new(big.Rat).Sub(paid, forty)
		amt := salary.Mul(new(big.Rat).Quo(extra, forty))
		s.add(ElemAddHours, "additional rostered hours", amt,
			fmt.Sprintf("%s × (%s − 40) h ÷ 40 h = %s%s", sal, num(paid), amt.Display(), note))
	}

	// PAY-NIGHT37
	if enh := m.AverageEnhancedHours(); enh.Sign() > 0 {
		f := new(big.Rat).Quo(ratMul(tc.NightEnhancementPercent.fraction(), enh), forty)
		amt := salary.Mul(f)
		s.add(ElemNight, "night enhancement", amt,
			fmt.Sprintf("%s × %s × %s h/week ÷ 40 h = %s (enhanced time %s min over %d weeks)",
				sal, pct(tc.NightEnhancementPercent.rat()), num(enh), amt.Display(), num(m.EnhancedMinutes), m.Weeks))
	}

	// PAY-WEEKEND
	if m.Weekends > 0 && m.Weeks > 0 {
		c := in.commitment()
		freq := m.WeekendFrequency()
		ftFreq := freq
		basis := fmt.Sprintf("%d weekend%s in %d weeks", m.Weekends, plural(m.Weekends), m.Weeks)
		if !in.fullTime() {
			if c.Sign() <= 0 {
				return s, doctorErr(in, "commitment", "the share of the full-time commitment must be positive")
			}
			ftFreq = new(big.Rat).Quo(freq, c)
			basis += fmt.Sprintf(" ÷ %s of the full-time commitment = full-time 1 in %s", pct(ratMul(c, hundred)), num(new(big.Rat).Inv(ftFreq)))
		} else {
			basis += fmt.Sprintf(" = 1 in %s", num(new(big.Rat).Inv(freq)))
		}
		p, n := t.WeekendPercent(ftFreq)
		if p.rat().Sign() > 0 {
			amt := salary.Mul(ratMul(p.fraction(), c))
			w := fmt.Sprintf("%s × %s", pct(p.rat()), sal)
			if !in.fullTime() {
				w += " × " + pct(ratMul(c, hundred))
			}
			s.add(ElemWeekend, "weekend allowance", amt,
				fmt.Sprintf("%s = %s (%s; band 1 in %d or more often)", w, amt.Display(), basis, n))
		}
	}

	// PAY-ONCALL8
	if m.OnCallPeriods > 0 {
		c := in.commitment()
		var ft Money
		var w string
		if cash, ok := tc.OnCallAllowance[fmt.Sprint(np)]; ok {
			ft = cash
			w = fmt.Sprintf("tabled allowance for nodal point %d %s", np, cash.Display())
		} else {
			ft = salary.Mul(tc.OnCallPercent.fraction())
			w = fmt.Sprintf("%s × %s", pct(tc.OnCallPercent.rat()), sal)
		}
		amt := ft.Mul(c)
		if !in.fullTime() {
			w += " × " + pct(ratMul(c, hundred)) + " of the full-time on-call commitment"
		}
		s.add(ElemOnCall, "on-call availability allowance", amt, fmt.Sprintf("%s = %s", w, amt.Display()))
	}

	// PAY-FPP
	if in.FPP != "" || in.FPPAmount != nil {
		var ft Money
		var src string
		switch {
		case in.FPPAmount != nil:
			ft, src = *in.FPPAmount, "amount given"
		default:
			v, ok := tc.FPP[strings.ToLower(in.FPP)]
			if !ok {
				return s, doctorErr(in, "fpp", "pay table %s has no amount for the flexible pay premium %q (the spec does not give current FPP values): give fpp_amount", t.Version, in.FPP)
			}
			ft, src = v, "table "+t.Version
		}
		amt, w := ft, fmt.Sprintf("%s (%s)", ft.Display(), src)
		if !in.fullTime() {
			amt = ft.Mul(in.LTFT)
			w = fmt.Sprintf("%s × %s LTFT", w, pct(ratMul(in.LTFT, hundred)))
		}
		name := "flexible pay premium"
		if in.FPP != "" {
			name += " (" + in.FPP + ")"
		}
		s.add(ElemFPP, name, amt, fmt.Sprintf("%s = %s", w, amt.Display()))
	}

	// PAY-LTFT-ALLOW
	if !in.fullTime() && tc.LTFTAllowance.Sign() > 0 {
		s.add(ElemLTFTAllow, "LTFT allowance", tc.LTFTAllowance,
			fmt.Sprintf("flat %s a year to less-than-full-time doctors (table %s)", tc.LTFTAllowance.Display(), t.Version))
	}
	return s, nil
}

// Compute2002 returns the annual pay under the 2002 contract: basic
// salary on the incremental scale of the grade (pro rata for LTFT) and
// the banding supplement as a percentage of it (spec §4).
func Compute2002(t *Table, in Input) (Statement, error) {
	s := Statement{Doctor: in.Doctor, Contract: roster.NewDeal2002, TableVersion: t.Version}
	if in.Grade == "" {
		return s, doctorErr(in, "grade", "a grade is needed to choose the 2002 pay scale (FY1, FY2 or StR)")
	}
	basic, scale, err := ndBasic(t, in.Grade, in.ScalePoint)
	if err != nil {
		return s, doctorErr(in, "scale_point", "%v", err)
	}
	w := fmt.Sprintf("%s scale point %d (%s) %s", scale, in.ScalePoint, t.Version, basic.Display())
	if in.ScalePointAssumed {
		w = fmt.Sprintf("%s scale point %d, assumed from grade %s (no 2002 point on record) (%s) %s", scale, in.ScalePoint, in.Grade, t.Version, basic.Display())
	}
	amt := basic
	if !in.fullTime() {
		amt = basic.Mul(in.LTFT)
		w += fmt.Sprintf(" × %s LTFT = %s", pct(ratMul(in.LTFT, hundred)), amt.Display())
	}
	s.add(ElemNDBasic, "basic salary", amt, w)
	band := strings.ToUpper(strings.TrimSpace(in.Band))
	if band == "" || band == "NONE" {
		if band == "" {
			s.Elements[0].Working += "; no band given, so no banding supplement"
		}
		return s, nil
	}
	p, ok := t.ND2002.Bands[band]
	if !ok {
		return s, doctorErr(in, "band", "unknown band %q (one of 1A, 1B, 1C, 2A, 2B, 3, FA, FB, FC or none)", in.Band)
	}
	sup := amt.Mul(p.fraction())
	w = fmt.Sprintf("band %s: %s × %s = %s", band, pct(p.rat()), amt.Display(), sup.Display())
	if in.BandReason != "" {
		w += " (" + in.BandReason + ")"
	}
	s.add(ElemNDBand, "banding supplement", sup, w)
	return s, nil
}

// ndBasic returns the 2002 basic salary for a grade and scale point.
func ndBasic(t *Table, g roster.Grade, point int) (Money, string, error) {
	if t.ND2002 == nil {
		return Money{}, "", fmt.Errorf("pay table %s has no 2002 pay scale (the spec gives 2002 scales for 2026/27 only): choose a pay date covered by one, or add a table version", t.Version)
	}
	scale := ScaleName(g)
	pts := t.ND2002.Scales[scale]
	if point < 0 || point >= len(pts) {
		return Money{}, scale, fmt.Errorf("scale point %d is off the %s scale of table %s (points 0 to %d)", point, scale, t.Version, len(pts)-1)
	}
	return pts[point], scale, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
