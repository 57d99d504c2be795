#!/usr/bin/env python3
"""Writes an event's programme as an .ics with Python's `icalendar`, reading
the same SQLite file as `deroule export ics`: the side of
scripts/ics-vs-python.sh that Déroulé is compared with. One VEVENT per item
(UID, DTSTAMP, DTSTART/DTEND in the event's zone, SUMMARY, DESCRIPTION,
LOCATION, the speakers in the description), the zone's VTIMEZONE.

    ics_python.py DB EVENT_ID OUT
"""

import sqlite3
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

db, event_id, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
conn = sqlite3.connect(db)
title, zone = conn.execute("SELECT title, time_zone FROM events WHERE id = ?", (event_id,)).fetchone()
tz = ZoneInfo(zone)
speakers = {}
for item_id, name in conn.execute(
    "SELECT s.item_id, p.name FROM item_speakers s JOIN speakers p ON p.id = s.speaker_id"
    " JOIN items i ON i.id = s.item_id WHERE i.event_id = ? ORDER BY s.item_id, s.position",
    (event_id,),
):
    speakers.setdefault(item_id, []).append(name)

cal = Calendar()
cal.add("prodid", "-//Python icalendar//comparison//FR")
cal.add("version", "2.0")
cal.add("x-wr-calname", title)
now = datetime.now(timezone.utc)
for item_id, uid, starts, ends, summary, description, room in conn.execute(
    "SELECT i.id, i.uid, i.starts_at, i.ends_at, i.title, i.description, r.name"
    " FROM items i LEFT JOIN rooms r ON r.id = i.room_id WHERE i.event_id = ? ORDER BY i.starts_at",
    (event_id,),
):
    e = Event()
    e.add("uid", uid)
    e.add("dtstamp", now)
    e.add("dtstart", datetime.fromisoformat(starts).replace(tzinfo=tz))
    e.add("dtend", datetime.fromisoformat(ends).replace(tzinfo=tz))
    e.add("summary", summary)
    who = ", ".join(speakers.get(item_id, []))
    e.add("description", f"{description}\n\n{who}" if who else description)
    if room:
        e.add("location", room)
    cal.add_component(e)
cal.add_missing_timezones()
with open(out, "wb") as f:
    f.write(cal.to_ical())
