-- +goose Up
-- The sync outbox. Triggers append every local change of a syncable row to
-- the outbox in the same transaction as the change: which row, and which
-- columns changed. Nothing escapes it and nothing is written twice. Rows
-- applied from the hub are written with sync_flags.applying = 1 and do not
-- enter the outbox. hub_seq on each row is the hub sequence number of the
-- version of the row this device last received (0: never synced), the base
-- of the hub's per-field merge.
CREATE TABLE outbox (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl     TEXT NOT NULL,
    row_id  TEXT NOT NULL,
    changed TEXT NOT NULL CHECK (json_valid(changed)) -- JSON array of column names
) STRICT;
CREATE INDEX outbox_row ON outbox (tbl, row_id);

CREATE TABLE sync_flags (
    applying  INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
    singleton INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1)
) STRICT;
INSERT INTO sync_flags (applying) VALUES (0);
ALTER TABLE customers ADD COLUMN hub_seq INTEGER NOT NULL DEFAULT 0;
-- +goose StatementBegin
CREATE TRIGGER customers_outbox_insert AFTER INSERT ON customers
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed) VALUES ('customers', NEW.id, '["name","company","phones","addresses","note","created_at","deleted"]');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER customers_outbox_update AFTER UPDATE ON customers
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed)
    SELECT 'customers', NEW.id, json_group_array(c) FROM (
        SELECT 'name' AS c WHERE NEW.name IS NOT OLD.name
        UNION ALL SELECT 'company' WHERE NEW.company IS NOT OLD.company
        UNION ALL SELECT 'phones' WHERE NEW.phones IS NOT OLD.phones
        UNION ALL SELECT 'addresses' WHERE NEW.addresses IS NOT OLD.addresses
        UNION ALL SELECT 'note' WHERE NEW.note IS NOT OLD.note
        UNION ALL SELECT 'created_at' WHERE NEW.created_at IS NOT OLD.created_at
        UNION ALL SELECT 'deleted' WHERE NEW.deleted IS NOT OLD.deleted
    )
    HAVING count(*) > 0;
END;
-- +goose StatementEnd
ALTER TABLE assets ADD COLUMN hub_seq INTEGER NOT NULL DEFAULT 0;
-- +goose StatementBegin
CREATE TRIGGER assets_outbox_insert AFTER INSERT ON assets
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed) VALUES ('assets', NEW.id, '["customer_id","kind","model","serial","plate","purchase_date","warranty_months","equipment_class","created_at","deleted"]');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER assets_outbox_update AFTER UPDATE ON assets
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed)
    SELECT 'assets', NEW.id, json_group_array(c) FROM (
        SELECT 'customer_id' AS c WHERE NEW.customer_id IS NOT OLD.customer_id
        UNION ALL SELECT 'kind' WHERE NEW.kind IS NOT OLD.kind
        UNION ALL SELECT 'model' WHERE NEW.model IS NOT OLD.model
        UNION ALL SELECT 'serial' WHERE NEW.serial IS NOT OLD.serial
        UNION ALL SELECT 'plate' WHERE NEW.plate IS NOT OLD.plate
        UNION ALL SELECT 'purchase_date' WHERE NEW.purchase_date IS NOT OLD.purchase_date
        UNION ALL SELECT 'warranty_months' WHERE NEW.warranty_months IS NOT OLD.warranty_months
        UNION ALL SELECT 'equipment_class' WHERE NEW.equipment_class IS NOT OLD.equipment_class
        UNION ALL SELECT 'created_at' WHERE NEW.created_at IS NOT OLD.created_at
        UNION ALL SELECT 'deleted' WHERE NEW.deleted IS NOT OLD.deleted
    )
    HAVING count(*) > 0;
END;
-- +goose StatementEnd
ALTER TABLE jobs ADD COLUMN hub_seq INTEGER NOT NULL DEFAULT 0;
-- +goose StatementBegin
CREATE TRIGGER jobs_outbox_insert AFTER INSERT ON jobs
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed) VALUES ('jobs', NEW.id, '["number","job_type","customer_id","asset_id","assigned_to","appointment","status","summary","created_at","deleted"]');
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
        UNION ALL SELECT 'created_at' WHERE NEW.created_at IS NOT OLD.created_at
        UNION ALL SELECT 'deleted' WHERE NEW.deleted IS NOT OLD.deleted
    )
    HAVING count(*) > 0;
