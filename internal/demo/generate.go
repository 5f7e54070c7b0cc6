package demo

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// departmentSpec is one built-in department: name, specialty, site (0 or
// 1) and a relative size.
type departmentSpec struct {
	name, specialty string
	site            int
	weight          int
}

var siteNames = []string{"Northgate General Hospital", "Ashby Moor Hospital"}

// departmentSpecs lists the departments in the order Config.Departments
// takes them; the first four make a plausible small trust.
var departmentSpecs = []departmentSpec{
	{"Emergency Medicine", "Emergency medicine", 0, 8},
	{"Acute Medicine", "Acute internal medicine", 0, 6},
	{"General Surgery", "General surgery", 0, 6},
	{"Anaesthetics", "Anaesthetics", 0, 7},
	{"General Medicine", "General internal medicine", 1, 5},
	{"Cardiology", "Cardiology", 0, 4},
	{"Respiratory Medicine", "Respiratory medicine", 0, 4},
	{"Gastroenterology", "Gastroenterology", 1, 3},
	{"Geriatric Medicine", "Geriatric medicine", 1, 5},
	{"Trauma and Orthopaedics", "Trauma and orthopaedic surgery", 1, 5},
	{"Urology", "Urology", 0, 2},
	{"Vascular Surgery", "Vascular surgery", 0, 2},
	{"Intensive Care", "Intensive care medicine", 0, 3},
	{"Obstetrics and Gynaecology", "Obstetrics and gynaecology", 0, 5},
	{"Paediatrics", "Paediatrics", 0, 4},
	{"Neonatology", "Neonatal medicine", 0, 2},
	{"Psychiatry", "General psychiatry", 1, 4},
	{"Radiology", "Clinical radiology", 0, 3},
	{"Haematology", "Haematology", 1, 2},
	{"Oncology", "Clinical oncology", 1, 2},
	{"Renal Medicine", "Renal medicine", 0, 2},
	{"Neurology", "Neurology", 1, 2},
	{"ENT", "Otolaryngology", 1, 2},
	{"Ophthalmology", "Ophthalmology", 1, 2},
	{"Plastic Surgery", "Plastic surgery", 1, 2},
	{"Histopathology", "Histopathology", 0, 2},
}

// shiftSpec is a shift type every department has.
type shiftSpec struct {
	code, name   string
	start, mins  int
	kind         roster.Kind
	colour       string
	countsAsWork bool
}

// The department shift types. The night is 20:30–08:30, 12 h of wall-clock
// time: 13 h over the October clock change (exactly the 2016 limit) and
// 11 h over the March change.
var shiftSpecs = []shiftSpec{
	{"D", "Day", 8 * 60, 9 * 60, roster.Work, "#4e79a7", true},
	{"LD", "Long day", 8 * 60, 12*60 + 30, roster.Work, "#f28e2b", true},
	{"E", "Evening", 14 * 60, 8 * 60, roster.Work, "#59a14f", true},
	{"N", "Night", 20*60 + 30, 12 * 60, roster.Work, "#2f2f6f", true},
	{"OC", "On call (non-resident)", 17 * 60, 15 * 60, roster.OnCall, "#b07aa1", false},
	{"OCW", "Weekend on call (non-resident)", 8 * 60, 24 * 60, roster.OnCall, "#9c755f", false},
	{"AL", "Annual leave", 0, 24 * 60, roster.Leave, "#bab0ac", false},
	{"SL", "Study leave", 0, 24 * 60, roster.Leave, "#76b7b2", false},
}

// residentCycle is the 8-week resident rota, Monday first, one code per
// day. It keeps the 2016 (2019-08) limits: at most 4 consecutive nights
// with 46 h off after them, at most 5 consecutive shifts, weekends 1 in 4,
// at most 66 h in any 168 h, 41.25 h a week on average.
var residentCycle = cycle(
	"D D D D D - -",
	"LD LD - - D LD LD",
	"- - D D D - -",
	"N N N N - - -",
	"- D D D D - -",
	"E E E E E - -",
	"- - - N N N N",
	"- - D D D - -",
)

// consultantCycle: days Monday to Friday, one weekday evening on call a
// week and one weekend on call in eight.
var consultantCycle = cycle(
	"D/OC D D D D - -",
	"D D/OC D D D - -",
	"D D D/OC D D - -",
	"D D D D/OC D - -",
	"D D D D D/OC - -",
	"D/OC D D D D - -",
	"D D/OC D D D - -",
	"D D D/OC D D OCW OCW",
)

