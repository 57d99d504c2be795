-- Version 19: the attendees list read from its index alone.
--
-- `attendees_event_name` (version 16) gave an event's attendees in the
-- list's order, but held only their names: SQLite then looked up each row
-- in the table for the other columns, 10,060 lookups on the large event,
-- half of reading the list. This index holds every column that the lists
-- read (id among them, so that equal names still follow their id), so that
-- reading the list, or all of an event's attendees in any order, does not
-- touch the table. It serves every query by event that the index it
-- replaces served, the foreign key's lookups included.
CREATE INDEX attendees_event_list ON attendees(
    event_id, name COLLATE NOCASE, id, email, organisation, category, notes, registered_at
);
DROP INDEX attendees_event_name;
