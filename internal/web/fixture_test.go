package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/sqlite"
)

// fixture is a small register in a real SQLite store: organisation 1 with
// departments A (led by the lead) and B, organisation 2 with department C,
// and one user of every role.
type fixture struct {
	st                  store.Store
	srv                 *Server
	org1, org2          roster.Organisation
	site1, site2        roster.Site
	deptA, deptB, deptC roster.Department
	early, night        roster.ShiftType // department A's shift types
	docA1, docA2        roster.Doctor    // A1 is the doctor user
	docB1, docC1        roster.Doctor
	users               map[roster.Role]roster.User
	tokens              map[roster.Role]string
	sessions            map[roster.Role]roster.Session
	now                 time.Time
	gmc                 int
	mu                  sync.Mutex
}

var testPassword = "correct horse battery staple"

// passwordHash is computed once: argon2id is deliberately slow.
var passwordHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword(testPassword)
	if err != nil {
		panic(err)
	}
	return h
})

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func sysCtx(t testing.TB) context.Context {
	return roster.WithActor(context.Background(), roster.Actor{Username: "fixture"})
}

func openTestStore(t testing.TB) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "web.db"), slog.New(slog.DiscardHandler))
	must(t, err)
	t.Cleanup(func() { st.Close() })
	return st
}

func (f *fixture) newDoctor(t testing.TB, org, dept roster.ID, given, family string, g roster.Grade) roster.Doctor {
	t.Helper()
	f.mu.Lock()
	f.gmc++
	gmc := fmt.Sprintf("%07d", 7000000+f.gmc)
	f.mu.Unlock()
	d := roster.Doctor{OrgID: org, DepartmentID: dept, GMC: gmc, GivenName: given, FamilyName: family,
		Email: strings.ToLower(given) + "@example.nhs.uk", Grade: g, Specialty: "Acute Medicine",
		Contract: roster.Contract{Kind: roster.TCS2016, NodalPoint: 3}, LTFTPercent: 100, Status: roster.Active,
		RotationStart: roster.Date{Year: 2026, Month: 8, Day: 5}, RotationEnd: roster.Date{Year: 2027, Month: 2, Day: 2}}
	must(t, f.st.CreateDoctor(sysCtx(t), &d))
	return d
}

func (f *fixture) newAssignment(t testing.TB, doc roster.Doctor, st roster.ShiftType, day roster.Date) roster.Assignment {
	t.Helper()
	s, e := st.On(day)
	a := roster.Assignment{DoctorID: doc.ID, DepartmentID: doc.DepartmentID, ShiftTypeID: st.ID, Kind: st.Kind, Start: s, End: e}
	must(t, f.st.CreateAssignment(sysCtx(t), &a))
	return a
}

