package rules

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rotaguard/rotaguard/internal/roster"
)

//go:embed rulesets/*.json
var rulesetFS embed.FS

// RuleSet is one version of one set of contract rules, read from a JSON
// file. A changed contract is a new file with a new version, not new code.
type RuleSet struct {
	ID      string `json:"id"`      // "tcs2016", "newdeal2002" or "wtr"
	Version string `json:"version"` // e.g. "2019-08"
	// Default marks the version used when none is named.
	Default bool   `json:"default"`
	Title   string `json:"title"`
	// Contract is the contract kind the set applies to; "" = every doctor.
	Contract    roster.ContractKind `json:"contract"`
	Definitions Definitions         `json:"definitions"`
	Rules       []Rule              `json:"rules"`
	Banding     *Banding            `json:"banding,omitempty"`

	key string // "id@version", set by ParseRuleSet
}

// Key returns "id@version".
func (rs *RuleSet) Key() string {
	if rs.key == "" {
		return rs.ID + "@" + rs.Version
	}
	return rs.key
}

// Definitions are the terms the rules use (spec section 1).
type Definitions struct {
	// ElapsedTime measures a shift by real elapsed time across clock
	// changes (C-1); false measures it by the wall clock.
	ElapsedTime bool `json:"elapsed_time"`
	// A long shift lasts more than LongShiftMinutes (or at least, when
	// LongShiftInclusive) (DEF-LONG).
	LongShiftMinutes   int64 `json:"long_shift_minutes"`
	LongShiftInclusive bool  `json:"long_shift_inclusive"`
	// A night shift has at least NightMinMinutes inside the daily window
	// NightFrom–NightTo (DEF-NIGHT, DEF-WTR-NIGHT).
	NightFrom       Clock `json:"night_from"`
	NightTo         Clock `json:"night_to"`
	NightMinMinutes int64 `json:"night_min_minutes"`
	// A long late-evening shift is long, starts before LLEStartBefore,
	// ends after LLEEndAfter and is not a night (DEF-LLE).
	LLEStartBefore Clock `json:"lle_start_before"`
	LLEEndAfter    Clock `json:"lle_end_after"`
	// A weekend is worked when any work or on-call falls in
	// [WeekendFrom, WeekendTo) (DEF-WEEKEND-2016), e.g. "Sat 00:01" to "Sun 23:59".
	WeekendFrom WeekClock `json:"weekend_from"`
	WeekendTo   WeekClock `json:"weekend_to"`
	// WarnFraction: a measured value within this fraction of a limit is a
	// warning (0.1 = within 10 %). A rule may override it.
	WarnFraction float64 `json:"warn_fraction"`
	// Low-intensity on-call (ONCALL-LOWINT-WEEKEND): at most this much
	// work and this many episodes on each day.
	LowIntensityMaxWorkMinutes int64 `json:"low_intensity_max_work_minutes"`
	LowIntensityMaxEpisodes    int   `json:"low_intensity_max_episodes"`
}

