// Package cli is the rotaguard command line: one file per subcommand, each
// registering itself with register. cmd/rotaguard only calls Main.
package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
)

// Env is what a command runs with: its streams and environment lookup.
// Tests build one to drive the whole program.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv looks up ROTAGUARD_* settings; os.Getenv in production.
	Getenv func(string) string
	// IsTerminal reports whether Stderr is a terminal (progress bars only then).
	IsTerminal bool
	Logger     *slog.Logger
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	// run parses args (after the command name) and runs. It returns the
	// process exit status.
	run func(ctx context.Context, env *Env, args []string) int
}

var commands = map[string]command{}

func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("cli: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// Main runs rotaguard with args (without the program name) and returns the exit status.
func Main(ctx context.Context, env *Env, args []string) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Logger == nil {
		env.Logger = slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "rotaguard: unknown command %q\n\n", args[0])
		usage(env.Stderr)
		return 2
	}
	return c.run(ctx, env, args[1:])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "rotaguard: medical rotas, contract rules, strike cover and pay for NHS trusts.")
	fmt.Fprintln(w, "\nUsage: rotaguard COMMAND [flags] [args]   (rotaguard COMMAND -h for a command's help)\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
}

// newFlagSet returns a FlagSet for a command whose -h prints the usage
// line, the summary and the flags on env.Stderr.
func newFlagSet(env *Env, name, argsUsage, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet("rotaguard "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: rotaguard %s [flags] %s\n\n%s\n\nFlags:\n", name, argsUsage, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; it returns (exit status, done): done is true when
// the command must stop (after -h, status 0, or a bad flag, status 2).
// Flags may come after positional arguments too.
func parseFlags(fs *flag.FlagSet, args []string) (int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return 0, true
			}
			return 2, true
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	// Re-parse so that fs.Args() returns the positional arguments.
	_ = fs.Parse(append([]string{"--"}, pos...))
	return 0, false
}

// envDefault returns the ROTAGUARD_<NAME> environment value or def.
func envDefault(env *Env, name, def string) string {
	if v := env.Getenv("ROTAGUARD_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))); v != "" {
		return v
	}
	return def
}
