-- outbox holds email until it is sent: a message is inserted in the
-- transaction of the change that calls for it, and workers on any node claim
-- due messages under a lease (see package mail). Rows are kept after sending
-- or giving up, with the last error, for the operator.
CREATE TABLE outbox (
	id          INTEGER PRIMARY KEY,
	message_id  TEXT NOT NULL UNIQUE,
	kind        TEXT NOT NULL,
	recipient   TEXT NOT NULL,
	subject     TEXT NOT NULL,
	text_body   TEXT NOT NULL,
	html_body   TEXT NOT NULL,
	unsubscribe TEXT NOT NULL,
	lang        TEXT NOT NULL,
	created     BIGINT NOT NULL,
	due         BIGINT NOT NULL,
	attempts    BIGINT NOT NULL DEFAULT 0,
	lease_token TEXT NOT NULL DEFAULT '',
	lease_until BIGINT NOT NULL DEFAULT 0,
	last_error  TEXT NOT NULL DEFAULT '',
	sent        BIGINT NOT NULL DEFAULT 0,
	gave_up     BIGINT NOT NULL DEFAULT 0
);
-- Only messages still to send are indexed, so claiming stays one short index
-- range however many messages were ever sent.
CREATE INDEX outbox_pending ON outbox (due, id) WHERE sent = 0 AND gave_up = 0;
