-- Version 13: an index on personal_calendar_sent's attendee.
--
-- Deleting an attendee deletes what was sent to them (ON DELETE CASCADE),
-- found by attendee_id alone; the primary key leads with event_id, so
-- SQLite read the whole table for it: 5 million rows once every attendee
-- of a 10,000-person event had their calendar, half a second per deletion.
CREATE INDEX personal_calendar_sent_attendee ON personal_calendar_sent(attendee_id);
