package pay

import (
	"fmt"
	"math/big"
	"strings"
)

// Money is an exact amount of pounds: a rational number, never a float.
// Elements are computed exactly; rounding to pence happens only when an
// amount is shown (Pence, String), so the total of a statement is the
// exact sum of its elements rounded once.
//
// A Money is immutable; the zero value is £0.
type Money struct{ r *big.Rat }

var ratZero = new(big.Rat)

func (m Money) rat() *big.Rat {
	if m.r == nil {
		return ratZero
	}
	return m.r
}

func moneyOf(r *big.Rat) Money { return Money{r: r} }

// ParseMoney parses a decimal amount of pounds such as "38830.64",
// "-12.5" or "1,000.00" (thousands separators and a leading "£" are
// allowed). It is exact: "0.1" is one tenth of a pound.
func ParseMoney(s string) (Money, error) {
	r, err := parseDecimal(strings.TrimPrefix(strings.TrimSpace(s), "£"))
	if err != nil {
		return Money{}, fmt.Errorf("%q is not an amount of pounds: %v", s, err)
	}
	return moneyOf(r), nil
}

// MustMoney is ParseMoney for constants in code and tests; it panics on error.
func MustMoney(s string) Money {
	m, err := ParseMoney(s)
	if err != nil {
		panic(err)
	}
	return m
}

// parseDecimal parses an optionally signed decimal number with an
// optional fraction; commas are ignored. Exponents are refused.
func parseDecimal(s string) (*big.Rat, error) {
	s = strings.ReplaceAll(s, ",", "")
	if s == "" {
		return nil, fmt.Errorf("empty number")
	}
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 || body == "" || body == "." {
		return nil, fmt.Errorf("not a decimal number")
	}
	dot := false
	for _, c := range body {
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot:
			dot = true
		default:
			return nil, fmt.Errorf("not a decimal number")
		}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("not a decimal number")
	}
	return r, nil
}

// Add returns m + n.
func (m Money) Add(n Money) Money { return moneyOf(new(big.Rat).Add(m.rat(), n.rat())) }

// Sub returns m − n.
func (m Money) Sub(n Money) Money { return moneyOf(new(big.Rat).Sub(m.rat(), n.rat())) }

// Mul returns m × f exactly.
func (m Money) Mul(f *big.Rat) Money { return moneyOf(new(big.Rat).Mul(m.rat(), f)) }

// Cmp compares m and n: -1, 0 or +1.
func (m Money) Cmp(n Money) int { return m.rat().Cmp(n.rat()) }

// Sign returns -1, 0 or +1.
func (m Money) Sign() int { return m.rat().Sign() }

// IsZero reports whether m is exactly £0.
func (m Money) IsZero() bool { return m.Sign() == 0 }

// Rat returns a copy of the exact value.
func (m Money) Rat() *big.Rat { return new(big.Rat).Set(m.rat()) }

// Pence returns m rounded to a whole number of pence, half away from
// zero (£0.005 → 1p, −£0.005 → −1p). This is the only rounding rule.
func (m Money) Pence() int64 {
	p := new(big.Rat).Mul(m.rat(), big.NewRat(100, 1))
	return roundHalfAway(p).Int64()
}

// roundHalfAway rounds r to the nearest integer, halves away from zero.
func roundHalfAway(r *big.Rat) *big.Int {
	num := new(big.Int).Abs(r.Num())
	den := r.Denom()
	// floor((2|n| + d) / 2d)
	q := new(big.Int).Mul(num, big.NewInt(2))
	q.Add(q, den)
	q.Quo(q, new(big.Int).Mul(den, big.NewInt(2)))
	if r.Sign() < 0 {
		q.Neg(q)
	}
	return q
}

// Rounded returns m rounded to pence (see Pence) as a Money.
func (m Money) Rounded() Money { return moneyOf(big.NewRat(m.Pence(), 100)) }

// String formats m rounded to pence as a plain decimal: "46480.28", "-3.10".
func (m Money) String() string { return formatPence(m.Pence(), false) }

// Display formats m rounded to pence with a pound sign and thousands
// separators: "£46,480.28", "-£3.10".
func (m Money) Display() string { return formatPence(m.Pence(), true) }

func formatPence(p int64, display bool) string {
	neg := p < 0
	if neg {
		p = -p
	}
	whole := fmt.Sprintf("%d", p/100)
	if display {
		whole = groupThousands(whole)
	}
	s := fmt.Sprintf("%s.%02d", whole, p%100)
	if display {
		s = "£" + s
	}
	if neg {
		s = "-" + s
	}
	return s
}

func groupThousands(s string) string {
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// MarshalText writes the amount rounded to pence, e.g. "46480.28".
func (m Money) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads a decimal amount of pounds.
func (m *Money) UnmarshalText(b []byte) error {
	v, err := ParseMoney(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Sum returns the exact sum of amounts.
func Sum(ms ...Money) Money {
	t := new(big.Rat)
	for _, m := range ms {
		t.Add(t, m.rat())
	}
	return moneyOf(t)
}

// formatRat formats a non-negative or negative rational with at most
// places decimals, rounded half away from zero, trimming trailing zeros
// after the point (but keeping at least min places).
func formatRat(r *big.Rat, places, min int) string {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	v := roundHalfAway(new(big.Rat).Mul(r, new(big.Rat).SetInt(scale)))
	neg := v.Sign() < 0
	v.Abs(v)
	s := v.String()
	for len(s) <= places {
		s = "0" + s
	}
	intPart, frac := s[:len(s)-places], s[len(s)-places:]
	for len(frac) > min && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	out := intPart
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}
