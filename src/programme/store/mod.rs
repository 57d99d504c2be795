//! Reading and changing the programme. Every change is one transaction
//! through [`Db::change`], so it is all-or-nothing and undoable.
//!
//! Events (`events.rs`), the venue and its rooms (`rooms.rs`), items and
//! speakers (`items.rs`), each above the one before; this module reads a
//! whole programme, and copies one.

mod events;
mod items;
pub(crate) mod parts;
mod rooms;

use super::{rules, validate};
use crate::db::Db;
use crate::error::Result;
use crate::model::{ymdhm, EventStatus, Id, Item, Programme, Room};
use chrono::NaiveDateTime;
use events::{get_event, write_event};
use items::{get_items, speaker_from_row, write_item};
use rooms::{get_rooms, get_venue, write_venue};
use rusqlite::Connection;
use std::collections::{BTreeSet, HashMap};

fn fmt_datetime(t: &NaiveDateTime) -> String {
    ymdhm::to_string(t)
}

impl Db {
    /// Everything the editor shows for one event, warnings included.
    pub fn programme(&self, event_id: Id) -> Result<Programme> {
        let conn = self.conn();
        let event = get_event(conn, event_id)?;
        let venue = get_venue(conn, event_id)?;
        let rooms = get_rooms(conn, event_id)?;
        let items = get_items(conn, event_id)?;
        let parts = parts::get_parts(conn, event_id, &items)?;
        // The speakers the items name, found by id (the links are in hand:
        // asking SQLite to join them again cost a lookup per link).
        let ids: BTreeSet<Id> = items
            .iter()
            .flat_map(|i| i.speakers.iter().map(|s| s.speaker_id))
            .collect();
        let ids = serde_json::to_string(&ids).expect("ids serialize");
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, title, organisation, bio, email, phone FROM speakers WHERE id IN \
             (SELECT value FROM json_each(?1)) ORDER BY name COLLATE NOCASE, id",
        )?;
        let speakers = stmt
            .query_map([ids], speaker_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let warnings = rules::warnings(&event, &rooms, &items);
        Ok(Programme {
            event,
            venue,
            rooms,
            items,
            parts,
            speakers,
            warnings,
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

    pub use super::events::within::{create_event, event};
    pub use super::items::within::{
        create_item, create_speaker, delete_item, directory, find_or_create_speaker, items,
        update_item,
    };
    pub use super::rooms::within::{
        create_room, delete_room, rooms, save_venue, venue, write_room,
    };

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
            let new_room = super::rooms::write_room(
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
}
