package demo

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/sqlite"
)

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "demo.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestLoadSmall(t *testing.T) {
	ctx := t.Context()
	st := openStore(t)
	if _, status, err := Find(ctx, st, 5); err != nil || status != Absent {
		t.Fatalf("Find on an empty store = %v, %v", status, err)
	}
	tr, err := Generate(Small(5))
	if err != nil {
		t.Fatal(err)
	}
	var calls, last, total int
	if err := Load(ctx, st, tr, func(d, n int) { calls++; last, total = d, n }); err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last != total {
		t.Errorf("progress: %d calls, last %d of %d", calls, last, total)
	}
	if _, status, err := Find(ctx, st, 5); err != nil || status != Present {
		t.Fatalf("Find after Load = %v, %v", status, err)
	}
	if _, status, err := Find(ctx, st, 6); err != nil || status != OtherSeed {
		t.Fatalf("Find with another seed = %v, %v", status, err)
	}

	orgs, err := st.ListOrganisations(ctx)
	if err != nil || len(orgs) != 1 || orgs[0].Name != tr.Org.Name {
		t.Fatalf("organisations %v, %v", orgs, err)
	}
	depts, err := st.ListDepartments(ctx, orgs[0].ID)
	if err != nil || len(depts) != len(tr.Departments) {
		t.Fatalf("departments %d, %v", len(depts), err)
	}
	n, err := st.CountDoctors(ctx, store.DoctorFilter{})
	if err != nil || n != len(tr.Doctors) {
		t.Fatalf("%d doctors, %v", n, err)
	}
	as, err := st.ListAssignments(ctx, store.AssignmentFilter{})
	if err != nil || len(as) != len(tr.Assignments) {
		t.Fatalf("%d assignments (want %d), %v", len(as), len(tr.Assignments), err)
	}
	// Every stored assignment is the generated one, remapped.
	want := map[string]int{}
	key := func(gmc string, a roster.Assignment) string {
		return gmc + a.Start.String() + a.End.String() + string(a.Kind) + a.Note
	}
	for _, a := range tr.Assignments {
		want[key(tr.Doctor(a.DoctorID).GMC, a)]++
	}
	for _, a := range as {
		d, err := st.GetDoctor(ctx, a.DoctorID)
		if err != nil {
			t.Fatal(err)
		}
		if d.DepartmentID != a.DepartmentID {
			t.Errorf("assignment %d in department %d, doctor in %d", a.ID, a.DepartmentID, d.DepartmentID)
		}
		k := key(d.GMC, a)
		if want[k] == 0 {
			t.Fatalf("stored assignment %+v was not generated", a)
		}
		want[k]--
	}
	for _, u := range tr.Users {
		got, err := st.GetUserByUsername(ctx, u.Username)
		if err != nil {
			t.Fatalf("user %s: %v", u.Username, err)
		}
		if ok, err := auth.CheckPassword(got.PasswordHash, u.Password); !ok || err != nil {
			t.Errorf("user %s: password does not check: %v", u.Username, err)
		}
		if got.Role != u.Role {
			t.Errorf("user %s: role %s", u.Username, got.Role)
		}
		switch u.Role {
		case roster.RoleDoctor:
			d, err := st.GetDoctor(ctx, got.DoctorID)
			if err != nil || d.GMC != tr.Doctor(u.DoctorID).GMC {
				t.Errorf("doctor user linked to %+v, %v", d, err)
			}
		case roster.RoleLead:
			if len(got.DepartmentIDs) != 1 {
				t.Fatalf("lead departments %v", got.DepartmentIDs)
			}
			d, err := st.GetDepartment(ctx, got.DepartmentIDs[0])
			if err != nil || d.Name != tr.Departments[0].Name {
				t.Errorf("lead of %+v, %v", d, err)
			}
		}
	}
	// A union membership is stored for the members.
	m := tr.Unions[0]
	d, err := st.GetDoctorByGMC(ctx, tr.Doctor(m.DoctorID).GMC)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.GetUnionMembership(ctx, d.ID)
	if err != nil || got.Union != m.Union || !got.Member {
		t.Errorf("union membership %+v, %v; want %+v", got, err, m)
	}
}

// TestLoadAllOrNothing: a failure half way leaves nothing behind.
func TestLoadAllOrNothing(t *testing.T) {
	ctx := t.Context()
	st := openStore(t)
	tr, err := Generate(Small(9))
	if err != nil {
		t.Fatal(err)
	}
	tr.Assignments[len(tr.Assignments)-1].End = tr.Assignments[len(tr.Assignments)-1].Start // invalid
	if err := Load(ctx, st, tr, nil); err == nil {
		t.Fatal("Load of a bad trust succeeded")
	}
	orgs, err := st.ListOrganisations(ctx)
	if err != nil || len(orgs) != 0 {
		t.Fatalf("after a failed load: %d organisations, %v", len(orgs), err)
	}
	n, err := st.CountDoctors(ctx, store.DoctorFilter{})
	if err != nil || n != 0 {
		t.Fatalf("after a failed load: %d doctors, %v", n, err)
	}
	// A cancelled context also stores nothing.
	cctx, cancel := context.WithCancel(ctx)
	tr, _ = Generate(Small(9))
	err = Load(cctx, st, tr, func(done, total int) {
		if done > total/2 {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("Load with a cancelled context succeeded")
	}
	if n, err := st.CountDoctors(ctx, store.DoctorFilter{}); err != nil || n != 0 {
		t.Fatalf("after a cancelled load: %d doctors, %v", n, err)
	}
}

// BenchmarkGenerateAndLoad measures what `rotaguard demo` does: generate
// the full 1,000-doctor trust and store it in a fresh SQLite database.
func BenchmarkGenerateAndLoad(b *testing.B) {
	var n int
	for b.Loop() {
		b.StopTimer()
		st, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		tr, err := Generate(Config{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		if err := Load(b.Context(), st, tr, nil); err != nil {
			b.Fatal(err)
		}
		n = len(tr.Assignments)
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/trust")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "assignments/s")
}
