-- +goose Up
-- The service desk (客服) is a role of its own: it takes calls, records
-- customers and jobs and dispatches them to technicians.
ALTER TABLE hub_users DROP CONSTRAINT hub_users_role_check;
ALTER TABLE hub_users ADD CONSTRAINT hub_users_role_check CHECK (role IN ('technician', 'desk', 'clerk', 'admin'));

-- +goose Down
ALTER TABLE hub_users DROP CONSTRAINT hub_users_role_check;
ALTER TABLE hub_users ADD CONSTRAINT hub_users_role_check CHECK (role IN ('technician', 'clerk', 'admin'));
