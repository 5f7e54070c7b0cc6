package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/sqlite"
	"github.com/rotaguard/rotaguard/internal/store/storetest"
)

func newStore(t *testing.T) store.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "rotaguard.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, newStore)
}

func newBenchStore(tb testing.TB) store.Store {
	s, err := sqlite.Open(tb.Context(), filepath.Join(tb.TempDir(), "bench.db"), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func BenchmarkCreateAssignments(b *testing.B) { storetest.BenchCreateAssignments(b, newBenchStore) }

func BenchmarkListAssignments(b *testing.B) { storetest.BenchListAssignments(b, newBenchStore) }
