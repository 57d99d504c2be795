-- Version 2: calendar identity of items.
-- Every item gets a UID, stable for its life and unique in the world, so that
-- calendars update an exported item instead of duplicating it.
ALTER TABLE items ADD COLUMN uid TEXT NOT NULL DEFAULT '';
UPDATE items SET uid = lower(hex(randomblob(16))) || '@deroule' WHERE uid = '';
CREATE UNIQUE INDEX items_uid ON items(event_id, uid);

-- What each calendar export last said about an item: its SEQUENCE and a
-- fingerprint of the fields calendars compare. The SEQUENCE rises when the
-- fingerprint changes after the event is published, and an item deleted
-- after being sent is exported once more as cancelled. This table is not
-- undoable on purpose: what was sent cannot be unsent, so SEQUENCE never
-- goes back.
CREATE TABLE calendar_sent (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    uid TEXT NOT NULL,
    sequence INTEGER NOT NULL DEFAULT 0,
    fingerprint TEXT NOT NULL,
    summary TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    cancelled INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, uid)
);
