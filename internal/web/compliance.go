package web

// Compliance: the contract rules engine (internal/rules) in the app. The
// rota grid marks the shifts of breaches and warnings (rota.go), each
// doctor's page has a compliance section (compliance_doctor.go), an edit
// that would create a new breach is held back until the user confirms it
// (compliance_edit.go), and the department compliance report lists every
// finding over a date range as a page, CSV and JSON (this file).

import (
	"cmp"
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
	"github.com/rotaguard/rotaguard/internal/store"
)

// complianceRoutes registers this capability's pages and API routes.
func (s *Server) complianceRoutes() []route {
	return []route{
		{pattern: "GET /departments/{id}/compliance", h: s.compliancePage},
		{pattern: "GET /departments/{id}/compliance.csv", h: s.complianceCSV},
		{pattern: "GET /api/v1/departments/{id}/compliance", h: s.apiCompliance},
	}
}

const (
	// compBeforeDays and compAfterDays are the days checked before and
	// after the days shown, so that rolling windows that cross the edge of
	// what is shown are judged on the whole of them: the longest is the
	// WTR's 48 h rest in 14 days; 72 h in any 168 h, runs of shifts (at
	// most 8 days) and the rest after a run fit in it. (Four weeks before
	// cost the grid a quarter more rows to read for no rule.)
	compBeforeDays = 14
	compAfterDays  = 14
	// cellMarkMaxDays: findings about a window longer than this (48-hour
	// averages, weekend frequency over the rota) are shown against the
	// doctor, not on every cell of the window.
	cellMarkMaxDays = 28
	// reportMaxDays bounds the report's date range (a 26-week reference
	// period).
	reportMaxDays = 26 * 7
	// reportDefaultDays is the report's range when none is given.
	reportDefaultDays = 28
)

// compWindow is the London days a user looks at, [From, To] inclusive,
// and the wider range of days checked around them.
type compWindow struct {
	From, To           roster.Date
	CheckFrom, CheckTo roster.Date
}

func newCompWindow(from, to roster.Date) compWindow {
	return compWindow{From: from, To: to, CheckFrom: from.AddDays(-compBeforeDays), CheckTo: to.AddDays(compAfterDays)}
}

// shown is the window shown as instants [a, b).
func (w compWindow) shown() (time.Time, time.Time) {
	return dayStart(w.From), dayStart(w.To.AddDays(1))
}

// checked is the window checked as instants [a, b).
func (w compWindow) checked() (time.Time, time.Time) {
	return dayStart(w.CheckFrom), dayStart(w.CheckTo.AddDays(1))
}

// Context says how much is checked around the days shown, for people.
func (w compWindow) Context() string {
	return strconv.Itoa(compBeforeDays/7) + " weeks before and " + strconv.Itoa(compAfterDays/7) + " after"
}

// compChecker checks doctors for one request with one reused
// rules.Checker.
type compChecker struct {
	ck      *rules.Checker
	periods []rules.Period
	as      []roster.Assignment
}

func newCompChecker() *compChecker { return &compChecker{ck: rules.NewChecker()} }

// check checks d's assignments against the rule sets of d's contract.
// The report is valid until the next call.
func (cc *compChecker) check(d roster.Doctor, as []roster.Assignment) rules.Report {
	p := rules.ProfileOf(d)
	cc.periods = rules.AppendAssignments(cc.periods[:0], p.Doctor, as)
	return cc.ck.Check(p, cc.periods)
}

// docCompliance is what one doctor's check found in a window.
type docCompliance struct {
	Doctor     roster.Doctor
	Violations []rules.Finding
	Warnings   []rules.Finding
	Band       *rules.Band
	RuleSets   []string
	NotChecked []string
	// Span is the stretch of days the engine measured (averages are over it).
	SpanFrom, SpanTo time.Time
	SpanWeeks        int
}

// NBreaches and NWarnings are for templates.
func (dc *docCompliance) NBreaches() int { return len(dc.Violations) }

// NWarnings is the number of warnings.
func (dc *docCompliance) NWarnings() int { return len(dc.Warnings) }

// Any reports whether there is any finding.
func (dc *docCompliance) Any() bool { return dc != nil && len(dc.Violations)+len(dc.Warnings) > 0 }

