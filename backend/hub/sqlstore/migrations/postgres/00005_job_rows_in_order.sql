-- +goose Up
-- A job's rows are read in sequence order (the checks of every new
-- signature, amendment and filing do). With the sequence in the index the
-- planner no longer prefers walking the centre's whole sequence to skip a
-- sort: each such check scanned every row of the centre.
DROP INDEX hub_rows_job;
CREATE INDEX hub_rows_job ON hub_rows (centre, job_id, seq);

-- +goose Down
DROP INDEX hub_rows_job;
CREATE INDEX hub_rows_job ON hub_rows (centre, job_id);
