-- +goose Up
-- What the sync engine keeps between runs: the hub, this device's token,
-- the pull cursor and the time of the last good sync (key → JSON value).
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;

-- Rows pulled before the rows they refer to (a visit before its job): kept
-- here and applied as soon as their parents have arrived.
CREATE TABLE sync_parked (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    fields TEXT NOT NULL CHECK (json_valid(fields)),
    PRIMARY KEY (tbl, row_id)
) STRICT;

-- A signature stays immutable, but the device may record the hub sequence
-- of the row (hub_seq), and re-applying the same values from the hub is a no-op.
DROP TRIGGER signatures_immutable;
-- +goose StatementBegin
CREATE TRIGGER signatures_immutable
BEFORE UPDATE ON signatures
WHEN NEW.visit_id IS NOT OLD.visit_id OR NEW.role IS NOT OLD.role OR NEW.kind IS NOT OLD.kind
    OR NEW.signer_name IS NOT OLD.signer_name OR NEW.reason IS NOT OLD.reason OR NEW.strokes IS NOT OLD.strokes
    OR NEW.image_sha256 IS NOT OLD.image_sha256 OR NEW.content_hash IS NOT OLD.content_hash
    OR NEW.signed_at IS NOT OLD.signed_at OR NEW.created_at IS NOT OLD.created_at OR NEW.deleted IS NOT OLD.deleted
BEGIN
    SELECT RAISE(ABORT, 'fieldbook: a signature cannot be changed');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER signatures_immutable;
-- +goose StatementBegin
CREATE TRIGGER signatures_immutable
BEFORE UPDATE ON signatures
BEGIN
    SELECT RAISE(ABORT, 'fieldbook: a signature cannot be changed');
END;
-- +goose StatementEnd
DROP TABLE sync_parked;
DROP TABLE sync_state;
