package rules

import (
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// TestSpecRuleIDs checks that every rule id in the specification (a copy
// is in testdata) exists in a built-in rule set.
func TestSpecRuleIDs(t *testing.T) {
	spec, err := os.ReadFile("testdata/contract-rules.md")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, rs := range RuleSets() {
		for _, r := range rs.Rules {
			have[r.ID] = true
		}
	}
	notRules := map[string]bool{"ND-TABLE": true, "TCS2016-ONCALL": true, "WTR-NIGHT": true}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?:^|[^A-Z-])((?:TCS2016|WTR|ND)-[A-Z0-9][A-Z0-9-]*[A-Z0-9])`).FindAllStringSubmatch(string(spec), -1) {
		ids[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`\*\*(ONCALL-[A-Z0-9-]+)\*\*`).FindAllStringSubmatch(string(spec), -1) {
		ids["TCS2016-"+m[1]] = true
	}
	if len(ids) < 30 {
		t.Fatalf("found only %d ids in the spec", len(ids))
	}
	for id := range ids {
		if !notRules[id] && !have[id] {
			t.Errorf("spec rule %s is in no rule set", id)
		}
	}
	if !have["ND-BANDING"] {
		t.Error("the banding procedure is not in the New Deal rule set")
	}
	// Both TCS versions hold the same rule ids.
	a, _ := Lookup("tcs2016", "2016-08")
	b, _ := Lookup("tcs2016", "2019-08")
	if len(a.Rules) != len(b.Rules) {
		t.Errorf("2016 and 2019 versions differ in rules: %d vs %d", len(a.Rules), len(b.Rules))
	}
}

func TestLookup(t *testing.T) {
	tests := []struct{ id, version, want string }{
		{"tcs2016", "", "tcs2016@2019-08"},
		{"tcs2016", "2016-08", "tcs2016@2016-08"},
		{"newdeal2002", "", "newdeal2002@2002"},
		{"wtr", "", "wtr@1998"},
		{"tcs2016", "2030-01", ""},
		{"nope", "", ""},
	}
	for _, tt := range tests {
		rs, err := Lookup(tt.id, tt.version)
		if tt.want == "" {
			if err == nil || !roster.IsCode(err, roster.NotFound) {
				t.Errorf("Lookup(%s, %s) = %v, %v; want not found", tt.id, tt.version, rs, err)
			}
			continue
		}
		if err != nil || rs.Key() != tt.want {
			t.Errorf("Lookup(%s, %s) = %v, %v; want %s", tt.id, tt.version, rs, err, tt.want)
		}
	}
	if got := DefaultRuleSets(Profile{Contract: roster.ConsultantC}); len(got) != 1 || got[0].ID != "wtr" {
		t.Errorf("consultant rule sets %v", got)
	}
}

// DefaultRuleSets picks the sets by contract and version, from any
// goroutine, and without allocating once a pair has been seen.
func TestDefaultRuleSets(t *testing.T) {
	tests := []struct {
		p    Profile
		want string
	}{
		{Profile{Contract: roster.TCS2016}, "tcs2016@2019-08 wtr@1998"},
		{Profile{Contract: roster.TCS2016, TCSVersion: "2016-08"}, "tcs2016@2016-08 wtr@1998"},
		{Profile{Contract: roster.TCS2016, TCSVersion: "2019-08"}, "tcs2016@2019-08 wtr@1998"},
		{Profile{Contract: roster.TCS2016, TCSVersion: "1999-01"}, "tcs2016@2019-08 wtr@1998"},
		{Profile{Contract: roster.NewDeal2002}, "newdeal2002@2002 wtr@1998"},
		{Profile{Contract: roster.NewDeal2002, TCSVersion: "2016-08"}, "newdeal2002@2002 wtr@1998"},
		{Profile{Contract: roster.ConsultantC}, "wtr@1998"},
	}
	keys := func(sets []*RuleSet) string {
		var k []string
		for _, rs := range sets {
			k = append(k, rs.Key())
		}
		return strings.Join(k, " ")
	}
	done := make(chan bool)
	for range 4 {
		go func() {
			for i := range 200 {
				tt := tests[i%len(tests)]
				if got := keys(DefaultRuleSets(tt.p)); got != tt.want {
					t.Errorf("DefaultRuleSets(%s, %q) = %s, want %s", tt.p.Contract, tt.p.TCSVersion, got, tt.want)
				}
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(10, func() { DefaultRuleSets(tt.p) }); n != 0 {
			t.Errorf("DefaultRuleSets(%s, %q): %v allocations", tt.p.Contract, tt.p.TCSVersion, n)
		}
	}
}

func TestParseRuleSetErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"id":"x","version":"1","rules":[{"id":"A","check":"nonsense"}]}`, `unknown check "nonsense"`},
		{`{"id":"x","version":"1","rules":[{"id":"A","check":"window_max","limit_minutes":10}]}`, "needs a window"},
		{`{"id":"x","version":"1","rules":[{"id":"A","check":"shift_max","limit_minutes":10},{"id":"A","check":"shift_max","limit_minutes":10}]}`, "repeated"},
		{`{"id":"x","version":"1","surprise":1}`, "unknown field"},
		{`{"id":"x","version":"1","definitions":{"night_from":"25:00"}}`, "not a time of day"},
		{`{"id":"x","version":"1","definitions":{"weekend_from":"Caturday 00:01"}}`, "not a time in the week"},
	}
	for _, tt := range tests {
		_, err := ParseRuleSet(strings.NewReader(tt.in), "x.json")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "x.json") {
			t.Errorf("ParseRuleSet(%s) = %v, want %q", tt.in, err, tt.want)
		}
	}
}

