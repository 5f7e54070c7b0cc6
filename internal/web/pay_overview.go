package web

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"weak"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/pay"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// payParams are the choices of the pay overview (query parameters).
type payParams struct {
	From      roster.Date  // first day of the measured rota weeks; the pay date
	Group     string       // "grade", "specialty" or "none"
	Grade     roster.Grade // only doctors of this grade ("" = all)
	Specialty string       // only doctors of this specialty ("" = all)
	Width     int          // histogram bucket width, whole pounds
	Impose    roster.Date  // the imposition scenario's start
	LongStop  roster.Date  // optional
	Protect   int          // months of pay protection after a move
	Months    int          // months in the transition and the projection
	Uplift    string       // negotiated uplift in percent ("" = no such scenario)
	UpliftOn  roster.Date  // when the uplift takes effect
}

// query is the parameters as a query string (export links keep the choices).
func (p payParams) query() string {
	v := url.Values{}
	v.Set("from", p.From.String())
	v.Set("group", p.Group)
	if p.Grade != "" {
		v.Set("grade", string(p.Grade))
	}
	if p.Specialty != "" {
		v.Set("specialty", p.Specialty)
	}
	v.Set("width", strconv.Itoa(p.Width))
	v.Set("impose", p.Impose.String())
	if !p.LongStop.IsZero() {
		v.Set("long_stop", p.LongStop.String())
	}
	v.Set("protect", strconv.Itoa(p.Protect))
	v.Set("months", strconv.Itoa(p.Months))
	if p.Uplift != "" {
		v.Set("uplift", p.Uplift)
		v.Set("uplift_from", p.UpliftOn.String())
	}
	return v.Encode()
}

// nextChangeover is the first 1 February or 1 August after d (the
// rotation changeovers): the default imposition date.
func nextChangeover(d roster.Date) roster.Date {
	for y := d.Year; ; y++ {
		for _, m := range []int{2, 8} {
			c := roster.Date{Year: y, Month: time.Month(m), Day: 1}
			if c.After(d) {
				return c
			}
		}
	}
}

// nextApril is the first 1 April after d (the pay year).
func nextApril(d roster.Date) roster.Date {
	c := roster.Date{Year: d.Year, Month: time.April, Day: 1}
	if !c.After(d) {
		c.Year++
	}
	return c
}

// percentRe is a decimal percentage: "3", "-1.5".
var percentRe = regexp.MustCompile(`^-?[0-9]{1,3}(\.[0-9]{1,4})?$`)

func (s *Server) payParams(r *http.Request) (payParams, error) {
	q := r.URL.Query()
	today := roster.DateOf(s.now().In(roster.London))
	p := payParams{Group: "grade", Width: 1000, Months: 12, Impose: nextChangeover(today)}
	var errs []error
	var err error
	if p.From, err = s.fromParam(r); err != nil {
		errs = append(errs, err)
	}
	p.From = mondayOf(p.From) // whole rota weeks
	date := func(field string, dst *roster.Date) {
		if v := strings.TrimSpace(q.Get(field)); v != "" {
			d, err := roster.ParseDate(v)
			if err != nil {
				errs = append(errs, roster.FieldErrorf(field, "%v", err))
				return
			}
			*dst = d
		}
	}
	number := func(field string, dst *int, lo, hi int) {
		if v := strings.TrimSpace(q.Get(field)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < lo || n > hi {
				errs = append(errs, roster.FieldErrorf(field, "%q must be a whole number from %d to %d", v, lo, hi))
				return
			}
			*dst = n
		}
	}
	date("impose", &p.Impose)
	date("long_stop", &p.LongStop)
	number("width", &p.Width, 100, 50000)
	number("protect", &p.Protect, 0, 60)
	number("months", &p.Months, 1, 36)
	switch g := q.Get("group"); g {
	case "", "grade":
	case "specialty", "none":
		p.Group = g
	default:
		errs = append(errs, roster.FieldErrorf("group", "%q: group by grade, specialty or none", g))
	}
	if g := q.Get("grade"); g != "" {
		gr, err := roster.ParseGrade(g)
		if err != nil {
			errs = append(errs, roster.FieldErrorf("grade", "%v", err))
		}
		p.Grade = gr
	}
	p.Specialty = strings.TrimSpace(q.Get("specialty"))
	if v := strings.TrimPrefix(strings.TrimSpace(q.Get("uplift")), "+"); v != "" {
		if !percentRe.MatchString(v) {
			errs = append(errs, roster.FieldErrorf("uplift", "%q is not a percentage such as 3 or 2.5", v))
		}
		p.Uplift = v
		p.UpliftOn = nextApril(p.From)
		date("uplift_from", &p.UpliftOn)
	}
	return p, joinErrors(errs)
}

