-- Version 6: versions of the programme as it went out.
--
-- "Marquer comme diffusé" keeps the programme as it was printed or sent: a
-- label, the time, and a snapshot (JSON: each item with its times, room,
-- title, kind, speakers, and who held or waited for a seat in it then), so
-- that later changes can be listed and the people concerned told. A version
-- is never edited: the trigger below refuses any UPDATE. Like
-- calendar_sent, this table is not undoable: what was sent stays sent.
CREATE TABLE versions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    label TEXT NOT NULL CHECK (length(trim(label)) > 0),
    marked_at TEXT NOT NULL,                 -- RFC 3339, UTC
    snapshot TEXT NOT NULL,                  -- JSON, see versions::Snapshot
    UNIQUE (event_id, label)
);
CREATE INDEX versions_event ON versions(event_id, marked_at);

CREATE TRIGGER versions_never_edited BEFORE UPDATE ON versions BEGIN
    SELECT RAISE(ABORT, 'a version of the programme is never edited');
END;
