-- Elections and their nominations (rules R1, R2, R9). An election's rules
-- are copied from the constitution when it is scheduled. due is when the
-- election next moves on by the clock, NULL when it waits for something
-- else, so that the job runner finds due elections in one index range.
CREATE TABLE elections (
	id                INTEGER PRIMARY KEY,
	org               BIGINT NOT NULL REFERENCES orgs(id),
	office            BIGINT NOT NULL REFERENCES offices(id),
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
	due               BIGINT
);
CREATE INDEX elections_unit ON elections (unit, id);
CREATE INDEX elections_office ON elections (office, id);
CREATE INDEX elections_due ON elections (due, id) WHERE due IS NOT NULL;

CREATE TABLE nominations (
	id        INTEGER PRIMARY KEY,
	election  BIGINT NOT NULL REFERENCES elections(id),
	nominee   BIGINT NOT NULL REFERENCES members(id),
	nominator BIGINT NOT NULL REFERENCES members(id),
	status    TEXT NOT NULL,
	statement TEXT NOT NULL,
	created   BIGINT NOT NULL,
	decided   BIGINT,
	UNIQUE (election, nominee)
);
CREATE INDEX nominations_nominee ON nominations (nominee, id);

CREATE TABLE nomination_seconders (
	nomination BIGINT NOT NULL REFERENCES nominations(id),
	member     BIGINT NOT NULL REFERENCES members(id),
	seconded   BIGINT NOT NULL,
	PRIMARY KEY (nomination, member)
);

-- Running terms by scheduled end, for scheduling the elections of terms
-- about to end.
CREATE INDEX terms_running_end ON terms ("end") WHERE reason = '';
