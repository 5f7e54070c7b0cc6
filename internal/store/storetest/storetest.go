// Package storetest is the one test suite every store.Store implementation
// must pass. Engine packages call Run from their tests with a function
// that returns a fresh, empty, migrated store.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// Run runs the whole suite; newStore must return a fresh, empty store for
// each call (closed by the caller's cleanup, or by Run via t.Cleanup).
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Organisations", testOrganisations},
		{"SitesAndDepartments", testSitesAndDepartments},
		{"Doctors", testDoctors},
		{"DoctorFilters", testDoctorFilters},
		{"OptimisticConcurrency", testOptimisticConcurrency},
		{"ConcurrentEdits", testConcurrentEdits},
		{"UnionMembership", testUnionMembership},
		{"Audit", testAudit},
		{"InTx", testInTx},
		{"ShiftTypesAndTemplates", testShiftTypesAndTemplates},
		{"Assignments", testAssignments},
		{"AssignmentRanges", testAssignmentRanges},
		{"CreateAssignments", testCreateAssignments},
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"NotFound", testNotFound},
	}
	tests = append(tests, planningTests...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			tt.fn(t, s)
		})
	}
}

// admin is the actor the suite works as.
var admin = roster.Actor{UserID: 7, Username: "alice.admin"}

func ctxFor(t *testing.T) context.Context { return roster.WithActor(t.Context(), admin) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code roster.Code, what string) {
	t.Helper()
	if got := roster.ErrorCode(err); got != code {
		t.Fatalf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

// fixture is a small populated register.
type fixture struct {
	org        roster.Organisation
	site       roster.Site
	med, surg  roster.Department
	doctors    []roster.Doctor
	night, day roster.ShiftType
}

func newDoctor(org, dept roster.ID, gmc, given, family string, g roster.Grade, c roster.ContractKind) roster.Doctor {
	d := roster.Doctor{OrgID: org, DepartmentID: dept, GMC: gmc, GivenName: given, FamilyName: family,
		Email: strings.ToLower(given) + "@example.nhs.uk", Grade: g, Specialty: "General Medicine",
		Contract: roster.Contract{Kind: c}, LTFTPercent: 100, Status: roster.Active}
	switch c {
	case roster.TCS2016:
		d.Contract.NodalPoint = g.DefaultNodalPoint()
		if d.Contract.NodalPoint == 0 {
			d.Contract.NodalPoint = 1
		}
	case roster.NewDeal2002:
		d.Contract.Band = "1A"
	}
	return d
}

func seed(t *testing.T, s store.Store) *fixture {
	t.Helper()
	ctx := ctxFor(t)
	f := &fixture{}
	f.org = roster.Organisation{Code: "RXX", Name: "Northgate Hospitals NHS Trust", Region: "London"}
	must(t, s.CreateOrganisation(ctx, &f.org))
	f.site = roster.Site{OrgID: f.org.ID, Name: "Northgate General"}
	must(t, s.CreateSite(ctx, &f.site))
	f.med = roster.Department{OrgID: f.org.ID, SiteID: f.site.ID, Name: "Acute Medicine", Specialty: "General Medicine"}
	must(t, s.CreateDepartment(ctx, &f.med))
	f.surg = roster.Department{OrgID: f.org.ID, SiteID: f.site.ID, Name: "General Surgery", Specialty: "General Surgery"}
	must(t, s.CreateDepartment(ctx, &f.surg))
	docs := []roster.Doctor{
		newDoctor(f.org.ID, f.med.ID, "7000001", "Asha", "Patel", roster.ST4, roster.TCS2016),
		newDoctor(f.org.ID, f.med.ID, "7000002", "Ben", "O'Neill", roster.FY1, roster.TCS2016),
		newDoctor(f.org.ID, f.med.ID, "7000003", "Chloé", "Zhang", roster.ST6, roster.NewDeal2002),
		newDoctor(f.org.ID, f.surg.ID, "7000004", "Dara", "Okafor", roster.CT2, roster.TCS2016),
		newDoctor(f.org.ID, f.surg.ID, "7100005", "Eve", "Patelski", roster.FY2, roster.NewDeal2002),
	}
	docs[3].Specialty = "General Surgery"
	docs[4].Specialty = "General Surgery"
	docs[4].Status = roster.OnLeave
	docs[4].LTFTPercent = 60
	for i := range docs {
		must(t, s.CreateDoctor(ctx, &docs[i]))
	}
	f.doctors = docs
	f.night = roster.ShiftType{DepartmentID: f.med.ID, Code: "N", Name: "Night", StartMinute: 21 * 60, LengthMinutes: 12 * 60, Kind: roster.Work, Colour: "#1f77b4"}
	must(t, s.CreateShiftType(ctx, &f.night))
	f.day = roster.ShiftType{DepartmentID: f.med.ID, Code: "D", Name: "Day", StartMinute: 8 * 60, LengthMinutes: 9 * 60, Kind: roster.Work, Colour: "#ff7f0e"}
	must(t, s.CreateShiftType(ctx, &f.day))
	return f
}

func testOrganisations(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	o := roster.Organisation{Code: "RAA", Name: "Alpha Trust", Region: "North West"}
	must(t, s.CreateOrganisation(ctx, &o))
	if o.ID == 0 || o.Version != 1 {
		t.Fatalf("created organisation %+v: want an ID and version 1", o)
	}
	got, err := s.GetOrganisation(ctx, o.ID)
	must(t, err)
	if got != o {
		t.Errorf("GetOrganisation = %+v, want %+v", got, o)
	}
	b := roster.Organisation{Code: "RBB", Name: "Beta Trust"}
	must(t, s.CreateOrganisation(ctx, &b))
	dup := roster.Organisation{Code: "RAA", Name: "Another"}
	err = s.CreateOrganisation(ctx, &dup)
	wantCode(t, err, roster.Conflict, "duplicate organisation code")
	if dup.ID != 0 {
		t.Errorf("failed create set ID %d", dup.ID)
	}
	// Organisations without a code do not collide.
	for range 2 {
		n := roster.Organisation{Name: "No code"}
		must(t, s.CreateOrganisation(ctx, &n))
	}
	wantCode(t, s.CreateOrganisation(ctx, &roster.Organisation{Code: "X"}), roster.Invalid, "organisation without a name")
	all, err := s.ListOrganisations(ctx)
	must(t, err)
	if len(all) != 4 || all[0].Name != "Alpha Trust" || all[1].Name != "Beta Trust" {
		t.Errorf("ListOrganisations = %+v, want 4 sorted by name", all)
	}
	o.Name = "Alpha Hospitals Trust"
	must(t, s.UpdateOrganisation(ctx, &o))
	if o.Version != 2 {
		t.Errorf("version after update = %d, want 2", o.Version)
	}
	got, _ = s.GetOrganisation(ctx, o.ID)
	if got.Name != "Alpha Hospitals Trust" || got.Version != 2 {
		t.Errorf("after update: %+v", got)
	}
	b.Code = "RAA"
	wantCode(t, s.UpdateOrganisation(ctx, &b), roster.Conflict, "update to a taken code")
}

func testSitesAndDepartments(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	f := seed(t, s)
	other := roster.Organisation{Name: "Other Trust", Code: "ROT"}
	must(t, s.CreateOrganisation(ctx, &other))
	os := roster.Site{OrgID: other.ID, Name: "Other General"}
	must(t, s.CreateSite(ctx, &os))
	wantCode(t, s.CreateSite(ctx, &roster.Site{OrgID: 9999, Name: "Nowhere"}), roster.Invalid, "site in a missing organisation")
	sites, err := s.ListSites(ctx, f.org.ID)
	must(t, err)
	if len(sites) != 1 || sites[0] != f.site {
		t.Errorf("ListSites(org) = %+v, want [%+v]", sites, f.site)
	}
	all, err := s.ListSites(ctx, 0)
	must(t, err)
	if len(all) != 2 {
		t.Errorf("ListSites(0) = %d sites, want 2", len(all))
	}
	d, err := s.GetDepartment(ctx, f.med.ID)
	must(t, err)
	if d != f.med {
		t.Errorf("GetDepartment = %+v, want %+v", d, f.med)
	}
	depts, err := s.ListDepartments(ctx, f.org.ID)
	must(t, err)
	if len(depts) != 2 || depts[0].Name != "Acute Medicine" || depts[1].Name != "General Surgery" {
		t.Errorf("ListDepartments = %+v", depts)
	}
	if ds, _ := s.ListDepartments(ctx, other.ID); len(ds) != 0 {
		t.Errorf("other trust has departments %+v", ds)
	}
	wantCode(t, s.CreateDepartment(ctx, &roster.Department{OrgID: 9999, Name: "Ghost"}), roster.Invalid, "department in a missing organisation")
	wantCode(t, s.CreateDepartment(ctx, &roster.Department{OrgID: f.org.ID}), roster.Invalid, "department without a name")

	f.med.Name = "Acute and General Medicine"
	must(t, s.UpdateDepartment(ctx, &f.med))
	if d, _ := s.GetDepartment(ctx, f.med.ID); d.Name != "Acute and General Medicine" || d.Version != 2 {
		t.Errorf("after update %+v", d)
	}
	// A department with doctors cannot be deleted.
	err = s.DeleteDepartment(ctx, f.med.ID, f.med.Version)
	wantCode(t, err, roster.Conflict, "deleting a department that has doctors")
	if _, err := s.GetDepartment(ctx, f.med.ID); err != nil {
		t.Errorf("department gone after refused delete: %v", err)
	}
	empty := roster.Department{OrgID: f.org.ID, Name: "Empty"}
	must(t, s.CreateDepartment(ctx, &empty))
	wantCode(t, s.DeleteDepartment(ctx, empty.ID, empty.Version+1), roster.Conflict, "delete with a stale version")
	must(t, s.DeleteDepartment(ctx, empty.ID, empty.Version))
	_, err = s.GetDepartment(ctx, empty.ID)
	wantCode(t, err, roster.NotFound, "deleted department")
	wantCode(t, s.DeleteDepartment(ctx, empty.ID, empty.Version), roster.NotFound, "deleting twice")
}

func testDoctors(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	f := seed(t, s)
	rs, _ := roster.ParseDate("2026-08-05")
	re, _ := roster.ParseDate("2027-08-03")
	d := roster.Doctor{OrgID: f.org.ID, DepartmentID: f.med.ID, GMC: "7654321", GivenName: "Farah", FamilyName: "Hussain",
		Email: "farah@example.nhs.uk", Grade: roster.ST3, Specialty: "Cardiology",
		Contract:      roster.Contract{Kind: roster.TCS2016, TCSVersion: "2016 v11", NodalPoint: 4, OptOut: true},
		RotationStart: rs, RotationEnd: re, RenewalDate: re}
	must(t, s.CreateDoctor(ctx, &d))
	if d.ID == 0 || d.Version != 1 || d.Status != roster.Active || d.LTFTPercent != 100 {
		t.Errorf("created %+v: want ID, version 1, defaults active and 100%%", d)
	}
	got, err := s.GetDoctor(ctx, d.ID)
	must(t, err)
	if got != d {
		t.Errorf("GetDoctor =\n%+v\nwant\n%+v", got, d)
	}
	byGMC, err := s.GetDoctorByGMC(ctx, "7654321")
	must(t, err)
	if byGMC != d {
		t.Errorf("GetDoctorByGMC = %+v", byGMC)
	}
	// New Deal contract fields round-trip too.
	nd, _ := s.GetDoctor(ctx, f.doctors[2].ID)
	if nd.Contract != (roster.Contract{Kind: roster.NewDeal2002, Band: "1A"}) {
		t.Errorf("New Deal contract = %+v", nd.Contract)
	}
	dup := d
	dup.ID, dup.GivenName = 0, "Someone"
	err = s.CreateDoctor(ctx, &dup)
	wantCode(t, err, roster.Conflict, "duplicate GMC")
	var re2 *roster.Error
	if !errors.As(err, &re2) || re2.Field != "gmc" || !strings.Contains(re2.Message, "7654321") {
		t.Errorf("duplicate GMC error %v: want field gmc naming the number", err)
	}
	bad := d
	bad.GMC, bad.Grade = "12", "ST9"
	err = s.CreateDoctor(ctx, &bad)
	wantCode(t, err, roster.Invalid, "invalid doctor")
	wantCode(t, s.CreateDoctor(ctx, &roster.Doctor{OrgID: f.org.ID, DepartmentID: 9999, GMC: "7111111", GivenName: "X",
		Grade: roster.FY1, Contract: roster.Contract{Kind: roster.TCS2016, NodalPoint: 1}}), roster.Invalid, "doctor in a missing department")

	d.Grade, d.Contract.NodalPoint, d.LTFTPercent = roster.ST4, 4, 80
	must(t, s.UpdateDoctor(ctx, &d))
	got, _ = s.GetDoctor(ctx, d.ID)
	if got.Grade != roster.ST4 || got.LTFTPercent != 80 || got.Version != 2 || d.Version != 2 {
		t.Errorf("after update %+v (passed struct version %d)", got, d.Version)
	}
	// Changing GMC to one already registered.
	clash := d
	clash.GMC = f.doctors[0].GMC
	wantCode(t, s.UpdateDoctor(ctx, &clash), roster.Conflict, "update to a registered GMC")

	// Delete: refused while assignments exist, then allowed.
	start, _ := roster.ParseLocal("2026-09-01T08:00")
	a := roster.Assignment{DoctorID: d.ID, DepartmentID: f.med.ID, Kind: roster.Work, Start: start, End: start.Add(9 * time.Hour)}
	must(t, s.CreateAssignment(ctx, &a))
	wantCode(t, s.DeleteDoctor(ctx, d.ID, d.Version), roster.Conflict, "deleting a doctor with assignments")
	must(t, s.DeleteAssignment(ctx, a.ID, a.Version))
	wantCode(t, s.DeleteDoctor(ctx, d.ID, d.Version-1), roster.Conflict, "deleting with a stale version")
	must(t, s.DeleteDoctor(ctx, d.ID, d.Version))
	_, err = s.GetDoctor(ctx, d.ID)
	wantCode(t, err, roster.NotFound, "deleted doctor")
	_, err = s.GetDoctorByGMC(ctx, "7654321")
	wantCode(t, err, roster.NotFound, "deleted doctor by GMC")
}

func testDoctorFilters(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	f := seed(t, s)
	other := roster.Organisation{Name: "Other Trust"}
	must(t, s.CreateOrganisation(ctx, &other))
	od := newDoctor(other.ID, 0, "7200001", "Gita", "Patel", roster.ST4, roster.TCS2016)
	must(t, s.CreateDoctor(ctx, &od))

	names := func(ds []roster.Doctor) string {
		var out []string
		for _, d := range ds {
			out = append(out, d.GivenName)
		}
		return strings.Join(out, ",")
	}
	tests := []struct {
		name string
		f    store.DoctorFilter
		want string // given names in order (family name, given name)
	}{
		{"all", store.DoctorFilter{}, "Ben,Dara,Asha,Gita,Eve,Chloé"},
		{"org", store.DoctorFilter{OrgID: f.org.ID}, "Ben,Dara,Asha,Eve,Chloé"},
		{"other org", store.DoctorFilter{OrgID: other.ID}, "Gita"},
		{"department", store.DoctorFilter{DepartmentID: f.med.ID}, "Ben,Asha,Chloé"},
		{"departments", store.DoctorFilter{DepartmentIDs: []roster.ID{f.surg.ID, 9999}}, "Dara,Eve"},
		{"departments both", store.DoctorFilter{DepartmentIDs: []roster.ID{f.med.ID, f.surg.ID}}, "Ben,Dara,Asha,Eve,Chloé"},
		{"grade", store.DoctorFilter{Grade: roster.ST4}, "Asha,Gita"},
		{"grade and org", store.DoctorFilter{Grade: roster.ST4, OrgID: f.org.ID}, "Asha"},
		{"specialty any case", store.DoctorFilter{Specialty: "general surgery"}, "Dara,Eve"},
		{"contract", store.DoctorFilter{Contract: roster.NewDeal2002}, "Eve,Chloé"},
		{"status", store.DoctorFilter{Status: roster.OnLeave}, "Eve"},
		{"search family name, any case", store.DoctorFilter{Search: "PATEL"}, "Asha,Gita,Eve"},
		{"search full name", store.DoctorFilter{Search: "asha patel"}, "Asha"},
		{"search GMC prefix", store.DoctorFilter{Search: "71000"}, "Eve"},
		{"search apostrophe", store.DoctorFilter{Search: "o'neill"}, "Ben"},
		{"search wildcard is literal", store.DoctorFilter{Search: "%"}, ""},
		{"search underscore is literal", store.DoctorFilter{Search: "_"}, ""},
		{"search no match", store.DoctorFilter{Search: "nobody"}, ""},
		{"limit", store.DoctorFilter{OrgID: f.org.ID, Limit: 2}, "Ben,Dara"},
		{"limit offset", store.DoctorFilter{OrgID: f.org.ID, Limit: 2, Offset: 2}, "Asha,Eve"},
		{"offset only", store.DoctorFilter{OrgID: f.org.ID, Offset: 4}, "Chloé"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ListDoctors(ctx, tt.f)
			must(t, err)
			if g := names(got); g != tt.want {
				t.Errorf("ListDoctors(%+v) = %s, want %s", tt.f, g, tt.want)
			}
			n, err := s.CountDoctors(ctx, tt.f)
			must(t, err)
			want := 0
			if tt.want != "" {
				want = strings.Count(tt.want, ",") + 1
			}
			if tt.f.Limit == 0 && tt.f.Offset == 0 && n != want {
				t.Errorf("CountDoctors(%+v) = %d, want %d", tt.f, n, want)
			}
		})
	}
	n, err := s.CountDoctors(ctx, store.DoctorFilter{OrgID: f.org.ID, Limit: 2})
	must(t, err)
	if n != 5 {
		t.Errorf("CountDoctors ignores Limit: got %d, want 5", n)
	}
}

func testOptimisticConcurrency(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	f := seed(t, s)
	// Two people open the same doctor.
	mine, _ := s.GetDoctor(ctx, f.doctors[0].ID)
	theirs, _ := s.GetDoctor(ctx, f.doctors[0].ID)
	theirs.Email = "asha.patel@nhs.net"
	must(t, s.UpdateDoctor(ctx, &theirs))
	auditBefore, _ := s.ListAudit(ctx, store.AuditFilter{Entity: "doctor", EntityID: mine.ID})

	mine.Email = "overwritten@example.com"
	err := s.UpdateDoctor(ctx, &mine)
	wantCode(t, err, roster.Conflict, "stale doctor update")
	if !strings.Contains(roster.ErrorMessage(err), "changed by someone else") {
		t.Errorf("stale update message %q does not say it was changed by someone else", roster.ErrorMessage(err))
	}
	if mine.Version != 1 {
		t.Errorf("refused update changed the passed version to %d", mine.Version)
	}
	got, _ := s.GetDoctor(ctx, mine.ID)
	if got.Email != "asha.patel@nhs.net" || got.Version != 2 {
		t.Errorf("stale update wrote: %+v", got)
	}
	auditAfter, _ := s.ListAudit(ctx, store.AuditFilter{Entity: "doctor", EntityID: mine.ID})
	if len(auditAfter) != len(auditBefore) {
		t.Errorf("refused update wrote %d audit entries", len(auditAfter)-len(auditBefore))
	}
	// Reload and retry succeeds.
	mine = got
	mine.Email = "asha@example.com"
	must(t, s.UpdateDoctor(ctx, &mine))
	if mine.Version != 3 {
		t.Errorf("version %d, want 3", mine.Version)
	}

	// The same on every versioned entity.
	org := f.org
	org.Version = 99
	wantCode(t, s.UpdateOrganisation(ctx, &org), roster.Conflict, "stale organisation")
	dept := f.med
	dept.Version = 0
	wantCode(t, s.UpdateDepartment(ctx, &dept), roster.Conflict, "stale department")
	st := f.night
	st.Version = 5
	wantCode(t, s.UpdateShiftType(ctx, &st), roster.Conflict, "stale shift type")
}

func testUnionMembership(t *testing.T, s store.Store) {
	reader := roster.Actor{UserID: 42, Username: "hr.reader"}
	ctx := ctxFor(t)
	rctx := roster.WithActor(t.Context(), reader)
	f := seed(t, s)
	doc := f.doctors[0].ID
	reads := func() []roster.AuditEntry {
		t.Helper()
		var out []roster.AuditEntry
		es, err := s.ListAudit(ctx, store.AuditFilter{Entity: "union_membership", EntityID: doc})
		must(t, err)
		for _, e := range es {
			if e.Action == "read" {
				out = append(out, e)
			}
		}
		return out
	}
	_, err := s.GetUnionMembership(rctx, doc)
	wantCode(t, err, roster.NotFound, "membership not recorded")
	if r := reads(); len(r) != 1 || r[0].ActorID != 42 || r[0].Actor != "hr.reader" {
		t.Fatalf("a read of an unrecorded membership must be audited with its reader; got %+v", r)
	}
	at := time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)
	m := roster.UnionMembership{DoctorID: doc, Union: "BMA", Member: true, RecordedAt: at}
	must(t, s.SetUnionMembership(ctx, &m))
	if m.Version != 1 {
		t.Errorf("version %d, want 1", m.Version)
	}
	got, err := s.GetUnionMembership(rctx, doc)
	must(t, err)
	if got.Union != "BMA" || !got.Member || !got.RecordedAt.Equal(at) || got.Version != 1 {
		t.Errorf("GetUnionMembership = %+v", got)
	}
	r := reads()
	if len(r) != 2 || r[0].ActorID != 42 {
		t.Fatalf("two reads, want two read audit entries by the reader; got %+v", r)
	}
	if strings.Contains(r[0].After, "BMA") || strings.Contains(r[0].Before, "BMA") {
		t.Errorf("the read audit entry copies the special-category data: %+v", r[0])
	}
	// Membership is not part of the doctor record.
	d, _ := s.GetDoctor(ctx, doc)
	if got := fmt.Sprintf("%+v", d); strings.Contains(got, "BMA") {
		t.Errorf("doctor record carries union data: %s", got)
	}
	stale := m
	stale.Version = 0
	stale.Member = false
	wantCode(t, s.SetUnionMembership(ctx, &stale), roster.Conflict, "stale membership update (version 0 on existing)")
	m.Member = false
	m.Union = ""
	must(t, s.SetUnionMembership(ctx, &m))
	if m.Version != 2 {
		t.Errorf("version %d, want 2", m.Version)
	}
	wantCode(t, s.SetUnionMembership(ctx, &roster.UnionMembership{DoctorID: 9999, Union: "BMA", Member: true}), roster.NotFound, "membership for a missing doctor")
	// Deleting the doctor removes the special-category data with it.
	d, _ = s.GetDoctor(ctx, doc)
	must(t, s.DeleteDoctor(ctx, doc, d.Version))
	_, err = s.GetUnionMembership(ctx, doc)
	wantCode(t, err, roster.NotFound, "membership of a deleted doctor")
}

