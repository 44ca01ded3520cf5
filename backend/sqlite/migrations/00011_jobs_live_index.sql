-- +goose Up
-- The job list counts and pages the jobs not deleted, newest first: a
-- narrow index answers both without reading the table's wide rows.
CREATE INDEX jobs_live ON jobs (deleted, seq DESC);

-- +goose Down
DROP INDEX jobs_live;
