package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/storeopen"
)

func init() {
	register(command{name: "user", summary: "create, list, disable and enable accounts; reset passwords", run: runUser})
}

type userSubcommand struct {
	name, args, summary string
	run                 func(ctx context.Context, env *Env, c userSubcommand, args []string) int
}

var userSubcommands = []userSubcommand{
	{"create", "", "Create an account. Without --password-stdin a password is generated and printed once.", runUserCreate},
	{"list", "", "List the accounts.", runUserList},
	{"disable", "USERNAME", "Disable an account: it can no longer sign in. Nothing is deleted.", runUserDisable},
	{"enable", "USERNAME", "Enable a disabled account again.", runUserDisable},
	{"reset-password", "USERNAME", "Set a new password: read from stdin with --password-stdin, or generated and printed once.", runUserResetPassword},
}

func userUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: rotaguard user SUBCOMMAND [flags] [args]   (rotaguard user SUBCOMMAND -h for its flags)")
	fmt.Fprintln(w, "\nManage the accounts that sign in to rotaguard. Every change is written to the audit log.")
	fmt.Fprintln(w, "\nSubcommands:")
	for _, c := range userSubcommands {
		fmt.Fprintf(w, "  %-25s %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
}

func runUser(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		userUsage(env.Stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range userSubcommands {
		if c.name == args[0] {
			return c.run(ctx, env, c, args[1:])
		}
	}
	fmt.Fprintf(env.Stderr, "rotaguard user: unknown subcommand %q\n\n", args[0])
	userUsage(env.Stderr)
	return 2
}

func userFlagSet(env *Env, c userSubcommand) (*flag.FlagSet, *string) {
	fs := newFlagSet(env, "user "+c.name, c.args, c.summary)
	return fs, fs.String("db", envDefault(env, "db", storeopen.DefaultDSN), dbFlagHelp)
}

// userStore opens the database for a user subcommand, acting as the CLI user.
func userStore(ctx context.Context, env *Env, name, dsn string) (store.Store, context.Context, bool) {
	st, err := openStoreDSN(ctx, env, dsn)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard user %s: %v\n", name, err)
		return nil, nil, false
	}
	return st, roster.WithActor(ctx, cliActor(env)), true
}

// newPassword reads a password from the first line of stdin (fromStdin) or
// generates one; generated reports which.
func newPassword(env *Env, fromStdin bool) (pw string, generated bool, err error) {
	if !fromStdin {
		pw, err := auth.GeneratePassword()
		return pw, true, err
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, fmt.Errorf("reading the password from stdin: %w", err)
	}
	pw = strings.TrimRight(line, "\r\n")
	if err := auth.ValidatePassword(pw); err != nil {
		return "", false, err
	}
	return pw, false, nil
}

func parseIDList(s string) ([]roster.ID, error) {
	var ids []roster.ID
	for f := range strings.SplitSeq(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("--department-ids: %q is not a department id", f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func runUserCreate(ctx context.Context, env *Env, c userSubcommand, args []string) int {
	name := c.name
	fs, db := userFlagSet(env, c)
	username := fs.String("username", "", "the sign-in name (required; no spaces)")
	display := fs.String("display-name", "", "the name shown in the app (default the username)")
	role := fs.String("role", "", "one of admin, workforce, lead, doctor, national (required)")
	orgID := fs.Int64("org-id", 0, "the organisation (trust) the account belongs to; 0 for national viewers and installation admins")
	doctorID := fs.Int64("doctor-id", 0, "for --role doctor: the doctor the account is")
	depts := fs.String("department-ids", "", "for --role lead: the departments led, comma-separated ids, e.g. 1,2")
	union := fs.Bool("can-see-union", false, "may see union membership (special-category data; every read is audited)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of stdin instead of generating one")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "rotaguard user create: unexpected argument %q (did you mean --username %s?)\n", fs.Arg(0), fs.Arg(0))
		return 2
	}
	var errs []string
	if *username == "" {
		errs = append(errs, "--username is required")
	}
	r, err := roster.ParseRole(*role)
	if err != nil {
		errs = append(errs, "--role: "+err.Error())
	}
	deptIDs, err := parseIDList(*depts)
	if err != nil {
		errs = append(errs, err.Error())
	}
	if len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintf(env.Stderr, "rotaguard user create: %s\n", e)
		}
		return 2
	}
	pw, generated, err := newPassword(env, *fromStdin)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard user create: %v\n", err)
		return 1
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard user create: %v\n", err)
		return 1
	}
	st, actx, ok := userStore(ctx, env, name, *db)
	if !ok {
		return 1
	}
	defer st.Close()
	if *display == "" {
		*display = *username
	}
	u := roster.User{Username: *username, DisplayName: *display, Role: r, OrgID: *orgID, DoctorID: *doctorID,
		DepartmentIDs: deptIDs, CanSeeUnion: *union, PasswordHash: hash}
	if err := st.CreateUser(actx, &u); err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard user create: %s\n", roster.ErrorMessage(err))
		return 1
	}
	fmt.Fprintf(env.Stdout, "created user %s (id %d, role %s)\n", u.Username, u.ID, u.Role)
	if generated {
		fmt.Fprintf(env.Stdout, "password: %s\n(shown once; it is stored only as an argon2id hash)\n", pw)
	}
	return 0
}

