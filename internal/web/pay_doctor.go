package web

import (
	"fmt"
	"math/big"
	"net/http"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/pay"
	"github.com/rotaguard/rotaguard/internal/roster"
)

// pathDoctorPay loads the doctor of the route (ViewPay) and pays them
// from ?from= (default: the Monday of this week).
func (s *Server) pathDoctorPay(r *http.Request, c *call) (doctorPay, error) {
	d, err := s.pathDoctor(r, c, auth.ViewPay)
	if err != nil {
		return doctorPay{}, err
	}
	from, err := s.fromParam(r)
	if err != nil {
		return doctorPay{}, err
	}
	return s.doctorPayFrom(r.Context(), d, from)
}

// payStatementView is one contract's statement on the doctor's pay page.
type payStatementView struct {
	Title   string
	S       pay.Statement
	Current bool
}

// payMeasureRow is one line of "what was measured from the rota".
type payMeasureRow struct{ Label, Value string }

func measureRows(p doctorPay) []payMeasureRow {
	m := p.Measures
	enh := new(big.Rat)
	if m.EnhancedMinutes != nil {
		enh = m.EnhancedMinutes
	}
	avg := m.AverageWeeklyHours()
	return []payMeasureRow{
		{"Rota weeks", fmt.Sprintf("%d weeks, %s to %s", payWeeks, p.From, p.To)},
		{"Shifts and on-call periods", fmt.Sprint(p.Shifts)},
		{"Work (shifts and call-outs)", fmt.Sprintf("%d min = %s h/week on average", m.WorkMinutes(), avg.FloatString(2))},
		{"Enhanced (night) time", fmt.Sprintf("%s min = %s h/week", enh.FloatString(0), m.AverageEnhancedHours().FloatString(2))},
		{"Weekends worked", fmt.Sprintf("%d in %d weeks", m.Weekends, m.Weeks)},
		{"On-call periods", fmt.Sprint(m.OnCallPeriods)},
	}
}

func (s *Server) doctorPayPage(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.pathDoctorPay(r, c)
	if err != nil {
		return err
	}
	dept, err := s.st.GetDepartment(r.Context(), p.Doctor.DepartmentID)
	if err != nil && !roster.IsCode(err, roster.NotFound) {
		return err
	}
	data := map[string]any{
		"P": p, "Dept": dept, "Measures": measureRows(p), "Contract": contractText(p.Doctor.Contract),
		"Prev": p.From.AddDays(-7 * payWeeks), "Next": p.From.AddDays(7 * payWeeks),
	}
	data["Weeks"] = payWeeks
	if p.Cmp != nil {
		t, err := payTables().At(p.From)
		if err != nil {
			return err
		}
		data["Table"] = t
		data["Statements"] = []payStatementView{
			{Title: "2016 terms", S: p.Cmp.TCS2016, Current: p.Doctor.Contract.Kind == roster.TCS2016},
			{Title: "2002 contract with New Deal banding", S: p.Cmp.ND2002, Current: p.Doctor.Contract.Kind == roster.NewDeal2002},
		}
		data["DiffClass"] = ""
		switch p.Cmp.Difference.Sign() {
		case 1:
			data["DiffClass"] = "pay-gain"
		case -1:
			data["DiffClass"] = "pay-loss"
		}
	}
	s.render(w, r, c, http.StatusOK, "pay_doctor", "Pay: "+p.Doctor.Name(), data)
	return nil
}

// doctorPayRows are the rows of a doctor's pay export: every element of
// both statements, a TOTAL row for each and the DIFFERENCE (2016 − 2002).
func doctorPayRows(p doctorPay) [][]string {
	rows := [][]string{{"doctor", "contract", "table_version", "rule", "element", "amount", "working"}}
	name := p.Doctor.Name()
	if p.Cmp == nil {
		return rows
	}
	for _, st := range []pay.Statement{p.Cmp.TCS2016, p.Cmp.ND2002} {
		for _, e := range st.Elements {
			rows = append(rows, []string{name, string(st.Contract), st.TableVersion, e.Rule, e.Element, e.Amount.String(), e.Working})
		}
		rows = append(rows, []string{name, string(st.Contract), st.TableVersion, "TOTAL", "total", st.Total.String(),
			"exact sum of the elements, rounded once"})
	}
	rows = append(rows, []string{name, "", "", "DIFFERENCE", "2016 terms − 2002 contract", p.Cmp.Difference.String(),
		fmt.Sprintf("measured from the rota weeks %s to %s", p.From, p.To)})
	return rows
}

func payExportName(p doctorPay, ext string) string {
	return fmt.Sprintf("pay-%s-%s.%s", fileSafe(p.Doctor.Name()), p.From, ext)
}

func (s *Server) doctorPayCSV(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.pathDoctorPay(r, c)
	if err != nil {
		return err
	}
	if p.Cmp == nil {
		return roster.Errorf(roster.Invalid, "%s", p.Note)
	}
	return writeCSV(w, payExportName(p, "csv"), doctorPayRows(p))
}

func (s *Server) doctorPayXLSX(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.pathDoctorPay(r, c)
	if err != nil {
		return err
	}
	if p.Cmp == nil {
		return roster.Errorf(roster.Invalid, "%s", p.Note)
	}
	return writeXLSX(w, payExportName(p, "xlsx"), []sheet{{Name: "Pay", Rows: doctorPayRows(p), MoneyCols: []int{5}}})
}

// apiDoctorPayBody is GET /api/v1/doctors/{id}/pay.
type apiDoctorPayBody struct {
	DoctorID roster.ID      `json:"doctor_id"`
	From     roster.Date    `json:"from"`
	To       roster.Date    `json:"to"`
	Weeks    int            `json:"weeks"`
	Shifts   int            `json:"shifts"`
	Measures apiPayMeasures `json:"measures"`
	Current  string         `json:"current_contract"`
	// Comparison is absent when pay is not computed (note says why).
	Comparison *pay.Comparison `json:"comparison,omitempty"`
	Note       string          `json:"note,omitempty"`
}

type apiPayMeasures struct {
	WorkMinutes     int64  `json:"work_minutes"`
	AverageHours    string `json:"average_weekly_hours"`
	EnhancedMinutes string `json:"enhanced_minutes"`
	Weekends        int    `json:"weekends"`
	OnCallPeriods   int    `json:"oncall_periods"`
}

func (s *Server) apiDoctorPay(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.pathDoctorPay(r, c)
	if err != nil {
		return err
	}
	enh := new(big.Rat)
	if p.Measures.EnhancedMinutes != nil {
		enh = p.Measures.EnhancedMinutes
	}
	writeJSON(w, http.StatusOK, apiDoctorPayBody{
		DoctorID: p.Doctor.ID, From: p.From, To: p.To, Weeks: payWeeks, Shifts: p.Shifts,
		Measures: apiPayMeasures{WorkMinutes: p.Measures.WorkMinutes(), AverageHours: p.Measures.AverageWeeklyHours().FloatString(2),
			EnhancedMinutes: enh.FloatString(2), Weekends: p.Measures.Weekends, OnCallPeriods: p.Measures.OnCallPeriods},
		Current: string(p.Doctor.Contract.Kind), Comparison: p.Cmp, Note: p.Note,
	})
	return nil
}
