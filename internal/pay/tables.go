package pay

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/big"
	"sort"
	"strconv"

	"github.com/rotaguard/rotaguard/internal/roster"
)

//go:embed tables/*.json
var tableFiles embed.FS

// Table is one version of the pay tables: the values in force from
// EffectiveFrom until the next version. A pay award, or negotiated
// terms, is a new Table.
type Table struct {
	Version       string       `json:"version"`
	EffectiveFrom roster.Date  `json:"effective_from"`
	Source        string       `json:"source"`
	Notes         []string     `json:"notes,omitempty"`
	TCS2016       TCS2016Table `json:"tcs2016"`
	// ND2002 is nil when the spec gives no 2002 scale for the year.
	ND2002 *ND2002Table `json:"nd2002,omitempty"`
}

// TCS2016Table holds the 2016-terms values (spec §6).
type TCS2016Table struct {
	// NodalPoints maps "1".."5" to the full-time basic salary.
	NodalPoints map[string]Money `json:"nodal_points"`
	// HoursPerYear is 52.143 × 40, the divisor of the basic hourly rate (DEF-HOURLY).
	HoursPerYear decimal `json:"hours_per_year"`
	// NightEnhancementPercent is the night enhancement (37).
	NightEnhancementPercent decimal `json:"night_enhancement_percent"`
	// OnCallPercent is the availability allowance as a percentage of basic (8).
	OnCallPercent decimal `json:"oncall_percent"`
	// OnCallAllowance, when present, gives the full-time availability
	// allowance in cash by nodal point (as the 2026/27 circular tabulates
	// it); it takes precedence over OnCallPercent.
	OnCallAllowance map[string]Money `json:"oncall_allowance,omitempty"`
	// Weekend lists the weekend allowance bands, most frequent first.
	Weekend []WeekendBand `json:"weekend"`
	// LTFTAllowance is the flat annual allowance for less-than-full-time doctors.
	LTFTAllowance Money `json:"ltft_allowance"`
	// FPP maps a flexible pay premium's name to its full-time annual
	// amount, where the spec gives one.
	FPP map[string]Money `json:"fpp,omitempty"`
}

// WeekendBand: a doctor working at weekends at least 1 in OneIn gets
// Percent of basic salary (the first band that matches, most frequent
// first); less often than the last band gets nothing.
type WeekendBand struct {
	OneIn   int     `json:"one_in"`
	Percent decimal `json:"percent"`
}

// ND2002Table holds the 2002-contract values (spec §4).
type ND2002Table struct {
	// Scales maps a scale name (FY1, FY2, StR) to its incremental points, point 0 first.
	Scales map[string][]Money `json:"scales"`
	// Bands maps a band ("1A", "2B", "3", "FA"...) to its supplement in percent of basic.
	Bands map[string]decimal `json:"bands"`
}

// decimal is an exact decimal number read from a JSON string.
type decimal struct{ r *big.Rat }

func (d *decimal) UnmarshalText(b []byte) error {
	r, err := parseDecimal(string(b))
	if err != nil {
		return fmt.Errorf("%q: %v", b, err)
	}
	d.r = r
	return nil
}

func (d decimal) MarshalText() ([]byte, error) {
	if d.r == nil {
		return []byte("0"), nil
	}
	return []byte(formatRat(d.r, 6, 0)), nil
}

func (d decimal) rat() *big.Rat {
	if d.r == nil {
		return ratZero
	}
	return d.r
}

// percentOf returns p/100 as a rational.
func (d decimal) fraction() *big.Rat { return new(big.Rat).Quo(d.rat(), big.NewRat(100, 1)) }

// Tables is the set of table versions, ordered by effective date.
type Tables struct{ versions []*Table }

// Builtin returns the pay tables embedded in the binary (spec §4, §6).
func Builtin() *Tables {
	t, err := loadBuiltin()
	if err != nil {
		panic(err) // the embedded files are tested
	}
	return t
}

