-- Why an election is held, in words a page translates: the catalog key
-- and its arguments (encoded as a notice's); '' for a hold said only in
-- English (the hold column).
ALTER TABLE elections ADD COLUMN hold_key TEXT NOT NULL DEFAULT '';
ALTER TABLE elections ADD COLUMN hold_args TEXT NOT NULL DEFAULT '';
