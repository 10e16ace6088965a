-- A referendum's election has no office; a constitution version a
-- referendum adopted has no decision of a body. SQLite changes a column's
-- constraint by rebuilding the table (its documented procedure: the
-- migration runs with foreign keys off and checks them before it commits).
CREATE TABLE elections_new (
	id                INTEGER PRIMARY KEY,
	org               BIGINT NOT NULL REFERENCES orgs(id),
	office            BIGINT REFERENCES offices(id),
	unit              BIGINT NOT NULL REFERENCES units(id),
	electorate        BIGINT NOT NULL REFERENCES units(id),
	seats             BIGINT NOT NULL,
	method            TEXT NOT NULL,
	status            TEXT NOT NULL,
	nominations_open  BIGINT NOT NULL,
	nominations_close BIGINT NOT NULL,
	voting_open       BIGINT NOT NULL,
	voting_close      BIGINT NOT NULL,
	challenge_days    BIGINT NOT NULL,
	min_candidates    BIGINT NOT NULL,
	extension_days    BIGINT NOT NULL,
	seconders         BIGINT NOT NULL,
	extensions        BIGINT NOT NULL,
	by_election       BOOLEAN NOT NULL,
	vacated           BIGINT REFERENCES terms(id),
	term_end          BIGINT,
	decision_body     BIGINT REFERENCES bodies(id),
	decision_ref      TEXT NOT NULL,
	created           BIGINT NOT NULL,
	due               BIGINT,
	recalls           BIGINT REFERENCES terms(id),
	hold              TEXT NOT NULL DEFAULT '',
	revote            BOOLEAN NOT NULL DEFAULT FALSE,
	certified         BIGINT,
	motion            BIGINT REFERENCES motions(id)
);
INSERT INTO elections_new (id, org, office, unit, electorate, seats, method, status,
	nominations_open, nominations_close, voting_open, voting_close, challenge_days,
	min_candidates, extension_days, seconders, extensions, by_election, vacated, term_end,
	decision_body, decision_ref, created, due, recalls, hold, revote, certified, motion)
SELECT id, org, office, unit, electorate, seats, method, status,
	nominations_open, nominations_close, voting_open, voting_close, challenge_days,
	min_candidates, extension_days, seconders, extensions, by_election, vacated, term_end,
	decision_body, decision_ref, created, due, recalls, hold, revote, certified, motion FROM elections;
DROP TABLE elections;
ALTER TABLE elections_new RENAME TO elections;
CREATE INDEX elections_unit ON elections (unit, id);
CREATE INDEX elections_office ON elections (office, id);
CREATE INDEX elections_due ON elections (due, id) WHERE due IS NOT NULL;

CREATE TABLE constitution_versions_new (
	org        BIGINT NOT NULL REFERENCES orgs(id),
	version    BIGINT NOT NULL,
	source     TEXT NOT NULL,
	previous   TEXT NOT NULL,
	decision   BIGINT REFERENCES decisions(id),
	adopted    BIGINT NOT NULL,
	referendum BIGINT REFERENCES referendums(id),
	PRIMARY KEY (org, version)
);
INSERT INTO constitution_versions_new (org, version, source, previous, decision, adopted, referendum)
SELECT org, version, source, previous, decision, adopted, referendum FROM constitution_versions;
DROP TABLE constitution_versions;
ALTER TABLE constitution_versions_new RENAME TO constitution_versions;
