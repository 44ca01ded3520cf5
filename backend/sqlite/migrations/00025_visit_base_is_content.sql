-- +goose Up
-- A visit a pull brought and nobody edited here since has its content as
-- its base: content_base then holds '"="' (see mergekeys.go) instead of the
-- content a second time. When the content of such a visit changes and the
-- statement does not set the base itself (an edit here), the content it
-- had is kept as the base: the keys edited here still tell themselves
-- apart. (Visits stored before keep their base as it is.)
-- +goose StatementBegin
CREATE TRIGGER visits_content_base_kept AFTER UPDATE OF content ON visits
WHEN OLD.content_base = '"="' AND NEW.content_base = '"="' AND NEW.content IS NOT OLD.content
BEGIN
    UPDATE visits SET content_base = OLD.content WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER visits_content_base_kept;
UPDATE visits SET content_base = content WHERE content_base = '"="';
