-- +goose Up
-- What the hub did not take as pushed: field conflicts (the hub kept its
-- value; ours is here) and rejected changes (with the hub's reason). A
-- person sees both values and chooses; nothing is resolved by dropping one.
CREATE TABLE sync_issues (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('conflict', 'rejected')),
    tbl         TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    field       TEXT NOT NULL DEFAULT '',
    yours       TEXT CHECK (yours IS NULL OR json_valid(yours)),
    theirs      TEXT CHECK (theirs IS NULL OR json_valid(theirs)),
    code        TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL DEFAULT '',
    message_en  TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    resolved_at TEXT,
    resolution  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sync_issues_open ON sync_issues (resolved_at);

-- +goose Down
DROP TABLE sync_issues;
