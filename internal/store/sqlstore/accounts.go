package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rotaguard/rotaguard/internal/roster"
	"github.com/rotaguard/rotaguard/internal/store"
)

// Users.

const userCols = `id, username, display_name, role, org_id, doctor_id, department_ids, can_see_union, password_hash, disabled, created_at, version`

func scanUser(r scanner) (roster.User, error) {
	var u roster.User
	var org, doc sql.Null[int64]
	var depts string
	var created int64
	if err := r.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &org, &doc, &depts, &u.CanSeeUnion, &u.PasswordHash, &u.Disabled, &created, &u.Version); err != nil {
		return u, err
	}
	u.OrgID, u.DoctorID, u.CreatedAt = org.V, doc.V, fromUnix(created)
	if depts != "" && depts != "[]" {
		if err := json.Unmarshal([]byte(depts), &u.DepartmentIDs); err != nil {
			return u, err
		}
	}
	return u, nil
}

func validateUser(u *roster.User) error {
	var errs []error
	u.Username = strings.TrimSpace(u.Username)
	if u.Username == "" {
		errs = append(errs, roster.FieldErrorf("username", "a user needs a username"))
	} else if strings.ContainsAny(u.Username, " \t\r\n") {
		errs = append(errs, roster.FieldErrorf("username", "username %q must not contain spaces", u.Username))
	}
	if _, err := roster.ParseRole(string(u.Role)); err != nil {
		errs = append(errs, roster.FieldErrorf("role", "%v", err))
	}
	if u.Role == roster.RoleDoctor && u.DoctorID == 0 {
		errs = append(errs, roster.FieldErrorf("doctor_id", "a doctor's account must name the doctor it belongs to"))
	}
	return errors.Join(errs...)
}

// checkUserScope checks in tx that the departments a user leads exist and,
// like the doctor a doctor's account is, belong to the user's organisation.
func (o *ops) checkUserScope(ctx context.Context, tx *sql.Tx, u *roster.User) error {
	var errs []error
	for _, id := range u.DepartmentIDs {
		var org roster.ID
		err := tx.QueryRowContext(ctx, `SELECT org_id FROM departments WHERE id = $1`, id).Scan(&org)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			errs = append(errs, roster.FieldErrorf("department_ids", "department %d does not exist", id))
		case err != nil:
			return o.s.mapErr(err, nil)
		case u.OrgID != 0 && org != u.OrgID:
			errs = append(errs, roster.FieldErrorf("department_ids", "department %d belongs to organisation %d, not %d", id, org, u.OrgID))
		}
	}
	if u.DoctorID != 0 && u.OrgID != 0 {
		var org roster.ID
		err := tx.QueryRowContext(ctx, `SELECT org_id FROM doctors WHERE id = $1`, u.DoctorID).Scan(&org)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			errs = append(errs, roster.FieldErrorf("doctor_id", "doctor %d does not exist", u.DoctorID))
		case err != nil:
			return o.s.mapErr(err, nil)
		case org != u.OrgID:
			errs = append(errs, roster.FieldErrorf("doctor_id", "doctor %d belongs to organisation %d, not %d", u.DoctorID, org, u.OrgID))
		}
	}
	return errors.Join(errs...)
}

func userMessages(u *roster.User) *constraintMessages {
	return &constraintMessages{
		unique: &roster.Error{Code: roster.Conflict, Field: "username",
			Message: fmt.Sprintf("username %q is already taken", u.Username)},
		foreignKey: &roster.Error{Code: roster.Invalid, Field: "org_id",
			Message: fmt.Sprintf("organisation %d or doctor %d does not exist", u.OrgID, u.DoctorID)},
	}
}

