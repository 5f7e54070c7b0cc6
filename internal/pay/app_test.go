package pay

import (
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rotaguard/rotaguard/internal/roster"
)

func moneys(ss ...string) []Money {
	out := make([]Money, len(ss))
	for i, s := range ss {
		out[i] = MustMoney(s)
	}
	return out
}

func TestDistributionBy(t *testing.T) {
	tests := []struct {
		name   string
		diffs  []Money
		groups []string
		order  []string
		width  string
		// want: bucket froms, then per group name its counts
		froms []string
		want  map[string][]int
		names []string
	}{
		{
			name:   "two groups on shared buckets, edges exact",
			diffs:  moneys("-1000", "-0.01", "0", "999.99", "1000", "2500"),
			groups: []string{"ST4", "FY1", "FY1", "ST4", "FY1", "ST4"},
			order:  []string{"FY1", "FY2", "ST4"},
			width:  "1000",
			froms:  []string{"-1000.00", "0.00", "1000.00", "2000.00"},
			want:   map[string][]int{"FY1": {1, 1, 1, 0}, "ST4": {1, 1, 0, 1}},
			names:  []string{"FY1", "ST4"},
		},
		{
			name:   "a group far from the others starts at its own offset",
			diffs:  moneys("-5000", "-4999", "3000"),
			groups: []string{"Surgery", "Anaesthetics", "Surgery"},
			width:  "2000",
			froms:  []string{"-6000.00", "-4000.00", "-2000.00", "0.00", "2000.00"},
			want:   map[string][]int{"Anaesthetics": {1, 0, 0, 0, 0}, "Surgery": {1, 0, 0, 0, 1}},
			names:  []string{"Anaesthetics", "Surgery"},
		},
		{
			name:   "unordered names follow the ordered ones alphabetically",
			diffs:  moneys("1", "2", "3"),
			groups: []string{"b", "a", "z"},
			order:  []string{"z"},
			width:  "10",
			froms:  []string{"0.00"},
			want:   map[string][]int{"z": {1}, "a": {1}, "b": {1}},
			names:  []string{"z", "a", "b"},
		},
		{
			name:  "no doctors",
			width: "1000",
			want:  map[string][]int{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gd, err := DistributionBy(tt.diffs, tt.groups, tt.order, MustMoney(tt.width))
			if err != nil {
				t.Fatal(err)
			}
			var froms []string
			total := 0
			for _, b := range gd.Summary.Buckets {
				froms = append(froms, b.From.String())
				total += b.Doctors
			}
			if diff := cmp.Diff(tt.froms, froms); diff != "" {
				t.Errorf("bucket starts (-want +got):\n%s", diff)
			}
			if total != len(tt.diffs) || gd.Summary.Doctors != len(tt.diffs) {
				t.Errorf("buckets hold %d doctors, summary %d, want %d", total, gd.Summary.Doctors, len(tt.diffs))
			}
			got := map[string][]int{}
			var names []string
			for _, g := range gd.Groups {
				got[g.Name] = g.Counts
				names = append(names, g.Name)
				n := 0
				for _, c := range g.Counts {
					n += c
				}
				if n != g.Summary.Doctors {
					t.Errorf("group %s: counts add to %d, summary says %d", g.Name, n, g.Summary.Doctors)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("group counts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.names, names); diff != "" {
				t.Errorf("group order (-want +got):\n%s", diff)
			}
			// Every bucket's group counts add up to the bucket.
			for i, b := range gd.Summary.Buckets {
				n := 0
				for _, g := range gd.Groups {
					n += g.Counts[i]
				}
				if n != b.Doctors {
					t.Errorf("bucket %s: groups add to %d, bucket has %d", b.From, n, b.Doctors)
				}
			}
		})
	}
	if _, err := DistributionBy(moneys("1"), nil, nil, MustMoney("1")); err == nil {
		t.Error("mismatched groups: no error")
	}
	if _, err := DistributionBy(moneys("1"), []string{"a"}, nil, MustMoney("0")); err == nil {
		t.Error("zero width: no error")
	}
}

func TestNegotiated(t *testing.T) {
	ts := Builtin()
	d := roster.Date{Year: 2026, Month: 9, Day: 1}
	base, err := ts.At(d)
	if err != nil {
		t.Fatal(err)
	}
	from := roster.Date{Year: 2027, Month: 1, Day: 1}
	neg, err := Negotiated(base, "negotiated", from, big.NewRat(5, 1))
	if err != nil {
		t.Fatal(err)
	}
	// The base table is untouched and the new one is raised by 5%, to the penny.
	np1, _ := base.NodalPoint(1)
	got, _ := neg.NodalPoint(1)
	if want := np1.Mul(big.NewRat(105, 100)).Rounded(); got.Cmp(want) != 0 {
		t.Errorf("NP1 = %s, want %s", got, want)
	}
	if np1again, _ := base.NodalPoint(1); np1again.Cmp(np1) != 0 {
		t.Errorf("base NP1 changed to %s", np1again)
	}
	if got, want := neg.ND2002.Scales["StR"][3], base.ND2002.Scales["StR"][3].Mul(big.NewRat(105, 100)).Rounded(); got.Cmp(want) != 0 {
		t.Errorf("StR point 3 = %s, want %s", got, want)
	}
	if got, want := neg.ND2002.Bands["1A"].rat(), base.ND2002.Bands["1A"].rat(); got.Cmp(want) != 0 {
		t.Errorf("band 1A changed: %s, want %s", got.FloatString(2), want.FloatString(2))
	}
	// Used as a scenario's tables: in force from its date, not before.
	all, err := ts.With(neg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		day  roster.Date
		want string
	}{{from.AddDays(-1), base.Version}, {from, "negotiated"}} {
		tab, err := all.At(tc.day)
		if err != nil {
			t.Fatal(err)
		}
		if tab.Version != tc.want {
			t.Errorf("table on %s = %s, want %s", tc.day, tab.Version, tc.want)
		}
	}
	// A doctor's pay under the uplift: basic is 5% more.
	in := Input{Doctor: "x", Grade: roster.FY1, Measures: Measures{Weeks: 8, ShiftMinutes: 8 * 40 * 60, EnhancedMinutes: new(big.Rat)}}
	a, err := Calculate(all, from.AddDays(-1), roster.TCS2016, in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Calculate(all, from, roster.TCS2016, in)
	if err != nil {
		t.Fatal(err)
	}
	if want := a.Total.Mul(big.NewRat(105, 100)).Rounded(); b.Total.Cmp(want) != 0 {
		t.Errorf("basic after the uplift = %s, want %s", b.Total, want)
	}
	for _, bad := range []struct {
		version string
		from    roster.Date
		pct     *big.Rat
	}{{"", from, big.NewRat(1, 1)}, {"v", roster.Date{}, big.NewRat(1, 1)}, {"v", from, nil}, {"v", from, big.NewRat(101, 1)}, {"v", from, big.NewRat(-51, 1)}} {
		if _, err := Negotiated(base, bad.version, bad.from, bad.pct); err == nil {
			t.Errorf("Negotiated(%q, %s, %v): no error", bad.version, bad.from, bad.pct)
		}
	}
}
