package ioformat

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// want is one expected error: line and column (field), and a fragment of
// the reason.
type want struct {
	line  int
	field string
	frag  string
}

// checkErrors asserts that err holds exactly the wanted errors, in order,
// each a roster.Error naming the file.
func checkErrors(t *testing.T, err error, file string, wants []want) {
	t.Helper()
	got := Errors(err)
	if len(got) != len(wants) {
		t.Fatalf("got %d errors, want %d:\n%v", len(got), len(wants), err)
	}
	for i, w := range wants {
		var re *roster.Error
		if !errors.As(got[i], &re) {
			t.Fatalf("error %d is %T, not *roster.Error: %v", i, got[i], got[i])
		}
		if re.File != file || re.Line != w.line || re.Field != w.field || !strings.Contains(re.Message, w.frag) || re.Code != roster.Invalid {
			t.Errorf("error %d = %q (file %q line %d field %q code %s); want line %d field %q containing %q",
				i, re.Error(), re.File, re.Line, re.Field, re.Code, w.line, w.field, w.frag)
		}
	}
}

const doctorHeader = "gmc,given_name,family_name,email,grade,specialty,department,contract,nodal_point,band,ltft_percent,rotation_start,rotation_end,renewal_date,status\n"

func TestParseDoctorsGood(t *testing.T) {
	in := "\ufeffGMC, Given Name ,family_name,Grade,Department,Contract,LTFT_percent,band,rotation_start,rotation_end\n" +
		"7123456,Amara,Okafor,st4,Emergency Medicine,tcs2016,80%,,2026-08-05,2027-08-03\n" +
		"\n" +
		"6234567,Tom,O'Brien,ST6,2,newdeal2002,,1b,,\n" +
		"3345678,Ruth,\"Smith, Jr\",Consultant,Cardiology,consultant,,,,\n"
	recs, err := ParseDoctors(strings.NewReader(in), "docs.csv")
	if err != nil {
		t.Fatal(err)
	}
	wantRecs := []DoctorRecord{
		{Line: 2, Department: "Emergency Medicine", Doctor: roster.Doctor{GMC: "7123456", GivenName: "Amara", FamilyName: "Okafor", Grade: roster.ST4,
			Contract: roster.Contract{Kind: roster.TCS2016, TCSVersion: "2019-08", NodalPoint: 4}, LTFTPercent: 80,
			RotationStart: roster.Date{Year: 2026, Month: 8, Day: 5}, RotationEnd: roster.Date{Year: 2027, Month: 8, Day: 3}, Status: roster.Active}},
		{Line: 4, Department: "2", Doctor: roster.Doctor{GMC: "6234567", GivenName: "Tom", FamilyName: "O'Brien", Grade: roster.ST6,
			Contract: roster.Contract{Kind: roster.NewDeal2002, Band: "1B"}, LTFTPercent: 100, Status: roster.Active}},
		{Line: 5, Department: "Cardiology", Doctor: roster.Doctor{GMC: "3345678", GivenName: "Ruth", FamilyName: "Smith, Jr", Grade: roster.Consultant,
			Contract: roster.Contract{Kind: roster.ConsultantC}, LTFTPercent: 100, Status: roster.Active}},
	}
	if diff := cmp.Diff(wantRecs, recs); diff != "" {
		t.Fatalf("records (-want +got):\n%s", diff)
	}
}

func TestParseDoctorsErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		in    string
		wants []want
	}{
		{"empty file", "", []want{{1, "", "the file is empty"}}},
		{"missing columns", "gmc,given_name,grade\n1234567,A,FY1\n", []want{
			{1, "family_name", "missing required column"},
			{1, "department", "missing required column"},
			{1, "contract", "missing required column"},
		}},
		{"unknown and repeated columns", "gmc,given_name,family_name,grade,department,contract,grade,favourite_colour\n", []want{
			{1, "grade", "appears twice"},
			{1, "favourite_colour", "unknown column"},
		}},
		{"unknown grade", doctorHeader + "1234567,Ann,Lee,,ST9,,ED,tcs2016,,,,,,,\n", []want{{2, "grade", `unknown grade "ST9"`}}},
		{"bad gmc", doctorHeader + "123456,Ann,Lee,,ST3,,ED,tcs2016,,,,,,,\n12345678,Bo,Lee,,ST3,,ED,tcs2016,,,,,,,\n", []want{
			{2, "gmc", "must be 7 digits"}, {3, "gmc", "must be 7 digits"}}},
		{"duplicate doctor", doctorHeader + "1234567,Ann,Lee,,ST3,,ED,tcs2016,,,,,,,\n2345678,Bo,Ng,,ST3,,ED,tcs2016,,,,,,,\n1234567,Ann,Lee,,ST3,,ED,tcs2016,,,,,,,\n", []want{
			{4, "gmc", "duplicate doctor: GMC number 1234567 is also on line 2"}}},
		{"end before start", doctorHeader + "1234567,Ann,Lee,,ST3,,ED,tcs2016,,,,2026-08-05,2026-08-04,,\n", []want{
			{2, "rotation_end", "before it starts"}}},
		{"end on start is fine, bad date", doctorHeader + "1234567,Ann,Lee,,ST3,,ED,tcs2016,,,,2026-08-05,2026-08-05,2026-02-30,\n", []want{
			{2, "renewal_date", "not a date"}}},
		{"contract details", doctorHeader +
			"1234567,Ann,Lee,,ST3,,ED,tcs2016,6,,,,,,\n" +
			"2345678,Bo,Ng,,ST3,,ED,newdeal2002,,4C,,,,,\n" +
			"3456789,Cy,Li,,SAS,,ED,tcs2016,,,,,,,\n" +
			"4567890,Di,Wu,,ST3,,ED,consultant,3,1A,,,,,\n" +
			"5678901,Ed,Ho,,ST3,,ED,2019,,,,,,,\n", []want{
			{2, "nodal_point", "must be 1 to 5"},
			{3, "band", "must be one of"},
			{4, "nodal_point", "no default nodal point"},
			{5, "nodal_point", "only for the tcs2016"},
			{5, "band", "only for the newdeal2002"},
			{6, "contract", "unknown contract"},
		}},
		{"ltft and status and name and email", doctorHeader +
			"1234567,Ann,Lee,ann,ST3,,ED,tcs2016,,,0,,,,\n" +
			"2345678,Bo,Ng,,ST3,,ED,tcs2016,,,101,,,,retired\n" +
			"3456789,,,,ST3,,,tcs2016,,,half,,,,\n", []want{
			{2, "email", "not an email"},
			{2, "ltft_percent", "1 to 100"},
			{3, "ltft_percent", "1 to 100"},
			{3, "status", "unknown employment status"},
			{4, "department", "needs a department"},
			{4, "ltft_percent", "not a whole percentage"},
			{4, "given_name", "needs a name"},
		}},
		{"malformed csv", doctorHeader + "1234567,\"Ann,Lee\n", []want{{2, "", "malformed CSV"}}},
		{"too many fields", "gmc,given_name,family_name,grade,department,contract\n1234567,Ann,Lee,ST3,ED,tcs2016,extra\n", []want{
			{2, "", "has 7 fields but the header names 6"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			recs, err := ParseDoctors(strings.NewReader(c.in), "doctors.csv")
			if recs != nil {
				t.Errorf("records returned with errors: %v", recs)
			}
			checkErrors(t, err, "doctors.csv", c.wants)
		})
	}
}

const assignmentHeader = "gmc,department,kind,start,end,shift_code,note\n"

