package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
)

func init() {
	register(command{name: "check", summary: "check a rota file against the contract rules (no database needed)", run: runCheck})
}

const chkHelp = `Check a rota against the 2016 terms (2019 amendments by default), the 2002
New Deal with banding, and the Working Time Regulations 1998.

rota.csv has a header and the columns doctor,start,end,kind (start and end
Europe/London times such as 2026-03-02T08:00, or with an explicit offset;
kind work, oncall or leave; optional break_minutes). doctors.csv has
doctor,contract,grade,ltft and optionally tcs_version, opt_out,
weekend_exception, low_intensity_oncall, nd_rota, cycle_weeks.

Exit status: 0 no breach, 1 breaches found, 2 bad input. See docs/rules.md.`

func runCheck(ctx context.Context, env *Env, args []string) int {
	fs := newFlagSet(env, "check", "rota.csv", chkHelp)
	doctorsFile := fs.String("doctors", "", "doctors `file` (CSV: doctor,contract,grade,ltft,...)")
	contract := fs.String("contract", "", "check every doctor under this contract: tcs2016, newdeal2002 or wtr (default: each doctor's contract from --doctors, else tcs2016)")
	format := fs.String("format", "text", "output format: text, json or csv")
	tcsVersion := fs.String("tcs-version", "", "version of the 2016 terms for doctors whose file does not say: 2016-08 or 2019-08 (default 2019-08)")
	cycle := fs.Int("cycle", 0, "the rota is one cycle of `weeks` weeks that repeats (rest and windows wrap round); 0 = check as given")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "rotaguard check: need exactly one rota file (use - for standard input)")
		fs.Usage()
		return 2
	}
	switch *format {
	case "text", "json", "csv":
	default:
		fmt.Fprintf(env.Stderr, "rotaguard check: unknown --format %q (text, json or csv)\n", *format)
		return 2
	}
	var onlyWTR bool
	var forced roster.ContractKind
	switch strings.ToLower(*contract) {
	case "":
	case "wtr":
		onlyWTR = true
	default:
		k, err := roster.ParseContractKind(*contract)
		if err != nil || (k != roster.TCS2016 && k != roster.NewDeal2002) {
			fmt.Fprintf(env.Stderr, "rotaguard check: unknown --contract %q (tcs2016, newdeal2002 or wtr)\n", *contract)
			return 2
		}
		forced = k
	}
	if *tcsVersion != "" {
		if _, err := rules.Lookup("tcs2016", *tcsVersion); err != nil {
			fmt.Fprintf(env.Stderr, "rotaguard check: --tcs-version: %v\n", err)
			return 2
		}
	}
	if *cycle < 0 || *cycle > 52 {
		fmt.Fprintln(env.Stderr, "rotaguard check: --cycle must be 0 to 52 weeks")
		return 2
	}

	rotaName := fs.Arg(0)
	periods, err := chkReadFile(env, rotaName, rules.ReadRota)
	if err != nil {
		chkPrintInputErrors(env, err)
		return 2
	}
	profiles := map[string]rules.Profile{}
	if *doctorsFile != "" {
		rows, err := chkReadFile(env, *doctorsFile, rules.ReadDoctors)
		if err != nil {
			chkPrintInputErrors(env, err)
			return 2
		}
		var errs []error
		for _, row := range rows {
			p, err := chkProfileOf(row, *doctorsFile)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			profiles[row.Doctor] = p
		}
		// Every doctor in the rota must be in the doctors file.
		missing := map[string]bool{}
		for _, p := range periods {
			if _, ok := profiles[p.Doctor]; !ok && !missing[p.Doctor] {
				missing[p.Doctor] = true
				errs = append(errs, &roster.Error{Code: roster.Invalid, File: rotaName, Line: p.Line, Field: "doctor",
					Message: fmt.Sprintf("doctor %q is not in %s", p.Doctor, *doctorsFile)})
			}
		}
		if len(errs) > 0 {
			chkPrintInputErrors(env, errors.Join(errs...))
			return 2
		}
	}

	// Group the periods by doctor, keeping the file's order of doctors.
	var order []string
	byDoctor := map[string][]rules.Period{}
	for _, p := range periods {
		if _, ok := byDoctor[p.Doctor]; !ok {
			order = append(order, p.Doctor)
		}
		byDoctor[p.Doctor] = append(byDoctor[p.Doctor], p)
	}
	wtr, _ := rules.Lookup("wtr", "")
	out := chkOutput{Bands: map[string]chkBandJSON{}, Violations: []chkFindingJSON{}, Warnings: []chkFindingJSON{}}
	notChecked := map[string]bool{}
	var reports []rules.Report
	var profs []rules.Profile
	for _, d := range order {
		if ctx.Err() != nil {
			fmt.Fprintln(env.Stderr, "rotaguard check: interrupted")
			return 2
		}
		p, ok := profiles[d]
		if !ok {
			p = rules.Profile{Doctor: d, Contract: roster.TCS2016, LTFT: 1}
		}
		if forced != "" {
			p.Contract = forced
		}
		if p.TCSVersion == "" {
			p.TCSVersion = *tcsVersion
		}
		if *cycle > 0 && p.CycleWeeks == 0 {
			p.CycleWeeks = *cycle
		}
		sets := rules.DefaultRuleSets(p)
		if onlyWTR {
			sets = []*rules.RuleSet{wtr}
		}
		r := rules.Check(p, byDoctor[d], sets...)
		reports = append(reports, r)
		profs = append(profs, p)
		for _, f := range r.Violations {
			out.Violations = append(out.Violations, chkToJSON(f))
		}
		for _, f := range r.Warnings {
			out.Warnings = append(out.Warnings, chkToJSON(f))
		}
		if r.Band != nil {
			out.Bands[d] = chkBandJSON{Band: r.Band.Band, Percent: r.Band.Percent, Reason: r.Band.Reason, Approximate: r.Band.Approximate}
		}
		for _, n := range r.Summary.NotChecked {
			notChecked[chkStripCount(n)] = true
		}
	}
	out.Summary = chkSummaryJSON{Doctors: len(order), Periods: len(periods), Violations: len(out.Violations), Warnings: len(out.Warnings)}
	for n := range notChecked {
		out.Summary.NotChecked = append(out.Summary.NotChecked, n)
	}
	sort.Strings(out.Summary.NotChecked)
	for i, r := range reports {
		out.Summary.PerDoctor = append(out.Summary.PerDoctor, chkDoctorSummary{
			Doctor: r.Doctor, Contract: string(profs[i].Contract), RuleSets: r.Summary.RuleSets, Weeks: r.Summary.Weeks,
			Shifts: r.Summary.Shifts, OnCall: r.Summary.OnCall, WorkHours: r.Summary.WorkHours, AvgWeeklyHours: r.Summary.AvgWeekly,
			Violations: len(r.Violations), Warnings: len(r.Warnings),
		})
	}
	if len(out.Bands) == 0 {
		out.Bands = nil
	}

	var werr error
	switch *format {
	case "json":
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		werr = enc.Encode(out)
	case "csv":
		werr = chkWriteCheckCSV(env.Stdout, out)
	default:
		werr = chkWriteCheckText(env.Stdout, out, reports, profs)
	}
	if werr != nil {
		fmt.Fprintf(env.Stderr, "rotaguard check: writing output: %v\n", werr)
		return 2
	}
	if len(out.Violations) > 0 {
		return 1
	}
	return 0
}