func testAudit(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	f := seed(t, s)
	d := f.doctors[1]
	d.Email = "ben.oneill@nhs.net"
	must(t, s.UpdateDoctor(ctx, &d))
	es, err := s.ListAudit(ctx, store.AuditFilter{Entity: "doctor", EntityID: d.ID})
	must(t, err)
	if len(es) != 2 {
		t.Fatalf("doctor audit = %+v, want create and update", es)
	}
	up, cr := es[0], es[1]
	if up.Action != "update" || cr.Action != "create" {
		t.Errorf("actions %q, %q, want update (newest first), create", up.Action, cr.Action)
	}
	if up.ActorID != admin.UserID || up.Actor != admin.Username || up.At.IsZero() || up.At.Location() != time.UTC {
		t.Errorf("update entry actor/time: %+v", up)
	}
	if time.Since(up.At) > time.Minute || time.Since(up.At) < -time.Minute {
		t.Errorf("update entry at %v, want about now", up.At)
	}
	if !strings.Contains(up.Before, "ben@example.nhs.uk") || !strings.Contains(up.After, "ben.oneill@nhs.net") {
		t.Errorf("update before/after do not hold the old and new email:\nbefore %s\nafter  %s", up.Before, up.After)
	}
	if cr.Before != "" || !strings.Contains(cr.After, `"gmc":"7000002"`) {
		t.Errorf("create entry before %q after %q", cr.Before, cr.After)
	}
	// A change with no actor in the context is the system's.
	o := roster.Organisation{Name: "System Trust"}
	must(t, s.CreateOrganisation(t.Context(), &o))
	es, _ = s.ListAudit(ctx, store.AuditFilter{Entity: "organisation", EntityID: o.ID})
	if len(es) != 1 || es[0].ActorID != 0 || es[0].Actor != "system" {
		t.Errorf("system change audit = %+v", es)
	}
	// AddAudit, actor filter, limit and offset.
	at := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)
	must(t, s.AddAudit(ctx, roster.AuditEntry{At: at, ActorID: 99, Actor: "bob", Action: "sign_in", Entity: "user", EntityID: 99, Note: "from 10.0.0.1"}))
	must(t, s.AddAudit(ctx, roster.AuditEntry{ActorID: 99, Actor: "bob", Action: "export", Entity: "rota", EntityID: f.med.ID}))
	wantCode(t, s.AddAudit(ctx, roster.AuditEntry{}), roster.Invalid, "empty audit entry")
	bob, err := s.ListAudit(ctx, store.AuditFilter{ActorID: 99})
	must(t, err)
	if len(bob) != 2 || bob[0].Action != "export" || bob[1].Action != "sign_in" || !bob[1].At.Equal(at) || bob[1].Note != "from 10.0.0.1" {
		t.Errorf("ListAudit(actor 99) = %+v", bob)
	}
	all, _ := s.ListAudit(ctx, store.AuditFilter{})
	page, _ := s.ListAudit(ctx, store.AuditFilter{Limit: 3, Offset: 2})
	if len(all) < 5 || len(page) != 3 || page[0].ID != all[2].ID || page[2].ID != all[4].ID {
		t.Errorf("paging: %d entries, page %+v", len(all), page)
	}
	for i := 1; i < len(all); i++ {
		if all[i].ID >= all[i-1].ID {
			t.Fatalf("audit not newest first at %d", i)
		}
	}
}

