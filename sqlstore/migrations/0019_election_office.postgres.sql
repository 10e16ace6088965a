-- A referendum's election has no office; a constitution version a
-- referendum adopted has no decision of a body.
ALTER TABLE elections ALTER COLUMN office DROP NOT NULL;
ALTER TABLE constitution_versions ALTER COLUMN decision DROP NOT NULL;
