-- Members flagged for holding two incompatible offices (rule R9), who must
-- resign one by the deadline.
CREATE TABLE incompatibilities (
	id         INTEGER PRIMARY KEY,
	org        BIGINT NOT NULL REFERENCES orgs(id),
	member     BIGINT NOT NULL REFERENCES members(id),
	held       BIGINT NOT NULL REFERENCES terms(id),
	gained     BIGINT NOT NULL REFERENCES terms(id),
	flagged    BIGINT NOT NULL,
	deadline   BIGINT NOT NULL,
	resolved   BIGINT,
	resolution TEXT NOT NULL,
	UNIQUE (held, gained)
);
CREATE INDEX incompatibilities_member ON incompatibilities (member, id);
CREATE INDEX incompatibilities_open ON incompatibilities (deadline, id) WHERE resolved IS NULL;