func testInTx(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	f := seed(t, s)
	countAudit := func() int {
		es, err := s.ListAudit(ctx, store.AuditFilter{})
		must(t, err)
		return len(es)
	}
	audits := countAudit()
	boom := errors.New("row 3 is bad")
	var created roster.ID
	err := s.InTx(ctx, func(tx store.Tx) error {
		d := newDoctor(f.org.ID, f.med.ID, "7300001", "Hana", "Ito", roster.FY1, roster.TCS2016)
		if err := tx.CreateDoctor(ctx, &d); err != nil {
			return err
		}
		created = d.ID
		// Reads inside the transaction see its writes.
		if _, err := tx.GetDoctor(ctx, d.ID); err != nil {
			return err
		}
		start, _ := roster.ParseLocal("2026-05-01T08:00")
		if err := tx.CreateAssignments(ctx, []roster.Assignment{{DoctorID: d.ID, DepartmentID: f.med.ID, Kind: roster.Work, Start: start, End: start.Add(8 * time.Hour)}}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx returned %v, want fn's error", err)
	}
	if _, err := s.GetDoctor(ctx, created); !roster.IsCode(err, roster.NotFound) {
		t.Errorf("rolled-back doctor still there: %v", err)
	}
	if _, err := s.GetDoctorByGMC(ctx, "7300001"); !roster.IsCode(err, roster.NotFound) {
		t.Errorf("rolled-back doctor found by GMC: %v", err)
	}
	if as, _ := s.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: f.med.ID}); len(as) != 0 {
		t.Errorf("rolled-back assignments still there: %+v", as)
	}
	if n := countAudit(); n != audits {
		t.Errorf("rolled-back transaction left %d audit entries", n-audits)
	}

	// A method that fails inside a transaction leaves nothing of itself and
	// the transaction can carry on and commit.
	err = s.InTx(ctx, func(tx store.Tx) error {
		dup := newDoctor(f.org.ID, f.med.ID, f.doctors[0].GMC, "Dup", "Licate", roster.FY1, roster.TCS2016)
		if err := tx.CreateDoctor(ctx, &dup); !roster.IsCode(err, roster.Conflict) {
			return fmt.Errorf("duplicate GMC in a transaction: %v, want conflict", err)
		}
		d := newDoctor(f.org.ID, f.med.ID, "7300002", "Ida", "Jones", roster.FY2, roster.TCS2016)
		return tx.CreateDoctor(ctx, &d)
	})
	must(t, err)
	if _, err := s.GetDoctorByGMC(ctx, "7300002"); err != nil {
		t.Errorf("committed doctor missing: %v", err)
	}
	if n := countAudit(); n != audits+1 {
		t.Errorf("committed transaction left %d audit entries, want 1", n-audits)
	}
	// A panic rolls back too.
	func() {
		defer func() { _ = recover() }()
		_ = s.InTx(ctx, func(tx store.Tx) error {
			d := newDoctor(f.org.ID, f.med.ID, "7300003", "Jo", "Kay", roster.FY2, roster.TCS2016)
			_ = tx.CreateDoctor(ctx, &d)
			panic("boom")
		})
	}()
	if _, err := s.GetDoctorByGMC(ctx, "7300003"); !roster.IsCode(err, roster.NotFound) {
		t.Errorf("doctor created before a panic survived: %v", err)
	}
}

