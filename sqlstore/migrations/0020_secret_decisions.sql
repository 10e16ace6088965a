-- A secret decision of a body is voted by the cryptographic ballot: an
-- election whose subject is the decision (elections.decides), with a roll
-- of the body's members, and the decision names it (decisions.election).
-- Secret decisions of older databases have no election: they keep the
-- tally the server kept as each vote came (see docs/decisions.md).
ALTER TABLE elections ADD COLUMN decides BIGINT REFERENCES decisions(id);
ALTER TABLE decisions ADD COLUMN election BIGINT REFERENCES elections(id);
