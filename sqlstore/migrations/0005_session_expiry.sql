-- Expired sessions are deleted as new ones open (App.Login); this index
-- makes that a range delete.
CREATE INDEX sessions_expires ON sessions (expires);