// chkStripCount drops the per-doctor count from a not-checked note.
func chkStripCount(s string) string {
	if id, rest, ok := strings.Cut(s, ": "); ok {
		if i := strings.Index(rest, " shift(s) have no break_minutes"); i >= 0 {
			return id + ": shifts without break_minutes"
		}
		if strings.Contains(rest, "too short to judge") {
			return id + ": the rota is too short to judge the weekend frequency (use --cycle for a pattern)"
		}
		if strings.HasPrefix(rest, "the rota covers") {
			return id + ": the rota is shorter than the rule's period"
		}
	}
	return s
}

func chkReadFile[T any](env *Env, name string, read func(io.Reader, string) (T, error)) (T, error) {
	if name == "-" {
		return read(env.Stdin, "stdin")
	}
	f, err := os.Open(name)
	if err != nil {
		var zero T
		return zero, &roster.Error{Code: roster.Invalid, File: name, Message: "cannot open: " + errors.Unwrap(err).Error()}
	}
	defer f.Close()
	return read(f, name)
}

func chkPrintInputErrors(env *Env, err error) {
	for _, e := range chkFlatten(err) {
		fmt.Fprintf(env.Stderr, "rotaguard check: %v\n", e)
	}
}

func chkFlatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, chkFlatten(e)...)
		}
		return out
	}
	return []error{err}
}

