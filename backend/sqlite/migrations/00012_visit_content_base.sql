-- +goose Up
-- A visit's content merges on the hub field by field (the top-level keys of
-- the content). content_base is the content as the hub last sent it: the
-- keys where content differs from it are this device's edits, the only
-- ones a push sets, and the only ones a pull keeps over the hub's. NULL:
-- the hub has not sent this visit (a new one, or edits made before this
-- version), whose content then goes whole.
ALTER TABLE visits ADD COLUMN content_base TEXT CHECK (content_base IS NULL OR json_valid(content_base));
UPDATE visits SET content_base = content WHERE hub_seq > 0 AND NOT EXISTS (
    SELECT 1 FROM outbox o, json_each(o.changed) c WHERE o.tbl = 'visits' AND o.row_id = visits.id AND c.value = 'content');

-- +goose Down
ALTER TABLE visits DROP COLUMN content_base;
