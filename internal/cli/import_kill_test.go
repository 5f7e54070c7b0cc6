package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/ioformat"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/sqlite"
)

// TestKillDuringImport builds the binary, stores a small demo trust,
// starts importing 200,000 assignments in a child process and SIGKILLs it
// inside the import's transaction (held there by ROTAGUARD_TEST_IMPORT_PAUSE
// after the first batch has been written). Reopened, the register holds
// exactly what was committed before and none of the killed import's rows;
// a later import into the same database succeeds.
func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports 200,000 rows; skipped with -short")
	}
	began := time.Now()
	dir := t.TempDir()
	bin := filepath.Join(dir, "rotaguard")
	if out, err := exec.Command("go", "build", "-ldflags=-s -w", "-o", bin, "github.com/rotaguard/rotaguard/cmd/rotaguard").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("built in %s", time.Since(began).Round(time.Millisecond))
	db := filepath.Join(dir, "kill.db")
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "ROTAGUARD_DB=", "ROTAGUARD_TEST_IMPORT_PAUSE=")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("rotaguard %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return stdout.String()
	}
	run("demo", "--no-serve", "--db", db, "--seed", "3", "--doctors", "40", "--departments", "4", "--weeks", "4")
	doctorsBefore := run("export", "doctors", "--db", db)
	rotaBefore := run("export", "assignments", "--db", db)
	committed := strings.Count(rotaBefore, "\n") - 1
	if committed < 500 {
		t.Fatalf("only %d committed assignments", committed)
	}

	// 200,000 non-overlapping rows for the 40 doctors, after the demo rota.
	recs, err := ioformat.ParseDoctors(strings.NewReader(doctorsBefore), "doctors")
	if err != nil {
		t.Fatal(err)
	}
	const rows = 200000
	from := roster.Date{Year: 2027, Month: 1, Day: 4}.In(roster.London)
	var b strings.Builder
	b.WriteString("gmc,kind,start,end,note\n")
	for i := range rows {
		s := from.Add(time.Duration(i/len(recs)) * 4 * time.Hour)
		fmt.Fprintf(&b, "%s,work,%s,%s,bulk %d\n", recs[i%len(recs)].Doctor.GMC, ioformat.FormatTime(s), ioformat.FormatTime(s.Add(3*time.Hour)), i)
	}
	big := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(big, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(bin, "import", "assignments", "--db", db, big)
	cmd.Env = append(os.Environ(), "ROTAGUARD_DB=", importPauseEnv+"=2m")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	paused := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if sc.Text() == importPausedMessage {
				paused <- true
				return
			}
		}
		paused <- false
	}()
	select {
	case ok := <-paused:
		if !ok {
			cmd.Wait()
			t.Fatal("the import ended without pausing inside its transaction")
		}
	case <-time.After(90 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("the import did not reach its transaction in 90 s")
	}
	t.Logf("paused inside the import's transaction at %s", time.Since(began).Round(time.Millisecond))
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the import was not killed by SIGKILL: %v", err)
	}

	// Reopen: the committed data is all there, none of the killed import's.
	if got := run("export", "doctors", "--db", db); got != doctorsBefore {
		t.Error("doctors changed by the killed import")
	}
	if got := run("export", "assignments", "--db", db); got != rotaBefore {
		t.Errorf("assignments changed by the killed import: %d lines, want %d", strings.Count(got, "\n"), strings.Count(rotaBefore, "\n"))
	}
	st, err := sqlite.Open(t.Context(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	var integrity string
	if err := st.SQL().QueryRowContext(t.Context(), "PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check: %q, %v", integrity, err)
	}
	bulk, err := st.ListAssignments(t.Context(), store.AssignmentFilter{From: from.UTC()})
	st.Close()
	if err != nil || len(bulk) != 0 {
		t.Fatalf("%d rows of the killed import are stored (%v)", len(bulk), err)
	}

	t.Logf("checked the register after the kill at %s", time.Since(began).Round(time.Millisecond))

	// The database still takes imports: the first 5,000 rows of the file.
	head := strings.Join(strings.SplitAfterN(b.String(), "\n", 5002)[:5001], "")
	part := filepath.Join(dir, "part.csv")
	if err := os.WriteFile(part, []byte(head), 0o644); err != nil {
		t.Fatal(err)
	}
	out := run("import", "assignments", "--db", db, part)
	if !strings.Contains(out, "Imported 5000 assignments") {
		t.Fatalf("import after the kill: %s", out)
	}
	if n := strings.Count(run("export", "assignments", "--db", db), "\n") - 1; n != committed+5000 {
		t.Fatalf("%d assignments after the import, want %d", n, committed+5000)
	}
	t.Logf("done at %s", time.Since(began).Round(time.Millisecond))
}
