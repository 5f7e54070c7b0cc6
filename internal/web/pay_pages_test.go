package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"math"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rotaguard/rotaguard/internal/demo"
	"github.com/rotaguard/rotaguard/internal/pay"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/rules"
	"github.com/rotaguard/rotaguard/internal/store"
)

// engineCompare pays d from the store with internal/pay directly (its own
// query per doctor): the expected figures of the pay pages.
func engineCompare(t *testing.T, st store.Store, d roster.Doctor, from roster.Date) pay.Comparison {
	t.Helper()
	to := from.AddDays(7 * payWeeks)
	as, err := st.ListAssignments(sysCtx(t), store.AssignmentFilter{DoctorID: d.ID, From: from.In(roster.London), To: to.In(roster.London)})
	must(t, err)
	var in []roster.Assignment
	for _, a := range as {
		day := roster.DateOf(a.Start.In(roster.London))
		if a.Kind != roster.Leave && !day.Before(from) && day.Before(to) {
			in = append(in, a)
		}
	}
	m := pay.Measure(pay.PeriodsOf(in), payWeeks, pay.MeasureOptionsFor(d.Contract))
	input := pay.InputFor(d, m)
	// A doctor on the 2016 terms with no band on record: the 2002 figure
	// uses the rules engine's New Deal banding of the rota.
	if d.Contract.Kind == roster.TCS2016 && d.Contract.Band == "" && len(in) > 0 {
		var ps []rules.Period
		for _, a := range in {
			ps = append(ps, rules.Period{Doctor: "x", Start: a.Start, End: a.End, Kind: a.Kind})
		}
		rep := rules.Check(rules.Profile{Doctor: "x", Contract: roster.NewDeal2002, Grade: d.Grade, LTFT: d.LTFT(), OptOut: d.Contract.OptOut, CycleWeeks: payWeeks}, ps)
		if rep.Band != nil {
			input.Band = rep.Band.Band
			if input.Band == "" {
				input.Band = "none"
			}
		}
	}
	cmp, err := pay.Compare(pay.Builtin(), from, input)
	must(t, err)
	return cmp
}

func readCSV(t *testing.T, w *httptest.ResponseRecorder) [][]string {
	t.Helper()
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body.String())
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".csv") {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows, err := csv.NewReader(bytes.NewReader(w.Body.Bytes())).ReadAll()
	must(t, err)
	return rows
}

// readXLSX returns every sheet's rows, with raw cell values.
func readXLSX(t *testing.T, w *httptest.ResponseRecorder) map[string][][]string {
	t.Helper()
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body.String())
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, ".xlsx") {
		t.Errorf("Content-Disposition %q", cd)
	}
	f, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	must(t, err)
	defer f.Close()
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		must(t, err)
		out[name] = rows
	}
	return out
}

// samePounds reports whether a spreadsheet number is the amount in pence.
func samePounds(cell string, m pay.Money) bool {
	x, err := strconv.ParseFloat(cell, 64)
	return err == nil && int64(math.Round(x*100)) == m.Pence()
}

