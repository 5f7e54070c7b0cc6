// Package store declares how rotaguard keeps its register: one Store
// interface implemented on SQLite (embedded, the default) and PostgreSQL
// (shared deployments) with the same plain SQL, embedded versioned
// migrations and one test suite (storetest) run against both.
//
// Conventions every implementation keeps:
//   - Every mutating method writes an audit entry (who from
//     roster.ActorFrom(ctx), what, before/after JSON) in the same transaction.
//   - Updates use optimistic concurrency: the caller passes the Version it
//     read; if the stored version differs the update is refused with a
//     roster.Conflict error ("changed by someone else since you opened it")
//     and nothing is written. A successful update increments Version and
//     writes it back into the passed struct.
//   - Reading union membership writes a "read" audit entry.
//   - Missing rows are roster.NotFound; unique and foreign-key violations
//     are roster.Conflict / roster.Invalid with a message for people.
//   - Instants are stored in UTC.
package store

import (
	"context"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
)

// DoctorFilter narrows ListDoctors. Zero fields do not filter.
type DoctorFilter struct {
	OrgID         roster.ID
	DepartmentID  roster.ID
	DepartmentIDs []roster.ID // any of these
	Grade         roster.Grade
	Specialty     string
	Contract      roster.ContractKind
	Search        string // case-insensitive match on name or GMC number
	Status        roster.EmploymentStatus
	Limit         int // 0 = no limit
	Offset        int
}

// AssignmentFilter narrows ListAssignments: periods overlapping [From, To).
type AssignmentFilter struct {
	DepartmentID roster.ID
	DoctorID     roster.ID
	OrgID        roster.ID
	From, To     time.Time
	Kind         roster.Kind
}

// AuditFilter narrows ListAudit.
type AuditFilter struct {
	Entity   string
	EntityID roster.ID
	ActorID  roster.ID
	Limit    int
	Offset   int
}

// Register is the organisation, site, department and doctor register.
type Register interface {
	CreateOrganisation(ctx context.Context, o *roster.Organisation) error
	GetOrganisation(ctx context.Context, id roster.ID) (roster.Organisation, error)
	ListOrganisations(ctx context.Context) ([]roster.Organisation, error)
	UpdateOrganisation(ctx context.Context, o *roster.Organisation) error

	CreateSite(ctx context.Context, s *roster.Site) error
	ListSites(ctx context.Context, orgID roster.ID) ([]roster.Site, error)

	CreateDepartment(ctx context.Context, d *roster.Department) error
	GetDepartment(ctx context.Context, id roster.ID) (roster.Department, error)
	ListDepartments(ctx context.Context, orgID roster.ID) ([]roster.Department, error)
	UpdateDepartment(ctx context.Context, d *roster.Department) error
	DeleteDepartment(ctx context.Context, id roster.ID, version int64) error

	CreateDoctor(ctx context.Context, d *roster.Doctor) error
	GetDoctor(ctx context.Context, id roster.ID) (roster.Doctor, error)
	GetDoctorByGMC(ctx context.Context, gmc string) (roster.Doctor, error)
	ListDoctors(ctx context.Context, f DoctorFilter) ([]roster.Doctor, error)
	CountDoctors(ctx context.Context, f DoctorFilter) (int, error)
	UpdateDoctor(ctx context.Context, d *roster.Doctor) error
	DeleteDoctor(ctx context.Context, id roster.ID, version int64) error

	// Union membership: special-category data. Get writes a read audit entry.
	GetUnionMembership(ctx context.Context, doctorID roster.ID) (roster.UnionMembership, error)
	SetUnionMembership(ctx context.Context, m *roster.UnionMembership) error
}

