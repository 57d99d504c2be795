-- Version 7: messages to the people concerned by changes or by an
-- allocation (e-mails written as .eml files or sent through SMTP).
--
-- message_templates: the organiser's subject and body for each kind of
-- message, per event, with placeholders ({nom}, {changements}…); an event
-- without one uses the default of its language (words::messages).
CREATE TABLE message_templates (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('changes', 'allocation')),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (event_id, kind)
);

-- The mail server, one per database; its password is never here (the
-- system keyring holds it, or DEROULE_SMTP_PASSWORD).
CREATE TABLE smtp_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    host TEXT NOT NULL CHECK (length(trim(host)) > 0),
    port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    security TEXT NOT NULL CHECK (security IN ('starttls', 'tls', 'plain')),
    user TEXT NOT NULL DEFAULT '',
    from_address TEXT NOT NULL
);

-- Each message the server accepted, written in its own transaction right
-- after it did: sending a batch again sends only to those not in here, so
-- nobody gets the same message twice. A batch names what the message says
-- (the changes since a version, or an allocation's result, with a
-- fingerprint of it); a recipient is 'attendee:ID' or 'speaker:ID'. Like
-- versions, not undoable: what was sent stays sent.
CREATE TABLE sent_messages (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    batch TEXT NOT NULL,
    recipient TEXT NOT NULL,
    email TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sent_at TEXT NOT NULL,                   -- RFC 3339, UTC
    response TEXT NOT NULL DEFAULT '',
    UNIQUE (event_id, batch, recipient)
);
