-- Members' motions to bodies (R6), their supporters, debate and amendments,
-- and the versions of constitutions that decisions put in force (R7).
-- due is when the motion next moves on by the clock: the end of its support
-- period, or the date the body must decide by until it is flagged; NULL
-- when it waits for nothing.
CREATE TABLE motions (
	id            INTEGER PRIMARY KEY,
	org           BIGINT NOT NULL REFERENCES orgs(id),
	unit          BIGINT NOT NULL REFERENCES units(id),
	body          BIGINT NOT NULL REFERENCES bodies(id),
	kind          TEXT NOT NULL,
	title         TEXT NOT NULL,
	text          TEXT NOT NULL,
	reason        TEXT NOT NULL,
	original      TEXT NOT NULL,
	author        BIGINT NOT NULL REFERENCES members(id),
	phase         TEXT NOT NULL,
	tabled        BOOLEAN NOT NULL,
	support       BIGINT NOT NULL,
	needed        BIGINT NOT NULL,
	target        BIGINT REFERENCES decisions(id),
	decision      BIGINT REFERENCES decisions(id),
	flagged       BOOLEAN NOT NULL,
	created       BIGINT NOT NULL,
	submitted     BIGINT,
	support_until BIGINT,
	admitted      BIGINT,
	decide_by     BIGINT,
	due           BIGINT
);
CREATE INDEX motions_body ON motions (body, id);
CREATE INDEX motions_author ON motions (author, id);
CREATE INDEX motions_due ON motions (due, id) WHERE due IS NOT NULL;

CREATE TABLE motion_supporters (
	motion  BIGINT NOT NULL REFERENCES motions(id),
	member  BIGINT NOT NULL REFERENCES members(id),
	sponsor BOOLEAN NOT NULL,
	at      BIGINT NOT NULL,
	PRIMARY KEY (motion, member)
);

CREATE TABLE comments (
	id      INTEGER PRIMARY KEY,
	motion  BIGINT NOT NULL REFERENCES motions(id),
	author  BIGINT NOT NULL REFERENCES members(id),
	parent  BIGINT REFERENCES comments(id),
	quote   TEXT NOT NULL,
	text    TEXT NOT NULL,
	created BIGINT NOT NULL,
	edited  BIGINT,
	hidden  BIGINT REFERENCES decisions(id),
	reason  TEXT NOT NULL
);
CREATE INDEX comments_motion ON comments (motion, id);

-- The earlier texts of edited comments: nothing said is lost.
CREATE TABLE comment_versions (
	comment BIGINT NOT NULL REFERENCES comments(id),
	text    TEXT NOT NULL,
	until   BIGINT NOT NULL
);
CREATE INDEX comment_versions_comment ON comment_versions (comment, until);

CREATE TABLE amendments (
	id          INTEGER PRIMARY KEY,
	motion      BIGINT NOT NULL REFERENCES motions(id),
	author      BIGINT NOT NULL REFERENCES members(id),
	passage     TEXT NOT NULL,
	replacement TEXT NOT NULL,
	reason      TEXT NOT NULL,
	status      TEXT NOT NULL,
	decision    BIGINT REFERENCES decisions(id),
	created     BIGINT NOT NULL
);
CREATE INDEX amendments_motion ON amendments (motion, id);

CREATE TABLE constitution_versions (
	org      BIGINT NOT NULL REFERENCES orgs(id),
	version  BIGINT NOT NULL,
	source   TEXT NOT NULL,
	previous TEXT NOT NULL,
	decision BIGINT NOT NULL REFERENCES decisions(id),
	adopted  BIGINT NOT NULL,
	PRIMARY KEY (org, version)
);
