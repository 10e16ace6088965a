-- Notices (see plenum.NoticeStore). A notice to a unit is one row however
-- large the unit: a member's notices are found when they read, from their
-- memberships, through notices_unit; the To list of a notice to named members
-- is notice_to. mail_key and mail_member are how far the background delivery
-- of its email got (a position in the unit's directory, or in the To list by
-- member); mailed is set when it got through.
CREATE TABLE notices (
	id          INTEGER PRIMARY KEY,
	org         BIGINT NOT NULL REFERENCES orgs(id),
	unit        BIGINT REFERENCES units(id),
	kind        TEXT NOT NULL,
	subject     TEXT NOT NULL,
	text_key    TEXT NOT NULL,
	args        TEXT NOT NULL,
	link        TEXT NOT NULL,
	required    BOOLEAN NOT NULL,
	created     BIGINT NOT NULL,
	mail_key    TEXT COLLATE BINARY NOT NULL DEFAULT '',
	mail_member BIGINT NOT NULL DEFAULT 0,
	mailed      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX notices_unit ON notices (unit, id) WHERE unit IS NOT NULL;
CREATE INDEX notices_unmailed ON notices (id) WHERE NOT mailed;

CREATE TABLE notice_to (
	member BIGINT NOT NULL REFERENCES members(id),
	notice BIGINT NOT NULL REFERENCES notices(id),
	PRIMARY KEY (member, notice)
);
CREATE INDEX notice_to_notice ON notice_to (notice, member);

-- What each member read: single notices, and a mark below which all are read.
CREATE TABLE notice_reads (
	member BIGINT NOT NULL REFERENCES members(id),
	notice BIGINT NOT NULL REFERENCES notices(id),
	at     BIGINT NOT NULL,
	PRIMARY KEY (member, notice)
);
CREATE TABLE notice_marks (
	member BIGINT PRIMARY KEY REFERENCES members(id),
	upto   BIGINT NOT NULL
);

-- How each member receives each kind of notice; no row: immediately.
CREATE TABLE notice_deliveries (
	member   BIGINT NOT NULL REFERENCES members(id),
	kind     TEXT NOT NULL,
	delivery TEXT NOT NULL,
	since    BIGINT NOT NULL,
	PRIMARY KEY (member, kind)
);
-- The statements members turned off by an unsubscribe link are kept.
INSERT INTO notice_deliveries (member, kind, delivery, since)
	SELECT member, 'statement', 'off', since FROM mail_optouts WHERE kind = 'statements';

-- Notices waiting for a member's digest; a digest takes (deletes) its items
-- in the transaction that queues its email.
CREATE TABLE digest_items (
	member  BIGINT NOT NULL REFERENCES members(id),
	notice  BIGINT NOT NULL REFERENCES notices(id),
	cadence TEXT NOT NULL,
	queued  BIGINT NOT NULL,
	PRIMARY KEY (member, notice)
);
CREATE INDEX digest_items_due ON digest_items (cadence, member, queued);
