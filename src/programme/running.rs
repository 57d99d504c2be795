//! The running order (déroulé): a day written as a list, one item after the
//! other, the way a single-room programme is planned. Typing a duration
//! moves the items after it (ripple); a pinned item (lunch, a live
//! broadcast) keeps its time and stops the ripple; an item moves up or down
//! the list by swapping times with its neighbour.
//!
//! This module only plans: it reads items and says which get which times.
//! The changes are written, settled and undone like any move
//! (`signups::running`).
//!
//! An item's *lane* is what it follows and what follows it: the items of
//! its day in its room and those of the whole venue (no room), which are in
//! every room; for an item of the whole venue, every item of its day.

use crate::error::{Error, Result};
use crate::model::{Id, Item};
use chrono::{Duration, NaiveDateTime};

/// New times for one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retime {
    pub id: Id,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
}

impl Retime {
    /// An item's times as they are.
    fn of(item: &Item) -> Retime {
        Retime {
            id: item.id.unwrap_or_default(),
            starts_at: item.starts_at,
            ends_at: item.ends_at,
        }
    }

    /// The same length, `delta` later (earlier when negative).
    fn shifted(self, delta: Duration) -> Retime {
        Retime {
            id: self.id,
            starts_at: self.starts_at + delta,
            ends_at: self.ends_at + delta,
        }
    }
}

/// The items sharing `item`'s lane, `item` included (matched by id), in
/// time order.
pub fn lane<'a>(items: &'a [Item], item: &Item) -> Vec<&'a Item> {
    let day = item.starts_at.date();
    let mut lane: Vec<&Item> = items
        .iter()
        .filter(|i| i.starts_at.date() == day)
        .filter(|i| {
            i.id == item.id
                || item.room_id.is_none()
                || i.room_id.is_none()
                || i.room_id == item.room_id
        })
        .collect();
    lane.sort_by_key(|i| (i.starts_at, i.ends_at, i.id));
    lane
}

/// What follows `item` when its end moves from where it is to `new_end`:
/// the items of its lane that start at or after its current end, each moved
/// by as much as the end, up to (not including) the first pinned one.
pub fn ripple(items: &[Item], item: &Item, new_end: NaiveDateTime) -> Vec<Retime> {
    let delta = new_end - item.ends_at;
    if delta.is_zero() {
        return Vec::new();
    }
    lane(items, item)
        .into_iter()
        .filter(|i| i.id != item.id && i.starts_at >= item.ends_at)
        .take_while(|i| !i.pinned)
        .map(|i| Retime::of(i).shifted(delta))
        .collect()
}

/// The times that move `id` by `steps` places in its lane (negative:
/// earlier), one swap with its neighbour at a time. A swap keeps the pair's
/// span and the gap between them: the later item takes the earlier one's
/// start, the earlier one follows it after the same gap. A pinned item
/// neither moves nor is jumped over. At either end of the lane it stops.
pub fn reorder(items: &[Item], id: Id, steps: i64) -> Result<Vec<Retime>> {
    let item = items
        .iter()
        .find(|i| i.id == Some(id))
        .ok_or_else(|| Error::not_found("item", id))?;
    let mut order: Vec<Retime> = lane(items, item).into_iter().map(Retime::of).collect();
    let before = order.clone();
    let pinned = |id: Id| items.iter().any(|i| i.id == Some(id) && i.pinned);
    let mut at = order.iter().position(|r| r.id == id).unwrap_or_default();
    for _ in 0..steps.unsigned_abs() {
        let other = if steps < 0 {
            at.checked_sub(1)
        } else {
            Some(at + 1).filter(|&n| n < order.len())
        };
        let Some(other) = other else { break };
        for who in [order[at].id, order[other].id] {
            if pinned(who) {
                return Err(pinned_error(items, who));
            }
        }
        let (first, second) = (at.min(other), at.max(other));
        let (a, b) = (order[first], order[second]);
        let gap = (b.starts_at - a.ends_at).max(Duration::zero());
        let b_new = Retime {
            id: b.id,
            starts_at: a.starts_at,
            ends_at: a.starts_at + (b.ends_at - b.starts_at),
        };
        let a_new = a.shifted(b_new.ends_at + gap - a.starts_at);
        order[first] = b_new;
        order[second] = a_new;
        at = other;
    }
    // Only the items whose times changed.
    Ok(order.into_iter().filter(|r| !before.contains(r)).collect())
}

fn pinned_error(items: &[Item], id: Id) -> Error {
    let title = items
        .iter()
        .find(|i| i.id == Some(id))
        .map(|i| i.title.as_str())
        .unwrap_or_default();
    Error::invalid(
        "pinned",
        "pinned",
        format!("« {title} » is pinned: its time does not move with the others"),
    )
}
