-- Version 9: how many workshops of a block an attendee wishes, when the
-- registration form asked them ("Combien d'ateliers souhaitez-vous
-- suivre ?"). Without a row, the block's maximum; the allocation never
-- gives more than the block's maximum whatever is stored.
CREATE TABLE block_wishes (
    attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
    block_id INTEGER NOT NULL REFERENCES choice_blocks(id) ON DELETE CASCADE,
    wishes INTEGER NOT NULL CHECK (wishes >= 1),
    PRIMARY KEY (attendee_id, block_id)
);
CREATE INDEX block_wishes_block ON block_wishes(block_id);
