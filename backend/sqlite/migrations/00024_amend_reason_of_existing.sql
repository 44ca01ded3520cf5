-- +goose Up
-- An amendment now says why it was made (content.amend_reason), and the hub
-- refuses an unsigned one without its reason. Amendments drafted before
-- this version, still unsigned, are given a reason that says so; the
-- technician may write the real one before signing. Signed revisions are
-- left as they were signed.
UPDATE visits
SET content = json_set(content, '$.amend_reason', '（此修订版创建于需要填写修订原因之前，原因未记录）'),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
    version = version + 1
WHERE supersedes IS NOT NULL AND supersedes <> '' AND signed = 0 AND deleted = 0
  AND trim(coalesce(content ->> '$.amend_reason', '')) = '';

-- +goose Down
SELECT 1;
