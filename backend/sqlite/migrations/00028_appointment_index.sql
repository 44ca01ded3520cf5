-- +goose Up
-- Appointments of a day in time order: the service desk's today and
-- tomorrow, a technician's 工作台. (The desk's queue of jobs nobody is
-- dispatched to walks jobs_assigned_live at assigned_to = ''.)
CREATE INDEX jobs_appointment ON jobs (deleted, appointment) WHERE appointment IS NOT NULL;

-- +goose Down
DROP INDEX jobs_appointment;