func TestParseAssignmentsGood(t *testing.T) {
	in := "GMC,Kind,Start,End,Shift_Code,Note\n" +
		"7123456,work,2026-10-24T20:30,2026-10-25T08:30,N,autumn night\n" +
		"7123456,leave,2026-10-27T00:00,2026-10-28T00:00,AL,\n" +
		"7123456,on-call,2026-03-28T17:00+00:00,2026-03-29T09:00,,\n" +
		"7123457,work,2026-10-25T01:30+00:00,2026-10-25T09:00Z,,after the repeat\n"
	recs, err := ParseAssignments(strings.NewReader(in), "rota.csv")
	if err != nil {
		t.Fatal(err)
	}
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	wantRecs := []AssignmentRecord{
		{Line: 2, GMC: "7123456", ShiftCode: "N", Assignment: roster.Assignment{Kind: roster.Work, Start: utc("2026-10-24T19:30:00Z"), End: utc("2026-10-25T08:30:00Z"), Note: "autumn night"}},
		{Line: 3, GMC: "7123456", ShiftCode: "AL", Assignment: roster.Assignment{Kind: roster.Leave, Start: utc("2026-10-27T00:00:00Z"), End: utc("2026-10-28T00:00:00Z")}},
		{Line: 4, GMC: "7123456", Assignment: roster.Assignment{Kind: roster.OnCall, Start: utc("2026-03-28T17:00:00Z"), End: utc("2026-03-29T08:00:00Z")}},
		{Line: 5, GMC: "7123457", Assignment: roster.Assignment{Kind: roster.Work, Start: utc("2026-10-25T01:30:00Z"), End: utc("2026-10-25T09:00:00Z"), Note: "after the repeat"}},
	}
	if diff := cmp.Diff(wantRecs, recs); diff != "" {
		t.Fatalf("records (-want +got):\n%s", diff)
	}
	// The autumn night lasts 13 h of real time.
	if m := recs[0].Assignment.Minutes(); m != 13*60 {
		t.Errorf("autumn night: %d min", m)
	}
}

func TestParseAssignmentsErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		in    string
		wants []want
	}{
		{"missing columns", "gmc,start\n", []want{{1, "kind", "missing required column"}, {1, "end", "missing required column"}}},
		{"row errors", assignmentHeader +
			"1234567,ED,work,2026-03-02T08:00,2026-03-02T08:00,D,\n" + // zero length
			"1234567,ED,work,2026-03-02T20:00,2026-03-02T08:00,,\n" + // end before start
			"1234567,ED,shift,2026-03-03T08:00,2026-03-03T17:00,,\n" + // unknown kind
			"abc,ED,work,2026-03-04T08:00,2026-03-04T17:00,,\n" + // bad gmc
			"1234567,ED,work,2026-03-29T01:30,2026-03-29T09:00,,\n" + // in the March gap
			"1234567,ED,work,02/03/2026 08:00,,,\n" + // bad format, missing end
			"1234567,ED,leave,2026-04-01T00:00,2026-05-02T00:01,,\n" + // one minute too long
			"1234567,ED,leave,2026-05-03T00:00,2026-06-03T00:00,,\n", // exactly 31 days: fine
			[]want{
				{2, "end", "zero length"},
				{3, "end", "before start"},
				{4, "kind", "unknown kind"},
				{5, "gmc", "must be 7 digits"},
				{6, "start", "does not exist in Europe/London"},
				{7, "start", "not a time of the form"},
				{7, "end", "missing end time"},
				{8, "end", "longer than 31 days"},
			}},
		{"overlaps in the file", assignmentHeader +
			"1234567,ED,work,2026-03-02T08:00,2026-03-02T17:00,D,\n" +
			"1234567,ED,work,2026-03-02T17:00,2026-03-03T08:00,,\n" + // touches: fine
			"7654321,ED,work,2026-03-02T08:00,2026-03-02T17:00,D,\n" + // other doctor: fine
			"1234567,ED,work,2026-03-02T16:59,2026-03-02T20:00,,\n" + // one minute over both
			"1234567,ED,leave,2026-03-01T00:00,2026-03-02T08:01,,\n", // one minute into the day
			[]want{
				{5, "start", "already has 2026-03-02T08:00–2026-03-02T17:00 on line 2"},
				{5, "start", "already has 2026-03-02T17:00–2026-03-03T08:00 on line 3"},
				{6, "start", "already has 2026-03-02T08:00–2026-03-02T17:00 on line 2"},
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			recs, err := ParseAssignments(strings.NewReader(c.in), "rota.csv")
			if recs != nil {
				t.Errorf("records returned with errors: %v", recs)
			}
			checkErrors(t, err, "rota.csv", c.wants)
		})
	}
}

