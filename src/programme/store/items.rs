//! Items of the programme with their speakers, and the speakers directory.

use super::events::get_event;
use super::fmt_datetime;
use super::rooms::get_rooms;
use super::validate;
use crate::db::columns::{bad_column, parse_datetime};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Id, Item, ItemKind, ItemSpeaker, Speaker, SpeakerRole};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

/// The items of an event with their speakers, in programme order: by
/// start, then the room's place in the list (no room first), room, id.
///
/// Rows are read as the index gives them and ordered here: SQLite's sorter
/// copied every row of a large programme (5,000 items) into a temporary
/// b-tree and back, and the rooms' positions are a map of a hundred.
pub(super) fn get_items(conn: &Connection, event_id: Id) -> Result<Vec<Item>> {
    let mut links: HashMap<Id, Vec<(i64, ItemSpeaker)>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT s.item_id, s.speaker_id, s.role, s.topic, s.position FROM item_speakers s \
             JOIN items i ON i.id = s.item_id WHERE i.event_id = ?1",
        )?;
        let mut rows = stmt.query([event_id])?;
        while let Some(r) = rows.next()? {
            let role = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
            let role = SpeakerRole::parse(role).ok_or_else(|| bad_column(role, "unknown role"))?;
            links.entry(r.get(0)?).or_default().push((
                r.get(4)?,
                ItemSpeaker {
                    speaker_id: r.get(1)?,
                    role,
                    topic: r.get(3)?,
                },
            ));
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.event_id, i.starts_at, i.ends_at, i.kind, i.title, i.description, i.room_id, \
         i.part_id, i.capacity, i.remote, i.uid, i.workshop_id, w.block_id, i.pinned, p.label \
         FROM items i LEFT JOIN workshops w ON w.id = i.workshop_id \
         LEFT JOIN parts p ON p.id = i.part_id WHERE i.event_id = ?1",
    )?;
    let rows = stmt.query_map([event_id], |r| {
        let kind = r.get_ref(4)?.as_str()?;
        let id: Id = r.get(0)?;
        Ok(Item {
            id: Some(id),
            event_id: r.get(1)?,
            starts_at: parse_datetime(r.get_ref(2)?.as_str()?)?,
            ends_at: parse_datetime(r.get_ref(3)?.as_str()?)?,
            kind: ItemKind::parse(kind).ok_or_else(|| bad_column(kind, "unknown kind"))?,
            title: r.get(5)?,
            description: r.get(6)?,
            room_id: r.get(7)?,
            part_id: r.get(8)?,
            part_label: r.get::<_, Option<String>>(15)?.unwrap_or_default(),
            capacity: r.get(9)?,
            remote: r.get(10)?,
            pinned: r.get(14)?,
            uid: r.get(11)?,
            speakers: Vec::new(),
            workshop_id: r.get(12)?,
            block_id: r.get(13)?,
        })
    })?;
    let mut items: Vec<Item> = rows.collect::<rusqlite::Result<_>>()?;
    for item in &mut items {
        if let Some(mut list) = links.remove(&item.id.unwrap_or_default()) {
            list.sort_by_key(|(position, _)| *position);
            item.speakers = list.into_iter().map(|(_, link)| link).collect();
        }
    }
    let positions = room_positions(conn, event_id, &items)?;
    items.sort_by_cached_key(|i| {
        let position = i.room_id.and_then(|r| positions.get(&r).copied());
        (i.starts_at, position.unwrap_or(-1), i.room_id, i.id)
    });
    Ok(items)
}

/// The position of each room `items` are in (those of the event, and any
/// other an item names).
fn room_positions(conn: &Connection, event_id: Id, items: &[Item]) -> Result<HashMap<Id, i64>> {
    let mut positions = HashMap::new();
    let mut stmt = conn.prepare_cached("SELECT id, position FROM rooms WHERE event_id = ?1")?;
    let mut rows = stmt.query([event_id])?;
    while let Some(r) = rows.next()? {
        positions.insert(r.get(0)?, r.get(1)?);
    }
    for room in items.iter().filter_map(|i| i.room_id) {
        if let Entry::Vacant(vacant) = positions.entry(room) {
            let position: Option<i64> = conn
                .prepare_cached("SELECT position FROM rooms WHERE id = ?1")?
                .query_row([room], |r| r.get(0))
                .optional()?;
            if let Some(position) = position {
                vacant.insert(position);
            }
        }
    }
    Ok(positions)
}

