-- The rulings proposed to a body's vote on a case, as JSON: kept with the
-- case, seen by those who see its details, so that the decision (and its
-- record entry, which members of the unit read) names the step only.
ALTER TABLE cases ADD COLUMN proposals TEXT NOT NULL DEFAULT '[]';