// A changed contract is a new file: a stricter 72 h rule, no new code.
func TestRuleSetAsData(t *testing.T) {
	js := `{"id":"local","version":"2027-01","definitions":{"elapsed_time":true,"warn_fraction":0},
	 "rules":[{"id":"LOCAL-60IN168","check":"window_max","title":"t","limit_minutes":3600,"window_minutes":10080}]}`
	rs, err := ParseRuleSet(strings.NewReader(js), "local.json")
	if err != nil {
		t.Fatal(err)
	}
	ps := daily(roster.Work, "2026-03-02", 5, "08:00", "20:00") // 60 h
	if r := Check(tcs19, ps, rs); len(r.Violations) != 0 {
		t.Errorf("60 h: %s", dump(r))
	}
	ps[4].End = ps[4].End.Add(time.Minute)
	if r := Check(tcs19, ps, rs); count(r, "LOCAL-60IN168", Violation) != 1 || len(r.Violations) != 1 {
		t.Errorf("60 h 1 min: %s", dump(r))
	}
}

// The switchable definitions: wall-clock lengths (C-1) and an inclusive
// long-shift threshold (DEF-LONG), each a data change.
func TestSwitchableDefinitions(t *testing.T) {
	parse := func(js string) *RuleSet {
		rs, err := ParseRuleSet(strings.NewReader(js), "x.json")
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	wall := parse(`{"id":"x","version":"wall","definitions":{"elapsed_time":false},
	 "rules":[{"id":"X-13","check":"shift_max","limit_minutes":780,"warn_fraction":0}]}`)
	elapsed := parse(`{"id":"x","version":"elapsed","definitions":{"elapsed_time":true},
	 "rules":[{"id":"X-13","check":"shift_max","limit_minutes":780,"warn_fraction":0}]}`)
	march := one(w("2026-03-28T20:00", "2026-03-29T10:00")) // 14 h on the wall clock, 13 h elapsed
	if n := count(Check(tcs19, march, elapsed), "X-13", Violation); n != 0 {
		t.Errorf("elapsed: %d", n)
	}
	if n := count(Check(tcs19, march, wall), "X-13", Violation); n != 1 {
		t.Errorf("wall clock: %d", n)
	}
	incl := parse(`{"id":"x","version":"incl","definitions":{"elapsed_time":true,"long_shift_minutes":600,"long_shift_inclusive":true},
	 "rules":[{"id":"X-LONG","check":"run_max","of":"long","max_count":5}]}`)
	six := daily(roster.Work, "2026-03-02", 6, "08:00", "18:00") // 6 × 10 h 00
	if n := count(Check(tcs19, six, incl), "X-LONG", Violation); n != 1 {
		t.Errorf("inclusive: %d", n)
	}
	work := parse(`{"id":"x","version":"work","definitions":{"elapsed_time":true},
	 "rules":[{"id":"X-RUN","check":"run_max","of":"work","max_count":7}]}`)
	mixed := cat(daily(roster.Work, "2026-03-02", 5, "08:00", "17:00"), daily(roster.OnCall, "2026-03-07", 3, "09:00", "21:00"))
	if n := count(Check(tcs19, mixed, work), "X-RUN", Violation); n != 0 {
		t.Errorf("on-call counted as work: %d", n)
	}
}

func TestMessages(t *testing.T) {
	ps := cat(daily(roster.Work, "2026-03-02", 5, "08:00", "21:00"), one(w("2026-03-07T08:00", "2026-03-07T15:30")))
	r := Check(tcs19, ps)
	var f *Finding
	for i := range r.Violations {
		if r.Violations[i].Rule == "TCS2016-MAX72IN168" {
			f = &r.Violations[i]
		}
	}
	if f == nil {
		t.Fatalf("no 72 h finding: %s", dump(r))
	}
	want := "72 h 30 min worked in the 168 h from Mon 2 Mar 2026 08:00; the limit is 72 h."
	if f.Message != want {
		t.Errorf("message %q\nwant    %q", f.Message, want)
	}
	if f.Measured != 72.5 || f.Limit != 72 || f.Unit != "h" || f.RuleSet != "tcs2016@2019-08" || f.Severity != Violation || f.Fine != "FINE-2" {
		t.Errorf("finding %+v", f)
	}
	if !f.From.Equal(at("2026-03-02T08:00")) || !f.To.Equal(at("2026-03-09T08:00")) {
		t.Errorf("window %v–%v", f.From, f.To)
	}
}

// A Checker's messages share buffers between checks: the messages of a
// Report must stay as they were after later checks, including checks
// whose messages fill several buffers and cycle checks that drop
// findings outside the cycle.
func TestMessagesKeptAfterLaterChecks(t *testing.T) {
	c := NewChecker()
	messages := func(r Report) []string {
		var out []string
		for _, f := range append(slices.Clone(r.Violations), r.Warnings...) {
			out = append(out, f.Rule, f.Message) // the Message itself, not a copy
		}
		return out
	}
	var kept [][]string
	var inputs [][]Period
	var profs []Profile
	for i := range 400 {
		ps, p := benchDoctor(i, nil)
		if i%3 == 0 {
			p.CycleWeeks = 8
			ps = ps[:len(ps)*8/52]
		}
		kept = append(kept, messages(c.Check(p, ps, RuleSets()...)))
		inputs, profs = append(inputs, ps), append(profs, p)
	}
	total := 0
	for i := range inputs {
		want := messages(Check(profs[i], inputs[i], RuleSets()...))
		total += len(want)
		if !slices.Equal(kept[i], want) {
			t.Fatalf("doctor %d: messages changed after later checks:\n%q\nwant\n%q", i, kept[i], want)
		}
	}
	if total < 400*5 {
		t.Errorf("only %d findings: the test needs many to fill several buffers", total)
	}
}

// A rule two built-in sets share is measured once per check and its
// findings repeated under the second set's key: the report must be what
// checking against each set alone gives, put together — also when a copy
// of a set changes its definitions, and for cycles and on-call rotas.
func TestSharedRulesSameAsSeparateChecks(t *testing.T) {
	tcs16, _ := Lookup("tcs2016", "2016-08")
	tcs19s, _ := Lookup("tcs2016", "2019-08")
	wtr, _ := Lookup("wtr", "")
	changed := *tcs19s
	changed.Version = "changed"
	changed.key = ""
	changed.Definitions.NightFrom, changed.Definitions.NightMinMinutes = 22*60, 60
	changed.Definitions.WeekendFrom = 6*1440 + 20*60 // Sunday 20:00
	changed.Definitions.WarnFraction = 0.2
	// Two sets sharing a weekend rule (marked by hand: the built-in sets
	// have none) around a third with another weekend: the weekends worked
	// must be the shared rule's own again.
	var weekendRule Rule
	for _, r := range tcs19s.Rules {
		if r.Check == "weekend_freq" {
			weekendRule = r
		}
	}
	weekendRule.shared = 1 << 20
	wa := &RuleSet{ID: "wa", Version: "1", Definitions: tcs19s.Definitions, Rules: []Rule{weekendRule}}
	wb := &RuleSet{ID: "wb", Version: "1", Definitions: changed.Definitions, Rules: []Rule{weekendRule}}
	wa2 := &RuleSet{ID: "wa", Version: "2", Definitions: tcs19s.Definitions, Rules: []Rule{weekendRule}}
	shared := 0
	for _, r := range tcs16.Rules {
		if r.shared > 0 {
			shared++
		}
	}
	if shared < 5 {
		t.Fatalf("only %d rules of %s are marked as shared", shared, tcs16.Key())
	}
	strip := func(fs []Finding) []Finding {
		return slices.Clone(fs)
	}
	for i := range 60 {
		ps, p := benchDoctor(i, nil)
		if i%4 == 3 {
			p.CycleWeeks = 8
			ps = ps[:len(ps)*8/52]
		}
		for _, sets := range [][]*RuleSet{{tcs16, tcs19s}, {tcs19s, wtr, tcs16}, {tcs16, &changed}, {&changed, tcs19s, tcs16}, {wa, wb, wa2}} {
			all := Check(p, ps, sets...)
			var v, w []Finding
			var weekends int
			for _, rs := range sets {
				r := Check(p, ps, rs)
				v, w = append(v, strip(r.Violations)...), append(w, strip(r.Warnings)...)
				weekends = r.Summary.Weekends // every set here has a weekend rule
			}
			if !slices.Equal(all.Violations, v) || !slices.Equal(all.Warnings, w) {
				t.Fatalf("doctor %d, sets %v: %d violations and %d warnings, separately %d and %d:\n%s", i, all.Summary.RuleSets,
					len(all.Violations), len(all.Warnings), len(v), len(w), dump(all))
			}
			if all.Summary.Weekends != weekends {
				t.Errorf("doctor %d, sets %v: %d weekends worked, separately %d", i, all.Summary.RuleSets, all.Summary.Weekends, weekends)
			}
		}
	}
}

func TestCycleWraps(t *testing.T) {
	cyc := func(weeks int) Profile { p := tcs19; p.CycleWeeks = weeks; return p }
	// Sunday evening then Monday morning of the next cycle: 9 h rest.
	ps := one(w("2026-03-02T08:00", "2026-03-02T17:00"), w("2026-03-08T14:00", "2026-03-08T23:00"))
	if n := count(Check(tcs19, ps), "TCS2016-REST11", Violation); n != 0 {
		t.Errorf("plain: %d REST11", n)
	}
	r := Check(cyc(1), ps)
	if n := count(r, "TCS2016-REST11", Violation); n != 1 {
		t.Errorf("cycle: %d REST11, want 1\n%s", n, dump(r))
	}
	// 52 h at the end of week 2 and 26 h at the start of week 1: 78 h wraps.
	ps = cat(daily(roster.Work, "2026-03-02", 2, "08:00", "21:00"), daily(roster.Work, "2026-03-12", 4, "08:00", "21:00"))
	if n := count(Check(tcs19, ps), "TCS2016-MAX72IN168", Violation); n != 0 {
		t.Errorf("plain: %d MAX72", n)
	}
	r = Check(cyc(2), ps)
	if n := count(r, "TCS2016-MAX72IN168", Violation); n != 1 {
		t.Errorf("cycle: %d MAX72, want 1\n%s", n, dump(r))
	}
	for _, f := range r.Violations {
		if f.From.Before(at("2026-03-02T00:00")) || !f.From.Before(at("2026-03-16T00:00")) {
			t.Errorf("finding outside the cycle: %+v", f)
		}
	}
	if r.Summary.Weeks != 2 || r.Summary.Shifts != 6 {
		t.Errorf("summary %+v", r.Summary)
	}
	// A run of nights wrapping round the cycle: Sat, Sun + Mon, Tue, Wed = 5.
	ps = cat(daily(roster.Work, "2026-03-02", 3, "21:00", "08:00"), daily(roster.Work, "2026-03-07", 2, "21:00", "08:00"))
	if n := count(Check(tcs19, ps), "TCS2016-NIGHTS-MAX4", Violation); n != 0 {
		t.Errorf("plain: %d nights", n)
	}
	if n := count(Check(cyc(1), ps), "TCS2016-NIGHTS-MAX4", Violation); n != 1 {
		t.Errorf("cycle: %d nights, want 1", n)
	}
}

func TestBanding(t *testing.T) {
	weeks := func(days []int, from, to string) []Period {
		var ps []Period
		for k := range 4 {
			for _, d := range days {
				date := time.Date(2026, 6, 1+7*k+d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
				ps = append(ps, daily(roster.Work, date, 1, from, to)...)
			}
		}
		return ps
	}
	monFri := []int{0, 1, 2, 3, 4}
	monThu := []int{0, 1, 2, 3}
	ndOpt := with(nd, func(p *Profile) { p.OptOut = true })
	ltft := with(nd, func(p *Profile) { p.LTFT = 0.6 })
	oncallEvery := func(n int) []Period {
		var ps []Period
		for d := 2; d < 28; d += n {
			date := time.Date(2026, 6, 1+d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
			ps = append(ps, daily(roster.OnCall, date, 1, "17:00", "09:00")...)
		}
		return ps
	}
	tests := []struct {
		name    string
		prof    Profile
		ps      []Period
		band    string
		percent int
	}{
		{"office hours", nd, weeks(monFri, "09:00", "17:00"), "", 0},
		{"early starts, 44 h", nd, weeks(monThu, "07:00", "18:00"), "1B", 40},
		{"nights, 44 h", nd, weeks(monThu, "20:00", "07:00"), "1A", 50},
		{"50 h days with opt-out", ndOpt, weeks(monFri, "07:00", "17:00"), "2B", 50},
		{"50 h nights with opt-out", ndOpt, weeks(monFri, "20:00", "06:00"), "2A", 80},
		{"50 h without opt-out breaches WTR", nd, weeks(monFri, "07:00", "17:00"), "3", 100},
		{"60 h breaches New Deal", ndOpt, weeks([]int{0, 1, 2, 3, 4, 5}, "08:00", "18:00"), "3", 100},
		{"on call 1 in 7 from home", nd, cat(weeks(monFri, "09:00", "17:00"), oncallEvery(7)), "1B", 40},
		{"on call 1 in 14 from home", nd, cat(weeks(monFri, "09:00", "17:00"), oncallEvery(14)), "1C", 20},
		{"on call 1 in 5", nd, cat(weeks(monFri, "09:00", "17:00"), oncallEvery(5)), "1A", 50},
		{"LTFT nights", ltft, weeks([]int{0, 1}, "20:00", "08:00"), "FA", 50},
		{"LTFT early starts", ltft, weeks([]int{0, 1, 2}, "07:00", "15:00"), "FB", 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(tt.prof, tt.ps)
			if r.Band == nil {
				t.Fatal("no band")
			}
			if r.Band.Band != tt.band || r.Band.Percent != tt.percent || r.Band.Reason == "" || !r.Band.Approximate {
				t.Errorf("band %+v, want %q %d%%\n%s", *r.Band, tt.band, tt.percent, dump(r))
			}
		})
	}
	if r := Check(tcs19, weeks(monFri, "09:00", "17:00")); r.Band != nil {
		t.Errorf("a 2016-terms doctor got a band: %+v", r.Band)
	}
}

func TestWeekendFrequencyNeedsEnoughWeeks(t *testing.T) {
	ps := one(w("2026-03-07T08:00", "2026-03-07T17:00")) // one Saturday in a one-week rota
	r := Check(tcs19, ps)
	if count(r, "TCS2016-WEEKEND-FREQ", Violation) != 0 || !strings.Contains(strings.Join(r.Summary.NotChecked, " "), "too short") {
		t.Errorf("one week: %s %v", dump(r), r.Summary.NotChecked)
	}
	cyc := tcs19
	cyc.CycleWeeks = 1 // as a repeating one-week pattern it is every weekend
	if count(Check(cyc, ps), "TCS2016-WEEKEND-FREQ", Violation) != 1 {
		t.Error("one-week cycle with a Saturday not a breach")
	}
}

func TestCallOutAsLongAsOnCall(t *testing.T) {
	for _, ps := range [][]Period{
		one(oc("2026-03-02T22:00", "2026-03-03T03:00"), w("2026-03-02T22:00", "2026-03-03T03:00")),
		one(w("2026-03-02T22:00", "2026-03-03T03:00"), oc("2026-03-02T22:00", "2026-03-03T03:00")),
	} {
		if err := ValidatePeriods("", ps); err != nil {
			t.Fatal(err)
		}
		r := Check(tcs19, ps)
		if r.Summary.CallOuts != 1 || r.Summary.Shifts != 0 || r.Summary.WorkHours != 5 {
			t.Errorf("summary %+v", r.Summary)
		}
	}
}

func TestLTFTSameCaps(t *testing.T) {
	// The 2016 terms do not pro-rate limits for less-than-full-time doctors.
	ltft := with(tcs19, func(p *Profile) { p.LTFT = 0.5 })
	ps := daily(roster.Work, "2026-03-02", 1, "08:00", "21:01")
	if count(Check(ltft, ps), "TCS2016-MAX13SHIFT", Violation) != 1 {
		t.Error("LTFT 13 h 1 min shift not a breach")
	}
	ps = daily(roster.Work, "2026-03-02", 1, "08:00", "21:00")
	if count(Check(ltft, ps), "TCS2016-MAX13SHIFT", Violation) != 0 {
		t.Error("LTFT 13 h shift a breach")
	}
}

func TestNotChecked(t *testing.T) {
	r := Check(with(nd, func(p *Profile) { p.NDRota = "partial" }), daily(roster.Work, "2026-03-02", 3, "08:00", "17:00"))
	if full := Check(nd, daily(roster.Work, "2026-03-02", 3, "08:00", "17:00")); strings.Contains(strings.Join(full.Summary.NotChecked, " "), "ND-PARTIAL-REST") {
		t.Error("partial-shift rest listed for a full-shift rota")
	}
	joined := strings.Join(r.Summary.NotChecked, "\n")
	for _, want := range []string{"ND-PARTIAL-REST", "ND-BREAK4: 3 shift(s) have no break_minutes", "ND-MINCONTOFF"} {
		if !strings.Contains(joined, want) {
			t.Errorf("not-checked list lacks %q:\n%s", want, joined)
		}
	}
	if r.Summary.BreaksUnknown != 3 || r.Summary.Shifts != 3 || r.Summary.WorkHours != 27 || r.Summary.Weeks != 1 {
		t.Errorf("summary %+v", r.Summary)
	}
}

// randomRota builds a random rota of weeks weeks from Monday start with
// no overlaps, from a mix of day, long, late, night, on-call and leave.
func randomRota(rng *rand.Rand, start time.Time, weeks int) []Period {
	type pat struct {
		kind   roster.Kind
		h, m   int
		length time.Duration
	}
	pats := []pat{
		{roster.Work, 8, 0, 9 * time.Hour}, {roster.Work, 8, 0, 12*time.Hour + 30*time.Minute},
		{roster.Work, 14, 0, 10*time.Hour + 30*time.Minute}, {roster.Work, 21, 0, 11 * time.Hour},
		{roster.Work, 20, 0, 13 * time.Hour}, {roster.OnCall, 17, 0, 15 * time.Hour},
		{roster.Leave, 0, 0, 24 * time.Hour}, {roster.Work, 9, 0, 5 * time.Hour},
	}
	var ps []Period
	var lastEnd time.Time
	for d := range 7 * weeks {
		if rng.IntN(10) < 3 {
			continue
		}
		p := pats[rng.IntN(len(pats))]
		s := time.Date(start.Year(), start.Month(), start.Day()+d, p.h, p.m, 0, 0, roster.London)
		e := s.Add(p.length)
		if s.Before(lastEnd) {
			continue
		}
		ps = append(ps, Period{Doctor: "d", Start: s.UTC(), End: e.UTC(), Kind: p.kind})
		lastEnd = e
	}
	return ps
}

// Property: moving a whole rota by whole weeks (away from clock changes)
// changes no finding except its dates.
func TestPropertyShiftByWeeks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 150 {
		// Mondays in April–June 2026 (BST) or November 2026–January 2027 (GMT).
		base := time.Date(2026, 4, 6+7*rng.IntN(6), 0, 0, 0, 0, roster.London)
		if i%2 == 1 {
			base = time.Date(2026, 11, 2+7*rng.IntN(4), 0, 0, 0, 0, roster.London)
		}
		weeks := 1 + rng.IntN(6)
		ps := randomRota(rng, base, weeks)
		k := 1 + rng.IntN(5)
		moved := make([]Period, len(ps))
		for j, p := range ps {
			p.Start = p.Start.AddDate(0, 0, 7*k)
			p.End = p.End.AddDate(0, 0, 7*k)
			moved[j] = p
		}
		prof := []Profile{tcs19, tcs16, nd, ndOC}[i%4]
		a, b := Check(prof, ps), Check(prof, moved)
		norm := func(fs []Finding, shift int) []string {
			var out []string
			for _, f := range fs {
				out = append(out, f.Rule+" "+f.From.AddDate(0, 0, 7*shift).Format(time.RFC3339)+" "+
					strings.Join(strings.Fields(fmtFloat(f.Measured)+" "+fmtFloat(f.Limit)), " "))
			}
			slices.Sort(out)
			return out
		}
		if !slices.Equal(norm(a.Violations, k), norm(b.Violations, 0)) || !slices.Equal(norm(a.Warnings, k), norm(b.Warnings, 0)) {
			t.Fatalf("case %d: moving by %d weeks changed findings\nbefore:\n%s\nafter:\n%s", i, k, dump(a), dump(b))
		}
		if (a.Band == nil) != (b.Band == nil) || a.Band != nil && a.Band.Band != b.Band.Band {
			t.Fatalf("case %d: band changed %+v → %+v", i, a.Band, b.Band)
		}
	}
}

func fmtFloat(f float64) string {
	return strings.TrimRight(strings.TrimRight(time.Duration(f*1e9).String(), "s"), "0")
}

// Property: adding a shift inside the rota never removes a breach of a
// maximum-hours rule.
func TestPropertyAddShiftKeepsHoursBreaches(t *testing.T) {
	maxHours := []string{"TCS2016-MAX72IN168", "TCS2016-MAXAVG48", "WTR-AVG48", "ND-MAXACTUAL56", "ND-MAXDUTY",
		"TCS2016-MAX13SHIFT", "ND-MAXCONTDUTY"}
	// (WTR-NIGHT8 is left out: adding a day shift can make a doctor no
	// longer a night worker, which lifts the limit.)
	rng := rand.New(rand.NewPCG(3, 4))
	breaches := func(r Report) map[string]bool {
		m := map[string]bool{}
		for _, f := range r.Violations {
			if slices.Contains(maxHours, f.Rule) {
				m[f.Rule] = true
			}
		}
		return m
	}
	found := 0
	for i := range 200 {
		base := time.Date(2026, 1, 5+7*rng.IntN(40), 0, 0, 0, 0, roster.London)
		ps := randomRota(rng, base, 1+rng.IntN(4))
		if len(ps) == 0 {
			continue
		}
		prof := []Profile{tcs19, nd}[i%2]
		before := breaches(Check(prof, ps))
		found += len(before)
		span := ps[len(ps)-1].Start.Sub(ps[0].Start)
		for range 5 {
			s := ps[0].Start.Add(time.Duration(rng.Int64N(int64(span) + 1))).Truncate(time.Minute)
			add := Period{Doctor: "d", Start: s, End: s.Add(time.Duration(1+rng.IntN(14*60)) * time.Minute), Kind: roster.Work}
			next := append(slices.Clone(ps), add)
			if ValidatePeriods("", next) != nil {
				continue
			}
			after := breaches(Check(prof, next))
			for id := range before {
				if !after[id] {
					t.Fatalf("case %d: adding %s–%s removed %s", i, add.Start, add.End, id)
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("the random rotas breached no maximum-hours rule: the property was not exercised")
	}
}