pub(super) fn speaker_from_row(r: &Row<'_>) -> rusqlite::Result<Speaker> {
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

pub(super) fn write_item(conn: &Connection, item: &Item) -> Result<Id> {
    let starts_at = fmt_datetime(&item.starts_at);
    let ends_at = fmt_datetime(&item.ends_at);
    let part_id = super::parts::part_for_label(conn, item.event_id, &item.part_label)?;
    // The part it was in before this write (none for a new item).
    let mut left: Option<Id> = None;
    // ?1..?12 for both statements; ?13, the UID, only when inserting: an
    // update never changes it.
    let values: [&dyn rusqlite::ToSql; 13] = [
        &item.event_id,
        &starts_at,
        &ends_at,
        &item.kind.as_str(),
        &item.title.trim(),
        &item.description,
        &item.room_id,
        &part_id,
        &item.capacity,
        &item.remote,
        &item.id,
        &item.pinned,
        &item.uid.trim(),
    ];
    let id = match item.id {
        None => {
            // Cached: preparing a write also compiles the undo triggers it
            // fires; a duplicated or imported programme writes hundreds.
            conn.prepare_cached(
                "INSERT INTO items (event_id, starts_at, ends_at, kind, title, description, room_id, \
                 part_id, capacity, remote, id, pinned, uid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, \
                 ?12, coalesce(nullif(?13, ''), lower(hex(randomblob(16))) || '@deroule'))",
            )?
            .execute(&values[..])
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
            left = conn
                .prepare_cached("SELECT part_id FROM items WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?
                .flatten();
            let n = conn
                .prepare_cached(
                    "UPDATE items SET event_id=?1, starts_at=?2, ends_at=?3, kind=?4, title=?5, \
                     description=?6, room_id=?7, part_id=?8, capacity=?9, remote=?10, pinned=?12 WHERE id=?11",
                )?
                .execute(&values[..12])?;
            if n == 0 {
                return Err(Error::not_found("item", id));
            }
            id
        }
    };
    write_item_speakers(conn, id, &item.speakers, item.id.is_none())?;
    // The part it left, if no other item is in it.
    if left != part_id {
        super::parts::prune(conn, left)?;
    }
    Ok(id)
}

/// Makes the item's speaker links equal to `links`, touching only rows that
/// differ (so undo records the real change, not a rewrite). A `new` item
/// has none yet to read (a copied event's 514 items: as many queries).
fn write_item_speakers(
    conn: &Connection,
    item_id: Id,
    links: &[ItemSpeaker],
    new: bool,
) -> Result<()> {
    let existing: HashMap<Id, (Id, i64, String, String)> = if new {
        HashMap::new()
    } else {
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
                conn.prepare_cached(
                    "INSERT INTO item_speakers (item_id, speaker_id, position, role, topic) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![item_id, link.speaker_id, position, role, link.topic])?;
            }
        }
    }
    Ok(())
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

/// Items and speakers inside a caller's transaction.
pub mod within {
    use super::*;

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

    /// Adds a speaker to the directory, for an import that looked them up
    /// already (in a [`directory`] read once).
    pub fn create_speaker(conn: &Connection, speaker: &Speaker) -> Result<Id> {
        validate::speaker(speaker)?;
        write_speaker(
            conn,
            &Speaker {
                id: None,
                ..speaker.clone()
            },
        )
    }

    /// The speakers directory as `(id, name)`, oldest first: what an import
    /// looks people up in, read once rather than once per person (the
    /// directory has no index by name, so a query per person makes an
    /// import of thousands of people quadratic).
    pub fn directory(conn: &Connection) -> Result<Vec<(Id, String)>> {
        let mut stmt = conn.prepare("SELECT id, name FROM speakers ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn items(conn: &Connection, event_id: Id) -> Result<Vec<Item>> {
        get_items(conn, event_id)
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
        let part: Option<Id> = conn
            .query_row("SELECT part_id FROM items WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| Error::not_found("item", id))?;
        conn.execute("DELETE FROM items WHERE id = ?1", [id])?;
        super::super::parts::prune(conn, part)
    }
}
