// Package demo builds a deterministic synthetic NHS trust: an organisation
// with two sites, about 25 departments, about 1,000 doctors with a realistic
// grade and contract mix, 8-week rota templates with nights and weekends,
// six months of assignments and some leave, and one sign-in per role.
//
// Generate is pure (no I/O): the same Config always gives the same Trust.
// Load writes a Trust into a store in one transaction. Tests of other
// packages use Small for a fixture that builds in milliseconds.
//
// IDs inside a Trust are local: every entity's ID is its position in its
// slice plus one, and references (Doctor.DepartmentID, Assignment.DoctorID,
// …) use these local IDs. Load maps them to the IDs the store assigns.
package demo

import (
	"fmt"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// OrgCode is the organisation code of the demo trust; `rotaguard demo`
// recognises an existing demo trust by it.
const OrgCode = "RGDEMO"

// Config says what to generate. Zero fields take the defaults.
type Config struct {
	Seed int64
	// Doctors is the number of doctors (default 1000).
	Doctors int
	// Departments is how many of the built-in departments to use, in list
	// order (default all, 26).
	Departments int
	// Start is the first day of assignments; it is moved back to a Monday.
	// Default 2026-08-10, the Monday after the August changeover.
	Start roster.Date
	// Months of assignments (default 6). Weeks, when positive, is used
	// instead.
	Months int
	Weeks  int
}

// Small is a fixture-sized configuration for tests: 50 doctors in 4
// departments with 4 weeks of assignments.
func Small(seed int64) Config {
	return Config{Seed: seed, Doctors: 50, Departments: 4, Weeks: 4}
}

// DefaultStart is the default first day of assignments.
var DefaultStart = roster.Date{Year: 2026, Month: time.August, Day: 10}

func (c Config) withDefaults() (Config, error) {
	if c.Doctors == 0 {
		c.Doctors = 1000
	}
	if c.Departments == 0 || c.Departments > len(departmentSpecs) {
		c.Departments = len(departmentSpecs)
	}
	if c.Start.IsZero() {
		c.Start = DefaultStart
	}
	if c.Months == 0 && c.Weeks == 0 {
		c.Months = 6
	}
	switch {
	case c.Doctors < 0 || c.Departments < 0 || c.Months < 0 || c.Weeks < 0:
		return c, roster.Errorf(roster.Invalid, "demo: negative size in configuration")
	case c.Doctors < 4*c.Departments:
		return c, roster.Errorf(roster.Invalid, "demo: %d doctors are too few for %d departments (at least 4 each)", c.Doctors, c.Departments)
	case c.Doctors > 100000:
		return c, roster.Errorf(roster.Invalid, "demo: at most 100000 doctors")
	case c.Months > 36 || c.Weeks > 160:
		return c, roster.Errorf(roster.Invalid, "demo: at most 36 months of assignments")
	}
	// Rotas start on a Monday.
	for c.Start.Weekday() != time.Monday {
		c.Start = c.Start.AddDays(-1)
	}
	return c, nil
}

// End returns the day after the last day of assignments.
func (c Config) end() roster.Date {
	if c.Weeks > 0 {
		return c.Start.AddDays(7 * c.Weeks)
	}
	t := time.Date(c.Start.Year, c.Start.Month+time.Month(c.Months), c.Start.Day, 12, 0, 0, 0, time.UTC)
	return roster.DateOf(t)
}

// User is a demo sign-in: the account and its clear-text password.
type User struct {
	roster.User
	Password string
}

// Trust is a generated trust, held in memory with local IDs (see the
// package comment).
type Trust struct {
	Config Config // with defaults applied
	// Start and End bound the assignments: local days [Start, End).
	Start, End  roster.Date
	Org         roster.Organisation
	Sites       []roster.Site
	Departments []roster.Department
	ShiftTypes  []roster.ShiftType
	Templates   []roster.RotaTemplate
	Doctors     []roster.Doctor
	// Unions holds the union membership of the doctors who are members.
	Unions      []roster.UnionMembership
	Assignments []roster.Assignment
	Users       []User
	// Requirements are each department's cover requirements, derived from
	// its rota templates (draft.DefaultRequirements), so that a draft rota
	// can be generated out of the box.
	Requirements []roster.Requirement
	// Requests are a few doctors' requests to be off or on a shift.
	Requests []roster.Request
}

// ShiftType returns the shift type with the given local ID.
func (t *Trust) ShiftType(id roster.ID) roster.ShiftType { return t.ShiftTypes[id-1] }

// Department returns the department with the given local ID.
func (t *Trust) Department(id roster.ID) roster.Department { return t.Departments[id-1] }

// Doctor returns the doctor with the given local ID.
func (t *Trust) Doctor(id roster.ID) roster.Doctor { return t.Doctors[id-1] }

// User returns the demo user with the given role.
func (t *Trust) User(role roster.Role) (User, bool) {
	for _, u := range t.Users {
		if u.Role == role {
			return u, true
		}
	}
	return User{}, false
}

// Summary describes the trust in one line.
func (t *Trust) Summary() string {
	return fmt.Sprintf("%s: %d sites, %d departments, %d doctors, %d assignments from %s to %s",
		t.Org.Name, len(t.Sites), len(t.Departments), len(t.Doctors), len(t.Assignments), t.Start, t.End.AddDays(-1))
}
