package web

import (
	"context"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
	"github.com/rotaguard/rotaguard/internal/store"
)

// doctorCompliance is the doctor page's compliance section.
type doctorCompliance struct {
	compWindow
	C    *docCompliance
	Rows []findingRow // breaches, then warnings, in time order
	Note string       // instead of C, when there is nothing to check
}

// doctorComplianceFor checks the doctor's shifts (every department) over
// the days [from, to] shown on their page, with the usual context around
// them.
func (s *Server) doctorComplianceFor(ctx context.Context, d roster.Doctor, from, to roster.Date) (*doctorCompliance, error) {
	dc := &doctorCompliance{compWindow: newCompWindow(from, to)}
	ca, cb := dc.checked()
	as, err := s.st.ListAssignments(ctx, store.AssignmentFilter{DoctorID: d.ID, From: ca, To: cb})
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		dc.Note = "No shifts around these weeks to check against the contract rules."
		return dc, nil
	}
	rep := newCompChecker().check(d, as)
	sa, sb := dc.shown()
	dc.C = collect(d, &rep, sa, sb)
	for _, list := range [][]rules.Finding{dc.C.Violations, dc.C.Warnings} {
		for _, f := range list {
			dc.Rows = append(dc.Rows, findingRow{Doctor: d, F: f})
		}
	}
	return dc, nil
}
