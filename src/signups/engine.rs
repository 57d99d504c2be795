//! Sign-ups: choice blocks, workshops, capacities, waitlists, attendance.
//!
//! The rules hold whatever the order of operations, because every operation
//! runs in one transaction and ends by [`settle`]-ing the items it touched:
//!
//! - an item never has more confirmed sign-ups than its capacity (its own,
//!   else its room's; neither: no limit). A change that would leave an item
//!   over capacity (a lower capacity, a smaller room) is refused;
//! - an attendee never holds (confirmed) two items that overlap in time, two
//!   occurrences of one workshop, or more workshops of a block than the
//!   block's `max_choices`. A request that would break one is refused when a
//!   seat is free; when the item is full it joins the waitlist, and the
//!   rules are checked again when a seat frees up;
//! - a waitlist is served in request order (`seq`): when an item has a free
//!   seat, the first waitlisted attendee who may take it is confirmed, and a
//!   [`Promotion`] records it for the organiser to tell them.
//!
//! A promotion can only make other promotions impossible (it takes a seat
//! and fills the attendee's time), never possible, so one pass over the
//! items with free seats and a waitlist reaches the fixed point.

use crate::db::clock::stamp;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{
    ymdhm, ChoiceBlock, Id, ItemFill, Promotion, Registrations, Signup, SignupSource, SignupStatus,
    Workshop,
};
use crate::signups::personal::{self, Breach};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::{BTreeMap, HashMap};

const SIGNUP_COLUMNS: &str =
    "s.id, s.item_id, s.attendee_id, s.status, s.source, s.requested_at, s.updated_at, s.seq, s.attended";

fn signup_from_row(r: &Row<'_>) -> rusqlite::Result<Signup> {
    let status: String = r.get(3)?;
    let source: String = r.get(4)?;
    let bad = |v: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown value {v:?}").into(),
        )
    };
    Ok(Signup {
        id: r.get(0)?,
        item_id: r.get(1)?,
        attendee_id: r.get(2)?,
        status: SignupStatus::parse(&status).ok_or_else(|| bad(&status))?,
        source: SignupSource::parse(&source).ok_or_else(|| bad(&source))?,
        requested_at: r.get(5)?,
        updated_at: r.get(6)?,
        seq: r.get(7)?,
        attended: r.get(8)?,
    })
}

/// What the rules need to know of an item.
#[derive(Debug, Clone)]
struct Slot {
    id: Id,
    event_id: Id,
    title: String,
    starts_at: String,
    ends_at: String,
    workshop_id: Option<Id>,
    block: Option<(Id, String, i64)>,
    capacity: Option<i64>,
}

fn slot(conn: &Connection, item_id: Id) -> Result<Slot> {
    conn.query_row(
        "SELECT i.id, i.event_id, i.title, i.starts_at, i.ends_at, i.workshop_id, \
         b.id, b.name, b.max_choices, coalesce(i.capacity, r.capacity) \
         FROM items i LEFT JOIN rooms r ON r.id = i.room_id \
         LEFT JOIN workshops w ON w.id = i.workshop_id \
         LEFT JOIN choice_blocks b ON b.id = w.block_id WHERE i.id = ?1",
        [item_id],
        |r| {
            let block_id: Option<Id> = r.get(6)?;
            Ok(Slot {
                id: r.get(0)?,
                event_id: r.get(1)?,
                title: r.get(2)?,
                starts_at: r.get(3)?,
                ends_at: r.get(4)?,
                workshop_id: r.get(5)?,
                block: match block_id {
                    Some(b) => Some((b, r.get(7)?, r.get(8)?)),
                    None => None,
                },
                capacity: r.get(9)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::not_found("item", item_id))
}

fn confirmed_count(conn: &Connection, item_id: Id) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM signups WHERE item_id = ?1 AND status = 'confirmed'",
        [item_id],
        |r| r.get(0),
    )?)
}