// cycle parses week strings into 56 days of codes; a day may hold several
// codes joined by "/" and "-" is a day off.
func cycle(weeks ...string) [][]string {
	var days [][]string
	for _, w := range weeks {
		for _, f := range strings.Fields(w) {
			if f == "-" {
				days = append(days, nil)
			} else {
				days = append(days, strings.Split(f, "/"))
			}
		}
	}
	return days
}

// Generate builds a trust from cfg. It does no I/O and is deterministic:
// the same cfg gives the same Trust.
func Generate(cfg Config) (*Trust, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	g := &gen{
		cfg: cfg,
		rng: rand.New(rand.NewPCG(uint64(cfg.Seed), 0x726f746167756172)),
		t:   &Trust{Config: cfg, Start: cfg.Start, End: cfg.end()},
		gmc: map[string]bool{},
		eml: map[string]int{},
	}
	g.organisation()
	g.doctors()
	g.assignments()
	g.planning()
	g.users()
	return g.t, nil
}

type gen struct {
	cfg Config
	rng *rand.Rand
	t   *Trust
	gmc map[string]bool
	eml map[string]int
	// per department (index): local shift type ID by code
	codes []map[string]roster.ID
}

func (g *gen) organisation() {
	t := g.t
	t.Org = roster.Organisation{ID: 1, Code: OrgCode, Name: "Northgate Hospitals NHS Foundation Trust", Region: "North East and Yorkshire"}
	for i, n := range siteNames {
		t.Sites = append(t.Sites, roster.Site{ID: roster.ID(i + 1), OrgID: 1, Name: n})
	}
	for i, ds := range departmentSpecs[:g.cfg.Departments] {
		dept := roster.Department{ID: roster.ID(i + 1), OrgID: 1, SiteID: roster.ID(ds.site + 1), Name: ds.name, Specialty: ds.specialty}
		t.Departments = append(t.Departments, dept)
		codes := map[string]roster.ID{}
		for _, ss := range shiftSpecs {
			id := roster.ID(len(t.ShiftTypes) + 1)
			t.ShiftTypes = append(t.ShiftTypes, roster.ShiftType{
				ID: id, DepartmentID: dept.ID, Code: ss.code, Name: ss.name,
				StartMinute: ss.start, LengthMinutes: ss.mins, Kind: ss.kind, Colour: ss.colour,
			})
			codes[ss.code] = id
		}
		g.codes = append(g.codes, codes)
		t.Templates = append(t.Templates,
			template(roster.ID(len(t.Templates)+1), dept.ID, "Resident doctors 8-week rota", residentCycle),
			template(roster.ID(len(t.Templates)+2), dept.ID, "Consultant 8-week on-call rota", consultantCycle))
	}
}

// template makes the 8 lines of a cycle: line i is the cycle started at
// week i, so a doctor on line i in week w works the cycle's week i+w.
func template(id, dept roster.ID, name string, c [][]string) roster.RotaTemplate {
	weeks := len(c) / 7
	tpl := roster.RotaTemplate{ID: id, DepartmentID: dept, Name: name, Weeks: weeks}
	for i := range weeks {
		line := make([]string, len(c))
		for d := range c {
			line[d] = strings.Join(c[(d+7*i)%len(c)], "/")
		}
		tpl.Lines = append(tpl.Lines, line)
	}
	return tpl
}

