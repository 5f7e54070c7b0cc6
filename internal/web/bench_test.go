package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/demo"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/sqlite"
)

// demoTrust is the full demo trust (about 1,000 doctors, 26 departments,
// 6 months of assignments) loaded once into a SQLite file for the
// benchmarks and the screenshot.
type demoTrust struct {
	st    store.Store
	srv   *Server
	org   roster.Organisation
	depts []roster.Department
	users map[roster.Role]roster.User
	token map[roster.Role]string
	now   time.Time
}

var (
	demoOnce sync.Once
	demoVal  *demoTrust
	demoErr  error
)

func loadDemo(tb testing.TB, dir string) (*demoTrust, error) {
	ctx := roster.WithActor(context.Background(), roster.Actor{Username: "bench"})
	tr, err := demo.Generate(demo.Config{Seed: 1})
	if err != nil {
		return nil, err
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, "demo.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := demo.Load(ctx, st, tr, nil); err != nil {
		return nil, err
	}
	tb.Logf("demo trust loaded in %v: %s", time.Since(start).Round(time.Millisecond), tr.Summary())
	d := &demoTrust{st: st, users: map[roster.Role]roster.User{}, token: map[roster.Role]string{},
		// A Wednesday inside the demo's six months of assignments.
		now: time.Date(2026, 10, 21, 9, 0, 0, 0, time.UTC)}
	orgs, err := st.ListOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	d.org = orgs[0]
	if d.depts, err = st.ListDepartments(ctx, d.org.ID); err != nil {
		return nil, err
	}
	if d.srv, err = New(Config{Store: st, Now: func() time.Time { return d.now }}); err != nil {
		return nil, err
	}
	for _, r := range roster.Roles {
		u, err := st.GetUserByUsername(ctx, string(r))
		if err != nil {
			return nil, err
		}
		tok, _, err := d.srv.sessions.Create(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		d.users[r], d.token[r] = u, tok
	}
	return d, nil
}

// sharedDemo loads the demo trust once per test binary run.
func sharedDemo(tb testing.TB) *demoTrust {
	demoOnce.Do(func() {
		dir, err := makeTempDir()
		if err != nil {
			demoErr = err
			return
		}
		demoVal, demoErr = loadDemo(tb, dir)
	})
	if demoErr != nil {
		tb.Fatal(demoErr)
	}
	return demoVal
}

func (d *demoTrust) get(tb testing.TB, role roster.Role, path string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", path, nil)
	r.AddCookie(&http.Cookie{Name: cookieName, Value: d.token[role]})
	w := httptest.NewRecorder()
	d.srv.ServeHTTP(w, r)
	if w.Code != 200 {
		tb.Fatalf("GET %s as %s: %d %.300s", path, role, w.Code, w.Body.String())
	}
	return w
}

// benchPages times each request and reports the mean and the 95th
// percentile in milliseconds (the target is p95 under 100 ms).
func benchPages(b *testing.B, role roster.Role, paths func(i int) string) {
	d := sharedDemo(b)
	var times []time.Duration
	i := 0
	for b.Loop() {
		p := paths(i)
		i++
		start := time.Now()
		d.get(b, role, p)
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	p95 := times[(len(times)*95)/100]
	if len(times) < 20 {
		p95 = times[len(times)-1]
	}
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
}

// BenchmarkOverviewPage is the trust overview of the demo trust.
func BenchmarkOverviewPage(b *testing.B) {
	benchPages(b, roster.RoleWorkforce, func(int) string { return "/" })
}

// BenchmarkRotaGridPage is the 4-week rota grid, cycling through every
// department of the demo trust and four different weeks.
func BenchmarkRotaGridPage(b *testing.B) {
	d := sharedDemo(b)
	weeks := []string{"", "?from=2026-08-10", "?from=2026-12-21", "?from=2027-01-25"}
	benchPages(b, roster.RoleWorkforce, func(i int) string {
		return fmt.Sprintf("/departments/%d/rota%s", d.depts[i%len(d.depts)].ID, weeks[(i/len(d.depts))%len(weeks)])
	})
}

// BenchmarkDoctorsPage is the filtered doctors list.
func BenchmarkDoctorsPage(b *testing.B) {
	benchPages(b, roster.RoleWorkforce, func(i int) string {
		return []string{"/doctors", "/doctors?grade=ST3", "/doctors?contract=newdeal2002&offset=50", "/doctors?q=son"}[i%4]
	})
}

// BenchmarkNationalOverviewPage is the aggregate view.
func BenchmarkNationalOverviewPage(b *testing.B) {
	benchPages(b, roster.RoleNational, func(int) string { return "/" })
}

var tempDirs []string

// makeTempDir makes a directory that outlives one benchmark (the demo
// trust is shared); TestMain removes it.
func makeTempDir() (string, error) {
	dir, err := os.MkdirTemp("", "rotaguard-web-")
	if err == nil {
		tempDirs = append(tempDirs, dir)
	}
	return dir, err
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demoVal != nil {
		demoVal.st.Close()
	}
	for _, d := range tempDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}
