package pay

import (
	"strings"
	"testing"
)

func TestBuiltinTables(t *testing.T) {
	ts, err := loadBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	vs := ts.Versions()
	if len(vs) != 8 {
		t.Fatalf("%d table versions, want 8", len(vs))
	}
	for i, v := range vs {
		if i > 0 && !vs[i-1].EffectiveFrom.Before(v.EffectiveFrom) {
			t.Errorf("versions out of order at %s", v.Version)
		}
		if v.Source == "" {
			t.Errorf("%s: no source", v.Version)
		}
		// The weekend table is the 2016 original in every year (Q2).
		if len(v.TCS2016.Weekend) != 7 || v.TCS2016.Weekend[0].Percent.rat().RatString() != "10" {
			t.Errorf("%s: weekend table %v", v.Version, v.TCS2016.Weekend)
		}
	}
	if vs[len(vs)-1].ND2002 == nil {
		t.Error("2026/27 has no 2002 scale")
	}
	for _, v := range vs[:len(vs)-1] {
		if v.ND2002 != nil {
			t.Errorf("%s has a 2002 scale the spec does not give", v.Version)
		}
	}
}

func TestParseTableErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"unknown field", `{"version":"x","effective_from":"2027-04-01","tcs2016":{},"bogus":1}`, []string{`x.json: pay table: json: unknown field "bogus"`}},
		{"not a number", `{"version":"x","effective_from":"2027-04-01","tcs2016":{"nodal_points":{"1":"lots"}}}`, []string{`x.json: pay table:`, `"lots"`}},
		{"missing parts", `{"tcs2016":{"nodal_points":{"6":"1"},"weekend":[{"one_in":3,"percent":"7.5"},{"one_in":2,"percent":"10"}]}}`,
			[]string{"x.json: version: a pay table needs a version name", "x.json: effective_from:", `nodal point "6" must be 1 to 5`, "hours_per_year", "most frequent first"}},
	}
	for _, tt := range tests {
		_, err := ParseTable([]byte(tt.in), "x.json")
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tt.name, err, w)
			}
		}
	}
}

func FuzzParseTable(f *testing.F) {
	b, err := tableFiles.ReadFile("tables/2026-04.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"version":"x","effective_from":"2027-04-01","tcs2016":{"nodal_points":{"1":"1"},"hours_per_year":"1"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := ParseTable(b, "f.json")
		if err != nil {
			return
		}
		// A valid table prices a full-time doctor at every nodal point it has without error.
		ts, err := NewTables(tb)
		if err != nil {
			t.Fatal(err)
		}
		for k := range tb.TCS2016.NodalPoints {
			np := int(k[0] - '0')
			if _, err := Calculate(ts, tb.EffectiveFrom, "tcs2016", Input{NodalPoint: np, Measures: Measures{Weeks: 1, ShiftMinutes: 48 * 60, Weekends: 1, OnCallPeriods: 1}}); err != nil {
				t.Fatalf("nodal point %s: %v", k, err)
			}
		}
	})
}