// payOverview is an organisation's pay under both contracts: computed
// from one query for the doctors and one for the assignments.
type payOverview struct {
	Org    roster.Organisation
	P      payParams
	To     roster.Date // last day of the measured weeks
	Paid   []doctorPay // resident doctors with both contracts computed
	Failed []doctorPay // resident doctors the engine refused
	// Others counts doctors not in the figures: consultants and SAS
	// doctors, and doctors who have left.
	Others      int
	Dist        pay.GroupedDistribution
	Scenarios   []pay.Timeline // no change, impose from X, negotiated (if asked)
	Grades      []roster.Grade // of the organisation, for the filters
	Specialties []string
}

// Transition is the imposition scenario's timeline.
func (o *payOverview) Transition() pay.Timeline { return o.Scenarios[1] }

// payCache keeps a server's recent overviews: the key is the
// organisation, the parameters and the data version (dataVersion).
type payCache struct {
	mu sync.Mutex
	m  map[string]*payOverview
}

const payCacheSize = 32

// payCaches holds each server's cache. The key is a weak pointer, so a
// server that is gone (tests make many) neither stays alive nor passes its
// cache to a new server at the same address.
var payCaches sync.Map // weak.Pointer[Server] → *payCache

func (s *Server) payCache() *payCache {
	k := weak.Make(s)
	if c, ok := payCaches.Load(k); ok {
		return c.(*payCache)
	}
	payCaches.Range(func(k, _ any) bool {
		if k.(weak.Pointer[Server]).Value() == nil {
			payCaches.Delete(k)
		}
		return true
	})
	c, _ := payCaches.LoadOrStore(k, &payCache{m: map[string]*payOverview{}})
	return c.(*payCache)
}

func (pc *payCache) get(k string) *payOverview {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.m[k]
}

func (pc *payCache) put(k string, o *payOverview) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if len(pc.m) >= payCacheSize {
		clear(pc.m)
	}
	pc.m[k] = o
}

// dataVersion names the state of the data pay is computed from: the
// newest audit entries about doctors and about assignments (every change
// to either writes one). Sign-ins and other entries do not change it.
func (s *Server) dataVersion(ctx context.Context) (string, error) {
	v := ""
	for _, entity := range []string{"doctor", "assignment"} {
		es, err := s.st.ListAudit(ctx, store.AuditFilter{Entity: entity, Limit: 1})
		if err != nil {
			return "", err
		}
		if len(es) > 0 {
			v += fmt.Sprintf("%s%d.", entity, es[0].ID)
		}
	}
	return v, nil
}

// payOverviewFor checks the user may see the organisation's pay and
// returns the overview, from the cache when nothing has changed.
func (s *Server) payOverviewFor(r *http.Request, c *call) (*payOverview, error) {
	ctx := r.Context()
	org, _, err := s.orgFor(ctx, c, r)
	if err != nil {
		return nil, err
	}
	if err := authorize(c.User, auth.ViewPayBill, auth.Target{OrgID: org.ID}); err != nil {
		return nil, err
	}
	p, err := s.payParams(r)
	if err != nil {
		return nil, err
	}
	ver, err := s.dataVersion(ctx)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%d|%s|%s", org.ID, ver, p.query())
	cache := s.payCache()
	if o := cache.get(key); o != nil {
		return o, nil
	}
	o, err := s.computePayOverview(ctx, org, p)
	if err != nil {
		return nil, err
	}
	cache.put(key, o)
	return o, nil
}

