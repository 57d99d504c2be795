//! What one attendee's day holds, decided here once for every screen and
//! document: their personal programme (what their day shows) and, for each
//! item of the event, what would stand in the way of signing them up.
//!
//! - **The personal programme** ([`line_status`], [`personal_programme`]):
//!   an item not in a choice block is everyone's; an item they hold a
//!   confirmed seat in is theirs. Nothing else: a workshop of a block they
//!   did not take, or only wait for, is not in their day. The printed
//!   personal schedule and the attendee's screen both show exactly these
//!   lines, in programme order (by time, then room).
//! - **The obstacles** ([`Obstacle`], [`AttendeeDay::options`]): the rules
//!   of holding an item (no overlap, not the same workshop twice, within the
//!   block's maximum) are checked by `breach`, which the sign-up engine
//!   calls to refuse a seat or to pass someone over on a waitlist, and which
//!   [`Db::attendee_day`] calls to show what a request would meet. One
//!   function, so the screen cannot say otherwise than the engine does.
//! - **The moves** ([`SignupMoves`]): where a sign-up may be moved to.
//!
//! Pure functions of data read once: printing 10,000 schedules reads the
//! programme and the sign-ups once, not once per attendee.

use crate::db::columns::{parse_datetime, parse_name};
use crate::db::Db;
use crate::error::Result;
use crate::model::{Id, Item, SignupStatus};
use chrono::NaiveDateTime;
use rusqlite::{Connection, Row};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

/// How an item is in an attendee's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PersonalStatus {
    /// Not in a choice block: everyone's (they may also have signed up).
    Everyone,
    /// They hold a confirmed seat in it.
    Confirmed,
}

/// One line of an attendee's own programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonalLine {
    pub item_id: Id,
    pub status: PersonalStatus,
}

/// The one rule of the personal programme: whether an item (of block
/// `block_id`, held confirmed or not) is in an attendee's day, and how.
pub fn line_status(block_id: Option<Id>, confirmed: bool) -> Option<PersonalStatus> {
    if confirmed {
        Some(PersonalStatus::Confirmed)
    } else if block_id.is_none() {
        Some(PersonalStatus::Everyone)
    } else {
        None
    }
}

/// Whether `item` is in every attendee's day, held or not (by
/// [`line_status`]): what personal calendars record once for everyone and
/// each printed schedule holds.
pub fn common_to_everyone(item: &Item) -> bool {
    line_status(item.block_id, false).is_some()
}

/// The items of an attendee's day, in the order of `items` (a programme's:
/// by time, then room), given the items they hold a confirmed seat in.
pub fn personal_items<'a>(
    items: &'a [Item],
    confirmed: &'a HashSet<Id>,
) -> impl Iterator<Item = (&'a Item, PersonalStatus)> + 'a {
    items.iter().filter_map(move |i| {
        let held = i.id.is_some_and(|id| confirmed.contains(&id));
        line_status(i.block_id, held).map(|s| (i, s))
    })
}

/// An attendee's day as lines, given the items they hold a confirmed seat in.
pub fn personal_programme(items: &[Item], confirmed: &HashSet<Id>) -> Vec<PersonalLine> {
    personal_items(items, confirmed)
        .filter_map(|(i, status)| {
            Some(PersonalLine {
                item_id: i.id?,
                status,
            })
        })
        .collect()
}

/// What a request for an item would meet, or what keeps an attendee from
/// holding it. Each kind is the `reason` of the engine's refusal, except
/// `full`, which is a wait, not a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Obstacle {
    /// They already have this sign-up (confirmed or waitlisted): refused.
    AlreadySignedUp {
        #[serde(rename = "signupId")]
        signup_id: Id,
        status: SignupStatus,
    },
    /// No seat left: the request joins the waitlist.
    Full,
    /// They hold `item_id`, which overlaps it: refused.
    Overlap {
        #[serde(rename = "itemId")]
        item_id: Id,
    },
    /// They hold `item_id`, another occurrence of the same workshop: refused.
    SameWorkshop {
        #[serde(rename = "itemId")]
        item_id: Id,
    },
    /// They hold `held` workshops of the block, its maximum `max`: refused.
    BlockLimit {
        #[serde(rename = "blockId")]
        block_id: Id,
        held: i64,
        max: i64,
    },
}

