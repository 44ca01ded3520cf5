-- +goose Up
-- The inbox filtered by the J mark or by completeness counts the checks of
-- the jobs handed in from these indexes (newest submission last in each),
-- instead of looking up the check of every handed-in job.
CREATE INDEX job_checks_j ON job_checks (j_marked, submitted_at);
CREATE INDEX job_checks_complete ON job_checks (complete, submitted_at);

-- +goose Down
DROP INDEX job_checks_complete;
DROP INDEX job_checks_j;
