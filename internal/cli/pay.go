package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/rotaguard/rotaguard/internal/pay"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
)

func init() {
	register(command{name: "pay", summary: "annual pay under the 2016 terms and the 2002 contract; imposition timeline", run: runPay})
}

const payHelp = `Print each doctor's annual pay, element by element with its working, under the
pay tables in force on the pay date. The rota is one cycle, repeated: its cycle
is the whole number of weeks from the Monday on or before its first shift to
the Sunday on or after its last, unless --weeks says otherwise. The input files
are those of "rotaguard check"; doctors.csv may add nodal_point, scale_point,
band and other columns (see docs/pay.md). Amounts are exact and rounded to
pence half away from zero only when shown; a total is the exact sum of its
elements rounded once, so it can differ by a penny from the shown elements.

With --timeline FROM:TO, also print who is on which contract in each month and
the trust's monthly pay bill under each scenario: no change; the 2016 terms
imposed from --impose (a 2002 doctor moves at their first renewal or rotation
date on or after it); and, with --tables, negotiated terms entered as new
table versions.`

// payFlags are the options of rotaguard pay.
type payFlags struct {
	doctors, contract, grade, payDate, format string
	compare                                   bool
	weeks                                     int
	tables                                    payFileList
	timeline, impose, longStop                string
	protectMonths                             int
	protectIncrements                         bool
}

// payFileList is a repeatable flag.
type payFileList []string

func (l *payFileList) String() string     { return strings.Join(*l, ",") }
func (l *payFileList) Set(s string) error { *l = append(*l, s); return nil }

func runPay(ctx context.Context, env *Env, args []string) int {
	fs := newFlagSet(env, "pay", "rota.csv", payHelp)
	var f payFlags
	fs.StringVar(&f.doctors, "doctors", "", "doctors file (CSV): contract, grade, ltft, nodal_point, scale_point, band, ...")
	fs.StringVar(&f.contract, "contract", "", "pay every doctor under this contract: tcs2016 or newdeal2002 (default: each doctor's contract from --doctors, else tcs2016)")
	fs.StringVar(&f.grade, "grade", "", "grade of doctors not in the doctors file (e.g. FY1, ST4)")
	fs.StringVar(&f.payDate, "pay-date", "", "pay tables in force on this date, YYYY-MM-DD (default today)")
	fs.BoolVar(&f.compare, "compare", false, "show every doctor under both contracts side by side, with the difference")
	fs.StringVar(&f.format, "format", "text", "output format: text, json or csv")
	fs.IntVar(&f.weeks, "weeks", 0, "length of the rota cycle in weeks (default: from the rota's first to last shift)")
	fs.Var(&f.tables, "tables", "extra pay table version (JSON, see docs/pay.md), e.g. negotiated terms; repeatable")
	fs.StringVar(&f.timeline, "timeline", "", "months FROM:TO (YYYY-MM:YYYY-MM) for the contract timeline and monthly pay bill")
	fs.StringVar(&f.impose, "impose", "", "with --timeline: date the 2016 terms are imposed from, YYYY-MM-DD")
	fs.StringVar(&f.longStop, "long-stop", "", "with --impose: date by which every remaining 2002 doctor moves")
	fs.IntVar(&f.protectMonths, "protect-months", 0, "with --impose: months of cash-floor pay protection at 2002 pay (band capped at 80%)")
	fs.BoolVar(&f.protectIncrements, "protect-increments", false, "with --protect-months: the protected floor rises one 2002 scale point a year")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	job, err := f.prepare(fs.Arg(0))
	if err != nil {
		payPrintErr(env.Stderr, err)
		var re *roster.Error
		if errors.As(err, &re) && re.Field == "flag" {
			return 2
		}
		return 1
	}
	if err := job.run(ctx, env.Stdout); err != nil {
		payPrintErr(env.Stderr, err)
		return 1
	}
	return 0
}

// payFlagErr is a usage error (exit status 2).
func payFlagErr(format string, args ...any) error {
	return &roster.Error{Code: roster.Invalid, Field: "flag", Message: fmt.Sprintf(format, args...)}
}

