-- Crowdsourcing for .NET: PostgreSQL schema, version 1.
-- Plain SQL: PostgreSqlMigrator applies it in one transaction (under an advisory lock, so that several instances
-- starting at once apply it once); to apply it by hand run it once, in order with the later scripts, e.g.
-- `psql -v ON_ERROR_STOP=1 --single-transaction -f 0001_initial.sql`. The last statement records the version.
-- Key columns use COLLATE "C": code-point order, the order every store listing promises.
-- Each record is kept as its JSON (camelCase, as CrowdsourcingJson writes it) plus the columns its keys, version and
-- queries need. Times in columns are UTC ticks (100 ns since 0001-01-01); the JSON keeps the original offset.

CREATE TABLE crowdsourcing_schema_version (
    version    integer     NOT NULL PRIMARY KEY,
    name       text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaigns (
    id      text COLLATE "C" NOT NULL PRIMARY KEY,
    version bigint           NOT NULL,
    json    text             NOT NULL
);

CREATE TABLE tasks (
    id      text COLLATE "C" NOT NULL PRIMARY KEY,
    version bigint           NOT NULL,
    json    text             NOT NULL,
    layers  integer          NOT NULL -- bit (1 << layer) for each crowd layer allowed to see the task
);

CREATE TABLE participants (
    id      text COLLATE "C" NOT NULL PRIMARY KEY,
    version bigint           NOT NULL,
    json    text             NOT NULL,
    layer   integer          NOT NULL
);
CREATE INDEX ix_participants_layer ON participants (layer, id);

CREATE TABLE participant_qualifications (
    qualification  text COLLATE "C" NOT NULL,
    participant_id text COLLATE "C" NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    PRIMARY KEY (qualification, participant_id)
);
CREATE INDEX ix_participant_qualifications_participant ON participant_qualifications (participant_id);

CREATE TABLE questionnaires (
    id      text COLLATE "C" NOT NULL PRIMARY KEY,
    version bigint           NOT NULL,
    json    text             NOT NULL
);

CREATE TABLE assignments (
    id          text COLLATE "C" NOT NULL PRIMARY KEY,
    version     bigint           NOT NULL,
    json        text             NOT NULL,
    campaign_id text COLLATE "C" NOT NULL
);
CREATE INDEX ix_assignments_campaign ON assignments (campaign_id, id);

CREATE TABLE assignment_contributors (
    participant_id text COLLATE "C" NOT NULL, -- an assignee or a delegate
    assignment_id  text COLLATE "C" NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    PRIMARY KEY (participant_id, assignment_id)
);
CREATE INDEX ix_assignment_contributors_assignment ON assignment_contributors (assignment_id);

CREATE TABLE quality_assessments (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assignment_id text COLLATE "C" NOT NULL,
    assessed_at   bigint           NOT NULL,
    fingerprint   text             NOT NULL, -- SHA-256 of the JSON: an identical assessment is stored once
    json          text             NOT NULL,
    UNIQUE (assignment_id, fingerprint)
);
CREATE INDEX ix_quality_assessments_order ON quality_assessments (assignment_id, assessed_at, seq);

CREATE TABLE responses (
    id      text COLLATE "C" NOT NULL PRIMARY KEY,
    version bigint           NOT NULL,
    json    text             NOT NULL
);

CREATE TABLE beliefs (
    campaign_id    text COLLATE "C" NOT NULL,
    participant_id text COLLATE "C" NOT NULL,
    week           integer          NOT NULL,
    probabilities  bytea            NOT NULL, -- little-endian IEEE 754 doubles, in the decision model's state order
    PRIMARY KEY (campaign_id, participant_id)
);

CREATE TABLE decision_cycles (
    campaign_id text COLLATE "C" NOT NULL,
    cycle       integer          NOT NULL,
    json        text             NOT NULL,
    PRIMARY KEY (campaign_id, cycle) -- the idempotency key of a decision cycle
);

CREATE TABLE notifications (
    id               text COLLATE "C" NOT NULL PRIMARY KEY,
    version          bigint           NOT NULL,
    json             text             NOT NULL,
    status           integer          NOT NULL, -- 0 pending, 1 delivered, 2 failed
    next_attempt_at  bigint           NOT NULL,
    lease_expires_at bigint
);
CREATE INDEX ix_notifications_due ON notifications (next_attempt_at, id) WHERE status = 0;

INSERT INTO crowdsourcing_schema_version (version, name) VALUES (1, '0001_initial');
