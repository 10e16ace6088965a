-- Disciplinary cases (rule R10). The decisions of bodies on a case are kept
-- as JSON (admission, interim, verdict, appeal): they are read with the
-- case, never queried; outcome and appeal_outcome are columns for the
-- statistics. due is when the case next moves on by the clock (the end of
-- the appeal period, of a suspension or of an interim measure), NULL when
-- nothing waits, so that the job runner finds due cases in one index range.
CREATE TABLE cases (
	id             INTEGER PRIMARY KEY,
	org            BIGINT NOT NULL REFERENCES orgs(id),
	unit           BIGINT NOT NULL REFERENCES units(id),
	body           BIGINT NOT NULL REFERENCES bodies(id),
	appeal_body    BIGINT REFERENCES bodies(id),
	accused        BIGINT NOT NULL REFERENCES members(id),
	member_unit    BIGINT NOT NULL REFERENCES units(id),
	provisions     TEXT NOT NULL, -- JSON array of texts
	charges        TEXT NOT NULL,
	related        BIGINT REFERENCES cases(id),
	status         TEXT NOT NULL,
	opened         BIGINT NOT NULL,
	admission      TEXT,
	reply_due      BIGINT,
	reply          TEXT NOT NULL,
	replied        BIGINT,
	assistant      BIGINT REFERENCES members(id),
	minutes        TEXT NOT NULL,
	heard          BIGINT,
	verdict        TEXT,
	appeal_due     BIGINT,
	appellant      BIGINT REFERENCES members(id),
	grounds        TEXT NOT NULL,
	appealed       BIGINT,
	appeal         TEXT,
	interim        TEXT,
	outcome        TEXT NOT NULL, -- '', dismissed, not_proven or proven: the final outcome
	appeal_outcome TEXT NOT NULL, -- '', upheld, varied or overturned
	due            BIGINT,
	effective      BIGINT
);
CREATE INDEX cases_member_unit ON cases (member_unit, id);
CREATE INDEX cases_accused ON cases (accused, id);
CREATE INDEX cases_due ON cases (due, id) WHERE due IS NOT NULL;

-- The accusers of a case, by case and, for each member's page, by member.
CREATE TABLE case_accusers (
	"case"  BIGINT NOT NULL REFERENCES cases(id),
	member  BIGINT NOT NULL REFERENCES members(id),
	seq     BIGINT NOT NULL, -- 0 for the member who filed the charges
	PRIMARY KEY ("case", member)
);
CREATE INDEX case_accusers_member ON case_accusers (member, "case");

-- Evidence files, kept in the database with their SHA-256 so that a backup
-- holds them and the record can name them.
CREATE TABLE case_files (
	id      INTEGER PRIMARY KEY,
	"case"  BIGINT NOT NULL REFERENCES cases(id),
	member  BIGINT NOT NULL REFERENCES members(id),
	name    TEXT NOT NULL,
	type    TEXT NOT NULL,
	size    BIGINT NOT NULL,
	sha256  BLOB NOT NULL,
	data    BLOB NOT NULL,
	added   BIGINT NOT NULL
);
CREATE INDEX case_files_case ON case_files ("case", id);
