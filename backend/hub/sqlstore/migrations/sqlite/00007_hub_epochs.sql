-- +goose Up
-- The hub's identity and its epochs (docs/sync-protocol.md, "A restored
-- hub"). hub_id never changes; epoch is replaced whenever the database is
-- found restored from a backup (a SQLite backup carries a mark, a
-- PostgreSQL database has another oid, or the operator ran
-- "fieldbook-hub restored"). Each epoch records, per centre, the centre's
-- sequence at its start (floor): what a device learnt above it in an
-- earlier epoch may be missing. The rows are written by the hub at start.
CREATE TABLE hub_identity (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    hub_id    TEXT NOT NULL,
    epoch     TEXT NOT NULL,
    store_id  TEXT NOT NULL DEFAULT ''  -- PostgreSQL: the database's oid when the epoch was last checked
) STRICT;
CREATE TABLE hub_epochs (
    n          INTEGER PRIMARY KEY,   -- order of the epochs of this database's history
    epoch      TEXT NOT NULL UNIQUE,
    reason     TEXT NOT NULL,      -- created | restored: why the epoch began
    started_at TEXT NOT NULL
) STRICT;
CREATE TABLE hub_epoch_floors (
    epoch  TEXT NOT NULL,
    centre TEXT NOT NULL,
    floor  INTEGER NOT NULL,
    PRIMARY KEY (epoch, centre)
) STRICT;

-- +goose Down
DROP TABLE hub_epoch_floors;
DROP TABLE hub_epochs;
DROP TABLE hub_identity;
