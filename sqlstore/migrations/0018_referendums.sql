-- Referendums (issue: secret ballot for collective decisions): a motion put
-- to the active members of its unit by secret ballot, on demand of a share
-- of them (signatures, threshold fixed when the demand opens), by referral
-- of the body, or because the constitution puts its changes to the members.
-- The vote is an election whose subject is the motion (elections.motion),
-- with no office (see 0019).
CREATE TABLE referendums (
	id         INTEGER PRIMARY KEY,
	org        BIGINT NOT NULL REFERENCES orgs(id),
	motion     BIGINT NOT NULL REFERENCES motions(id),
	unit       BIGINT NOT NULL REFERENCES units(id),
	body       BIGINT NOT NULL REFERENCES bodies(id),
	via        TEXT NOT NULL,
	opener     BIGINT REFERENCES members(id),
	referral   BIGINT REFERENCES decisions(id),
	eligible   BIGINT NOT NULL,
	needed     BIGINT NOT NULL,
	signatures BIGINT NOT NULL,
	status     TEXT NOT NULL,
	opened     BIGINT NOT NULL,
	deadline   BIGINT,
	closed     BIGINT,
	election   BIGINT REFERENCES elections(id),
	majority   TEXT NOT NULL,
	turnout    BIGINT NOT NULL,
	yes        BIGINT NOT NULL,
	no         BIGINT NOT NULL,
	voters     BIGINT NOT NULL
);
CREATE INDEX referendums_motion ON referendums (motion, id);
CREATE UNIQUE INDEX referendums_election ON referendums (election) WHERE election IS NOT NULL;
CREATE INDEX referendums_demands ON referendums (deadline, id) WHERE status = 'demand';

CREATE TABLE referendum_signatures (
	referendum BIGINT NOT NULL REFERENCES referendums(id),
	member     BIGINT NOT NULL REFERENCES members(id),
	signed     BIGINT NOT NULL,
	PRIMARY KEY (referendum, member)
);

ALTER TABLE elections ADD COLUMN motion BIGINT REFERENCES motions(id);
ALTER TABLE constitution_versions ADD COLUMN referendum BIGINT REFERENCES referendums(id);
