-- +goose NO TRANSACTION
-- +goose Up
-- One amendment per revision is the hub's rule: a device may hold a second,
-- local amendment that the hub refused (another computer amended first)
-- beside the hub's. The visits table is rebuilt without UNIQUE (supersedes);
-- an index keeps the lookups fast. SQLite's table rebuild needs foreign keys
-- off, which only works outside a transaction: the migration runs its own
-- transaction, and is safe to run again if it stopped after its COMMIT.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
DROP TABLE IF EXISTS visits_new;

CREATE TABLE visits_new (
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
    hub_seq    INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO visits_new SELECT id, job_id, revision, supersedes, status, content, signed,
    created_at, updated_at, updated_by, version, deleted, hub_seq FROM visits;
DROP TABLE visits;
ALTER TABLE visits_new RENAME TO visits;
CREATE INDEX visits_job ON visits (job_id);
CREATE INDEX visits_supersedes ON visits (supersedes);

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

-- +goose StatementBegin
CREATE TRIGGER visits_outbox_insert AFTER INSERT ON visits
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed) VALUES ('visits', NEW.id, '["job_id","revision","supersedes","status","content","signed","created_at","deleted"]');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER visits_outbox_update AFTER UPDATE ON visits
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed)
    SELECT 'visits', NEW.id, json_group_array(c) FROM (
        SELECT 'job_id' AS c WHERE NEW.job_id IS NOT OLD.job_id
        UNION ALL SELECT 'revision' WHERE NEW.revision IS NOT OLD.revision
        UNION ALL SELECT 'supersedes' WHERE NEW.supersedes IS NOT OLD.supersedes
        UNION ALL SELECT 'status' WHERE NEW.status IS NOT OLD.status
        UNION ALL SELECT 'content' WHERE NEW.content IS NOT OLD.content
        UNION ALL SELECT 'signed' WHERE NEW.signed IS NOT OLD.signed
        UNION ALL SELECT 'created_at' WHERE NEW.created_at IS NOT OLD.created_at
        UNION ALL SELECT 'deleted' WHERE NEW.deleted IS NOT OLD.deleted
    )
    HAVING count(*) > 0;
END;
-- +goose StatementEnd

COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
-- Irreversible: two amendments of one revision may exist by now.
