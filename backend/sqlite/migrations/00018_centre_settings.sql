-- +goose Up
-- The service centre's settings (package schema, table centre_settings):
-- one synced row, id 'centre', written by the centre's admin and pulled by
-- every device of the centre. Its outbox triggers are derived from the
-- schema at start, like every synced table's.
CREATE TABLE centre_settings (
    id                  TEXT PRIMARY KEY,
    company_name        TEXT NOT NULL DEFAULT '',
    company_address     TEXT NOT NULL DEFAULT '',
    company_phone       TEXT NOT NULL DEFAULT '',
    logo_sha256         TEXT,
    registration_format TEXT NOT NULL DEFAULT '',
    terms               TEXT NOT NULL DEFAULT '',
    labour_rate_fen     INTEGER NOT NULL DEFAULT 0,
    time_zone           TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    updated_by          TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    deleted             INTEGER NOT NULL DEFAULT 0,
    hub_seq             INTEGER NOT NULL DEFAULT 0
) STRICT;

-- +goose Down
DROP TRIGGER IF EXISTS centre_settings_outbox_insert;
DROP TRIGGER IF EXISTS centre_settings_outbox_update;
DROP TABLE centre_settings;
