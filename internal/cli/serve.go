package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/storeopen"
	"github.com/rotaguard/rotaguard/internal/web"
)

func init() {
	register(command{name: "serve", summary: "run the web app and JSON API", run: runServe})
}

func runServe(ctx context.Context, env *Env, args []string) int {
	fs := newFlagSet(env, "serve", "", "Run the web app and the JSON API (/api/v1) on --addr with the database --db.")
	addr := fs.String("addr", envDefault(env, "addr", "127.0.0.1:8080"), "address to listen on (ROTAGUARD_ADDR)")
	db := fs.String("db", envDefault(env, "db", storeopen.DefaultDSN), "database: an SQLite file or a postgres:// URL (ROTAGUARD_DB)")
	secure := fs.Bool("secure-cookies", envDefault(env, "secure_cookies", "") == "1", "mark the session cookie Secure (behind a TLS proxy; ROTAGUARD_SECURE_COOKIES=1)")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "rotaguard serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	st, err := storeopen.Open(ctx, *db, env.Logger)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard serve: opening %s: %v\n", storeopen.Redact(*db), err)
		return 1
	}
	defer st.Close()
	if err := serve(ctx, env, st, *addr, *secure); err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard serve: %v\n", err)
		return 1
	}
	return 0
}

// serveStore serves the web app for an open store on addr until ctx is
// cancelled, then shuts down gracefully. The demo command calls it.
func serveStore(ctx context.Context, env *Env, st store.Store, addr string) error {
	return serve(ctx, env, st, addr, envDefault(env, "secure_cookies", "") == "1")
}

func serve(ctx context.Context, env *Env, st store.Store, addr string, secureCookies bool) error {
	log := env.Logger
	app, err := web.New(web.Config{Store: st, Logger: log, SecureCookies: secureCookies})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           app,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("serving", "url", "http://"+ln.Addr().String()+"/", "db", st.Driver())

	// Sweep expired sessions hourly.
	sweepCtx, stopSweep := context.WithCancel(ctx)
	defer stopSweep()
	go func() {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			if err := app.Sweep(sweepCtx); err != nil && sweepCtx.Err() == nil {
				log.Warn("deleting expired sessions", "err", err)
			}
			select {
			case <-sweepCtx.Done():
				return
			case <-t.C:
			}
		}
	}()

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return err
	}
	app.CloseDrafts() // stop draft rota jobs; they are marked failed
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}
