package pay

import (
	"testing"

	"github.com/rotaguard/rotaguard/internal/roster"
)

func TestCompare(t *testing.T) {
	// Example 2's doctor on 2026/27 tables, against StR point 3 band 1A.
	in := Input{Doctor: "ex2", Grade: roster.ST4, ScalePoint: 3, Band: "1A", Measures: hoursMeasures(15, 48*60, 0, 576, 5, 0)}
	c, err := Compare(Builtin(), date("2026-04-01"), in)
	if err != nil {
		t.Fatal(err)
	}
	// 2016: 67325 × (1 + 8/40 + 0.37×9.6/40 + 0.075) = 91817.835 → 91817.84 (1.2750 + 0.0888 = 1.3638)
	if c.TCS2016.Total.String() != "91817.84" || c.ND2002.Total.String() != "81181.50" {
		t.Errorf("2016 %s, 2002 %s", c.TCS2016.Total, c.ND2002.Total)
	}
	if c.Difference.String() != "10636.34" {
		t.Errorf("difference %s, want 10636.34", c.Difference)
	}
}

func TestDistribution(t *testing.T) {
	var ds []Money
	for _, s := range []string{"-1500", "-999.99", "0", "250", "1000", "1000.01", "2999.99"} {
		ds = append(ds, MustMoney(s))
	}
	s, err := Distribution(ds, MustMoney("1000"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Gain != 4 || s.Lose != 2 || s.Same != 1 || s.Median.String() != "250.00" || s.Min.String() != "-1500.00" || s.Max.String() != "2999.99" {
		t.Errorf("summary %+v", s)
	}
	if s.Total.String() != "2750.01" {
		t.Errorf("total %s", s.Total)
	}
	// Buckets [-2000,-1000) [-1000,0) [0,1000) [1000,2000) [2000,3000).
	want := []struct {
		from string
		n    int
	}{{"-2000.00", 1}, {"-1000.00", 1}, {"0.00", 2}, {"1000.00", 2}, {"2000.00", 1}}
	if len(s.Buckets) != len(want) {
		t.Fatalf("buckets %+v", s.Buckets)
	}
	for i, w := range want {
		if s.Buckets[i].From.String() != w.from || s.Buckets[i].Doctors != w.n {
			t.Errorf("bucket %d = %s %d, want %s %d", i, s.Buckets[i].From, s.Buckets[i].Doctors, w.from, w.n)
		}
	}
	s, _ = Distribution(ds[:2], MustMoney("1000"))
	if s.Median.String() != "-1250.00" {
		t.Errorf("even median %s", s.Median)
	}
	if _, err := Distribution(ds, Money{}); err == nil {
		t.Error("zero width accepted")
	}
}