func TestDoctorPayPage(t *testing.T) {
	f := newFixture(t)
	from := roster.Date{Year: 2026, Month: 10, Day: 19} // a Monday; the clocks go back on Sunday 25 October
	// Amara (ST3, 2016 terms): earlies, and nights over the weekend of the clock change.
	for _, day := range []int{19, 20, 21, 26, 27, 28, 29} {
		f.newAssignment(t, f.docA1, f.early, roster.Date{Year: 2026, Month: 10, Day: day})
	}
	for _, day := range []int{23, 24, 25} {
		f.newAssignment(t, f.docA1, f.night, roster.Date{Year: 2026, Month: 10, Day: day})
	}
	d, err := f.st.GetDoctor(sysCtx(t), f.docA1.ID)
	must(t, err)
	want := engineCompare(t, f.st, d, from)
	if _, ok := want.TCS2016.Element(pay.ElemNight); !ok {
		t.Fatal("the test rota should earn a night enhancement")
	}
	if _, ok := want.TCS2016.Element(pay.ElemWeekend); !ok {
		t.Fatal("the test rota should earn a weekend allowance")
	}
	q := "?from=" + from.String()

	t.Run("page", func(t *testing.T) {
		w := f.do(roster.RoleDoctor, "GET", "/doctors/"+id(d.ID)+"/pay"+q, nil)
		if w.Code != 200 {
			t.Fatalf("own pay page: %d %s", w.Code, w.Body.String())
		}
		body := w.Body.String()
		for _, s := range []pay.Statement{want.TCS2016, want.ND2002} {
			for _, e := range s.Elements {
				for _, text := range []string{e.Element, e.Rule, e.Amount.Display(), e.Working} {
					if !strings.Contains(body, html.EscapeString(text)) {
						t.Errorf("page lacks %s element %s: %q", s.Contract, e.Rule, text)
					}
				}
			}
			if !strings.Contains(body, s.Total.Display()) {
				t.Errorf("page lacks the %s total %s", s.Contract, s.Total.Display())
			}
		}
		// Amara has no band on record (2016 terms): her 2002 figure uses the rules engine's banding, and says so.
		for _, text := range []string{want.Difference.Display(), "2026/27", "Mon 19 Oct", "Sun 13 Dec", "approximate banding of this rota by the rules engine"} {
			if !strings.Contains(body, html.EscapeString(text)) {
				t.Errorf("page lacks %q", text)
			}
		}
		// Someone else's pay: refused.
		if w := f.do(roster.RoleDoctor, "GET", "/doctors/"+id(f.docA2.ID)+"/pay"+q, nil); w.Code != http.StatusForbidden {
			t.Errorf("another doctor's pay page: status %d, want 403", w.Code)
		}
		// The doctor page links to it.
		if w := f.do(roster.RoleDoctor, "GET", "/doctors/"+id(d.ID)+q, nil); !strings.Contains(w.Body.String(), `href="/doctors/`+id(d.ID)+`/pay?from=2026-10-19"`) {
			t.Error("the doctor page does not link to the pay page")
		}
	})

	// The export's rows: every element of both statements, then totals.
	var wantRows [][]string
	for _, s := range []pay.Statement{want.TCS2016, want.ND2002} {
		for _, e := range s.Elements {
			wantRows = append(wantRows, []string{string(s.Contract), e.Rule, e.Amount.String(), e.Working})
		}
		wantRows = append(wantRows, []string{string(s.Contract), "TOTAL", s.Total.String(), ""})
	}
	wantRows = append(wantRows, []string{"", "DIFFERENCE", want.Difference.String(), ""})

	t.Run("csv", func(t *testing.T) {
		rows := readCSV(t, f.do(roster.RoleDoctor, "GET", "/doctors/"+id(d.ID)+"/pay.csv"+q, nil))
		if got := strings.Join(rows[0], ","); got != "doctor,contract,table_version,rule,element,amount,working" {
			t.Fatalf("header %q", got)
		}
		rows = rows[1:]
		if len(rows) != len(wantRows) {
			t.Fatalf("%d rows, want %d", len(rows), len(wantRows))
		}
		for i, r := range rows {
			w := wantRows[i]
			if r[0] != d.Name() || r[1] != w[0] || r[3] != w[1] || r[5] != w[2] || !strings.HasPrefix(r[6], w[3]) {
				t.Errorf("row %d = %q, want contract %s rule %s amount %s", i+1, r, w[0], w[1], w[2])
			}
		}
	})

	t.Run("xlsx", func(t *testing.T) {
		sheets := readXLSX(t, f.do(roster.RoleDoctor, "GET", "/doctors/"+id(d.ID)+"/pay.xlsx"+q, nil))
		rows := sheets["Pay"]
		if len(rows) != len(wantRows)+1 {
			t.Fatalf("sheet Pay has %d rows, want %d", len(rows), len(wantRows)+1)
		}
		amounts := append(append(elementAmounts(want.TCS2016), elementAmounts(want.ND2002)...), want.Difference)
		for i, r := range rows[1:] {
			if r[3] != wantRows[i][1] || !samePounds(r[5], amounts[i]) {
				t.Errorf("row %d = %q, want rule %s amount %s", i+2, r, wantRows[i][1], amounts[i])
			}
		}
	})

	t.Run("api", func(t *testing.T) {
		w := f.do(roster.RoleDoctor, "GET", "/api/v1/doctors/"+id(d.ID)+"/pay"+q, nil)
		var got struct {
			Shifts     int `json:"shifts"`
			Comparison struct {
				TCS2016    struct{ Total string }
				ND2002     struct{ Total string } `json:"newdeal2002"`
				Difference string
			}
		}
		must(t, json.Unmarshal(w.Body.Bytes(), &got))
		if got.Shifts != 10 || got.Comparison.TCS2016.Total != want.TCS2016.Total.String() ||
			got.Comparison.ND2002.Total != want.ND2002.Total.String() || got.Comparison.Difference != want.Difference.String() {
			t.Errorf("API = %+v, want 10 shifts, %s, %s, %s", got, want.TCS2016.Total, want.ND2002.Total, want.Difference)
		}
		// A Wednesday means the weeks from its Monday: the same figures.
		var wed apiDoctorPayBody
		must(t, json.Unmarshal(f.do(roster.RoleDoctor, "GET", "/api/v1/doctors/"+id(d.ID)+"/pay?from=2026-10-21", nil).Body.Bytes(), &wed))
		if wed.From != from || wed.Comparison == nil || wed.Comparison.Difference.String() != want.Difference.String() {
			t.Errorf("from a Wednesday: weeks from %s, comparison %+v; want %s and the same difference", wed.From, wed.Comparison, from)
		}
	})
}

