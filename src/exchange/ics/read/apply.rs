//! Applying the VEVENTs read to the event, inside the import's transaction:
//! what each one does (skip, cancel, import), then the rooms and items
//! written.

use super::values::{kind_of, Vevent, When};
use super::{at_line, bad};
use crate::error::Result;
use crate::model::{IcsImportSummary, Id, Item, ItemKind, Room, SkipReason, Skipped};
use crate::programme::store::within;
use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};
use chrono_tz::Tz;
use rusqlite::Connection;
use std::collections::HashMap;

/// The room a LOCATION names: the part before the first ", " (Déroulé
/// writes "Room, Venue, address"; calendars often "Place, address"). None
/// when it is empty, or when the LOCATION is the event's venue itself
/// ("Venue, address", as Déroulé writes it for an item in no room).
fn room_name<'a>(location: &'a str, venue: &str) -> Option<&'a str> {
    let venue = venue.trim().to_lowercase();
    let place = location.to_lowercase();
    if !venue.is_empty() && (place == venue || place.starts_with(&format!("{venue}, "))) {
        return None;
    }
    let name = location.split(", ").next().unwrap_or("").trim();
    (!name.is_empty()).then_some(name)
}

fn room_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// What becomes of one VEVENT.
enum Plan {
    /// Left out, and the day it starts on when it has a time.
    Skip(SkipReason, Option<NaiveDate>),
    Cancel,
    Import {
        starts_at: NaiveDateTime,
        ends_at: NaiveDateTime,
    },
}

fn to_minute(t: NaiveDateTime) -> NaiveDateTime {
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .expect("0 is a valid second")
}

fn plan(v: &Vevent, zone: Tz, day: NaiveDate) -> Plan {
    if v.cancelled {
        return Plan::Cancel;
    }
    let (start, end, elsewhen) = match v.when {
        When::AllDay => return Plan::Skip(SkipReason::AllDay, None),
        When::Timed { start, end } => (start, end, false),
        When::OtherDays { start, end } => (start, end, true),
    };
    let starts_at = to_minute(start.with_timezone(&zone).naive_local());
    let ends_at = to_minute(end.with_timezone(&zone).naive_local());
    let day_begins = day.and_time(chrono::NaiveTime::MIN);
    let day_ends = day_begins + Duration::days(1);
    if elsewhen {
        Plan::Skip(SkipReason::NotThisDay, Some(starts_at.date()))
    } else if starts_at < day_begins || starts_at >= day_ends {
        Plan::Skip(SkipReason::OutsideEventDate, Some(starts_at.date()))
    } else if ends_at > day_ends {
        Plan::Skip(SkipReason::EndsAfterMidnight, Some(starts_at.date()))
    } else if ends_at <= starts_at {
        Plan::Skip(SkipReason::NoDuration, Some(starts_at.date()))
    } else {
        Plan::Import { starts_at, ends_at }
    }
}

/// Within one file a UID names one item. When several VEVENTs of the day
/// share one (a recurring event and its changed occurrences), one is
/// imported: a changed occurrence (RECURRENCE-ID) rather than the series,
/// else the first.
fn one_per_uid(vevents: &[Vevent], plans: &mut [Plan]) {
    let mut chosen: HashMap<&str, usize> = HashMap::new();
    for (i, v) in vevents.iter().enumerate() {
        if v.uid.is_empty() || !matches!(plans[i], Plan::Import { .. }) {
            continue;
        }
        match chosen.get(v.uid.as_str()) {
            None => {
                chosen.insert(&v.uid, i);
            }
            Some(&earlier) if v.occurrence && !vevents[earlier].occurrence => {
                plans[earlier] = duplicate(&plans[earlier]);
                chosen.insert(&v.uid, i);
            }
            Some(_) => plans[i] = duplicate(&plans[i]),
        }
    }
}

/// An imported VEVENT left out for another of its UID.
fn duplicate(plan: &Plan) -> Plan {
    let date = match plan {
        Plan::Import { starts_at, .. } => Some(starts_at.date()),
        _ => None,
    };
    Plan::Skip(SkipReason::DuplicateUid, date)
}