// Rule is one rule of a set. Check names the engine's check; the other
// fields are its parameters (each check documents which it reads).
type Rule struct {
	ID         string `json:"id"`
	Check      string `json:"check"`
	Title      string `json:"title"`
	Source     string `json:"source,omitempty"`
	Confidence string `json:"confidence,omitempty"` // H, M or L as in the spec
	Fine       string `json:"fine,omitempty"`       // the guardian fine it triggers on actual hours
	// Needs says what input the rule needs that a rota file cannot give;
	// set for checks "needs_input" and "definition".
	Needs string `json:"needs,omitempty"`
	// Compensatory: a shortfall is a warning that equivalent compensatory
	// rest is required (WTR reg 21/24, WTR-COMP), not a breach.
	Compensatory bool `json:"compensatory,omitempty"`
	// WarnFraction overrides the set's; 0 disables warnings for the rule.
	WarnFraction *float64 `json:"warn_fraction,omitempty"`

	Of                   string           `json:"of,omitempty"` // which periods: work, duty, oncall, night, long, lle, shift_or_oncall
	LimitMinutes         int64            `json:"limit_minutes,omitempty"`
	OptOutLimitMinutes   int64            `json:"optout_limit_minutes,omitempty"` // -1: no limit with an opt-out
	LimitByRota          map[string]int64 `json:"limit_by_rota,omitempty"`        // New Deal: full, partial, oncall
	WeekendLimitMinutes  int64            `json:"weekend_limit_minutes,omitempty"`
	WindowMinutes        int64            `json:"window_minutes,omitempty"`
	RefWeeks             int              `json:"ref_weeks,omitempty"`
	RefWeeksNotTraining  int              `json:"ref_weeks_not_training,omitempty"`
	MinMinutes           int64            `json:"min_minutes,omitempty"`
	MinByRota            map[string]int64 `json:"min_by_rota,omitempty"`
	MaxCount             int              `json:"max_count,omitempty"`
	LowIntensityMaxCount int              `json:"low_intensity_max_count,omitempty"`
	RestAfterMinutes     int64            `json:"rest_after_minutes,omitempty"`
	MinRun               int              `json:"min_run,omitempty"`
	MaxOneIn             int              `json:"max_one_in,omitempty"`
	ExceptionMaxOneIn    int              `json:"exception_max_one_in,omitempty"`
	Tiers                []BreakTier      `json:"tiers,omitempty"`

	// shared > 0 numbers a rule that is in more than one built-in set with
	// the same check and parameters (say a rule both versions of the 2016
	// terms have): a Check against both measures it once (see markShared).
	shared     int32
	Fraction   float64        `json:"fraction,omitempty"`
	From       Clock          `json:"from,omitempty"`
	To         Clock          `json:"to,omitempty"`
	DaysByRota map[string]int `json:"days_by_rota,omitempty"`
	Blocks     []int64        `json:"blocks_minutes,omitempty"`
}

// BreakTier: a shift longer than OverMinutes (or a night of at least
// NightAtLeastMinutes) needs at least BreakMinutes of rostered break.
type BreakTier struct {
	OverMinutes         int64 `json:"over_minutes,omitempty"`
	NightAtLeastMinutes int64 `json:"night_at_least_minutes,omitempty"`
	BreakMinutes        int   `json:"break_minutes"`
}

// Banding holds the New Deal banding parameters (spec section 4).
type Banding struct {
	Percent map[string]int `json:"percent"`
	// Work over Band2Minutes a week (average actual work) is band 2.
	Band2Minutes int64 `json:"band2_minutes"`
	// Out-of-hours: any work outside OOHFrom–OOHTo Monday to Friday.
	OOHFrom Clock `json:"ooh_from"`
	OOHTo   Clock `json:"ooh_to"`
	// Unsocial: hours outside UnsocialFrom–UnsocialTo Monday to Friday;
	// more than UnsocialFraction of all hours is "most unsocial".
	UnsocialFrom     Clock   `json:"unsocial_from"`
	UnsocialTo       Clock   `json:"unsocial_to"`
	UnsocialFraction float64 `json:"unsocial_fraction"`
	// Criterion R: resident on duty after ResidentAfter.
	ResidentAfter Clock `json:"resident_after"`
	// On-call frequency thresholds "1 in n" and weekend thresholds.
	OnCallOneInHigh int `json:"oncall_one_in_high"` // 6
	OnCallOneInLow  int `json:"oncall_one_in_low"`  // 8
	WeekendOneIn2A  int `json:"weekend_one_in_2a"`  // 3
	WeekendOneIn1A  int `json:"weekend_one_in_1a"`  // 4
}

// Clock is a time of day in minutes after midnight, written "HH:MM".
type Clock int64

// UnmarshalJSON reads "HH:MM" (00:00 to 24:00).
func (c *Clock) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := parseClock(s)
	*c = Clock(v)
	return err
}

// MarshalJSON writes "HH:MM".
func (c Clock) MarshalJSON() ([]byte, error) {
	return json.Marshal(fmt.Sprintf("%02d:%02d", int64(c)/60, int64(c)%60))
}

