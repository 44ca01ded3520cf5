-- +goose Up
-- The lookups the merge makes for every new job and amendment (is the job
-- number taken? is this revision amended already?) use an index, not a
-- scan of the centre's rows.
CREATE INDEX hub_rows_job_number ON hub_rows (centre, tbl, ((fields::jsonb) ->> 'number'));
CREATE INDEX hub_rows_supersedes ON hub_rows (centre, tbl, ((fields::jsonb) ->> 'supersedes'));

-- +goose Down
DROP INDEX hub_rows_job_number;
DROP INDEX hub_rows_supersedes;
