package cli

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeStartsAndShutsDown(t *testing.T) {
	var logs syncBuffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &logs,
		Getenv: func(string) string { return "" },
		Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan int, 1)
	db := filepath.Join(t.TempDir(), "serve.db")
	go func() { done <- Main(ctx, env, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}) }()

	urlRe := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+/)`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := urlRe.FindStringSubmatch(logs.String()); m != nil {
			base = m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited early with %d:\n%s", code, logs.String())
		default:
		}
	}
	if base == "" {
		t.Fatalf("serve logged no URL:\n%s", logs.String())
	}
	for path, want := range map[string]int{"healthz": 200, "signin": 200, "api/v1/openapi.json": 200, "api/v1/me": 401} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET /%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit status %d after cancel:\n%s", code, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
	for _, want := range []string{"msg=serving", "msg=\"shutting down\"", "msg=stopped", "path=/healthz status=200"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs.String())
		}
	}
}

func TestServeFlags(t *testing.T) {
	var stderr bytes.Buffer
	env := &Env{Stdout: io.Discard, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := Main(t.Context(), env, []string{"serve", "-h"}); code != 0 {
		t.Errorf("serve -h: %d", code)
	}
	for _, want := range []string{"-addr", "127.0.0.1:8080", "ROTAGUARD_ADDR", "-db", "ROTAGUARD_DB", "-secure-cookies"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("serve -h lacks %q", want)
		}
	}
	stderr.Reset()
	env.Getenv = func(k string) string {
		if k == "ROTAGUARD_ADDR" {
			return "127.0.0.1:9191"
		}
		return ""
	}
	Main(t.Context(), env, []string{"serve", "-h"})
	if !strings.Contains(stderr.String(), `(default "127.0.0.1:9191")`) {
		t.Errorf("ROTAGUARD_ADDR is not the default of --addr:\n%s", stderr.String())
	}
	if code := Main(t.Context(), env, []string{"serve", "extra"}); code != 2 {
		t.Errorf("serve extra: %d, want 2", code)
	}
}
