-- Version 12: the fairness options of a choice block.
--
-- choice_blocks.organisation_cap: at most this many attendees of the same
-- organisation (compared without case, accents or spaces) in one session
-- of a workshop; NULL: no limit.
-- choice_blocks.keep_seats: 1 when a new allocation of the block keeps the
-- seats its participants hold where possible (moving as few as it can).
-- block_priority_categories: the attendee categories served first by the
-- block's allocation ("N'a pas pu venir l'an dernier"), as the organiser
-- wrote them; attendees match them without case, accents or spaces.
ALTER TABLE choice_blocks ADD COLUMN organisation_cap INTEGER
    CHECK (organisation_cap IS NULL OR organisation_cap >= 1);
ALTER TABLE choice_blocks ADD COLUMN keep_seats INTEGER NOT NULL DEFAULT 0
    CHECK (keep_seats IN (0, 1));
CREATE TABLE block_priority_categories (
    id INTEGER PRIMARY KEY,
    block_id INTEGER NOT NULL REFERENCES choice_blocks(id) ON DELETE CASCADE,
    category TEXT NOT NULL CHECK (length(trim(category)) > 0),
    UNIQUE (block_id, category)
);
CREATE INDEX block_priority_categories_block ON block_priority_categories(block_id);