// computePayOverview pays every resident doctor of org (one query for the
// doctors, one for the assignments of the measured weeks) and builds the
// distribution, the transition and the projection.
func (s *Server) computePayOverview(ctx context.Context, org roster.Organisation, p payParams) (*payOverview, error) {
	o := &payOverview{Org: org, P: p, To: p.From.AddDays(7*payWeeks - 1)}
	var docs []roster.Doctor
	var derr error
	var wg sync.WaitGroup
	wg.Go(func() { docs, derr = s.st.ListDoctors(ctx, store.DoctorFilter{OrgID: org.ID}) })
	byDoctor, err := s.orgAssignments(ctx, org.ID, p.From, p.From.AddDays(7*payWeeks))
	wg.Wait()
	if err := joinErrors([]error{derr, err}); err != nil {
		return nil, err
	}
	paid := payAll(docs, byDoctor, p)
	grades, specs := map[roster.Grade]bool{}, map[string]bool{}
	var diffs []pay.Money
	var groups []string
	var tds []pay.TimelineDoctor
	for _, d := range docs {
		if residentPaid(d) {
			grades[d.Grade] = true
			if d.Specialty != "" {
				specs[d.Specialty] = true
			}
		}
		if (p.Grade != "" && d.Grade != p.Grade) || (p.Specialty != "" && d.Specialty != p.Specialty) {
			continue
		}
		if d.Status == roster.Left || !residentPaid(d) {
			o.Others++
			continue
		}
		dp := paid[d.ID]
		if dp.Cmp == nil {
			o.Failed = append(o.Failed, dp)
			continue
		}
		o.Paid = append(o.Paid, dp)
		diffs = append(diffs, dp.Cmp.Difference)
		switch p.Group {
		case "grade":
			groups = append(groups, string(d.Grade))
		case "specialty":
			groups = append(groups, d.Specialty)
		default:
			groups = append(groups, "All doctors")
		}
		tds = append(tds, pay.TimelineDoctor{Doctor: d, Input: dp.Input})
	}
	for _, g := range roster.Grades {
		if grades[g] {
			o.Grades = append(o.Grades, g)
		}
	}
	for sp := range specs {
		o.Specialties = append(o.Specialties, sp)
	}
	slices.Sort(o.Specialties)
	order := make([]string, len(roster.Grades))
	for i, g := range roster.Grades {
		order[i] = string(g)
	}
	if o.Dist, err = pay.DistributionBy(diffs, groups, order, pay.MustMoney(strconv.Itoa(p.Width))); err != nil {
		return nil, err
	}
	scs := []pay.Scenario{
		{Name: "no change", Tables: payTables()},
		{Name: "impose from " + p.Impose.String(), Tables: payTables(), ImposeFrom: p.Impose, LongStop: p.LongStop, ProtectMonths: p.Protect},
	}
	if p.Uplift != "" {
		pct, _ := new(big.Rat).SetString(p.Uplift)
		base, err := payTables().At(p.UpliftOn)
		if err != nil {
			return nil, roster.FieldErrorf("uplift_from", "%s", roster.ErrorMessage(err))
		}
		name := "negotiated +" + p.Uplift + "%"
		if pct.Sign() < 0 {
			name = "negotiated " + p.Uplift + "%"
		}
		neg, err := pay.Negotiated(base, name, p.UpliftOn, pct)
		if err != nil {
			return nil, err
		}
		ts, err := payTables().With(neg)
		if err != nil {
			return nil, roster.FieldErrorf("uplift_from", "%s: choose another date", roster.ErrorMessage(err))
		}
		scs = append(scs, pay.Scenario{Name: name + " from " + p.UpliftOn.String(), Tables: ts})
	}
	first := roster.Date{Year: p.From.Year, Month: p.From.Month, Day: 1}
	last := pay.AddMonths(first, p.Months-1)
	// The scenarios are independent: build them side by side.
	o.Scenarios = make([]pay.Timeline, len(scs))
	errs := make([]error, len(scs))
	for i, sc := range scs {
		wg.Go(func() {
			tl, err := pay.BuildTimeline(tds, sc, first, last)
			tl.Transfers = nil // names: the overview shows counts only
			o.Scenarios[i], errs[i] = tl, err
		})
	}
	wg.Wait()
	if err := joinErrors(errs); err != nil {
		return nil, err
	}
	return o, nil
}

