-- Version 8: the running order (déroulé).
--
-- items.pinned: an item whose time must not move when the items before it
-- grow, shrink or are inserted (lunch, a live broadcast). Rippling stops
-- at it.
ALTER TABLE items ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
