-- +goose Up
-- The person behind a hub user: the name printed on signatures and records
-- (display_name; empty: the user name) and the employee number. A device
-- learns both when it enrols.
ALTER TABLE hub_users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE hub_users ADD COLUMN employee_no TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE hub_users DROP COLUMN employee_no;
ALTER TABLE hub_users DROP COLUMN display_name;
