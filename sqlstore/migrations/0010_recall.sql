-- Pay history of offices (rule R9), recall petitions and their signatures
-- (R5), and the term a recall vote is on.

-- office_pay is every office's pay over time, oldest first: the
-- constitution's pay at the founding, then each adopted pay decision.
-- offices.pay_* keep the current pay.
CREATE TABLE office_pay (
	id           INTEGER PRIMARY KEY,
	office       BIGINT NOT NULL REFERENCES offices(id),
	since        BIGINT NOT NULL,
	pay_minor    BIGINT,
	pay_currency TEXT,
	pay_period   TEXT,
	allowances   TEXT NOT NULL, -- JSON array of {name, minor, currency, period}
	decision     BIGINT         -- the adopted decision; NULL for the founding pay
);
CREATE INDEX office_pay_office ON office_pay (office, id);

-- The founding pay of the offices of organizations founded before the
-- history was kept.
INSERT INTO office_pay (office, since, pay_minor, pay_currency, pay_period, allowances)
	SELECT o.id, g.created, o.pay_minor, o.pay_currency, o.pay_period, '[]'
	FROM offices o JOIN units u ON u.id = o.unit JOIN orgs g ON g.id = u.org;

CREATE TABLE recalls (
	id          INTEGER PRIMARY KEY,
	org         BIGINT NOT NULL REFERENCES orgs(id),
	term        BIGINT NOT NULL REFERENCES terms(id),
	office      BIGINT NOT NULL REFERENCES offices(id),
	unit        BIGINT NOT NULL REFERENCES units(id),
	holder      BIGINT NOT NULL REFERENCES members(id),
	electorate  BIGINT NOT NULL REFERENCES units(id),
	opener      BIGINT NOT NULL REFERENCES members(id),
	reason      TEXT NOT NULL,
	eligible    BIGINT NOT NULL,
	needed      BIGINT NOT NULL,
	signatures  BIGINT NOT NULL,
	status      TEXT NOT NULL,
	opened      BIGINT NOT NULL,
	deadline    BIGINT NOT NULL,
	closed      BIGINT,
	election    BIGINT REFERENCES elections(id),
	majority    TEXT NOT NULL,
	turnout     BIGINT NOT NULL,
	yes         BIGINT NOT NULL,
	no          BIGINT NOT NULL,
	cooling_off BIGINT
);
CREATE INDEX recalls_term ON recalls (term, id);
CREATE INDEX recalls_holder ON recalls (holder, id);
CREATE INDEX recalls_unit ON recalls (unit, id);
CREATE UNIQUE INDEX recalls_election ON recalls (election) WHERE election IS NOT NULL;
CREATE INDEX recalls_open ON recalls (deadline, id) WHERE status = 'open';

CREATE TABLE recall_signatures (
	recall  BIGINT NOT NULL REFERENCES recalls(id),
	member  BIGINT NOT NULL REFERENCES members(id),
	receipt TEXT NOT NULL,
	signed  BIGINT NOT NULL,
	PRIMARY KEY (recall, member)
);

ALTER TABLE elections ADD COLUMN recalls BIGINT REFERENCES terms(id);