func testShiftTypesAndTemplates(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	f := seed(t, s)
	sts, err := s.ListShiftTypes(ctx, f.med.ID)
	must(t, err)
	if len(sts) != 2 || sts[0] != f.day || sts[1] != f.night {
		t.Errorf("ListShiftTypes = %+v, want day then night", sts)
	}
	if sts, _ := s.ListShiftTypes(ctx, f.surg.ID); len(sts) != 0 {
		t.Errorf("surgery shift types %+v", sts)
	}
	dup := f.night
	dup.ID = 0
	wantCode(t, s.CreateShiftType(ctx, &dup), roster.Conflict, "duplicate shift code in a department")
	dup.DepartmentID = f.surg.ID
	must(t, s.CreateShiftType(ctx, &dup)) // same code, other department
	for _, bad := range []roster.ShiftType{
		{DepartmentID: f.med.ID, Code: "X", StartMinute: 1440, LengthMinutes: 60, Kind: roster.Work},
		{DepartmentID: f.med.ID, Code: "X", StartMinute: 0, LengthMinutes: 0, Kind: roster.Work},
		{DepartmentID: f.med.ID, Code: "X", StartMinute: 0, LengthMinutes: 60, Kind: "shift"},
		{DepartmentID: f.med.ID, Code: "", StartMinute: 0, LengthMinutes: 60, Kind: roster.Work},
	} {
		wantCode(t, s.CreateShiftType(ctx, &bad), roster.Invalid, fmt.Sprintf("invalid shift type %+v", bad))
	}
	f.night.LengthMinutes = 12*60 + 30
	must(t, s.UpdateShiftType(ctx, &f.night))
	if sts, _ := s.ListShiftTypes(ctx, f.med.ID); sts[1].LengthMinutes != 750 || sts[1].Version != 2 {
		t.Errorf("after update %+v", sts[1])
	}

	tpl := roster.RotaTemplate{DepartmentID: f.med.ID, Name: "1 in 2", Weeks: 1,
		Lines: [][]string{{"D", "D", "N", "N", "", "", ""}, {"", "", "D", "D", "N", "N", "N"}}}
	must(t, s.CreateTemplate(ctx, &tpl))
	tpls, err := s.ListTemplates(ctx, f.med.ID)
	must(t, err)
	if len(tpls) != 1 || tpls[0].Name != "1 in 2" || tpls[0].ID != tpl.ID || tpls[0].Version != 1 ||
		len(tpls[0].Lines) != 2 || strings.Join(tpls[0].Lines[1], ",") != ",,D,D,N,N,N" {
		t.Errorf("ListTemplates = %+v", tpls)
	}
	bad := roster.RotaTemplate{DepartmentID: f.med.ID, Name: "short", Weeks: 2, Lines: [][]string{{"D"}}}
	wantCode(t, s.CreateTemplate(ctx, &bad), roster.Invalid, "template line of the wrong length")
}

