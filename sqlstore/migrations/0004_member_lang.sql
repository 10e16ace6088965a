-- The language a member chose for pages and email; '' until they choose.
ALTER TABLE members ADD COLUMN lang TEXT NOT NULL DEFAULT '';
