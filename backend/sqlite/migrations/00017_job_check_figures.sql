-- +goose Up
-- The figures the 统计 page adds up, kept with each submitted job's check so
-- a year's statistics at 100k jobs read one narrow index instead of every
-- job with its latest visit's content (2.5 s). RefreshChecks writes them
-- with the check, from the same job and visit fields as JobFacts:
-- submitted_at, status, assigned_to and job_type are the job's (the
-- statistics filter and group by them); created_ns is the creation time in
-- Unix nanoseconds (NULL: unreadable or out of range), handed is 1 when the
-- job has reached the archive (submitted or filed), follow_up 1 when the
-- customer was called back within 2 hours of the report, 0 when not, NULL
-- without a report time, on_site_ns the time on site (NULL without both
-- times or when departure is before arrival). month is the month of
-- creation in the zone job_checks_zone names (year*12 + month-1): the
-- centre's zone is a setting, so Stats fills the months a check leaves
-- NULL, and all of them again when the zone changes.
ALTER TABLE job_checks ADD COLUMN submitted_at TEXT;
ALTER TABLE job_checks ADD COLUMN status TEXT;
ALTER TABLE job_checks ADD COLUMN assigned_to TEXT;
ALTER TABLE job_checks ADD COLUMN job_type TEXT;
ALTER TABLE job_checks ADD COLUMN created_ns INTEGER;
ALTER TABLE job_checks ADD COLUMN handed INTEGER;
ALTER TABLE job_checks ADD COLUMN follow_up INTEGER;
ALTER TABLE job_checks ADD COLUMN on_site_ns INTEGER;
ALTER TABLE job_checks ADD COLUMN month INTEGER;
CREATE TABLE job_checks_zone (zone TEXT NOT NULL) STRICT;
-- Every figure the statistics read, in the order they add them up by
-- (month, technician, job type): a year is one range of this index,
-- grouped as it is read, without a sort.
CREATE INDEX job_checks_months ON job_checks (month, assigned_to, job_type, submitted_at, status, complete, j_marked,
    handed, created_ns, follow_up, on_site_ns);
-- The checks stored before have no figures: check those jobs again.
INSERT OR IGNORE INTO job_checks_stale SELECT job_id FROM job_checks;

-- +goose Down
DROP INDEX job_checks_months;
DROP TABLE job_checks_zone;
ALTER TABLE job_checks DROP COLUMN month;
ALTER TABLE job_checks DROP COLUMN on_site_ns;
ALTER TABLE job_checks DROP COLUMN follow_up;
ALTER TABLE job_checks DROP COLUMN handed;
ALTER TABLE job_checks DROP COLUMN created_ns;
ALTER TABLE job_checks DROP COLUMN job_type;
ALTER TABLE job_checks DROP COLUMN assigned_to;
ALTER TABLE job_checks DROP COLUMN status;
ALTER TABLE job_checks DROP COLUMN submitted_at;
