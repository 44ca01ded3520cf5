-- +goose Up
-- A technician's answers to a dispatched job (package schema, table
-- appointment_events): confirmed, rescheduled with the customer's consent,
-- nobody home, handed back to the service desk. One synced row per answer,
-- never changed. Its outbox triggers are derived from the schema at start.
CREATE TABLE appointment_events (
    id          TEXT PRIMARY KEY,
    job_id      TEXT NOT NULL REFERENCES jobs (id),
    kind        TEXT NOT NULL CHECK (kind IN ('confirmed', 'rescheduled', 'nobody_home', 'handed_back')),
    technician  TEXT NOT NULL,
    at          TEXT NOT NULL,
    appointment TEXT,
    reason      TEXT NOT NULL DEFAULT '',
    consent     INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    deleted     INTEGER NOT NULL DEFAULT 0,
    hub_seq     INTEGER NOT NULL DEFAULT 0
) STRICT;
-- A job's answers, latest first: the desk's view of the latest, the count
-- of nobody-home attempts.
CREATE INDEX appointment_events_job ON appointment_events (job_id, at, id);
-- The desk's statistics: the reschedules and hand-backs of a month.
CREATE INDEX appointment_events_kind_at ON appointment_events (kind, at) WHERE deleted = 0;

-- +goose Down
DROP TRIGGER IF EXISTS appointment_events_outbox_insert;
DROP TRIGGER IF EXISTS appointment_events_outbox_update;
DROP TABLE appointment_events;
