-- +goose Up
-- Per field written by a change a device sent again to a hub restored from
-- a backup, the sequence its write first got (a JSON object, field →
-- sequence; protocol.Change.Replay): two devices' fields sent again meet
-- in the order the hub first took them, not as a conflict.
ALTER TABLE hub_rows ADD COLUMN field_replay TEXT NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE hub_rows DROP COLUMN field_replay;
