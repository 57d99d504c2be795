-- Version 15: a deleted event is put aside, then purged.
--
-- Deleting a large event row by row (10,060 attendees, their sign-ups, 514
-- items: some 25,000 rows, each checked against its foreign keys and each
-- copied into the undo log) took 100–120 ms, and undoing it put every row
-- back one statement at a time. Deleting an event now marks it (deleted_at,
-- when it was deleted), which undo reverts like any other update; every
-- read of an event leaves a marked one out, and the app purges the marked
-- events once their deletion can no longer be undone (when it closes, and
-- when it starts for what a crash left behind).
ALTER TABLE events ADD COLUMN deleted_at TEXT;

-- Nothing is added to an event put aside (a window or a command line that
-- still had it in hand): the purge would take it away unseen.
CREATE TRIGGER items_of_deleted_event BEFORE INSERT ON items
    WHEN (SELECT deleted_at FROM events WHERE id = NEW.event_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the event was deleted'); END;
CREATE TRIGGER rooms_of_deleted_event BEFORE INSERT ON rooms
    WHEN (SELECT deleted_at FROM events WHERE id = NEW.event_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the event was deleted'); END;
CREATE TRIGGER parts_of_deleted_event BEFORE INSERT ON parts
    WHEN (SELECT deleted_at FROM events WHERE id = NEW.event_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the event was deleted'); END;
CREATE TRIGGER venues_of_deleted_event BEFORE INSERT ON venues
    WHEN (SELECT deleted_at FROM events WHERE id = NEW.event_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the event was deleted'); END;
CREATE TRIGGER attendees_of_deleted_event BEFORE INSERT ON attendees
    WHEN (SELECT deleted_at FROM events WHERE id = NEW.event_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the event was deleted'); END;
CREATE TRIGGER choice_blocks_of_deleted_event BEFORE INSERT ON choice_blocks
    WHEN (SELECT deleted_at FROM events WHERE id = NEW.event_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the event was deleted'); END;
