-- Version 3: workshop sign-ups.
--
-- A choice block groups the workshops an attendee chooses among ("14h-16h,
-- 2 ateliers d'1 heure au choix"). A workshop belongs to one block and runs
-- as one or more occurrences, each an item of the programme with its own
-- time, room and capacity: a workshop repeated at 14h and 15h is one
-- workshop with two items. Sign-ups are per item; rankings per workshop.
CREATE TABLE choice_blocks (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    min_choices INTEGER NOT NULL DEFAULT 0 CHECK (min_choices >= 0),
    max_choices INTEGER NOT NULL DEFAULT 1 CHECK (max_choices >= 1),
    CHECK (min_choices <= max_choices)
);
CREATE INDEX choice_blocks_event ON choice_blocks(event_id);

CREATE TABLE workshops (
    id INTEGER PRIMARY KEY,
    block_id INTEGER NOT NULL REFERENCES choice_blocks(id) ON DELETE CASCADE
);
CREATE INDEX workshops_block ON workshops(block_id);

ALTER TABLE items ADD COLUMN workshop_id INTEGER REFERENCES workshops(id) ON DELETE SET NULL;
CREATE INDEX items_workshop ON items(workshop_id);

-- Attendees gain a category ("bibliothécaire", "élu·e") and notes; an email
-- names one attendee per event (case-insensitive), empty emails aside.
ALTER TABLE attendees ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE attendees ADD COLUMN notes TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX attendees_email ON attendees(event_id, lower(email)) WHERE email <> '';

-- Sign-ups: `seq` orders requests (the waitlist is served in `seq` order; a
-- request made again after a cancellation goes to the back); `attended` is
-- NULL until the day, then 1 (present) or 0 (absent); `source` says who made
-- it: 'manual' (the organiser), 'desk' (on site) or 'allocation'.
ALTER TABLE signups ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE signups ADD COLUMN attended INTEGER CHECK (attended IS NULL OR attended IN (0, 1));
ALTER TABLE signups ADD COLUMN source TEXT NOT NULL DEFAULT 'manual'
    CHECK (source IN ('manual', 'desk', 'allocation'));
UPDATE signups SET seq = id;
CREATE INDEX signups_item ON signups(item_id, status, seq);
CREATE INDEX signups_seq ON signups(seq);

-- Ranked wishes for the workshops of a block, made before the day.
CREATE TABLE rankings (
    attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
    workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL CHECK (rank >= 1),
    PRIMARY KEY (attendee_id, workshop_id)
);
CREATE INDEX rankings_workshop ON rankings(workshop_id);

-- Promotions from a waitlist, kept so the organiser can tell the people
-- concerned; `told` is set once they have been.
CREATE TABLE promotions (
    id INTEGER PRIMARY KEY,
    signup_id INTEGER NOT NULL REFERENCES signups(id) ON DELETE CASCADE,
    promoted_at TEXT NOT NULL,               -- RFC 3339, UTC
    told INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX promotions_signup ON promotions(signup_id);