impl Obstacle {
    /// The engine's name for it: the `reason` of its refusal, or `full`.
    pub fn reason(&self) -> &'static str {
        match self {
            Obstacle::AlreadySignedUp { .. } => "already_signed_up",
            Obstacle::Full => "full",
            Obstacle::Overlap { .. } => "overlap",
            Obstacle::SameWorkshop { .. } => "same_workshop",
            Obstacle::BlockLimit { .. } => "block_limit",
        }
    }
}

/// One item of the event, for one attendee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemOption {
    pub item_id: Id,
    /// What a request would meet now, as the engine decides it: nothing (a
    /// confirmed seat), `full` (the waitlist), or a refusal.
    #[ts(optional = nullable)]
    pub obstacle: Option<Obstacle>,
    /// A rule (overlap, same workshop, block maximum) that keeps them from
    /// holding it even with a free seat. On a full item the request still
    /// joins the waitlist, but they are passed over while this holds.
    #[ts(optional = nullable)]
    pub blocked_by: Option<Obstacle>,
}

/// Where one sign-up may move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignupMoves {
    pub signup_id: Id,
    /// In programme order: the other items of its item's block, or, out of
    /// a block, the other items that take sign-ups (of a block, or with
    /// sign-ups). What a move would meet is in the items' options.
    pub item_ids: Vec<Id>,
}

/// What one attendee's screens show of their day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttendeeDay {
    pub attendee_id: Id,
    /// Their own programme, as printed on their personal schedule.
    pub programme: Vec<PersonalLine>,
    /// Every item of the event, in programme order, with what stands in the
    /// way of signing them up for it.
    pub options: Vec<ItemOption>,
    /// Where each of their sign-ups (confirmed or waitlisted) may move.
    pub moves: Vec<SignupMoves>,
}

/// What the rules of holding need to know of an item.
#[derive(Debug, Clone)]
pub(crate) struct Seat {
    pub id: Id,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub workshop_id: Option<Id>,
    /// Its block and the block's maximum.
    pub block: Option<(Id, i64)>,
}

/// A rule holding an item would break.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Breach<'a> {
    /// They hold this item, at the same time.
    Overlap(&'a Seat),
    /// They hold this occurrence of the same workshop.
    SameWorkshop(&'a Seat),
    /// They hold `held` workshops of block `block_id`, which allows `max`.
    BlockLimit { block_id: Id, held: i64, max: i64 },
}

impl Breach<'_> {
    pub fn obstacle(self) -> Obstacle {
        match self {
            Breach::Overlap(s) => Obstacle::Overlap { item_id: s.id },
            Breach::SameWorkshop(s) => Obstacle::SameWorkshop { item_id: s.id },
            Breach::BlockLimit {
                block_id,
                held,
                max,
            } => Obstacle::BlockLimit {
                block_id,
                held,
                max,
            },
        }
    }
}

/// The first rule an attendee would break by holding `item`, given what
/// they hold confirmed (`holds`, by start time; `item` itself is ignored
/// there): an overlap (the earliest item in the way), the same workshop,
/// then the block's maximum. The engine refuses a seat on it.
pub(crate) fn breach<'a>(holds: &'a [Seat], item: &Seat) -> Option<Breach<'a>> {
    let others = || holds.iter().filter(|h| h.id != item.id);
    if let Some(h) = others().find(|h| h.starts_at < item.ends_at && h.ends_at > item.starts_at) {
        return Some(Breach::Overlap(h));
    }
    if let Some(workshop) = item.workshop_id {
        if let Some(h) = others().find(|h| h.workshop_id == Some(workshop)) {
            return Some(Breach::SameWorkshop(h));
        }
    }
    if let Some((block_id, max)) = item.block {
        let held = others()
            .filter(|h| h.block.is_some_and(|(b, _)| b == block_id))
            .count() as i64;
        if held >= max {
            return Some(Breach::BlockLimit {
                block_id,
                held,
                max,
            });
        }
    }
    None
}