// Rota holds shift types, templates and assignments.
type Rota interface {
	CreateShiftType(ctx context.Context, s *roster.ShiftType) error
	ListShiftTypes(ctx context.Context, departmentID roster.ID) ([]roster.ShiftType, error)
	UpdateShiftType(ctx context.Context, s *roster.ShiftType) error

	CreateTemplate(ctx context.Context, t *roster.RotaTemplate) error
	ListTemplates(ctx context.Context, departmentID roster.ID) ([]roster.RotaTemplate, error)

	CreateAssignment(ctx context.Context, a *roster.Assignment) error
	// CreateAssignments inserts many assignments at once (demo, import),
	// setting their IDs, with one audit entry for the batch.
	CreateAssignments(ctx context.Context, as []roster.Assignment) error
	GetAssignment(ctx context.Context, id roster.ID) (roster.Assignment, error)
	ListAssignments(ctx context.Context, f AssignmentFilter) ([]roster.Assignment, error)
	UpdateAssignment(ctx context.Context, a *roster.Assignment) error
	DeleteAssignment(ctx context.Context, id roster.ID, version int64) error
}

// Accounts holds users, sessions and the audit log.
type Accounts interface {
	CreateUser(ctx context.Context, u *roster.User) error
	GetUser(ctx context.Context, id roster.ID) (roster.User, error)
	GetUserByUsername(ctx context.Context, username string) (roster.User, error)
	ListUsers(ctx context.Context) ([]roster.User, error)
	UpdateUser(ctx context.Context, u *roster.User) error

	CreateSession(ctx context.Context, s roster.Session) error
	GetSession(ctx context.Context, tokenHash string) (roster.Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) error

	// AddAudit appends an entry not tied to a store change (sign-in,
	// confirmed breach override, export).
	AddAudit(ctx context.Context, e roster.AuditEntry) error
	ListAudit(ctx context.Context, f AuditFilter) ([]roster.AuditEntry, error)
}

// RequestFilter narrows ListRequests: requests of one doctor, or of the
// doctors of one department, on dates in [From, To) (zero: unbounded).
type RequestFilter struct {
	DepartmentID roster.ID
	DoctorID     roster.ID
	From, To     roster.Date
}

// Planning holds what a draft rota is generated from (cover requirements,
// doctors' requests) and the drafts themselves.
type Planning interface {
	// ListRequirements returns a department's cover requirements by shift
	// type and weekday (empty when none are set).
	ListRequirements(ctx context.Context, departmentID roster.ID) ([]roster.Requirement, error)
	// SetRequirements replaces all of a department's requirements, with
	// one audit entry.
	SetRequirements(ctx context.Context, departmentID roster.ID, rs []roster.Requirement) error

	CreateRequest(ctx context.Context, r *roster.Request) error
	ListRequests(ctx context.Context, f RequestFilter) ([]roster.Request, error)
	DeleteRequest(ctx context.Context, id roster.ID, version int64) error

	CreateDraft(ctx context.Context, d *roster.Draft) error
	GetDraft(ctx context.Context, id roster.ID) (roster.Draft, error)
	// ListDrafts returns a department's drafts, newest first, without
	// their Result.
	ListDrafts(ctx context.Context, departmentID roster.ID, limit int) ([]roster.Draft, error)
	// UpdateDraft writes a draft's status and results (optimistic
	// concurrency on Version).
	UpdateDraft(ctx context.Context, d *roster.Draft) error
	// FailRunningDrafts marks every running draft failed with message
	// (server start: their jobs died with the previous process) and
	// returns how many there were.
	FailRunningDrafts(ctx context.Context, message string) (int, error)
	// ReplaceAssignments deletes the assignments del (each at the version
	// given: a changed or missing one refuses the whole call with a
	// Conflict) and inserts add, with one audit entry noting note.
	ReplaceAssignments(ctx context.Context, del []roster.Assignment, add []roster.Assignment, note string) error
}

// Tx is everything a Store does, inside one transaction.
type Tx interface {
	Register
	Rota
	Accounts
	Planning
}

// Store is an open database.
type Store interface {
	Tx
	// InTx runs fn in one transaction: committed if fn returns nil, rolled
	// back otherwise (and if the process dies half way). Imports use it to
	// be all-or-nothing.
	InTx(ctx context.Context, fn func(tx Tx) error) error
	// Driver is "sqlite" or "postgres".
	Driver() string
	Close() error
}
