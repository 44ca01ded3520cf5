-- +goose NO TRANSACTION
-- +goose Up
-- The service desk (客服) is a role of its own: it takes calls, records
-- customers and jobs and dispatches them to technicians. SQLite cannot
-- change a CHECK constraint in place: hub_users is rebuilt with foreign keys
-- off (devices and enrolment codes name their user), in its own transaction.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
DROP TABLE IF EXISTS hub_users_new;
CREATE TABLE hub_users_new (
    name         TEXT PRIMARY KEY,
    role         TEXT NOT NULL CHECK (role IN ('technician', 'desk', 'clerk', 'admin')),
    centre       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    employee_no  TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO hub_users_new (name, role, centre, created_at, display_name, employee_no)
    SELECT name, role, centre, created_at, display_name, employee_no FROM hub_users;
DROP TABLE hub_users;
ALTER TABLE hub_users_new RENAME TO hub_users;
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
DROP TABLE IF EXISTS hub_users_new;
CREATE TABLE hub_users_new (
    name         TEXT PRIMARY KEY,
    role         TEXT NOT NULL CHECK (role IN ('technician', 'clerk', 'admin')),
    centre       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    employee_no  TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO hub_users_new (name, role, centre, created_at, display_name, employee_no)
    SELECT name, role, centre, created_at, display_name, employee_no FROM hub_users;
DROP TABLE hub_users;
ALTER TABLE hub_users_new RENAME TO hub_users;
COMMIT;
PRAGMA foreign_keys = ON;
