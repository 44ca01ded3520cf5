-- +goose Up
-- The archive clerk's workspace.
--
-- Filing fields of jobs: the clerk's J decision (archive.JDecision as JSON,
-- replacing the bare j_mark / j_reason columns, which could not say whether
-- the clerk decided at all or on which automatic mark), the findings on
-- scanned paper originals (archive.DocCheck by document key), and who filed
-- the job when. They sync like every other column; only the clerk writes
-- them, through the hub.
DROP TRIGGER jobs_outbox_insert;
DROP TRIGGER jobs_outbox_update;
ALTER TABLE jobs DROP COLUMN j_mark;
ALTER TABLE jobs DROP COLUMN j_reason;
ALTER TABLE jobs ADD COLUMN j_decision TEXT CHECK (j_decision IS NULL OR json_valid(j_decision));
ALTER TABLE jobs ADD COLUMN doc_checks TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(doc_checks));
ALTER TABLE jobs ADD COLUMN filed_at TEXT;
ALTER TABLE jobs ADD COLUMN filed_by TEXT NOT NULL DEFAULT '';
CREATE INDEX jobs_submitted ON jobs (submitted_at DESC) WHERE submitted_at IS NOT NULL;

-- +goose StatementBegin
CREATE TRIGGER jobs_outbox_insert AFTER INSERT ON jobs
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed) VALUES ('jobs', NEW.id, '["number","job_type","customer_id","asset_id","assigned_to","appointment","status","summary","flags","submitted_at","created_at","deleted"]');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER jobs_outbox_update AFTER UPDATE ON jobs
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed)
    SELECT 'jobs', NEW.id, json_group_array(c) FROM (
        SELECT 'number' AS c WHERE NEW.number IS NOT OLD.number
        UNION ALL SELECT 'job_type' WHERE NEW.job_type IS NOT OLD.job_type
        UNION ALL SELECT 'customer_id' WHERE NEW.customer_id IS NOT OLD.customer_id
        UNION ALL SELECT 'asset_id' WHERE NEW.asset_id IS NOT OLD.asset_id
        UNION ALL SELECT 'assigned_to' WHERE NEW.assigned_to IS NOT OLD.assigned_to
        UNION ALL SELECT 'appointment' WHERE NEW.appointment IS NOT OLD.appointment
        UNION ALL SELECT 'status' WHERE NEW.status IS NOT OLD.status
        UNION ALL SELECT 'summary' WHERE NEW.summary IS NOT OLD.summary
        UNION ALL SELECT 'flags' WHERE NEW.flags IS NOT OLD.flags
        UNION ALL SELECT 'submitted_at' WHERE NEW.submitted_at IS NOT OLD.submitted_at
        UNION ALL SELECT 'archive_no' WHERE NEW.archive_no IS NOT OLD.archive_no
        UNION ALL SELECT 'archive_location' WHERE NEW.archive_location IS NOT OLD.archive_location
        UNION ALL SELECT 'return_reason' WHERE NEW.return_reason IS NOT OLD.return_reason
        UNION ALL SELECT 'j_decision' WHERE NEW.j_decision IS NOT OLD.j_decision
        UNION ALL SELECT 'doc_checks' WHERE NEW.doc_checks IS NOT OLD.doc_checks
        UNION ALL SELECT 'filed_at' WHERE NEW.filed_at IS NOT OLD.filed_at
        UNION ALL SELECT 'filed_by' WHERE NEW.filed_by IS NOT OLD.filed_by
        UNION ALL SELECT 'created_at' WHERE NEW.created_at IS NOT OLD.created_at
        UNION ALL SELECT 'deleted' WHERE NEW.deleted IS NOT OLD.deleted
    )
    HAVING count(*) > 0;
END;
-- +goose StatementEnd

