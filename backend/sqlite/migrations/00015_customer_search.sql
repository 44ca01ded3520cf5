-- +goose Up
-- The customers' own search index (the 客户 page and the new-job dialog's
-- customer picker): name, company, phones and addresses as bigrams, like
-- job_search, by the customer's rowid. A substring LIKE over every customer
-- took most of a second at 70k customers. The store fills it at the first
-- start after this migration (search_rebuild names what to fill: the
-- bigrams are made in Go).
CREATE VIRTUAL TABLE customer_search USING fts5 (grams, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE search_rebuild (name TEXT PRIMARY KEY) STRICT;
INSERT INTO search_rebuild (name) VALUES ('customers');

-- +goose Down
DROP TABLE search_rebuild;
DROP TABLE customer_search;