/// Writes the VEVENTs into the event, inside the import's transaction.
pub(super) fn store(
    tx: &Connection,
    event_id: Id,
    zone: Tz,
    day: NaiveDate,
    vevents: &[Vevent],
) -> Result<IcsImportSummary> {
    let mut summary = IcsImportSummary::default();
    let venue = within::venue(tx, event_id)?.name;
    let mut rooms: HashMap<String, Id> = within::rooms(tx, event_id)?
        .into_iter()
        .filter_map(|r| Some((room_key(&r.name), r.id?)))
        .collect();
    let mut items: HashMap<String, Item> = within::items(tx, event_id)?
        .into_iter()
        .map(|i| (i.uid.clone(), i))
        .collect();
    let mut plans: Vec<Plan> = vevents.iter().map(|v| plan(v, zone, day)).collect();
    one_per_uid(vevents, &mut plans);
    for (v, plan) in vevents.iter().zip(plans) {
        let skip = |reason, date| Skipped {
            line: v.line as i64,
            uid: v.uid.clone(),
            title: v.title.clone(),
            date,
            reason,
        };
        let existing = if v.uid.is_empty() {
            None
        } else {
            items.get(&v.uid)
        };
        let (starts_at, ends_at) = match plan {
            Plan::Skip(reason, date) => {
                summary.skipped.push(skip(reason, date));
                continue;
            }
            Plan::Cancel => {
                match existing.and_then(|item| item.id) {
                    Some(id) => {
                        within::delete_item(tx, id)?;
                        items.remove(&v.uid);
                        summary.items_deleted += 1;
                    }
                    None => summary.skipped.push(skip(SkipReason::Cancelled, None)),
                }
                continue;
            }
            Plan::Import { starts_at, ends_at } => (starts_at, ends_at),
        };
        check_title(v)?;
        let room_id = room_of(tx, event_id, v, &venue, &mut rooms, &mut summary)?;
        let kind = v.categories.iter().find_map(|c| kind_of(c));
        match existing {
            Some(before) => {
                let after = updated(before, v, (starts_at, ends_at), room_id, kind);
                if after == *before {
                    summary.items_unchanged += 1;
                } else {
                    crate::signups::seats::within::update_item(tx, &after)
                        .map_err(at_line(v.line))?;
                    items.insert(v.uid.clone(), after);
                    summary.items_updated += 1;
                }
            }
            None => {
                let mut item = new_item(event_id, v, (starts_at, ends_at), room_id, kind);
                item.id = Some(within::create_item(tx, &item).map_err(at_line(v.line))?);
                if !v.uid.is_empty() {
                    items.insert(v.uid.clone(), item);
                }
                summary.items_created += 1;
            }
        }
    }
    Ok(summary)
}

/// A VEVENT imported needs a title: its SUMMARY, said on the line of the
/// empty SUMMARY, else on the line of BEGIN:VEVENT.
fn check_title(v: &Vevent) -> Result<()> {
    if v.title.is_empty() {
        return Err(bad(
            v.title_line,
            if v.title_line == v.line {
                "a VEVENT without SUMMARY: an item needs a title"
            } else {
                "SUMMARY is empty: an item needs a title"
            },
        ));
    }
    Ok(())
}

/// The room a VEVENT's LOCATION names: one of the event's `rooms`, or a new
/// one (then added to `rooms` and counted); none for no LOCATION or the
/// whole venue.
fn room_of(
    tx: &Connection,
    event_id: Id,
    v: &Vevent,
    venue: &str,
    rooms: &mut HashMap<String, Id>,
    summary: &mut IcsImportSummary,
) -> Result<Option<Id>> {
    let Some(name) = room_name(&v.location, venue) else {
        return Ok(None);
    };
    if let Some(&id) = rooms.get(&room_key(name)) {
        return Ok(Some(id));
    }
    let room = Room {
        id: None,
        event_id,
        name: name.to_owned(),
        capacity: None,
        accessibility: String::new(),
        position: 0,
    };
    let id = within::create_room(tx, &room).map_err(at_line(v.line))?;
    rooms.insert(room_key(name), id);
    summary.rooms_created += 1;
    Ok(Some(id))
}

/// An item already there, as the VEVENT with its UID has it now.
fn updated(
    before: &Item,
    v: &Vevent,
    (starts_at, ends_at): (NaiveDateTime, NaiveDateTime),
    room_id: Option<Id>,
    kind: Option<ItemKind>,
) -> Item {
    Item {
        starts_at,
        ends_at,
        title: v.title.clone(),
        description: if v.from_deroule {
            before.description.clone()
        } else {
            v.description.clone()
        },
        room_id,
        kind: kind.unwrap_or(before.kind),
        ..before.clone()
    }
}

/// The new item a VEVENT makes.
fn new_item(
    event_id: Id,
    v: &Vevent,
    (starts_at, ends_at): (NaiveDateTime, NaiveDateTime),
    room_id: Option<Id>,
    kind: Option<ItemKind>,
) -> Item {
    Item {
        id: None,
        event_id,
        uid: v.uid.clone(),
        starts_at,
        ends_at,
        kind: kind.unwrap_or(ItemKind::Other),
        title: v.title.clone(),
        description: v.description.clone(),
        room_id,
        part_label: String::new(),
        part_id: None,
        capacity: None,
        remote: false,
        pinned: false,
        speakers: Vec::new(),
        workshop_id: None,
        block_id: None,
    }
}
