package demo

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rotaguard/rotaguard/internal/roster"
)

func TestGenerateDeterministic(t *testing.T) {
	a, err := Generate(Small(7))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(Small(7))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("two generations with seed 7 differ (-first +second):\n%s", diff)
	}
	c, err := Generate(Small(8))
	if err != nil {
		t.Fatal(err)
	}
	if cmp.Equal(a.Doctors, c.Doctors) {
		t.Fatal("seeds 7 and 8 gave the same doctors")
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{Doctors: -1},
		{Doctors: 10, Departments: 4},
		{Months: 40},
		{Doctors: 200000},
	} {
		if _, err := Generate(cfg); !roster.IsCode(err, roster.Invalid) {
			t.Errorf("Generate(%+v) = %v, want an invalid error", cfg, err)
		}
	}
}

func TestStartMovesToMonday(t *testing.T) {
	tr, err := Generate(Config{Seed: 1, Doctors: 20, Departments: 2, Start: roster.Date{Year: 2026, Month: time.March, Day: 5}, Weeks: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := roster.Date{Year: 2026, Month: time.March, Day: 2}
	if tr.Start != want || tr.End != want.AddDays(14) {
		t.Fatalf("period %s–%s, want %s–%s", tr.Start, tr.End, want, want.AddDays(14))
	}
}

// full is generated once for the tests on the default, full-sized trust.
var full = func() func(t *testing.T) *Trust {
	var tr *Trust
	return func(t *testing.T) *Trust {
		t.Helper()
		if tr == nil {
			var err error
			if tr, err = Generate(Config{Seed: 1}); err != nil {
				t.Fatal(err)
			}
		}
		return tr
	}
}()

func TestFullTrustShape(t *testing.T) {
	tr := full(t)
	if len(tr.Sites) != 2 || len(tr.Departments) != 26 || len(tr.Doctors) != 1000 {
		t.Fatalf("%d sites, %d departments, %d doctors; want 2, 26, 1000", len(tr.Sites), len(tr.Departments), len(tr.Doctors))
	}
	if tr.Start != DefaultStart || tr.End != (roster.Date{Year: 2027, Month: time.February, Day: 10}) {
		t.Fatalf("period %s–%s", tr.Start, tr.End)
	}
	share := func(pred func(roster.Doctor) bool) float64 {
		n := 0
		for _, d := range tr.Doctors {
			if pred(d) {
				n++
			}
		}
		return float64(n) / float64(len(tr.Doctors))
	}
	for _, c := range []struct {
		name   string
		pred   func(roster.Doctor) bool
		lo, hi float64
	}{
		{"foundation", func(d roster.Doctor) bool { return d.Grade == roster.FY1 || d.Grade == roster.FY2 }, 0.17, 0.23},
		{"core/specialty", func(d roster.Doctor) bool {
			return d.Grade.InTraining() && d.Grade != roster.FY1 && d.Grade != roster.FY2
		}, 0.50, 0.60},
		{"SAS", func(d roster.Doctor) bool { return d.Grade == roster.SAS }, 0.08, 0.12},
		{"consultant", func(d roster.Doctor) bool { return d.Grade == roster.Consultant }, 0.13, 0.17},
		{"2016 terms", func(d roster.Doctor) bool { return d.Contract.Kind == roster.TCS2016 }, 0.6, 0.75},
		{"2002 contract", func(d roster.Doctor) bool { return d.Contract.Kind == roster.NewDeal2002 }, 0.03, 0.10},
		{"LTFT", func(d roster.Doctor) bool { return d.LTFTPercent < 100 }, 0.11, 0.19},
		{"on long-term leave", func(d roster.Doctor) bool { return d.Status == roster.OnLeave }, 0.005, 0.04},
	} {
		if s := share(c.pred); s < c.lo || s > c.hi {
			t.Errorf("%s share %.3f outside [%.2f, %.2f]", c.name, s, c.lo, c.hi)
		}
	}
	gmc := map[string]bool{}
	for _, d := range tr.Doctors {
		if err := d.Validate(); err != nil {
			t.Errorf("doctor %d: %v", d.ID, err)
		}
		if gmc[d.GMC] {
			t.Errorf("GMC %s used twice", d.GMC)
		}
		gmc[d.GMC] = true
		if d.Contract.Kind == roster.TCS2016 && d.Contract.NodalPoint != d.Grade.DefaultNodalPoint() {
			t.Errorf("doctor %d: nodal point %d for %s", d.ID, d.Contract.NodalPoint, d.Grade)
		}
		if d.Grade.InTraining() && (d.RotationStart.IsZero() || d.RotationStart.After(tr.Start) || !d.RotationEnd.After(d.RotationStart)) {
			t.Errorf("doctor %d: rotation %s–%s", d.ID, d.RotationStart, d.RotationEnd)
		}
		if d.LTFTPercent != 100 && d.LTFTPercent != 80 && d.LTFTPercent != 60 {
			t.Errorf("doctor %d: LTFT %d%%", d.ID, d.LTFTPercent)
		}
	}
	if len(tr.Unions) < 400 {
		t.Errorf("only %d union members", len(tr.Unions))
	}
	for _, u := range tr.Unions {
		if !u.Member || (u.Union != "BMA" && u.Union != "HCSA") || tr.Doctor(u.DoctorID).ID != u.DoctorID {
			t.Errorf("bad union membership %+v", u)
		}
	}
	for _, tpl := range tr.Templates {
		if tpl.Weeks != 8 || len(tpl.Lines) != 8 {
			t.Fatalf("template %q: %d weeks, %d lines", tpl.Name, tpl.Weeks, len(tpl.Lines))
		}
		for _, l := range tpl.Lines {
			if len(l) != 56 {
				t.Fatalf("template %q: line of %d days", tpl.Name, len(l))
			}
		}
	}
	roles := map[roster.Role]bool{}
	for _, u := range tr.Users {
		roles[u.Role] = true
		if u.Password != Password(1, u.Username) || len(u.Password) != 14 {
			t.Errorf("user %s: password %q", u.Username, u.Password)
		}
	}
	if len(roles) != len(roster.Roles) {
		t.Errorf("users cover roles %v, want all of %v", roles, roster.Roles)
	}
	if d, _ := tr.User(roster.RoleDoctor); tr.Doctor(d.DoctorID).Status != roster.Active {
		t.Errorf("doctor user linked to %+v", tr.Doctor(d.DoctorID))
	}
	if Password(1, "admin") == Password(2, "admin") {
		t.Error("passwords do not depend on the seed")
	}
}

// byDoctor groups the trust's assignments by doctor, in time order.
func byDoctor(tr *Trust) map[roster.ID][]roster.Assignment {
	m := map[roster.ID][]roster.Assignment{}
	for _, a := range tr.Assignments {
		m[a.DoctorID] = append(m[a.DoctorID], a)
	}
	for _, as := range m {
		slices.SortFunc(as, func(a, b roster.Assignment) int { return a.Start.Compare(b.Start) })
	}
	return m
}

func minutesIn(a roster.Assignment, from, to time.Time) int64 {
	s, e := a.Start, a.End
	if s.Before(from) {
		s = from
	}
	if e.After(to) {
		e = to
	}
	if !e.After(s) {
		return 0
	}
	return roster.Minutes(e.Sub(s))
}

// isNight: at least 3 h between 23:00 and 06:00 (DEF-NIGHT).
func isNight(a roster.Assignment) bool {
	d := roster.DateOf(a.Start.In(roster.London)).AddDays(-1)
	var m int64
	for range 3 {
		m += minutesIn(a, time.Date(d.Year, d.Month, d.Day, 23, 0, 0, 0, roster.London), time.Date(d.Year, d.Month, d.Day+1, 6, 0, 0, 0, roster.London))
		d = d.AddDays(1)
	}
	return m >= 180
}

// TestAssignmentsKeepLimits checks every doctor's generated rota against
// the 2016 (2019-08) limits the templates are designed to keep.
func TestAssignmentsKeepLimits(t *testing.T) {
	tr := full(t)
	if n := len(tr.Assignments); n < 80000 || n > 150000 {
		t.Fatalf("%d assignments", n)
	}
	weeks := float64(tr.Start.DaysUntil(tr.End)) / 7
	octoberNights := 0
	for id, as := range byDoctor(tr) {
		doc := tr.Doctor(id)
		var work []roster.Assignment
		weekends := map[roster.Date]bool{}
		var total int64
		for i, a := range as {
			if err := a.Validate(); err != nil {
				t.Fatalf("assignment %d: %v", a.ID, err)
			}
			if a.DepartmentID != doc.DepartmentID || tr.ShiftType(a.ShiftTypeID).DepartmentID != a.DepartmentID || tr.ShiftType(a.ShiftTypeID).Kind != a.Kind {
				t.Fatalf("assignment %d: department/shift type mismatch", a.ID)
			}
			if i > 0 && as[i-1].Overlaps(a) {
				t.Fatalf("doctor %d: %v overlaps %v", id, as[i-1], a)
			}
			if a.Kind != roster.Work {
				continue
			}
			work = append(work, a)
			total += a.Minutes()
			if a.Minutes() > 13*60 {
				t.Errorf("doctor %d: shift of %d min at %s", id, a.Minutes(), roster.FormatLocal(a.Start))
			}
			if a.Minutes() == 13*60 {
				octoberNights++
			}
			// Weekend worked: any work between 00:01 Saturday and 23:59 Sunday.
			for d := roster.DateOf(a.Start.In(roster.London)); !d.In(roster.London).After(a.End); d = d.AddDays(1) {
				sat := d
				for sat.Weekday() != time.Saturday {
					sat = sat.AddDays(-1)
				}
				from := sat.In(roster.London).Add(time.Minute)
				to := sat.AddDays(1).In(roster.London).Add(23*time.Hour + 59*time.Minute)
				if minutesIn(a, from, to) > 0 {
					weekends[sat] = true
				}
			}
		}
		if !doc.Grade.InTraining() && doc.Grade != roster.SAS {
			continue
		}
		if avg := float64(total) / 60 / weeks; avg > 48 {
			t.Errorf("doctor %d: average %.1f h a week", id, avg)
		}
		if f := float64(len(weekends)) / weeks; f > 1.0/3+0.02 {
			t.Errorf("doctor %d: %d weekends in %.0f weeks", id, len(weekends), weeks)
		}
		nights := 0
		for i, a := range work {
			// 72 h in any 168 h, windows starting at each shift start.
			var m int64
			for _, b := range work[i:] {
				m += minutesIn(b, a.Start, a.Start.Add(168*time.Hour))
			}
			if m > 72*60 {
				t.Errorf("doctor %d: %d min in the 168 h from %s", id, m, roster.FormatLocal(a.Start))
			}
			if i == 0 {
				if isNight(a) {
					nights = 1
				}
				continue
			}
			prev := work[i-1]
			rest := roster.Minutes(a.Start.Sub(prev.End))
			if rest < 11*60 {
				t.Errorf("doctor %d: %d min rest before %s", id, rest, roster.FormatLocal(a.Start))
			}
			if isNight(prev) && !isNight(a) && rest < 46*60 {
				t.Errorf("doctor %d: %d min rest after nights, before %s", id, rest, roster.FormatLocal(a.Start))
			}
			if isNight(a) {
				if isNight(prev) && rest < 24*60 {
					nights++
				} else {
					nights = 1
				}
				if nights > 4 {
					t.Errorf("doctor %d: %d consecutive nights to %s", id, nights, roster.FormatLocal(a.Start))
				}
			}
		}
	}
	if octoberNights == 0 {
		t.Error("no 13-hour night over the October clock change")
	}
}

func TestClockChangeShifts(t *testing.T) {
	tr := full(t)
	// The night of Saturday 24 October 2026 (clocks go back at 02:00 on
	// the 25th) lasts 13 h of real time; every other night 12 h.
	autumn := roster.Date{Year: 2026, Month: time.October, Day: 24}
	seen := 0
	for _, a := range tr.Assignments {
		st := tr.ShiftType(a.ShiftTypeID)
		if st.Code != "N" {
			continue
		}
		want := int64(12 * 60)
		if roster.DateOf(a.Start.In(roster.London)) == autumn {
			want = 13 * 60
			seen++
			if got := roster.FormatLocal(a.End); got != "2026-10-25T08:30" {
				t.Errorf("autumn night ends %s", got)
			}
		}
		if a.Minutes() != want {
			t.Errorf("night from %s lasts %d min, want %d", roster.FormatLocal(a.Start), a.Minutes(), want)
		}
		if roster.FormatLocal(a.Start)[11:] != "20:30" {
			t.Errorf("night starts %s", roster.FormatLocal(a.Start))
		}
	}
	if seen == 0 {
		t.Error("nobody works the night of the autumn clock change")
	}
}

func TestLTFTWorksAProportion(t *testing.T) {
	base := residentCycle
	full := 0
	for _, d := range base {
		full += shiftMinutes(d)
	}
	for _, c := range []struct{ ltft, line int }{{100, 0}, {80, 0}, {80, 3}, {60, 0}, {60, 5}} {
		pc := personalCycle(base, c.line, c.ltft)
		got := 0
		nights := 0
		for _, d := range pc {
			got += shiftMinutes(d)
			if len(d) > 0 && d[0] == "N" {
				nights++
			}
		}
		share := float64(got) / float64(full) * 100
		if share > float64(c.ltft) || share < float64(c.ltft)-15 {
			t.Errorf("LTFT %d%% line %d: works %.0f%% of full-time hours", c.ltft, c.line, share)
		}
		if c.ltft < 100 && (nights == 8 || nights == 0) {
			t.Errorf("LTFT %d%% line %d: %d nights; want a proportion of the 8", c.ltft, c.line, nights)
		}
	}
}

func TestSmallIsFast(t *testing.T) {
	tr, err := Generate(Small(3))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Doctors) != 50 || len(tr.Departments) != 4 || tr.Start.DaysUntil(tr.End) != 28 || len(tr.Assignments) == 0 {
		t.Fatalf("small trust: %s", tr.Summary())
	}
}

func BenchmarkGenerate(b *testing.B) {
	var n int
	for b.Loop() {
		tr, err := Generate(Config{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		n = len(tr.Assignments)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "assignments/s")
}

func TestSignInsMatchUsers(t *testing.T) {
	tr, err := Generate(Small(4))
	if err != nil {
		t.Fatal(err)
	}
	signIns := SignIns(4)
	if len(signIns) != len(tr.Users) {
		t.Fatalf("%d sign-ins for %d users", len(signIns), len(tr.Users))
	}
	for _, s := range signIns {
		u, ok := tr.User(s.Role)
		if !ok || u.Username != s.Username || u.Password != s.Password {
			t.Errorf("sign-in %+v, user %+v", s, u)
		}
	}
}
