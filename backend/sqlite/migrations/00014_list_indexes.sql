-- +goose Up
-- The customer list at full size (70k customers, 100k jobs): its newest-first
-- page walks an index instead of sorting every customer, and each row's job
-- count reads the customer's jobs from an index of (customer, deleted) —
-- with only (customer_id) the planner counted through jobs_live, every live
-- job per row (the page never answered at 100k jobs).
CREATE INDEX customers_live ON customers (deleted, created_at DESC, id DESC);
CREATE INDEX jobs_customer_live ON jobs (customer_id, deleted);
DROP INDEX jobs_customer;
-- The 工单 list's filters, each in the list's newest-first order, and its
-- date range.
CREATE INDEX jobs_status_live ON jobs (status, deleted, seq DESC);
CREATE INDEX jobs_type_live ON jobs (job_type, deleted, seq DESC);
CREATE INDEX jobs_assigned_live ON jobs (assigned_to, deleted, seq DESC);
CREATE INDEX jobs_created_live ON jobs (deleted, created_at);

-- +goose Down
DROP INDEX jobs_created_live;
DROP INDEX jobs_assigned_live;
DROP INDEX jobs_type_live;
DROP INDEX jobs_status_live;
CREATE INDEX jobs_customer ON jobs (customer_id);
DROP INDEX jobs_customer_live;
DROP INDEX customers_live;
