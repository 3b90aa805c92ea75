-- Crowdsourcing for .NET: SQLite schema, version 3 (after 0002_compact_cycles).
-- Whether a participant is active (1) or inactive (0: they left, or the directory no longer lists them; the JSON's
-- inactiveSince is set), so that a campaign's crowd is listed by one query without reading the JSON of each row.

ALTER TABLE participants ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
UPDATE participants SET active = 0 WHERE json_extract(json, '$.inactiveSince') IS NOT NULL;

INSERT INTO crowdsourcing_schema_version (version, name) VALUES (3, '0003_active_participants');