func testAssignments(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	f := seed(t, s)
	sat, _ := roster.ParseDate("2026-03-28")
	start, end := f.night.On(sat)
	a := roster.Assignment{DoctorID: f.doctors[0].ID, DepartmentID: f.med.ID, ShiftTypeID: f.night.ID, Kind: roster.Work,
		Start: start, End: end, Note: "short night: clocks go forward"}
	must(t, s.CreateAssignment(ctx, &a))
	if a.ID == 0 || a.Version != 1 {
		t.Fatalf("created %+v", a)
	}
	got, err := s.GetAssignment(ctx, a.ID)
	must(t, err)
	if got != a || got.Minutes() != 11*60 {
		t.Errorf("GetAssignment = %+v (%d min), want %+v (660 min)", got, got.Minutes(), a)
	}
	adhoc := roster.Assignment{DoctorID: f.doctors[1].ID, DepartmentID: f.med.ID, Kind: roster.Leave,
		Start: time.Date(2026, 4, 1, 0, 0, 0, 0, roster.London), End: time.Date(2026, 4, 3, 0, 0, 0, 0, roster.London)}
	must(t, s.CreateAssignment(ctx, &adhoc))
	if got, _ := s.GetAssignment(ctx, adhoc.ID); got.ShiftTypeID != 0 || got.Start.Location() != time.UTC || !got.Start.Equal(adhoc.Start) {
		t.Errorf("ad hoc leave = %+v", got)
	}
	for _, bad := range []roster.Assignment{
		{DoctorID: f.doctors[0].ID, Kind: roster.Work, Start: start, End: start},
		{DoctorID: f.doctors[0].ID, Kind: "shift", Start: start, End: end},
		{Kind: roster.Work, Start: start, End: end},
	} {
		wantCode(t, s.CreateAssignment(ctx, &bad), roster.Invalid, fmt.Sprintf("invalid assignment %+v", bad))
	}
	wantCode(t, s.CreateAssignment(ctx, &roster.Assignment{DoctorID: 9999, Kind: roster.Work, Start: start, End: end}), roster.Invalid, "assignment for a missing doctor")

	a.End = a.End.Add(30 * time.Minute)
	a.Note = "handover"
	must(t, s.UpdateAssignment(ctx, &a))
	if got, _ := s.GetAssignment(ctx, a.ID); got.Minutes() != 11*60+30 || got.Version != 2 || got.Note != "handover" {
		t.Errorf("after update %+v", got)
	}
	st := a
	st.Version = 1
	wantCode(t, s.UpdateAssignment(ctx, &st), roster.Conflict, "stale assignment update")
	wantCode(t, s.DeleteAssignment(ctx, a.ID, 1), roster.Conflict, "stale assignment delete")
	must(t, s.DeleteAssignment(ctx, a.ID, 2))
	_, err = s.GetAssignment(ctx, a.ID)
	wantCode(t, err, roster.NotFound, "deleted assignment")
	es, _ := s.ListAudit(ctx, store.AuditFilter{Entity: "assignment", EntityID: a.ID})
	if len(es) != 3 || es[0].Action != "delete" || es[0].After != "" || !strings.Contains(es[0].Before, "handover") {
		t.Errorf("assignment audit %+v", es)
	}
}

