-- +goose Up
-- Customer complaints (客户投诉处理单, package schema, table complaints): one
-- synced row per complaint about a job, written by the service desk and
-- pulled by the clerk and the technicians of its job. Its outbox triggers
-- are derived from the schema at start. No foreign keys: a complaint about a
-- job this device does not hold is kept as the hub sends it.
CREATE TABLE complaints (
    id               TEXT PRIMARY KEY,
    job_id           TEXT NOT NULL,
    customer_id      TEXT NOT NULL,
    channel          TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    received_by      TEXT NOT NULL,
    content          TEXT NOT NULL,
    kind             TEXT NOT NULL DEFAULT '',
    analysis         TEXT NOT NULL DEFAULT '',
    responsibility   TEXT NOT NULL DEFAULT '',
    compensation     TEXT NOT NULL DEFAULT '',
    compensation_fen INTEGER NOT NULL DEFAULT 0,
    resolution       TEXT NOT NULL DEFAULT '',
    state            TEXT NOT NULL,
    closed_at        TEXT,
    closed_by        TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    updated_by       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    deleted          INTEGER NOT NULL DEFAULT 0,
    hub_seq          INTEGER NOT NULL DEFAULT 0
) STRICT;
-- The 投诉 list, newest first, whole or of one state or one kind; the
-- statistics count a month's complaints from the same ranges.
CREATE INDEX complaints_received ON complaints (deleted, received_at);
CREATE INDEX complaints_state ON complaints (deleted, state, received_at);
CREATE INDEX complaints_kind ON complaints (deleted, kind, received_at);
-- A job's complaints.
CREATE INDEX complaints_job ON complaints (job_id);
-- The desk's statistics: a month's phone guidances solved by phone (the
-- two-hour follow-up rule), followed up or not.
CREATE INDEX jobs_guided ON jobs (guided_at) WHERE guidance_outcome = 'solved';

-- +goose Down
DROP INDEX jobs_guided;
DROP TRIGGER IF EXISTS complaints_outbox_insert;
DROP TRIGGER IF EXISTS complaints_outbox_update;
DROP TABLE complaints;
