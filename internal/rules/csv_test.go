package rules

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

func TestReadRota(t *testing.T) {
	in := "Doctor,Start,End,Kind,ward\n" +
		"d1,2026-03-02T08:00,2026-03-02T17:00,work,A\n" +
		"d1,2026-03-28T21:00,2026-03-29T09:00,work,A\n" + // over the March change: 11 h
		"d1,2026-10-24T21:00,2026-10-25T09:00,work,A\n" + // over the October change: 13 h
		"d2,2026-03-02T08:00+00:00,2026-03-03T08:00Z,oncall,B\n" +
		"d2,2026-03-02T23:00,2026-03-03T01:00,work,B\n" + // call-out inside on-call
		"d2,2026-03-05T00:00,2026-03-06T00:00,leave,B\n"
	ps, err := ReadRota(strings.NewReader(in), "rota.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 6 {
		t.Fatalf("got %d periods, want 6", len(ps))
	}
	wantMin := []int64{540, 660, 780, 1440, 120, 1440}
	for i, p := range ps {
		if p.Minutes() != wantMin[i] {
			t.Errorf("period %d (line %d): %d min, want %d", i, p.Line, p.Minutes(), wantMin[i])
		}
		if p.Line != i+2 {
			t.Errorf("period %d: line %d, want %d", i, p.Line, i+2)
		}
		if p.Start.Location() != time.UTC || p.HasBreak {
			t.Errorf("period %d: location %v break %d", i, p.Start.Location(), p.BreakMinutes)
		}
	}
	if ps[3].Kind != roster.OnCall || ps[5].Kind != roster.Leave {
		t.Errorf("kinds %v %v", ps[3].Kind, ps[5].Kind)
	}
}

func TestReadRotaErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // substrings, one per expected error, in order
	}{
		{"empty", "", []string{"rota.csv:1: the file is empty"}},
		{"missing column", "doctor,start,end\n", []string{`rota.csv:1: kind: missing column "kind"`}},
		{"zero length", "doctor,start,end,kind\nd1,2026-03-02T08:00,2026-03-02T08:00,work\n",
			[]string{"rota.csv:2: end: the period has zero length"}},
		{"end before start", "doctor,start,end,kind\nd1,2026-03-02T08:00,2026-03-02T07:00,work\n",
			[]string{"rota.csv:2: end: end 2026-03-02T07:00 is before start"}},
		{"every bad row", "doctor,start,end,kind\n" +
			",2026-03-02T08:00,2026-03-02T09:00,work\n" +
			"d1,2026-03-29T01:30,2026-03-29T09:00,work\n" +
			"d1,2026-03-30T08:00,tomorrow,work\n" +
			"d1,2026-03-31T08:00,2026-03-31T09:00,shift\n",
			[]string{"rota.csv:2: doctor: doctor is empty", "rota.csv:3: start: 2026-03-29T01:30 does not exist",
				`rota.csv:4: end: "tomorrow" is not a time`, `rota.csv:5: kind: unknown kind "shift"`}},
		{"overlap", "doctor,start,end,kind\n" +
			"d1,2026-03-02T08:00,2026-03-02T20:00,work\n" +
			"d1,2026-03-02T19:59,2026-03-02T22:00,work\n",
			[]string{"rota.csv:3: start: work 2026-03-02T19:59–2026-03-02T22:00 for d1 overlaps the work 2026-03-02T08:00–2026-03-02T20:00 on line 2"}},
		{"leave overlaps work", "doctor,start,end,kind\n" +
			"d1,2026-03-02T00:00,2026-03-03T00:00,leave\n" +
			"d1,2026-03-02T08:00,2026-03-02T17:00,work\n",
			[]string{"rota.csv:3: start: work"}},
		{"call-out sticks out of on-call", "doctor,start,end,kind\n" +
			"d1,2026-03-02T17:00,2026-03-03T08:00,oncall\n" +
			"d1,2026-03-03T07:00,2026-03-03T09:00,work\n",
			[]string{"rota.csv:3: start: work"}},
		{"bad break", "doctor,start,end,kind,break_minutes\nd1,2026-03-02T08:00,2026-03-02T09:00,work,60\n",
			[]string{"rota.csv:2: break_minutes: a break of 60 min does not fit"}},
		{"bad quote", "doctor,start,end,kind\nd1,\"2026,x\n", []string{"rota.csv:2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := ReadRota(strings.NewReader(tt.in), "rota.csv")
			if err == nil {
				t.Fatalf("no error; got %d periods", len(ps))
			}
			if ps != nil {
				t.Errorf("periods returned with an error: all-or-nothing broken")
			}
			errs := unjoin(err)
			if len(errs) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%v", len(errs), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.Contains(errs[i].Error(), w) {
					t.Errorf("error %d = %q, want it to contain %q", i, errs[i], w)
				}
				var re *roster.Error
				if !errors.As(errs[i], &re) || re.File != "rota.csv" || re.Line == 0 || re.Code != roster.Invalid {
					t.Errorf("error %d is not a located *roster.Error: %#v", i, errs[i])
				}
			}
		})
	}
}

