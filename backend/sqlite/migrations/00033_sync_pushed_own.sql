-- +goose Up
-- What a device pushed, field by field, so that a hub restored from an
-- older backup gets back only what it lost and the device still holds as
-- it pushed it (docs/sync-protocol.md, "A restored hub"):
--   sync_pushed.own  a JSON object, field → "seq:digest": the hub's
--                    sequence the field's last push got and a digest of
--                    the value pushed; NULL for rows pushed before this
--                    version (sent again whole, as before);
--   outbox.requeued_at  when a restore queued the entry again (NULL for a
--                    change made on this device): such a change, refused
--                    because what it needs is not back on the hub yet,
--                    waits for the device that holds it;
--   outbox.replay    for such an entry, the hub's sequence each field's
--                    push got in the history the hub lost (a JSON object):
--                    sent with the change, it orders two devices' fields
--                    sent again in the order the hub first took them.
ALTER TABLE sync_pushed ADD COLUMN own TEXT;
ALTER TABLE outbox ADD COLUMN requeued_at TEXT;
ALTER TABLE outbox ADD COLUMN replay TEXT;

-- +goose Down
ALTER TABLE outbox DROP COLUMN replay;
ALTER TABLE outbox DROP COLUMN requeued_at;
ALTER TABLE sync_pushed DROP COLUMN own;
