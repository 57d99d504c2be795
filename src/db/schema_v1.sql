-- Déroulé schema, version 1. Migrations are append-only: never edit this file
-- once released; add the next migration beside it.

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    series TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL,                      -- YYYY-MM-DD, first day
    day_start TEXT NOT NULL,                 -- HH:MM
    day_end TEXT NOT NULL,                   -- HH:MM
    time_zone TEXT NOT NULL DEFAULT 'Europe/Paris',
    language TEXT NOT NULL DEFAULT 'fr',
    description TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL DEFAULT '',
    free INTEGER NOT NULL DEFAULT 1,
    price TEXT NOT NULL DEFAULT '',
    registration_required INTEGER NOT NULL DEFAULT 0,
    registration_url TEXT NOT NULL DEFAULT '',
    registration_deadline TEXT,              -- YYYY-MM-DD
    practical_notes TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    organisers TEXT NOT NULL DEFAULT '[]',   -- JSON array of names
    partners TEXT NOT NULL DEFAULT '[]',     -- JSON array of names
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published'))
);

CREATE TABLE venues (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL UNIQUE REFERENCES events(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    street TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    access_notes TEXT NOT NULL DEFAULT '',
    latitude REAL,
    longitude REAL
);

CREATE TABLE rooms (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    accessibility TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rooms_event ON rooms(event_id);

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,                 -- YYYY-MM-DDTHH:MM, event's zone
    ends_at TEXT NOT NULL CHECK (ends_at > starts_at),
    kind TEXT NOT NULL,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT NOT NULL DEFAULT '',
    room_id INTEGER REFERENCES rooms(id) ON DELETE SET NULL,
    part_label TEXT NOT NULL DEFAULT '',
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    remote INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX items_event ON items(event_id, starts_at);
CREATE INDEX items_room ON items(room_id);

CREATE TABLE speakers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    title TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT ''
);

CREATE TABLE item_speakers (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    topic TEXT NOT NULL DEFAULT '',
    UNIQUE (item_id, speaker_id)
);
CREATE INDEX item_speakers_speaker ON item_speakers(speaker_id);

CREATE TABLE attendees (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    email TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL                 -- RFC 3339, UTC
);
CREATE INDEX attendees_event ON attendees(event_id);

CREATE TABLE signups (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    attendee_id INTEGER NOT NULL REFERENCES attendees(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    requested_at TEXT NOT NULL,              -- RFC 3339, UTC
    updated_at TEXT NOT NULL,                -- RFC 3339, UTC
    UNIQUE (item_id, attendee_id)
);
CREATE INDEX signups_attendee ON signups(attendee_id);
