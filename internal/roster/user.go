package roster

import (
	"context"
	"fmt"
	"time"
)

// Role of a user account.
type Role string

// Roles.
const (
	RoleAdmin     Role = "admin"     // runs the installation; sees the audit log
	RoleWorkforce Role = "workforce" // medical workforce manager, whole trust
	RoleLead      Role = "lead"      // department lead / rota coordinator, own departments
	RoleDoctor    Role = "doctor"    // a doctor: own rota and pay only
	RoleNational  Role = "national"  // national viewer: aggregates only, never individuals
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleWorkforce, RoleLead, RoleDoctor, RoleNational}

// ParseRole accepts a role name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q (one of admin, workforce, lead, doctor, national)", s)
}

// User is an account that can sign in.
type User struct {
	ID            ID     `json:"id"`
	Username      string `json:"username"`
	DisplayName   string `json:"display_name"`
	Role          Role   `json:"role"`
	OrgID         ID     `json:"org_id,omitempty"`         // 0 for national viewers and installation admins
	DoctorID      ID     `json:"doctor_id,omitempty"`      // the doctor a RoleDoctor user is
	DepartmentIDs []ID   `json:"department_ids,omitempty"` // the departments a RoleLead user leads
	// CanSeeUnion grants access to union membership (special-category data).
	CanSeeUnion  bool      `json:"can_see_union"`
	PasswordHash string    `json:"-"` // argon2id, PHC string format
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
	Version      int64     `json:"version"`
}

// Session is a signed-in browser session. Only a hash of the token is stored.
type Session struct {
	TokenHash string    `json:"-"`
	UserID    ID        `json:"user_id"`
	CSRFToken string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// AuditEntry records one change (or one read of special-category data):
// who, when, what, and the entity before and after as JSON.
type AuditEntry struct {
	ID       ID        `json:"id"`
	At       time.Time `json:"at"`
	ActorID  ID        `json:"actor_id"` // 0 = system (import, demo, migration)
	Actor    string    `json:"actor"`    // username at the time
	Action   string    `json:"action"`   // "create", "update", "delete", "read", "import", "sign_in", …
	Entity   string    `json:"entity"`   // "doctor", "assignment", "union_membership", …
	EntityID ID        `json:"entity_id"`
	Before   string    `json:"before,omitempty"` // JSON
	After    string    `json:"after,omitempty"`  // JSON
	Note     string    `json:"note,omitempty"`
}

// Actor is who is acting in a request: carried in the context so that the
// store can write the audit log in the same transaction as the change.
type Actor struct {
	UserID   ID
	Username string
}

type actorKey struct{}

// WithActor returns a context carrying the acting user.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the acting user, or the system actor.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Username: "system"}
}