/// A [`Seat`] from the first seven columns of a row ([`SEAT_COLUMNS`]).
pub(crate) fn seat_from_row(r: &Row<'_>) -> rusqlite::Result<Seat> {
    let time = |i: usize| parse_datetime(&r.get::<_, String>(i)?);
    let block_id: Option<Id> = r.get(5)?;
    Ok(Seat {
        id: r.get(0)?,
        title: r.get(1)?,
        starts_at: time(2)?,
        ends_at: time(3)?,
        workshop_id: r.get(4)?,
        block: match block_id {
            Some(b) => Some((b, r.get(6)?)),
            None => None,
        },
    })
}

/// The columns of a [`Seat`] over `items i` and [`SEAT_JOINS`].
pub(crate) const SEAT_COLUMNS: &str =
    "i.id, i.title, i.starts_at, i.ends_at, i.workshop_id, b.id, b.max_choices";
/// The item's workshop and block, for [`SEAT_COLUMNS`].
pub(crate) const SEAT_JOINS: &str = "LEFT JOIN workshops w ON w.id = i.workshop_id \
     LEFT JOIN choice_blocks b ON b.id = w.block_id";

/// The items an attendee holds a confirmed seat in, by start time.
pub(crate) fn holdings(conn: &Connection, attendee_id: Id) -> Result<Vec<Seat>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SEAT_COLUMNS} FROM signups s JOIN items i ON i.id = s.item_id {SEAT_JOINS} \
         WHERE s.attendee_id = ?1 AND s.status = 'confirmed' ORDER BY i.starts_at, i.id"
    ))?;
    let rows = stmt.query_map([attendee_id], seat_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The confirmed sign-ups of an event's items, as (item, attendee), in
/// request order: one read for every attendee's day at once (printed
/// schedules, sign-in sheets, personal calendars).
pub(crate) fn confirmed_signups(conn: &Connection, event_id: Id) -> Result<Vec<(Id, Id)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.item_id, s.attendee_id FROM signups s JOIN items i ON i.id = s.item_id \
         WHERE i.event_id = ?1 AND s.status = 'confirmed' ORDER BY s.seq, s.id",
    )?;
    let rows = stmt.query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Each attendee's confirmed items, out of [`confirmed_signups`]: what
/// [`personal_items`] takes, for every attendee at once.
pub(crate) fn items_by_attendee(confirmed: &[(Id, Id)]) -> HashMap<Id, HashSet<Id>> {
    let mut mine: HashMap<Id, HashSet<Id>> = HashMap::new();
    for &(item, attendee) in confirmed {
        mine.entry(attendee).or_default().insert(item);
    }
    mine
}

/// An item of the event as [`AttendeeDay::compute`] needs it.
#[derive(Debug, Clone)]
pub(crate) struct Offer {
    pub seat: Seat,
    pub block_id: Option<Id>,
    /// Every seat taken (its capacity, else its room's, is reached).
    pub full: bool,
    /// It takes sign-ups: it is in a block, or someone signed up for it.
    pub takes_signups: bool,
}

