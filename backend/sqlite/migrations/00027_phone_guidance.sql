-- +goose Up
-- The service desk's phone guidance of a job (电话指导): what the customer was
-- told, how it ended (solved by phone, or a technician is needed) and when;
-- for one solved by phone, the follow-up within two hours (回访) and its
-- result. Synced fields of jobs, written by the desk (package schema).
ALTER TABLE jobs ADD COLUMN guidance TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN guidance_outcome TEXT NOT NULL DEFAULT '' CHECK (guidance_outcome IN ('', 'solved', 'dispatch'));
ALTER TABLE jobs ADD COLUMN guided_at TEXT;
ALTER TABLE jobs ADD COLUMN followup_result TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN followup_at TEXT;
-- The follow-up queue: solved by phone, not followed up yet, oldest (most
-- due) first.
CREATE INDEX jobs_followup_due ON jobs (guided_at) WHERE guidance_outcome = 'solved' AND followup_at IS NULL;

-- +goose Down
DROP INDEX jobs_followup_due;
ALTER TABLE jobs DROP COLUMN followup_at;
ALTER TABLE jobs DROP COLUMN followup_result;
ALTER TABLE jobs DROP COLUMN guided_at;
ALTER TABLE jobs DROP COLUMN guidance_outcome;
ALTER TABLE jobs DROP COLUMN guidance;
