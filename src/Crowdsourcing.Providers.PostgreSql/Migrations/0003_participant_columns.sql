-- Crowdsourcing for .NET: PostgreSQL schema, version 3 (after 0002_compact_cycles).
-- Two columns of participants that queries filter on without reading the JSON of each row:
-- whether a participant is active (1) or inactive (0: they left, or the directory no longer lists them; the JSON's
-- inactiveSince is set), so that a campaign's crowd is listed by one query; and their manager, so that a manager's
-- reports (whose escalations they see) are listed by one query.

ALTER TABLE participants ADD COLUMN active integer NOT NULL DEFAULT 1;
UPDATE participants SET active = 0 WHERE (json::jsonb ->> 'inactiveSince') IS NOT NULL;

ALTER TABLE participants ADD COLUMN manager_id text COLLATE "C";
UPDATE participants SET manager_id = json::jsonb ->> 'managerId';
CREATE INDEX ix_participants_manager ON participants (manager_id, id) WHERE manager_id IS NOT NULL;

INSERT INTO crowdsourcing_schema_version (version, name) VALUES (3, '0003_participant_columns');
