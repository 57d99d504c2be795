-- Version 14: which items were common to everyone, kept once per export
-- instead of once per attendee.
--
-- personal_calendar_sent held a row for every item sent to every attendee:
-- 5 million rows (1.5 GB) once each of a 10,000-person event's attendees had
-- their day of 514 items, all read back at each export. An item common to
-- everyone goes to each attendee as the programme's calendar sends it
-- (calendar_sent), so what must be kept of it is only that it was in their
-- calendar: the common items of an export are one list, and each attendee
-- points to the list their calendar last held. personal_calendar_sent keeps
-- what is each attendee's own: the workshops they held, an item cancelled
-- for them, an item back above the programme's SEQUENCE. Rows recorded
-- before stay and mean what they meant; an attendee's row that says what
-- the programme says is dropped when their next calendar is recorded.
-- Like calendar_sent, a record of what was sent: undo does not revert it.
CREATE TABLE personal_calendar_commons (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    -- The UIDs of the items common to everyone, a JSON array.
    uids TEXT NOT NULL
);
CREATE INDEX personal_calendar_commons_event ON personal_calendar_commons(event_id);

CREATE TABLE personal_calendar_holders (
    attendee_id INTEGER NOT NULL UNIQUE REFERENCES attendees(id) ON DELETE CASCADE,
    commons_id INTEGER NOT NULL REFERENCES personal_calendar_commons(id)
);
CREATE INDEX personal_calendar_holders_commons ON personal_calendar_holders(commons_id);