func testAssignmentRanges(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	f := seed(t, s)
	local := func(v string) time.Time {
		tm, err := roster.ParseLocal(v)
		must(t, err)
		return tm
	}
	mk := func(doc roster.Doctor, dept roster.ID, kind roster.Kind, from, to string, note string) roster.Assignment {
		return roster.Assignment{DoctorID: doc.ID, DepartmentID: dept, Kind: kind, Start: local(from), End: local(to), Note: note}
	}
	asha, ben, dara := f.doctors[0], f.doctors[1], f.doctors[3]
	as := []roster.Assignment{
		mk(asha, f.med.ID, roster.Work, "2026-03-28T21:00", "2026-03-29T09:00", "march-night"),   // 11 h
		mk(asha, f.med.ID, roster.Work, "2026-10-24T21:00", "2026-10-25T09:00", "october-night"), // 13 h
		mk(ben, f.med.ID, roster.Work, "2026-10-25T01:30", "2026-10-25T08:00", "repeated-hour"),  // starts in the first 01:30 (BST)
		mk(ben, f.med.ID, roster.Leave, "2026-06-01T00:00", "2026-06-29T00:00", "long-leave"),
		mk(dara, f.surg.ID, roster.OnCall, "2026-10-24T17:00", "2026-10-25T08:00", "surgical-oncall"),
	}
	// The second 01:30 on 25 October (GMT), given as an explicit instant.
	second := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)
	as = append(as, roster.Assignment{DoctorID: ben.ID, DepartmentID: f.med.ID, Kind: roster.Work, Start: second, End: second.Add(time.Hour), Note: "second-0130"})
	must(t, s.CreateAssignments(ctx, as))
	for _, a := range as {
		got, err := s.GetAssignment(ctx, a.ID)
		must(t, err)
		if !got.Start.Equal(a.Start) || !got.End.Equal(a.End) || got.Start.Location() != time.UTC || got.Minutes() != a.Minutes() {
			t.Errorf("%s: stored %v–%v (%d min), want %v–%v (%d min)", a.Note, got.Start, got.End, got.Minutes(), a.Start, a.End, a.Minutes())
		}
	}
	if m := as[0].Minutes(); m != 660 {
		t.Errorf("March night %d min, want 660", m)
	}
	if m := as[1].Minutes(); m != 780 {
		t.Errorf("October night %d min, want 780", m)
	}
	notes := func(as []roster.Assignment) string {
		var out []string
		for _, a := range as {
			out = append(out, a.Note)
		}
		return strings.Join(out, ",")
	}
	tests := []struct {
		name string
		f    store.AssignmentFilter
		want string
	}{
		{"department, whole year", store.AssignmentFilter{DepartmentID: f.med.ID, From: local("2026-01-01T00:00"), To: local("2027-01-01T00:00")},
			"march-night,long-leave,october-night,repeated-hour,second-0130"},
		{"no range", store.AssignmentFilter{DepartmentID: f.surg.ID}, "surgical-oncall"},
		{"local day 29 March", store.AssignmentFilter{DepartmentID: f.med.ID, From: local("2026-03-29T00:00"), To: local("2026-03-30T00:00")}, "march-night"},
		{"ends exactly at From: excluded", store.AssignmentFilter{DepartmentID: f.med.ID, From: local("2026-03-29T09:00"), To: local("2026-03-30T00:00")}, ""},
		{"one minute before the end: included", store.AssignmentFilter{DepartmentID: f.med.ID, From: local("2026-03-29T08:59"), To: local("2026-03-30T00:00")}, "march-night"},
		{"starts exactly at To: excluded", store.AssignmentFilter{DepartmentID: f.med.ID, From: local("2026-03-28T00:00"), To: local("2026-03-28T21:00")}, ""},
		{"one minute after the start: included", store.AssignmentFilter{DepartmentID: f.med.ID, From: local("2026-03-28T00:00"), To: local("2026-03-28T21:01")}, "march-night"},
		{"sub-second To", store.AssignmentFilter{DepartmentID: f.med.ID, From: local("2026-03-28T00:00"), To: local("2026-03-28T21:00").Add(time.Millisecond)}, "march-night"},
		{"the repeated hour, first pass (BST)", store.AssignmentFilter{DoctorID: ben.ID, From: time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), To: time.Date(2026, 10, 25, 0, 31, 0, 0, time.UTC)}, "repeated-hour"},
		{"the repeated hour, second pass (GMT)", store.AssignmentFilter{DoctorID: ben.ID, From: time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), To: time.Date(2026, 10, 25, 1, 31, 0, 0, time.UTC)}, "repeated-hour,second-0130"},
		{"middle of a long leave", store.AssignmentFilter{DepartmentID: f.med.ID, From: local("2026-06-15T00:00"), To: local("2026-06-16T00:00")}, "long-leave"},
		{"doctor", store.AssignmentFilter{DoctorID: asha.ID}, "march-night,october-night"},
		{"kind", store.AssignmentFilter{Kind: roster.Leave}, "long-leave"},
		{"organisation", store.AssignmentFilter{OrgID: f.org.ID, From: local("2026-10-24T00:00"), To: local("2026-10-26T00:00")},
			"surgical-oncall,october-night,repeated-hour,second-0130"},
		{"other organisation", store.AssignmentFilter{OrgID: 9999}, ""},
		{"only From", store.AssignmentFilter{DepartmentID: f.med.ID, From: local("2026-10-25T08:00")}, "october-night"},
		{"only To", store.AssignmentFilter{DepartmentID: f.med.ID, To: local("2026-06-01T00:01")}, "march-night,long-leave"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ListAssignments(ctx, tt.f)
			must(t, err)
			if n := notes(got); n != tt.want {
				t.Errorf("ListAssignments = %s, want %s", n, tt.want)
			}
		})
	}
}