// chkProfileOf builds a Profile from a doctors row and its optional columns.
func chkProfileOf(row rules.DoctorRow, file string) (rules.Profile, error) {
	p := rules.Profile{Doctor: row.Doctor, Contract: row.Contract, Grade: row.Grade, LTFT: row.LTFT}
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &roster.Error{Code: roster.Invalid, File: file, Line: row.Line, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	boolCol := func(name string) bool {
		v := strings.ToLower(row.Extra[name])
		switch v {
		case "", "0", "no", "false", "n":
			return false
		case "1", "yes", "true", "y":
			return true
		}
		bad(name, "%q is not yes or no", row.Extra[name])
		return false
	}
	if v := row.Extra["tcs_version"]; v != "" {
		if _, err := rules.Lookup("tcs2016", v); err != nil {
			bad("tcs_version", "unknown version %q (2016-08 or 2019-08)", v)
		}
		p.TCSVersion = v
	}
	p.OptOut = boolCol("opt_out")
	p.WeekendException = boolCol("weekend_exception")
	p.LowIntensityOnCall = boolCol("low_intensity_oncall")
	switch v := strings.ToLower(row.Extra["nd_rota"]); v {
	case "", "full", "partial", "oncall":
		p.NDRota = v
	default:
		bad("nd_rota", "%q is not full, partial or oncall", row.Extra["nd_rota"])
	}
	if v := row.Extra["cycle_weeks"]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 52 {
			bad("cycle_weeks", "%q is not a number of weeks from 0 to 52", v)
		}
		p.CycleWeeks = n
	}
	return p, errors.Join(errs...)
}

type chkFindingJSON struct {
	Rule     string  `json:"rule"`
	Doctor   string  `json:"doctor"`
	From     string  `json:"from"`
	To       string  `json:"to"`
	Measured float64 `json:"measured"`
	Limit    float64 `json:"limit"`
	Unit     string  `json:"unit"`
	Message  string  `json:"message"`
	Severity string  `json:"severity"`
	RuleSet  string  `json:"ruleset"`
	Line     int     `json:"line,omitempty"`
	Fine     string  `json:"fine,omitempty"`
}

type chkBandJSON struct {
	Band        string `json:"band"`
	Percent     int    `json:"percent"`
	Reason      string `json:"reason"`
	Approximate bool   `json:"approximate"`
}

type chkDoctorSummary struct {
	Doctor         string   `json:"doctor"`
	Contract       string   `json:"contract"`
	RuleSets       []string `json:"rulesets"`
	Weeks          int      `json:"weeks"`
	Shifts         int      `json:"shifts"`
	OnCall         int      `json:"oncall"`
	WorkHours      float64  `json:"work_hours"`
	AvgWeeklyHours float64  `json:"avg_weekly_hours"`
	Violations     int      `json:"violations"`
	Warnings       int      `json:"warnings"`
}