// orgAssignments returns the organisation's assignments overlapping the
// days [from, to), by doctor. The stretch is read as two halves at once
// (the database serves concurrent readers; most of the time is in
// reading rows), and an assignment that straddles the halves is kept once.
func (s *Server) orgAssignments(ctx context.Context, org roster.ID, from, to roster.Date) (map[roster.ID][]roster.Assignment, error) {
	mid := from.AddDays(from.DaysUntil(to) / 2)
	bounds := []roster.Date{from, mid, to}
	parts := make([][]roster.Assignment, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range parts {
		wg.Go(func() {
			parts[i], errs[i] = s.st.ListAssignments(ctx, store.AssignmentFilter{OrgID: org, From: dayStart(bounds[i]), To: dayStart(bounds[i+1])})
		})
	}
	wg.Wait()
	if err := joinErrors(errs); err != nil {
		return nil, err
	}
	seen := make(map[roster.ID]bool, len(parts[0])+len(parts[1]))
	byDoctor := map[roster.ID][]roster.Assignment{}
	for _, part := range parts {
		for _, a := range part {
			if seen[a.ID] {
				continue
			}
			seen[a.ID] = true
			byDoctor[a.DoctorID] = append(byDoctor[a.DoctorID], a)
		}
	}
	return byDoctor, nil
}

// payAll pays the resident doctors of docs selected by p, spread over the
// processors (the doctors are independent).
func payAll(docs []roster.Doctor, byDoctor map[roster.ID][]roster.Assignment, p payParams) map[roster.ID]doctorPay {
	var todo []roster.Doctor
	for _, d := range docs {
		if d.Status != roster.Left && residentPaid(d) && (p.Grade == "" || d.Grade == p.Grade) && (p.Specialty == "" || d.Specialty == p.Specialty) {
			todo = append(todo, d)
		}
	}
	out := make([]doctorPay, len(todo))
	workers := min(runtime.GOMAXPROCS(0), 8)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(todo); i += workers {
				out[i] = computeDoctorPay(todo[i], byDoctor[todo[i].ID], p.From)
			}
		})
	}
	wg.Wait()
	m := make(map[roster.ID]doctorPay, len(out))
	for _, dp := range out {
		m[dp.Doctor.ID] = dp
	}
	return m
}

func monthLabel(d roster.Date) string { return d.In(roster.London).Format("Jan 2006") }

// pounds shows a bucket edge in whole pounds: "£1,000", "-£2,000".
func pounds(m pay.Money) string { return strings.TrimSuffix(m.Display(), ".00") }

// bucketLabel names a histogram bar.
func bucketLabel(b pay.Bucket) string { return pounds(b.From) + " to " + pounds(b.To) }

// payChart is the data of one Chart.js chart (static/pay.js draws it).
type payChart struct {
	Type     string         `json:"type"`
	Stacked  bool           `json:"stacked"`
	Money    bool           `json:"money"`
	Labels   []string       `json:"labels"`
	Datasets []payChartData `json:"datasets"`
}

type payChartData struct {
	Label string    `json:"label"`
	Data  []float64 `json:"data"`
}

func (o *payOverview) charts() map[string]payChart {
	h := payChart{Type: "bar", Stacked: true}
	for _, b := range o.Dist.Summary.Buckets {
		h.Labels = append(h.Labels, bucketLabel(b))
	}
	for _, g := range o.Dist.Groups {
		d := payChartData{Label: g.Name}
		for _, n := range g.Counts {
			d.Data = append(d.Data, float64(n))
		}
		h.Datasets = append(h.Datasets, d)
	}
	t := payChart{Type: "bar", Stacked: true}
	nd, tcs := payChartData{Label: "2002 contract"}, payChartData{Label: "2016 terms"}
	for _, m := range o.Transition().Months {
		t.Labels = append(t.Labels, monthLabel(m.Month))
		nd.Data = append(nd.Data, float64(m.Counts[roster.NewDeal2002]))
		tcs.Data = append(tcs.Data, float64(m.Counts[roster.TCS2016]))
	}
	t.Datasets = []payChartData{nd, tcs}
	p := payChart{Type: "line", Money: true, Labels: t.Labels}
	for _, sc := range o.Scenarios {
		d := payChartData{Label: sc.Scenario.Name}
		for _, m := range sc.Months {
			d.Data = append(d.Data, float64(m.Bill.Pence())/100)
		}
		p.Datasets = append(p.Datasets, d)
	}
	return map[string]payChart{"histogram": h, "transition": t, "projection": p}
}

// transitionRows are the imposition scenario's months: doctors on each
// contract on the 1st and how many move during the month.
func (o *payOverview) transitionRows() []apiPayTransMonth {
	var rows []apiPayTransMonth
	for _, m := range o.Transition().Months {
		rows = append(rows, apiPayTransMonth{Month: m.Month, Label: monthLabel(m.Month), On2002: m.Counts[roster.NewDeal2002],
			On2016: m.Counts[roster.TCS2016], Moving: m.Transfers})
	}
	return rows
}

// Export tables: the same numbers as the page, a header row first.

