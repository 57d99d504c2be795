//! Sign-ups: choice blocks, workshops, capacities, waitlists, attendance.
//!
//! The rules hold whatever the order of operations, because every operation
//! runs in one transaction and ends by `settle`-ing the items it touched:
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

mod blocks;
mod rankings;
mod settle;
mod signups;

pub(crate) use blocks::{list_blocks, list_workshops};
pub(crate) use settle::{settle, settle_item, settle_waitlists};

use crate::db::Db;
use crate::error::Result;
use crate::model::{Id, ItemFill, Promotion, Registrations, SignupState, SignupStatus};
use signups::{signup_from_row, SIGNUP_COLUMNS};
use std::collections::HashMap;

/// Sign-up operations inside a caller's transaction (imports, the demo,
/// the allocation).
pub mod within {
    pub use super::blocks::within::{make_block, save_block, set_item_workshop};
    pub use super::rankings::within::{block_wishes, set_ranking, set_wishes};
    pub use super::signups::within::{cancel, sign_up};
}

impl Db {
    /// Everything the sign-up screens show for an event.
    pub fn registrations(&self, event_id: Id) -> Result<Registrations> {
        let state = self.signup_state(event_id)?;
        Ok(Registrations {
            attendees: self.attendees(event_id)?,
            blocks: state.blocks,
            workshops: state.workshops,
            signups: state.signups,
            fills: state.fills,
            promotions: state.promotions,
        })
    }

    /// The sign-up side of an event without its attendees list.
    pub fn signup_state(&self, event_id: Id) -> Result<SignupState> {
        let conn = self.conn();
        crate::programme::store::within::event(conn, event_id)?;
        let blocks = list_blocks(conn, event_id)?;
        let workshops = list_workshops(conn, event_id)?;
        // In request order, sorted here: SQLite would copy every row into
        // a temporary b-tree to sort them (30,000 on a large event).
        let mut signups = {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {SIGNUP_COLUMNS} FROM signups s JOIN items i ON i.id = s.item_id \
                 WHERE i.event_id = ?1 AND s.status <> 'cancelled'"
            ))?;
            let rows = stmt.query_map([event_id], signup_from_row)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        signups.sort_unstable_by_key(|s| (s.seq, s.id));
        // Counted from the sign-ups just read, where a count per item ran
        // two subqueries over the sign-ups for every item of the event.
        let mut counts: HashMap<Id, (i64, i64)> = HashMap::new();
        for s in &signups {
            let count = counts.entry(s.item_id).or_default();
            match s.status {
                SignupStatus::Confirmed => count.0 += 1,
                SignupStatus::Waitlisted => count.1 += 1,
                SignupStatus::Cancelled => {}
            }
        }
        let fills = {
            let mut stmt = conn.prepare_cached(
                "SELECT i.id, coalesce(i.capacity, r.capacity), i.workshop_id IS NOT NULL \
                 FROM items i LEFT JOIN rooms r ON r.id = i.room_id WHERE i.event_id = ?1 \
                 ORDER BY i.starts_at, i.id",
            )?;
            let rows = stmt.query_map([event_id], |r| {
                let item_id: Id = r.get(0)?;
                let (confirmed, waitlisted) = counts.get(&item_id).copied().unwrap_or_default();
                let fill = ItemFill {
                    item_id,
                    capacity: r.get(1)?,
                    confirmed,
                    waitlisted,
                };
                let workshop: bool = r.get(2)?;
                Ok((workshop || confirmed > 0 || waitlisted > 0).then_some(fill))
            })?;
            rows.filter_map(Result::transpose)
                .collect::<rusqlite::Result<Vec<_>>>()?
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
        Ok(SignupState {
            blocks,
            workshops,
            signups,
            fills,
            promotions,
        })
    }
}