func testCreateAssignments(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	f := seed(t, s)
	first, _ := roster.ParseDate("2026-03-01")
	var as []roster.Assignment
	for day := range 1200 { // more than one batch
		d := first.AddDays(day / 2)
		st := f.day
		if day%2 == 1 {
			st = f.night
		}
		start, end := st.On(d)
		as = append(as, roster.Assignment{DoctorID: f.doctors[day%3].ID, DepartmentID: f.med.ID, ShiftTypeID: st.ID, Kind: roster.Work, Start: start, End: end})
	}
	auditBefore, _ := s.ListAudit(ctx, store.AuditFilter{Entity: "assignment"})
	must(t, s.CreateAssignments(ctx, as))
	seen := map[roster.ID]bool{}
	for i, a := range as {
		if a.ID == 0 || a.Version != 1 || seen[a.ID] {
			t.Fatalf("assignment %d: ID %d version %d (duplicate %v)", i, a.ID, a.Version, seen[a.ID])
		}
		seen[a.ID] = true
	}
	for _, i := range []int{0, 499, 500, 777, 1199} {
		got, err := s.GetAssignment(ctx, as[i].ID)
		must(t, err)
		if got != as[i] {
			t.Errorf("assignment %d stored as %+v, want %+v", i, got, as[i])
		}
	}
	all, err := s.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: f.med.ID})
	must(t, err)
	if len(all) != len(as) {
		t.Errorf("listed %d, want %d", len(all), len(as))
	}
	auditAfter, _ := s.ListAudit(ctx, store.AuditFilter{Entity: "assignment"})
	if len(auditAfter) != len(auditBefore)+1 || auditAfter[0].Actor != admin.Username || !strings.Contains(auditAfter[0].After, `"count":1200`) {
		t.Errorf("bulk insert audit: %d new entries, newest %+v", len(auditAfter)-len(auditBefore), auditAfter[0])
	}
	// All or nothing: every bad row is reported, by number, and nothing is inserted.
	start, _ := roster.ParseLocal("2030-01-07T08:00")
	batch := []roster.Assignment{
		{DoctorID: f.doctors[0].ID, DepartmentID: f.med.ID, Kind: roster.Work, Start: start, End: start.Add(time.Hour)},
		{DoctorID: f.doctors[0].ID, DepartmentID: f.med.ID, Kind: roster.Work, Start: start, End: start},
		{DoctorID: f.doctors[0].ID, DepartmentID: f.med.ID, Kind: "nap", Start: start, End: start.Add(time.Hour)},
	}
	err = s.CreateAssignments(ctx, batch)
	wantCode(t, err, roster.Invalid, "bulk insert with bad rows")
	for _, want := range []string{"line 2: end", "line 3: kind"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("bulk error %q does not report %q", err, want)
		}
	}
	if batch[0].ID != 0 {
		t.Errorf("failed bulk insert set IDs")
	}
	batch = batch[:1]
	batch = append(batch, roster.Assignment{DoctorID: 9999, DepartmentID: f.med.ID, Kind: roster.Work, Start: start, End: start.Add(time.Hour)})
	wantCode(t, s.CreateAssignments(ctx, batch), roster.Invalid, "bulk insert with a missing doctor")
	got, _ := s.ListAssignments(ctx, store.AssignmentFilter{DepartmentID: f.med.ID, From: start, To: start.Add(time.Hour)})
	if len(got) != 0 {
		t.Errorf("failed bulk insert left %d assignments", len(got))
	}
	must(t, s.CreateAssignments(ctx, nil))
}

func testUsers(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	f := seed(t, s)
	u := roster.User{Username: "lead.med", DisplayName: "Medicine Lead", Role: roster.RoleLead, OrgID: f.org.ID,
		DepartmentIDs: []roster.ID{f.med.ID, f.surg.ID}, PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"}
	must(t, s.CreateUser(ctx, &u))
	if u.ID == 0 || u.Version != 1 || u.CreatedAt.IsZero() {
		t.Fatalf("created %+v", u)
	}
	got, err := s.GetUser(ctx, u.ID)
	must(t, err)
	if fmt.Sprint(got) != fmt.Sprint(u) || !got.CreatedAt.Equal(u.CreatedAt) {
		t.Errorf("GetUser =\n%+v\nwant\n%+v", got, u)
	}
	byName, err := s.GetUserByUsername(ctx, "lead.med")
	must(t, err)
	if byName.ID != u.ID || byName.PasswordHash != u.PasswordHash || len(byName.DepartmentIDs) != 2 {
		t.Errorf("GetUserByUsername = %+v", byName)
	}
	wantCode(t, s.CreateUser(ctx, &roster.User{Username: "lead.med", Role: roster.RoleAdmin}), roster.Conflict, "duplicate username")
	wantCode(t, s.CreateUser(ctx, &roster.User{Username: "x", Role: "boss"}), roster.Invalid, "unknown role")
	wantCode(t, s.CreateUser(ctx, &roster.User{Username: "dr", Role: roster.RoleDoctor}), roster.Invalid, "doctor account without a doctor")
	other := roster.Organisation{Name: "Other Trust"}
	must(t, s.CreateOrganisation(ctx, &other))
	otherDept := roster.Department{OrgID: other.ID, Name: "Elsewhere"}
	must(t, s.CreateDepartment(ctx, &otherDept))
	for name, bad := range map[string]roster.User{
		"missing department":     {Username: "x1", Role: roster.RoleLead, OrgID: f.org.ID, DepartmentIDs: []roster.ID{f.med.ID, 9999}},
		"another trust's dept":   {Username: "x2", Role: roster.RoleLead, OrgID: f.org.ID, DepartmentIDs: []roster.ID{otherDept.ID}},
		"another trust's doctor": {Username: "x3", Role: roster.RoleDoctor, OrgID: other.ID, DoctorID: f.doctors[0].ID},
		"missing doctor":         {Username: "x4", Role: roster.RoleDoctor, OrgID: f.org.ID, DoctorID: 9999},
	} {
		err := s.CreateUser(ctx, &bad)
		wantCode(t, err, roster.Invalid, name)
	}
	doc := roster.User{Username: "asha", Role: roster.RoleDoctor, OrgID: f.org.ID, DoctorID: f.doctors[0].ID}
	must(t, s.CreateUser(ctx, &doc))
	nat := roster.User{Username: "national", Role: roster.RoleNational, CanSeeUnion: false}
	must(t, s.CreateUser(ctx, &nat))
	us, err := s.ListUsers(ctx)
	must(t, err)
	if len(us) != 3 || us[0].Username != "asha" || us[1].Username != "lead.med" || us[2].Username != "national" {
		t.Errorf("ListUsers = %+v", us)
	}
	if us[0].DoctorID != f.doctors[0].ID || us[2].OrgID != 0 || us[2].DepartmentIDs != nil {
		t.Errorf("optional fields: %+v / %+v", us[0], us[2])
	}
	u.PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3"
	u.Disabled = true
	u.CanSeeUnion = true
	must(t, s.UpdateUser(ctx, &u))
	got, _ = s.GetUser(ctx, u.ID)
	if !got.Disabled || !got.CanSeeUnion || got.PasswordHash != u.PasswordHash || got.Version != 2 {
		t.Errorf("after update %+v", got)
	}
	es, _ := s.ListAudit(ctx, store.AuditFilter{Entity: "user", EntityID: u.ID})
	if len(es) != 2 || es[0].Note != "password changed" {
		t.Errorf("user audit %+v", es)
	}
	for _, e := range es {
		if strings.Contains(e.Before+e.After, "argon2id") {
			t.Errorf("audit entry holds a password hash: %+v", e)
		}
	}
	stale := u
	stale.Version = 1
	wantCode(t, s.UpdateUser(ctx, &stale), roster.Conflict, "stale user update")
	widen := u
	widen.DepartmentIDs = append(widen.DepartmentIDs, otherDept.ID)
	wantCode(t, s.UpdateUser(ctx, &widen), roster.Invalid, "lead given another trust's department")
	doc.Username = "lead.med"
	wantCode(t, s.UpdateUser(ctx, &doc), roster.Conflict, "rename to a taken username")
}

func testSessions(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	u := roster.User{Username: "admin", Role: roster.RoleAdmin}
	must(t, s.CreateUser(ctx, &u))
	now := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)
	sess := []roster.Session{
		{TokenHash: "expired", UserID: u.ID, CSRFToken: "c1", CreatedAt: now.Add(-9 * time.Hour), ExpiresAt: now.Add(-time.Second)},
		{TokenHash: "expires-now", UserID: u.ID, CSRFToken: "c2", CreatedAt: now.Add(-8 * time.Hour), ExpiresAt: now},
		{TokenHash: "live", UserID: u.ID, CSRFToken: "c3", CreatedAt: now.Add(-time.Hour), ExpiresAt: now.Add(time.Second)},
		{TokenHash: "other", UserID: u.ID, CSRFToken: "c4", CreatedAt: now, ExpiresAt: now.Add(8 * time.Hour)},
	}
	for _, x := range sess {
		must(t, s.CreateSession(ctx, x))
	}
	wantCode(t, s.CreateSession(ctx, sess[0]), roster.Conflict, "duplicate session token")
	wantCode(t, s.CreateSession(ctx, roster.Session{TokenHash: "nouser", UserID: 9999, ExpiresAt: now}), roster.NotFound, "session of a missing user")
	got, err := s.GetSession(ctx, "live")
	must(t, err)
	if got.UserID != u.ID || got.CSRFToken != "c3" || !got.ExpiresAt.Equal(now.Add(time.Second)) || !got.CreatedAt.Equal(now.Add(-time.Hour)) {
		t.Errorf("GetSession = %+v", got)
	}
	must(t, s.DeleteExpiredSessions(ctx, now))
	for _, tt := range []struct {
		token string
		alive bool
	}{{"expired", false}, {"expires-now", false}, {"live", true}, {"other", true}} {
		_, err := s.GetSession(ctx, tt.token)
		if alive := err == nil; alive != tt.alive {
			t.Errorf("session %s after expiry sweep: alive %v (%v), want %v", tt.token, alive, err, tt.alive)
		}
	}
	must(t, s.DeleteSession(ctx, "other"))
	_, err = s.GetSession(ctx, "other")
	wantCode(t, err, roster.NotFound, "deleted session")
	must(t, s.DeleteSession(ctx, "never-existed"))
}

