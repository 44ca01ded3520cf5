-- +goose Up
-- The service desk's reminder of an appointment (提前提醒客户): when a desk
-- called the customer and which appointment it reminded them of — the mark
-- holds while the appointment is the same, so two desks do not both call.
-- Synced fields of jobs, written by the desk (package schema).
ALTER TABLE jobs ADD COLUMN reminded_at TEXT;
ALTER TABLE jobs ADD COLUMN reminded_for TEXT;
-- How many visits a technician takes a day (每位技术员每日可预约数): the
-- appointments board flags a day booked beyond it; 0 is the default.
ALTER TABLE centre_settings ADD COLUMN appointments_per_day INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE centre_settings DROP COLUMN appointments_per_day;
ALTER TABLE jobs DROP COLUMN reminded_for;
ALTER TABLE jobs DROP COLUMN reminded_at;
