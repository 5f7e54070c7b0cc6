package pay

import (
	"math/big"
	"slices"
	"sort"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// This file holds small helpers for the web app's pay pages: the
// distribution of gains and losses split by a grouping on common buckets,
// and a negotiated table version made from an existing one.

// GroupCounts is one group's share of a GroupedDistribution.
type GroupCounts struct {
	Name string `json:"name"`
	// Counts has one entry per bucket of the GroupedDistribution.
	Counts  []int   `json:"counts"`
	Summary Summary `json:"summary"`
}

// GroupedDistribution is a distribution of gains and losses (2016 − 2002)
// across doctors, with each group's count in every bucket: the buckets
// are shared, so the groups can be stacked in one chart.
type GroupedDistribution struct {
	Width Money `json:"width"`
	// Summary is over every doctor; its Buckets are the shared buckets.
	Summary Summary       `json:"summary"`
	Groups  []GroupCounts `json:"groups"`
}

// DistributionBy summarises diffs in buckets of the given width, as
// Distribution does, and splits every bucket by groups[i], the group of
// diffs[i]. Groups named in order come first, in that order; the others
// follow alphabetically. Groups with no doctor are left out.
func DistributionBy(diffs []Money, groups []string, order []string, width Money) (GroupedDistribution, error) {
	gd := GroupedDistribution{Width: width, Groups: []GroupCounts{}}
	if len(groups) != len(diffs) {
		return gd, roster.FieldErrorf("groups", "%d groups for %d differences", len(groups), len(diffs))
	}
	all, err := Distribution(diffs, width)
	if err != nil {
		return gd, err
	}
	if all.Buckets == nil {
		all.Buckets = []Bucket{}
	}
	gd.Summary = all
	byGroup := map[string][]Money{}
	for i, g := range groups {
		byGroup[g] = append(byGroup[g], diffs[i])
	}
	names := make([]string, 0, len(byGroup))
	for g := range byGroup {
		names = append(names, g)
	}
	rank := func(n string) int {
		if i := slices.Index(order, n); i >= 0 {
			return i
		}
		return len(order)
	}
	sort.Slice(names, func(i, j int) bool {
		ri, rj := rank(names[i]), rank(names[j])
		if ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		s, err := Distribution(byGroup[n], width)
		if err != nil {
			return gd, err
		}
		gc := GroupCounts{Name: n, Counts: make([]int, len(all.Buckets))}
		// The group's buckets are aligned on the same multiples of width,
		// so the first one sits a whole number of widths after all's.
		off := new(big.Rat).Quo(s.Buckets[0].From.Sub(all.Buckets[0].From).rat(), width.rat())
		k := int(off.Num().Int64())
		for i, b := range s.Buckets {
			gc.Counts[k+i] = b.Doctors
		}
		s.Buckets = nil
		gc.Summary = s
		gd.Groups = append(gd.Groups, gc)
	}
	return gd, nil
}

// Negotiated returns a new pay table version, in force from from: the
// values of base with the 2016 nodal points, the 2016 on-call cash
// allowances, the flexible pay premiums and the 2002 pay scales raised by
// percent (each rounded to the penny) — a pay award or negotiated terms
// entered as one uplift. Percentages (night, weekend, on-call, bands) and
// the LTFT allowance are unchanged.
func Negotiated(base *Table, version string, from roster.Date, percent *big.Rat) (*Table, error) {
	switch {
	case version == "":
		return nil, roster.FieldErrorf("version", "a negotiated table needs a version name")
	case from.IsZero():
		return nil, roster.FieldErrorf("effective_from", "a negotiated table needs the date it takes effect")
	case percent == nil || percent.Cmp(big.NewRat(-50, 1)) < 0 || percent.Cmp(big.NewRat(100, 1)) > 0:
		return nil, roster.FieldErrorf("uplift", "the uplift must be a percentage from -50 to 100")
	}
	f := new(big.Rat).Add(one, new(big.Rat).Quo(percent, hundred))
	up := func(m Money) Money { return m.Mul(f).Rounded() }
	upMap := func(in map[string]Money) map[string]Money {
		if in == nil {
			return nil
		}
		out := make(map[string]Money, len(in))
		for k, v := range in {
			out[k] = up(v)
		}
		return out
	}
	t := *base
	t.Version, t.EffectiveFrom = version, from
	t.Source = "negotiated: " + formatRat(percent, 4, 0) + "% on table " + base.Version
	t.Notes = append(slices.Clone(base.Notes), "Entered in the web app as an uplift of "+formatRat(percent, 4, 0)+"% on "+base.Version+".")
	t.TCS2016.NodalPoints = upMap(base.TCS2016.NodalPoints)
	t.TCS2016.OnCallAllowance = upMap(base.TCS2016.OnCallAllowance)
	t.TCS2016.FPP = upMap(base.TCS2016.FPP)
	t.TCS2016.Weekend = slices.Clone(base.TCS2016.Weekend)
	if base.ND2002 != nil {
		nd := &ND2002Table{Scales: map[string][]Money{}, Bands: map[string]decimal{}}
		for k, pts := range base.ND2002.Scales {
			ps := make([]Money, len(pts))
			for i, p := range pts {
				ps[i] = up(p)
			}
			nd.Scales[k] = ps
		}
		for k, v := range base.ND2002.Bands {
			nd.Bands[k] = v
		}
		t.ND2002 = nd
	}
	if err := t.validate(); err != nil {
		return nil, err
	}
	return &t, nil
}
