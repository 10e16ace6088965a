-- Articles and statements a unit publishes. Never updated or deleted: a
-- correction is a new article (R12).
CREATE TABLE articles (
	id        INTEGER PRIMARY KEY,
	org       BIGINT NOT NULL REFERENCES orgs(id),
	unit      BIGINT NOT NULL REFERENCES units(id),
	author    BIGINT NOT NULL REFERENCES members(id),
	kind      TEXT NOT NULL,
	byline    TEXT NOT NULL,
	title     TEXT NOT NULL,
	summary   TEXT NOT NULL,
	body      TEXT NOT NULL,
	public    BOOLEAN NOT NULL,
	published BIGINT NOT NULL
);
-- A unit's list, newest first, and an organization's latest public ones:
-- each one index range however many articles there are.
CREATE INDEX articles_unit ON articles (unit, published, id);
CREATE INDEX articles_org_public ON articles (org, published, id) WHERE public;
