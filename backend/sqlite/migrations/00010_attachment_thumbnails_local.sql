-- +goose Up
-- A thumbnail is derived from its original: each device makes its own from
-- the original it has (made here, or downloaded with the row), so
-- thumb_sha256 no longer syncs — the hub lets a blob be read only through
-- the one blob column of a row, which for attachments is the original.
DROP TRIGGER attachments_outbox_insert;
DROP TRIGGER attachments_outbox_update;
-- +goose StatementBegin
CREATE TRIGGER attachments_outbox_insert AFTER INSERT ON attachments
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed) VALUES ('attachments', NEW.id, '["job_id","checklist_id","item_key","name","mime","size","sha256","created_at","deleted"]');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER attachments_outbox_update AFTER UPDATE ON attachments
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed)
    SELECT 'attachments', NEW.id, json_group_array(c) FROM (
        SELECT 'job_id' AS c WHERE NEW.job_id IS NOT OLD.job_id
        UNION ALL SELECT 'checklist_id' WHERE NEW.checklist_id IS NOT OLD.checklist_id
        UNION ALL SELECT 'item_key' WHERE NEW.item_key IS NOT OLD.item_key
        UNION ALL SELECT 'name' WHERE NEW.name IS NOT OLD.name
        UNION ALL SELECT 'mime' WHERE NEW.mime IS NOT OLD.mime
        UNION ALL SELECT 'size' WHERE NEW.size IS NOT OLD.size
        UNION ALL SELECT 'sha256' WHERE NEW.sha256 IS NOT OLD.sha256
        UNION ALL SELECT 'created_at' WHERE NEW.created_at IS NOT OLD.created_at
        UNION ALL SELECT 'deleted' WHERE NEW.deleted IS NOT OLD.deleted
    )
    HAVING count(*) > 0;
END;
-- +goose StatementEnd

-- +goose Down
-- Irreversible (the triggers of 00006 would push thumbnails the hub cannot serve).
