//! Reading and changing the programme. Every change is one transaction
//! through [`Db::change`], so it is all-or-nothing and undoable.

use super::{rules, validate};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{
    ymdhm, Event, EventStatus, EventSummary, Id, Item, ItemKind, ItemSpeaker, Practical, Programme,
    Room, Speaker, SpeakerRole, Venue,
};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::{HashMap, HashSet};

fn parse_date(s: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| bad_column(s, e))
}

fn parse_time(s: &str) -> rusqlite::Result<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M").map_err(|e| bad_column(s, e))
}

fn parse_datetime(s: &str) -> rusqlite::Result<NaiveDateTime> {
    ymdhm::parse(s).ok_or_else(|| bad_column(s, "expected YYYY-MM-DDTHH:MM"))
}

fn bad_column(value: &str, e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{value:?}: {e}").into(),
    )
}

fn fmt_datetime(t: &NaiveDateTime) -> String {
    t.format(ymdhm::FORMAT).to_string()
}

const EVENT_COLUMNS: &str = "id, title, series, date, day_start, day_end, time_zone, language, \
    description, audience, free, price, registration_required, registration_url, \
    registration_deadline, practical_notes, website, organisers, partners, status";

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<Event> {
    let list = |i: usize| -> rusqlite::Result<Vec<String>> {
        let text: String = r.get(i)?;
        serde_json::from_str(&text).map_err(|e| bad_column(&text, e))
    };
    Ok(Event {
        id: Some(r.get(0)?),
        title: r.get(1)?,
        series: r.get(2)?,
        date: parse_date(&r.get::<_, String>(3)?)?,
        day_start: parse_time(&r.get::<_, String>(4)?)?,
        day_end: parse_time(&r.get::<_, String>(5)?)?,
        time_zone: r.get(6)?,
        language: r.get(7)?,
        description: r.get(8)?,
        audience: r.get(9)?,
        practical: Practical {
            free: r.get(10)?,
            price: r.get(11)?,
            registration_required: r.get(12)?,
            registration_url: r.get(13)?,
            registration_deadline: r
                .get::<_, Option<String>>(14)?
                .map(|s| parse_date(&s))
                .transpose()?,
            notes: r.get(15)?,
            website: r.get(16)?,
        },
        organisers: list(17)?,
        partners: list(18)?,
        status: match r.get::<_, String>(19)?.as_str() {
            "published" => EventStatus::Published,
            _ => EventStatus::Draft,
        },
    })
}

fn status_str(status: EventStatus) -> &'static str {
    match status {
        EventStatus::Draft => "draft",
        EventStatus::Published => "published",
    }
}

/// Writes every column of `event` into row `id` (inserting when `id` is None).
fn write_event(conn: &Connection, id: Option<Id>, e: &Event) -> Result<Id> {
    let organisers = serde_json::to_string(&e.organisers).expect("strings serialize");
    let partners = serde_json::to_string(&e.partners).expect("strings serialize");
    let values = params![
        e.title.trim(),
        e.series.trim(),
        e.date.format("%Y-%m-%d").to_string(),
        e.day_start.format("%H:%M").to_string(),
        e.day_end.format("%H:%M").to_string(),
        e.time_zone,
        e.language,
        e.description,
        e.audience,
        e.practical.free,
        e.practical.price,
        e.practical.registration_required,
        e.practical.registration_url.trim(),
        e.practical
            .registration_deadline
            .map(|d| d.format("%Y-%m-%d").to_string()),
        e.practical.notes,
        e.practical.website.trim(),
        organisers,
        partners,
        status_str(e.status),
        id,
    ];
    match id {
        None => {
            conn.execute(
                "INSERT INTO events (title, series, date, day_start, day_end, time_zone, language, \
                 description, audience, free, price, registration_required, registration_url, \
                 registration_deadline, practical_notes, website, organisers, partners, status, id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
                values,
            )?;
            Ok(conn.last_insert_rowid())
        }
        Some(id) => {
            let n = conn.execute(
                "UPDATE events SET title=?1, series=?2, date=?3, day_start=?4, day_end=?5, \
                 time_zone=?6, language=?7, description=?8, audience=?9, free=?10, price=?11, \
                 registration_required=?12, registration_url=?13, registration_deadline=?14, \
                 practical_notes=?15, website=?16, organisers=?17, partners=?18, status=?19 \
                 WHERE id=?20",
                values,
            )?;
            if n == 0 {
                return Err(Error::not_found("event", id));
            }
            Ok(id)
        }
    }
}

