package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"", "/", "/doctors?x=1", "//evil.example", "/\\evil", "https://evil.example/", "doctors"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") {
			t.Fatalf("safeNext(%q) = %q leaves the site", next, got)
		}
		if got != "/" && got != next {
			t.Fatalf("safeNext(%q) = %q changed a safe path", next, got)
		}
	})
}

func FuzzParseInstant(f *testing.F) {
	for _, s := range []string{"2026-10-25", "2026-03-29T01:30", "2026-10-25T01:30", "2026-10-25T01:30:00Z", "2026-02-30", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseInstant(s, "from")
		if err == nil && s != "" && got.Location() != time.UTC {
			t.Fatalf("parseInstant(%q) = %v, not UTC", s, got)
		}
	})
}

func FuzzDoctorForm(f *testing.F) {
	f.Add("Ann", "1234567", "ST3", "tcs2016", "3", "", "100", "1", "2026-08-05", "2027-02-02", "active", "1")
	f.Add("", "12", "XX", "newdeal2002", "x", "9Z", "0", "a", "2026-13-01", "", "gone", "v")
	f.Fuzz(func(t *testing.T, given, gmc, grade, contract, nodal, band, ltft, dept, start, end, status, version string) {
		v := url.Values{"given_name": {given}, "gmc": {gmc}, "grade": {grade}, "contract": {contract}, "nodal_point": {nodal},
			"band": {band}, "ltft_percent": {ltft}, "department_id": {dept}, "rotation_start": {start}, "rotation_end": {end},
			"status": {status}, "version": {version}}
		r := httptest.NewRequest("POST", "/doctors", strings.NewReader(v.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		var d = newFormDoctor()
		err := parseDoctorForm(r, &d)
		if err == nil {
			if verr := d.Validate(); verr != nil {
				t.Fatalf("parseDoctorForm accepted a doctor that does not validate: %v", verr)
			}
			if d.DepartmentID <= 0 {
				t.Fatalf("accepted department %d", d.DepartmentID)
			}
			return
		}
		if len(fieldErrors(err)) == 0 {
			t.Fatalf("error without field errors: %v", err)
		}
	})
}

func newFormDoctor() roster.Doctor { return roster.Doctor{OrgID: 1} }
