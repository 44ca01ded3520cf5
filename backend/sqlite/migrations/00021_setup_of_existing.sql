-- +goose Up
-- A new installation opens its first-run setup until the setting "setup"
-- says how it ended. A laptop already in use when this version arrives has
-- been set up: enrolled with a hub ("hub"), or working alone with records
-- or a technician of its own ("alone"). An empty store stays at the setup.
INSERT INTO settings (key, value, updated_at)
SELECT 'setup',
       CASE WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'account') THEN '"hub"' ELSE '"alone"' END,
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE NOT EXISTS (SELECT 1 FROM settings WHERE key = 'setup')
  AND (EXISTS (SELECT 1 FROM sync_state WHERE key = 'account')
       OR EXISTS (SELECT 1 FROM jobs)
       OR EXISTS (SELECT 1 FROM customers)
       OR EXISTS (SELECT 1 FROM settings WHERE key = 'technician' AND coalesce(value ->> '$.name', '') <> ''));

-- +goose Down
DELETE FROM settings WHERE key = 'setup';
