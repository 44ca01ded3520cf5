-- +goose Up
-- A signature's strokes are kept packed (see strokes.go): two thirds of a
-- signed visit's bytes were their JSON text. The table is rebuilt with
-- strokes as a BLOB, every row's strokes packed on the way (the function is
-- the app's own, registered on its connections); each unpacks to the text it
-- held, byte for byte. The unique (visit, role) and (checklist, role) pairs
-- become partial indexes over the rows that have a visit or a checklist
-- (each index held an entry for every row, half of them null), and the
-- index on checklist_id goes: the (checklist, role) index covers it.
CREATE TABLE signatures_new (
    id           TEXT PRIMARY KEY,
    visit_id     TEXT REFERENCES visits (id),
    checklist_id TEXT REFERENCES checklists (id),
    role         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('real', 'proxy', 'stamp', 'refused')),
    signer_name  TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    strokes      BLOB NOT NULL DEFAULT x'5b5d', -- packed; '[]' as it is
    image_sha256 TEXT REFERENCES blobs (sha256),
    content_hash TEXT NOT NULL,
    signed_at    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    deleted      INTEGER NOT NULL DEFAULT 0,
    hub_seq      INTEGER NOT NULL DEFAULT 0,
    CHECK ((visit_id IS NULL) != (checklist_id IS NULL))
) STRICT;
INSERT INTO signatures_new (id, visit_id, checklist_id, role, kind, signer_name, reason, strokes, image_sha256, content_hash,
    signed_at, created_at, updated_at, updated_by, version, deleted, hub_seq)
SELECT id, visit_id, checklist_id, role, kind, signer_name, reason, fieldbook_pack_strokes(strokes), image_sha256, content_hash,
    signed_at, created_at, updated_at, updated_by, version, deleted, hub_seq FROM signatures ORDER BY rowid;
DROP TABLE signatures;
ALTER TABLE signatures_new RENAME TO signatures;
CREATE UNIQUE INDEX signatures_visit_role ON signatures (visit_id, role) WHERE visit_id IS NOT NULL;
CREATE UNIQUE INDEX signatures_checklist_role ON signatures (checklist_id, role) WHERE checklist_id IS NOT NULL;

-- +goose StatementBegin
CREATE TRIGGER signatures_immutable
BEFORE UPDATE ON signatures
WHEN NEW.visit_id IS NOT OLD.visit_id OR NEW.checklist_id IS NOT OLD.checklist_id OR NEW.role IS NOT OLD.role OR NEW.kind IS NOT OLD.kind OR NEW.signer_name IS NOT OLD.signer_name OR NEW.reason IS NOT OLD.reason OR NEW.strokes IS NOT OLD.strokes OR NEW.image_sha256 IS NOT OLD.image_sha256 OR NEW.content_hash IS NOT OLD.content_hash OR NEW.signed_at IS NOT OLD.signed_at OR NEW.created_at IS NOT OLD.created_at OR NEW.deleted IS NOT OLD.deleted
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
-- +goose StatementBegin
CREATE TRIGGER job_checks_signatures AFTER INSERT ON signatures
BEGIN
    INSERT OR IGNORE INTO job_checks_stale
    SELECT id FROM jobs WHERE submitted_at IS NOT NULL AND id = coalesce(
        (SELECT job_id FROM visits WHERE id = NEW.visit_id),
        (SELECT job_id FROM checklists WHERE id = NEW.checklist_id));
END;
-- +goose StatementEnd
-- (The outbox triggers are made at every start, from the synced schema.)

-- The list indexes ran newest first (seq DESC, created_at DESC): every new
-- row went in at the front, and the pages they split stayed half empty.
-- Oldest first they fill their pages, and a list still reads them newest
-- first, backwards.
DROP INDEX customers_live;
CREATE INDEX customers_live ON customers (deleted, created_at, id);
DROP INDEX jobs_live;
CREATE INDEX jobs_live ON jobs (deleted, seq);
DROP INDEX jobs_status_live;
CREATE INDEX jobs_status_live ON jobs (status, deleted, seq);
DROP INDEX jobs_type_live;
CREATE INDEX jobs_type_live ON jobs (job_type, deleted, seq);
DROP INDEX jobs_assigned_live;
CREATE INDEX jobs_assigned_live ON jobs (assigned_to, deleted, seq);
DROP INDEX jobs_submitted;
CREATE INDEX jobs_submitted ON jobs (submitted_at) WHERE submitted_at IS NOT NULL;

-- +goose Down
CREATE TABLE signatures_new (
    id           TEXT PRIMARY KEY,
    visit_id     TEXT REFERENCES visits (id),
    checklist_id TEXT REFERENCES checklists (id),
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
    hub_seq      INTEGER NOT NULL DEFAULT 0,
    CHECK ((visit_id IS NULL) != (checklist_id IS NULL)),
    UNIQUE (visit_id, role),
    UNIQUE (checklist_id, role)
) STRICT;
INSERT INTO signatures_new (id, visit_id, checklist_id, role, kind, signer_name, reason, strokes, image_sha256, content_hash,
    signed_at, created_at, updated_at, updated_by, version, deleted, hub_seq)
SELECT id, visit_id, checklist_id, role, kind, signer_name, reason, fieldbook_unpack_strokes(strokes), image_sha256, content_hash,
    signed_at, created_at, updated_at, updated_by, version, deleted, hub_seq FROM signatures ORDER BY rowid;
DROP TABLE signatures;
ALTER TABLE signatures_new RENAME TO signatures;
CREATE INDEX signatures_checklist ON signatures (checklist_id);
-- +goose StatementBegin
CREATE TRIGGER signatures_immutable
BEFORE UPDATE ON signatures
WHEN NEW.visit_id IS NOT OLD.visit_id OR NEW.checklist_id IS NOT OLD.checklist_id OR NEW.role IS NOT OLD.role OR NEW.kind IS NOT OLD.kind OR NEW.signer_name IS NOT OLD.signer_name OR NEW.reason IS NOT OLD.reason OR NEW.strokes IS NOT OLD.strokes OR NEW.image_sha256 IS NOT OLD.image_sha256 OR NEW.content_hash IS NOT OLD.content_hash OR NEW.signed_at IS NOT OLD.signed_at OR NEW.created_at IS NOT OLD.created_at OR NEW.deleted IS NOT OLD.deleted
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
-- +goose StatementBegin
CREATE TRIGGER job_checks_signatures AFTER INSERT ON signatures
BEGIN
    INSERT OR IGNORE INTO job_checks_stale
    SELECT id FROM jobs WHERE submitted_at IS NOT NULL AND id = coalesce(
        (SELECT job_id FROM visits WHERE id = NEW.visit_id),
        (SELECT job_id FROM checklists WHERE id = NEW.checklist_id));
END;
-- +goose StatementEnd

DROP INDEX customers_live;
CREATE INDEX customers_live ON customers (deleted, created_at DESC, id DESC);
DROP INDEX jobs_live;
CREATE INDEX jobs_live ON jobs (deleted, seq DESC);
DROP INDEX jobs_status_live;
CREATE INDEX jobs_status_live ON jobs (status, deleted, seq DESC);
DROP INDEX jobs_type_live;
CREATE INDEX jobs_type_live ON jobs (job_type, deleted, seq DESC);
DROP INDEX jobs_assigned_live;
CREATE INDEX jobs_assigned_live ON jobs (assigned_to, deleted, seq DESC);
DROP INDEX jobs_submitted;
CREATE INDEX jobs_submitted ON jobs (submitted_at DESC) WHERE submitted_at IS NOT NULL;
