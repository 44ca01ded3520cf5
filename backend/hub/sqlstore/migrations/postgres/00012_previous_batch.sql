-- +goose Up
-- The answer of each device's batch before its last, beside the last: a
-- device may send its next batch once it has the last one's answer, before
-- it has recorded it, and sends that one again after a crash
-- (docs/sync-protocol.md, "Idempotency").
ALTER TABLE hub_batches ADD COLUMN prev_batch_id TEXT;
ALTER TABLE hub_batches ADD COLUMN prev_response TEXT;

-- +goose Down
ALTER TABLE hub_batches DROP COLUMN prev_response;
ALTER TABLE hub_batches DROP COLUMN prev_batch_id;
