-- Version 8: the running order (déroulé).
--
-- items.pinned: an item whose time must not move when the items before it
-- grow, shrink or are inserted (lunch, a live broadcast). Rippling stops
-- at it.
ALTER TABLE items ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));

-- events.admission and events.registration: practical facts that may be
-- "not stated" (then nothing is printed) instead of defaulting to free and
-- to no registration. What older versions stored keeps its meaning; the
-- old columns are still written, from these.
ALTER TABLE events ADD COLUMN admission TEXT NOT NULL DEFAULT 'unstated'
    CHECK (admission IN ('unstated', 'free', 'paid'));
ALTER TABLE events ADD COLUMN registration TEXT NOT NULL DEFAULT 'unstated'
    CHECK (registration IN ('unstated', 'required', 'open'));
UPDATE events SET admission = CASE WHEN free THEN 'free' ELSE 'paid' END;
UPDATE events SET registration = 'required' WHERE registration_required;