func testNotFound(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	const id = 424242
	checks := map[string]error{}
	_, checks["GetOrganisation"] = s.GetOrganisation(ctx, id)
	checks["UpdateOrganisation"] = s.UpdateOrganisation(ctx, &roster.Organisation{ID: id, Name: "x", Version: 1})
	_, checks["GetDepartment"] = s.GetDepartment(ctx, id)
	checks["UpdateDepartment"] = s.UpdateDepartment(ctx, &roster.Department{ID: id, OrgID: 1, Name: "x", Version: 1})
	checks["DeleteDepartment"] = s.DeleteDepartment(ctx, id, 1)
	_, checks["GetDoctor"] = s.GetDoctor(ctx, id)
	_, checks["GetDoctorByGMC"] = s.GetDoctorByGMC(ctx, "7999999")
	checks["UpdateDoctor"] = s.UpdateDoctor(ctx, &roster.Doctor{ID: id, OrgID: 1, GMC: "7999999", GivenName: "x", Grade: roster.FY1,
		Contract: roster.Contract{Kind: roster.TCS2016, NodalPoint: 1}, Version: 1})
	checks["DeleteDoctor"] = s.DeleteDoctor(ctx, id, 1)
	_, checks["GetUnionMembership"] = s.GetUnionMembership(ctx, id)
	checks["UpdateShiftType"] = s.UpdateShiftType(ctx, &roster.ShiftType{ID: id, DepartmentID: 1, Code: "x", LengthMinutes: 60, Kind: roster.Work, Version: 1})
	_, checks["GetAssignment"] = s.GetAssignment(ctx, id)
	start := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	checks["UpdateAssignment"] = s.UpdateAssignment(ctx, &roster.Assignment{ID: id, DoctorID: 1, Kind: roster.Work, Start: start, End: start.Add(time.Hour), Version: 1})
	checks["DeleteAssignment"] = s.DeleteAssignment(ctx, id, 1)
	_, checks["GetUser"] = s.GetUser(ctx, id)
	_, checks["GetUserByUsername"] = s.GetUserByUsername(ctx, "nobody")
	checks["UpdateUser"] = s.UpdateUser(ctx, &roster.User{ID: id, Username: "nobody", Role: roster.RoleAdmin, Version: 1})
	_, checks["GetSession"] = s.GetSession(ctx, "nothing")
	for name, err := range checks {
		if roster.ErrorCode(err) != roster.NotFound {
			t.Errorf("%s: %v (code %q), want not_found", name, err, roster.ErrorCode(err))
		}
	}
	// Empty lists are empty, not errors.
	if ds, err := s.ListDoctors(ctx, store.DoctorFilter{}); err != nil || len(ds) != 0 {
		t.Errorf("ListDoctors on an empty store: %v %v", ds, err)
	}
}

// testConcurrentEdits: several people save the same version of a doctor at
// once; exactly one wins and every other is told it was changed, and
// concurrent creates all land.
func testConcurrentEdits(t *testing.T, s store.Store) {
	ctx := ctxFor(t)
	f := seed(t, s)
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			d := f.doctors[0] // everyone opened version 1
			d.Email = fmt.Sprintf("editor%d@example.com", i)
			errs[i] = s.UpdateDoctor(ctx, &d)
		})
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil:
			if won >= 0 {
				t.Errorf("editors %d and %d both saved version 1", won, i)
			}
			won = i
		case !roster.IsCode(err, roster.Conflict):
			t.Errorf("editor %d: %v, want a conflict", i, err)
		}
	}
	if won < 0 {
		t.Fatal("no editor saved")
	}
	got, _ := s.GetDoctor(ctx, f.doctors[0].ID)
	if got.Version != 2 || got.Email != fmt.Sprintf("editor%d@example.com", won) {
		t.Errorf("after concurrent edits: version %d email %s, want 2 and editor%d's", got.Version, got.Email, won)
	}
	es, _ := s.ListAudit(ctx, store.AuditFilter{Entity: "doctor", EntityID: got.ID})
	if len(es) != 2 {
		t.Errorf("%d audit entries, want create and one update", len(es))
	}

	for i := range n {
		wg.Go(func() {
			for j := range 5 {
				d := newDoctor(f.org.ID, f.surg.ID, fmt.Sprintf("74%02d%03d", i, j), "Con", fmt.Sprintf("Current %d-%d", i, j), roster.FY1, roster.TCS2016)
				if err := s.CreateDoctor(ctx, &d); err != nil {
					t.Errorf("concurrent create %d/%d: %v", i, j, err)
				}
			}
		})
	}
	wg.Wait()
	if c, _ := s.CountDoctors(ctx, store.DoctorFilter{Search: "current"}); c != n*5 {
		t.Errorf("concurrent creates: %d doctors, want %d", c, n*5)
	}
}