func TestCheckOverlapsAgainstRegister(t *testing.T) {
	at := func(s string) time.Time {
		v, err := roster.ParseLocal(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	stored := map[string][]roster.Assignment{"1234567": {
		{Kind: roster.Leave, Start: at("2026-03-01T00:00"), End: at("2026-03-08T00:00")},
		{Kind: roster.Work, Start: at("2026-03-02T08:00"), End: at("2026-03-02T09:00")}, // inside the leave (stored data is not re-checked)
		{Kind: roster.Work, Start: at("2026-03-10T20:00"), End: at("2026-03-11T08:00")},
	}}
	recs := []AssignmentRecord{
		{Line: 2, GMC: "1234567", Assignment: roster.Assignment{Start: at("2026-03-07T23:00"), End: at("2026-03-08T07:00")}}, // last hour of leave
		{Line: 3, GMC: "1234567", Assignment: roster.Assignment{Start: at("2026-03-08T07:00"), End: at("2026-03-08T15:00")}}, // after both: fine
		{Line: 4, GMC: "1234567", Assignment: roster.Assignment{Start: at("2026-03-11T08:00"), End: at("2026-03-11T17:00")}}, // right after the night: fine
		{Line: 5, GMC: "1234567", Assignment: roster.Assignment{Start: at("2026-03-10T08:00"), End: at("2026-03-10T20:01")}}, // one minute into the night
		{Line: 6, GMC: "7654321", Assignment: roster.Assignment{Start: at("2026-03-10T08:00"), End: at("2026-03-10T20:01")}}, // someone else
		{Line: 7, GMC: "1234567", Assignment: roster.Assignment{Start: at("2026-02-28T08:00"), End: at("2026-02-28T23:59")}}, // before everything
	}
	el := &errorList{file: "f.csv"}
	checkOverlaps(recs, stored, el)
	checkErrors(t, el.err(), "f.csv", []want{
		{2, "start", "2026-03-01T00:00–2026-03-08T00:00 (leave) in the register"},
		{5, "start", "2026-03-10T20:00–2026-03-11T08:00 (work) in the register"},
	})
}

func TestFormatTimeRoundTrip(t *testing.T) {
	for _, c := range []struct {
		utc, want string
	}{
		{"2026-03-02T08:00:00Z", "2026-03-02T08:00"},
		{"2026-07-01T07:00:00Z", "2026-07-01T08:00"},
		{"2026-03-29T00:59:00Z", "2026-03-29T00:59"},
		{"2026-03-29T01:00:00Z", "2026-03-29T02:00"},
		{"2026-10-25T00:30:00Z", "2026-10-25T01:30"},       // first 01:30 (BST)
		{"2026-10-25T01:30:00Z", "2026-10-25T01:30+00:00"}, // second 01:30 (GMT)
		{"2026-10-25T02:00:00Z", "2026-10-25T02:00"},
		{"2026-03-02T08:00:30Z", "2026-03-02T08:00:30"},
	} {
		in, _ := time.Parse(time.RFC3339, c.utc)
		got := FormatTime(in)
		if got != c.want {
			t.Errorf("FormatTime(%s) = %s, want %s", c.utc, got, c.want)
		}
		back, err := roster.ParseLocal(got)
		if err != nil || !back.Equal(in) {
			t.Errorf("ParseLocal(%s) = %v, %v; want %s", got, back, err, c.utc)
		}
	}
}

func TestWriteParseRoundTrip(t *testing.T) {
	in := doctorHeader +
		"7123456,Amara,Okafor,amara.okafor@northgate.example,ST4,Emergency medicine,Emergency Medicine,tcs2016,4,,80,2026-08-05,2027-08-03,2027-01-01,active\n" +
		"6234567,Tom,O'Brien,,ST6,,2,newdeal2002,,1B,100,,,,on_leave\n"
	recs, err := ParseDoctors(strings.NewReader(in), "d.csv")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteDoctors(&buf, recs); err != nil {
		t.Fatal(err)
	}
	again, err := ParseDoctors(&buf, "d2.csv")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(recs, again); diff != "" {
		t.Fatalf("doctors differ after write and parse:\n%s", diff)
	}
}

// BenchmarkParseAssignments: rows per second through parsing and the
// in-file overlap check.
func BenchmarkParseAssignments(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(assignmentHeader)
	from := roster.Date{Year: 2026, Month: 8, Day: 3}.In(roster.London)
	const rows = 50000
	for i := range rows {
		s := from.Add(time.Duration(i/50) * 4 * time.Hour)
		sb.WriteString(fmt.Sprintf("%07d,ED,work,%s,%s,,\n", 7000000+i%50, FormatTime(s), FormatTime(s.Add(3*time.Hour))))
	}
	in := sb.String()
	for b.Loop() {
		recs, err := ParseAssignments(strings.NewReader(in), "bench.csv")
		if err != nil || len(recs) != rows {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
