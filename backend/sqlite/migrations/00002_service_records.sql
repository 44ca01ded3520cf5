-- +goose Up
-- Service records: customers, assets, jobs, visits (服务确认单), signatures,
-- documents and content-addressed blobs. Every table that syncs carries
-- created/updated timestamps (device clock, display only), the device that
-- changed the row, a version bumped on every change and a tombstone.

ALTER TABLE device ADD COLUMN code TEXT NOT NULL DEFAULT '';

CREATE TABLE customers (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL DEFAULT '',
    company    TEXT NOT NULL DEFAULT '',
    phones     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(phones)),
    addresses  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(addresses)),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE assets (
    id              TEXT PRIMARY KEY,
    customer_id     TEXT NOT NULL REFERENCES customers (id),
    kind            TEXT NOT NULL CHECK (kind IN ('product', 'equipment', 'vehicle')),
    model           TEXT NOT NULL DEFAULT '',
    serial          TEXT NOT NULL DEFAULT '',
    plate           TEXT NOT NULL DEFAULT '',
    purchase_date   TEXT NOT NULL DEFAULT '',
    warranty_months INTEGER NOT NULL DEFAULT 0,
    equipment_class TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    deleted         INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX assets_customer ON assets (customer_id);

-- seq is the local row order (newest first in lists) and the search rowid.
CREATE TABLE jobs (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    number      TEXT NOT NULL UNIQUE,
    job_type    TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    asset_id    TEXT REFERENCES assets (id),
    assigned_to TEXT NOT NULL DEFAULT '',
    appointment TEXT,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'in_progress', 'completed', 'submitted', 'filed', 'returned')),
    summary     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    deleted     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX jobs_customer ON jobs (customer_id);
CREATE INDEX jobs_asset ON jobs (asset_id);

-- Per-device, per-day job number sequence.
CREATE TABLE job_numbers (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
) STRICT;

-- One row per revision of a visit. A job may have several visits; an
-- amendment is a new row that supersedes the revision it corrects (at most
-- one amendment per revision). content is the JSON of every field of the
-- form; signed turns 1 with the first signature and then the content can
-- never change (triggers below).
CREATE TABLE visits (
    id         TEXT PRIMARY KEY,
    job_id     TEXT NOT NULL REFERENCES jobs (id),
    revision   INTEGER NOT NULL CHECK (revision >= 1),
    supersedes TEXT REFERENCES visits (id),
    status     TEXT NOT NULL CHECK (status IN ('draft', 'finished')),
    content    TEXT NOT NULL CHECK (json_valid(content)),
    signed     INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (supersedes)
) STRICT;
CREATE INDEX visits_job ON visits (job_id);

-- +goose StatementBegin
CREATE TRIGGER visits_signed_content_immutable
BEFORE UPDATE ON visits
WHEN OLD.signed = 1 AND (NEW.content IS NOT OLD.content OR NEW.job_id IS NOT OLD.job_id
    OR NEW.revision IS NOT OLD.revision OR NEW.supersedes IS NOT OLD.supersedes
    OR NEW.signed = 0 OR NEW.deleted = 1)
BEGIN
    SELECT RAISE(ABORT, 'fieldbook: signed visit content is immutable');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER visits_signed_no_delete
BEFORE DELETE ON visits
WHEN OLD.signed = 1
BEGIN
    SELECT RAISE(ABORT, 'fieldbook: signed visit content is immutable');
END;
-- +goose StatementEnd

CREATE TABLE blobs (
    sha256     TEXT PRIMARY KEY,
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    data       BLOB NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE signatures (
    id           TEXT PRIMARY KEY,
    visit_id     TEXT NOT NULL REFERENCES visits (id),
    role         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('real', 'proxy', 'stamp', 'refused')),
    signer_name  TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    strokes      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(strokes)),
    image_sha256 TEXT REFERENCES blobs (sha256),
    content_hash TEXT NOT NULL,
    signed_at    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    deleted      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (visit_id, role)
) STRICT;

-- +goose StatementBegin
CREATE TRIGGER signatures_immutable
BEFORE UPDATE ON signatures
BEGIN
    SELECT RAISE(ABORT, 'fieldbook: a signature cannot be changed');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER signatures_no_delete
BEFORE DELETE ON signatures
BEGIN
    SELECT RAISE(ABORT, 'fieldbook: a signature cannot be changed');
END;
-- +goose StatementEnd

CREATE TABLE documents (
    id         TEXT PRIMARY KEY,
    job_id     TEXT NOT NULL REFERENCES jobs (id),
    visit_id   TEXT REFERENCES visits (id),
    kind       TEXT NOT NULL,
    sha256     TEXT NOT NULL REFERENCES blobs (sha256),
    size       INTEGER NOT NULL,
    path       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX documents_job ON documents (job_id);

-- Job search: each job's text (number, customer, phones, addresses, asset,
-- fault) as overlapping two-character tokens, so that any substring of two
-- or more characters — Chinese, Latin or digits — is a phrase query.
CREATE VIRTUAL TABLE job_search USING fts5 (grams, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');

-- +goose Down
DROP TABLE job_search;
DROP TABLE documents;
DROP TABLE signatures;
DROP TABLE blobs;
DROP TABLE visits;
DROP TABLE job_numbers;
DROP TABLE jobs;
DROP TABLE assets;
DROP TABLE customers;
ALTER TABLE device DROP COLUMN code;
