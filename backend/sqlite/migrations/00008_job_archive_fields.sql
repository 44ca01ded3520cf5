-- +goose Up
-- Archive fields on jobs: the condition flags that decide the document set
-- (had_maintenance, was_booked, …), when the technician submitted the job,
-- and the clerk's filing fields (archive number and location, return reason,
-- the J mark and its reason), which sync like every other column.
ALTER TABLE jobs ADD COLUMN flags TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(flags));
ALTER TABLE jobs ADD COLUMN submitted_at TEXT;
ALTER TABLE jobs ADD COLUMN archive_no TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN archive_location TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN return_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN j_mark INTEGER NOT NULL DEFAULT 0 CHECK (j_mark IN (0, 1));
ALTER TABLE jobs ADD COLUMN j_reason TEXT NOT NULL DEFAULT '';

-- A new job carries no filing fields (they start empty and are the clerk's).
DROP TRIGGER jobs_outbox_insert;
DROP TRIGGER jobs_outbox_update;
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
        UNION ALL SELECT 'j_mark' WHERE NEW.j_mark IS NOT OLD.j_mark
        UNION ALL SELECT 'j_reason' WHERE NEW.j_reason IS NOT OLD.j_reason
        UNION ALL SELECT 'created_at' WHERE NEW.created_at IS NOT OLD.created_at
        UNION ALL SELECT 'deleted' WHERE NEW.deleted IS NOT OLD.deleted
    )
    HAVING count(*) > 0;
END;
-- +goose StatementEnd

-- +goose Down
-- Irreversible: filing fields would be lost.
