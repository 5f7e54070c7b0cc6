package storeopen

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSQLitePath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "rotaguard.db"},
		{"data/trust.db", "data/trust.db"},
		{"file:trust.db", "trust.db"},
		{"sqlite:trust.db", "trust.db"},
		{"sqlite:///var/lib/rotaguard.db", "/var/lib/rotaguard.db"},
	}
	for _, tt := range tests {
		if got := SQLitePath(tt.in); got != tt.want {
			t.Errorf("SQLitePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://rota:s3cret@db.internal:5432/rota?sslmode=require", "postgres://rota:xxxxx@db.internal:5432/rota?sslmode=require"},
		{"postgresql://rota@db/rota", "postgresql://rota@db/rota"},
		{"postgres://db/rota", "postgres://db/rota"},
		{"trust.db", "trust.db"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "open.db")
	s, err := Open(t.Context(), "file:"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Driver() != "sqlite" {
		t.Errorf("driver %q", s.Driver())
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database file not created: %v", err)
	}
	if dsn := os.Getenv("ROTAGUARD_TEST_POSTGRES"); dsn != "" {
		s, err := Open(t.Context(), dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		if s.Driver() != "postgres" {
			t.Errorf("driver %q", s.Driver())
		}
		s.Close()
	}
	_, err = Open(t.Context(), "postgres://nobody:pw@127.0.0.1:1/none?connect_timeout=1", nil)
	if err == nil {
		t.Error("opened a PostgreSQL server that is not there")
	}
}
