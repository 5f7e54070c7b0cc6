package cli

import (
	"context"
	"fmt"
	"runtime/debug"
)

// Version is set at build time with -ldflags "-X .../internal/cli.Version=v1.2.3".
var Version = "dev"

func init() {
	register(command{name: "version", summary: "print the version", run: runVersion})
}

func runVersion(ctx context.Context, env *Env, args []string) int {
	fs := newFlagSet(env, "version", "", "Print rotaguard's version and build information.")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	v := Version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
		fmt.Fprintf(env.Stdout, "rotaguard %s %s\n", v, bi.GoVersion)
		return 0
	}
	fmt.Fprintf(env.Stdout, "rotaguard %s\n", v)
	return 0
}
