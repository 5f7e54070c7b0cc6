package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const chkTestRota = `doctor,start,end,kind,break_minutes
alice,2026-03-02T08:00,2026-03-02T21:00,work,60
alice,2026-03-03T08:00,2026-03-03T21:00,work,60
alice,2026-03-04T08:00,2026-03-04T21:00,work,60
alice,2026-03-05T08:00,2026-03-05T21:00,work,60
alice,2026-03-06T08:00,2026-03-06T21:00,work,60
alice,2026-03-07T08:00,2026-03-07T15:30,work,30
carol,2026-03-02T20:00,2026-03-03T07:00,work,30
carol,2026-03-03T20:00,2026-03-04T07:00+00:00,work,30
carol,2026-03-04T20:00,2026-03-05T07:00,work,30
carol,2026-03-05T20:00,2026-03-06T07:00,work,30
`

const chkTestDoctors = `doctor,contract,grade,ltft,site
alice,tcs2016,ST4,1.0,North
carol,newdeal2002,ST3,1,South
`

func chkRun(t *testing.T, files map[string]string, args ...string) (int, string, string) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for i, a := range args {
		if strings.HasSuffix(a, ".csv") {
			args[i] = filepath.Join(dir, a)
		}
	}
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := Main(context.Background(), env, append([]string{"check"}, args...))
	return code, out.String(), errb.String()
}

func TestCheckJSON(t *testing.T) {
	files := map[string]string{"rota.csv": chkTestRota, "doctors.csv": chkTestDoctors}
	code, out, errs := chkRun(t, files, "--doctors", "doctors.csv", "--format", "json", "rota.csv")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, errs)
	}
	var got struct {
		Violations []map[string]any `json:"violations"`
		Warnings   []map[string]any `json:"warnings"`
		Summary    struct {
			Doctors, Periods, Violations int
		} `json:"summary"`
		Bands map[string]struct {
			Band    string `json:"band"`
			Percent int    `json:"percent"`
			Reason  string `json:"reason"`
		} `json:"bands"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Summary.Doctors != 2 || got.Summary.Periods != 10 || got.Summary.Violations != len(got.Violations) {
		t.Errorf("summary %+v", got.Summary)
	}
	var f72 map[string]any
	for _, v := range got.Violations {
		for _, k := range []string{"rule", "doctor", "from", "to", "measured", "limit", "unit", "message"} {
			if _, ok := v[k]; !ok {
				t.Errorf("violation lacks %q: %v", k, v)
			}
		}
		if v["rule"] == "TCS2016-MAX72IN168" {
			f72 = v
		}
	}
	if f72 == nil || f72["doctor"] != "alice" || f72["from"] != "2026-03-02T08:00+00:00" || f72["to"] != "2026-03-09T08:00+00:00" ||
		f72["measured"] != 72.5 || f72["limit"] != 72.0 || f72["unit"] != "h" ||
		f72["message"] != "72 h 30 min worked in the 168 h from Mon 2 Mar 2026 08:00; the limit is 72 h." {
		t.Errorf("72 h finding %v", f72)
	}
	if b, ok := got.Bands["carol"]; !ok || b.Band != "1A" || b.Percent != 50 || b.Reason == "" {
		t.Errorf("bands %+v", got.Bands)
	}
	if _, ok := got.Bands["alice"]; ok {
		t.Error("a 2016-terms doctor has a band")
	}
}

func TestCheckTextAndCSV(t *testing.T) {
	files := map[string]string{"rota.csv": chkTestRota, "doctors.csv": chkTestDoctors}
	code, out, _ := chkRun(t, files, "rota.csv", "--doctors", "doctors.csv")
	if code != 1 || !strings.Contains(out, "BREACH  TCS2016-MAX72IN168") || !strings.Contains(out, "Band 1A") ||
		!strings.Contains(out, "2 doctors checked") {
		t.Errorf("text exit %d:\n%s", code, out)
	}
	code, out, _ = chkRun(t, files, "--format", "csv", "--doctors", "doctors.csv", "rota.csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 1 || err != nil || len(recs) < 3 || strings.Join(recs[0], ",") != "severity,rule,doctor,from,to,measured,limit,unit,message,ruleset,line" {
		t.Fatalf("csv exit %d err %v:\n%s", code, err, out)
	}
	if last := recs[len(recs)-1]; last[0] != "band" || last[2] != "carol" || last[5] != "50" {
		t.Errorf("band row %v", last)
	}
}

func TestCheckExitStatus(t *testing.T) {
	clean := "doctor,start,end,kind\nd1,2026-03-02T09:00,2026-03-02T17:00,work\nd1,2026-03-03T09:00,2026-03-03T17:00,oncall\n"
	tests := []struct {
		name  string
		files map[string]string
		args  []string
		code  int
		err   []string
	}{
		{"clean", map[string]string{"rota.csv": clean}, []string{"rota.csv"}, 0, nil},
		{"wtr only: the 72.5 h week breaks the 48 h average", map[string]string{"rota.csv": chkTestRota},
			[]string{"--contract", "wtr", "rota.csv"}, 1, nil},
		{"bad rows", map[string]string{"rota.csv": "doctor,start,end,kind\nd1,2026-03-02T08:00,2026-03-02T08:00,work\nd1,2026-03-29T01:30,2026-03-29T09:00,work\n"},
			[]string{"rota.csv"}, 2, []string{"rota.csv:2: end: the period has zero length", "rota.csv:3: start: 2026-03-29T01:30 does not exist"}},
		{"overlap", map[string]string{"rota.csv": "doctor,start,end,kind\nd1,2026-03-02T08:00,2026-03-02T20:00,work\nd1,2026-03-02T19:00,2026-03-02T23:00,work\n"},
			[]string{"rota.csv"}, 2, []string{"rota.csv:3: start: work 2026-03-02T19:00–2026-03-02T23:00 for d1 overlaps"}},
		{"doctor missing from doctors file", map[string]string{"rota.csv": clean, "doctors.csv": "doctor,contract\nd2,tcs2016\n"},
			[]string{"--doctors", "doctors.csv", "rota.csv"}, 2, []string{"rota.csv:2: doctor: doctor \"d1\" is not in"}},
		{"bad doctors column", map[string]string{"rota.csv": clean, "doctors.csv": "doctor,contract,opt_out,nd_rota\nd1,tcs2016,maybe,sideways\n"},
			[]string{"--doctors", "doctors.csv", "rota.csv"}, 2, []string{"doctors.csv:2: opt_out:", "doctors.csv:2: nd_rota:"}},
		{"missing file", map[string]string{}, []string{"nothere.csv"}, 2, []string{"nothere.csv: cannot open"}},
		{"bad format", map[string]string{"rota.csv": clean}, []string{"--format", "xml", "rota.csv"}, 2, []string{"unknown --format"}},
		{"bad contract", map[string]string{"rota.csv": clean}, []string{"--contract", "1990", "rota.csv"}, 2, []string{"unknown --contract"}},
		{"no rota", map[string]string{}, nil, 2, []string{"need exactly one rota file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := chkRun(t, tt.files, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout %s\nstderr %s", code, tt.code, out, errs)
			}
			for _, e := range tt.err {
				if !strings.Contains(errs, e) {
					t.Errorf("stderr lacks %q:\n%s", e, errs)
				}
			}
		})
	}
}
