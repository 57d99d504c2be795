-- Version 18: personal_calendar_holders keyed by its attendee.
--
-- Its rows were told apart by SQLite's hidden rowid, with attendee_id
-- UNIQUE. SQLite's session extension, which carries what an export made on
-- a copy of the database recorded (`db::apart`), follows only tables with a
-- declared primary key: the same column, declared as the key. The rows are
-- copied as they are.
CREATE TABLE personal_calendar_holders_v18 (
    attendee_id INTEGER PRIMARY KEY REFERENCES attendees(id) ON DELETE CASCADE,
    commons_id INTEGER NOT NULL REFERENCES personal_calendar_commons(id)
);
INSERT INTO personal_calendar_holders_v18 (attendee_id, commons_id)
    SELECT attendee_id, commons_id FROM personal_calendar_holders;
DROP TABLE personal_calendar_holders;
ALTER TABLE personal_calendar_holders_v18 RENAME TO personal_calendar_holders;
CREATE INDEX personal_calendar_holders_commons ON personal_calendar_holders(commons_id);
