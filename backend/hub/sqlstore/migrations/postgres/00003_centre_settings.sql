-- +goose Up
-- Settings of a service centre: its archive number format (empty: the
-- hub's --archive-format, by default YYYY-MM-NNNN).
CREATE TABLE hub_centres (
    centre         TEXT PRIMARY KEY,
    archive_format TEXT NOT NULL
);

-- +goose Down
DROP TABLE hub_centres;
