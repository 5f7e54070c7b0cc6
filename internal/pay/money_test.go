package pay

import (
	"encoding/json"
	"math/big"
	"testing"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"38830.64", "38830.64", true},
		{"£1,000", "1000.00", true},
		{"-12.5", "-12.50", true},
		{"0.1", "0.10", true},
		{"+3", "3.00", true},
		{"", "", false},
		{"1e3", "", false},
		{"1.2.3", "", false},
		{"--1", "", false},
		{"abc", "", false},
		{".", "", false},
	}
	for _, tt := range tests {
		m, err := ParseMoney(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseMoney(%q) err = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && m.String() != tt.want {
			t.Errorf("ParseMoney(%q) = %s, want %s", tt.in, m, tt.want)
		}
	}
}

// Rounding rule: to the nearest penny, halves away from zero.
func TestRounding(t *testing.T) {
	tests := []struct {
		num, den int64 // pounds as a fraction
		pence    int64
		display  string
	}{
		{5, 1000, 1, "£0.01"},       // £0.005 → 1p
		{-5, 1000, -1, "-£0.01"},    // −£0.005 → −1p
		{4999, 1000000, 0, "£0.00"}, // £0.004999 → 0p
		{1436733680, 1000000, 143673, "£1,436.73"},
		{388306400, 100000, 388306, "£3,883.06"}, // 3883.064
		{1, 3, 33, "£0.33"},
		{2, 3, 67, "£0.67"},
		{4648027608, 100000, 4648028, "£46,480.28"},
		{123456789, 1, 12345678900, "£123,456,789.00"},
	}
	for _, tt := range tests {
		m := moneyOf(big.NewRat(tt.num, tt.den))
		if got := m.Pence(); got != tt.pence {
			t.Errorf("%d/%d: %d pence, want %d", tt.num, tt.den, got, tt.pence)
		}
		if got := m.Display(); got != tt.display {
			t.Errorf("%d/%d: %s, want %s", tt.num, tt.den, got, tt.display)
		}
	}
}

// Element roundings may disagree with the total; the total is the exact
// sum rounded once.
func TestSumRoundedOnce(t *testing.T) {
	third := moneyOf(big.NewRat(1, 3))
	total := Sum(third, third, third)
	if total.String() != "1.00" {
		t.Errorf("1/3 × 3 = %s, want 1.00", total)
	}
	if p := third.Pence() * 3; p != 99 {
		t.Errorf("rounded thirds add to %d pence, want 99", p)
	}
}

func TestMoneyJSON(t *testing.T) {
	b, err := json.Marshal(struct {
		A Money `json:"a"`
	}{moneyOf(big.NewRat(4648027608, 100000))})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"a":"46480.28"}` {
		t.Errorf("JSON %s", b)
	}
	var v struct {
		A Money `json:"a"`
	}
	if err := json.Unmarshal([]byte(`{"a":"12.345"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A.rat().Cmp(big.NewRat(12345, 1000)) != 0 {
		t.Errorf("unmarshal kept %s, want exact 12.345", v.A.rat().FloatString(4))
	}
}

func TestFormatRat(t *testing.T) {
	tests := []struct {
		r         *big.Rat
		places, m int
		want      string
	}{
		{big.NewRat(44, 1), 4, 0, "44"},
		{big.NewRat(96, 10), 4, 0, "9.6"},
		{big.NewRat(133, 3), 4, 0, "44.3333"},
		{big.NewRat(-1, 8), 2, 0, "-0.13"},
		{big.NewRat(18617415, 1000000), 4, 4, "18.6174"},
	}
	for _, tt := range tests {
		if got := formatRat(tt.r, tt.places, tt.m); got != tt.want {
			t.Errorf("formatRat(%s) = %s, want %s", tt.r, got, tt.want)
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1", "-0.005", "£1,234.56", "1e9", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			return
		}
		// Round trip through the two-place form is stable.
		again, err := ParseMoney(m.String())
		if err != nil {
			t.Fatalf("%q → %q does not parse: %v", s, m.String(), err)
		}
		if again.Pence() != m.Pence() {
			t.Fatalf("%q: %d pence then %d", s, m.Pence(), again.Pence())
		}
	})
}
