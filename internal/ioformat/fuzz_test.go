package ioformat

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// checkFuzzErrors: every error of a refused file is a roster.Error naming
// the file and a line.
func checkFuzzErrors(t *testing.T, err error) {
	t.Helper()
	for _, e := range Errors(err) {
		var re *roster.Error
		if !errors.As(e, &re) || re.File != "fuzz.csv" || re.Line < 1 || re.Code != roster.Invalid {
			t.Fatalf("error without file and line: %#v", e)
		}
	}
}

func FuzzParseDoctors(f *testing.F) {
	f.Add(doctorHeader + "7123456,Amara,Okafor,a@b.example,ST4,,Emergency Medicine,tcs2016,4,,80,2026-08-05,2027-08-03,2027-01-01,active\n")
	f.Add("gmc,given_name,family_name,grade,department,contract,band\n6234567,Tom,O'Brien,ST6,2,newdeal2002,1b\n")
	f.Add("\ufeffGMC,Given Name,Family Name,Grade,Department,Contract\n1,\"a\"\"b\",c,FY1,x,2016\n")
	f.Add(doctorHeader + "1234567,Ann,Lee,,ST3,,ED,tcs2016,,,,2026-08-05,2026-08-04,,\n1234567,Ann,Lee,,ST3,,ED,tcs2016,,,,,,,\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		recs, err := ParseDoctors(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			if recs != nil {
				t.Fatal("records returned with an error")
			}
			checkFuzzErrors(t, err)
			return
		}
		for _, r := range recs {
			if err := r.Doctor.Validate(); err != nil {
				t.Fatalf("accepted an invalid doctor: %v", err)
			}
		}
		// Written back and parsed again: the same records (lines aside).
		var buf bytes.Buffer
		if err := WriteDoctors(&buf, recs); err != nil {
			t.Fatal(err)
		}
		again, err := ParseDoctors(&buf, "again.csv")
		if err != nil {
			t.Fatalf("cannot re-read what was written: %v\n%s", err, buf.String())
		}
		if len(again) != len(recs) {
			t.Fatalf("%d records, then %d", len(recs), len(again))
		}
		for i := range recs {
			recs[i].Line, again[i].Line = 0, 0
		}
		if diff := cmp.Diff(recs, again); diff != "" {
			t.Fatalf("round trip changed records:\n%s", diff)
		}
	})
}

func FuzzParseAssignments(f *testing.F) {
	f.Add(assignmentHeader + "7123456,ED,work,2026-10-24T20:30,2026-10-25T08:30,N,\n7123456,,leave,2026-10-27T00:00,2026-10-28T00:00,AL,x\n")
	f.Add("gmc,kind,start,end\n7123456,oncall,2026-03-28T17:00+00:00,2026-03-29T09:00Z\n")
	f.Add("gmc,kind,start,end\n7123456,work,2026-10-25T01:30,2026-10-25T01:30+00:00\n")
	f.Add("gmc,kind,start,end\n7123456,work,2026-03-02T08:00,2026-03-02T17:00\n7123456,work,2026-03-02T16:59,2026-03-02T18:00\n")
	f.Add("gmc,kind,start,end\n7123456,work,2026-03-29T01:30,2026-03-29 09:00\n")
	f.Fuzz(func(t *testing.T, in string) {
		recs, err := ParseAssignments(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			if recs != nil {
				t.Fatal("records returned with an error")
			}
			checkFuzzErrors(t, err)
			return
		}
		for i, r := range recs {
			a := r.Assignment
			if !a.End.After(a.Start) || a.End.Sub(a.Start) > MaxAssignmentLength {
				t.Fatalf("accepted a bad period %v–%v", a.Start, a.End)
			}
			for _, s := range recs[:i] {
				if s.GMC == r.GMC && s.Assignment.Overlaps(a) {
					t.Fatalf("accepted overlapping rows %d and %d", s.Line, r.Line)
				}
			}
		}
		var buf bytes.Buffer
		if err := WriteAssignments(&buf, recs); err != nil {
			t.Fatal(err)
		}
		again, err := ParseAssignments(&buf, "again.csv")
		if err != nil {
			t.Fatalf("cannot re-read what was written: %v\n%s", err, buf.String())
		}
		if len(again) != len(recs) {
			t.Fatalf("%d records, then %d", len(recs), len(again))
		}
		for i := range recs {
			recs[i].Line, again[i].Line = 0, 0
			// Instants are kept to the second.
			recs[i].Assignment.Start = recs[i].Assignment.Start.Truncate(1e9)
			recs[i].Assignment.End = recs[i].Assignment.End.Truncate(1e9)
		}
		if diff := cmp.Diff(recs, again); diff != "" {
			t.Fatalf("round trip changed records:\n%s", diff)
		}
	})
}
