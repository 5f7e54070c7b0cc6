package cli

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/rotaguard/rotaguard/internal/demo"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/storeopen"
)

func init() {
	register(command{name: "demo", summary: "create (or reuse) a synthetic demo trust and serve it", run: runDemo})
}

// defaultDemoDB is the demo's database unless --db or ROTAGUARD_DB says otherwise.
const defaultDemoDB = "rotaguard-demo.db"

func runDemo(ctx context.Context, env *Env, args []string) int {
	fs := newFlagSet(env, "demo", "",
		"Create a synthetic NHS trust (Northgate Hospitals NHS Foundation Trust: 2 sites, 26 departments,\n"+
			"1,000 doctors, 8-week rotas, 6 months of assignments) in its own database, or reuse the one\n"+
			"already there; print the web address and one sign-in per role; then serve the web app.\n"+
			"The same --seed gives the same trust and the same passwords.")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same trust and sign-ins")
	db := fs.String("db", envDefault(env, "db", defaultDemoDB), "database: an SQLite file or a postgres:// URL (env ROTAGUARD_DB)")
	addr := fs.String("addr", envDefault(env, "addr", "127.0.0.1:8080"), "address to serve on (env ROTAGUARD_ADDR)")
	doctors := fs.Int("doctors", 1000, "number of doctors")
	departments := fs.Int("departments", 0, "number of departments, 1 to 26 (default all 26)")
	start := fs.String("start", demo.DefaultStart.String(), "first day of the rota, YYYY-MM-DD (moved back to a Monday)")
	months := fs.Int("months", 6, "months of assignments")
	weeks := fs.Int("weeks", 0, "weeks of assignments (instead of --months)")
	noServe := fs.Bool("no-serve", false, "create or check the trust, print the sign-ins and exit without serving")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "rotaguard demo: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	startDate, err := roster.ParseDate(*start)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard demo: --start: %v\n", err)
		return 2
	}
	cfg := demo.Config{Seed: *seed, Doctors: *doctors, Departments: *departments, Start: startDate, Months: *months, Weeks: *weeks}

	st, err := storeopen.Open(ctx, *db, env.Logger)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard demo: opening %s: %v\n", storeopen.Redact(*db), err)
		return 1
	}
	defer st.Close()

	org, status, err := demo.Find(ctx, st, *seed)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard demo: %v\n", err)
		return 1
	}
	switch status {
	case demo.OtherSeed:
		fmt.Fprintf(env.Stderr, "rotaguard demo: %s already holds a demo trust made with another --seed: use that seed, or another --db\n", storeopen.Redact(*db))
		return 1
	case demo.Present:
		fmt.Fprintf(env.Stdout, "Using the demo trust already in %s: %s.\n", storeopen.Redact(*db), org.Name)
	case demo.Absent:
		orgs, err := st.ListOrganisations(ctx)
		if err != nil {
			fmt.Fprintf(env.Stderr, "rotaguard demo: %v\n", err)
			return 1
		}
		if len(orgs) > 0 {
			fmt.Fprintf(env.Stderr, "rotaguard demo: %s already holds %s; the demo needs a database of its own: give another --db\n", storeopen.Redact(*db), orgs[0].Name)
			return 1
		}
		if code := createDemo(ctx, env, st, cfg, *db); code != 0 {
			return code
		}
	}

	fmt.Fprintf(env.Stdout, "\nOpen %s and sign in as one of:\n\n", demoURL(*addr))
	fmt.Fprintf(env.Stdout, "  %-10s %-10s %s\n", "ROLE", "USERNAME", "PASSWORD")
	for _, u := range demo.SignIns(*seed) {
		fmt.Fprintf(env.Stdout, "  %-10s %-10s %s\n", u.Role, u.Username, u.Password)
	}
	fmt.Fprintln(env.Stdout)
	if *noServe {
		return 0
	}
	if err := serveStore(ctx, env, st, *addr); err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard demo: %v\n", err)
		return 1
	}
	return 0
}

// createDemo generates the trust and loads it, with a progress bar when
// stderr is a terminal.
func createDemo(ctx context.Context, env *Env, st store.Store, cfg demo.Config, db string) int {
	began := time.Now()
	tr, err := demo.Generate(cfg)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard demo: %v\n", err)
		return 2
	}
	generated := time.Since(began)
	progress := func(done, total int) {}
	var bar *progressbar.ProgressBar
	if env.IsTerminal {
		progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total,
					progressbar.OptionSetWriter(env.Stderr),
					progressbar.OptionSetDescription("Loading the demo trust"),
					progressbar.OptionShowCount(),
					progressbar.OptionSetWidth(30),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionClearOnFinish())
			}
			_ = bar.Set(done)
		}
	}
	if err := demo.Load(ctx, st, tr, progress); err != nil {
		if bar != nil {
			_ = bar.Exit()
		}
		fmt.Fprintf(env.Stderr, "rotaguard demo: loading into %s: %v (nothing was stored)\n", storeopen.Redact(db), err)
		return 1
	}
	if bar != nil {
		_ = bar.Finish()
	}
	fmt.Fprintf(env.Stdout, "Created the demo trust in %s (seed %d): %s.\n", storeopen.Redact(db), cfg.Seed, tr.Summary())
	fmt.Fprintf(env.Stdout, "Generated in %s, stored in %s.\n", generated.Round(time.Millisecond), (time.Since(began) - generated).Round(time.Millisecond))
	return 0
}

// demoURL is the address to open in a browser.
func demoURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr + "/"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
