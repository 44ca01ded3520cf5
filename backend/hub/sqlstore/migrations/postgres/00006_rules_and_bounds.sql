-- +goose Up
-- What the hub's rules and bounded pulls read, kept in plain columns the
-- hub writes (see the SQLite migration of the same number):
--   lookup_key   what a row is found by: a job's number, the revision an
--                amendment supersedes, the record a signature signs, a
--                checklist's job and document
--   assignee     a job's assigned user: a pull decides readability in its query
--   fields_size  the bytes of fields: a pull cuts its page before reading them
ALTER TABLE hub_rows ADD COLUMN lookup_key TEXT NOT NULL DEFAULT '';
ALTER TABLE hub_rows ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
ALTER TABLE hub_rows ADD COLUMN fields_size BIGINT NOT NULL DEFAULT 0;
UPDATE hub_rows SET fields_size = octet_length(fields);
UPDATE hub_rows SET lookup_key = (fields::jsonb) ->> 'number' WHERE tbl = 'jobs' AND jsonb_typeof(fields::jsonb -> 'number') = 'string';
UPDATE hub_rows SET assignee = (fields::jsonb) ->> 'assigned_to' WHERE tbl = 'jobs' AND jsonb_typeof(fields::jsonb -> 'assigned_to') = 'string';
UPDATE hub_rows SET lookup_key = (fields::jsonb) ->> 'supersedes' WHERE tbl = 'visits' AND jsonb_typeof(fields::jsonb -> 'supersedes') = 'string';
UPDATE hub_rows SET lookup_key = coalesce(nullif((fields::jsonb) ->> 'visit_id', ''), (fields::jsonb) ->> 'checklist_id', '')
    WHERE tbl = 'signatures';
UPDATE hub_rows SET lookup_key = coalesce((fields::jsonb) ->> 'job_id', '') || '/' || coalesce((fields::jsonb) ->> 'document_key', '')
    WHERE tbl = 'checklists';
DROP INDEX hub_rows_job_number;
DROP INDEX hub_rows_supersedes;
CREATE INDEX hub_rows_lookup ON hub_rows (centre, tbl, lookup_key) WHERE lookup_key <> '';

ALTER TABLE hub_rejections ADD COLUMN rule TEXT NOT NULL DEFAULT '';

CREATE TABLE hub_applied_batches (
    device_id  TEXT NOT NULL,
    batch_id   TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (device_id, batch_id)
);
INSERT INTO hub_applied_batches (device_id, batch_id, applied_at) SELECT device_id, batch_id, applied_at FROM hub_batches;

CREATE TABLE hub_blob_owners (
    sha256     TEXT NOT NULL,
    centre     TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (sha256, centre, user_name)
);
INSERT INTO hub_blob_owners (sha256, centre, user_name, created_at)
    SELECT r.blob_sha, r.centre, r.created_by, min(b.created_at) FROM hub_rows r JOIN hub_blobs b ON b.sha256 = r.blob_sha
    WHERE r.blob_sha <> '' GROUP BY r.blob_sha, r.centre, r.created_by;

DROP TABLE hub_upload_chunks;
DROP TABLE hub_uploads;
CREATE TABLE hub_uploads (
    sha256     TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    length     BIGINT NOT NULL,
    received   BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    PRIMARY KEY (sha256, device_id)
);
CREATE TABLE hub_upload_chunks (
    sha256    TEXT NOT NULL,
    device_id TEXT NOT NULL,
    off       BIGINT NOT NULL,
    data      BYTEA NOT NULL,
    PRIMARY KEY (sha256, device_id, off),
    FOREIGN KEY (sha256, device_id) REFERENCES hub_uploads (sha256, device_id) ON DELETE CASCADE
);

-- +goose Down
SELECT 1;