// elementAmounts are a statement's element amounts then its total.
func elementAmounts(s pay.Statement) []pay.Money {
	var out []pay.Money
	for _, e := range s.Elements {
		out = append(out, e.Amount)
	}
	return append(out, s.Total)
}

// payDemo is a small demo trust (120 doctors, 8 weeks of shifts from
// 2026-08-10) with a server whose clock is on 12 August 2026.
type payDemo struct {
	st    store.Store
	srv   *Server
	org   roster.Organisation
	token map[roster.Role]string
}

func newPayDemo(t *testing.T) *payDemo {
	t.Helper()
	ctx := sysCtx(t)
	tr, err := demo.Generate(demo.Config{Seed: 3, Doctors: 120, Departments: 4, Weeks: 8})
	must(t, err)
	st := openTestStore(t)
	must(t, demo.Load(ctx, st, tr, nil))
	pd := &payDemo{st: st, token: map[roster.Role]string{}}
	pd.srv, err = New(Config{Store: st, Now: func() time.Time { return time.Date(2026, 8, 12, 9, 0, 0, 0, time.UTC) }})
	must(t, err)
	orgs, err := st.ListOrganisations(ctx)
	must(t, err)
	pd.org = orgs[0]
	for _, r := range roster.Roles {
		u, err := st.GetUserByUsername(ctx, string(r))
		must(t, err)
		tok, _, err := pd.srv.sessions.Create(ctx, u.ID)
		must(t, err)
		pd.token[r] = tok
	}
	return pd
}

func (pd *payDemo) get(role roster.Role, target string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", target, nil)
	r.AddCookie(&http.Cookie{Name: cookieName, Value: pd.token[role]})
	w := httptest.NewRecorder()
	pd.srv.ServeHTTP(w, r)
	return w
}

