-- The kinds of email each member has turned off (by the unsubscribe link of
-- a message, or on their profile). A row means "send me none of this kind".
CREATE TABLE mail_optouts (
	member BIGINT NOT NULL REFERENCES members(id),
	kind   TEXT NOT NULL,
	since  BIGINT NOT NULL,
	PRIMARY KEY (member, kind)
);
