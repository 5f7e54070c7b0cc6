package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const solveInstance1 = "../solve/curtois/testdata/Instance1.txt"

func solveCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code = Main(context.Background(), env, args)
	return out.String(), errb.String(), code
}

func TestSolveEvaluateCommands(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "roster.txt")
	stdout, stderr, code := solveCLI(t, "solve", "--time", "0", "--iters", "200000", "--workers", "1", "--seed", "3", "--out", out, solveInstance1)
	if code != 0 || stdout != "objective=607 feasible=true\n" {
		t.Fatalf("solve: code %d stdout %q stderr %q", code, stdout, stderr)
	}
	if !regexp.MustCompile(`(?m)^\s+\d+\.\ds  best objective 607 \(feasible\)$`).MatchString(stderr) {
		t.Errorf("progress on stderr lacks the final improvement: %q", stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"); len(lines) != 8 || strings.Count(lines[0], "\t") != 13 {
		t.Fatalf("roster file: %q", b)
	}
	stdout, _, code = solveCLI(t, "evaluate", solveInstance1, out)
	if code != 0 || !strings.HasSuffix(stdout, "objective=607 feasible=true\n") || strings.Contains(stdout, "violation") {
		t.Errorf("evaluate: code %d stdout %q", code, stdout)
	}

	// With two workers branch and price proves the optimum and says so.
	stdout, stderr, code = solveCLI(t, "solve", "--time", "60s", "--workers", "2", "--seed", "1", "--out", out, solveInstance1)
	if code != 0 || stdout != "objective=607 feasible=true\n" || !strings.Contains(stderr, "optimal: branch and price proved that no roster does better\n") {
		t.Errorf("solve with 2 workers: code %d stdout %q stderr %q", code, stdout, stderr)
	}

	// An all-off roster breaks MinTotalMinutes for every employee.
	empty := filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(empty, []byte(strings.Repeat(strings.Repeat("\t", 13)+"\n", 8)), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _, code = solveCLI(t, "evaluate", solveInstance1, empty)
	if code != 1 || strings.Count(stdout, "violation total-minutes: employee") != 8 ||
		!strings.Contains(stdout, "on-requests=37 off-requests=0 cover-under=7100 cover-over=0\nobjective=7137 feasible=false\n") {
		t.Errorf("evaluate empty: code %d stdout %q", code, stdout)
	}

	// Bad roster: file, line and reason.
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("D\tX"+strings.Repeat("\t", 12)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = solveCLI(t, "evaluate", solveInstance1, bad)
	if code != 1 || !strings.Contains(stderr, bad+`:1: employee A day 1: unknown shift id "X"`) || !strings.Contains(stderr, "has 1 lines") {
		t.Errorf("evaluate bad: code %d stderr %q", code, stderr)
	}
}

func TestSolveUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"solve"}, 2, "Usage: rotaguard solve"},
		{[]string{"solve", "--time", "0", solveInstance1}, 2, "--time 0 needs --iters"},
		{[]string{"solve", "--workers", "0", solveInstance1}, 2, "--workers must be at least 1"},
		{[]string{"solve", "--iters", "10", "nonexistent.txt"}, 1, "nonexistent.txt"},
		{[]string{"evaluate", solveInstance1}, 2, "Usage: rotaguard evaluate"},
		{[]string{"bench", "other", "."}, 2, "Usage: rotaguard bench"},
		{[]string{"bench", "--iters", "10", "curtois", "."}, 1, "no Instance*.txt files"},
	}
	for _, tt := range tests {
		_, stderr, code := solveCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: code %d stderr %q, want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}

func TestSolveBadInstance(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(path, []byte("SECTION_HORIZON\r\nx\r\nSECTION_SHIFTS\r\nD,480,\r\nSECTION_STAFF\r\nA,D=1,1,2,1,0,0,0\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := solveCLI(t, "solve", "--iters", "10", path)
	if code != 1 || !strings.Contains(stderr, path+`:2: SECTION_HORIZON: "x" is not an integer`) ||
		!strings.Contains(stderr, path+":6: SECTION_STAFF.MinTotalMinutes: 2 is more than MaxTotalMinutes 1") {
		t.Errorf("code %d stderr %q", code, stderr)
	}
}

func TestBenchCommand(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(solveInstance1)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Instance1.txt"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	// Embedded best-known values.
	stdout, stderr, code := solveCLI(t, "bench", "--time", "0", "--iters", "200000", "--workers", "1", "--seed", "3", "curtois", dir)
	if code != 0 || !regexp.MustCompile(`\| Instance1 \| 607 \| 607 \| 0\.00 \| \d+\.\ds \| true \|`).MatchString(stdout) {
		t.Fatalf("bench: code %d stdout %q stderr %q", code, stdout, stderr)
	}
	// best-known.csv in DIR wins.
	if err := os.WriteFile(filepath.Join(dir, "best-known.csv"), []byte("instance,best_known\nInstance1,600\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rosters := filepath.Join(t.TempDir(), "new", "rosters") // made by bench
	stdout, _, code = solveCLI(t, "bench", "--time", "0", "--iters", "200000", "--workers", "1", "--seed", "3", "--rosters", rosters, "curtois", dir)
	if code != 0 || !strings.Contains(stdout, "| Instance1 | 607 | 600 | 1.17 |") {
		t.Fatalf("bench with csv: code %d stdout %q", code, stdout)
	}
	if _, err := os.Stat(filepath.Join(rosters, "Instance1.roster.txt")); err != nil {
		t.Error(err)
	}
	// A rosters directory that cannot be made stops the run before any
	// solve, naming it.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code = solveCLI(t, "bench", "--iters", "10", "--workers", "1", "--rosters", filepath.Join(blocker, "r"), "curtois", dir)
	if code != 1 || strings.Contains(stdout, "Instance1") || !strings.Contains(stderr, blocker) {
		t.Errorf("rosters under a file: code %d stdout %q stderr %q", code, stdout, stderr)
	}
}
