package web

import (
	"context"
	"sync"

	"github.com/rotaguard/rotaguard/internal/pay"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// payWeeks is the stretch of a doctor's rota their pay estimate is
// measured over (the demo's rota cycles are 8 weeks).
const payWeeks = 8

var payTables = sync.OnceValue(pay.Builtin)

// payEstimate is the doctor page's pay panel.
type payEstimate struct {
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
	to := from.AddDays(7 * payWeeks)
	e := &payEstimate{From: from, To: to.AddDays(-1)}
	if !d.Grade.InTraining() {
		e.Note = "Pay is estimated for resident doctors only (2016 terms and 2002 contract)."
		return e, nil
	}
	as, err := s.st.ListAssignments(ctx, store.AssignmentFilter{DoctorID: d.ID, From: dayStart(from), To: dayStart(to)})
	if err != nil {
		return nil, err
	}
	var inWindow []roster.Assignment
	for _, a := range as {
		if day := roster.DateOf(a.Start.In(roster.London)); !day.Before(from) && day.Before(to) {
			inWindow = append(inWindow, a)
		}
	}
	if len(inWindow) == 0 {
		e.Note = "No shifts in these weeks to estimate pay from."
		return e, nil
	}
	m := pay.Measure(pay.PeriodsOf(inWindow), payWeeks, pay.MeasureOptionsFor(d.Contract))
	cmp, err := pay.Compare(payTables(), from, pay.InputFor(d, m))
	if err != nil {
		e.Note = "Pay could not be estimated: " + roster.ErrorMessage(err)
		return e, nil
	}
	e.TCS2016, e.ND2002 = cmp.TCS2016.Total.Display(), cmp.ND2002.Total.Display()
	e.Difference, e.Gain = cmp.Difference.Display(), cmp.Difference.Sign() > 0
	return e, nil
}

// payRoutes registers the pay pages and API routes.
func (s *Server) payRoutes() []route {
	return nil
}