func parseClock(s string) (int64, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh*60+mm > 1440 {
		return 0, fmt.Errorf("%q is not a time of day HH:MM", s)
	}
	return int64(hh*60 + mm), nil
}

// WeekClock is a time in the week in minutes after Monday 00:00, written "Sat 00:01".
type WeekClock int64

var weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// UnmarshalJSON reads "Sat 00:01".
func (w *WeekClock) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	day, clock, ok := strings.Cut(strings.TrimSpace(s), " ")
	d := -1
	for i, n := range weekdays {
		if strings.EqualFold(n, day) {
			d = i
		}
	}
	c, err := parseClock(clock)
	if !ok || d < 0 || err != nil {
		return fmt.Errorf("%q is not a time in the week such as \"Sat 00:01\"", s)
	}
	*w = WeekClock(int64(d)*1440 + c)
	return nil
}

// MarshalJSON writes "Sat 00:01".
func (w WeekClock) MarshalJSON() ([]byte, error) {
	d, m := int64(w)/1440, int64(w)%1440
	name := strings.ToUpper(weekdays[d%7][:1]) + weekdays[d%7][1:]
	return json.Marshal(fmt.Sprintf("%s %02d:%02d", name, m/60, m%60))
}

// Checks the engine knows, and whether each measures something from the rota.
var knownChecks = map[string]bool{
	"avg_weekly": true, "window_max": true, "shift_max": true, "rest_between": true,
	"run_max": true, "rest_after_nights": true, "weekend_freq": true, "breaks": true,
	"daily_rest": true, "weekly_rest": true, "night_worker_avg": true,
	"oncall_max_length": true, "oncall_day_after": true, "oncall_rest_total": true,
	"oncall_rest_night": true, "off_blocks": true, "banding": true,
	"definition": false, "needs_input": false,
}

// ParseRuleSet reads and validates one rule set file.
func ParseRuleSet(r io.Reader, file string) (*RuleSet, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var rs RuleSet
	if err := dec.Decode(&rs); err != nil {
		return nil, &roster.Error{Code: roster.Invalid, File: file, Message: err.Error()}
	}
	if err := rs.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	rs.key = rs.ID + "@" + rs.Version
	return &rs, nil
}

func (rs *RuleSet) validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, roster.FieldErrorf(field, format, args...))
	}
	if rs.ID == "" || rs.Version == "" {
		bad("id", "a rule set needs an id and a version")
	}
	d := rs.Definitions
	if d.WarnFraction < 0 || d.WarnFraction >= 1 {
		bad("warn_fraction", "%v must be from 0 to less than 1", d.WarnFraction)
	}
	seen := map[string]bool{}
	for i, r := range rs.Rules {
		f := fmt.Sprintf("rules[%d]", i)
		if r.ID == "" || seen[r.ID] {
			bad(f+".id", "rule id %q is empty or repeated", r.ID)
		}
		seen[r.ID] = true
		if _, ok := knownChecks[r.Check]; !ok {
			bad(f+".check", "unknown check %q for %s", r.Check, r.ID)
		}
		switch r.Check {
		case "avg_weekly", "window_max", "shift_max", "oncall_max_length", "oncall_day_after", "night_worker_avg":
			if r.LimitMinutes <= 0 && len(r.LimitByRota) == 0 {
				bad(f+".limit_minutes", "%s needs a positive limit", r.ID)
			}
		case "run_max":
			if r.MaxCount <= 0 {
				bad(f+".max_count", "%s needs a positive max_count", r.ID)
			}
		case "weekend_freq":
			if r.MaxOneIn <= 0 {
				bad(f+".max_one_in", "%s needs max_one_in", r.ID)
			}
		case "banding":
			if rs.Banding == nil {
				bad("banding", "%s needs the banding table", r.ID)
			}
		}
		if (r.Check == "window_max" || r.Check == "daily_rest") && r.WindowMinutes <= 0 {
			bad(f+".window_minutes", "%s needs a window", r.ID)
		}
		if r.Check == "avg_weekly" && r.RefWeeks <= 0 {
			bad(f+".ref_weeks", "%s needs ref_weeks", r.ID)
		}
	}
	return errors.Join(errs...)
}

