-- +goose Up
-- A job taken from a technician (reassigned by the service desk, or handed
-- back by them) names them as its former assignee: their next pull still
-- brings the job's own row, with its new assignee, so that their laptop
-- stops showing it as theirs. The job's other rows are no longer sent.
ALTER TABLE hub_rows ADD COLUMN former_assignee TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE hub_rows DROP COLUMN former_assignee;
