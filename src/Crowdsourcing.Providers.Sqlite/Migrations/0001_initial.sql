-- Crowdsourcing for .NET: SQLite schema, version 1.
-- Plain SQL: SqliteMigrator applies it in one transaction; to apply it by hand run it once, in order with the later
-- scripts, e.g. `sqlite3 crowd.db < 0001_initial.sql`. The last statement records the version.
-- Text keys use SQLite's default BINARY collation: code-point order, the order every store listing promises.
-- Each record is kept as its JSON (camelCase, as CrowdsourcingJson writes it) plus the columns its keys, version and
-- queries need. Times in columns are UTC ticks (100 ns since 0001-01-01); the JSON keeps the original offset.

CREATE TABLE crowdsourcing_schema_version (
    version    INTEGER NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE campaigns (
    id      TEXT    NOT NULL PRIMARY KEY,
    version INTEGER NOT NULL,
    json    TEXT    NOT NULL
);

CREATE TABLE tasks (
    id      TEXT    NOT NULL PRIMARY KEY,
    version INTEGER NOT NULL,
    json    TEXT    NOT NULL,
    layers  INTEGER NOT NULL -- bit (1 << layer) for each crowd layer allowed to see the task
);

CREATE TABLE participants (
    id      TEXT    NOT NULL PRIMARY KEY,
    version INTEGER NOT NULL,
    json    TEXT    NOT NULL,
    layer   INTEGER NOT NULL
);
CREATE INDEX ix_participants_layer ON participants (layer, id);

CREATE TABLE participant_qualifications (
    qualification  TEXT NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    PRIMARY KEY (qualification, participant_id)
) WITHOUT ROWID;
CREATE INDEX ix_participant_qualifications_participant ON participant_qualifications (participant_id);

CREATE TABLE questionnaires (
    id      TEXT    NOT NULL PRIMARY KEY,
    version INTEGER NOT NULL,
    json    TEXT    NOT NULL
);

CREATE TABLE assignments (
    id          TEXT    NOT NULL PRIMARY KEY,
    version     INTEGER NOT NULL,
    json        TEXT    NOT NULL,
    campaign_id TEXT    NOT NULL
);
CREATE INDEX ix_assignments_campaign ON assignments (campaign_id, id);

CREATE TABLE assignment_contributors (
    participant_id TEXT NOT NULL, -- an assignee or a delegate
    assignment_id  TEXT NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    PRIMARY KEY (participant_id, assignment_id)
) WITHOUT ROWID;
CREATE INDEX ix_assignment_contributors_assignment ON assignment_contributors (assignment_id);

CREATE TABLE quality_assessments (
    seq           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    assignment_id TEXT    NOT NULL,
    assessed_at   INTEGER NOT NULL,
    fingerprint   TEXT    NOT NULL, -- SHA-256 of the JSON: an identical assessment is stored once
    json          TEXT    NOT NULL,
    UNIQUE (assignment_id, fingerprint)
);
CREATE INDEX ix_quality_assessments_order ON quality_assessments (assignment_id, assessed_at, seq);

CREATE TABLE responses (
    id      TEXT    NOT NULL PRIMARY KEY,
    version INTEGER NOT NULL,
    json    TEXT    NOT NULL
);

CREATE TABLE beliefs (
    campaign_id    TEXT    NOT NULL,
    participant_id TEXT    NOT NULL,
    week           INTEGER NOT NULL,
    probabilities  BLOB    NOT NULL, -- little-endian IEEE 754 doubles, in the decision model's state order
    PRIMARY KEY (campaign_id, participant_id)
) WITHOUT ROWID;

CREATE TABLE decision_cycles (
    campaign_id TEXT    NOT NULL,
    cycle       INTEGER NOT NULL,
    json        TEXT    NOT NULL,
    PRIMARY KEY (campaign_id, cycle) -- the idempotency key of a decision cycle
);

CREATE TABLE notifications (
    id               TEXT    NOT NULL PRIMARY KEY,
    version          INTEGER NOT NULL,
    json             TEXT    NOT NULL,
    status           INTEGER NOT NULL, -- 0 pending, 1 delivered, 2 failed
    next_attempt_at  INTEGER NOT NULL,
    lease_expires_at INTEGER
);
CREATE INDEX ix_notifications_due ON notifications (next_attempt_at, id) WHERE status = 0;

INSERT INTO crowdsourcing_schema_version (version, name) VALUES (1, '0001_initial');
