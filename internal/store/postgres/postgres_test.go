package postgres_test

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/postgres"
	"github.com/rotaguard/rotaguard/internal/store/storetest"
)

// testDSN returns ROTAGUARD_TEST_POSTGRES or skips.
func testDSN(t testing.TB) string {
	dsn := os.Getenv("ROTAGUARD_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("PostgreSQL tests skipped: set ROTAGUARD_TEST_POSTGRES to a DSN, e.g. postgres://rotaguard:rotaguard@127.0.0.1:5432/rotaguard?sslmode=disable")
	}
	return dsn
}

// freshSchema creates a schema of its own for one test, dropped at cleanup,
// and returns a DSN whose search_path is that schema, so that test runs
// (and tests) never see each other's data.
func freshSchema(t testing.TB, dsn string) string {
	t.Helper()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "rgtest_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating test schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("dropping test schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("ROTAGUARD_TEST_POSTGRES must be a postgres:// URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func newStore(t *testing.T) store.Store {
	t.Helper()
	s, err := postgres.Open(t.Context(), freshSchema(t, testDSN(t)), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStore(t *testing.T) {
	testDSN(t)
	storetest.Run(t, newStore)
}

func newBenchStore(tb testing.TB) store.Store {
	s, err := postgres.Open(tb.Context(), freshSchema(tb, testDSN(tb)), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func BenchmarkCreateAssignments(b *testing.B) { storetest.BenchCreateAssignments(b, newBenchStore) }

func BenchmarkListAssignments(b *testing.B) { storetest.BenchListAssignments(b, newBenchStore) }
