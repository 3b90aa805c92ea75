-- Crowdsourcing for .NET: SQLite schema, version 5 (after 0004_answer_reconciliation).
-- A campaign's crowd (its participants of some layers who are active, in id order) is read by a decision cycle from an
-- index alone: (layer, active, id) covers the query, so a cycle over a million participants does not visit a million
-- table rows to check that each is active. Existing rows are indexed as the index is created; nothing else changes.

CREATE INDEX ix_participants_crowd ON participants (layer, active, id);

INSERT INTO crowdsourcing_schema_version (version, name) VALUES (5, '0005_crowd_index');
