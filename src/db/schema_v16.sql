-- Version 16: an event's attendees in the order of the attendees list.
--
-- The list (by name, ASCII letters folded, then id: `list_order`) was
-- sorted in Rust after reading every row through `attendees_event`: for the
-- large event's 10,060 attendees, a folded copy of each name, a sort and a
-- permutation of every column. Through this index SQLite gives the rows in
-- that order: `NOCASE` folds ASCII letters as `to_ascii_lowercase` does,
-- and entries with the same name follow their rowid, the id.
CREATE INDEX attendees_event_name ON attendees(event_id, name COLLATE NOCASE);