func loadBuiltin() (*Tables, error) {
	var ts []*Table
	err := fs.WalkDir(tableFiles, "tables", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := tableFiles.ReadFile(path)
		if err != nil {
			return err
		}
		t, err := ParseTable(b, path)
		if err != nil {
			return err
		}
		ts = append(ts, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return NewTables(ts...)
}

// ParseTable reads and validates one table version in JSON (the format
// of the files under internal/pay/tables, documented in docs/pay.md).
// file names the source in errors.
func ParseTable(b []byte, file string) (*Table, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var t Table
	if err := dec.Decode(&t); err != nil {
		return nil, &roster.Error{Code: roster.Invalid, File: file, Message: "pay table: " + err.Error()}
	}
	if err := t.validate(); err != nil {
		return nil, fileErr(err, file)
	}
	return &t, nil
}

func fileErr(err error, file string) error {
	var errs []error
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		if re, ok := e.(*roster.Error); ok {
			c := *re
			c.File = file
			errs = append(errs, &c)
			return
		}
		errs = append(errs, e)
	}
	walk(err)
	return joinErrs(errs)
}

func (t *Table) validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, roster.FieldErrorf(field, format, args...))
	}
	if t.Version == "" {
		bad("version", "a pay table needs a version name")
	}
	if t.EffectiveFrom.IsZero() {
		bad("effective_from", "a pay table needs an effective_from date")
	}
	tc := t.TCS2016
	if len(tc.NodalPoints) == 0 {
		bad("tcs2016.nodal_points", "no nodal points")
	}
	for k, v := range tc.NodalPoints {
		if n, err := strconv.Atoi(k); err != nil || n < 1 || n > 5 {
			bad("tcs2016.nodal_points", "nodal point %q must be 1 to 5", k)
		}
		if v.Sign() <= 0 {
			bad("tcs2016.nodal_points", "nodal point %s salary must be positive", k)
		}
	}
	if tc.HoursPerYear.rat().Sign() <= 0 {
		bad("tcs2016.hours_per_year", "must be positive (52.143 × 40 = 2085.72)")
	}
	for i, w := range tc.Weekend {
		if w.OneIn < 1 {
			bad("tcs2016.weekend", "band %d: one_in %d must be at least 1", i+1, w.OneIn)
		}
		if i > 0 && w.OneIn <= tc.Weekend[i-1].OneIn {
			bad("tcs2016.weekend", "band %d: bands must be listed most frequent first (one_in increasing)", i+1)
		}
	}
	if t.ND2002 != nil {
		if len(t.ND2002.Scales) == 0 {
			bad("nd2002.scales", "no scales")
		}
		for name, pts := range t.ND2002.Scales {
			if len(pts) == 0 {
				bad("nd2002.scales", "scale %s has no points", name)
			}
		}
	}
	return joinErrs(errs)
}

// NewTables orders versions by effective date; two versions may not share one.
func NewTables(versions ...*Table) (*Tables, error) {
	vs := append([]*Table(nil), versions...)
	sort.SliceStable(vs, func(i, j int) bool { return vs[i].EffectiveFrom.Before(vs[j].EffectiveFrom) })
	for i := 1; i < len(vs); i++ {
		if vs[i].EffectiveFrom == vs[i-1].EffectiveFrom {
			return nil, roster.Errorf(roster.Conflict, "pay tables %q and %q both take effect on %s", vs[i-1].Version, vs[i].Version, vs[i].EffectiveFrom)
		}
	}
	return &Tables{versions: vs}, nil
}

// With returns a new set with extra versions added (e.g. negotiated terms).
func (ts *Tables) With(extra ...*Table) (*Tables, error) {
	return NewTables(append(append([]*Table(nil), ts.versions...), extra...)...)
}

// Versions returns the versions, oldest first.
func (ts *Tables) Versions() []*Table { return append([]*Table(nil), ts.versions...) }

// At returns the table in force on date d: the latest version whose
// EffectiveFrom is on or before d.
func (ts *Tables) At(d roster.Date) (*Table, error) {
	i := sort.Search(len(ts.versions), func(i int) bool { return ts.versions[i].EffectiveFrom.After(d) })
	if i == 0 {
		first := "none"
		if len(ts.versions) > 0 {
			first = ts.versions[0].EffectiveFrom.String()
		}
		return nil, roster.FieldErrorf("pay_date", "no pay table in force on %s (the earliest takes effect on %s)", d, first)
	}
	return ts.versions[i-1], nil
}

// nextChange returns the first EffectiveFrom strictly after d, or the zero Date.
func (ts *Tables) nextChange(d roster.Date) roster.Date {
	for _, v := range ts.versions {
		if v.EffectiveFrom.After(d) {
			return v.EffectiveFrom
		}
	}
	return roster.Date{}
}

// NodalPoint returns the basic salary at nodal point np.
func (t *Table) NodalPoint(np int) (Money, error) {
	m, ok := t.TCS2016.NodalPoints[strconv.Itoa(np)]
	if !ok {
		return Money{}, roster.FieldErrorf("nodal_point", "pay table %s has no nodal point %d", t.Version, np)
	}
	return m, nil
}

// WeekendPercent returns the weekend allowance band for a full-time
// frequency of k weekends in w weeks (k/w compared exactly), and the
// "1 in n" of the band (0 when no allowance is due).
func (t *Table) WeekendPercent(freq *big.Rat) (decimal, int) {
	for _, b := range t.TCS2016.Weekend {
		// freq >= 1/n  <=>  freq*n >= 1
		if new(big.Rat).Mul(freq, big.NewRat(int64(b.OneIn), 1)).Cmp(big.NewRat(1, 1)) >= 0 {
			return b.Percent, b.OneIn
		}
	}
	return decimal{}, 0
}

// ScaleName returns the 2002 pay scale a grade is paid on: FY1, FY2 or StR.
func ScaleName(g roster.Grade) string {
	switch g {
	case roster.FY1:
		return "FY1"
	case roster.FY2:
		return "FY2"
	}
	return "StR"
}
