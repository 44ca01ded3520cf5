-- +goose Up
-- The first bytes of a blob whose download was cut short (a slow link
-- outlasting the client's timeout, a dropped connection): the next attempt
-- asks the hub only for the rest (Range). Gone when the blob is stored.
CREATE TABLE blob_parts (
    sha256  TEXT PRIMARY KEY,
    data    BLOB NOT NULL,
    kept_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE blob_parts;
