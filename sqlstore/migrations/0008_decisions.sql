-- Decisions of bodies (R7): a vote of the body's members on a proposal,
-- with its tally kept up to date as votes are cast and its quorum figures
-- written when it closes. payload is the JSON the decision's kind needs,
-- recused a JSON array of member IDs. due is the deadline while the vote
-- runs, NULL once it has closed, so that the job runner finds the votes
-- to close in one index range.
CREATE TABLE decisions (
	id              INTEGER PRIMARY KEY,
	org             BIGINT NOT NULL REFERENCES orgs(id),
	body            BIGINT NOT NULL REFERENCES bodies(id),
	unit            BIGINT NOT NULL REFERENCES units(id),
	kind            TEXT NOT NULL,
	subject         TEXT NOT NULL,
	title           TEXT NOT NULL,
	text            TEXT NOT NULL,
	payload         TEXT NOT NULL,
	secret          BOOLEAN NOT NULL,
	internal        BOOLEAN NOT NULL,
	status          TEXT NOT NULL,
	recused         TEXT NOT NULL,
	yes             BIGINT NOT NULL,
	no              BIGINT NOT NULL,
	abstain         BIGINT NOT NULL,
	quorum_seats    BIGINT NOT NULL,
	quorum_recused  BIGINT NOT NULL,
	quorum_eligible BIGINT NOT NULL,
	quorum_percent  BIGINT NOT NULL,
	quorum_needed   BIGINT NOT NULL,
	quorum_voted    BIGINT NOT NULL,
	quorum_met      BOOLEAN NOT NULL,
	proposer        BIGINT REFERENCES members(id),
	opened          BIGINT NOT NULL,
	deadline        BIGINT NOT NULL,
	closed          BIGINT,
	due             BIGINT
);
CREATE INDEX decisions_body ON decisions (body, id);
CREATE INDEX decisions_subject ON decisions (subject, id) WHERE subject <> '';
CREATE INDEX decisions_due ON decisions (due, id) WHERE due IS NOT NULL;

-- One row per member who voted; choice is '' on a secret decision, where
-- the store keeps that the member voted, not how.
CREATE TABLE decision_votes (
	decision BIGINT NOT NULL REFERENCES decisions(id),
	member   BIGINT NOT NULL REFERENCES members(id),
	choice   TEXT NOT NULL,
	cast_at  BIGINT NOT NULL,
	PRIMARY KEY (decision, member)
);
-- A member's roll-call votes, newest first, for their record page.
CREATE INDEX decision_votes_member ON decision_votes (member, cast_at) WHERE choice <> '';

CREATE TABLE decision_dissents (
	decision BIGINT NOT NULL REFERENCES decisions(id),
	member   BIGINT NOT NULL REFERENCES members(id),
	text     TEXT NOT NULL,
	created  BIGINT NOT NULL,
	PRIMARY KEY (decision, member)
);