// overlaps reports whether the finding's window [From, To) overlaps
// [a, b); a zero-length window counts if it lies in [a, b).
func overlaps(f *rules.Finding, a, b time.Time) bool {
	if !f.To.After(f.From) {
		return !f.From.Before(a) && f.From.Before(b)
	}
	return f.From.Before(b) && f.To.After(a)
}

// collect copies the findings of rep whose window overlaps [a, b) (rep
// belongs to a reused Checker).
func collect(d roster.Doctor, rep *rules.Report, a, b time.Time) *docCompliance {
	dc := &docCompliance{Doctor: d, RuleSets: slices.Clone(rep.Summary.RuleSets),
		NotChecked: slices.Clone(rep.Summary.NotChecked),
		SpanFrom:   rep.Summary.From, SpanTo: rep.Summary.To, SpanWeeks: rep.Summary.Weeks}
	for i := range rep.Violations {
		if overlaps(&rep.Violations[i], a, b) {
			dc.Violations = append(dc.Violations, rep.Violations[i])
		}
	}
	for i := range rep.Warnings {
		if overlaps(&rep.Warnings[i], a, b) {
			dc.Warnings = append(dc.Warnings, rep.Warnings[i])
		}
	}
	if rep.Band != nil {
		b := *rep.Band
		dc.Band = &b
	}
	return dc
}