-- The audit trail: what clerks did to a job, written by the hub and pulled;
-- append-only here too (no outbox: a device never pushes it).
CREATE TABLE job_events (
    id         TEXT PRIMARY KEY,
    job_id     TEXT NOT NULL,
    action     TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
    actor      TEXT NOT NULL,
    at         TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted    INTEGER NOT NULL DEFAULT 0,
    hub_seq    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX job_events_job ON job_events (job_id, at);
-- +goose StatementBegin
CREATE TRIGGER job_events_append_only BEFORE UPDATE ON job_events
WHEN NEW.job_id IS NOT OLD.job_id OR NEW.action IS NOT OLD.action OR NEW.detail IS NOT OLD.detail
    OR NEW.actor IS NOT OLD.actor OR NEW.at IS NOT OLD.at OR NEW.deleted = 1
BEGIN
    SELECT RAISE(ABORT, 'fieldbook: the audit trail is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_events_no_delete BEFORE DELETE ON job_events
BEGIN
    SELECT RAISE(ABORT, 'fieldbook: the audit trail is append-only');
END;
-- +goose StatementEnd

-- The completeness check of submitted jobs, kept so the inbox can filter
-- and count by it at 100k jobs. Whatever the check reads marks the job
-- stale (job_checks_stale); RefreshChecks recomputes the stale ones before
-- the inbox reads and after a sync. New rows of jobs not handed in mark
-- nothing (handing in marks the job), which keeps bulk loads cheap.
CREATE TABLE job_checks (
    job_id    TEXT PRIMARY KEY,
    complete  INTEGER NOT NULL,
    auto_j    INTEGER NOT NULL, -- the automatic J mark
    j_marked  INTEGER NOT NULL, -- the effective mark, after the clerk's decision
    problems  TEXT NOT NULL,    -- JSON array of the problems' Chinese messages
    j_reasons TEXT NOT NULL     -- JSON array: why the job is J (or the clerk's reason)
) STRICT;
CREATE TABLE job_checks_stale (job_id TEXT PRIMARY KEY) STRICT;
INSERT INTO job_checks_stale SELECT id FROM jobs WHERE submitted_at IS NOT NULL;
-- +goose StatementBegin
CREATE TRIGGER job_checks_jobs_insert AFTER INSERT ON jobs WHEN NEW.submitted_at IS NOT NULL
BEGIN INSERT OR IGNORE INTO job_checks_stale VALUES (NEW.id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_checks_jobs_update AFTER UPDATE ON jobs
BEGIN INSERT OR IGNORE INTO job_checks_stale VALUES (NEW.id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_checks_visits_insert AFTER INSERT ON visits
WHEN EXISTS (SELECT 1 FROM jobs WHERE id = NEW.job_id AND submitted_at IS NOT NULL)
BEGIN INSERT OR IGNORE INTO job_checks_stale VALUES (NEW.job_id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_checks_visits_update AFTER UPDATE ON visits
BEGIN INSERT OR IGNORE INTO job_checks_stale VALUES (NEW.job_id), (OLD.job_id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_checks_checklists_insert AFTER INSERT ON checklists
WHEN EXISTS (SELECT 1 FROM jobs WHERE id = NEW.job_id AND submitted_at IS NOT NULL)
BEGIN INSERT OR IGNORE INTO job_checks_stale VALUES (NEW.job_id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_checks_checklists_update AFTER UPDATE ON checklists
BEGIN INSERT OR IGNORE INTO job_checks_stale VALUES (NEW.job_id), (OLD.job_id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_checks_attachments_insert AFTER INSERT ON attachments
WHEN EXISTS (SELECT 1 FROM jobs WHERE id = NEW.job_id AND submitted_at IS NOT NULL)
BEGIN INSERT OR IGNORE INTO job_checks_stale VALUES (NEW.job_id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_checks_attachments_update AFTER UPDATE ON attachments
BEGIN INSERT OR IGNORE INTO job_checks_stale VALUES (NEW.job_id), (OLD.job_id); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_checks_signatures AFTER INSERT ON signatures
BEGIN
    INSERT OR IGNORE INTO job_checks_stale
    SELECT id FROM jobs WHERE submitted_at IS NOT NULL AND id IN (
        SELECT job_id FROM visits WHERE id = NEW.visit_id UNION SELECT job_id FROM checklists WHERE id = NEW.checklist_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_checks_job_types_insert AFTER INSERT ON job_types
BEGIN INSERT OR IGNORE INTO job_checks_stale SELECT id FROM jobs WHERE job_type = NEW.key AND submitted_at IS NOT NULL; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER job_checks_job_types_update AFTER UPDATE ON job_types
BEGIN INSERT OR IGNORE INTO job_checks_stale SELECT id FROM jobs WHERE job_type = NEW.key AND submitted_at IS NOT NULL; END;
-- +goose StatementEnd

-- +goose Down
-- Irreversible: the clerk's decisions and the audit trail would be lost.
