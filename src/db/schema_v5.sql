-- Version 5: calendars an event is published to (CalDAV).
--
-- A publication is a calendar collection on a server (its URL, the account,
-- which items: the whole programme, a room's or a speaker's), and, per item,
-- the resource written there: its address, its ETag (for If-Match, so that
-- nothing another client changed is overwritten) and the calendar text
-- sent (so that only what changed is sent again). The password is never
-- here: it is in the system keyring. Like calendar_sent, this records what
-- was sent and is not undoable.
CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    user TEXT NOT NULL DEFAULT '',
    subscribe_url TEXT NOT NULL DEFAULT '',
    -- The items published, as the JSON of an export's selection.
    selection TEXT NOT NULL,
    published_at TEXT,
    UNIQUE (event_id, url)
);

CREATE TABLE published_resources (
    publication_id INTEGER NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
    uid TEXT NOT NULL,
    href TEXT NOT NULL,
    etag TEXT,
    sequence INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (publication_id, uid)
);