fn get_event(conn: &Connection, id: Id) -> Result<Event> {
    conn.query_row(
        &format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1"),
        [id],
        event_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("event", id))
}

fn get_venue(conn: &Connection, event_id: Id) -> Result<Venue> {
    Ok(conn
        .query_row(
            "SELECT name, street, postcode, city, country, access_notes, latitude, longitude \
             FROM venues WHERE event_id = ?1",
            [event_id],
            |r| {
                Ok(Venue {
                    name: r.get(0)?,
                    street: r.get(1)?,
                    postcode: r.get(2)?,
                    city: r.get(3)?,
                    country: r.get(4)?,
                    access_notes: r.get(5)?,
                    latitude: r.get(6)?,
                    longitude: r.get(7)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

fn write_venue(conn: &Connection, event_id: Id, v: &Venue) -> Result<()> {
    conn.execute(
        "INSERT INTO venues (event_id, name, street, postcode, city, country, access_notes, latitude, longitude) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
         ON CONFLICT (event_id) DO UPDATE SET name=excluded.name, street=excluded.street, \
         postcode=excluded.postcode, city=excluded.city, country=excluded.country, \
         access_notes=excluded.access_notes, latitude=excluded.latitude, longitude=excluded.longitude",
        params![
            event_id,
            v.name.trim(),
            v.street.trim(),
            v.postcode.trim(),
            v.city.trim(),
            v.country.trim(),
            v.access_notes,
            v.latitude,
            v.longitude
        ],
    )?;
    Ok(())
}

fn get_rooms(conn: &Connection, event_id: Id) -> Result<Vec<Room>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, event_id, name, capacity, accessibility, position FROM rooms \
         WHERE event_id = ?1 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([event_id], |r| {
        Ok(Room {
            id: Some(r.get(0)?),
            event_id: r.get(1)?,
            name: r.get(2)?,
            capacity: r.get(3)?,
            accessibility: r.get(4)?,
            position: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn get_items(conn: &Connection, event_id: Id) -> Result<Vec<Item>> {
    let mut links: HashMap<Id, Vec<ItemSpeaker>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT s.item_id, s.speaker_id, s.role, s.topic FROM item_speakers s \
             JOIN items i ON i.id = s.item_id WHERE i.event_id = ?1 ORDER BY s.item_id, s.position",
        )?;
        let mut rows = stmt.query([event_id])?;
        while let Some(r) = rows.next()? {
            let role: String = r.get(2)?;
            links.entry(r.get(0)?).or_default().push(ItemSpeaker {
                speaker_id: r.get(1)?,
                role: SpeakerRole::parse(&role).ok_or_else(|| bad_column(&role, "unknown role"))?,
                topic: r.get(3)?,
            });
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.event_id, i.starts_at, i.ends_at, i.kind, i.title, i.description, i.room_id, \
         i.part_label, i.capacity, i.remote, i.uid, i.workshop_id, w.block_id FROM items i \
         LEFT JOIN rooms r ON r.id = i.room_id LEFT JOIN workshops w ON w.id = i.workshop_id \
         WHERE i.event_id = ?1 ORDER BY i.starts_at, coalesce(r.position, -1), i.room_id, i.id",
    )?;
    let rows = stmt.query_map([event_id], |r| {
        let kind: String = r.get(4)?;
        let id: Id = r.get(0)?;
        Ok(Item {
            id: Some(id),
            event_id: r.get(1)?,
            starts_at: parse_datetime(&r.get::<_, String>(2)?)?,
            ends_at: parse_datetime(&r.get::<_, String>(3)?)?,
            kind: ItemKind::parse(&kind).ok_or_else(|| bad_column(&kind, "unknown kind"))?,
            title: r.get(5)?,
            description: r.get(6)?,
            room_id: r.get(7)?,
            part_label: r.get(8)?,
            capacity: r.get(9)?,
            remote: r.get(10)?,
            uid: r.get(11)?,
            speakers: Vec::new(),
            workshop_id: r.get(12)?,
            block_id: r.get(13)?,
        })
    })?;
    let mut items: Vec<Item> = rows.collect::<rusqlite::Result<_>>()?;
    for item in &mut items {
        if let Some(list) = links.remove(&item.id.unwrap_or_default()) {
            item.speakers = list;
        }
    }
    Ok(items)
}

fn speaker_from_row(r: &Row<'_>) -> rusqlite::Result<Speaker> {
    Ok(Speaker {
        id: Some(r.get(0)?),
        name: r.get(1)?,
        title: r.get(2)?,
        organisation: r.get(3)?,
        bio: r.get(4)?,
        email: r.get(5)?,
        phone: r.get(6)?,
    })
}

fn speaker_exists(conn: &Connection, id: Id) -> bool {
    conn.query_row("SELECT 1 FROM speakers WHERE id = ?1", [id], |_| Ok(()))
        .optional()
        .ok()
        .flatten()
        .is_some()
}

fn write_item(conn: &Connection, item: &Item) -> Result<Id> {
    let starts_at = fmt_datetime(&item.starts_at);
    let ends_at = fmt_datetime(&item.ends_at);
    // ?1..?11 for both statements; ?12, the UID, only when inserting: an
    // update never changes it.
    let values: [&dyn rusqlite::ToSql; 12] = [
        &item.event_id,
        &starts_at,
        &ends_at,
        &item.kind.as_str(),
        &item.title.trim(),
        &item.description,
        &item.room_id,
        &item.part_label.trim(),
        &item.capacity,
        &item.remote,
        &item.id,
        &item.uid.trim(),
    ];
    let id = match item.id {
        None => {
            conn.execute(
                "INSERT INTO items (event_id, starts_at, ends_at, kind, title, description, room_id, \
                 part_label, capacity, remote, id, uid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, \
                 coalesce(nullif(?12, ''), lower(hex(randomblob(16))) || '@deroule'))",
                &values[..],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    Error::invalid(
                        "uid",
                        "duplicate_uid",
                        format!("another item of this event has the UID {:?}", item.uid),
                    )
                }
                e => e.into(),
            })?;
            conn.last_insert_rowid()
        }
        Some(id) => {
            let n = conn.execute(
                "UPDATE items SET event_id=?1, starts_at=?2, ends_at=?3, kind=?4, title=?5, \
                 description=?6, room_id=?7, part_label=?8, capacity=?9, remote=?10 WHERE id=?11",
                &values[..11],
            )?;
            if n == 0 {
                return Err(Error::not_found("item", id));
            }
            id
        }
    };
    write_item_speakers(conn, id, &item.speakers)?;
    Ok(id)
}

/// Makes the item's speaker links equal to `links`, touching only rows that
/// differ (so undo records the real change, not a rewrite).
fn write_item_speakers(conn: &Connection, item_id: Id, links: &[ItemSpeaker]) -> Result<()> {
    let existing: HashMap<Id, (Id, i64, String, String)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT speaker_id, id, position, role, topic FROM item_speakers WHERE item_id = ?1",
        )?;
        let rows = stmt.query_map([item_id], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let wanted: HashSet<Id> = links.iter().map(|l| l.speaker_id).collect();
    for (speaker_id, (row_id, ..)) in &existing {
        if !wanted.contains(speaker_id) {
            conn.execute("DELETE FROM item_speakers WHERE id = ?1", [row_id])?;
        }
    }
    for (position, link) in links.iter().enumerate() {
        let position = position as i64;
        let role = link.role.as_str();
        match existing.get(&link.speaker_id) {
            Some((row_id, p, r, t)) => {
                if *p != position || r != role || *t != link.topic {
                    conn.execute(
                        "UPDATE item_speakers SET position=?1, role=?2, topic=?3 WHERE id=?4",
                        params![position, role, link.topic, row_id],
                    )?;
                }
            }
            None => {
                conn.execute(
                    "INSERT INTO item_speakers (item_id, speaker_id, position, role, topic) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![item_id, link.speaker_id, position, role, link.topic],
                )?;
            }
        }
    }
    Ok(())
}

fn write_room(conn: &Connection, room: &Room) -> Result<Id> {
    match room.id {
        None => {
            let position: i64 = conn.query_row(
                "SELECT coalesce(max(position) + 1, 0) FROM rooms WHERE event_id = ?1",
                [room.event_id],
                |r| r.get(0),
            )?;
            conn.execute(
                "INSERT INTO rooms (event_id, name, capacity, accessibility, position) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![room.event_id, room.name.trim(), room.capacity, room.accessibility, position],
            )?;
            Ok(conn.last_insert_rowid())
        }
        Some(id) => {
            let n = conn.execute(
                "UPDATE rooms SET name=?1, capacity=?2, accessibility=?3, position=?4 WHERE id=?5 AND event_id=?6",
                params![room.name.trim(), room.capacity, room.accessibility, room.position, id, room.event_id],
            )?;
            if n == 0 {
                return Err(Error::not_found("room", id));
            }
            Ok(id)
        }
    }
}

fn write_speaker(conn: &Connection, s: &Speaker) -> Result<Id> {
    let values = params![
        s.name.trim(),
        s.title.trim(),
        s.organisation.trim(),
        s.bio,
        s.email.trim(),
        s.phone.trim(),
        s.id
    ];
    match s.id {
        None => {
            conn.execute(
                "INSERT INTO speakers (name, title, organisation, bio, email, phone, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                values,
            )?;
            Ok(conn.last_insert_rowid())
        }
        Some(id) => {
            let n = conn.execute(
                "UPDATE speakers SET name=?1, title=?2, organisation=?3, bio=?4, email=?5, phone=?6 WHERE id=?7",
                values,
            )?;
            if n == 0 {
                return Err(Error::not_found("speaker", id));
            }
            Ok(id)
        }
    }
}

fn check_item(conn: &Connection, item: &Item) -> Result<()> {
    let event = get_event(conn, item.event_id)?;
    let room_ids: HashSet<Id> = get_rooms(conn, item.event_id)?
        .iter()
        .filter_map(|r| r.id)
        .collect();
    validate::item(item, &event, &room_ids, |id| speaker_exists(conn, id))
}

impl Db {
    /// All events, the most recent first.
    pub fn list_events(&self) -> Result<Vec<EventSummary>> {
        let mut stmt = self.conn().prepare(
            "SELECT e.id, e.title, e.series, e.date, e.status, \
             (SELECT count(*) FROM items i WHERE i.event_id = e.id), coalesce(v.name, '') \
             FROM events e LEFT JOIN venues v ON v.event_id = e.id ORDER BY e.date DESC, e.id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(EventSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                series: r.get(2)?,
                date: parse_date(&r.get::<_, String>(3)?)?,
                status: if r.get::<_, String>(4)? == "published" {
                    EventStatus::Published
                } else {
                    EventStatus::Draft
                },
                item_count: r.get(5)?,
                venue_name: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn event(&self, id: Id) -> Result<Event> {
        get_event(self.conn(), id)
    }

    /// Creates an event; its `id` is ignored.
    pub fn create_event(&mut self, event: &Event) -> Result<Event> {
        validate::event(event)?;
        self.change("event.create", |tx| {
            let id = write_event(tx, None, event)?;
            get_event(tx, id)
        })
    }

    /// Saves an event's details. When its date changes, the items move with
    /// it, so an event duplicated for next year keeps its programme.
    pub fn update_event(&mut self, event: &Event) -> Result<Event> {
        validate::event(event)?;
        let id = event
            .id
            .ok_or_else(|| Error::invalid("id", "required", "the event has no id"))?;
        self.change("event.update", |tx| {
            let before = get_event(tx, id)?;
            write_event(tx, Some(id), event)?;
            let shift = event.date.signed_duration_since(before.date).num_days();
            if shift != 0 {
                let modifier = format!("{shift:+} days");
                tx.execute(
                    "UPDATE items SET starts_at = strftime('%Y-%m-%dT%H:%M', starts_at, ?2), \
                     ends_at = strftime('%Y-%m-%dT%H:%M', ends_at, ?2) WHERE event_id = ?1",
                    params![id, modifier],
                )?;
            }
            get_event(tx, id)
        })
    }

    pub fn delete_event(&mut self, id: Id) -> Result<()> {
        self.change("event.delete", |tx| {
            if tx.execute("DELETE FROM events WHERE id = ?1", [id])? == 0 {
                return Err(Error::not_found("event", id));
            }
            Ok(())
        })
    }

    /// Everything the editor shows for one event, warnings included.
    pub fn programme(&self, event_id: Id) -> Result<Programme> {
        let conn = self.conn();
        let event = get_event(conn, event_id)?;
        let venue = get_venue(conn, event_id)?;
        let rooms = get_rooms(conn, event_id)?;
        let items = get_items(conn, event_id)?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, title, organisation, bio, email, phone FROM speakers WHERE id IN \
             (SELECT s.speaker_id FROM item_speakers s JOIN items i ON i.id = s.item_id WHERE i.event_id = ?1) \
             ORDER BY name COLLATE NOCASE, id",
        )?;
        let speakers = stmt
            .query_map([event_id], speaker_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let warnings = rules::warnings(&event, &rooms, &items);
        Ok(Programme {
            event,
            venue,
            rooms,
            items,
            speakers,
            warnings,
        })
    }

    pub fn save_venue(&mut self, event_id: Id, venue: &Venue) -> Result<Venue> {
        validate::venue(venue)?;
        self.change("venue.save", |tx| {
            get_event(tx, event_id)?;
            write_venue(tx, event_id, venue)?;
            get_venue(tx, event_id)
        })
    }

    /// Moves a room one place left (`-1`) or right (`+1`) among its event's
    /// rooms, as one change. The rooms are renumbered 0, 1, 2… on the way,
    /// so positions stay distinct whatever they were.
    pub fn move_room(&mut self, id: Id, delta: i64) -> Result<Vec<Room>> {
        self.change("room.move", |tx| {
            let event_id: Id = tx
                .query_row("SELECT event_id FROM rooms WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| Error::not_found("room", id))?;
            let mut rooms = get_rooms(tx, event_id)?;
            let from = rooms
                .iter()
                .position(|r| r.id == Some(id))
                .expect("the room is in its event");
            let to = (from as i64 + delta).clamp(0, rooms.len() as i64 - 1) as usize;
            let room = rooms.remove(from);
            rooms.insert(to, room);
            for (position, room) in rooms.iter_mut().enumerate() {
                if room.position != position as i64 {
                    room.position = position as i64;
                    tx.execute(
                        "UPDATE rooms SET position = ?1 WHERE id = ?2",
                        params![room.position, room.id],
                    )?;
                }
            }
            Ok(rooms)
        })
    }

    pub fn delete_item(&mut self, id: Id) -> Result<()> {
        self.change("item.delete", |tx| within::delete_item(tx, id))
    }

    /// The speakers directory, by name.
    pub fn list_speakers(&self) -> Result<Vec<Speaker>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, title, organisation, bio, email, phone FROM speakers ORDER BY name COLLATE NOCASE, id",
        )?;
        let rows = stmt.query_map([], speaker_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Creates (no `id`) or updates a speaker of the directory.
    pub fn save_speaker(&mut self, speaker: &Speaker) -> Result<Speaker> {
        validate::speaker(speaker)?;
        let label = if speaker.id.is_some() {
            "speaker.update"
        } else {
            "speaker.create"
        };
        self.change(label, |tx| {
            let id = write_speaker(tx, speaker)?;
            Ok(tx.query_row(
                "SELECT id, name, title, organisation, bio, email, phone FROM speakers WHERE id = ?1",
                [id],
                speaker_from_row,
            )?)
        })
    }

    /// Removes a speaker from the directory and from every item they were on.
    pub fn delete_speaker(&mut self, id: Id) -> Result<()> {
        self.change("speaker.delete", |tx| {
            if tx.execute("DELETE FROM speakers WHERE id = ?1", [id])? == 0 {
                return Err(Error::not_found("speaker", id));
            }
            Ok(())
        })
    }
}

/// Writers used by imports (the demo, programme files) and by the sign-up
/// layer inside their own transaction. They validate like the public
/// methods, except `write_room`, whose caller validates first.
///
/// None of them settles sign-ups: the programme knows nothing of seats.
/// The public changes that can move seats (saving or deleting a room,
/// saving an item, duplicating an event with its choice blocks) are
/// `Db` methods of `crate::signups::seats`, which call these and then
/// settle in the same transaction.
pub(crate) mod within {
    use super::*;

    /// Creates (no `id`) or updates a room of an existing event, as given
    /// (the caller validates it).
    pub fn write_room(conn: &Connection, room: &Room) -> Result<Id> {
        get_event(conn, room.event_id)?;
        super::write_room(conn, room)
    }

    /// Deletes a room; its items stay, without a room. Returns its event.
    pub fn delete_room(conn: &Connection, id: Id) -> Result<Id> {
        let event_id: Id = conn
            .query_row("SELECT event_id FROM rooms WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| Error::not_found("room", id))?;
        conn.execute("DELETE FROM rooms WHERE id = ?1", [id])?;
        Ok(event_id)
    }

    /// Copies an event with its venue, rooms and items (not its attendees
    /// nor its choice blocks) as a draft. Returns the copy's id and, for
    /// each item, the original with the id of its copy, so the caller can
    /// bring along what hangs on items.
    pub fn duplicate_event(
        conn: &Connection,
        id: Id,
        copy_suffix: &str,
    ) -> Result<(Id, Vec<(Item, Id)>)> {
        let mut event = get_event(conn, id)?;
        event.title = format!("{}{}", event.title, copy_suffix);
        event.status = EventStatus::Draft;
        let new_id = write_event(conn, None, &event)?;
        write_venue(conn, new_id, &get_venue(conn, id)?)?;
        let mut room_map = HashMap::new();
        for room in get_rooms(conn, id)? {
            let old = room.id;
            let new_room = super::write_room(
                conn,
                &Room {
                    id: None,
                    event_id: new_id,
                    ..room
                },
            )?;
            room_map.insert(old, new_room);
        }
        let mut copies = Vec::new();
        for item in get_items(conn, id)? {
            let room_id = item.room_id.and_then(|r| room_map.get(&Some(r)).copied());
            // A copy is a new item for calendars: it gets its own UID.
            let copy = write_item(
                conn,
                &Item {
                    id: None,
                    uid: String::new(),
                    event_id: new_id,
                    room_id,
                    ..item.clone()
                },
            )?;
            copies.push((item, copy));
        }
        Ok((new_id, copies))
    }

    pub fn create_event(conn: &Connection, event: &Event) -> Result<Id> {
        validate::event(event)?;
        write_event(conn, None, event)
    }

    pub fn save_venue(conn: &Connection, event_id: Id, venue: &Venue) -> Result<()> {
        validate::venue(venue)?;
        write_venue(conn, event_id, venue)
    }

    pub fn create_room(conn: &Connection, room: &Room) -> Result<Id> {
        validate::room(room)?;
        write_room(
            conn,
            &Room {
                id: None,
                ..room.clone()
            },
        )
    }

    /// Finds a directory speaker with the same name and organisation, or
    /// creates one, so loading a programme twice does not duplicate people.
    pub fn find_or_create_speaker(conn: &Connection, speaker: &Speaker) -> Result<Id> {
        validate::speaker(speaker)?;
        let found: Option<Id> = conn
            .query_row(
                "SELECT id FROM speakers WHERE name = ?1 AND organisation = ?2 ORDER BY id LIMIT 1",
                params![speaker.name.trim(), speaker.organisation.trim()],
                |r| r.get(0),
            )
            .optional()?;
        match found {
            Some(id) => Ok(id),
            None => write_speaker(
                conn,
                &Speaker {
                    id: None,
                    ..speaker.clone()
                },
            ),
        }
    }

    pub fn event(conn: &Connection, id: Id) -> Result<Event> {
        get_event(conn, id)
    }

    pub fn venue(conn: &Connection, event_id: Id) -> Result<Venue> {
        get_venue(conn, event_id)
    }

    pub fn rooms(conn: &Connection, event_id: Id) -> Result<Vec<Room>> {
        get_rooms(conn, event_id)
    }

    pub fn items(conn: &Connection, event_id: Id) -> Result<Vec<Item>> {
        get_items(conn, event_id)
    }

    /// The directory speaker that a file names: the one with id `id` when
    /// it bears this name (a file exported from this database), else the
    /// oldest one with this name, whatever their organisation (files from
    /// elsewhere carry names only).
    pub fn find_speaker(conn: &Connection, id: Option<Id>, name: &str) -> Result<Option<Id>> {
        let name = name.trim();
        if let Some(id) = id {
            let same: Option<Id> = conn
                .query_row(
                    "SELECT id FROM speakers WHERE id = ?1 AND name = ?2",
                    params![id, name],
                    |r| r.get(0),
                )
                .optional()?;
            if same.is_some() {
                return Ok(same);
            }
        }
        Ok(conn
            .query_row(
                "SELECT id FROM speakers WHERE name = ?1 ORDER BY id LIMIT 1",
                [name],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn create_item(conn: &Connection, item: &Item) -> Result<Id> {
        let item = Item {
            id: None,
            ..item.clone()
        };
        check_item(conn, &item)?;
        write_item(conn, &item)
    }

    /// Saves an existing item with its speakers; it stays in its event and
    /// keeps its UID. Its sign-ups are not settled here (see above).
    pub fn update_item(conn: &Connection, item: &Item) -> Result<()> {
        let id = item
            .id
            .ok_or_else(|| Error::invalid("id", "required", "the item has no id"))?;
        let owner: Option<Id> = conn
            .query_row("SELECT event_id FROM items WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        match owner {
            None => return Err(Error::not_found("item", id)),
            Some(owner) if owner != item.event_id => {
                return Err(Error::invalid(
                    "eventId",
                    "other_event",
                    "an item cannot move to another event",
                ))
            }
            Some(_) => {}
        }
        check_item(conn, item)?;
        write_item(conn, item)?;
        Ok(())
    }

    pub fn delete_item(conn: &Connection, id: Id) -> Result<()> {
        if conn.execute("DELETE FROM items WHERE id = ?1", [id])? == 0 {
            return Err(Error::not_found("item", id));
        }
        Ok(())
    }
}
