-- +goose Up
-- The rows this device pushed and the hub acknowledged, with the hub's
-- sequence the last push of each got. A hub restored from an older backup
-- lacks what was pushed above the backup's sequence: the device queues
-- those rows again (docs/sync-protocol.md, "A restored hub"). Pushes from
-- before this version are not here.
CREATE TABLE sync_pushed (
    tbl     TEXT NOT NULL,
    row_id  TEXT NOT NULL,
    hub_seq INTEGER NOT NULL,
    PRIMARY KEY (tbl, row_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_pushed_seq ON sync_pushed (hub_seq);

-- +goose Down
DROP TABLE sync_pushed;
