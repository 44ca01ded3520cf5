-- +goose Up
-- Job types and checklist templates as data (backend/jobtype): a job type's
-- definition and each template version as JSON. A template version never
-- changes once stored; a filled checklist names the version it was filled with.
CREATE TABLE job_types (
    key        TEXT PRIMARY KEY,
    definition TEXT NOT NULL CHECK (json_valid(definition)),
    source     TEXT NOT NULL CHECK (source IN ('builtin', 'import', 'hub')),
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE checklist_templates (
    key        TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    definition TEXT NOT NULL CHECK (json_valid(definition)),
    source     TEXT NOT NULL CHECK (source IN ('builtin', 'import', 'hub')),
    stored_at  TEXT NOT NULL,
    PRIMARY KEY (key, version)
) STRICT;

-- +goose StatementBegin
CREATE TRIGGER checklist_templates_immutable
BEFORE UPDATE OF definition, key, version ON checklist_templates
WHEN NEW.definition IS NOT OLD.definition OR NEW.key IS NOT OLD.key OR NEW.version IS NOT OLD.version
BEGIN
    SELECT RAISE(ABORT, 'fieldbook: a stored template version cannot change');
END;
-- +goose StatementEnd

-- One filled checklist document of a job (e.g. the 验收单). answers is a
-- JSON object item key → answer; signed locks it like a signed visit.
CREATE TABLE checklists (
    id               TEXT PRIMARY KEY,
    job_id           TEXT NOT NULL REFERENCES jobs (id),
    document_key     TEXT NOT NULL,
    template_key     TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    answers          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(answers)),
    status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'finished')),
    signed           INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    updated_by       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    deleted          INTEGER NOT NULL DEFAULT 0,
    hub_seq          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (job_id, document_key)
) STRICT;

-- +goose StatementBegin
CREATE TRIGGER checklists_signed_immutable
BEFORE UPDATE ON checklists
WHEN OLD.signed = 1 AND (NEW.answers IS NOT OLD.answers OR NEW.job_id IS NOT OLD.job_id
    OR NEW.template_key IS NOT OLD.template_key OR NEW.template_version IS NOT OLD.template_version
    OR NEW.signed = 0 OR NEW.deleted = 1)
BEGIN
    SELECT RAISE(ABORT, 'fieldbook: signed checklist content is immutable');
END;
-- +goose StatementEnd

-- Photos and scans: the original kept untouched in blobs, with a thumbnail.
CREATE TABLE attachments (
    id           TEXT PRIMARY KEY,
    job_id       TEXT NOT NULL REFERENCES jobs (id),
    checklist_id TEXT REFERENCES checklists (id),
    item_key     TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL DEFAULT '',
    mime         TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL REFERENCES blobs (sha256),
    thumb_sha256 TEXT REFERENCES blobs (sha256),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    deleted      INTEGER NOT NULL DEFAULT 0,
    hub_seq      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX attachments_job ON attachments (job_id);

-- Signatures now sign a visit or a checklist: the table is rebuilt with a
-- nullable visit_id and a checklist_id, exactly one of them set.
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
INSERT INTO signatures_new (id, visit_id, role, kind, signer_name, reason, strokes, image_sha256, content_hash,
    signed_at, created_at, updated_at, updated_by, version, deleted, hub_seq)
SELECT id, visit_id, role, kind, signer_name, reason, strokes, image_sha256, content_hash,
    signed_at, created_at, updated_at, updated_by, version, deleted, hub_seq FROM signatures;
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
CREATE TRIGGER signatures_outbox_insert AFTER INSERT ON signatures
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed) VALUES ('signatures', NEW.id, '["visit_id","checklist_id","role","kind","signer_name","reason","strokes","image_sha256","content_hash","signed_at","created_at","deleted"]');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER signatures_outbox_update AFTER UPDATE ON signatures
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed)
    SELECT 'signatures', NEW.id, json_group_array(c) FROM (
        SELECT 'visit_id' AS c WHERE NEW.visit_id IS NOT OLD.visit_id
        UNION ALL SELECT 'checklist_id' WHERE NEW.checklist_id IS NOT OLD.checklist_id
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

-- +goose StatementBegin
CREATE TRIGGER checklists_outbox_insert AFTER INSERT ON checklists
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed) VALUES ('checklists', NEW.id, '["job_id","document_key","template_key","template_version","answers","status","signed","created_at","deleted"]');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER checklists_outbox_update AFTER UPDATE ON checklists
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed)
    SELECT 'checklists', NEW.id, json_group_array(c) FROM (
        SELECT 'job_id' AS c WHERE NEW.job_id IS NOT OLD.job_id
        UNION ALL SELECT 'document_key' WHERE NEW.document_key IS NOT OLD.document_key
        UNION ALL SELECT 'template_key' WHERE NEW.template_key IS NOT OLD.template_key
        UNION ALL SELECT 'template_version' WHERE NEW.template_version IS NOT OLD.template_version
        UNION ALL SELECT 'answers' WHERE NEW.answers IS NOT OLD.answers
        UNION ALL SELECT 'status' WHERE NEW.status IS NOT OLD.status
        UNION ALL SELECT 'signed' WHERE NEW.signed IS NOT OLD.signed
        UNION ALL SELECT 'created_at' WHERE NEW.created_at IS NOT OLD.created_at
        UNION ALL SELECT 'deleted' WHERE NEW.deleted IS NOT OLD.deleted
    )
    HAVING count(*) > 0;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER attachments_outbox_insert AFTER INSERT ON attachments
WHEN (SELECT applying FROM sync_flags) = 0
BEGIN
    INSERT INTO outbox (tbl, row_id, changed) VALUES ('attachments', NEW.id, '["job_id","checklist_id","item_key","name","mime","size","sha256","thumb_sha256","created_at","deleted"]');
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
        UNION ALL SELECT 'thumb_sha256' WHERE NEW.thumb_sha256 IS NOT OLD.thumb_sha256
        UNION ALL SELECT 'created_at' WHERE NEW.created_at IS NOT OLD.created_at
        UNION ALL SELECT 'deleted' WHERE NEW.deleted IS NOT OLD.deleted
    )
    HAVING count(*) > 0;
END;
-- +goose StatementEnd

-- +goose Down
-- Irreversible: going back would lose the signatures of checklists.
