//! Settling: the capacity check and the waitlists served in request order
//! after a change, and the rules an attendee's holdings must follow
//! (see the engine's module doc).

use crate::db::cached::Cached;
use crate::db::clock::stamp;
use crate::error::{Error, Result};
use crate::model::{hm, Id, Promotion};
use crate::signups::personal::{self, seat_from_row, Breach, Seat, SEAT_COLUMNS, SEAT_JOINS};
use rusqlite::{params, Connection, OptionalExtension};

/// What the rules need to know of an item: the seat the rules of holding
/// read ([`personal::Seat`]), and what the engine adds to it.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    pub(super) seat: Seat,
    pub(super) event_id: Id,
    /// The name of its block, to name it in a refusal.
    block_name: Option<String>,
    pub(super) capacity: Option<i64>,
}

pub(super) fn slot(conn: &Connection, item_id: Id) -> Result<Slot> {
    conn.query_row_cached(
        &format!(
            "SELECT {SEAT_COLUMNS}, i.event_id, b.name, coalesce(i.capacity, r.capacity) \
             FROM items i LEFT JOIN rooms r ON r.id = i.room_id {SEAT_JOINS} WHERE i.id = ?1"
        ),
        [item_id],
        |r| {
            Ok(Slot {
                seat: seat_from_row(r)?,
                event_id: r.get(7)?,
                block_name: r.get(8)?,
                capacity: r.get(9)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::not_found("item", item_id))
}

pub(super) fn confirmed_count(conn: &Connection, item_id: Id) -> Result<i64> {
    Ok(conn.query_row_cached(
        "SELECT count(*) FROM signups WHERE item_id = ?1 AND status = 'confirmed'",
        [item_id],
        |r| r.get(0),
    )?)
}

pub(super) fn attendee_name(conn: &Connection, attendee_id: Id) -> Result<String> {
    conn.query_row_cached(
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
pub(super) fn may_hold(conn: &Connection, attendee_id: Id, slot: &Slot) -> Result<()> {
    let holds = personal::holdings(conn, attendee_id)?;
    let Some(breach) = personal::breach(&holds, &slot.seat) else {
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
                held.starts_at.format(hm::FORMAT),
                slot.seat.title
            ),
        ),
        Breach::SameWorkshop(held) => Error::invalid(
            "attendee",
            "same_workshop",
            format!(
                "{name} already holds « {} » at {}: the same workshop, another round",
                slot.seat.title,
                held.starts_at.format(hm::FORMAT)
            ),
        ),
        Breach::BlockLimit { held, max, .. } => {
            let block = slot.block_name.as_deref().unwrap_or("");
            Error::invalid(
                "attendee",
                "block_limit",
                format!("{name} already holds {held} of « {block} », which allows {max}"),
            )
        }
    })
}

pub(super) fn next_seq(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row_cached(
        "SELECT max(coalesce(max(seq), 0), 0) + 1 FROM signups",
        [],
        |r| r.get(0),
    )?)
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

/// [`settle`] for the items of the event that someone waits for: after a
/// move, which changes who may hold what but frees no seat. Reads only the
/// waitlisted sign-ups, so an import that moves thousands of items stays
/// linear.
pub(crate) fn settle_waitlists(conn: &Connection, event_id: Id) -> Result<Vec<Promotion>> {
    settle_where(
        conn,
        "i.id IN (SELECT s.item_id FROM signups s WHERE s.status = 'waitlisted') AND i.event_id = ?1",
        event_id,
    )
}

/// [`settle`] for the items an attendee is waitlisted for, and `item_id`.
pub(super) fn settle_after_release(
    conn: &Connection,
    item_id: Id,
    attendee_id: Id,
) -> Result<Vec<Promotion>> {
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
pub(super) fn check_holdings(conn: &Connection, event_id: Id) -> Result<()> {
    let over: Option<(String, String, i64, i64)> = conn
        .query_row_cached(
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
        .query_row_cached(
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
