-- +goose Up
-- A new signature marks its job's completeness check stale. The trigger
-- found the job through a UNION of the visit's and the checklist's job,
-- which built a temporary table on disk for every signature: two thirds of
-- the time of inserting a signature (a demo load, a first sync's pulled
-- signatures). One of the two is set (a CHECK says so), so the first that
-- is found is the job.
DROP TRIGGER job_checks_signatures;
-- +goose StatementBegin
CREATE TRIGGER job_checks_signatures AFTER INSERT ON signatures
BEGIN
    INSERT OR IGNORE INTO job_checks_stale
    SELECT id FROM jobs WHERE submitted_at IS NOT NULL AND id = coalesce(
        (SELECT job_id FROM visits WHERE id = NEW.visit_id),
        (SELECT job_id FROM checklists WHERE id = NEW.checklist_id));
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER job_checks_signatures;
-- +goose StatementBegin
CREATE TRIGGER job_checks_signatures AFTER INSERT ON signatures
BEGIN
    INSERT OR IGNORE INTO job_checks_stale
    SELECT id FROM jobs WHERE submitted_at IS NOT NULL AND id IN (
        SELECT job_id FROM visits WHERE id = NEW.visit_id UNION SELECT job_id FROM checklists WHERE id = NEW.checklist_id);
END;
-- +goose StatementEnd
