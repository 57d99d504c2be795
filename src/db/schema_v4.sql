-- Version 4: what each attendee's own calendar said.
--
-- An attendee's personal calendar holds the common items and the workshops
-- they hold. When they no longer hold one (moved, cancelled, or the item
-- deleted), the next personal calendar sent to them, once the event is
-- published, carries it once more as STATUS:CANCELLED with a higher
-- SEQUENCE, so the copy in their calendar goes away instead of staying.
-- Like calendar_sent, this is a record of what was sent, which cannot be
-- unsent: undo does not revert it.
CREATE TABLE personal_calendar_sent (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
    uid TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    summary TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    cancelled INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, attendee_id, uid)
);
