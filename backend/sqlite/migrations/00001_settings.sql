-- +goose Up
-- Device-local preferences: one row per key, the value a JSON document.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL CHECK (json_valid(value)),
    updated_at TEXT NOT NULL
) STRICT;

-- The identity of this installation: exactly one row, made on first start.
CREATE TABLE device (
    id         TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    singleton  INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1)
) STRICT;

-- +goose Down
DROP TABLE device;
DROP TABLE settings;
