//! Parts: the sections of a programme ("01", "Partie 1 : …"), their items
//! the chapters inside. Items name their part by id; saving an item names it
//! by label ([`Item::part_label`]), found or made here, and a part that no
//! item names any more is removed with the change that emptied it.

use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{part_label, split_part_label as split_label, Id, Item, Part};
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// The event's parts, in the order of their first item (then by position:
/// a part is emptied only by a change, which removes it: see [`prune`]):
/// the parts of an event, in the order of their first item in `items` (the
/// event's, as `get_items` reads them), then by position: parts no item is
/// in come last.
pub(super) fn get_parts(conn: &Connection, event_id: Id, items: &[Item]) -> Result<Vec<Part>> {
    let mut first: HashMap<Id, NaiveDateTime> = HashMap::new();
    for item in items {
        if let Some(part) = item.part_id {
            first
                .entry(part)
                .and_modify(|t| *t = (*t).min(item.starts_at))
                .or_insert(item.starts_at);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, event_id, number, title, position, label FROM parts WHERE event_id = ?1",
    )?;
    let rows = stmt.query_map([event_id], part_from_row)?;
    let mut parts: Vec<Part> = rows.collect::<rusqlite::Result<_>>()?;
    parts.sort_by_cached_key(|p| {
        let first = p.id.and_then(|id| first.get(&id).copied());
        (first.is_none(), first, p.position, p.id)
    });
    Ok(parts)
}

fn part_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Part> {
    Ok(Part {
        id: Some(r.get(0)?),
        event_id: r.get(1)?,
        number: r.get(2)?,
        title: r.get(3)?,
        position: r.get(4)?,
        label: r.get(5)?,
    })
}

/// The id of the event's part whose label is `label`, made (last in order)
/// when there is none. `None` for an empty label.
pub(super) fn part_for_label(conn: &Connection, event_id: Id, label: &str) -> Result<Option<Id>> {
    let label = label.trim();
    if label.is_empty() {
        return Ok(None);
    }
    // Called for every item written (imports write thousands): one
    // indexed lookup.
    let found = conn
        .prepare_cached("SELECT id FROM parts WHERE event_id = ?1 AND label = ?2")?
        .query_row(params![event_id, label], |r| r.get(0))
        .optional()?;
    if found.is_some() {
        return Ok(found);
    }
    let (number, title) = split_label(label);
    insert(conn, event_id, &number, &title).map(Some)
}

fn insert(conn: &Connection, event_id: Id, number: &str, title: &str) -> Result<Id> {
    conn.execute(
        "INSERT INTO parts (event_id, position, number, title, label) VALUES (?1, \
         (SELECT coalesce(max(position) + 1, 0) FROM parts WHERE event_id = ?1), ?2, ?3, ?4)",
        params![event_id, number, title, part_label(number, title)],
    )
    .map_err(|e| unique(e, number, title))?;
    Ok(conn.last_insert_rowid())
}

/// A second part that reads the same (number and title) is refused by
/// name: items and files name a part by how it reads.
fn unique(e: rusqlite::Error, number: &str, title: &str) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Error::invalid(
                "title",
                "part_exists",
                format!(
                    "the event already has a part {:?}",
                    part_label(number, title)
                ),
            )
        }
        e => e.into(),
    }
}

/// Removes the part an item just left (`left`), if no item is in it any
/// more. Only that part can have been emptied: one indexed check, however
/// many parts the event has (an import writes thousands of items).
pub(super) fn prune(conn: &Connection, left: Option<Id>) -> Result<()> {
    if let Some(id) = left {
        conn.prepare_cached(
            "DELETE FROM parts WHERE id = ?1 \
             AND NOT EXISTS (SELECT 1 FROM items WHERE items.part_id = ?1)",
        )?
        .execute([id])?;
    }
    Ok(())
}

/// A part's number and title, checked: one of them at least.
fn checked(number: &str, title: &str) -> Result<(String, String)> {
    let (number, title) = (number.trim(), title.trim());
    if number.is_empty() && title.is_empty() {
        return Err(Error::invalid(
            "title",
            "part_empty",
            "a part needs a title or a number",
        ));
    }
    Ok((number.to_owned(), title.to_owned()))
}

impl Db {
    /// Renames or renumbers a part: every item of it follows.
    pub fn save_part(&mut self, part: &Part) -> Result<Part> {
        let id = part.id.ok_or_else(|| {
            Error::invalid("id", "missing", "a part is made by starting it at an item")
        })?;
        let (number, title) = checked(&part.number, &part.title)?;
        self.change("part.save", |tx| {
            let n = tx
                .execute(
                    "UPDATE parts SET number = ?2, title = ?3, label = ?4 WHERE id = ?1",
                    params![id, number, title, part_label(&number, &title)],
                )
                .map_err(|e| unique(e, &number, &title))?;
            if n == 0 {
                return Err(Error::not_found("part", id));
            }
            get_part(tx, id)
        })
    }

    /// Starts a new part at `item_id`: the item, and those after it in the
    /// running order that were in the same part as it (none, or the part it
    /// cuts in two), move into it. How a heading is added to a programme.
    pub fn start_part(&mut self, item_id: Id, number: &str, title: &str) -> Result<Part> {
        let (number, title) = checked(number, title)?;
        self.change("part.start", |tx| {
            let event_id: Id = tx
                .query_row("SELECT event_id FROM items WHERE id = ?1", [item_id], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| Error::not_found("item", item_id))?;
            let part = insert(tx, event_id, &number, &title)?;
            let items = super::items::get_items(tx, event_id)?;
            let from = items
                .iter()
                .position(|i| i.id == Some(item_id))
                .ok_or_else(|| Error::not_found("item", item_id))?;
            let old = items[from].part_id;
            let mut stmt = tx.prepare_cached("UPDATE items SET part_id = ?2 WHERE id = ?1")?;
            for item in items[from..].iter().take_while(|i| i.part_id == old) {
                stmt.execute(params![item.id, part])?;
            }
            prune(tx, old)?;
            get_part(tx, part)
        })
    }

    /// Removes a part: its items stay, in no part.
    pub fn delete_part(&mut self, id: Id) -> Result<()> {
        self.change("part.delete", |tx| {
            if tx.execute("DELETE FROM parts WHERE id = ?1", [id])? == 0 {
                return Err(Error::not_found("part", id));
            }
            Ok(())
        })
    }
}

fn get_part(conn: &Connection, id: Id) -> Result<Part> {
    conn.query_row(
        "SELECT id, event_id, number, title, position, label FROM parts WHERE id = ?1",
        [id],
        part_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("part", id))
}