func deptJSON(ids []roster.ID) string {
	if len(ids) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

func (o *ops) CreateUser(ctx context.Context, u *roster.User) error {
	c := *u
	if err := validateUser(&c); err != nil {
		return err
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = o.s.now()
	}
	c.CreatedAt = c.CreatedAt.Truncate(time.Second).UTC()
	c.Version = 1
	err := o.write(ctx, func(tx *sql.Tx) error {
		if err := o.checkUserScope(ctx, tx, &c); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (username, display_name, role, org_id, doctor_id, department_ids, can_see_union, password_hash, disabled, created_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1) RETURNING id`,
			c.Username, c.DisplayName, string(c.Role), nullID(c.OrgID), nullID(c.DoctorID), deptJSON(c.DepartmentIDs), c.CanSeeUnion, c.PasswordHash, c.Disabled, unix(c.CreatedAt)).Scan(&c.ID)
		if err != nil {
			return o.s.mapErr(err, userMessages(&c))
		}
		return o.audit(ctx, tx, "create", "user", c.ID, nil, c, "")
	})
	if err == nil {
		*u = c
	}
	return err
}

func (o *ops) getUser(ctx context.Context, q querier, id roster.ID) (roster.User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, notFound("user", id)
	}
	return u, o.s.mapErr(err, nil)
}

func (o *ops) GetUser(ctx context.Context, id roster.ID) (roster.User, error) {
	return o.getUser(ctx, o.q(), id)
}

func (o *ops) GetUserByUsername(ctx context.Context, username string) (roster.User, error) {
	u, err := scanUser(o.q().QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = $1`, strings.TrimSpace(username)))
	if errors.Is(err, sql.ErrNoRows) {
		return u, roster.Errorf(roster.NotFound, "no user called %q", username)
	}
	return u, o.s.mapErr(err, nil)
}

func (o *ops) ListUsers(ctx context.Context) ([]roster.User, error) {
	return list(ctx, o, `SELECT `+userCols+` FROM users ORDER BY username`, nil, scanUser)
}

func (o *ops) UpdateUser(ctx context.Context, u *roster.User) error {
	after := *u
	if err := validateUser(&after); err != nil {
		return err
	}
	err := o.write(ctx, func(tx *sql.Tx) error {
		before, err := o.getUser(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		if err := checkVersion("user", u.ID, u.Version, before.Version); err != nil {
			return err
		}
		if err := o.checkUserScope(ctx, tx, &after); err != nil {
			return err
		}
		after.Version = before.Version + 1
		after.CreatedAt = before.CreatedAt
		res, err := tx.ExecContext(ctx, `UPDATE users SET username = $1, display_name = $2, role = $3, org_id = $4, doctor_id = $5, department_ids = $6,
			can_see_union = $7, password_hash = $8, disabled = $9, version = version + 1 WHERE id = $10 AND version = $11`,
			after.Username, after.DisplayName, string(after.Role), nullID(after.OrgID), nullID(after.DoctorID), deptJSON(after.DepartmentIDs),
			after.CanSeeUnion, after.PasswordHash, after.Disabled, u.ID, u.Version)
		if err := o.s.updated(res, o.s.mapErr(err, userMessages(&after)), "user", u.ID, u.Version); err != nil {
			return err
		}
		note := ""
		if after.PasswordHash != before.PasswordHash {
			note = "password changed"
		}
		return o.audit(ctx, tx, "update", "user", u.ID, before, after, note)
	})
	if err == nil {
		*u = after
	}
	return err
}

// Sessions. Creating and ending sessions is not audited here: the auth
// package records sign-ins and sign-outs with AddAudit, and the token hash
// must never reach the log.

func (o *ops) CreateSession(ctx context.Context, s roster.Session) error {
	if s.TokenHash == "" || s.UserID == 0 {
		return roster.Errorf(roster.Invalid, "a session needs a token hash and a user")
	}
	return o.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			s.TokenHash, s.UserID, s.CSRFToken, unix(s.CreatedAt), unix(s.ExpiresAt))
		return o.s.mapErr(err, &constraintMessages{
			unique:     roster.Errorf(roster.Conflict, "a session with this token already exists"),
			foreignKey: notFound("user", s.UserID).(*roster.Error)})
	})
}

func (o *ops) GetSession(ctx context.Context, tokenHash string) (roster.Session, error) {
	var s roster.Session
	var created, expires int64
	err := o.q().QueryRowContext(ctx, `SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = $1`, tokenHash).
		Scan(&s.TokenHash, &s.UserID, &s.CSRFToken, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return s, roster.Errorf(roster.NotFound, "no such session")
	}
	s.CreatedAt, s.ExpiresAt = fromUnix(created), fromUnix(expires)
	return s, o.s.mapErr(err, nil)
}

func (o *ops) DeleteSession(ctx context.Context, tokenHash string) error {
	return o.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
		return o.s.mapErr(err, nil)
	})
}

// DeleteExpiredSessions removes sessions whose expiry is at or before now.
func (o *ops) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	return o.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, unix(now))
		return o.s.mapErr(err, nil)
	})
}

// Audit log.

func (o *ops) AddAudit(ctx context.Context, e roster.AuditEntry) error {
	if e.Action == "" || e.Entity == "" {
		return roster.Errorf(roster.Invalid, "an audit entry needs an action and an entity")
	}
	return o.write(ctx, func(tx *sql.Tx) error { return o.insertAudit(ctx, tx, e) })
}

// ListAudit returns entries newest first.
func (o *ops) ListAudit(ctx context.Context, f store.AuditFilter) ([]roster.AuditEntry, error) {
	var w where
	if f.Entity != "" {
		w.add("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		w.add("entity_id = ?", f.EntityID)
	}
	if f.ActorID != 0 {
		w.add("actor_id = ?", f.ActorID)
	}
	q := `SELECT id, at, actor_id, actor, action, entity, entity_id, before_json, after_json, note FROM audit_log` + w.String() + ` ORDER BY id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ` + w.next(f.Limit)
	}
	if f.Offset > 0 {
		if f.Limit <= 0 {
			q += ` LIMIT ` + w.next(int64(1)<<62)
		}
		q += ` OFFSET ` + w.next(f.Offset)
	}
	return list(ctx, o, q, w.args, func(r scanner) (roster.AuditEntry, error) {
		var e roster.AuditEntry
		var at int64
		err := r.Scan(&e.ID, &at, &e.ActorID, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.Note)
		e.At = fromUnix(at)
		return e, err
	})
}
