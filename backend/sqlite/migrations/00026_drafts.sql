-- +goose Up
-- Forms typed on this laptop and not (all) stored as a record: a new
-- customer being typed ("customer:new"), and the values a record refused,
-- kept as typed until they are corrected ("customer:<id>"). A draft is this
-- laptop's alone: no outbox trigger, never synced.
CREATE TABLE drafts (
    form       TEXT PRIMARY KEY,
    value      TEXT NOT NULL CHECK (json_valid(value) AND json_type(value) = 'object'),
    updated_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE drafts;
