//! Changes from outside the sign-up engine that move seats: saving or
//! deleting a room, saving an item, deleting an attendee, and duplicating an
//! event with its choice blocks.
//!
//! A new capacity, a smaller or deleted room, a moved item or a departed
//! attendee may free seats (served to the waitlists) or leave an item over
//! capacity (refused), so each of these changes ends by settling in its own
//! transaction. They live here, above both [`crate::programme`] and the
//! engine, so that arrows point one way: the programme's writers
//! (`programme::store::within`) know nothing of sign-ups, the attendees know
//! nothing of the engine, and this module composes them with
//! `engine::settle` — one `Db` method each, with the same path as before
//! (`Db::save_room`, …), since an `impl Db` may live in any module.

use super::attendees;
use super::engine;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Event, Id, Item, Room};
use crate::programme::store::within as programme;
use crate::programme::update::ItemSaved;
use crate::programme::validate;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

impl Db {
    /// Creates (no `id`) or updates a room.
    pub fn save_room(&mut self, room: &Room) -> Result<Room> {
        validate::room(room)?;
        let label = if room.id.is_some() {
            "room.update"
        } else {
            "room.create"
        };
        self.change(label, |tx| {
            let id = programme::write_room(tx, room)?;
            // A new room capacity may free seats, or be refused.
            engine::settle(tx, room.event_id)?;
            programme::rooms(tx, room.event_id)?
                .into_iter()
                .find(|r| r.id == Some(id))
                .ok_or_else(|| Error::not_found("room", id))
        })
    }

    /// Deletes a room; its items stay, without a room.
    pub fn delete_room(&mut self, id: Id) -> Result<()> {
        self.change("room.delete", |tx| {
            let event_id = programme::delete_room(tx, id)?;
            // Items of the room lose its capacity: seats may free up.
            engine::settle(tx, event_id)?;
            Ok(())
        })
    }

    /// Creates (no `id`) or updates an item with its speakers.
    pub fn save_item(&mut self, item: &Item) -> Result<Item> {
        let id = self.write_item(item)?;
        self.item(item.event_id, id)
    }

    /// The item `id` of the event, as stored.
    fn item(&self, event_id: Id, id: Id) -> Result<Item> {
        programme::items(self.conn(), event_id)?
            .into_iter()
            .find(|i| i.id == Some(id))
            .ok_or_else(|| Error::not_found("item", id))
    }

    /// Saves an item as [`Db::save_item`] does, and tells the editor what
    /// its event's programme became (the items that changed, not all of
    /// them) and what undo would now revert.
    pub fn save_item_in_editor(&mut self, item: &Item) -> Result<ItemSaved> {
        let (id, programme) = self.told(item.event_id, |db| db.write_item(item))?;
        // A save that changed nothing tells no item.
        let saved = match programme.items.iter().find(|i| i.id == Some(id)) {
            Some(saved) => saved.clone(),
            None => self.item(item.event_id, id)?,
        };
        Ok(ItemSaved {
            item: saved,
            programme,
            history: self.history(),
        })
    }

    /// Creates or updates an item in one undoable step; returns its id.
    fn write_item(&mut self, item: &Item) -> Result<Id> {
        let label = if item.id.is_some() {
            "item.update"
        } else {
            "item.create"
        };
        self.change(label, |tx| match item.id {
            Some(id) => within::update_item(tx, item).map(|()| id),
            None => programme::create_item(tx, item),
        })
    }

    /// Removes an attendee with their sign-ups and rankings; the seats they
    /// held go to the waitlists.
    pub fn delete_attendee(&mut self, id: Id) -> Result<()> {
        self.change("attendee.delete", |tx| {
            let event_id = attendees::within::get(tx, id)?.event_id;
            tx.execute("DELETE FROM attendees WHERE id = ?1", [id])?;
            engine::settle(tx, event_id)?;
            Ok(())
        })
    }

    /// Deletes an attendee for good (the right to erasure): as
    /// [`Db::delete_attendee`], and whatever else kept their name or e-mail
    /// goes too — the record of messages sent to them, and the undo
    /// history, which held their rows to bring them back (so it is emptied:
    /// this cannot be undone). The write-ahead log is then folded back and
    /// emptied, and `secure_delete` has zeroed the freed space, so no copy
    /// of them stays in the file.
    pub fn erase_attendee(&mut self, id: Id) -> Result<()> {
        self.change("attendee.erase", |tx| {
            let event_id = attendees::within::get(tx, id)?.event_id;
            tx.execute(
                "DELETE FROM sent_messages WHERE recipient = ?1",
                [format!("attendee:{id}")],
            )?;
            tx.execute("DELETE FROM attendees WHERE id = ?1", [id])?;
            engine::settle(tx, event_id)?;
            Ok(())
        })?;
        self.forget_history()?;
        self.checkpoint()
    }

    /// Copies an event with its venue, rooms and programme (not its
    /// attendees) as a draft: the template for the next edition.
    pub fn duplicate_event(&mut self, id: Id, copy_suffix: &str) -> Result<Event> {
        self.change("event.duplicate", |tx| {
            let (new_id, copies) = programme::duplicate_event(tx, id, copy_suffix)?;
            // Choice blocks and their workshops come along, without
            // sign-ups or rankings.
            let mut block_map = HashMap::new();
            for block in engine::list_blocks(tx, id)? {
                tx.execute(
                    "INSERT INTO choice_blocks (event_id, name, min_choices, max_choices) VALUES (?1, ?2, ?3, ?4)",
                    params![new_id, block.name, block.min_choices, block.max_choices],
                )?;
                block_map.insert(block.id, tx.last_insert_rowid());
            }
            let mut workshop_map = HashMap::new();
            for workshop in engine::list_workshops(tx, id)? {
                tx.execute(
                    "INSERT INTO workshops (block_id) VALUES (?1)",
                    [block_map[&Some(workshop.block_id)]],
                )?;
                workshop_map.insert(workshop.id, tx.last_insert_rowid());
            }
            let mut set_workshop =
                tx.prepare_cached("UPDATE items SET workshop_id = ?2 WHERE id = ?1")?;
            // A copy is written without a workshop: only those of a
            // workshop are set.
            for (item, copy) in copies {
                if let Some(workshop_id) = item.workshop_id.and_then(|w| workshop_map.get(&w)) {
                    set_workshop.execute(params![copy, workshop_id])?;
                }
            }
            drop(set_workshop);
            programme::event(tx, new_id)
        })
    }
}

/// Seat-moving writers inside a caller's transaction (imports).
pub(crate) mod within {
    use super::*;

    /// Saves an existing item (see `programme::store::within::update_item`)
    /// and settles it: a new capacity or room may free seats, or be refused.
    /// A move or a new length changes who may hold what: the rules of
    /// holding are checked again for every waitlist of the event, so a waitlist that
    /// the old times blocked is served now, and nobody waiting is given a
    /// seat that overlaps theirs. Confirmed seats stay as they are (people
    /// were told): two of them brought together is a warning
    /// (`signups::warnings`), not a refusal.
    pub fn update_item(conn: &Connection, item: &Item) -> Result<()> {
        let Some(id) = item.id else {
            return programme::update_item(conn, item);
        };
        let before: Option<(String, String)> = conn
            .query_row(
                "SELECT starts_at, ends_at FROM items WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        programme::update_item(conn, item)?;
        let after: (String, String) = conn.query_row(
            "SELECT starts_at, ends_at FROM items WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        engine::settle_item(conn, id)?;
        if before.as_ref() != Some(&after) {
            engine::settle_waitlists(conn, item.event_id)?;
        }
        Ok(())
    }
}