func (o *payOverview) distributionRows() [][]string {
	rows := [][]string{{"group", "from", "to", "doctors"}}
	for i, b := range o.Dist.Summary.Buckets {
		for _, g := range o.Dist.Groups {
			rows = append(rows, []string{g.Name, b.From.String(), b.To.String(), strconv.Itoa(g.Counts[i])})
		}
		rows = append(rows, []string{"ALL", b.From.String(), b.To.String(), strconv.Itoa(b.Doctors)})
	}
	return rows
}

func (o *payOverview) timelineRows() [][]string {
	tl := o.Transition()
	rows := [][]string{{"scenario", "month", "on_2002", "on_2016", "moving"}}
	for _, m := range tl.Months {
		rows = append(rows, []string{tl.Scenario.Name, m.Month.String()[:7], strconv.Itoa(m.Counts[roster.NewDeal2002]),
			strconv.Itoa(m.Counts[roster.TCS2016]), strconv.Itoa(m.Transfers)})
	}
	return rows
}

func (o *payOverview) projectionRows() [][]string {
	rows := [][]string{{"scenario", "month", "bill", "protection", "difference_from_no_change"}}
	base := o.Scenarios[0]
	for _, sc := range o.Scenarios {
		for i, m := range sc.Months {
			rows = append(rows, []string{sc.Scenario.Name, m.Month.String()[:7], m.Bill.String(), m.Protection.String(),
				m.Bill.Sub(base.Months[i].Bill).String()})
		}
		rows = append(rows, []string{sc.Scenario.Name, "TOTAL", sc.Total.String(), "", sc.Total.Sub(base.Total).String()})
	}
	return rows
}

func (o *payOverview) exportName(what, ext string) string {
	return fmt.Sprintf("pay-%s-%s-%s.%s", what, fileSafe(o.Org.Code), o.P.From, ext)
}

func (s *Server) payDistributionCSV(w http.ResponseWriter, r *http.Request, c *call) error {
	o, err := s.payOverviewFor(r, c)
	if err != nil {
		return err
	}
	return writeCSV(w, o.exportName("distribution", "csv"), o.distributionRows())
}

func (s *Server) payTimelineCSV(w http.ResponseWriter, r *http.Request, c *call) error {
	o, err := s.payOverviewFor(r, c)
	if err != nil {
		return err
	}
	return writeCSV(w, o.exportName("timeline", "csv"), o.timelineRows())
}

func (s *Server) payProjectionCSV(w http.ResponseWriter, r *http.Request, c *call) error {
	o, err := s.payOverviewFor(r, c)
	if err != nil {
		return err
	}
	return writeCSV(w, o.exportName("projection", "csv"), o.projectionRows())
}

func (s *Server) payReportXLSX(w http.ResponseWriter, r *http.Request, c *call) error {
	o, err := s.payOverviewFor(r, c)
	if err != nil {
		return err
	}
	return writeXLSX(w, o.exportName("report", "xlsx"), []sheet{
		{Name: "Distribution", Rows: o.distributionRows(), MoneyCols: []int{1, 2}, IntCols: []int{3}},
		{Name: "Timeline", Rows: o.timelineRows(), IntCols: []int{2, 3, 4}},
		{Name: "Projection", Rows: o.projectionRows(), MoneyCols: []int{2, 3, 4}},
	})
}

// payProjectionRow is one month of the projection table on the page.
type payProjectionRow struct {
	Month string
	Bills []string
	Diffs []string // each scenario after the first, minus no change
}

func (o *payOverview) projectionTable() (rows []payProjectionRow, totals payProjectionRow) {
	base := o.Scenarios[0]
	for i, m := range base.Months {
		row := payProjectionRow{Month: monthLabel(m.Month)}
		for j, sc := range o.Scenarios {
			row.Bills = append(row.Bills, sc.Months[i].Bill.Display())
			if j > 0 {
				row.Diffs = append(row.Diffs, sc.Months[i].Bill.Sub(m.Bill).Display())
			}
		}
		rows = append(rows, row)
	}
	totals.Month = "Total"
	for j, sc := range o.Scenarios {
		totals.Bills = append(totals.Bills, sc.Total.Display())
		if j > 0 {
			totals.Diffs = append(totals.Diffs, sc.Total.Sub(base.Total).Display())
		}
	}
	return rows, totals
}

