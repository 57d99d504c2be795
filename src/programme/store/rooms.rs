//! The venue of an event and its rooms, in their order.

use super::events::get_event;
use super::validate;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Id, Room, Venue};
use rusqlite::{params, Connection, OptionalExtension};

pub(super) fn get_venue(conn: &Connection, event_id: Id) -> Result<Venue> {
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

pub(super) fn write_venue(conn: &Connection, event_id: Id, v: &Venue) -> Result<()> {
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

pub(super) fn get_rooms(conn: &Connection, event_id: Id) -> Result<Vec<Room>> {
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

pub(super) fn write_room(conn: &Connection, room: &Room) -> Result<Id> {
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

impl Db {
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
}

/// The venue and rooms inside a caller's transaction.
pub mod within {
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

    pub fn venue(conn: &Connection, event_id: Id) -> Result<Venue> {
        get_venue(conn, event_id)
    }

    pub fn rooms(conn: &Connection, event_id: Id) -> Result<Vec<Room>> {
        get_rooms(conn, event_id)
    }
}
