//! The running order's changes: new times with ripple, pinning, inserting
//! and duplicating in place, moving up and down the list. The programme
//! plans them ([`crate::programme::running`]); each is one transaction and
//! one undo step, and every item it moves is settled like any move (a new
//! time may free seats or clash with an attendee's other workshop).

use super::seats::within::update_item;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Id, Item};
use crate::programme::running::{self, Retime};
use crate::programme::speakers;
use crate::programme::store::within as programme;
use crate::programme::update::Retimed;
use chrono::{Duration, NaiveDateTime};
use rusqlite::Connection;

/// The event of the item `id`.
fn event_of(conn: &Connection, id: Id) -> Result<Id> {
    conn.query_row("SELECT event_id FROM items WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .map_err(|_| Error::not_found("item", id))
}

/// The item `id` and the other items of its event.
fn item_and_event(conn: &Connection, id: Id) -> Result<(Item, Vec<Item>)> {
    let event_id = event_of(conn, id)?;
    let items = programme::items(conn, event_id)?;
    let item = items
        .iter()
        .find(|i| i.id == Some(id))
        .cloned()
        .ok_or_else(|| Error::not_found("item", id))?;
    Ok((item, items))
}

/// Writes planned times, each item settled as it moves.
fn apply(conn: &Connection, items: &[Item], plan: &[Retime]) -> Result<()> {
    for r in plan {
        if let Some(item) = items.iter().find(|i| i.id == Some(r.id)) {
            update_item(
                conn,
                &Item {
                    starts_at: r.starts_at,
                    ends_at: r.ends_at,
                    ..item.clone()
                },
            )?;
        }
    }
    Ok(())
}

/// Makes room for `minutes` after `after` (moving what follows it up to the
/// first pinned item), then creates `item` there, in `after`'s room and part.
fn create_after(conn: &Connection, after: Id, mut item: Item, minutes: i64) -> Result<Item> {
    let (anchor, items) = item_and_event(conn, after)?;
    if minutes <= 0 {
        return Err(Error::invalid(
            "duration",
            "not_positive",
            format!("a duration of {minutes} minutes"),
        ));
    }
    let length = Duration::minutes(minutes);
    apply(
        conn,
        &items,
        &running::ripple(&items, &anchor, anchor.ends_at + length),
    )?;
    item.id = None;
    item.uid = String::new();
    item.event_id = anchor.event_id;
    item.starts_at = anchor.ends_at;
    item.ends_at = anchor.ends_at + length;
    item.room_id = anchor.room_id;
    item.pinned = false;
    item.workshop_id = None;
    item.block_id = None;
    let id = programme::create_item(conn, &item)?;
    programme::items(conn, anchor.event_id)?
        .into_iter()
        .find(|i| i.id == Some(id))
        .ok_or_else(|| Error::not_found("item", id))
}

impl Db {
    /// Gives an item new times. With `ripple`, the items after it in its
    /// lane move by as much as its end did, up to the first pinned one.
    /// Returns how many other items moved.
    pub fn retime_item(
        &mut self,
        id: Id,
        starts_at: NaiveDateTime,
        ends_at: NaiveDateTime,
        ripple: bool,
    ) -> Result<usize> {
        self.change("item.retime", |tx| {
            let (item, items) = item_and_event(tx, id)?;
            let others = if ripple {
                running::ripple(&items, &item, ends_at)
            } else {
                Vec::new()
            };
            // The item first: a bad time is refused before anything moves.
            let own = Retime {
                id,
                starts_at,
                ends_at,
            };
            apply(tx, &items, &[own])?;
            apply(tx, &items, &others)?;
            Ok(others.len())
        })
    }

    /// Gives an item new times as [`Db::retime_item`] does, and tells the
    /// editor what its event's programme became and what undo would now
    /// revert.
    pub fn retime_item_in_editor(
        &mut self,
        id: Id,
        starts_at: NaiveDateTime,
        ends_at: NaiveDateTime,
        ripple: bool,
    ) -> Result<Retimed> {
        let event_id = event_of(self.conn(), id)?;
        let (moved, programme) = self.told(event_id, |db| {
            db.retime_item(id, starts_at, ends_at, ripple)
        })?;
        Ok(Retimed {
            moved,
            programme,
            history: self.history(),
        })
    }

    /// Pins an item (its time no longer moves with the others) or frees it.
    pub fn set_item_pinned(&mut self, id: Id, pinned: bool) -> Result<()> {
        self.change("item.pin", |tx| {
            let n = tx.execute(
                "UPDATE items SET pinned = ?2 WHERE id = ?1",
                rusqlite::params![id, pinned],
            )?;
            if n == 0 {
                return Err(Error::not_found("item", id));
            }
            Ok(())
        })
    }

    /// A new item of `minutes` right after `after`, in its room and part,
    /// the items after it moved to make room (up to the first pinned one).
    /// `title` and `kind` come from the caller (the user's language).
    pub fn insert_item_after(&mut self, after: Id, draft: &Item, minutes: i64) -> Result<Item> {
        self.change("item.insert", |tx| {
            create_after(tx, after, draft.clone(), minutes)
        })
    }

    /// A copy of an item (speakers, part, room, text) right after it, the
    /// items after it moved to make room. The copy is not a workshop of a
    /// choice block and is not pinned.
    pub fn duplicate_item(&mut self, id: Id) -> Result<Item> {
        self.change("item.duplicate", |tx| {
            let (item, _) = item_and_event(tx, id)?;
            let minutes = (item.ends_at - item.starts_at).num_minutes();
            create_after(tx, id, item, minutes)
        })
    }

    /// Sets an item's speakers from what was typed in the running order
    /// ("Marc Giraud (modération), Sophie Reynaud"): names matched in the
    /// directory (case and accents aside), new ones added to it. Returns
    /// how many were added to the directory.
    pub fn set_item_speakers_text(&mut self, id: Id, text: &str) -> Result<usize> {
        let typed = speakers::read_links(text)?;
        self.change("item.speakers", |tx| {
            let (item, _) = item_and_event(tx, id)?;
            let (links, created) = speakers::link_typed(tx, &typed, &item.speakers)?;
            update_item(
                tx,
                &Item {
                    speakers: links,
                    ..item
                },
            )?;
            Ok(created)
        })
    }

    /// Moves an item `steps` places up (negative) or down its lane by
    /// swapping times with its neighbours; pinned items refuse. Returns
    /// how many items got new times.
    pub fn reorder_item(&mut self, id: Id, steps: i64) -> Result<usize> {
        self.change("item.reorder", |tx| {
            let (_, items) = item_and_event(tx, id)?;
            let plan = running::reorder(&items, id, steps)?;
            apply(tx, &items, &plan)?;
            Ok(plan.len())
        })
    }
}