func (s *Server) payOverviewPage(w http.ResponseWriter, r *http.Request, c *call) error {
	o, err := s.payOverviewFor(r, c)
	if err != nil {
		return err
	}
	rows, totals := o.projectionTable()
	var buckets []string
	for _, b := range o.Dist.Summary.Buckets {
		buckets = append(buckets, bucketLabel(b))
	}
	s.render(w, r, c, http.StatusOK, "pay_overview", "Pay under both contracts", map[string]any{
		"O": o, "Charts": o.charts(), "Buckets": buckets, "Query": o.P.query(),
		"Projection": rows, "Totals": totals, "Transition": o.Transition(), "TransitionRows": o.transitionRows(),
	})
	return nil
}

// API: GET /api/v1/pay/overview. Counts and totals only, no names.

type apiPayOverview struct {
	OrgID        roster.ID          `json:"org_id"`
	From         roster.Date        `json:"from"`
	To           roster.Date        `json:"to"`
	Group        string             `json:"group"`
	Grade        string             `json:"grade,omitempty"`
	Specialty    string             `json:"specialty,omitempty"`
	Doctors      int                `json:"doctors"`
	NotComputed  int                `json:"not_computed"`
	Others       int                `json:"others"`
	Distribution apiPayDistribution `json:"distribution"`
	Transition   apiPayTransition   `json:"transition"`
	Projection   []apiPayScenario   `json:"projection"`
}

type apiPayDistribution struct {
	Width   pay.Money     `json:"width"`
	Summary pay.Summary   `json:"summary"`
	Groups  []apiPayGroup `json:"groups"`
}

type apiPayGroup struct {
	Name    string    `json:"name"`
	Counts  []int     `json:"counts"`
	Doctors int       `json:"doctors"`
	Gain    int       `json:"gain"`
	Lose    int       `json:"lose"`
	Median  pay.Money `json:"median"`
	Total   pay.Money `json:"total"`
}

type apiPayTransition struct {
	Scenario string             `json:"scenario"`
	Months   []apiPayTransMonth `json:"months"`
}

type apiPayTransMonth struct {
	Month  roster.Date `json:"month"`
	Label  string      `json:"-"` // "Aug 2026", for the page
	On2002 int         `json:"on_2002"`
	On2016 int         `json:"on_2016"`
	Moving int         `json:"moving"`
}

type apiPayScenario struct {
	Name       string           `json:"name"`
	ImposeFrom *roster.Date     `json:"impose_from,omitempty"`
	Total      pay.Money        `json:"total"`
	Months     []apiPayBillLine `json:"months"`
}

type apiPayBillLine struct {
	Month      roster.Date `json:"month"`
	Bill       pay.Money   `json:"bill"`
	Protection pay.Money   `json:"protection"`
}

func (s *Server) apiPayOverview(w http.ResponseWriter, r *http.Request, c *call) error {
	o, err := s.payOverviewFor(r, c)
	if err != nil {
		return err
	}
	body := apiPayOverview{OrgID: o.Org.ID, From: o.P.From, To: o.To, Group: o.P.Group, Grade: string(o.P.Grade),
		Specialty: o.P.Specialty, Doctors: len(o.Paid), NotComputed: len(o.Failed), Others: o.Others,
		Distribution: apiPayDistribution{Width: o.Dist.Width, Summary: o.Dist.Summary, Groups: []apiPayGroup{}},
		Transition:   apiPayTransition{Scenario: o.Transition().Scenario.Name, Months: []apiPayTransMonth{}},
		Projection:   []apiPayScenario{}}
	for _, g := range o.Dist.Groups {
		body.Distribution.Groups = append(body.Distribution.Groups, apiPayGroup{Name: g.Name, Counts: g.Counts,
			Doctors: g.Summary.Doctors, Gain: g.Summary.Gain, Lose: g.Summary.Lose, Median: g.Summary.Median, Total: g.Summary.Total})
	}
	body.Transition.Months = append(body.Transition.Months, o.transitionRows()...)
	for _, sc := range o.Scenarios {
		as := apiPayScenario{Name: sc.Scenario.Name, Total: sc.Total, Months: []apiPayBillLine{}}
		if !sc.Scenario.ImposeFrom.IsZero() {
			d := sc.Scenario.ImposeFrom
			as.ImposeFrom = &d
		}
		for _, m := range sc.Months {
			as.Months = append(as.Months, apiPayBillLine{Month: m.Month, Bill: m.Bill, Protection: m.Protection})
		}
		body.Projection = append(body.Projection, as)
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}