// pick returns an index chosen with the given weights.
func (g *gen) pick(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

// sizes shares n doctors among the departments by weight (largest
// remainder), at least 4 each.
func sizes(n int, specs []departmentSpec) []int {
	total := 0
	for _, s := range specs {
		total += s.weight
	}
	out := make([]int, len(specs))
	rest := n - 4*len(specs)
	used := 0
	rem := make([]float64, len(specs))
	for i, s := range specs {
		exact := float64(rest) * float64(s.weight) / float64(total)
		out[i] = 4 + int(exact)
		rem[i] = exact - math.Floor(exact)
		used += out[i]
	}
	for used < n {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
		used++
	}
	return out
}

var trainingGrades = []roster.Grade{roster.CT1, roster.CT2, roster.CT3, roster.ST1, roster.ST2, roster.ST3, roster.ST4, roster.ST5, roster.ST6, roster.ST7, roster.ST8}
var trainingWeights = []int{10, 10, 6, 8, 8, 12, 12, 10, 9, 9, 6}

func (g *gen) doctors() {
	t := g.t
	for di, n := range sizes(g.cfg.Doctors, departmentSpecs[:g.cfg.Departments]) {
		dept := t.Departments[di]
		cons := int(math.Round(0.15 * float64(n)))
		sas := int(math.Round(0.10 * float64(n)))
		fy := int(math.Round(0.20 * float64(n)))
		if cons < 1 {
			cons = 1
		}
		for k := range n {
			var grade roster.Grade
			switch {
			case k < fy:
				grade = []roster.Grade{roster.FY1, roster.FY2}[k%2]
			case k < n-cons-sas:
				grade = trainingGrades[g.pick(trainingWeights...)]
			case k < n-cons:
				grade = roster.SAS
			default:
				grade = roster.Consultant
			}
			g.doctor(dept, grade)
		}
	}
}

func (g *gen) doctor(dept roster.Department, grade roster.Grade) {
	t := g.t
	given := givenNames[g.rng.IntN(len(givenNames))]
	family := familyNames[g.rng.IntN(len(familyNames))]
	d := roster.Doctor{
		ID:           roster.ID(len(t.Doctors) + 1),
		OrgID:        1,
		DepartmentID: dept.ID,
		GMC:          g.newGMC(grade),
		GivenName:    given,
		FamilyName:   family,
		Email:        g.email(given, family),
		Grade:        grade,
		Specialty:    dept.Specialty,
		LTFTPercent:  100,
		Status:       roster.Active,
	}
	switch {
	case grade == roster.Consultant:
		d.Contract = roster.Contract{Kind: roster.ConsultantC}
	case grade == roster.SAS:
		d.Contract = roster.Contract{Kind: roster.SASC}
	case grade.DefaultNodalPoint() >= 4 && grade != roster.CT3 && g.chance(0.18):
		// An older trainee who kept the 2002 contract.
		d.Contract = roster.Contract{
			Kind:       roster.NewDeal2002,
			Band:       []string{"1A", "1B", "1C", "2A", "2B", ""}[g.pick(40, 25, 5, 15, 10, 5)],
			ScalePoint: 2 + g.rng.IntN(4),
		}
	default:
		d.Contract = roster.Contract{Kind: roster.TCS2016, TCSVersion: "2019-08", NodalPoint: grade.DefaultNodalPoint()}
	}
	d.Contract.OptOut = grade.InTraining() && g.chance(0.04)
	ltftShare := 0.17
	if grade == roster.Consultant {
		ltftShare = 0.08
	}
	if g.chance(ltftShare) {
		d.LTFTPercent = []int{80, 60}[g.pick(7, 3)]
	}
	if grade.InTraining() {
		d.RotationStart, d.RotationEnd = g.rotation(grade)
	}
	d.RenewalDate = t.Start.AddDays(14 + g.rng.IntN(365))
	if g.chance(0.02) {
		d.Status = roster.OnLeave
	}
	t.Doctors = append(t.Doctors, d)

	// Union membership (special-category data), for members only.
	var member, union = false, ""
	switch {
	case grade.InTraining() && g.chance(0.70):
		member, union = true, []string{"BMA", "HCSA"}[g.pick(92, 8)]
	case !grade.InTraining() && g.chance(0.45):
		member, union = true, []string{"BMA", "HCSA"}[g.pick(85, 15)]
	}
	if member {
		t.Unions = append(t.Unions, roster.UnionMembership{
			DoctorID: d.ID, Union: union, Member: true,
			RecordedAt: t.Start.AddDays(-30 - g.rng.IntN(300)).In(roster.London).UTC(),
		})
	}
}

// newGMC returns an unused 7-digit GMC number; senior doctors registered
// earlier and so hold lower numbers.
func (g *gen) newGMC(grade roster.Grade) string {
	lo := 7000000
	switch {
	case grade == roster.Consultant || grade == roster.SAS:
		lo = 3000000
	case grade.DefaultNodalPoint() >= 4 || grade == roster.CT3:
		lo = 6000000
	}
	for {
		s := fmt.Sprintf("%07d", lo+g.rng.IntN(1000000))
		if !g.gmc[s] {
			g.gmc[s] = true
			return s
		}
	}
}

func (g *gen) email(given, family string) string {
	clean := func(s string) string {
		var b strings.Builder
		for _, r := range strings.ToLower(s) {
			if r >= 'a' && r <= 'z' {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	local := clean(given) + "." + clean(family)
	g.eml[local]++
	if n := g.eml[local]; n > 1 {
		local += fmt.Sprint(n)
	}
	return local + "@northgate.example"
}

// changeovers returns the rotation changeover days (the first Wednesday
// of February and of August) from two years before start to one after.
func changeovers(start roster.Date) []roster.Date {
	var out []roster.Date
	for y := start.Year - 2; y <= start.Year+1; y++ {
		for _, m := range []time.Month{time.February, time.August} {
			d := roster.Date{Year: y, Month: m, Day: 1}
			for d.Weekday() != time.Wednesday {
				d = d.AddDays(1)
			}
			out = append(out, d)
		}
	}
	return out
}

// rotation returns a trainee's current post: foundation posts last 6
// months, specialty posts 6 or 12 months, all from a changeover.
func (g *gen) rotation(grade roster.Grade) (start, end roster.Date) {
	cs := changeovers(g.t.Start)
	last := 0
	for i, c := range cs {
		if !c.After(g.t.Start) {
			last = i
		}
	}
	n := 1
	if grade != roster.FY1 && grade != roster.FY2 && g.chance(0.5) {
		n = 2 // a 12-month post, started at this or the previous changeover
		last -= g.rng.IntN(2)
	}
	return cs[last], cs[last+n].AddDays(-1)
}

// shiftHours returns the nominal hours of work of one day's codes.
func shiftMinutes(codes []string) int {
	m := 0
	for _, c := range codes {
		for _, ss := range shiftSpecs {
			if ss.code == c && ss.countsAsWork {
				m += ss.mins
			}
		}
	}
	return m
}

// personalCycle returns the doctor's 56-day cycle starting from template
// line `line`, reduced for a less-than-full-time doctor to at most the
// LTFT share of the full-time hours: the same share of nights (taken from
// the start of each run, so the rest after the last night is kept) and of
// weekends, then single weekday shifts spread evenly through the cycle.
func personalCycle(base [][]string, line, ltft int) [][]string {
	n := len(base)
	c := make([][]string, n)
	for d := range c {
		c[d] = base[(d+7*line)%n]
	}
	if ltft >= 100 {
		return c
	}
	minutes := func() int {
		m := 0
		for _, day := range c {
			m += shiftMinutes(day)
		}
		return m
	}
	target := minutes() * ltft / 100
	f := 1 - float64(ltft)/100
	isNight := func(d int) bool { return len(c[d]) > 0 && c[d][0] == "N" }
	// Night runs, as their first days; dropping a run's first night
	// shortens it from the front.
	var runs []int
	for d := 0; d < n; d++ {
		if isNight(d) && (d == 0 || !isNight(d-1)) {
			runs = append(runs, d)
		}
	}
	nights := 0
	for d := range c {
		if isNight(d) {
			nights++
		}
	}
	for k := 0; k < int(math.Round(f*float64(nights))) && len(runs) > 0; k++ {
		i := k % len(runs)
		c[runs[i]] = nil
		if runs[i]+1 < n && isNight(runs[i]+1) {
			runs[i]++
		} else {
			runs = slices.Delete(runs, i, i+1)
		}
	}
	// Worked weekends (Saturday and Sunday, not nights), then weekday shifts.
	var weekends, singles []int
	for d := 0; d < n; d++ {
		switch {
		case len(c[d]) == 0 || isNight(d):
		case d%7 == 5 || d%7 == 6:
			if d%7 == 6 && len(c[d-1]) > 0 && !isNight(d-1) {
				continue // counted with its Saturday
			}
			weekends = append(weekends, d)
		default:
			singles = append(singles, d)
		}
	}
	for i, d := range weekends {
		if math.Floor(float64(i+1)*f) > math.Floor(float64(i)*f) {
			c[d] = nil
			if d%7 == 5 && !isNight(d+1) {
				c[d+1] = nil
			}
		}
	}
	for i, d := range singles {
		if math.Floor(float64(i+1)*f) > math.Floor(float64(i)*f) {
			c[d] = nil
		}
	}
	for _, d := range singles {
		if minutes() <= target {
			break
		}
		c[d] = nil
	}
	return c
}

func (g *gen) assignments() {
	t := g.t
	days := t.Start.DaysUntil(t.End)
	// Position of each doctor in their department's tier, so that every
	// template line is filled in each tier.
	type tierKey struct {
		dept roster.ID
		tier int
	}
	pos := map[tierKey]int{}
	for _, d := range t.Doctors {
		if d.Status != roster.Active {
			continue
		}
		tier, base := 0, residentCycle
		switch {
		case d.Grade == roster.Consultant:
			tier, base = 2, consultantCycle
		case d.Grade == roster.SAS || d.Grade.DefaultNodalPoint() >= 4:
			tier = 1
		}
		k := tierKey{d.DepartmentID, tier}
		line := pos[k] % 8
		pos[k]++
		pc := personalCycle(base, line, d.LTFTPercent)
		codes := g.codes[d.DepartmentID-1]

		// Leave: most doctors take a week of annual leave in the period,
		// some a study day.
		leave := map[int]string{}
		weeks := days / 7
		if weeks >= 3 && g.chance(0.75) {
			w := 1 + g.rng.IntN(weeks-2)
			for dow := range 5 {
				leave[7*w+dow] = "AL"
			}
		}
		if weeks >= 2 && g.chance(0.25) {
			leave[7*g.rng.IntN(weeks)+g.rng.IntN(5)] = "SL"
		}
		var leaveAs []roster.Assignment
		for day := 0; day < days; day++ {
			if code, ok := leave[day]; ok {
				st := t.ShiftType(codes[code])
				a := g.assignment(d, st, t.Start.AddDays(day))
				a.Note = st.Name
				leaveAs = append(leaveAs, a)
			}
		}
		var work []roster.Assignment
		for day := 0; day < days; day++ {
			for _, code := range pc[day%len(pc)] {
				a := g.assignment(d, t.ShiftType(codes[code]), t.Start.AddDays(day))
				clash := false
				for _, l := range leaveAs {
					if a.Overlaps(l) {
						clash = true
					}
				}
				if !clash {
					work = append(work, a)
				}
			}
		}
		// Merge in time order.
		all := make([]roster.Assignment, 0, len(work)+len(leaveAs))
		i, j := 0, 0
		for i < len(work) || j < len(leaveAs) {
			if j == len(leaveAs) || (i < len(work) && work[i].Start.Before(leaveAs[j].Start)) {
				all = append(all, work[i])
				i++
			} else {
				all = append(all, leaveAs[j])
				j++
			}
		}
		for _, a := range all {
			a.ID = roster.ID(len(t.Assignments) + 1)
			t.Assignments = append(t.Assignments, a)
		}
	}
}

func (g *gen) assignment(d roster.Doctor, st roster.ShiftType, day roster.Date) roster.Assignment {
	start, end := st.On(day)
	return roster.Assignment{DoctorID: d.ID, DepartmentID: d.DepartmentID, ShiftTypeID: st.ID, Kind: st.Kind, Start: start, End: end}
}

// Password returns the demo password of a user for a seed: derived from
// the seed so that a reproducible demo has reproducible sign-ins. It is a
// demo convenience, not a secret.
func Password(seed int64, username string) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "rotaguard demo password\x00%d\x00%s", seed, username))
	s := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:]))
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12]
}

