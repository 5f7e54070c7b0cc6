package web

import (
	"context"
	"sync"

	"github.com/rotaguard/rotaguard/internal/pay"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
	"github.com/rotaguard/rotaguard/internal/store"
)

// payWeeks is the stretch of a doctor's rota their pay estimate is
// measured over (the demo's rota cycles are 8 weeks).
const payWeeks = 8

var payTables = sync.OnceValue(pay.Builtin)

// doctorPay is one doctor's annual pay under both contracts, measured
// from their shifts in the payWeeks from From, with the tables in force
// on From. Cmp is nil when pay is not computed (Note says why).
type doctorPay struct {
	Doctor   roster.Doctor
	From, To roster.Date // To is the last day measured
	Shifts   int         // work and on-call periods starting in the weeks
	Measures pay.Measures
	Input    pay.Input
	Cmp      *pay.Comparison
	Note     string
	// Err is set when the engine refused the doctor's data (Note has the message).
	Err error
}

// residentPaid reports whether pay under the two contracts is computed
// for d: a resident doctor on the 2016 terms or the 2002 contract.
func residentPaid(d roster.Doctor) bool {
	k := d.Contract.Kind
	return d.Grade.InTraining() && (k == roster.TCS2016 || k == roster.NewDeal2002)
}

// computeDoctorPay pays d from as, their assignments (any that start
// outside the payWeeks from the Monday on or before from are ignored: the
// rota weeks are whole weeks, as the rules engine's banding needs). It does no I/O, so the
// doctor's page and the organisation's overview compute the same figures.
func computeDoctorPay(d roster.Doctor, as []roster.Assignment, from roster.Date) doctorPay {
	from = mondayOf(from)
	to := from.AddDays(7 * payWeeks)
	p := doctorPay{Doctor: d, From: from, To: to.AddDays(-1)}
	if !residentPaid(d) {
		p.Note = "Pay is computed for resident doctors on the 2016 terms or the 2002 contract only."
		return p
	}
	var inWindow []roster.Assignment
	for _, a := range as {
		if a.Kind == roster.Leave {
			continue
		}
		if day := roster.DateOf(a.Start.In(roster.London)); !day.Before(from) && day.Before(to) {
			inWindow = append(inWindow, a)
		}
	}
	p.Shifts = len(inWindow)
	p.Measures = pay.Measure(pay.PeriodsOf(inWindow), payWeeks, pay.MeasureOptionsFor(d.Contract))
	p.Input = pay.InputFor(d, p.Measures)
	if d.Contract.Kind == roster.TCS2016 && d.Contract.Band == "" && len(inWindow) > 0 {
		bandByRules(&p.Input, d, inWindow)
	}
	cmp, err := pay.Compare(payTables(), from, p.Input)
	if err != nil {
		p.Err = err
		p.Note = "Pay could not be computed: " + roster.ErrorMessage(err)
		return p
	}
	p.Cmp = &cmp
	if len(inWindow) == 0 {
		p.Note = "No shifts in these weeks: basic pay only."
	}
	return p
}

// bandByRules sets the 2002 band of a doctor on the 2016 terms (who has
// none on record) to the rules engine's New Deal banding of their rota,
// as rotaguard pay does: the band their rota would earn on the 2002
// contract. It is approximate (the published flowchart, without
// monitoring data), and the working says so.
func bandByRules(in *pay.Input, d roster.Doctor, as []roster.Assignment) {
	rep := rules.Check(rules.Profile{Doctor: in.Doctor, Contract: roster.NewDeal2002, Grade: d.Grade, LTFT: d.LTFT(),
		OptOut: d.Contract.OptOut, CycleWeeks: payWeeks}, rules.AppendAssignments(nil, in.Doctor, as))
	if rep.Band == nil {
		return
	}
	in.Band = rep.Band.Band
	if in.Band == "" {
		in.Band = "none"
	}
	in.BandReason = "approximate banding of this rota by the rules engine"
	if rep.Band.Reason != "" {
		in.BandReason += ": " + rep.Band.Reason
	}
}

// doctorPayFrom loads d's assignments of the payWeeks from from and pays them.
func (s *Server) doctorPayFrom(ctx context.Context, d roster.Doctor, from roster.Date) (doctorPay, error) {
	from = mondayOf(from)
	if !residentPaid(d) {
		return computeDoctorPay(d, nil, from), nil
	}
	to := from.AddDays(7 * payWeeks)
	as, err := s.st.ListAssignments(ctx, store.AssignmentFilter{DoctorID: d.ID, From: dayStart(from), To: dayStart(to)})
	if err != nil {
		return doctorPay{}, err
	}
	return computeDoctorPay(d, as, from), nil
}

// payEstimate is the doctor page's pay panel.
type payEstimate struct {
	Doctor     roster.ID
	From, To   roster.Date
	TCS2016    string
	ND2002     string
	Difference string
	Gain       bool
	Note       string
}

// estimatePay estimates a resident doctor's annual pay under the 2016
// terms and the 2002 contract from their shifts in the payWeeks from
// from (internal/pay; tables in force on from). Consultants and SAS
// doctors are not covered.
func (s *Server) estimatePay(ctx context.Context, d roster.Doctor, from roster.Date) (*payEstimate, error) {
	p, err := s.doctorPayFrom(ctx, d, from)
	if err != nil {
		return nil, err
	}
	e := &payEstimate{Doctor: d.ID, From: p.From, To: p.To, Note: p.Note}
	if p.Cmp != nil {
		e.TCS2016, e.ND2002 = p.Cmp.TCS2016.Total.Display(), p.Cmp.ND2002.Total.Display()
		e.Difference, e.Gain = p.Cmp.Difference.Display(), p.Cmp.Difference.Sign() > 0
	}
	return e, nil
}

// payRoutes registers the pay pages and API routes.
func (s *Server) payRoutes() []route {
	return []route{
		{pattern: "GET /doctors/{id}/pay", h: s.doctorPayPage},
		{pattern: "GET /doctors/{id}/pay.csv", h: s.doctorPayCSV},
		{pattern: "GET /doctors/{id}/pay.xlsx", h: s.doctorPayXLSX},
		{pattern: "GET /pay", h: s.payOverviewPage},
		{pattern: "GET /pay/distribution.csv", h: s.payDistributionCSV},
		{pattern: "GET /pay/timeline.csv", h: s.payTimelineCSV},
		{pattern: "GET /pay/projection.csv", h: s.payProjectionCSV},
		{pattern: "GET /pay/report.xlsx", h: s.payReportXLSX},
		{pattern: "GET /api/v1/doctors/{id}/pay", h: s.apiDoctorPay},
		{pattern: "GET /api/v1/pay/overview", h: s.apiPayOverview},
	}
}
