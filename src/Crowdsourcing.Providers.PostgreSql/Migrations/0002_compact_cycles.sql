-- Crowdsourcing for .NET: PostgreSQL schema, version 2 (after 0001_initial).
-- Decision cycles over large crowds: a campaign's beliefs kept as one compact snapshot (chunks of ids, weeks and
-- probabilities) beside the per-participant rows of `beliefs`, a cycle's contacts kept once in chunks, the contact
-- notifications of a cycle kept as one batch (rendered from its templates when read or claimed), and a content hash per
-- participant so that an import skips unchanged rows. Rows written by version 1 stay valid as they are.

-- SHA-256 of the participant's content (its JSON without version and modification metadata); NULL for rows written
-- by version 1 (an import compares those by their JSON once, then stores the hash).
ALTER TABLE participants ADD COLUMN content_hash text;

-- The number of contacts kept in cycle_contacts; NULL for cycles written by version 1 (their contacts are in the JSON).
ALTER TABLE decision_cycles ADD COLUMN contact_count integer;

-- A cycle's contacts in participant (code-point) order, 4096 a chunk: ids, interventions, values, costs and the
-- decision order, little-endian (bytea).
CREATE TABLE cycle_contacts (
    campaign_id text COLLATE "C" NOT NULL,
    cycle             integer NOT NULL,
    chunk             integer NOT NULL,
    first_participant text COLLATE "C" NOT NULL,
    data              bytea NOT NULL,
    PRIMARY KEY (campaign_id, cycle, chunk)
);

-- The contact notifications of a cycle, one row: notification id = id_prefix || participant id, for each contact of
-- the cycle in participant order; the first `claimed` of them are rows of `notifications` (claimed by a deliverer),
-- the others are pending and rendered from the templates in `json` when they are read or claimed.
CREATE TABLE contact_batches (
    campaign_id text COLLATE "C" NOT NULL,
    cycle       integer NOT NULL,
    id_prefix text COLLATE "C" NOT NULL UNIQUE,
    created_at  bigint  NOT NULL,
    total       integer NOT NULL,
    claimed     integer NOT NULL,
    json        text NOT NULL,
    PRIMARY KEY (campaign_id, cycle)
);
CREATE INDEX ix_contact_batches_due ON contact_batches (created_at, id_prefix) WHERE claimed < total;

-- A campaign's beliefs as a snapshot written by its latest decision cycle: chunks of participants in code-point order
-- with their weeks and probabilities. A row of `beliefs` is newer than the snapshot and wins over it.
CREATE TABLE belief_snapshots (
    campaign_id  text COLLATE "C" NOT NULL PRIMARY KEY,
    participants integer NOT NULL,
    max_week     integer NOT NULL,
    ids_hash     text NOT NULL -- SHA-256 of the ids: a cycle over the same crowd replaces the snapshot without reading it
);

CREATE TABLE belief_chunks (
    campaign_id text COLLATE "C" NOT NULL,
    chunk             integer NOT NULL,
    first_participant text COLLATE "C" NOT NULL,
    last_participant text COLLATE "C" NOT NULL,
    data              bytea NOT NULL,
    PRIMARY KEY (campaign_id, chunk)
);
CREATE INDEX ix_belief_chunks_last ON belief_chunks (campaign_id, last_participant);

INSERT INTO crowdsourcing_schema_version (version, name) VALUES (2, '0002_compact_cycles');
