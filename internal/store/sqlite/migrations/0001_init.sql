-- rotaguard schema, SQLite. Instants are INTEGER Unix seconds (UTC);
-- local dates are TEXT YYYY-MM-DD ('' = none). AUTOINCREMENT so that an id
-- named in the audit log is never reused.

CREATE TABLE organisations (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	code    TEXT NOT NULL DEFAULT '',
	name    TEXT NOT NULL,
	region  TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX organisations_code ON organisations (code) WHERE code <> '';

CREATE TABLE sites (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id  INTEGER NOT NULL REFERENCES organisations (id),
	name    TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX sites_org ON sites (org_id);

CREATE TABLE departments (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id    INTEGER NOT NULL REFERENCES organisations (id),
	site_id   INTEGER REFERENCES sites (id),
	name      TEXT NOT NULL,
	specialty TEXT NOT NULL DEFAULT '',
	version   INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX departments_org ON departments (org_id);

CREATE TABLE doctors (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	org_id         INTEGER NOT NULL REFERENCES organisations (id),
	department_id  INTEGER REFERENCES departments (id),
	gmc            TEXT NOT NULL,
	given_name     TEXT NOT NULL DEFAULT '',
	family_name    TEXT NOT NULL DEFAULT '',
	email          TEXT NOT NULL DEFAULT '',
	grade          TEXT NOT NULL,
	specialty      TEXT NOT NULL DEFAULT '',
	contract_kind  TEXT NOT NULL,
	tcs_version    TEXT NOT NULL DEFAULT '',
	nodal_point    INTEGER NOT NULL DEFAULT 0,
	band           TEXT NOT NULL DEFAULT '',
	scale_point    INTEGER NOT NULL DEFAULT 0,
	opt_out        INTEGER NOT NULL DEFAULT 0,
	ltft_percent   INTEGER NOT NULL DEFAULT 100,
	rotation_start TEXT NOT NULL DEFAULT '',
	rotation_end   TEXT NOT NULL DEFAULT '',
	renewal_date   TEXT NOT NULL DEFAULT '',
	status         TEXT NOT NULL DEFAULT 'active',
	version        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX doctors_gmc ON doctors (gmc);
CREATE INDEX doctors_org_name ON doctors (org_id, family_name, given_name);
CREATE INDEX doctors_department ON doctors (department_id);

-- Special-category data, kept apart from the register.
CREATE TABLE union_memberships (
	doctor_id   INTEGER PRIMARY KEY REFERENCES doctors (id) ON DELETE CASCADE,
	union_name  TEXT NOT NULL DEFAULT '',
	member      INTEGER NOT NULL DEFAULT 0,
	recorded_at INTEGER NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE shift_types (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	department_id  INTEGER NOT NULL REFERENCES departments (id),
	code           TEXT NOT NULL,
	name           TEXT NOT NULL DEFAULT '',
	start_minute   INTEGER NOT NULL,
	length_minutes INTEGER NOT NULL,
	kind           TEXT NOT NULL,
	colour         TEXT NOT NULL DEFAULT '',
	version        INTEGER NOT NULL DEFAULT 1,
	UNIQUE (department_id, code)
) STRICT;

CREATE TABLE rota_templates (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	department_id INTEGER NOT NULL REFERENCES departments (id),
	name          TEXT NOT NULL,
	weeks         INTEGER NOT NULL,
	lines         TEXT NOT NULL DEFAULT '[]', -- JSON array of arrays of shift codes
	version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX rota_templates_department ON rota_templates (department_id);

CREATE TABLE assignments (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	doctor_id     INTEGER NOT NULL REFERENCES doctors (id),
	department_id INTEGER REFERENCES departments (id),
	shift_type_id INTEGER REFERENCES shift_types (id),
	kind          TEXT NOT NULL,
	start_at      INTEGER NOT NULL,
	end_at        INTEGER NOT NULL,
	note          TEXT NOT NULL DEFAULT '',
	version       INTEGER NOT NULL DEFAULT 1,
	CHECK (end_at > start_at)
) STRICT;
CREATE INDEX assignments_department_start ON assignments (department_id, start_at);
CREATE INDEX assignments_doctor_start ON assignments (doctor_id, start_at);
CREATE INDEX assignments_shift_type ON assignments (shift_type_id) WHERE shift_type_id IS NOT NULL;

CREATE TABLE users (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	username       TEXT NOT NULL,
	display_name   TEXT NOT NULL DEFAULT '',
	role           TEXT NOT NULL,
	org_id         INTEGER REFERENCES organisations (id),
	doctor_id      INTEGER REFERENCES doctors (id) ON DELETE SET NULL,
	department_ids TEXT NOT NULL DEFAULT '[]', -- JSON array of department ids
	can_see_union  INTEGER NOT NULL DEFAULT 0,
	password_hash  TEXT NOT NULL DEFAULT '',
	disabled       INTEGER NOT NULL DEFAULT 0,
	created_at     INTEGER NOT NULL,
	version        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX users_username ON users (username);
CREATE INDEX users_doctor ON users (doctor_id) WHERE doctor_id IS NOT NULL;

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf_token TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	at          INTEGER NOT NULL,
	actor_id    INTEGER NOT NULL DEFAULT 0,
	actor       TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL,
	entity      TEXT NOT NULL,
	entity_id   INTEGER NOT NULL DEFAULT 0,
	before_json TEXT NOT NULL DEFAULT '',
	after_json  TEXT NOT NULL DEFAULT '',
	note        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);

-- Small facts the store keeps about its own data.
CREATE TABLE store_meta (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) STRICT;
INSERT INTO store_meta (key, value) VALUES ('max_assignment_seconds', 0);
