-- +goose Up
-- Archive numbers: one counter per service centre and numbering period
-- (e.g. the month of a YYYY-MM-NNNN number), advanced inside the filing
-- transaction, so two clerks filing at once never get the same number.
CREATE TABLE hub_archive_counters (
    centre TEXT NOT NULL,
    period TEXT NOT NULL,
    last   BIGINT NOT NULL,
    PRIMARY KEY (centre, period)
);

-- +goose Down
DROP TABLE hub_archive_counters;
