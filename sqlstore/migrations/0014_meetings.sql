-- Meetings of bodies: agenda, attendance (which drives the quorum of the
-- votes taken in them), speakers' lists and minutes; and the chair each
-- body elects.
CREATE TABLE meetings (
	id       INTEGER PRIMARY KEY,
	org      BIGINT NOT NULL REFERENCES orgs(id),
	body     BIGINT NOT NULL REFERENCES bodies(id),
	unit     BIGINT NOT NULL REFERENCES units(id),
	title    TEXT NOT NULL,
	place    TEXT NOT NULL,
	starts   BIGINT NOT NULL,
	status   TEXT NOT NULL,
	opened   BIGINT,
	closed   BIGINT,
	minutes  TEXT NOT NULL,
	approved BIGINT REFERENCES decisions(id)
);
CREATE INDEX meetings_body ON meetings (body, starts);

CREATE TABLE agenda_items (
	id       INTEGER PRIMARY KEY,
	meeting  BIGINT NOT NULL REFERENCES meetings(id),
	position BIGINT NOT NULL,
	title    TEXT NOT NULL,
	motion   BIGINT REFERENCES motions(id)
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting, position);

CREATE TABLE attendance (
	meeting BIGINT NOT NULL REFERENCES meetings(id),
	member  BIGINT NOT NULL REFERENCES members(id),
	arrived BIGINT NOT NULL,
	left_at BIGINT,
	by_member BIGINT NOT NULL REFERENCES members(id),
	PRIMARY KEY (meeting, member)
);
CREATE INDEX attendance_member ON attendance (member, arrived);

CREATE TABLE speakers (
	item   BIGINT NOT NULL REFERENCES agenda_items(id),
	member BIGINT NOT NULL REFERENCES members(id),
	added  BIGINT NOT NULL,
	spoke  BIGINT
);
CREATE INDEX speakers_item ON speakers (item, added);

CREATE TABLE body_chairs (
	body     BIGINT PRIMARY KEY REFERENCES bodies(id),
	member   BIGINT NOT NULL REFERENCES members(id),
	decision BIGINT NOT NULL REFERENCES decisions(id),
	since    BIGINT NOT NULL
);

ALTER TABLE decisions ADD COLUMN meeting BIGINT REFERENCES meetings(id);
ALTER TABLE decisions ADD COLUMN quorum_present BIGINT NOT NULL DEFAULT 0;
