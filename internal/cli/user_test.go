package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rotaguard/rotaguard/internal/auth"
	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
	"github.com/rotaguard/rotaguard/internal/store/storeopen"
)

// storeCLI runs rotaguard with args against the database db (given through
// ROTAGUARD_DB) and returns the exit status and output.
func storeCLI(t *testing.T, db, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errOut,
		Getenv: func(k string) string {
			switch k {
			case "ROTAGUARD_DB":
				return db
			case "USER":
				return "tester"
			}
			return ""
		},
	}
	code := Main(t.Context(), env, args)
	return code, out.String(), errOut.String()
}

func lightPasswords(t *testing.T) {
	old := auth.PasswordParams
	auth.PasswordParams = auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	t.Cleanup(func() { auth.PasswordParams = old })
}

func openTestStore(t *testing.T, db string) store.Store {
	t.Helper()
	st, err := storeopen.Open(t.Context(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var generatedPassword = regexp.MustCompile(`(?m)^password: (\S{20})$`)

func TestUserCommands(t *testing.T) {
	lightPasswords(t)
	db := filepath.Join(t.TempDir(), "users.db")
	ctx := context.Background()

	// Seed an organisation, a department and a doctor to point accounts at.
	st := openTestStore(t, db)
	org := roster.Organisation{Name: "Northgate", Code: "RNG"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.CreateOrganisation(ctx, &org))
	dept := roster.Department{OrgID: org.ID, Name: "Acute Medicine"}
	must(st.CreateDepartment(ctx, &dept))
	doc := roster.Doctor{OrgID: org.ID, DepartmentID: dept.ID, GMC: "7000001", GivenName: "Asha", FamilyName: "Patel",
		Grade: roster.ST4, Contract: roster.Contract{Kind: roster.TCS2016, NodalPoint: 4}}
	must(st.CreateDoctor(ctx, &doc))
	st.Close()

	// Create with a generated password.
	code, out, errOut := storeCLI(t, db, "", "user", "create", "--username", "admin", "--role", "admin", "--can-see-union")
	if code != 0 {
		t.Fatalf("user create: %d %s", code, errOut)
	}
	m := generatedPassword.FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "created user admin (id 1, role admin)") {
		t.Fatalf("user create output %q: want the id and a generated password", out)
	}
	adminPW := m[1]

	// Create with a password on stdin, a lead with departments, flags after the subcommand in any order.
	code, out, errOut = storeCLI(t, db, "a long enough password\n", "user", "create", "--role", "lead", "--username", "lead1",
		"--org-id", "1", "--department-ids", "1", "--password-stdin", "--display-name", "Dr Lead")
	if code != 0 || generatedPassword.MatchString(out) {
		t.Fatalf("user create --password-stdin: %d %q %s", code, out, errOut)
	}
	code, _, errOut = storeCLI(t, db, "", "user", "create", "--role", "doctor", "--username", "asha", "--org-id", "1", "--doctor-id", "1")
	if code != 0 {
		t.Fatalf("doctor account: %s", errOut)
	}

	st = openTestStore(t, db)
	check := func(username, pw string, wantOK bool) {
		t.Helper()
		u, err := st.GetUserByUsername(ctx, username)
		must(err)
		ok, err := auth.CheckPassword(u.PasswordHash, pw)
		if err != nil || ok != wantOK {
			t.Errorf("password of %s: match %v (%v), want %v", username, ok, err, wantOK)
		}
	}
	check("admin", adminPW, true)
	check("lead1", "a long enough password", true)
	lead, _ := st.GetUserByUsername(ctx, "lead1")
	if lead.Role != roster.RoleLead || lead.OrgID != 1 || len(lead.DepartmentIDs) != 1 || lead.DisplayName != "Dr Lead" || lead.CanSeeUnion {
		t.Errorf("lead1 = %+v", lead)
	}
	adm, _ := st.GetUserByUsername(ctx, "admin")
	if !adm.CanSeeUnion || adm.DisplayName != "admin" {
		t.Errorf("admin = %+v", adm)
	}
	es, _ := st.ListAudit(ctx, store.AuditFilter{Entity: "user", EntityID: adm.ID})
	if len(es) != 1 || es[0].Actor != "cli:tester" || es[0].Action != "create" {
		t.Errorf("audit of user create = %+v", es)
	}

	errorCases := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"duplicate", "", []string{"user", "create", "--username", "admin", "--role", "admin"}, 1, `username "admin" is already taken`},
		{"no username", "", []string{"user", "create", "--role", "admin"}, 2, "--username is required"},
		{"bad role", "", []string{"user", "create", "--username", "x", "--role", "boss"}, 2, "unknown role"},
		{"bad departments", "", []string{"user", "create", "--username", "x", "--role", "lead", "--department-ids", "1,x"}, 2, `"x" is not a department id`},
		{"doctor without doctor id", "", []string{"user", "create", "--username", "x", "--role", "doctor"}, 1, "doctor_id"},
		{"missing doctor", "", []string{"user", "create", "--username", "x", "--role", "doctor", "--doctor-id", "99"}, 1, "does not exist"},
		{"short stdin password", "short\n", []string{"user", "create", "--username", "x", "--role", "admin", "--password-stdin"}, 1, "at least 12 characters"},
		{"positional", "", []string{"user", "create", "bob"}, 2, "did you mean --username bob"},
		{"disable unknown", "", []string{"user", "disable", "nobody"}, 1, `no user called "nobody"`},
		{"disable no name", "", []string{"user", "disable"}, 2, "want exactly one USERNAME"},
		{"unknown subcommand", "", []string{"user", "delete", "admin"}, 2, `unknown subcommand "delete"`},
		{"no subcommand", "", []string{"user"}, 2, "Subcommands:"},
		{"bad flag", "", []string{"user", "list", "--nope"}, 2, "flag provided but not defined"},
	}
	for _, tt := range errorCases {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := storeCLI(t, db, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
	if _, err := st.GetUserByUsername(ctx, "x"); !roster.IsCode(err, roster.NotFound) {
		t.Errorf("a failed create left user x: %v", err)
	}

	// List.
	code, out, _ = storeCLI(t, db, "", "user", "list")
	if code != 0 {
		t.Fatalf("user list: %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("user list:\n%s", out)
	}
	for i, want := range [][]string{
		{"1", "admin", "admin", "admin", "-", "-", "-", "yes", "active"},
		{"3", "asha", "asha", "doctor", "1", "1", "-", "no", "active"},
		{"2", "lead1", "Dr", "Lead", "lead", "1", "-", "1", "no", "active"},
	} {
		got := strings.Fields(lines[i+1])
		if strings.Join(got[:len(want)], " ") != strings.Join(want, " ") {
			t.Errorf("user list row %d = %q, want it to start %q", i+1, lines[i+1], strings.Join(want, " "))
		}
	}
	if strings.Contains(out, "argon2") {
		t.Error("user list prints password hashes")
	}

	// Disable, enable, reset password.
	if code, out, errOut := storeCLI(t, db, "", "user", "disable", "lead1"); code != 0 || out != "user lead1 disabled\n" {
		t.Fatalf("disable: %d %q %s", code, out, errOut)
	}
	if code, out, _ := storeCLI(t, db, "", "user", "disable", "lead1"); code != 0 || !strings.Contains(out, "already disabled") {
		t.Errorf("disable twice: %d %q", code, out)
	}
	if u, _ := st.GetUserByUsername(ctx, "lead1"); !u.Disabled || u.Version != 2 {
		t.Errorf("after disable %+v", u)
	}
	code, out, errOut = storeCLI(t, db, "", "user", "reset-password", "lead1")
	if code != 0 {
		t.Fatalf("reset-password: %d %s", code, errOut)
	}
	m = generatedPassword.FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "is disabled") {
		t.Fatalf("reset-password output %q", out)
	}
	check("lead1", "a long enough password", false)
	check("lead1", m[1], true)
	if code, _, errOut := storeCLI(t, db, "another long password\n", "user", "reset-password", "--password-stdin", "admin"); code != 0 {
		t.Fatalf("reset-password --password-stdin: %s", errOut)
	}
	check("admin", "another long password", true)
	check("admin", adminPW, false)
	if code, out, _ := storeCLI(t, db, "", "user", "enable", "lead1"); code != 0 || out != "user lead1 enabled\n" {
		t.Errorf("enable: %d %q", code, out)
	}
	es, _ = st.ListAudit(ctx, store.AuditFilter{Entity: "user", EntityID: lead.ID})
	var notes []string
	for _, e := range es {
		notes = append(notes, e.Action+":"+e.Note)
	}
	if got := strings.Join(notes, " "); got != "update: update:password changed update: create:" {
		t.Errorf("lead1 audit trail = %s", got)
	}
}

func TestUserHelp(t *testing.T) {
	for _, args := range [][]string{
		{"user", "-h"},
		{"user", "create", "-h"},
		{"user", "list", "-h"},
		{"user", "disable", "-h"},
		{"user", "reset-password", "-h"},
		{"migrate", "-h"},
	} {
		code, _, errOut := storeCLI(t, "", "", args...)
		if code != 0 || !strings.Contains(errOut, "Usage: rotaguard") {
			t.Errorf("%v: exit %d, help %q", args, code, errOut)
		}
		if args[len(args)-2] != "user" && !strings.Contains(errOut, "ROTAGUARD_DB") {
			t.Errorf("%v: help does not mention ROTAGUARD_DB:\n%s", args, errOut)
		}
	}
}

func TestMigrate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	for range 2 { // migrating twice is harmless
		code, out, errOut := storeCLI(t, "", "", "migrate", "--db", db)
		if code != 0 || out != "sqlite database "+db+" is at schema version 2\n" {
			t.Fatalf("migrate: %d %q %s", code, out, errOut)
		}
	}
	// ROTAGUARD_DB is the default for --db.
	db2 := filepath.Join(t.TempDir(), "env.db")
	if code, out, _ := storeCLI(t, db2, "", "migrate"); code != 0 || !strings.Contains(out, db2) {
		t.Errorf("migrate with ROTAGUARD_DB: %d %q", code, out)
	}
	if code, _, errOut := storeCLI(t, "", "", "migrate", "--db", filepath.Join(t.TempDir(), "no", "such", "dir.db")); code != 1 || !strings.Contains(errOut, "rotaguard migrate: opening") {
		t.Errorf("migrate into a missing directory: %d %q", code, errOut)
	}
	if code, _, errOut := storeCLI(t, "", "", "migrate", "extra"); code != 2 || !strings.Contains(errOut, "unexpected argument") {
		t.Errorf("migrate extra: %d %q", code, errOut)
	}
}
