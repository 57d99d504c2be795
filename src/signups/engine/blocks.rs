//! Choice blocks and their workshops: a workshop is one or several items
//! (its occurrences), a block limits how many workshops an attendee holds.

use super::settle::{check_holdings, settle, slot};
use crate::db::cached::Cached;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{ChoiceBlock, Id, Workshop};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::BTreeMap;

/// Deletes workshops left without any item.
fn drop_empty_workshops(conn: &Connection, event_id: Id) -> Result<()> {
    conn.execute_cached(
        "DELETE FROM workshops WHERE block_id IN (SELECT id FROM choice_blocks WHERE event_id = ?1) \
         AND id NOT IN (SELECT workshop_id FROM items WHERE workshop_id IS NOT NULL)",
        [event_id],
    )?;
    Ok(())
}

pub(super) fn block_event(conn: &Connection, block_id: Id) -> Result<Id> {
    conn.query_row_cached(
        "SELECT event_id FROM choice_blocks WHERE id = ?1",
        [block_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::not_found("block", block_id))
}

fn validate_block(block: &ChoiceBlock) -> Result<()> {
    if block.name.trim().is_empty() {
        return Err(Error::invalid("name", "required", "name must not be empty"));
    }
    if block.max_choices < 1 {
        return Err(Error::invalid(
            "maxChoices",
            "too_small",
            format!(
                "a block allows at least 1 choice (got {})",
                block.max_choices
            ),
        ));
    }
    if block.min_choices < 0 || block.min_choices > block.max_choices {
        return Err(Error::invalid(
            "minChoices",
            "out_of_range",
            format!(
                "the minimum ({}) must be between 0 and the maximum ({})",
                block.min_choices, block.max_choices
            ),
        ));
    }
    Ok(())
}

/// Blocks and workshops inside a caller's transaction (imports, the demo).
pub mod within {
    use super::*;

    /// Creates or updates a block; see [`Db::save_block`].
    pub fn save_block(conn: &Connection, block: &ChoiceBlock) -> Result<Id> {
        validate_block(block)?;
        let id = match block.id {
            None => {
                crate::programme::store::within::event(conn, block.event_id)?;
                conn.execute_cached(
                    "INSERT INTO choice_blocks (event_id, name, min_choices, max_choices) VALUES (?1, ?2, ?3, ?4)",
                    params![block.event_id, block.name.trim(), block.min_choices, block.max_choices],
                )?;
                conn.last_insert_rowid()
            }
            Some(id) => {
                if block_event(conn, id)? != block.event_id {
                    return Err(Error::invalid(
                        "eventId",
                        "other_event",
                        format!("block {id} belongs to another event"),
                    ));
                }
                conn.execute_cached(
                    "UPDATE choice_blocks SET name = ?2, min_choices = ?3, max_choices = ?4 WHERE id = ?1",
                    params![id, block.name.trim(), block.min_choices, block.max_choices],
                )?;
                id
            }
        };
        check_holdings(conn, block.event_id)?;
        Ok(id)
    }

    /// Puts items in a block; see [`Db::set_item_workshop`].
    pub fn set_item_workshop(
        conn: &Connection,
        item_id: Id,
        block_id: Option<Id>,
        same_as: Option<Id>,
    ) -> Result<()> {
        let item = slot(conn, item_id)?;
        let workshop_id = match (block_id, same_as) {
            (None, _) => None,
            (Some(block_id), Some(other)) => {
                let other = slot(conn, other)?;
                match (other.seat.workshop_id, other.seat.block) {
                    (Some(w), Some((b, _))) if b == block_id && other.event_id == item.event_id => {
                        Some(w)
                    }
                    _ => {
                        return Err(Error::invalid(
                            "sameAs",
                            "not_in_block",
                            format!("« {} » is not a workshop of this block", other.seat.title),
                        ))
                    }
                }
            }
            (Some(block_id), None) => {
                if block_event(conn, block_id)? != item.event_id {
                    return Err(Error::invalid(
                        "blockId",
                        "other_event",
                        format!("block {block_id} belongs to another event"),
                    ));
                }
                let alone = match (item.seat.workshop_id, item.seat.block) {
                    (Some(w), Some((b, _))) if b == block_id => {
                        let others: i64 = conn.query_row_cached(
                            "SELECT count(*) FROM items WHERE workshop_id = ?1 AND id <> ?2",
                            [w, item_id],
                            |r| r.get(0),
                        )?;
                        (others == 0).then_some(w)
                    }
                    _ => None,
                };
                match alone {
                    Some(w) => Some(w),
                    None => {
                        conn.execute_cached(
                            "INSERT INTO workshops (block_id) VALUES (?1)",
                            [block_id],
                        )?;
                        Some(conn.last_insert_rowid())
                    }
                }
            }
        };
        conn.execute_cached(
            "UPDATE items SET workshop_id = ?2 WHERE id = ?1",
            params![item_id, workshop_id],
        )?;
        drop_empty_workshops(conn, item.event_id)?;
        check_holdings(conn, item.event_id)?;
        settle(conn, item.event_id)?;
        Ok(())
    }

    /// Makes a block of items; see [`Db::make_block`].
    pub fn make_block(conn: &Connection, block: &ChoiceBlock, item_ids: &[Id]) -> Result<Id> {
        let block_id = save_block(
            conn,
            &ChoiceBlock {
                id: None,
                ..block.clone()
            },
        )?;
        // Same title (ignoring case and spaces): one workshop.
        let mut by_title: BTreeMap<String, Id> = BTreeMap::new();
        for &item_id in item_ids {
            let item = slot(conn, item_id)?;
            let key = item.seat.title.trim().to_lowercase();
            match by_title.get(&key) {
                Some(&first) => set_item_workshop(conn, item_id, Some(block_id), Some(first))?,
                None => {
                    set_item_workshop(conn, item_id, Some(block_id), None)?;
                    by_title.insert(key, item_id);
                }
            }
        }
        Ok(block_id)
    }
}

impl Db {
    /// Creates (no `id`) or updates a choice block. Lowering `max_choices`
    /// below what an attendee holds is refused, naming them.
    pub fn save_block(&mut self, block: &ChoiceBlock) -> Result<ChoiceBlock> {
        let label = if block.id.is_some() {
            "block.update"
        } else {
            "block.create"
        };
        self.change(label, |tx| {
            let id = within::save_block(tx, block)?;
            get_block(tx, id)
        })
    }

    /// Deletes a block: its items stay in the programme, without sign-up
    /// rules of a block; rankings for its workshops go.
    pub fn delete_block(&mut self, block_id: Id) -> Result<()> {
        self.change("block.delete", |tx| {
            if tx.execute("DELETE FROM choice_blocks WHERE id = ?1", [block_id])? == 0 {
                return Err(Error::not_found("block", block_id));
            }
            Ok(())
        })
    }

    /// Puts an item in block `block_id` as a workshop of its own, or, with
    /// `same_as`, as another occurrence of that item's workshop (the same
    /// workshop run in another round). `block_id = None` takes it out of
    /// its block. Refused if an attendee would then break a rule.
    pub fn set_item_workshop(
        &mut self,
        item_id: Id,
        block_id: Option<Id>,
        same_as: Option<Id>,
    ) -> Result<()> {
        self.change("item.workshop", |tx| {
            within::set_item_workshop(tx, item_id, block_id, same_as)
        })
    }

    /// Makes a block of these items in one step: items with the same title
    /// become occurrences of one workshop.
    pub fn make_block(&mut self, block: &ChoiceBlock, item_ids: &[Id]) -> Result<ChoiceBlock> {
        self.change("block.create", |tx| {
            let id = within::make_block(tx, block, item_ids)?;
            get_block(tx, id)
        })
    }
}

fn block_from_row(r: &Row<'_>) -> rusqlite::Result<ChoiceBlock> {
    Ok(ChoiceBlock {
        id: Some(r.get(0)?),
        event_id: r.get(1)?,
        name: r.get(2)?,
        min_choices: r.get(3)?,
        max_choices: r.get(4)?,
    })
}

fn get_block(conn: &Connection, id: Id) -> Result<ChoiceBlock> {
    conn.query_row_cached(
        "SELECT id, event_id, name, min_choices, max_choices FROM choice_blocks WHERE id = ?1",
        [id],
        block_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("block", id))
}

pub(crate) fn list_blocks(conn: &Connection, event_id: Id) -> Result<Vec<ChoiceBlock>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.id, b.event_id, b.name, b.min_choices, b.max_choices FROM choice_blocks b \
         WHERE b.event_id = ?1 ORDER BY (SELECT min(i.starts_at) FROM items i JOIN workshops w \
         ON w.id = i.workshop_id WHERE w.block_id = b.id), b.id",
    )?;
    let rows = stmt.query_map([event_id], block_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn list_workshops(conn: &Connection, event_id: Id) -> Result<Vec<Workshop>> {
    let mut stmt = conn.prepare_cached(
        "SELECT w.id, w.block_id, i.id FROM workshops w JOIN choice_blocks b ON b.id = w.block_id \
         JOIN items i ON i.workshop_id = w.id WHERE b.event_id = ?1 ORDER BY w.block_id, \
         (SELECT min(j.starts_at || j.title) FROM items j WHERE j.workshop_id = w.id), w.id, i.starts_at, i.id",
    )?;
    let mut out: Vec<Workshop> = Vec::new();
    let rows = stmt.query_map([event_id], |r| {
        Ok((r.get::<_, Id>(0)?, r.get::<_, Id>(1)?, r.get::<_, Id>(2)?))
    })?;
    for row in rows {
        let (id, block_id, item_id) = row?;
        match out.last_mut() {
            Some(w) if w.id == id => w.item_ids.push(item_id),
            _ => out.push(Workshop {
                id,
                block_id,
                item_ids: vec![item_id],
            }),
        }
    }
    Ok(out)
}
