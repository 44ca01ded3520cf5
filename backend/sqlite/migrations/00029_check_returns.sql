-- +goose Up
-- The statistics count returns (退回): job_checks keeps how many times the
-- archive returned each submitted job, from its audit trail (job_events
-- rows of action 'returned', written by the hub). A return pulled after
-- its job marks the job stale as the job's own update does.
ALTER TABLE job_checks ADD COLUMN returns INTEGER NOT NULL DEFAULT 0;
-- The index the statistics read a year from holds every figure they add
-- up, returns now among them.
DROP INDEX job_checks_months;
CREATE INDEX job_checks_months ON job_checks (month, assigned_to, job_type, submitted_at, status, complete, j_marked,
    handed, created_ns, follow_up, on_site_ns, returns);
-- +goose StatementBegin
CREATE TRIGGER job_checks_job_events_insert AFTER INSERT ON job_events WHEN NEW.action = 'returned'
BEGIN INSERT OR IGNORE INTO job_checks_stale VALUES (NEW.job_id); END;
-- +goose StatementEnd
INSERT OR IGNORE INTO job_checks_stale SELECT DISTINCT job_id FROM job_events WHERE action = 'returned';

-- +goose Down
DROP TRIGGER job_checks_job_events_insert;
DROP INDEX job_checks_months;
CREATE INDEX job_checks_months ON job_checks (month, assigned_to, job_type, submitted_at, status, complete, j_marked,
    handed, created_ns, follow_up, on_site_ns);
ALTER TABLE job_checks DROP COLUMN returns;