impl AttendeeDay {
    /// The day of `attendee_id` from the event's items (in programme order)
    /// and the attendee's sign-ups that are not cancelled.
    pub(crate) fn compute(
        attendee_id: Id,
        items: &[Offer],
        signups: &[(Id, Id, SignupStatus)],
    ) -> AttendeeDay {
        let mine: HashMap<Id, (Id, SignupStatus)> = signups
            .iter()
            .map(|&(signup_id, item_id, status)| (item_id, (signup_id, status)))
            .collect();
        let confirmed = |id: Id| matches!(mine.get(&id), Some((_, SignupStatus::Confirmed)));
        let mut holds: Vec<Seat> = items
            .iter()
            .filter(|o| confirmed(o.seat.id))
            .map(|o| o.seat.clone())
            .collect();
        holds.sort_by_key(|h| (h.starts_at, h.id));
        let programme = items
            .iter()
            .filter_map(|o| {
                line_status(o.block_id, confirmed(o.seat.id)).map(|status| PersonalLine {
                    item_id: o.seat.id,
                    status,
                })
            })
            .collect();
        let options = items
            .iter()
            .map(|o| {
                let blocked_by = breach(&holds, &o.seat).map(Breach::obstacle);
                let obstacle = match mine.get(&o.seat.id) {
                    Some(&(signup_id, status)) => {
                        Some(Obstacle::AlreadySignedUp { signup_id, status })
                    }
                    None if o.full => Some(Obstacle::Full),
                    None => blocked_by,
                };
                ItemOption {
                    item_id: o.seat.id,
                    obstacle,
                    blocked_by,
                }
            })
            .collect();
        let moves = signups
            .iter()
            .filter_map(|&(signup_id, item_id, _)| {
                let from = items.iter().find(|o| o.seat.id == item_id)?;
                let item_ids = items
                    .iter()
                    .filter(|o| o.seat.id != item_id)
                    .filter(|o| match from.block_id {
                        Some(block) => o.block_id == Some(block),
                        None => o.takes_signups,
                    })
                    .map(|o| o.seat.id)
                    .collect();
                Some(SignupMoves {
                    signup_id,
                    item_ids,
                })
            })
            .collect();
        AttendeeDay {
            attendee_id,
            programme,
            options,
            moves,
        }
    }
}

impl Db {
    /// An attendee's day: their own programme (as their printed schedule
    /// shows it) and, for every item of the event, what a request would
    /// meet. Four reads, whatever the number of attendees.
    pub fn attendee_day(&self, event_id: Id, attendee_id: Id) -> Result<AttendeeDay> {
        let conn = self.conn();
        crate::programme::store::within::event(conn, event_id)?;
        crate::signups::attendees::within::of_event(conn, attendee_id, event_id)?;
        let items: Vec<Offer> = {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {SEAT_COLUMNS}, coalesce(i.capacity, r.capacity), \
                 (SELECT count(*) FROM signups s WHERE s.item_id = i.id AND s.status = 'confirmed'), \
                 (SELECT count(*) FROM signups s WHERE s.item_id = i.id AND s.status = 'waitlisted') \
                 FROM items i LEFT JOIN rooms r ON r.id = i.room_id {SEAT_JOINS} \
                 WHERE i.event_id = ?1 ORDER BY i.starts_at, coalesce(r.position, -1), i.room_id, i.id"
            ))?;
            let rows = stmt.query_map([event_id], |r| {
                let seat = seat_from_row(r)?;
                let capacity: Option<i64> = r.get(7)?;
                let confirmed: i64 = r.get(8)?;
                let waitlisted: i64 = r.get(9)?;
                Ok(Offer {
                    block_id: seat.block.map(|(b, _)| b),
                    takes_signups: seat.workshop_id.is_some() || confirmed + waitlisted > 0,
                    seat,
                    full: capacity.is_some_and(|c| confirmed >= c),
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let signups: Vec<(Id, Id, SignupStatus)> = {
            let mut stmt = conn.prepare_cached(
                "SELECT s.id, s.item_id, s.status FROM signups s \
                 WHERE s.attendee_id = ?1 AND s.status <> 'cancelled' ORDER BY s.seq",
            )?;
            let rows = stmt.query_map([attendee_id], |r| {
                let status: String = r.get(2)?;
                let status = parse_name(&status, SignupStatus::parse)?;
                Ok((r.get(0)?, r.get(1)?, status))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        Ok(AttendeeDay::compute(attendee_id, &items, &signups))
    }
}