func (f *fixture) newDepartment(t testing.TB, name string) roster.Department {
	t.Helper()
	d := roster.Department{OrgID: f.org1.ID, SiteID: f.site1.ID, Name: name, Specialty: "Test"}
	must(t, f.st.CreateDepartment(sysCtx(t), &d))
	return d
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := sysCtx(t)
	f := &fixture{st: openTestStore(t), users: map[roster.Role]roster.User{}, tokens: map[roster.Role]string{},
		sessions: map[roster.Role]roster.Session{},
		now:      time.Date(2026, 10, 21, 9, 0, 0, 0, time.UTC)} // a Wednesday
	f.org1 = roster.Organisation{Code: "RT1", Name: "Riverside NHS Trust", Region: "London"}
	f.org2 = roster.Organisation{Code: "RT2", Name: "Hillside NHS Trust", Region: "North West"}
	must(t, f.st.CreateOrganisation(ctx, &f.org1))
	must(t, f.st.CreateOrganisation(ctx, &f.org2))
	f.site1 = roster.Site{OrgID: f.org1.ID, Name: "Riverside General"}
	f.site2 = roster.Site{OrgID: f.org2.ID, Name: "Hillside Infirmary"}
	must(t, f.st.CreateSite(ctx, &f.site1))
	must(t, f.st.CreateSite(ctx, &f.site2))
	f.deptA = roster.Department{OrgID: f.org1.ID, SiteID: f.site1.ID, Name: "Acute Medicine", Specialty: "Acute Medicine"}
	f.deptB = roster.Department{OrgID: f.org1.ID, SiteID: f.site1.ID, Name: "General Surgery", Specialty: "General Surgery"}
	f.deptC = roster.Department{OrgID: f.org2.ID, SiteID: f.site2.ID, Name: "Paediatrics", Specialty: "Paediatrics"}
	for _, d := range []*roster.Department{&f.deptA, &f.deptB, &f.deptC} {
		must(t, f.st.CreateDepartment(ctx, d))
	}
	f.early = roster.ShiftType{DepartmentID: f.deptA.ID, Code: "E", Name: "Early", StartMinute: 8 * 60, LengthMinutes: 8*60 + 30, Kind: roster.Work, Colour: "#4c9be8"}
	f.night = roster.ShiftType{DepartmentID: f.deptA.ID, Code: "N", Name: "Night", StartMinute: 21 * 60, LengthMinutes: 12*60 + 30, Kind: roster.Work, Colour: "#1f2a5a"}
	must(t, f.st.CreateShiftType(ctx, &f.early))
	must(t, f.st.CreateShiftType(ctx, &f.night))
	f.docA1 = f.newDoctor(t, f.org1.ID, f.deptA.ID, "Amara", "Okafor", roster.ST3)
	f.docA2 = f.newDoctor(t, f.org1.ID, f.deptA.ID, "Ben", "Hughes", roster.FY1)
	f.docB1 = f.newDoctor(t, f.org1.ID, f.deptB.ID, "Chloe", "Singh", roster.CT2)
	f.docC1 = f.newDoctor(t, f.org2.ID, f.deptC.ID, "Dev", "Patel", roster.ST5)
	must(t, f.st.SetUnionMembership(ctx, &roster.UnionMembership{DoctorID: f.docA2.ID, Union: "BMA", Member: true, RecordedAt: f.now}))

	users := []roster.User{
		{Username: "admin", DisplayName: "Ada Admin", Role: roster.RoleAdmin, CanSeeUnion: true},
		{Username: "workforce", DisplayName: "Will Workforce", Role: roster.RoleWorkforce, OrgID: f.org1.ID},
		{Username: "lead", DisplayName: "Lee Lead", Role: roster.RoleLead, OrgID: f.org1.ID, DepartmentIDs: []roster.ID{f.deptA.ID}, CanSeeUnion: true},
		{Username: "doctor", DisplayName: "Amara Okafor", Role: roster.RoleDoctor, OrgID: f.org1.ID, DoctorID: f.docA1.ID, CanSeeUnion: true},
		{Username: "national", DisplayName: "Nia National", Role: roster.RoleNational, CanSeeUnion: true},
	}
	for _, u := range users {
		u.PasswordHash = passwordHash()
		u.CreatedAt = f.now
		must(t, f.st.CreateUser(ctx, &u))
		f.users[u.Role] = u
	}
	var err error
	f.srv, err = New(Config{Store: f.st, Now: func() time.Time { return f.now }})
	must(t, err)
	for role, u := range f.users {
		tok, sess, err := f.srv.sessions.Create(ctx, u.ID)
		must(t, err)
		f.tokens[role], f.sessions[role] = tok, sess
	}
	return f
}

// request builds a request as role ("" = signed out). Unsafe methods
// carry the session's CSRF token and a same-origin Sec-Fetch-Site.
func (f *fixture) request(role roster.Role, method, target string, body io.Reader) *http.Request {
	r := httptest.NewRequest(method, target, body)
	r.RemoteAddr = "192.0.2.10:50000"
	if body != nil {
		if strings.HasPrefix(target, "/api/") {
			r.Header.Set("Content-Type", "application/json")
		} else {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if role != "" {
		r.AddCookie(&http.Cookie{Name: cookieName, Value: f.tokens[role]})
		if unsafeMethod(method) {
			r.Header.Set("X-CSRF-Token", f.sessions[role].CSRFToken)
			r.Header.Set("Sec-Fetch-Site", "same-origin")
		}
	}
	return r
}

func (f *fixture) do(role roster.Role, method, target string, body io.Reader) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	f.srv.ServeHTTP(w, f.request(role, method, target, body))
	return w
}

func form(kv ...string) io.Reader {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return strings.NewReader(v.Encode())
}

func id(x roster.ID) string { return fmt.Sprint(x) }