fn attendee_name(conn: &Connection, attendee_id: Id) -> Result<String> {
    conn.query_row(
        "SELECT name FROM attendees WHERE id = ?1",
        [attendee_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::not_found("attendee", attendee_id))
}

/// Why an attendee may not hold an item: `Err` names the rule and the item
/// or block in the way. The rules themselves are [`personal::breach`], which
/// also tells the screens what stands in an attendee's way.
fn may_hold(conn: &Connection, attendee_id: Id, slot: &Slot) -> Result<()> {
    let time = |s: &str| {
        ymdhm::parse(s)
            .ok_or_else(|| Error::invalid("item", "bad_time", format!("invalid date-time {s:?}")))
    };
    let seat = personal::Seat {
        id: slot.id,
        title: slot.title.clone(),
        starts_at: time(&slot.starts_at)?,
        ends_at: time(&slot.ends_at)?,
        workshop_id: slot.workshop_id,
        block: slot.block.as_ref().map(|(id, _, max)| (*id, *max)),
    };
    let holds = personal::holdings(conn, attendee_id)?;
    let Some(breach) = personal::breach(&holds, &seat) else {
        return Ok(());
    };
    let name = attendee_name(conn, attendee_id)?;
    Err(match breach {
        Breach::Overlap(held) => Error::invalid(
            "attendee",
            "overlap",
            format!(
                "{name} already holds « {} » ({}), which overlaps « {} »",
                held.title,
                held.starts_at.format("%H:%M"),
                slot.title
            ),
        ),
        Breach::SameWorkshop(held) => Error::invalid(
            "attendee",
            "same_workshop",
            format!(
                "{name} already holds « {} » at {}: the same workshop, another round",
                slot.title,
                held.starts_at.format("%H:%M")
            ),
        ),
        Breach::BlockLimit { held, max, .. } => {
            let block = slot.block.as_ref().map_or("", |(_, name, _)| name.as_str());
            Error::invalid(
                "attendee",
                "block_limit",
                format!("{name} already holds {held} of « {block} », which allows {max}"),
            )
        }
    })
}

fn next_seq(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(seq), 0) + 1 FROM signups", [], |r| {
            r.get(0)
        })?,
    )
}

fn get_signup(conn: &Connection, id: Id) -> Result<Signup> {
    conn.query_row(
        &format!("SELECT {SIGNUP_COLUMNS} FROM signups s WHERE s.id = ?1"),
        [id],
        signup_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("signup", id))
}

/// Checks that no item among `items` (all of the event when `None`) holds
/// more confirmed sign-ups than its capacity, then serves the waitlists of
/// those with free seats. Returns the promotions made.
pub(crate) fn settle(conn: &Connection, event_id: Id) -> Result<Vec<Promotion>> {
    settle_where(conn, "i.event_id = ?1", event_id)
}

/// [`settle`] for one item only.
pub(crate) fn settle_item(conn: &Connection, item_id: Id) -> Result<Vec<Promotion>> {
    settle_where(conn, "i.id = ?1", item_id)
}

