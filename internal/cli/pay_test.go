package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var payUpdate = flag.Bool("update-pay", false, "rewrite the golden files of the pay command")

func runPayCmd(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code = Main(context.Background(), env, append([]string{"pay"}, args...))
	return out.String(), errb.String(), code
}

func payTD(name string) string { return filepath.Join("testdata", "pay", name) }

// The worked examples of spec §6.4, from rota files.
func TestPayWorkedExamples(t *testing.T) {
	tests := []struct {
		ex       string
		elements map[string]string
		total    string
	}{
		{"ex1", map[string]string{"basic pay": "38830.64", "additional rostered hours": "3883.06", "night enhancement": "1436.73", "weekend allowance": "2329.84"}, "46480.28"},
		{"ex2", map[string]string{"basic pay": "65048.00", "additional rostered hours": "13009.60", "night enhancement": "5776.26", "weekend allowance": "4878.60"}, "88712.46"},
		{"ex3", map[string]string{"basic pay (LTFT)": "31593.22", "night enhancement": "730.59", "weekend allowance": "2369.49", "on-call availability allowance": "2527.46", "LTFT allowance": "1000.00"}, "38220.76"},
	}
	for _, tt := range tests {
		t.Run(tt.ex, func(t *testing.T) {
			out, errs, code := runPayCmd(t, "--doctors", payTD(tt.ex+"-doctors.csv"), "--pay-date", "2025-09-01", "--format", "json", payTD(tt.ex+"-rota.csv"))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var res struct {
				Doctors []struct {
					Doctor   string `json:"doctor"`
					Contract string `json:"contract"`
					Elements []struct {
						Element string `json:"element"`
						Amount  string `json:"amount"`
						Working string `json:"working"`
					} `json:"elements"`
					Total string `json:"total"`
				} `json:"doctors"`
			}
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if len(res.Doctors) != 1 {
				t.Fatalf("%d doctors", len(res.Doctors))
			}
			d := res.Doctors[0]
			if d.Doctor != tt.ex || d.Contract != "tcs2016" || d.Total != tt.total {
				t.Errorf("%s %s total %s, want %s", d.Doctor, d.Contract, d.Total, tt.total)
			}
			if len(d.Elements) != len(tt.elements) {
				t.Errorf("%d elements, want %d", len(d.Elements), len(tt.elements))
			}
			for _, e := range d.Elements {
				if want := tt.elements[e.Element]; e.Amount != want || e.Working == "" {
					t.Errorf("%s = %s, want %s (%s)", e.Element, e.Amount, want, e.Working)
				}
			}
		})
	}
}

// Golden text and CSV output: both contracts side by side, and the
// timeline under three scenarios.
func TestPayGolden(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"trust-compare.txt", []string{"--doctors", payTD("trust-doctors.csv"), "--pay-date", "2026-09-01", "--compare",
			"--timeline", "2026-07:2026-10", "--impose", "2026-08-01", "--protect-months", "12", payTD("trust-rota.csv")}},
		{"trust-negotiated.txt", []string{"--doctors", payTD("trust-doctors.csv"), "--pay-date", "2026-09-01",
			"--timeline", "2027-02:2027-05", "--impose", "2026-08-01", "--tables", payTD("negotiated.json"), payTD("trust-rota.csv")}},
		{"trust-compare.csv", []string{"--doctors", payTD("trust-doctors.csv"), "--pay-date", "2026-09-01", "--compare", "--format", "csv",
			"--timeline", "2026-07:2026-08", "--impose", "2026-08-01", payTD("trust-rota.csv")}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			out, errs, code := runPayCmd(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			path := payTD(tt.golden)
			if *payUpdate {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update-pay to create it)", err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s (run with -update-pay after checking):\n%s", path, out)
			}
		})
	}
}

func TestPayCSVShape(t *testing.T) {
	out, errs, code := runPayCmd(t, "--doctors", payTD("ex1-doctors.csv"), "--pay-date", "2025-09-01", "--format", "csv", payTD("ex1-rota.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 || strings.Join(recs[0], ",") != "doctor,contract,table_version,rule,element,amount,working" {
		t.Fatalf("csv:\n%s", out)
	}
	last := recs[5]
	if last[3] != "TOTAL" || last[5] != "46480.28" {
		t.Errorf("total row %v", last)
	}
}

// --weeks stretches the cycle: 44 h over 16 weeks is 22 h/week, and 2
// weekends in 16 weeks is 1 in 8 (3%).
func TestPayWeeks(t *testing.T) {
	out, errs, code := runPayCmd(t, "--doctors", payTD("ex1-doctors.csv"), "--pay-date", "2025-09-01", "--weeks", "16", "--format", "json", payTD("ex1-rota.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{`"cycle_weeks": 16`, `"element": "weekend allowance",
          "amount": "1164.92"`, `"total": "40713.93"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "additional rostered hours") {
		t.Error("additional hours paid below 40 h/week")
	}
}

func TestPayErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	rota := payTD("ex1-rota.csv")
	bad := write("bad.csv", "doctor,contract,grade,nodal_point,band,fpp_amount,rotation_start,opt_out\n"+
		"ex1,tcs2016,FY1,6,,,,maybe\n"+
		"x2,newdeal2002,,,4A,lots,2026-13-01,\n")
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"no rota", nil, 2, []string{"Usage: rotaguard pay"}},
		{"bad format", []string{"--format", "xml", rota}, 2, []string{`--format "xml" must be text, json or csv`}},
		{"bad date", []string{"--pay-date", "1/9/2025", rota}, 2, []string{"--pay-date"}},
		{"impose without timeline", []string{"--impose", "2026-08-01", rota}, 2, []string{"need --timeline"}},
		{"every bad column", []string{"--doctors", bad, rota}, 1, []string{
			bad + ":2: nodal_point: \"6\" is not a nodal point 1 to 5",
			bad + ":2: opt_out: \"maybe\" is not yes or no",
			bad + ":3: band: \"4A\" is not a band",
			bad + ":3: fpp_amount:",
			bad + ":3: rotation_start:",
			bad + ":3: grade: a doctor on the 2002 contract needs a grade"}},
		{"doctor without grade", []string{rota}, 1, []string{"ex1: there is no doctors file, so pay has no grade"}},
		{"2002 before 2026/27", []string{"--doctors", payTD("ex1-doctors.csv"), "--compare", "--pay-date", "2025-09-01", rota}, 1,
			[]string{"no 2002 pay scale"}},
		{"missing file", []string{"--doctors", filepath.Join(dir, "none.csv"), rota}, 1, []string{"none.csv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runPayCmd(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout %s\nstderr %s", code, tt.code, out, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			if tt.code == 1 && out != "" {
				t.Errorf("output despite errors: %s", out)
			}
		})
	}
}

// --contract pays everyone under one contract; the 2002 band comes from
// the rules engine when the doctors file has no band column.
func TestPayContractOverride(t *testing.T) {
	out, errs, code := runPayCmd(t, "--doctors", payTD("ex1-doctors.csv"), "--contract", "newdeal2002", "--pay-date", "2026-05-01", "--format", "json", payTD("ex1-rota.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{`"contract": "newdeal2002"`, `"amount": "17654.50"`, `"working": "band 1A: 50% × £35,309.00 = £17,654.50 (approximate banding by the rules engine`, `"total": "52963.50"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if _, errs, code := runPayCmd(t, "--contract", "consultant", payTD("ex1-rota.csv")); code != 2 || !strings.Contains(errs, "tcs2016 and newdeal2002 only") {
		t.Errorf("--contract consultant: exit %d %s", code, errs)
	}
}
