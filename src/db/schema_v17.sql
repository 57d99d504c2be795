-- Version 17: one index of an event's attendees, not two.
--
-- `attendees_event_name` (version 16: event, then name) serves every query
-- by event that `attendees_event` (version 1: event alone) served, the
-- foreign key's lookups included, and every attendee written updated both.
DROP INDEX IF EXISTS attendees_event;