var builtin = mustLoadBuiltin()

func mustLoadBuiltin() []*RuleSet {
	entries, err := fs.ReadDir(rulesetFS, "rulesets")
	if err != nil {
		panic(err)
	}
	var out []*RuleSet
	for _, e := range entries {
		b, err := rulesetFS.ReadFile(path.Join("rulesets", e.Name()))
		if err != nil {
			panic(err)
		}
		rs, err := ParseRuleSet(bytes.NewReader(b), e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, rs)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	markShared(out)
	return out
}

// markShared numbers the rules that are the same (everything but the
// title, source and confidence) in more than one of the sets.
func markShared(sets []*RuleSet) {
	sig := func(r Rule) string {
		r.Title, r.Source, r.Confidence = "", "", ""
		b, err := json.Marshal(r)
		if err != nil {
			panic(err)
		}
		return string(b)
	}
	count := map[string]int{}
	for _, rs := range sets {
		for _, r := range rs.Rules {
			count[sig(r)]++
		}
	}
	ids := map[string]int32{}
	for _, rs := range sets {
		for i := range rs.Rules {
			s := sig(rs.Rules[i])
			if count[s] < 2 {
				continue
			}
			if ids[s] == 0 {
				ids[s] = int32(len(ids) + 1)
			}
			rs.Rules[i].shared = ids[s]
		}
	}
}

// RuleSets returns every built-in rule set, sorted by id and version.
func RuleSets() []*RuleSet { return builtin }

// Lookup returns the built-in rule set with the given id and version; an
// empty version gives the default version of the id.
func Lookup(id, version string) (*RuleSet, error) {
	for _, rs := range builtin {
		if rs.ID == id && (rs.Version == version || version == "" && rs.Default) {
			return rs, nil
		}
	}
	var ids []string
	for _, rs := range builtin {
		ids = append(ids, rs.Key())
	}
	return nil, roster.Errorf(roster.NotFound, "no rule set %s@%s (built in: %s)", id, version, strings.Join(ids, ", "))
}

// defaultSets caches DefaultRuleSets by contract and version: an
// immutable list, replaced (under defaultMu) when a new pair is met, so
// that a lookup neither locks nor allocates.
var (
	defaultSets atomic.Pointer[[]defaultEntry]
	defaultMu   sync.Mutex
)

type defaultEntry struct {
	contract roster.ContractKind
	version  string
	sets     []*RuleSet
}

// DefaultRuleSets returns the rule sets that apply to a doctor: the 2016
// terms (the profile's version, default 2019-08) or the New Deal, plus the
// Working Time Regulations for both. Other contracts get the WTR only.
// The slice is shared: do not modify it.
func DefaultRuleSets(p Profile) []*RuleSet {
	if l := defaultSets.Load(); l != nil {
		for i := range *l {
			if e := &(*l)[i]; e.contract == p.Contract && e.version == p.TCSVersion {
				return e.sets
			}
		}
	}
	defaultMu.Lock()
	defer defaultMu.Unlock()
	var list []defaultEntry
	if l := defaultSets.Load(); l != nil {
		list = *l
		for i := range list {
			if e := &list[i]; e.contract == p.Contract && e.version == p.TCSVersion {
				return e.sets
			}
		}
	}
	sets := defaultRuleSets(p)
	if len(list) < 64 { // versions are few; do not grow without bound on odd input
		list = append(slices.Clip(list), defaultEntry{p.Contract, p.TCSVersion, sets})
		defaultSets.Store(&list)
	}
	return sets
}

func defaultRuleSets(p Profile) []*RuleSet {
	var out []*RuleSet
	switch p.Contract {
	case roster.TCS2016:
		rs, err := Lookup("tcs2016", p.TCSVersion)
		if err != nil {
			rs, _ = Lookup("tcs2016", "")
		}
		out = append(out, rs)
	case roster.NewDeal2002:
		rs, _ := Lookup("newdeal2002", "")
		out = append(out, rs)
	}
	wtr, _ := Lookup("wtr", "")
	return append(out, wtr)
}
