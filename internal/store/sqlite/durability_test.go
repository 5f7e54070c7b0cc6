package sqlite_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/sqlite"
)

const killChildEnv = "ROTAGUARD_TEST_SQLITE_KILL_CHILD"

// TestCommittedSurvivesKill runs a child process that commits one change,
// starts a second transaction and is killed (SIGKILL) in the middle of it.
// The committed change must be there and the half-done one must not.
func TestCommittedSurvivesKill(t *testing.T) {
	if path := os.Getenv(killChildEnv); path != "" {
		killChild(path)
		return
	}
	path := filepath.Join(t.TempDir(), "kill.db")
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestCommittedSurvivesKill$", "-test.count=1")
	cmd.Env = append(os.Environ(), killChildEnv+"="+path)
	out, err := cmd.CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "committed\n") {
		t.Fatalf("child did not commit:\n%s", out)
	}
	s, err := sqlite.Open(t.Context(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	orgs, err := s.ListOrganisations(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 1 || orgs[0].Name != "Committed Trust" {
		t.Errorf("after the kill the organisations are %+v, want just the committed one", orgs)
	}
	var check string
	if err := s.SQL().QueryRowContext(t.Context(), "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v", check, err)
	}
}

func killChild(path string) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		panic(err)
	}
	if err := s.CreateOrganisation(ctx, &roster.Organisation{Name: "Committed Trust"}); err != nil {
		panic(err)
	}
	os.Stdout.WriteString("committed\n")
	_ = s.InTx(ctx, func(tx store.Tx) error {
		if err := tx.CreateOrganisation(ctx, &roster.Organisation{Name: "Half-done Trust"}); err != nil {
			panic(err)
		}
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	})
}

func TestPragmas(t *testing.T) {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "p.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for pragma, want := range map[string]string{
		"journal_mode": "wal",
		"foreign_keys": "1",
		"synchronous":  "2", // FULL
		"busy_timeout": "5000",
	} {
		var got string
		if err := s.SQL().QueryRowContext(t.Context(), "PRAGMA "+pragma).Scan(&got); err != nil || got != want {
			t.Errorf("PRAGMA %s = %q (%v), want %q", pragma, got, err, want)
		}
	}
	var strict int
	if err := s.SQL().QueryRowContext(t.Context(), `SELECT COUNT(*) FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' AND strict = 0`).Scan(&strict); err != nil || strict != 0 {
		t.Errorf("%d tables are not STRICT (%v)", strict, err)
	}
}

// TestBusy: a second process-like store waits for the first's write lock
// and then succeeds; with a deadline shorter than the wait it gives up in
// time with a clear error instead of hanging.
func TestBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	a, err := sqlite.Open(t.Context(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := sqlite.Open(t.Context(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	locked, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- a.InTx(t.Context(), func(tx store.Tx) error {
			if err := tx.CreateOrganisation(t.Context(), &roster.Organisation{Name: "A"}); err != nil {
				return err
			}
			close(locked)
			<-release
			return nil
		})
	}()
	<-locked
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = b.CreateOrganisation(ctx, &roster.Organisation{Name: "B1"})
	if err == nil {
		t.Fatal("write succeeded while another connection held the write lock")
	}
	if el := time.Since(start); el > 4*time.Second {
		t.Errorf("gave up after %v, want about the 300 ms deadline", el)
	}
	// Now wait properly: the write goes through once A commits.
	got := make(chan error)
	go func() { got <- b.CreateOrganisation(t.Context(), &roster.Organisation{Name: "B2"}) }()
	time.Sleep(50 * time.Millisecond)
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-got; err != nil {
		t.Fatalf("queued write: %v", err)
	}
	orgs, _ := a.ListOrganisations(t.Context())
	if len(orgs) != 2 || orgs[0].Name != "A" || orgs[1].Name != "B2" {
		t.Errorf("organisations %+v, want A and B2", orgs)
	}
}

func TestMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	// Several processes opening a new database at once all succeed.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			s, err := sqlite.Open(t.Context(), path, nil)
			if err != nil {
				t.Errorf("concurrent open: %v", err)
				return
			}
			if v, err := s.SchemaVersion(t.Context()); err != nil || v != 2 {
				t.Errorf("schema version %d, %v", v, err)
			}
			s.Close()
		})
	}
	wg.Wait()
	s, err := sqlite.Open(t.Context(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	s.SQL().QueryRowContext(t.Context(), `SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	if n != 2 {
		t.Errorf("schema_migrations has %d rows, want 2", n)
	}
	// A database migrated by a newer rotaguard is refused, not damaged.
	if _, err := s.SQL().ExecContext(t.Context(), `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = sqlite.Open(t.Context(), path, nil)
	if err == nil || !strings.Contains(err.Error(), "schema version 999") || !strings.Contains(err.Error(), "upgrade rotaguard") {
		t.Errorf("opening a newer database: %v", err)
	}
}

func TestFileModeAndMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "private.db")
	s, err := sqlite.Open(t.Context(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateOrganisation(t.Context(), &roster.Organisation{Name: "X"}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m != 0o600 {
			t.Errorf("%s has mode %o, want 600", filepath.Base(p), m)
		}
	}
	s.Close()
	if _, err := sqlite.Open(t.Context(), ":memory:", nil); err == nil || !strings.Contains(err.Error(), "in-memory") {
		t.Errorf("opening :memory: = %v, want a clear refusal", err)
	}
	if _, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "a?b.db"), nil); err == nil {
		t.Error("opened a file name with ? in it")
	}
}

func TestCancelledContext(t *testing.T) {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "c.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err = s.CreateOrganisation(ctx, &roster.Organisation{Name: "Never"})
	if !errors.Is(err, context.Canceled) || roster.ErrorCode(err) != roster.Internal {
		t.Errorf("create with a cancelled context: %v (code %s), want context.Canceled", err, roster.ErrorCode(err))
	}
	if orgs, _ := s.ListOrganisations(t.Context()); len(orgs) != 0 {
		t.Errorf("cancelled create wrote %+v", orgs)
	}
}
