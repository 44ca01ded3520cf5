-- +goose Up
-- What the hub's rules and bounded pulls read, kept in plain columns the
-- hub writes (no index depends on JSON functions, whose results differ
-- between SQLite versions: an operator's older sqlite3 then reported the
-- expression indexes corrupt):
--   lookup_key   what a row is found by: a job's number, the revision an
--                amendment supersedes, the record a signature signs, a
--                checklist's job and document
--   assignee     a job's assigned user: a pull decides readability in its query
--   fields_size  the bytes of fields: a pull cuts its page before reading them
ALTER TABLE hub_rows ADD COLUMN lookup_key TEXT NOT NULL DEFAULT '';
ALTER TABLE hub_rows ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
ALTER TABLE hub_rows ADD COLUMN fields_size INTEGER NOT NULL DEFAULT 0;
UPDATE hub_rows SET fields_size = length(CAST(fields AS BLOB));
UPDATE hub_rows SET lookup_key = coalesce(json_extract(fields, '$.number'), '') WHERE tbl = 'jobs' AND json_type(fields, '$.number') = 'text';
UPDATE hub_rows SET assignee = json_extract(fields, '$.assigned_to') WHERE tbl = 'jobs' AND json_type(fields, '$.assigned_to') = 'text';
UPDATE hub_rows SET lookup_key = json_extract(fields, '$.supersedes') WHERE tbl = 'visits' AND json_type(fields, '$.supersedes') = 'text';
UPDATE hub_rows SET lookup_key = coalesce(nullif(json_extract(fields, '$.visit_id'), ''), json_extract(fields, '$.checklist_id'), '')
    WHERE tbl = 'signatures';
UPDATE hub_rows SET lookup_key = coalesce(json_extract(fields, '$.job_id'), '') || '/' || coalesce(json_extract(fields, '$.document_key'), '')
    WHERE tbl = 'checklists';
DROP INDEX hub_rows_job_number;
DROP INDEX hub_rows_supersedes;
CREATE INDEX hub_rows_lookup ON hub_rows (centre, tbl, lookup_key) WHERE lookup_key <> '';

-- The rule that refused a change.
ALTER TABLE hub_rejections ADD COLUMN rule TEXT NOT NULL DEFAULT '';

-- Every batch a device had applied, so that an older batch sent again is
-- refused, not applied twice (hub_batches keeps the last one's answer).
CREATE TABLE hub_applied_batches (
    device_id  TEXT NOT NULL,
    batch_id   TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (device_id, batch_id)
) STRICT;
INSERT INTO hub_applied_batches (device_id, batch_id, applied_at) SELECT device_id, batch_id, applied_at FROM hub_batches;

-- Who uploaded a blob: a blob is readable by its uploaders and through the
-- readable rows referencing it, and a row may reference only a blob its
-- user uploaded. Blobs already referenced belong to those rows' users.
CREATE TABLE hub_blob_owners (
    sha256     TEXT NOT NULL,
    centre     TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (sha256, centre, user_name)
) STRICT;
INSERT OR IGNORE INTO hub_blob_owners (sha256, centre, user_name, created_at)
    SELECT r.blob_sha, r.centre, r.created_by, b.created_at FROM hub_rows r JOIN hub_blobs b ON b.sha256 = r.blob_sha WHERE r.blob_sha <> '';

-- An upload in progress belongs to its device: another device's bytes
-- cannot enter it. (Uploads in progress start again from the beginning.)
DROP TABLE hub_upload_chunks;
DROP TABLE hub_uploads;
CREATE TABLE hub_uploads (
    sha256     TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    length     INTEGER NOT NULL,
    received   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    PRIMARY KEY (sha256, device_id)
) STRICT;
CREATE TABLE hub_upload_chunks (
    sha256    TEXT NOT NULL,
    device_id TEXT NOT NULL,
    off       INTEGER NOT NULL,
    data      BLOB NOT NULL,
    PRIMARY KEY (sha256, device_id, off),
    FOREIGN KEY (sha256, device_id) REFERENCES hub_uploads (sha256, device_id) ON DELETE CASCADE
) STRICT;

-- +goose Down
-- Irreversible: uploads in progress were dropped, and older hubs need the
-- expression indexes this replaced.
SELECT 1;
