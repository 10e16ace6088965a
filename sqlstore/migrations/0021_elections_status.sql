-- The elections in one status, by ID: a process that starts reads the
-- ballot records of the elections in voting and tally ahead of the first
-- request (boardcache.go).
CREATE INDEX elections_status ON elections (status, id);
