package postgres_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/rotaguard/rotaguard/internal/store/postgres"
)

// Several servers starting at once against one new database: the
// advisory lock lets one migrate and the others find it done.
func TestConcurrentMigrate(t *testing.T) {
	dsn := freshSchema(t, testDSN(t))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			s, err := postgres.Open(t.Context(), dsn, nil)
			if err != nil {
				t.Errorf("concurrent open: %v", err)
				return
			}
			defer s.Close()
			if v, err := s.SchemaVersion(t.Context()); err != nil || v != 2 {
				t.Errorf("schema version %d, %v", v, err)
			}
		})
	}
	wg.Wait()
	s, err := postgres.Open(t.Context(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.SQL().QueryRowContext(t.Context(), `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != 2 {
		t.Errorf("schema_migrations has %d rows (%v), want 2", n, err)
	}
	if _, err := s.SQL().ExecContext(t.Context(), `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = postgres.Open(t.Context(), dsn, nil)
	if err == nil || !strings.Contains(err.Error(), "upgrade rotaguard") {
		t.Errorf("opening a newer database: %v", err)
	}
}
