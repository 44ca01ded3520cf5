-- +goose Up
-- The service centre's catalogue (package schema, table catalogue_items):
-- its parts price list and labour items, one synced row per item, id
-- '<kind>:<code>', written by the centre's admin and pulled by every device
-- of the centre. Its outbox triggers are derived from the schema at start.
CREATE TABLE catalogue_items (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    unit       TEXT NOT NULL DEFAULT '',
    price_fen  INTEGER NOT NULL DEFAULT 0,
    pinyin     TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    deleted    INTEGER NOT NULL DEFAULT 0,
    hub_seq    INTEGER NOT NULL DEFAULT 0
) STRICT;
-- The 设置 › 目录 list: a kind's items in code order.
CREATE INDEX catalogue_items_kind_code ON catalogue_items (kind, code) WHERE deleted = 0;
-- The picker's search index: one document per live item (its rowid), the
-- bigrams of its code, name and pinyin initials, and tokens for its kind
-- and whether it is active (see catalogue.go). Written with the item.
CREATE VIRTUAL TABLE catalogue_search USING fts5 (grams, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');

-- +goose Down
DROP TRIGGER IF EXISTS catalogue_items_outbox_insert;
DROP TRIGGER IF EXISTS catalogue_items_outbox_update;
DROP TABLE catalogue_search;
DROP TABLE catalogue_items;
