-- Crowdsourcing for .NET: PostgreSQL schema, version 6 (after 0005_crowd_index).
-- Report reviews: an analyst's review of a readiness report (a quality assessment), the level the analyst found where
-- the report showed another (or the same). The campaign learner pairs them to estimate the report model O(x, o).
-- At most one review per report, replaced under optimistic concurrency (version). New table only: rows written by
-- versions 1 to 5 stay valid as they are.

-- A report is (assignment_id, assessed_at): the assessment's assignment and its time in UTC ticks, as in
-- quality_assessments. json is the ReportReview (levels, reviewer, time, comment, version).
CREATE TABLE report_reviews (
    assignment_id text COLLATE "C" NOT NULL,
    assessed_at   bigint           NOT NULL,
    campaign_id   text COLLATE "C" NOT NULL,
    version       bigint           NOT NULL,
    json          text             NOT NULL,
    PRIMARY KEY (assignment_id, assessed_at)
);
CREATE INDEX ix_report_reviews_campaign ON report_reviews (campaign_id, assignment_id, assessed_at);

INSERT INTO crowdsourcing_schema_version (version, name) VALUES (6, '0006_report_reviews');