type chkSummaryJSON struct {
	Doctors    int                `json:"doctors"`
	Periods    int                `json:"periods"`
	Violations int                `json:"violations"`
	Warnings   int                `json:"warnings"`
	NotChecked []string           `json:"not_checked,omitempty"`
	PerDoctor  []chkDoctorSummary `json:"per_doctor"`
}

type chkOutput struct {
	Violations []chkFindingJSON       `json:"violations"`
	Warnings   []chkFindingJSON       `json:"warnings"`
	Summary    chkSummaryJSON         `json:"summary"`
	Bands      map[string]chkBandJSON `json:"bands,omitempty"`
}

func chkLocalISO(t time.Time) string { return t.In(roster.London).Format("2006-01-02T15:04-07:00") }

func chkToJSON(f rules.Finding) chkFindingJSON {
	return chkFindingJSON{Rule: f.Rule, Doctor: f.Doctor, From: chkLocalISO(f.From), To: chkLocalISO(f.To),
		Measured: chkRound2(f.Measured), Limit: chkRound2(f.Limit), Unit: f.Unit, Message: f.Message,
		Severity: string(f.Severity), RuleSet: f.RuleSet, Line: f.Line, Fine: f.Fine}
}

func chkRound2(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 4, 64), 64)
	return v
}

func chkWriteCheckCSV(w io.Writer, out chkOutput) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"severity", "rule", "doctor", "from", "to", "measured", "limit", "unit", "message", "ruleset", "line"})
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	for _, list := range [][]chkFindingJSON{out.Violations, out.Warnings} {
		for _, f := range list {
			line := ""
			if f.Line > 0 {
				line = strconv.Itoa(f.Line)
			}
			_ = cw.Write([]string{f.Severity, f.Rule, f.Doctor, f.From, f.To, num(f.Measured), num(f.Limit), f.Unit, f.Message, f.RuleSet, line})
		}
	}
	docs := make([]string, 0, len(out.Bands))
	for d := range out.Bands {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	for _, d := range docs {
		b := out.Bands[d]
		_ = cw.Write([]string{"band", "ND-BANDING", d, "", "", strconv.Itoa(b.Percent), "", "%", b.Reason, "newdeal2002", ""})
	}
	cw.Flush()
	return cw.Error()
}

func chkWriteCheckText(w io.Writer, out chkOutput, reports []rules.Report, profs []rules.Profile) error {
	var b strings.Builder
	for i, r := range reports {
		p := profs[i]
		desc := string(p.Contract)
		if p.Grade != "" {
			desc += ", " + string(p.Grade)
		}
		if p.LTFT > 0 && p.LTFT < 1 {
			desc += fmt.Sprintf(", LTFT %.0f%%", p.LTFT*100)
		}
		fmt.Fprintf(&b, "%s (%s): %s, %s, average %.1f h a week — %s, %s\n",
			r.Doctor, desc, chkPlural(r.Summary.Weeks, "week"), chkPlural(r.Summary.Shifts, "shift"), r.Summary.AvgWeekly,
			chkPlural(len(r.Violations), "violation"), chkPlural(len(r.Warnings), "warning"))
		for _, f := range r.Violations {
			fmt.Fprintf(&b, "  BREACH  %-28s %s\n", f.Rule, f.Message)
		}
		for _, f := range r.Warnings {
			fmt.Fprintf(&b, "  warning %-28s %s\n", f.Rule, f.Message)
		}
		if r.Band != nil {
			fmt.Fprintf(&b, "  band    %-28s %s (%d%%, approximate)\n", "ND-BANDING", r.Band.Reason, r.Band.Percent)
		}
	}
	fmt.Fprintf(&b, "\n%s checked: %s, %s.\n", chkPlural(out.Summary.Doctors, "doctor"),
		chkPlural(out.Summary.Violations, "violation"), chkPlural(out.Summary.Warnings, "warning"))
	if len(out.Summary.NotChecked) > 0 {
		b.WriteString("Not checked from this input:\n")
		for _, n := range out.Summary.NotChecked {
			fmt.Fprintf(&b, "  %s\n", n)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func chkPlural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