func (g *gen) users() {
	t := g.t
	created := t.Start.AddDays(-7).In(roster.London).UTC()
	add := func(u roster.User) {
		u.ID = roster.ID(len(t.Users) + 1)
		u.CreatedAt = created
		t.Users = append(t.Users, User{User: u, Password: Password(g.cfg.Seed, u.Username)})
	}
	lead := t.Departments[0]
	var doctor roster.Doctor
	for _, d := range t.Doctors {
		if d.DepartmentID == lead.ID && d.Status == roster.Active && d.Contract.Kind == roster.TCS2016 && d.LTFTPercent == 100 {
			doctor = d
			break
		}
	}
	if doctor.ID == 0 {
		doctor = t.Doctors[0]
	}
	add(roster.User{Username: "admin", DisplayName: "Demo administrator", Role: roster.RoleAdmin, OrgID: 1, CanSeeUnion: true})
	add(roster.User{Username: "workforce", DisplayName: "Demo medical workforce manager", Role: roster.RoleWorkforce, OrgID: 1})
	add(roster.User{Username: "lead", DisplayName: "Demo rota lead, " + lead.Name, Role: roster.RoleLead, OrgID: 1, DepartmentIDs: []roster.ID{lead.ID}})
	add(roster.User{Username: "doctor", DisplayName: doctor.Name(), Role: roster.RoleDoctor, OrgID: 1, DoctorID: doctor.ID})
	add(roster.User{Username: "national", DisplayName: "Demo national viewer", Role: roster.RoleNational})
}

// SignIns returns the demo sign-ins of a seed, one per role (the username
// is the role's name), without generating the trust.
func SignIns(seed int64) []User {
	var out []User
	for _, r := range roster.Roles {
		out = append(out, User{User: roster.User{Username: string(r), Role: r}, Password: Password(seed, string(r))})
	}
	return out
}