END;
-- +goose StatementEnd
ALTER TABLE visits ADD COLUMN hub_seq INTEGER NOT NULL DEFAULT 0;
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
ALTER TABLE signatures ADD COLUMN hub_seq INTEGER NOT NULL DEFAULT 0;
-- +goose StatementBegin
CREATE TRIGGER signatures_outbox_insert AFTER INSERT ON signatures
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed) VALUES ('signatures', NEW.id, '["visit_id","role","kind","signer_name","reason","strokes","image_sha256","content_hash","signed_at","created_at","deleted"]');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER signatures_outbox_update AFTER UPDATE ON signatures
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed)
    SELECT 'signatures', NEW.id, json_group_array(c) FROM (
        SELECT 'visit_id' AS c WHERE NEW.visit_id IS NOT OLD.visit_id
        UNION ALL SELECT 'role' WHERE NEW.role IS NOT OLD.role
        UNION ALL SELECT 'kind' WHERE NEW.kind IS NOT OLD.kind
        UNION ALL SELECT 'signer_name' WHERE NEW.signer_name IS NOT OLD.signer_name
        UNION ALL SELECT 'reason' WHERE NEW.reason IS NOT OLD.reason
        UNION ALL SELECT 'strokes' WHERE NEW.strokes IS NOT OLD.strokes
        UNION ALL SELECT 'image_sha256' WHERE NEW.image_sha256 IS NOT OLD.image_sha256
        UNION ALL SELECT 'content_hash' WHERE NEW.content_hash IS NOT OLD.content_hash
        UNION ALL SELECT 'signed_at' WHERE NEW.signed_at IS NOT OLD.signed_at
        UNION ALL SELECT 'created_at' WHERE NEW.created_at IS NOT OLD.created_at
        UNION ALL SELECT 'deleted' WHERE NEW.deleted IS NOT OLD.deleted
    )
    HAVING count(*) > 0;
END;
-- +goose StatementEnd
ALTER TABLE documents ADD COLUMN hub_seq INTEGER NOT NULL DEFAULT 0;
-- +goose StatementBegin
CREATE TRIGGER documents_outbox_insert AFTER INSERT ON documents
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed) VALUES ('documents', NEW.id, '["job_id","visit_id","kind","sha256","size","created_at","deleted"]');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER documents_outbox_update AFTER UPDATE ON documents
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed)
    SELECT 'documents', NEW.id, json_group_array(c) FROM (
        SELECT 'job_id' AS c WHERE NEW.job_id IS NOT OLD.job_id
        UNION ALL SELECT 'visit_id' WHERE NEW.visit_id IS NOT OLD.visit_id
        UNION ALL SELECT 'kind' WHERE NEW.kind IS NOT OLD.kind
        UNION ALL SELECT 'sha256' WHERE NEW.sha256 IS NOT OLD.sha256
        UNION ALL SELECT 'size' WHERE NEW.size IS NOT OLD.size
        UNION ALL SELECT 'created_at' WHERE NEW.created_at IS NOT OLD.created_at
        UNION ALL SELECT 'deleted' WHERE NEW.deleted IS NOT OLD.deleted
    )
    HAVING count(*) > 0;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER customers_outbox_update;
DROP TRIGGER customers_outbox_insert;
ALTER TABLE customers DROP COLUMN hub_seq;
DROP TRIGGER assets_outbox_update;
DROP TRIGGER assets_outbox_insert;
ALTER TABLE assets DROP COLUMN hub_seq;
DROP TRIGGER jobs_outbox_update;
DROP TRIGGER jobs_outbox_insert;
ALTER TABLE jobs DROP COLUMN hub_seq;
DROP TRIGGER visits_outbox_update;
DROP TRIGGER visits_outbox_insert;
ALTER TABLE visits DROP COLUMN hub_seq;
DROP TRIGGER signatures_outbox_update;
DROP TRIGGER signatures_outbox_insert;
ALTER TABLE signatures DROP COLUMN hub_seq;
DROP TRIGGER documents_outbox_update;
DROP TRIGGER documents_outbox_insert;
ALTER TABLE documents DROP COLUMN hub_seq;
DROP TABLE sync_flags;
DROP TABLE outbox;
