-- Crowdsourcing for .NET: PostgreSQL schema, version 4 (after 0003_participant_columns).
-- Answer reconciliation: the gold answers organisers mark, each expert's reliability per campaign and choice question
-- (learned by the campaign's latest reconciliation, or seeded from an earlier campaign), and the recorded decisions
-- whether to ask one more expert. New tables only: rows written by versions 1 to 3 stay valid as they are.

-- One gold answer per (campaign, subject, question); json is the GoldAnswer.
CREATE TABLE gold_answers (
    campaign_id text COLLATE "C" NOT NULL,
    subject_id  text COLLATE "C" NOT NULL,
    question_id text COLLATE "C" NOT NULL,
    json        text NOT NULL,
    PRIMARY KEY (campaign_id, subject_id, question_id)
);

-- source: 0 learned, 1 seed; json is the ExpertReliability (its confusion matrix, skill and interval).
CREATE TABLE expert_reliabilities (
    campaign_id    text COLLATE "C" NOT NULL,
    source         integer NOT NULL,
    question_id    text COLLATE "C" NOT NULL,
    participant_id text COLLATE "C" NOT NULL,
    json           text NOT NULL,
    PRIMARY KEY (campaign_id, source, question_id, participant_id)
);

-- One row per decision whether to ask one more expert; json is the AnotherAnswerDecision (value, cost, reason).
CREATE TABLE another_answer_decisions (
    campaign_id text COLLATE "C" NOT NULL,
    id          text COLLATE "C" NOT NULL,
    json        text NOT NULL,
    PRIMARY KEY (campaign_id, id)
);

INSERT INTO crowdsourcing_schema_version (version, name) VALUES (4, '0004_answer_reconciliation');