// unjoin flattens an errors.Join tree into its leaves.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, unjoin(e)...)
		}
		return out
	}
	return []error{err}
}

func TestReadDoctors(t *testing.T) {
	in := "doctor,contract,grade,ltft,TCS_Version,opt_out\n" +
		"d1,tcs2016,ST4,1.0,2016-08,\n" +
		"d2,newdeal2002,FY2,0.6,,yes\n" +
		"d3,tcs2016,,,,\n"
	ds, err := ReadDoctors(strings.NewReader(in), "doctors.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 3 || ds[0].Grade != roster.ST4 || ds[1].Contract != roster.NewDeal2002 || ds[1].LTFT != 0.6 || ds[2].LTFT != 1 {
		t.Fatalf("got %+v", ds)
	}
	if ds[0].Extra["tcs_version"] != "2016-08" || ds[1].Extra["opt_out"] != "yes" || ds[1].Line != 3 {
		t.Errorf("extra columns: %+v", ds)
	}
	bad := "doctor,contract,grade,ltft\n" +
		"d1,tcs2017,ST4,1\n" +
		"d2,tcs2016,ST9,1\n" +
		"d3,tcs2016,ST4,0\n" +
		"d3,tcs2016,ST4,1.5\n" +
		"d4,tcs2016,ST4,1\n" +
		"d4,tcs2016,ST4,1\n"
	_, err = ReadDoctors(strings.NewReader(bad), "doctors.csv")
	want := []string{"doctors.csv:2: contract:", "doctors.csv:3: grade:", "doctors.csv:4: ltft:", "doctors.csv:5: doctor:",
		"doctors.csv:5: ltft:", `doctors.csv:7: doctor: doctor "d4" is already listed on line 6`}
	errs := unjoin(err)
	if len(errs) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(errs), len(want), err)
	}
	for i, w := range want {
		if !strings.Contains(errs[i].Error(), w) {
			t.Errorf("error %d = %q, want %q", i, errs[i], w)
		}
	}
}

func FuzzReadRota(f *testing.F) {
	f.Add("doctor,start,end,kind\nd1,2026-03-02T08:00,2026-03-02T17:00,work\n")
	f.Add("doctor,start,end,kind,break_minutes\nd1,2026-10-25T01:30,2026-10-25T09:00,oncall,30\nd1,2026-10-25T02:00,2026-10-25T03:00,work,\n")
	f.Add("kind,end,start,doctor\nleave,2026-03-29T02:00,2026-03-28T00:00+00:00,x\n")
	f.Add("doctor,start,end,kind\n\"d1,2026\n")
	f.Fuzz(func(t *testing.T, in string) {
		ps, err := ReadRota(strings.NewReader(in), "f.csv")
		if err != nil {
			if ps != nil {
				t.Fatal("periods and an error")
			}
			for _, e := range unjoin(err) {
				var re *roster.Error
				if !errors.As(e, &re) || re.File != "f.csv" {
					t.Fatalf("error without file: %v", e)
				}
			}
			return
		}
		for _, p := range ps {
			if !p.End.After(p.Start) || p.Doctor == "" || p.Start.Location() != time.UTC {
				t.Fatalf("bad period accepted: %+v", p)
			}
		}
		if err := ValidatePeriods("f.csv", ps); err != nil {
			t.Fatalf("accepted periods fail validation: %v", err)
		}
		// The engine must not panic on anything the reader accepts.
		byDoc := map[string][]Period{}
		for _, p := range ps {
			byDoc[p.Doctor] = append(byDoc[p.Doctor], p)
		}
		for d, list := range byDoc {
			Check(Profile{Doctor: d, Contract: roster.TCS2016}, list)
			Check(Profile{Doctor: d, Contract: roster.NewDeal2002}, list)
		}
	})
}

func FuzzReadDoctors(f *testing.F) {
	f.Add("doctor,contract,grade,ltft,tcs_version\nd1,tcs2016,ST4,1.0,2016-08\nd2,newdeal2002,,0.5,\n")
	f.Add("doctor,contract\nd1,2002\nd1,tcs\n")
	f.Add("\ufeffDoctor,Contract,LTFT\n\"d,1\",sas,1e-3\n")
	f.Fuzz(func(t *testing.T, in string) {
		ds, err := ReadDoctors(strings.NewReader(in), "d.csv")
		if err != nil {
			if ds != nil {
				t.Fatal("rows and an error")
			}
			for _, e := range unjoin(err) {
				var re *roster.Error
				if !errors.As(e, &re) || re.File != "d.csv" {
					t.Fatalf("error without file: %v", e)
				}
			}
			return
		}
		seen := map[string]bool{}
		for _, d := range ds {
			if d.Doctor == "" || seen[d.Doctor] || !(d.LTFT > 0 && d.LTFT <= 1) || d.Contract == "" || d.Line < 2 {
				t.Fatalf("bad row accepted: %+v", d)
			}
			seen[d.Doctor] = true
		}
	})
}