// fnum formats a measured value or limit: at most two decimals, no
// trailing zeros.
func fnum(v float64) string {
	return strconv.FormatFloat(float64(int64(v*100+0.5*sign(v)))/100, 'f', -1, 64)
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// localStamp formats an instant as London wall-clock time with its
// offset, as `rotaguard check` does.
func localStamp(t time.Time) string { return t.In(roster.London).Format("2006-01-02T15:04-07:00") }

// findingRow is one row of the compliance report.
type findingRow struct {
	Doctor roster.Doctor
	F      rules.Finding
}

// Breach reports whether the row is a breach (not a warning).
func (r findingRow) Breach() bool { return r.F.Severity == rules.Violation }

// Measured and Limit are the numbers with their unit, for people.
func (r findingRow) Measured() string { return fnum(r.F.Measured) + " " + r.F.Unit }

// Limit is the limit with its unit.
func (r findingRow) Limit() string { return fnum(r.F.Limit) + " " + r.F.Unit }

// When is the window for people.
func (r findingRow) When() string {
	return r.F.From.In(roster.London).Format("Mon 2 Jan 2006 15:04") + " – " + r.F.To.In(roster.London).Format("Mon 2 Jan 2006 15:04")
}

// ruleCount is one line of the report's summary.
type ruleCount struct {
	Rule, RuleSet   string
	Breaches, Warns int
	Doctors         int
	lastDoctor      roster.ID
}

// complianceReport is a department's findings over a range of days.
type complianceReport struct {
	Dept       roster.Department
	Sort       string // doctor (default), rule or time
	W          compWindow
	Doctors    int
	Violations []findingRow
	Warnings   []findingRow
	ByRule     []*ruleCount
	NotChecked []*notCheckedRule
}

// notCheckedRule is a rule the rota could not test for some doctors, with
// the engine's reason for the first of them.
type notCheckedRule struct {
	Rule, Example string
	Doctors       int
}

// parseRange reads from and to (YYYY-MM-DD, inclusive); the default is
// the reportDefaultDays from this week's Monday.
func (s *Server) parseRange(r *http.Request) (roster.Date, roster.Date, error) {
	q := r.URL.Query()
	from := mondayOf(roster.DateOf(s.now().In(roster.London)))
	to := from.AddDays(reportDefaultDays - 1)
	var errs []error
	if v := q.Get("from"); v != "" {
		d, err := roster.ParseDate(v)
		if err != nil || d.IsZero() {
			errs = append(errs, roster.FieldErrorf("from", "%q is not a date of the form YYYY-MM-DD", v))
		} else {
			from = d
			if q.Get("to") == "" {
				to = from.AddDays(reportDefaultDays - 1)
			}
		}
	}
	if v := q.Get("to"); v != "" {
		d, err := roster.ParseDate(v)
		if err != nil || d.IsZero() {
			errs = append(errs, roster.FieldErrorf("to", "%q is not a date of the form YYYY-MM-DD", v))
		} else {
			to = d
		}
	}
	if len(errs) == 0 {
		switch n := from.DaysUntil(to) + 1; {
		case n < 1:
			errs = append(errs, roster.FieldErrorf("to", "%s is before %s", to, from))
		case n > reportMaxDays:
			errs = append(errs, roster.FieldErrorf("to", "the range is %d days; at most %d (26 weeks) at a time", n, reportMaxDays))
		}
	}
	return from, to, joinErrors(errs)
}

// buildReport checks every doctor of the department over [from, to]
// with one query for the assignments and one Checker.
func (s *Server) buildReport(r *http.Request, c *call) (*complianceReport, error) {
	ctx := r.Context()
	dept, err := s.loadDepartment(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := authorize(c.User, auth.ViewRota, deptTarget(dept)); err != nil {
		return nil, err
	}
	from, to, err := s.parseRange(r)
	if err != nil {
		return nil, err
	}
	w := newCompWindow(from, to)
	doctors, err := s.st.ListDoctors(ctx, store.DoctorFilter{DepartmentID: dept.ID})
	if err != nil {
		return nil, err
	}
	ca, cb := w.checked()
	as, err := s.st.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: dept.ID, From: ca, To: cb})
	if err != nil {
		return nil, err
	}
	byDoc := map[roster.ID][]roster.Assignment{}
	for _, a := range as {
		byDoc[a.DoctorID] = append(byDoc[a.DoctorID], a)
	}
	slices.SortStableFunc(doctors, func(a, b roster.Doctor) int {
		return cmp.Or(cmp.Compare(a.FamilyName, b.FamilyName), cmp.Compare(a.GivenName, b.GivenName), cmp.Compare(a.ID, b.ID))
	})
	rep := &complianceReport{Dept: dept, W: w, Sort: r.URL.Query().Get("sort")}
	switch rep.Sort {
	case "", "doctor", "rule", "time":
	default:
		return nil, roster.FieldErrorf("sort", "%q: sort by doctor, rule or time", rep.Sort)
	}
	counts := map[string]*ruleCount{}
	notChecked := map[string]*notCheckedRule{}
	cc := newCompChecker()
	sa, sb := w.shown()
	for _, d := range doctors {
		if d.Status == roster.Left {
			continue
		}
		rep.Doctors++
		res := cc.check(d, byDoc[d.ID])
		dc := collect(d, &res, sa, sb)
		for _, nc := range dc.NotChecked {
			rule, why, _ := strings.Cut(nc, ": ")
			nn := notChecked[rule]
			if nn == nil {
				nn = &notCheckedRule{Rule: rule, Example: why}
				notChecked[rule] = nn
				rep.NotChecked = append(rep.NotChecked, nn)
			}
			nn.Doctors++
		}
		for _, list := range [][]rules.Finding{dc.Violations, dc.Warnings} {
			for _, f := range list {
				row := findingRow{Doctor: d, F: f}
				rc := counts[f.Rule]
				if rc == nil {
					rc = &ruleCount{Rule: f.Rule, RuleSet: f.RuleSet}
					counts[f.Rule] = rc
					rep.ByRule = append(rep.ByRule, rc)
				}
				if rc.lastDoctor != d.ID {
					rc.Doctors++
					rc.lastDoctor = d.ID
				}
				if f.Severity == rules.Violation {
					rc.Breaches++
					rep.Violations = append(rep.Violations, row)
				} else {
					rc.Warns++
					rep.Warnings = append(rep.Warnings, row)
				}
			}
		}
	}
	// Rows are in doctor order already (stable sorts keep it as the tie-break).
	var order func(a, b findingRow) int
	byTime := func(a, b findingRow) int { return cmp.Or(a.F.From.Compare(b.F.From), cmp.Compare(a.F.Rule, b.F.Rule)) }
	switch rep.Sort {
	case "rule":
		order = func(a, b findingRow) int { return cmp.Or(cmp.Compare(a.F.Rule, b.F.Rule), a.F.From.Compare(b.F.From)) }
	case "time":
		order = byTime
	default: // by doctor (each doctor's rows are together already), then time
		rank := map[roster.ID]int{}
		for i, d := range doctors {
			rank[d.ID] = i
		}
		order = func(a, b findingRow) int {
			return cmp.Or(cmp.Compare(rank[a.Doctor.ID], rank[b.Doctor.ID]), byTime(a, b))
		}
	}
	slices.SortStableFunc(rep.Violations, order)
	slices.SortStableFunc(rep.Warnings, order)
	slices.SortFunc(rep.ByRule, func(a, b *ruleCount) int {
		return cmp.Or(cmp.Compare(b.Breaches, a.Breaches), cmp.Compare(b.Warns, a.Warns), cmp.Compare(a.Rule, b.Rule))
	})
	slices.SortFunc(rep.NotChecked, func(a, b *notCheckedRule) int { return cmp.Compare(a.Rule, b.Rule) })
	return rep, nil
}