func TestPayOverview(t *testing.T) {
	pd := newPayDemo(t)
	ctx := context.Background()
	from := roster.Date{Year: 2026, Month: 8, Day: 10}
	docs, err := pd.st.ListDoctors(ctx, store.DoctorFilter{OrgID: pd.org.ID})
	must(t, err)
	// Expected, doctor by doctor with the engine: the residents, their
	// current annual pay and who is on the 2002 contract.
	var residents []roster.Doctor
	current := new(big.Rat)
	on2002 := 0
	for _, d := range docs {
		if d.Status == roster.Left || !d.Grade.InTraining() || (d.Contract.Kind != roster.TCS2016 && d.Contract.Kind != roster.NewDeal2002) {
			continue
		}
		residents = append(residents, d)
		cmp := engineCompare(t, pd.st, d, from)
		if d.Contract.Kind == roster.NewDeal2002 {
			current.Add(current, cmp.ND2002.Total.Rat())
			on2002++
		} else {
			current.Add(current, cmp.TCS2016.Total.Rat())
		}
	}
	if len(residents) < 50 || on2002 == 0 {
		t.Fatalf("demo: %d residents, %d on the 2002 contract: too few to test with", len(residents), on2002)
	}
	annual := moneyRat(current)
	monthly := moneyRat(new(big.Rat).Quo(current, big.NewRat(12, 1)))

	q := "?from=2026-08-10&impose=2026-09-01&months=12&protect=6&uplift=3&uplift_from=2027-01-01"

	t.Run("api", func(t *testing.T) {
		w := pd.get(roster.RoleWorkforce, "/api/v1/pay/overview"+q)
		if w.Code != 200 {
			t.Fatalf("%d %s", w.Code, w.Body.String())
		}
		var o apiPayOverview
		must(t, json.Unmarshal(w.Body.Bytes(), &o))
		if o.Doctors != len(residents) || o.NotComputed != 0 {
			t.Errorf("doctors %d (not computed %d), want %d", o.Doctors, o.NotComputed, len(residents))
		}
		n := 0
		for _, b := range o.Distribution.Summary.Buckets {
			n += b.Doctors
		}
		if n != len(residents) {
			t.Errorf("histogram holds %d doctors, want %d", n, len(residents))
		}
		g := 0
		for _, grp := range o.Distribution.Groups {
			for _, c := range grp.Counts {
				g += c
			}
		}
		if g != len(residents) {
			t.Errorf("grade groups hold %d doctors, want %d", g, len(residents))
		}
		if len(o.Transition.Months) != 12 {
			t.Fatalf("%d transition months, want 12", len(o.Transition.Months))
		}
		moving := 0
		for _, m := range o.Transition.Months {
			if m.On2002+m.On2016 != len(residents) {
				t.Errorf("%s: %d + %d doctors, want %d", m.Month, m.On2002, m.On2016, len(residents))
			}
			moving += m.Moving
		}
		first, last := o.Transition.Months[0], o.Transition.Months[11]
		if first.On2002 != on2002 || moving == 0 || first.On2002-last.On2002 != moving-first.Moving {
			t.Errorf("transition: %d on 2002 in August (want %d), %d moving, %d in July", first.On2002, on2002, moving, last.On2002)
		}
		if len(o.Projection) != 3 {
			t.Fatalf("%d scenarios, want no change, imposition, negotiated", len(o.Projection))
		}
		noChange, neg := o.Projection[0], o.Projection[2]
		if noChange.Name != "no change" || noChange.Total.String() != annual.String() {
			t.Errorf("%s: total %s, want the current annual pay %s", noChange.Name, noChange.Total, annual)
		}
		for i, m := range noChange.Months {
			if m.Bill.String() != monthly.String() {
				t.Errorf("no change, %s: %s, want %s", m.Month, m.Bill, monthly)
			}
			// The negotiated uplift changes nothing before January and raises the bill after.
			if c := neg.Months[i].Bill.Cmp(m.Bill); (m.Month.Before(roster.Date{Year: 2027, Month: 1, Day: 1}) && c != 0) ||
				(!m.Month.Before(roster.Date{Year: 2027, Month: 1, Day: 1}) && c <= 0) {
				t.Errorf("%s, %s: %s against %s with no change", neg.Name, m.Month, neg.Months[i].Bill, m.Bill)
			}
		}
	})

	t.Run("csv", func(t *testing.T) {
		n := 0
		for _, r := range readCSV(t, pd.get(roster.RoleWorkforce, "/pay/distribution.csv"+q))[1:] {
			if r[0] == "ALL" {
				k, err := strconv.Atoi(r[3])
				must(t, err)
				n += k
			}
		}
		if n != len(residents) {
			t.Errorf("distribution.csv: %d doctors, want %d", n, len(residents))
		}
		tl := readCSV(t, pd.get(roster.RoleWorkforce, "/pay/timeline.csv"+q))
		if strings.Join(tl[0], ",") != "scenario,month,on_2002,on_2016,moving" || len(tl) != 13 {
			t.Fatalf("timeline.csv: header %q, %d rows", tl[0], len(tl))
		}
		for _, r := range tl[1:] {
			a, _ := strconv.Atoi(r[2])
			b, _ := strconv.Atoi(r[3])
			if a+b != len(residents) {
				t.Errorf("timeline.csv %s: %d doctors", r[1], a+b)
			}
		}
		pr := readCSV(t, pd.get(roster.RoleWorkforce, "/pay/projection.csv"+q))
		bills := 0
		for _, r := range pr[1:] {
			if r[0] != "no change" {
				continue
			}
			if r[1] == "TOTAL" {
				if r[2] != annual.String() {
					t.Errorf("projection.csv total %s, want %s", r[2], annual)
				}
				continue
			}
			bills++
			if r[2] != monthly.String() || r[4] != "0.00" {
				t.Errorf("projection.csv %q, want bill %s", r, monthly)
			}
		}
		if bills != 12 {
			t.Errorf("projection.csv: %d no-change months", bills)
		}
	})

	t.Run("xlsx", func(t *testing.T) {
		sheets := readXLSX(t, pd.get(roster.RoleWorkforce, "/pay/report.xlsx"+q))
		for _, name := range []string{"Distribution", "Timeline", "Projection"} {
			if len(sheets[name]) < 2 {
				t.Fatalf("sheet %s: %d rows", name, len(sheets[name]))
			}
		}
		n := 0
		for _, r := range sheets["Distribution"][1:] {
			if r[0] == "ALL" {
				k, _ := strconv.Atoi(r[3])
				n += k
			}
		}
		if n != len(residents) {
			t.Errorf("Distribution sheet: %d doctors, want %d", n, len(residents))
		}
		for _, r := range sheets["Projection"][1:] {
			if r[0] == "no change" && r[1] != "TOTAL" && !samePounds(r[2], monthly) {
				t.Errorf("Projection sheet %q, want %s", r, monthly)
			}
		}
	})

	t.Run("page", func(t *testing.T) {
		w := pd.get(roster.RoleWorkforce, "/pay"+q+"&group=specialty")
		if w.Code != 200 {
			t.Fatalf("%d %s", w.Code, w.Body.String())
		}
		body := w.Body.String()
		for _, s := range []string{`id="pay-charts"`, `data-pay-chart="histogram"`, `data-pay-chart="transition"`, `data-pay-chart="projection"`,
			"impose from 2026-09-01", "negotiated +3% from 2027-01-01", html.EscapeString(annual.Display()), "/pay/report.xlsx?"} {
			if !strings.Contains(body, s) {
				t.Errorf("page lacks %q", s)
			}
		}
		// Counts and totals only: no doctor's name.
		for _, d := range residents {
			if strings.Contains(body, html.EscapeString(d.Name())) {
				t.Errorf("the overview names %s", d.Name())
				break
			}
		}
	})

	t.Run("filter", func(t *testing.T) {
		var st3 int
		for _, d := range residents {
			if d.Grade == roster.ST3 {
				st3++
			}
		}
		w := pd.get(roster.RoleWorkforce, "/api/v1/pay/overview"+q+"&grade=ST3&group=specialty")
		var o apiPayOverview
		must(t, json.Unmarshal(w.Body.Bytes(), &o))
		if o.Doctors != st3 || o.Distribution.Summary.Doctors != st3 {
			t.Errorf("ST3 only: %d doctors, want %d", o.Doctors, st3)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		w := pd.get(roster.RoleWorkforce, "/api/v1/pay/overview?months=99&width=x&impose=soon&group=colour&uplift=1e2")
		var e apiError
		must(t, json.Unmarshal(w.Body.Bytes(), &e))
		fields := map[string]bool{}
		for _, d := range e.Error.Details {
			fields[d.Field] = true
		}
		if w.Code != 400 || !fields["months"] || !fields["width"] || !fields["impose"] || !fields["group"] || !fields["uplift"] {
			t.Errorf("status %d, details %+v: want 400 naming months, width, impose, group and uplift", w.Code, e.Error.Details)
		}
		// An uplift beyond what Negotiated accepts is refused too.
		if w := pd.get(roster.RoleWorkforce, "/api/v1/pay/overview?uplift=150"); w.Code != 400 {
			t.Errorf("uplift 150%%: status %d, want 400", w.Code)
		}
	})

	t.Run("cache follows changes", func(t *testing.T) {
		get := func() apiPayOverview {
			var o apiPayOverview
			must(t, json.Unmarshal(pd.get(roster.RoleWorkforce, "/api/v1/pay/overview"+q).Body.Bytes(), &o))
			return o
		}
		before := get()
		d := residents[0]
		d.Status = roster.Left
		must(t, pd.st.UpdateDoctor(sysCtx(t), &d))
		after := get()
		if after.Doctors != before.Doctors-1 {
			t.Errorf("after a doctor left: %d doctors, want %d", after.Doctors, before.Doctors-1)
		}
		// A night removed from a doctor on the 2016 terms lowers their night enhancement, and the bill.
		var night *roster.Assignment
		for _, r := range residents[1:] {
			if r.Contract.Kind != roster.TCS2016 || night != nil {
				continue
			}
			as, err := pd.st.ListAssignments(sysCtx(t), store.AssignmentFilter{DoctorID: r.ID, From: from.In(roster.London), To: from.AddDays(7 * payWeeks).In(roster.London), Kind: roster.Work})
			must(t, err)
			for _, a := range as {
				if a.Start.In(roster.London).Hour() >= 20 && !roster.DateOf(a.Start.In(roster.London)).Before(from) {
					night = &a
					break
				}
			}
		}
		if night == nil {
			t.Fatal("no night to remove")
		}
		must(t, pd.st.DeleteAssignment(sysCtx(t), night.ID, night.Version))
		if again := get(); again.Projection[0].Total.Cmp(after.Projection[0].Total) >= 0 {
			t.Errorf("after a shift was removed the bill is %s, was %s: want less", again.Projection[0].Total, after.Projection[0].Total)
		}
	})
}

// moneyRat is an exact amount from a rational number of pounds.
func moneyRat(r *big.Rat) pay.Money {
	return pay.MustMoney("0").Add(pay.MustMoney("1").Mul(r))
}
