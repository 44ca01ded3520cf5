-- +goose Up
-- The hub's schema on SQLite. Times are UTC text with fixed width
-- (2006-01-02T15:04:05.000000000Z) so they compare as strings.
CREATE TABLE hub_users (
    name       TEXT PRIMARY KEY,
    role       TEXT NOT NULL CHECK (role IN ('technician', 'clerk', 'admin')),
    centre     TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE hub_devices (
    id         TEXT PRIMARY KEY,
    user_name  TEXT NOT NULL REFERENCES hub_users (name),
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;

CREATE TABLE hub_enrol_codes (
    code_hash  TEXT PRIMARY KEY,
    user_name  TEXT NOT NULL REFERENCES hub_users (name),
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    used_at    TEXT,
    device_id  TEXT
) STRICT;

-- One counter per service centre; a write transaction updates it first and
-- holds it until commit, so seq order is commit order.
CREATE TABLE hub_counters (
    centre TEXT PRIMARY KEY,
    last   INTEGER NOT NULL
) STRICT;

CREATE TABLE hub_rows (
    centre       TEXT NOT NULL,
    tbl          TEXT NOT NULL,
    id           TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0,
    fields       TEXT NOT NULL,
    field_seq    TEXT NOT NULL,
    field_device TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    job_id       TEXT NOT NULL DEFAULT '',
    blob_sha     TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (centre, tbl, id),
    UNIQUE (centre, seq)
) STRICT;
CREATE INDEX hub_rows_job ON hub_rows (centre, job_id);
CREATE INDEX hub_rows_blob ON hub_rows (centre, blob_sha) WHERE blob_sha <> '';

-- Each device's last applied batch and its response, written in the same
-- transaction as the batch's effects.
CREATE TABLE hub_batches (
    device_id  TEXT PRIMARY KEY,
    batch_id   TEXT NOT NULL,
    response   TEXT NOT NULL,
    applied_at TEXT NOT NULL
) STRICT;

CREATE TABLE hub_conflicts (
    id           INTEGER PRIMARY KEY,
    centre       TEXT NOT NULL,
    tbl          TEXT NOT NULL,
    row_id       TEXT NOT NULL,
    field        TEXT NOT NULL,
    hub_value    TEXT NOT NULL,
    device_value TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    user_name    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    resolved_at  TEXT
) STRICT;
CREATE INDEX hub_conflicts_centre ON hub_conflicts (centre, id);

CREATE TABLE hub_rejections (
    id         INTEGER PRIMARY KEY,
    centre     TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    batch_id   TEXT NOT NULL,
    tbl        TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    change     TEXT NOT NULL,
    code       TEXT NOT NULL,
    message    TEXT NOT NULL,
    message_en TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX hub_rejections_centre ON hub_rejections (centre, id);

CREATE TABLE hub_uploads (
    sha256     TEXT PRIMARY KEY,
    length     INTEGER NOT NULL,
    received   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE hub_upload_chunks (
    sha256 TEXT NOT NULL REFERENCES hub_uploads (sha256) ON DELETE CASCADE,
    off    INTEGER NOT NULL,
    data   BLOB NOT NULL,
    PRIMARY KEY (sha256, off)
) STRICT;

CREATE TABLE hub_blobs (
    sha256     TEXT PRIMARY KEY,
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    data       BLOB NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE hub_blobs;
DROP TABLE hub_upload_chunks;
DROP TABLE hub_uploads;
DROP TABLE hub_rejections;
DROP TABLE hub_conflicts;
DROP TABLE hub_batches;
DROP TABLE hub_rows;
DROP TABLE hub_counters;
DROP TABLE hub_enrol_codes;
DROP TABLE hub_devices;
DROP TABLE hub_users;