func (s *Server) compliancePage(w http.ResponseWriter, r *http.Request, c *call) error {
	rep, err := s.buildReport(r, c)
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "compliance", rep.Dept.Name+" compliance", rep)
	return nil
}

// complianceCSVHeader is the header row of the report's CSV.
var complianceCSVHeader = []string{"doctor", "gmc", "rule", "severity", "from", "to", "measured", "limit", "unit", "message"}

func (s *Server) complianceCSV(w http.ResponseWriter, r *http.Request, c *call) error {
	rep, err := s.buildReport(r, c)
	if err != nil {
		return err
	}
	// An export of named doctors' data is recorded in the audit log.
	if err := s.st.AddAudit(r.Context(), roster.AuditEntry{Action: "export", Entity: "department", EntityID: rep.Dept.ID,
		Note: "compliance report CSV " + rep.W.From.String() + " to " + rep.W.To.String()}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="`+fileSlug(rep.Dept.Name)+"-compliance-"+rep.W.From.String()+"-to-"+rep.W.To.String()+`.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write(complianceCSVHeader)
	for _, list := range [][]findingRow{rep.Violations, rep.Warnings} {
		for _, row := range list {
			f := row.F
			_ = cw.Write([]string{csvSafe(row.Doctor.Name()), row.Doctor.GMC, f.Rule, string(f.Severity), localStamp(f.From), localStamp(f.To),
				fnum(f.Measured), fnum(f.Limit), f.Unit, csvSafe(f.Message)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// fileSlug makes a name safe for a download's file name.
func fileSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		return "department"
	}
	return out
}

// apiFinding is a finding in the JSON API.
type apiFinding struct {
	DoctorID roster.ID `json:"doctor_id"`
	Doctor   string    `json:"doctor"`
	GMC      string    `json:"gmc"`
	rules.Finding
}

func apiFindings(rows []findingRow) []apiFinding {
	out := make([]apiFinding, 0, len(rows))
	for _, r := range rows {
		f := r.F
		f.Doctor = "" // the register id is in doctor_id
		out = append(out, apiFinding{DoctorID: r.Doctor.ID, Doctor: r.Doctor.Name(), GMC: r.Doctor.GMC, Finding: f})
	}
	return out
}

func (s *Server) apiCompliance(w http.ResponseWriter, r *http.Request, c *call) error {
	rep, err := s.buildReport(r, c)
	if err != nil {
		return err
	}
	type count struct {
		Rule     string `json:"rule"`
		RuleSet  string `json:"ruleset"`
		Breaches int    `json:"violations"`
		Warnings int    `json:"warnings"`
		Doctors  int    `json:"doctors"`
	}
	byRule := make([]count, 0, len(rep.ByRule))
	for _, rc := range rep.ByRule {
		byRule = append(byRule, count{Rule: rc.Rule, RuleSet: rc.RuleSet, Breaches: rc.Breaches, Warnings: rc.Warns, Doctors: rc.Doctors})
	}
	notChecked := make([]string, 0, len(rep.NotChecked))
	for _, nc := range rep.NotChecked {
		notChecked = append(notChecked, nc.Rule+": "+nc.Example)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"department_id": rep.Dept.ID,
		"from":          rep.W.From, "to": rep.W.To,
		"checked_from": rep.W.CheckFrom, "checked_to": rep.W.CheckTo,
		"doctors":     rep.Doctors,
		"violations":  apiFindings(rep.Violations),
		"warnings":    apiFindings(rep.Warnings),
		"by_rule":     byRule,
		"not_checked": notChecked,
	})
	return nil
}