// payJob is a parsed and validated pay run.
type payJob struct {
	flags    payFlags
	rotaFile string
	payDate  roster.Date
	base     *pay.Tables // built-in tables
	tables   *pay.Tables // built-in plus --tables
	extra    []*pay.Table
	weeks    int
	monday   roster.Date
	doctors  []payDoctor
	from, to roster.Date // timeline months
	impose   roster.Date
	longStop roster.Date
	override roster.ContractKind // --contract
}

// payDoctor is one doctor to pay.
type payDoctor struct {
	name     string
	contract roster.ContractKind
	input    pay.Input
	register roster.Doctor
	noRota   bool
}

func (f payFlags) prepare(rotaFile string) (*payJob, error) {
	j := &payJob{flags: f, rotaFile: rotaFile}
	var errs []error
	switch f.format {
	case "text", "json", "csv":
	default:
		errs = append(errs, payFlagErr("--format %q must be text, json or csv", f.format))
	}
	if f.weeks < 0 {
		errs = append(errs, payFlagErr("--weeks %d must be positive", f.weeks))
	}
	if f.payDate == "" {
		j.payDate = roster.DateOf(time.Now().In(roster.London))
	} else if d, err := roster.ParseDate(f.payDate); err != nil {
		errs = append(errs, payFlagErr("--pay-date: %v", err))
	} else {
		j.payDate = d
	}
	defContract := roster.TCS2016
	if f.contract != "" {
		k, err := roster.ParseContractKind(f.contract)
		switch {
		case err != nil:
			errs = append(errs, payFlagErr("--contract: %v", err))
		case k != roster.TCS2016 && k != roster.NewDeal2002:
			errs = append(errs, payFlagErr("--contract %s: pay is computed for tcs2016 and newdeal2002 only", k))
		default:
			defContract, j.override = k, k
		}
	}
	var err error
	var defGrade roster.Grade
	if f.grade != "" {
		if defGrade, err = roster.ParseGrade(f.grade); err != nil {
			errs = append(errs, payFlagErr("--grade: %v", err))
		}
	}
	if f.timeline != "" {
		if j.from, j.to, err = payParseMonths(f.timeline); err != nil {
			errs = append(errs, payFlagErr("--timeline: %v", err))
		}
	} else if f.impose != "" || f.longStop != "" || f.protectMonths != 0 || f.protectIncrements {
		errs = append(errs, payFlagErr("--impose, --long-stop and --protect-* need --timeline"))
	}
	for _, p := range []struct {
		flag, s string
		d       *roster.Date
	}{{"--impose", f.impose, &j.impose}, {"--long-stop", f.longStop, &j.longStop}} {
		if d, err := roster.ParseDate(p.s); err != nil {
			errs = append(errs, payFlagErr("%s: %v", p.flag, err))
		} else {
			*p.d = d
		}
	}
	if f.protectMonths < 0 || f.protectMonths > 600 {
		errs = append(errs, payFlagErr("--protect-months %d must be 0 to 600", f.protectMonths))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	j.base = pay.Builtin()
	for _, path := range f.tables {
		b, err := os.ReadFile(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		t, err := pay.ParseTable(b, path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		j.extra = append(j.extra, t)
	}
	if j.tables, err = j.base.With(j.extra...); err != nil {
		errs = append(errs, err)
	}

	periods, err := payReadRota(rotaFile)
	if err != nil {
		errs = append(errs, err)
	}
	var rows []rules.DoctorRow
	if f.doctors != "" {
		if rows, err = payReadDoctors(f.doctors); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	j.doctors, j.weeks, j.monday, err = payBuildDoctors(periods, rows, f.doctors, f.weeks, defContract, defGrade, f.compare || j.override == roster.NewDeal2002)
	if err != nil {
		return nil, err
	}
	return j, nil
}

// payParseMonths parses FROM:TO, each YYYY-MM or YYYY-MM-DD.
func payParseMonths(s string) (from, to roster.Date, err error) {
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return from, to, fmt.Errorf("%q is not FROM:TO (e.g. 2026-04:2027-03)", s)
	}
	parse := func(x string) (roster.Date, error) {
		if len(x) == len("2006-01") {
			x += "-01"
		}
		return roster.ParseDate(x)
	}
	if from, err = parse(a); err != nil {
		return
	}
	if to, err = parse(b); err != nil {
		return
	}
	if to.Before(from) {
		err = fmt.Errorf("%s ends before it starts", s)
	}
	return
}

func payReadRota(path string) ([]rules.Period, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return rules.ReadRota(fh, path)
}

func payReadDoctors(path string) ([]rules.DoctorRow, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return rules.ReadDoctors(fh, path)
}

// payBuildDoctors turns rota periods and doctor rows into pay inputs.
// Every bad column of every row is reported.
func payBuildDoctors(periods []rules.Period, rows []rules.DoctorRow, file string, weeks int, defContract roster.ContractKind, defGrade roster.Grade, compare bool) ([]payDoctor, int, roster.Date, error) {
	byDoctor := map[string][]pay.Period{}
	rulePeriods := map[string][]rules.Period{}
	var all []pay.Period
	var order []string
	for _, p := range periods {
		pp := pay.Period{Start: p.Start, End: p.End, Kind: p.Kind}
		if _, ok := byDoctor[p.Doctor]; !ok {
			order = append(order, p.Doctor)
		}
		byDoctor[p.Doctor] = append(byDoctor[p.Doctor], pp)
		rulePeriods[p.Doctor] = append(rulePeriods[p.Doctor], p)
		all = append(all, pp)
	}
	cycle, monday := pay.CycleWeeks(all)
	if weeks > 0 {
		cycle = weeks
	}
	var errs []error
	seen := map[string]bool{}
	var out []payDoctor
	for _, r := range rows {
		seen[r.Doctor] = true
		d, err := payDoctorFromRow(r, file)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ps := byDoctor[r.Doctor]
		d.noRota = len(ps) == 0
		d.input.Measures = pay.Measure(ps, cycle, pay.MeasureOptions{LateFinish2019: r.Extra["tcs_version"] != "2016-08"})
		out = append(out, d)
	}
	for _, name := range order {
		if seen[name] {
			continue
		}
		if defGrade == "" {
			where := "there is no doctors file"
			if file != "" {
				where = "the doctor is not in " + file
			}
			errs = append(errs, &roster.Error{Code: roster.Invalid, Field: "doctor",
				Message: fmt.Sprintf("%s: %s, so pay has no grade: add the doctor there or give --grade", name, where)})
			continue
		}
		in := pay.Input{Doctor: name, Grade: defGrade}
		in.Measures = pay.Measure(byDoctor[name], cycle, pay.MeasureOptions{LateFinish2019: true})
		out = append(out, payDoctor{name: name, contract: defContract, input: in,
			register: roster.Doctor{GivenName: name, Grade: defGrade, Contract: roster.Contract{Kind: defContract}, Status: roster.Active}})
	}
	if len(errs) > 0 {
		return nil, 0, roster.Date{}, errors.Join(errs...)
	}
	// The 2002 band: from the band column, else from the rules engine's
	// New Deal banding of the doctor's rota.
	for i := range out {
		d := &out[i]
		if d.input.Band != "" || (d.contract != roster.NewDeal2002 && !compare) || len(rulePeriods[d.name]) == 0 {
			continue
		}
		ltft := 1.0
		if d.input.LTFT != nil {
			ltft, _ = d.input.LTFT.Float64()
		}
		rep := rules.Check(rules.Profile{Doctor: d.name, Contract: roster.NewDeal2002, Grade: d.input.Grade,
			LTFT: ltft, OptOut: d.input.OptOut, CycleWeeks: cycle}, rulePeriods[d.name])
		if rep.Band == nil {
			continue
		}
		d.input.Band = rep.Band.Band
		if d.input.Band == "" {
			d.input.Band = "none"
		}
		d.input.BandReason = "banded by the rules engine"
		if rep.Band.Approximate {
			d.input.BandReason = "approximate banding by the rules engine"
		}
		if rep.Band.Reason != "" {
			d.input.BandReason += ": " + rep.Band.Reason
		}
	}
	if len(out) == 0 {
		return nil, 0, roster.Date{}, &roster.Error{Code: roster.Invalid, Message: "no doctors: the rota and the doctors file are both empty"}
	}
	return out, cycle, monday, nil
}

// payDoctorFromRow reads the pay columns of one doctors-file row.
func payDoctorFromRow(r rules.DoctorRow, file string) (payDoctor, error) {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &roster.Error{Code: roster.Invalid, File: file, Line: r.Line, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	col := func(name string) string { return strings.TrimSpace(r.Extra[name]) }
	in := pay.Input{Doctor: r.Doctor, Grade: r.Grade, BandReason: col("band_reason"), FPP: col("fpp")}
	if r.LTFT > 0 && r.LTFT < 1 {
		in.LTFT, _ = new(big.Rat).SetString(strconv.FormatFloat(r.LTFT, 'f', -1, 64))
	}
	if s := col("nodal_point"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 1 || n > 5 {
			bad("nodal_point", "%q is not a nodal point 1 to 5", s)
		} else {
			in.NodalPoint = n
		}
	}
	if s := col("scale_point"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 0 || n > 20 {
			bad("scale_point", "%q is not a 2002 scale point (0 = the first point)", s)
		} else {
			in.ScalePoint = n
		}
	}
	if s := strings.ToUpper(col("band")); s != "" {
		switch s {
		case "1A", "1B", "1C", "2A", "2B", "3", "FA", "FB", "FC", "NONE":
			in.Band = s
		default:
			bad("band", "%q is not a band (1A, 1B, 1C, 2A, 2B, 3, FA, FB, FC or none)", s)
		}
	}
	if s := strings.ToLower(col("opt_out")); s != "" {
		switch s {
		case "yes", "y", "true", "1":
			in.OptOut = true
		case "no", "n", "false", "0":
		default:
			bad("opt_out", "%q is not yes or no", s)
		}
	}
	if s := col("fpp_amount"); s != "" {
		if m, err := pay.ParseMoney(s); err != nil || m.Sign() < 0 {
			bad("fpp_amount", "%q is not an annual amount of pounds", s)
		} else {
			in.FPPAmount = &m
		}
	}
	if s := col("commitment"); s != "" {
		v, ok := new(big.Rat).SetString(s)
		if !ok || v.Sign() <= 0 || v.Cmp(big.NewRat(1, 1)) > 0 {
			bad("commitment", "%q is not a fraction of the full-time commitment greater than 0 and at most 1", s)
		} else {
			in.Commitment = v
		}
	}
	if s := col("tcs_version"); s != "" && s != "2016-08" && s != "2019-08" {
		bad("tcs_version", "%q is not 2016-08 or 2019-08", s)
	}
	reg := roster.Doctor{GivenName: r.Doctor, Grade: r.Grade, Contract: roster.Contract{Kind: r.Contract, Band: in.Band, ScalePoint: in.ScalePoint, NodalPoint: in.NodalPoint}, Status: roster.Active}
	for _, c := range []struct {
		name string
		d    *roster.Date
	}{{"rotation_start", &reg.RotationStart}, {"rotation_end", &reg.RotationEnd}, {"renewal_date", &reg.RenewalDate}} {
		d, err := roster.ParseDate(col(c.name))
		if err != nil {
			bad(c.name, "%v", err)
		}
		*c.d = d
	}
	if !reg.RotationStart.IsZero() && !reg.RotationEnd.IsZero() && reg.RotationEnd.Before(reg.RotationStart) {
		bad("rotation_end", "rotation ends (%s) before it starts (%s)", reg.RotationEnd, reg.RotationStart)
	}
	if s := strings.ToLower(col("status")); s != "" {
		switch roster.EmploymentStatus(s) {
		case roster.Active, roster.OnLeave, roster.Left:
			reg.Status = roster.EmploymentStatus(s)
		default:
			bad("status", "%q is not active, on_leave or left", s)
		}
	}
	if s := col("protected_pay"); s != "" {
		m, err := pay.ParseMoney(s)
		if err != nil || m.Sign() <= 0 {
			bad("protected_pay", "%q is not an annual amount of pounds", s)
		}
		until, err := roster.ParseDate(col("protected_until"))
		switch {
		case err != nil:
			bad("protected_until", "%v", err)
		case until.IsZero():
			bad("protected_until", "protected_pay needs the date protection ends")
		}
		in.Protection = &pay.Protection{Floor: m, Until: until}
	} else if col("protected_until") != "" {
		bad("protected_pay", "protected_until is given without protected_pay")
	}
	if r.Contract == roster.NewDeal2002 && r.Grade == "" {
		bad("grade", "a doctor on the 2002 contract needs a grade (it chooses the FY1, FY2 or StR scale)")
	}
	if r.Contract == roster.TCS2016 && r.Grade == "" && in.NodalPoint == 0 {
		bad("grade", "a doctor on the 2016 terms needs a grade or a nodal_point")
	}
	if len(errs) > 0 {
		return payDoctor{}, errors.Join(errs...)
	}
	reg.LTFTPercent = 100
	return payDoctor{name: r.Doctor, contract: r.Contract, input: in, register: reg}, nil
}

// payResult is the JSON output.
type payResult struct {
	PayDate    roster.Date       `json:"pay_date"`
	CycleWeeks int               `json:"cycle_weeks"`
	CycleFrom  roster.Date       `json:"cycle_from,omitempty"`
	Doctors    []payStatement    `json:"doctors"`
	Summary    *pay.Summary      `json:"summary,omitempty"`
	Timeline   *payTimelineBlock `json:"timeline,omitempty"`
}

type payStatement struct {
	pay.Statement
	Grade  roster.Grade `json:"grade,omitempty"`
	NoRota bool         `json:"no_rota,omitempty"`
}

type payTimelineBlock struct {
	From      roster.Date    `json:"from"`
	To        roster.Date    `json:"to"`
	Scenarios []pay.Timeline `json:"scenarios"`
}

func (j *payJob) run(ctx context.Context, w io.Writer) error {
	res := payResult{PayDate: j.payDate, CycleWeeks: j.weeks, CycleFrom: j.monday, Doctors: []payStatement{}}
	var errs []error
	var diffs []pay.Money
	for _, d := range j.doctors {
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.register.Status == roster.Left {
			continue // kept for the register, not paid
		}
		if j.override == "" && d.contract != roster.TCS2016 && d.contract != roster.NewDeal2002 {
			continue // consultants and SAS doctors are not paid under these terms
		}
		kinds := []roster.ContractKind{d.contract}
		if j.override != "" {
			kinds = []roster.ContractKind{j.override}
		}
		if j.flags.compare {
			kinds = []roster.ContractKind{roster.TCS2016, roster.NewDeal2002}
		}
		var totals []pay.Money
		for _, k := range kinds {
			s, err := pay.Calculate(j.tables, j.payDate, k, d.input)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			res.Doctors = append(res.Doctors, payStatement{Statement: s, Grade: d.input.Grade, NoRota: d.noRota})
			totals = append(totals, s.Total)
		}
		if len(totals) == 2 {
			diffs = append(diffs, totals[0].Sub(totals[1]))
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if j.flags.compare && len(diffs) > 0 {
		s, err := pay.Distribution(diffs, pay.MustMoney("1000"))
		if err != nil {
			return err
		}
		res.Summary = &s
	}
	if j.flags.timeline != "" {
		tb, err := j.buildTimelines()
		if err != nil {
			return err
		}
		res.Timeline = tb
	}
	switch j.flags.format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	case "csv":
		return payWriteCSV(w, res)
	}
	return j.writeText(w, res)
}

func (j *payJob) buildTimelines() (*payTimelineBlock, error) {
	var docs []pay.TimelineDoctor
	for _, d := range j.doctors {
		docs = append(docs, pay.TimelineDoctor{Doctor: d.register, Input: d.input})
	}
	scs := []pay.Scenario{{Name: "no change", Tables: j.base}}
	if !j.impose.IsZero() {
		scs = append(scs, pay.Scenario{Name: "impose from " + j.impose.String(), Tables: j.base, ImposeFrom: j.impose,
			LongStop: j.longStop, ProtectMonths: j.flags.protectMonths, ProtectIncrements: j.flags.protectIncrements})
	}
	if len(j.extra) > 0 {
		var names []string
		for _, t := range j.extra {
			names = append(names, t.Version+" from "+t.EffectiveFrom.String())
		}
		scs = append(scs, pay.Scenario{Name: "with " + strings.Join(names, ", "), Tables: j.tables})
	}
	tb := &payTimelineBlock{From: j.from, To: j.to}
	var errs []error
	for _, sc := range scs {
		tl, err := pay.BuildTimeline(docs, sc, j.from, j.to)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		tb.Scenarios = append(tb.Scenarios, tl)
	}
	return tb, errors.Join(errs...)
}

func (j *payJob) writeText(w io.Writer, res payResult) error {
	fmt.Fprintf(w, "Pay on %s; rota %s: cycle of %d weeks", res.PayDate, j.rotaFile, res.CycleWeeks)
	if !res.CycleFrom.IsZero() {
		fmt.Fprintf(w, " from Monday %s", res.CycleFrom)
	}
	fmt.Fprintln(w, ".\nAmounts are annual; each is exact and shown rounded to the penny; a total is the exact sum rounded once.")
	for i, s := range res.Doctors {
		fmt.Fprintf(w, "\n%s — %s, %s (tables %s)", s.Doctor, payContractName(s.Contract), payOr(string(s.Grade), "no grade"), s.TableVersion)
		if s.NoRota {
			fmt.Fprint(w, " — not in the rota")
		}
		fmt.Fprintln(w)
		nameW, amtW := len("total"), len(s.Total.Display())
		for _, e := range s.Elements {
			nameW = max(nameW, utf8.RuneCountInString(e.Element))
			amtW = max(amtW, utf8.RuneCountInString(e.Amount.Display()))
		}
		line := func(name, amount, working string) {
			fmt.Fprintf(w, "  %s%s  %s%s", name, strings.Repeat(" ", nameW-utf8.RuneCountInString(name)),
				strings.Repeat(" ", amtW-utf8.RuneCountInString(amount)), amount)
			if working != "" {
				fmt.Fprint(w, "  "+working)
			}
			fmt.Fprintln(w)
		}
		for _, e := range s.Elements {
			line(e.Element, e.Amount.Display(), e.Working)
		}
		line("total", s.Total.Display(), "")
		if j.flags.compare && i%2 == 1 && res.Doctors[i-1].Doctor == s.Doctor {
			diff := res.Doctors[i-1].Total.Sub(s.Total)
			fmt.Fprintf(w, "  2016 terms − 2002 contract: %s a year\n", paySigned(diff))
		}
	}
	if res.Summary != nil {
		fmt.Fprintf(w, "\nOn the 2016 terms instead of the 2002 contract: %s.\n", res.Summary)
		for _, b := range res.Summary.Buckets {
			if b.Doctors > 0 {
				fmt.Fprintf(w, "  %s to %s: %d\n", paySigned(b.From), paySigned(b.To), b.Doctors)
			}
		}
	}
	if res.Timeline != nil {
		return payWriteTimelineText(w, res.Timeline)
	}
	return nil
}

func payWriteTimelineText(w io.Writer, tb *payTimelineBlock) error {
	fmt.Fprintf(w, "\nMonthly pay bill, %s to %s", tb.From.String()[:7], tb.To.String()[:7])
	if len(tb.Scenarios) == 0 {
		return nil
	}
	counts := tb.Scenarios[len(tb.Scenarios)-1]
	for _, sc := range tb.Scenarios {
		if !sc.Scenario.ImposeFrom.IsZero() {
			counts = sc
		}
	}
	fmt.Fprintf(w, " (doctors on each contract on the 1st under %q):\n", counts.Scenario.Name)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "month\ton 2002\ton 2016\tmoving\t")
	for _, sc := range tb.Scenarios {
		fmt.Fprintf(tw, "%s\t", sc.Scenario.Name)
	}
	fmt.Fprintln(tw)
	for i, m := range counts.Months {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t", m.Month.String()[:7], m.Counts[roster.NewDeal2002], m.Counts[roster.TCS2016], m.Transfers)
		for _, sc := range tb.Scenarios {
			fmt.Fprintf(tw, "%s\t", sc.Months[i].Bill.Display())
		}
		fmt.Fprintln(tw)
	}
	fmt.Fprint(tw, "total\t\t\t\t")
	for _, sc := range tb.Scenarios {
		fmt.Fprintf(tw, "%s\t", sc.Total.Display())
	}
	fmt.Fprintln(tw)
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, sc := range tb.Scenarios {
		if sc.Scenario.ImposeFrom.IsZero() {
			continue
		}
		var prot pay.Money
		for _, m := range sc.Months {
			prot = prot.Add(m.Protection)
		}
		fmt.Fprintf(w, "\nUnder %q, %d doctors move from the 2002 contract to the 2016 terms", sc.Scenario.Name, len(sc.Transfers))
		if sc.Scenario.ProtectMonths > 0 {
			fmt.Fprintf(w, " (pay protection in the bill: %s)", prot.Display())
		}
		fmt.Fprintln(w, ":")
		for _, t := range sc.Transfers {
			fmt.Fprintf(w, "  %s  %s  (%s)", t.Date, t.Doctor, t.Reason)
			if !t.ProtectedUntil.IsZero() {
				fmt.Fprintf(w, ", protected until %s", t.ProtectedUntil)
			}
			fmt.Fprintln(w)
		}
	}
	return nil
}

func payWriteCSV(w io.Writer, res payResult) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"doctor", "contract", "table_version", "rule", "element", "amount", "working"})
	for _, s := range res.Doctors {
		for _, e := range s.Elements {
			_ = cw.Write([]string{s.Doctor, string(s.Contract), s.TableVersion, e.Rule, e.Element, e.Amount.String(), e.Working})
		}
		_ = cw.Write([]string{s.Doctor, string(s.Contract), s.TableVersion, "TOTAL", "total", s.Total.String(), "exact sum of the elements, rounded once"})
	}
	if tb := res.Timeline; tb != nil {
		_ = cw.Write(nil)
		_ = cw.Write([]string{"scenario", "month", "on_2002", "on_2016", "moving", "bill", "protection"})
		for _, sc := range tb.Scenarios {
			for _, m := range sc.Months {
				_ = cw.Write([]string{sc.Scenario.Name, m.Month.String()[:7], strconv.Itoa(m.Counts[roster.NewDeal2002]),
					strconv.Itoa(m.Counts[roster.TCS2016]), strconv.Itoa(m.Transfers), m.Bill.String(), m.Protection.String()})
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func payContractName(k roster.ContractKind) string {
	switch k {
	case roster.TCS2016:
		return "2016 terms"
	case roster.NewDeal2002:
		return "2002 contract"
	}
	return string(k)
}

func paySigned(m pay.Money) string {
	if m.Sign() > 0 {
		return "+" + m.Display()
	}
	return m.Display()
}

func payOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// payPrintErr prints every error of a joined tree on its own line.
func payPrintErr(w io.Writer, err error) {
	var leaves []error
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		leaves = append(leaves, e)
	}
	walk(err)
	for _, e := range leaves {
		fmt.Fprintf(w, "rotaguard pay: %v\n", e)
	}
}

var _ flag.Value = (*payFileList)(nil)
