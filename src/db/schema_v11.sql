-- Version 11: the registration date.
--
-- attendees.registered_at: when the person registered, read from the
-- registration platform's export (« Date d'inscription », « Date de
-- commande », "Order date"), as "YYYY-MM-DDTHH:MM:SS" on the event's clock
-- or "YYYY-MM-DD"; NULL when not known. A sign-up asked for them by the
-- organiser takes its place in the request order (signups.seq) from it, so
-- waitlists follow who registered first, not the order sign-ups are typed.
ALTER TABLE attendees ADD COLUMN registered_at TEXT
    CHECK (registered_at IS NULL OR registered_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*');