/// [`settle`] for the items an attendee is waitlisted for, and `item_id`.
fn settle_after_release(conn: &Connection, item_id: Id, attendee_id: Id) -> Result<Vec<Promotion>> {
    let mut promotions = settle_item(conn, item_id)?;
    let waiting: Vec<Id> = {
        let mut stmt = conn.prepare_cached(
            "SELECT s.item_id FROM signups s JOIN items i ON i.id = s.item_id \
             WHERE s.attendee_id = ?1 AND s.status = 'waitlisted' ORDER BY i.starts_at, i.id",
        )?;
        let rows = stmt.query_map([attendee_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for item in waiting {
        promotions.extend(settle_item(conn, item)?);
    }
    Ok(promotions)
}

fn settle_where(conn: &Connection, filter: &str, key: Id) -> Result<Vec<Promotion>> {
    // Items in scope with their capacity and confirmed count, by time.
    let rows: Vec<(Id, String, Option<i64>, i64, i64)> = {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT i.id, i.title, coalesce(i.capacity, r.capacity), \
             (SELECT count(*) FROM signups s WHERE s.item_id = i.id AND s.status = 'confirmed'), \
             (SELECT count(*) FROM signups s WHERE s.item_id = i.id AND s.status = 'waitlisted') \
             FROM items i LEFT JOIN rooms r ON r.id = i.room_id WHERE {filter} \
             ORDER BY i.starts_at, i.id"
        ))?;
        let rows = stmt.query_map([key], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (_, title, capacity, confirmed, _) in &rows {
        if let Some(capacity) = capacity {
            if confirmed > capacity {
                return Err(Error::invalid(
                    "capacity",
                    "below_confirmed",
                    format!(
                        "« {title} » has {confirmed} confirmed sign-ups: its capacity cannot be {capacity}"
                    ),
                ));
            }
        }
    }
    let mut promotions = Vec::new();
    for (item_id, _, capacity, confirmed, waitlisted) in rows {
        if waitlisted == 0 || capacity.is_some_and(|c| confirmed >= c) {
            continue;
        }
        let mut free = capacity.map(|c| c - confirmed);
        let slot = slot(conn, item_id)?;
        let queue: Vec<(Id, Id)> = {
            let mut stmt = conn.prepare_cached(
                "SELECT id, attendee_id FROM signups WHERE item_id = ?1 AND status = 'waitlisted' ORDER BY seq",
            )?;
            let rows = stmt.query_map([item_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (signup_id, attendee_id) in queue {
            if free == Some(0) {
                break;
            }
            if may_hold(conn, attendee_id, &slot).is_err() {
                continue;
            }
            let at = stamp(conn)?;
            conn.execute(
                "UPDATE signups SET status = 'confirmed', updated_at = ?2 WHERE id = ?1",
                params![signup_id, at],
            )?;
            conn.execute(
                "INSERT INTO promotions (signup_id, promoted_at) VALUES (?1, ?2)",
                params![signup_id, at],
            )?;
            promotions.push(Promotion {
                id: conn.last_insert_rowid(),
                signup_id,
                item_id,
                attendee_id,
                promoted_at: at,
                told: false,
            });
            free = free.map(|f| f - 1);
        }
    }
    Ok(promotions)
}

/// Checks the attendee rules (same workshop twice, block limits) for every
/// confirmed sign-up of an event, after a change of blocks or workshops.
fn check_holdings(conn: &Connection, event_id: Id) -> Result<()> {
    let over: Option<(String, String, i64, i64)> = conn
        .query_row(
            "SELECT a.name, b.name, count(*), b.max_choices FROM signups s \
             JOIN items i ON i.id = s.item_id JOIN workshops w ON w.id = i.workshop_id \
             JOIN choice_blocks b ON b.id = w.block_id JOIN attendees a ON a.id = s.attendee_id \
             WHERE b.event_id = ?1 AND s.status = 'confirmed' \
             GROUP BY s.attendee_id, b.id HAVING count(*) > b.max_choices ORDER BY a.name LIMIT 1",
            [event_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    if let Some((attendee, block, held, max)) = over {
        return Err(Error::invalid(
            "maxChoices",
            "block_limit",
            format!("{attendee} holds {held} workshops of « {block} », more than {max}"),
        ));
    }
    let twice: Option<(String, String)> = conn
        .query_row(
            "SELECT a.name, min(i.title) FROM signups s JOIN items i ON i.id = s.item_id \
             JOIN attendees a ON a.id = s.attendee_id \
             WHERE i.event_id = ?1 AND s.status = 'confirmed' AND i.workshop_id IS NOT NULL \
             GROUP BY s.attendee_id, i.workshop_id HAVING count(*) > 1 ORDER BY a.name LIMIT 1",
            [event_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((attendee, title)) = twice {
        return Err(Error::invalid(
            "workshop",
            "same_workshop",
            format!("{attendee} holds two occurrences of « {title} »"),
        ));
    }
    Ok(())
}

/// Deletes workshops left without any item.
fn drop_empty_workshops(conn: &Connection, event_id: Id) -> Result<()> {
    conn.execute(
        "DELETE FROM workshops WHERE block_id IN (SELECT id FROM choice_blocks WHERE event_id = ?1) \
         AND id NOT IN (SELECT workshop_id FROM items WHERE workshop_id IS NOT NULL)",
        [event_id],
    )?;
    Ok(())
}

fn block_event(conn: &Connection, block_id: Id) -> Result<Id> {
    conn.query_row(
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

/// Sign-up operations inside a caller's transaction (imports, the demo,
/// the allocation).
pub mod within {
    use super::*;

    /// Asks for a seat; see [`Db::sign_up`].
    pub fn sign_up(
        conn: &Connection,
        item_id: Id,
        attendee_id: Id,
        source: SignupSource,
    ) -> Result<Signup> {
        let slot = slot(conn, item_id)?;
        let owner: Id = conn
            .query_row(
                "SELECT event_id FROM attendees WHERE id = ?1",
                [attendee_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::not_found("attendee", attendee_id))?;
        if owner != slot.event_id {
            return Err(Error::invalid(
                "attendee",
                "other_event",
                format!("attendee {attendee_id} belongs to another event"),
            ));
        }
        let existing: Option<(Id, String)> = conn
            .query_row(
                "SELECT id, status FROM signups WHERE item_id = ?1 AND attendee_id = ?2",
                [item_id, attendee_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((_, status)) = &existing {
            if status != "cancelled" {
                let how = if status == "confirmed" {
                    "already signed up for"
                } else {
                    "already on the waitlist of"
                };
                return Err(Error::invalid(
                    "attendee",
                    "already_signed_up",
                    format!(
                        "{} is {how} « {} »",
                        attendee_name(conn, attendee_id)?,
                        slot.title
                    ),
                ));
            }
        }
        let full = match slot.capacity {
            Some(capacity) => confirmed_count(conn, item_id)? >= capacity,
            None => false,
        };
        let status = if full {
            SignupStatus::Waitlisted
        } else {
            may_hold(conn, attendee_id, &slot)?;
            SignupStatus::Confirmed
        };
        let at = stamp(conn)?;
        let seq = next_seq(conn)?;
        let id = match existing {
            Some((id, _)) => {
                conn.execute(
                    "UPDATE signups SET status = ?2, source = ?3, requested_at = ?4, updated_at = ?4, \
                     seq = ?5, attended = NULL WHERE id = ?1",
                    params![id, status.as_str(), source.as_str(), at, seq],
                )?;
                id
            }
            None => {
                conn.execute(
                    "INSERT INTO signups (item_id, attendee_id, status, source, requested_at, updated_at, seq) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
                    params![item_id, attendee_id, status.as_str(), source.as_str(), at, seq],
                )?;
                conn.last_insert_rowid()
            }
        };
        get_signup(conn, id)
    }

    /// Cancels a sign-up; see [`Db::cancel_signup`].
    pub fn cancel(conn: &Connection, signup_id: Id) -> Result<Vec<Promotion>> {
        let signup = get_signup(conn, signup_id)?;
        if signup.status == SignupStatus::Cancelled {
            return Ok(Vec::new());
        }
        conn.execute(
            "UPDATE signups SET status = 'cancelled', updated_at = ?2 WHERE id = ?1",
            params![signup_id, stamp(conn)?],
        )?;
        if signup.status == SignupStatus::Confirmed {
            settle_after_release(conn, signup.item_id, signup.attendee_id)
        } else {
            Ok(Vec::new())
        }
    }

    /// Creates or updates a block; see [`Db::save_block`].
    pub fn save_block(conn: &Connection, block: &ChoiceBlock) -> Result<Id> {
        validate_block(block)?;
        let id = match block.id {
            None => {
                crate::programme::store::within::event(conn, block.event_id)?;
                conn.execute(
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
                conn.execute(
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
                match (other.workshop_id, &other.block) {
                    (Some(w), Some((b, _, _)))
                        if *b == block_id && other.event_id == item.event_id =>
                    {
                        Some(w)
                    }
                    _ => {
                        return Err(Error::invalid(
                            "sameAs",
                            "not_in_block",
                            format!("« {} » is not a workshop of this block", other.title),
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
                let alone = match (item.workshop_id, &item.block) {
                    (Some(w), Some((b, _, _))) if *b == block_id => {
                        let others: i64 = conn.query_row(
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
                        conn.execute("INSERT INTO workshops (block_id) VALUES (?1)", [block_id])?;
                        Some(conn.last_insert_rowid())
                    }
                }
            }
        };
        conn.execute(
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
            let key = item.title.trim().to_lowercase();
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

    /// Replaces an attendee's ranking in a block; see [`Db::set_ranking`].
    pub fn set_ranking(
        conn: &Connection,
        attendee_id: Id,
        block_id: Id,
        workshop_ids: &[Id],
    ) -> Result<()> {
        let event_id = block_event(conn, block_id)?;
        let attendee = crate::signups::attendees::within::get(conn, attendee_id)?;
        if attendee.event_id != event_id {
            return Err(Error::invalid(
                "attendee",
                "other_event",
                format!("attendee {attendee_id} belongs to another event"),
            ));
        }
        conn.execute(
            "DELETE FROM rankings WHERE attendee_id = ?1 AND workshop_id IN \
             (SELECT id FROM workshops WHERE block_id = ?2)",
            [attendee_id, block_id],
        )?;
        for (n, &workshop_id) in workshop_ids.iter().enumerate() {
            let in_block: Option<Id> = conn
                .query_row(
                    "SELECT block_id FROM workshops WHERE id = ?1",
                    [workshop_id],
                    |r| r.get(0),
                )
                .optional()?;
            if in_block != Some(block_id) {
                return Err(Error::invalid(
                    "ranking",
                    "not_in_block",
                    format!("workshop {workshop_id} is not in this block"),
                ));
            }
            let inserted = conn.execute(
                "INSERT OR IGNORE INTO rankings (attendee_id, workshop_id, rank) VALUES (?1, ?2, ?3)",
                params![attendee_id, workshop_id, n as i64 + 1],
            )?;
            if inserted == 0 {
                return Err(Error::invalid(
                    "ranking",
                    "duplicate",
                    format!("workshop {workshop_id} is ranked twice"),
                ));
            }
        }
        Ok(())
    }
}

impl Db {
    /// Asks for a seat of `item_id` for `attendee_id`: confirmed when a seat
    /// is free and the attendee may hold it (no overlap, not the same
    /// workshop twice, within the block's limit; else refused, naming the
    /// rule), waitlisted when the item is full. Asking again after a
    /// cancellation is a new request, at the back of the waitlist.
    pub fn sign_up(
        &mut self,
        item_id: Id,
        attendee_id: Id,
        source: SignupSource,
    ) -> Result<Signup> {
        self.change("signup.create", |tx| {
            within::sign_up(tx, item_id, attendee_id, source)
        })
    }

    /// Cancels a sign-up. A freed seat goes to the first waitlisted attendee
    /// who may take it; the promotions made are returned (and recorded).
    pub fn cancel_signup(&mut self, signup_id: Id) -> Result<Vec<Promotion>> {
        self.change("signup.cancel", |tx| within::cancel(tx, signup_id))
    }

    /// Moves an attendee from one item to another in one step: cancels
    /// `signup_id` and signs up for `item_id`. Refused as a whole if the new
    /// seat is refused.
    pub fn move_signup(&mut self, signup_id: Id, item_id: Id) -> Result<Signup> {
        self.change("signup.move", |tx| {
            let from = get_signup(tx, signup_id)?;
            within::cancel(tx, signup_id)?;
            let to = within::sign_up(tx, item_id, from.attendee_id, from.source)?;
            if to.status != SignupStatus::Confirmed {
                let title: String =
                    tx.query_row("SELECT title FROM items WHERE id = ?1", [item_id], |r| {
                        r.get(0)
                    })?;
                return Err(Error::invalid(
                    "item",
                    "full",
                    format!("« {title} » is full"),
                ));
            }
            Ok(to)
        })
    }

    /// Records whether the attendee came (`None`: not known yet).
    pub fn set_attendance(&mut self, signup_id: Id, attended: Option<bool>) -> Result<Signup> {
        self.change("signup.attendance", |tx| {
            let signup = get_signup(tx, signup_id)?;
            if signup.status != SignupStatus::Confirmed {
                return Err(Error::invalid(
                    "status",
                    "not_confirmed",
                    "attendance is recorded for confirmed sign-ups only",
                ));
            }
            tx.execute(
                "UPDATE signups SET attended = ?2 WHERE id = ?1",
                params![signup_id, attended],
            )?;
            get_signup(tx, signup_id)
        })
    }

    /// Marks a promotion as told to the attendee (or not).
    pub fn set_promotion_told(&mut self, promotion_id: Id, told: bool) -> Result<()> {
        self.change("promotion.told", |tx| {
            if tx.execute(
                "UPDATE promotions SET told = ?2 WHERE id = ?1",
                params![promotion_id, told],
            )? == 0
            {
                return Err(Error::not_found("promotion", promotion_id));
            }
            Ok(())
        })
    }

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

    /// Sets an attendee's ranking of a block's workshops, first choice
    /// first (empty: no ranking).
    pub fn set_ranking(
        &mut self,
        attendee_id: Id,
        block_id: Id,
        workshop_ids: &[Id],
    ) -> Result<()> {
        self.change("ranking.set", |tx| {
            within::set_ranking(tx, attendee_id, block_id, workshop_ids)
        })
    }

    /// An attendee's rankings per block: block id → workshop ids, first
    /// choice first.
    pub fn rankings(&self, attendee_id: Id) -> Result<HashMap<Id, Vec<Id>>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT w.block_id, k.workshop_id FROM rankings k JOIN workshops w ON w.id = k.workshop_id \
             WHERE k.attendee_id = ?1 ORDER BY w.block_id, k.rank",
        )?;
        let mut out: HashMap<Id, Vec<Id>> = HashMap::new();
        let rows = stmt.query_map([attendee_id], |r| Ok((r.get::<_, Id>(0)?, r.get(1)?)))?;
        for row in rows {
            let (block, workshop) = row?;
            out.entry(block).or_default().push(workshop);
        }
        Ok(out)
    }

    /// One sign-up.
    pub fn signup(&self, id: Id) -> Result<Signup> {
        get_signup(self.conn(), id)
    }

    /// Everything the sign-up screens show for an event.
    pub fn registrations(&self, event_id: Id) -> Result<Registrations> {
        let conn = self.conn();
        crate::programme::store::within::event(conn, event_id)?;
        let attendees = crate::signups::attendees::within::list(conn, event_id)?;
        let blocks = list_blocks(conn, event_id)?;
        let workshops = list_workshops(conn, event_id)?;
        let signups = {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {SIGNUP_COLUMNS} FROM signups s JOIN items i ON i.id = s.item_id \
                 WHERE i.event_id = ?1 AND s.status <> 'cancelled' ORDER BY s.seq"
            ))?;
            let rows = stmt.query_map([event_id], signup_from_row)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let fills = {
            let mut stmt = conn.prepare_cached(
                "SELECT i.id, coalesce(i.capacity, r.capacity), \
                 (SELECT count(*) FROM signups s WHERE s.item_id = i.id AND s.status = 'confirmed') AS c, \
                 (SELECT count(*) FROM signups s WHERE s.item_id = i.id AND s.status = 'waitlisted') AS w \
                 FROM items i LEFT JOIN rooms r ON r.id = i.room_id WHERE i.event_id = ?1 \
                 AND (i.workshop_id IS NOT NULL OR c > 0 OR w > 0) ORDER BY i.starts_at, i.id",
            )?;
            let rows = stmt.query_map([event_id], |r| {
                Ok(ItemFill {
                    item_id: r.get(0)?,
                    capacity: r.get(1)?,
                    confirmed: r.get(2)?,
                    waitlisted: r.get(3)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let promotions = {
            let mut stmt = conn.prepare_cached(
                "SELECT p.id, p.signup_id, s.item_id, s.attendee_id, p.promoted_at, p.told \
                 FROM promotions p JOIN signups s ON s.id = p.signup_id JOIN items i ON i.id = s.item_id \
                 WHERE i.event_id = ?1 AND p.told = 0 ORDER BY p.id",
            )?;
            let rows = stmt.query_map([event_id], |r| {
                Ok(Promotion {
                    id: r.get(0)?,
                    signup_id: r.get(1)?,
                    item_id: r.get(2)?,
                    attendee_id: r.get(3)?,
                    promoted_at: r.get(4)?,
                    told: r.get(5)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        Ok(Registrations {
            attendees,
            blocks,
            workshops,
            signups,
            fills,
            promotions,
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
    conn.query_row(
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
