-- The secret ballot of elections (rule R3). An election's record, the
-- directory of event files that `plenum verify` checks, is kept one event
-- per row; hash is the SHA-256 of file, the next event's parent.
ALTER TABLE elections ADD COLUMN hold TEXT NOT NULL DEFAULT '';
ALTER TABLE elections ADD COLUMN revote BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE elections ADD COLUMN certified BIGINT;

CREATE TABLE ballot_events (
	election BIGINT NOT NULL REFERENCES elections(id),
	height   BIGINT NOT NULL,
	type     TEXT NOT NULL,
	file     BLOB NOT NULL,
	hash     BLOB NOT NULL,
	PRIMARY KEY (election, height)
);

-- The trustees of an election, numbered from 1, and what they sent for the
-- key ceremony and the tally before it went into the record.
CREATE TABLE election_trustees (
	election BIGINT NOT NULL REFERENCES elections(id),
	idx      BIGINT NOT NULL,
	member   BIGINT NOT NULL REFERENCES members(id),
	PRIMARY KEY (election, idx)
);

CREATE TABLE trustee_messages (
	election BIGINT NOT NULL REFERENCES elections(id),
	trustee  BIGINT NOT NULL,
	step     TEXT NOT NULL,
	data     BLOB NOT NULL,
	sent     BIGINT NOT NULL,
	PRIMARY KEY (election, trustee, step)
);

-- The voters' roll: one public credential per member, and the secret one
-- when plenum issued it (NULL when the member registered their own). Who
-- voted is kept here and shown to that member only.
CREATE TABLE voters (
	election   BIGINT NOT NULL REFERENCES elections(id),
	member     BIGINT NOT NULL REFERENCES members(id),
	credential BLOB NOT NULL,
	secret     BLOB,
	voted      BIGINT,
	ballots    BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (election, member),
	UNIQUE (election, credential)
);

-- Every tracker of a cast or audited ballot: no ballot twice, and a voter
-- can look theirs up.
CREATE TABLE ballot_trackers (
	election BIGINT NOT NULL REFERENCES elections(id),
	tracker  BLOB NOT NULL,
	audit    BOOLEAN NOT NULL,
	height   BIGINT NOT NULL,
	at       BIGINT NOT NULL,
	PRIMARY KEY (election, tracker)
);