func runUserList(ctx context.Context, env *Env, c userSubcommand, args []string) int {
	name := c.name
	fs, db := userFlagSet(env, c)
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "rotaguard user list: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	st, ctx, ok := userStore(ctx, env, name, *db)
	if !ok {
		return 1
	}
	defer st.Close()
	us, err := st.ListUsers(ctx)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard user list: %s\n", roster.ErrorMessage(err))
		return 1
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUSERNAME\tNAME\tROLE\tORG\tDOCTOR\tDEPARTMENTS\tUNION\tSTATUS\tCREATED")
	for _, u := range us {
		var depts []string
		for _, d := range u.DepartmentIDs {
			depts = append(depts, strconv.FormatInt(d, 10))
		}
		status := "active"
		if u.Disabled {
			status = "disabled"
		}
		union := "no"
		if u.CanSeeUnion {
			union = "yes"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.DisplayName, u.Role,
			idOrDash(u.OrgID), idOrDash(u.DoctorID), orDash(strings.Join(depts, ",")), union, status, roster.FormatLocal(u.CreatedAt))
	}
	if err := tw.Flush(); err != nil {
		return 1
	}
	return 0
}

func idOrDash(id roster.ID) string {
	if id == 0 {
		return "-"
	}
	return strconv.FormatInt(id, 10)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// oneUsername parses a subcommand's flags and its one USERNAME argument.
func oneUsername(env *Env, fs *flag.FlagSet, name string, args []string) (string, int, bool) {
	if code, done := parseFlags(fs, args); done {
		return "", code, true
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(env.Stderr, "rotaguard user %s: want exactly one USERNAME\n", name)
		fs.Usage()
		return "", 2, true
	}
	return fs.Arg(0), 0, false
}

// runUserDisable disables (name "disable") or enables (name "enable") an account.
func runUserDisable(ctx context.Context, env *Env, c userSubcommand, args []string) int {
	name := c.name
	fs, db := userFlagSet(env, c)
	username, code, done := oneUsername(env, fs, name, args)
	if done {
		return code
	}
	st, actx, ok := userStore(ctx, env, name, *db)
	if !ok {
		return 1
	}
	defer st.Close()
	u, err := st.GetUserByUsername(actx, username)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard user %s: %s\n", name, roster.ErrorMessage(err))
		return 1
	}
	disable := name == "disable"
	if u.Disabled == disable {
		fmt.Fprintf(env.Stdout, "user %s is already %sd\n", u.Username, name)
		return 0
	}
	u.Disabled = disable
	if err := st.UpdateUser(actx, &u); err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard user %s: %s\n", name, roster.ErrorMessage(err))
		return 1
	}
	fmt.Fprintf(env.Stdout, "user %s %sd\n", u.Username, name)
	return 0
}

func runUserResetPassword(ctx context.Context, env *Env, c userSubcommand, args []string) int {
	name := c.name
	fs, db := userFlagSet(env, c)
	fromStdin := fs.Bool("password-stdin", false, "read the new password from the first line of stdin instead of generating one")
	username, code, done := oneUsername(env, fs, name, args)
	if done {
		return code
	}
	pw, generated, err := newPassword(env, *fromStdin)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard user reset-password: %v\n", err)
		return 1
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard user reset-password: %v\n", err)
		return 1
	}
	st, actx, ok := userStore(ctx, env, name, *db)
	if !ok {
		return 1
	}
	defer st.Close()
	u, err := st.GetUserByUsername(actx, username)
	if err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard user reset-password: %s\n", roster.ErrorMessage(err))
		return 1
	}
	u.PasswordHash = hash
	if err := st.UpdateUser(actx, &u); err != nil {
		fmt.Fprintf(env.Stderr, "rotaguard user reset-password: %s\n", roster.ErrorMessage(err))
		return 1
	}
	fmt.Fprintf(env.Stdout, "password of %s reset\n", u.Username)
	if generated {
		fmt.Fprintf(env.Stdout, "password: %s\n(shown once; it is stored only as an argon2id hash)\n", pw)
	}
	if u.Disabled {
		fmt.Fprintf(env.Stdout, "note: %s is disabled; rotaguard user enable %s to let them sign in\n", u.Username, u.Username)
	}
	return 0
}
