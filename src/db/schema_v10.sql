-- Version 10: parts as sections of their own.
--
-- A part ("01", "Partie 1 : On vous raconte l'histoire") was a label
-- repeated on every item; renaming it meant retyping it everywhere. It is
-- now a row: an optional number, a title and a place among the event's
-- parts, and items name it by id. Its label is number and title in one
-- line as the app writes them ("01 Ouverture", "Partie 2 – Débats"): what
-- files and imports name a part by, one per event. items.part_label stays
-- (a released column is never dropped) but is no longer read; new
-- versions write ''.
CREATE TABLE parts (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    label TEXT NOT NULL CHECK (length(label) > 0),
    UNIQUE (event_id, label)
);
CREATE INDEX parts_event ON parts(event_id, position);

ALTER TABLE items ADD COLUMN part_id INTEGER REFERENCES parts(id) ON DELETE SET NULL;
CREATE INDEX items_part ON items(part_id);

-- Each distinct label of an event becomes a part, in the order of its
-- first item; the whole label is its title, so nothing prints otherwise.
INSERT INTO parts (event_id, position, title, label)
    SELECT event_id,
           row_number() OVER (PARTITION BY event_id ORDER BY min(starts_at), min(id)) - 1,
           trim(part_label), trim(part_label)
    FROM items WHERE trim(part_label) <> ''
    GROUP BY event_id, trim(part_label);
UPDATE items SET part_id = (
        SELECT p.id FROM parts p
        WHERE p.event_id = items.event_id AND p.label = trim(items.part_label)),
    part_label = ''
    WHERE trim(part_label) <> '';
