-- The schema of plenum. Times are microseconds since 1970 UTC (BIGINT), so
-- that both databases keep them exactly. Written once for SQLite and
-- PostgreSQL: on PostgreSQL "INTEGER PRIMARY KEY" becomes an identity column,
-- "BLOB" becomes BYTEA and "COLLATE BINARY" becomes COLLATE "C" (see dialect.go).

CREATE TABLE orgs (
	id           INTEGER PRIMARY KEY,
	slug         TEXT NOT NULL UNIQUE,
	name         TEXT NOT NULL,
	constitution TEXT NOT NULL,
	created      BIGINT NOT NULL
);

CREATE TABLE units (
	id     INTEGER PRIMARY KEY,
	org    BIGINT NOT NULL REFERENCES orgs(id),
	parent BIGINT REFERENCES units(id),
	name   TEXT NOT NULL,
	path   TEXT COLLATE BINARY NOT NULL,
	depth  BIGINT NOT NULL,
	leaf   BOOLEAN NOT NULL,
	UNIQUE (org, path)
);
CREATE INDEX units_parent ON units (parent, name);

-- unit_ancestors holds one row per unit and each of its ancestors, so that a
-- unit's subtree or ancestry is one index lookup however deep the tree.
CREATE TABLE unit_ancestors (
	ancestor BIGINT NOT NULL REFERENCES units(id),
	unit     BIGINT NOT NULL REFERENCES units(id),
	depth    BIGINT NOT NULL, -- the ancestor's depth
	PRIMARY KEY (ancestor, unit)
);
CREATE INDEX unit_ancestors_unit ON unit_ancestors (unit, depth);

CREATE TABLE bodies (
	id          INTEGER PRIMARY KEY,
	unit        BIGINT NOT NULL REFERENCES units(id),
	name        TEXT NOT NULL,
	all_members BOOLEAN NOT NULL,
	seats       BIGINT NOT NULL,
	method      TEXT NOT NULL,
	term_months BIGINT NOT NULL,
	term_limit  BIGINT NOT NULL,
	UNIQUE (unit, name)
);

CREATE TABLE offices (
	id           INTEGER PRIMARY KEY,
	unit         BIGINT NOT NULL REFERENCES units(id),
	body         BIGINT REFERENCES bodies(id),
	name         TEXT NOT NULL,
	seats        BIGINT NOT NULL,
	method       TEXT NOT NULL,
	term_months  BIGINT NOT NULL,
	term_limit   BIGINT NOT NULL,
	pay_minor    BIGINT,
	pay_currency TEXT,
	pay_period   TEXT,
	incompatible TEXT NOT NULL, -- JSON array of office names
	UNIQUE (unit, name)
);

CREATE TABLE members (
	id       INTEGER PRIMARY KEY,
	org      BIGINT NOT NULL REFERENCES orgs(id),
	name     TEXT NOT NULL,
	email    TEXT NOT NULL,
	number   TEXT NOT NULL, -- '' for none
	joined   BIGINT NOT NULL,
	UNIQUE (org, email)
);
CREATE UNIQUE INDEX members_number ON members (org, number) WHERE number <> '';

CREATE TABLE memberships (
	member BIGINT NOT NULL REFERENCES members(id),
	unit   BIGINT NOT NULL REFERENCES units(id),
	status TEXT NOT NULL,
	since  BIGINT NOT NULL,
	PRIMARY KEY (member, unit)
);

-- member_units is the directory index: one row per member and each unit of
-- their leaf units' ancestry, ordered by name, so that a page of any unit's
-- directory is one index range. It is derived from memberships, written in
-- the same transactions, and has no foreign keys of its own: checking two
-- per row made imports into PostgreSQL several times slower.
CREATE TABLE member_units (
	unit     BIGINT NOT NULL,
	sort_key TEXT COLLATE BINARY NOT NULL,
	member   BIGINT NOT NULL,
	PRIMARY KEY (unit, sort_key, member)
);

CREATE TABLE terms (
	id        INTEGER PRIMARY KEY,
	office    BIGINT NOT NULL REFERENCES offices(id),
	holder    BIGINT NOT NULL REFERENCES members(id),
	start     BIGINT NOT NULL,
	"end"     BIGINT NOT NULL,
	ended     BIGINT,
	reason    TEXT NOT NULL,
	founding  BOOLEAN NOT NULL
);
CREATE INDEX terms_office ON terms (office, "end");
CREATE INDEX terms_holder ON terms (holder, start);

CREATE TABLE accounts (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	member        BIGINT UNIQUE REFERENCES members(id),
	operator      BOOLEAN NOT NULL,
	created       BIGINT NOT NULL
);

CREATE TABLE invitations (
	id         INTEGER PRIMARY KEY,
	member     BIGINT NOT NULL REFERENCES members(id),
	token_hash BLOB NOT NULL UNIQUE,
	created_by TEXT NOT NULL,
	created    BIGINT NOT NULL,
	expires    BIGINT NOT NULL,
	used       BIGINT
);

CREATE TABLE sessions (
	token_hash BLOB PRIMARY KEY,
	account    BIGINT NOT NULL REFERENCES accounts(id),
	created    BIGINT NOT NULL,
	expires    BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account);

-- The record (R12): append-only. org and unit keep the entry's text exactly,
-- and payload the exact bytes of its JSON, because the hash covers them.
CREATE TABLE record (
	seq      BIGINT PRIMARY KEY,
	time     BIGINT NOT NULL,
	type     TEXT NOT NULL,
	actor    TEXT NOT NULL,
	org      TEXT NOT NULL,
	unit     TEXT NOT NULL,
	internal BOOLEAN NOT NULL,
	payload  TEXT NOT NULL,
	prev     BLOB NOT NULL,
	hash     BLOB NOT NULL,
	sig      BLOB NOT NULL
);
CREATE INDEX record_org ON record (org, seq);
CREATE INDEX record_unit ON record (unit, seq);
CREATE INDEX record_type ON record (type, seq);
CREATE INDEX record_org_type ON record (org, type, seq);

-- record_lock has one row; PostgreSQL appends lock it (SELECT ... FOR UPDATE)
-- so that appends are serialized. It also keeps the record's public key.
CREATE TABLE record_lock (
	id  BIGINT PRIMARY KEY,
	key BLOB
);
INSERT INTO record_lock (id) VALUES (1);
