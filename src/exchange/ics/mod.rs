//! iCalendar export (RFC 5545) that real calendars accept.
//!
//! What peers get wrong and this module gets right: a VTIMEZONE built from
//! the IANA rules for the event's dates (no bare TZID, no "GMT"), one UID per
//! item that never changes, a SEQUENCE that rises when a published item
//! changes, cancelled items sent as STATUS:CANCELLED instead of vanishing,
//! text escaped, and lines folded at 75 octets without splitting a character
//! or an escape, with CRLF line ends.

mod line;
mod personal;
pub mod read;
mod write;
mod zone;

pub use line::{escape_text, push_line};
pub(crate) use write::Written;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{ymdhm, EventStatus, Id, Item, Programme};
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The maps and sets of an export, hashed with FxHash rather than SipHash:
/// the calendars of every attendee look each of their items up several
/// times by UID (10,060 × 514 on the large demo), and SipHash was a third
/// of writing them. Their keys are the event's own UIDs and ids.
pub(super) type Map<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;
pub(super) type Set<K> = HashSet<K, rustc_hash::FxBuildHasher>;

/// Which items a calendar holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Selection {
    /// The whole programme, with the items deleted since they were sent,
    /// as cancelled.
    All,
    /// The items in one room.
    Room(Id),
    /// The items one speaker takes part in.
    Speaker(Id),
    /// Any chosen items.
    Items(Vec<Id>),
    /// One attendee's own day, as their printed schedule shows it: the
    /// items common to everyone and the workshops they hold confirmed. Once
    /// the event is published, an item sent to them that they no longer
    /// hold (moved, cancelled, deleted) goes out to them once more, as
    /// cancelled.
    Attendee(Id),
}

/// What calendars compare to decide that an item changed.
fn fingerprint(item: &Item, room: &str) -> String {
    let title = item.title.trim();
    let mut print = String::with_capacity(34 + room.len() + title.len() + 2);
    ymdhm::write(&mut print, &item.starts_at);
    print.push('|');
    ymdhm::write(&mut print, &item.ends_at);
    print.push('|');
    print.push_str(room);
    print.push('|');
    print.push_str(title);
    print
}

/// A VEVENT to write: an item, or an item deleted since it was sent.
struct Entry<'a> {
    uid: Cow<'a, str>,
    sequence: i64,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    summary: Cow<'a, str>,
    item: Option<&'a Item>,
}

impl Entry<'_> {
    /// An item no longer in the calendar, from what `table` recorded when it
    /// was last sent (times as written by `ymdhm`): it goes out cancelled.
    fn cancelled(
        table: &str,
        uid: String,
        sequence: i64,
        (starts, ends): (&str, &str),
        summary: String,
    ) -> Result<Self> {
        let parse = |s: &str| {
            crate::model::ymdhm::parse(s)
                .ok_or_else(|| Error::invalid(table, "bad_time", s.to_owned()))
        };
        Ok(Entry {
            uid: Cow::Owned(uid),
            sequence,
            starts_at: parse(starts)?,
            ends_at: parse(ends)?,
            summary: Cow::Owned(summary),
            item: None,
        })
    }
}

impl Db {
    /// Writes the iCalendar file of an event's items, and remembers what it
    /// sent: once the event is published, an item whose time, room or title
    /// changed since the last export gets a higher SEQUENCE, and an item
    /// deleted since then is sent as cancelled (whole-programme exports).
    pub fn export_ics(
        &mut self,
        event_id: Id,
        selection: &Selection,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let p = self.programme(event_id)?;
        self.export_ics_of(&p, selection, now)
    }

    /// [`Db::export_ics`] for a programme already loaded.
    pub(crate) fn export_ics_of(
        &mut self,
        p: &Programme,
        selection: &Selection,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let mut calendars = self.export_ics_then(p, std::slice::from_ref(selection), now, Ok)?;
        Ok(calendars.remove(0))
    }

    /// The calendars of `selections`, written in one transaction, then
    /// handed to `then` before it commits: what they send is recorded
    /// (`calendar_sent`, `personal_calendar_sent`) only if `then` succeeds,
    /// so a file that could not be written leaves no SEQUENCE behind.
    pub(crate) fn export_ics_then<T>(
        &mut self,
        p: &Programme,
        selections: &[Selection],
        now: DateTime<Utc>,
        then: impl FnOnce(Vec<String>) -> Result<T>,
    ) -> Result<T> {
        self.export_ics_each(p, selections, now, |calendars| {
            then(
                calendars
                    .map(|c| c.map(write::Written::into_string))
                    .collect::<Result<_>>()?,
            )
        })
    }

    /// [`Db::export_ics_then`], with the calendars written one by one as
    /// `then` takes them from the iterator (in the order of `selections`),
    /// so that 10,060 attendees' calendars need not be held at once. A
    /// calendar that cannot be written is an `Err` item; when `then` fails
    /// (or stops early and fails), nothing is recorded. Each calendar comes
    /// as it was written, its VEVENTs shared with the others that hold
    /// them ([`Written`]).
    pub(crate) fn export_ics_each<T>(
        &mut self,
        p: &Programme,
        selections: &[Selection],
        now: DateTime<Utc>,
        then: impl FnOnce(&mut dyn Iterator<Item = Result<Written>>) -> Result<T>,
    ) -> Result<T> {
        let attendees = selections
            .iter()
            .filter(|s| matches!(s, Selection::Attendee(_)))
            .count();
        let days = personal::Days::read(self, p, attendees)?;
        // What the calendars send is recorded, not a change of the programme.
        self.record(|tx| {
            let mut shared = Shared::read(tx, p)?;
            let writer = write::Writer::new(p, shared.tz, now, selections.len() > 1);
            let mut calendars = selections.iter().map(|s| {
                let day = match s {
                    Selection::Attendee(id) => Some(days.day(tx, p, *id)?),
                    _ => None,
                };
                write_in(
                    tx,
                    p,
                    &mut shared,
                    &writer,
                    s,
                    day.as_ref(),
                    &HashSet::new(),
                )
            });
            then(&mut calendars)
        })
    }
}

/// The calendar of `selection` (the whole programme, a room's or a
/// speaker's), written inside the caller's transaction, which records what
/// it sends as [`Db::export_ics`] does. Items deleted since they were sent
/// go out as cancelled: all of them for the whole programme, otherwise
/// those whose UID is in `ghosts` (what a calendar server holds).
pub(crate) fn calendar_in(
    tx: &Connection,
    p: &Programme,
    selection: &Selection,
    ghosts: &HashSet<String>,
    now: DateTime<Utc>,
) -> Result<String> {
    if let Selection::Attendee(_) = selection {
        return Err(Error::invalid(
            "selection",
            "not_publishable",
            "an attendee's calendar is exported, not published",
        ));
    }
    let mut shared = Shared::read(tx, p)?;
    let writer = write::Writer::new(p, shared.tz, now, false);
    write_in(tx, p, &mut shared, &writer, selection, None, ghosts).map(Written::into_string)
}

/// What the calendars written in one transaction share: the event's zone,
/// rooms and status, and what `calendar_sent` holds, read once and kept
/// as the table stands while the calendars record what they send (where a
/// read per calendar, and a query per item of each, cost 10,000 attendees'
/// calendars minutes).
struct Shared<'p> {
    event_id: Id,
    tz: Tz,
    rooms: Map<Id, &'p str>,
    published: bool,
    /// `calendar_sent` of the event, by UID.
    sent: Map<String, Sent>,
    /// By item id, the SEQUENCE [`sent_entry`] gave the item in this
    /// export's first calendar that held it, which `sent` now holds: the
    /// next calendars find it here, without making its fingerprint again
    /// (10,060 attendees' days of 514 items: 5 million fingerprints).
    decided: Map<Id, i64>,
}

impl<'p> Shared<'p> {
    fn read(tx: &Connection, p: &'p Programme) -> Result<Self> {
        let event_id = p.event.id.expect("a stored event has an id");
        let tz = p.event.zone()?;
        Ok(Shared {
            event_id,
            tz,
            rooms: p
                .rooms
                .iter()
                .filter_map(|r| Some((r.id?, r.name.as_str())))
                .collect(),
            published: p.event.status == EventStatus::Published,
            decided: Map::default(),
            sent: sent_of(tx, event_id)?
                .into_iter()
                .map(|s| (s.uid.clone(), s))
                .collect(),
        })
    }

    /// The programme's SEQUENCE of `uid` as recorded so far.
    fn sequence_of(&self, uid: &str) -> Option<i64> {
        self.sent.get(uid).map(|s| s.sequence)
    }
}

/// The calendar of `selection` (of `day` for an attendee's), recording what
/// it sends in `tx`.
fn write_in(
    tx: &Connection,
    p: &Programme,
    shared: &mut Shared<'_>,
    writer: &write::Writer<'_>,
    selection: &Selection,
    day: Option<&personal::Day>,
    ghosts: &HashSet<String>,
) -> Result<Written> {
    let chosen = chosen_items(p, selection, &shared.rooms, day)?;
    let mut entries = Vec::with_capacity(chosen.len());
    for item in &chosen {
        let room = item
            .room_id
            .and_then(|r| shared.rooms.get(&r).copied())
            .unwrap_or("");
        entries.push(sent_entry(tx, shared, (item, room))?);
    }
    if *selection == Selection::All || !ghosts.is_empty() {
        let all = *selection == Selection::All;
        entries.extend(
            cancelled_entries(tx, shared, p)?
                .into_iter()
                .filter(|e| all || ghosts.contains(e.uid.as_ref())),
        );
    }
    if let Some(day) = day {
        personal_entries(tx, p, shared, day, (&chosen, &mut entries))?;
    }
    let owner = day.map(|d| d.attendee.name.as_str());
    Ok(writer.calendar((selection, owner), &entries))
}

/// An attendee's calendar: the SEQUENCE of each entry of their day
/// (`chosen`, whose programme entries `sent_entry` has just recorded, their
/// fingerprint with them), then the items sent to them and no longer in
/// it, cancelled; once published, their calendar holds the common items.
fn personal_entries<'a>(
    tx: &Connection,
    p: &Programme,
    shared: &Shared<'_>,
    day: &personal::Day,
    (chosen, entries): (&[&'a Item], &mut Vec<Entry<'a>>),
) -> Result<()> {
    let sent_to = day.sent_to(tx, &shared.sent)?;
    let held = sent_to.held();
    for entry in entries.iter_mut() {
        let print = match shared.published {
            true => shared
                .sent
                .get(entry.uid.as_ref())
                .map(|s| s.fingerprint.as_str()),
            false => None,
        };
        entry.sequence = day.sequence(tx, &sent_to, entry, print)?;
    }
    entries.extend(day.cancelled_entries(tx, sent_to, shared, chosen)?);
    if shared.published {
        day.hold_commons(tx, p, held)?;
    }
    Ok(())
}

/// The items of `p` that `selection` names (a room must be one of `rooms`;
/// an attendee's are those of `day`).
fn chosen_items<'p>(
    p: &'p Programme,
    selection: &Selection,
    rooms: &Map<Id, &str>,
    day: Option<&personal::Day>,
) -> Result<Vec<&'p Item>> {
    Ok(match selection {
        Selection::All => p.items.iter().collect(),
        Selection::Room(room) => {
            if !rooms.contains_key(room) {
                return Err(Error::invalid(
                    "room",
                    "unknown_room",
                    format!("room {room} is not a room of this event"),
                ));
            }
            p.items
                .iter()
                .filter(|i| i.room_id == Some(*room))
                .collect()
        }
        Selection::Speaker(speaker) => p
            .items
            .iter()
            .filter(|i| i.speakers.iter().any(|s| s.speaker_id == *speaker))
            .collect(),
        Selection::Items(ids) => {
            let ids: HashSet<Id> = ids.iter().copied().collect();
            p.items
                .iter()
                .filter(|i| i.id.is_some_and(|id| ids.contains(&id)))
                .collect()
        }
        Selection::Attendee(_) => {
            let day = day.expect("an attendee's calendar reads their day first");
            p.items
                .iter()
                .filter(|i| i.id.is_some_and(|id| day.item_ids.contains(&id)))
                .collect()
        }
    })
}

/// What `calendar_sent` (or, for one attendee, `personal_calendar_sent`)
/// recorded of one UID when it was last sent.
#[derive(Clone)]
struct Sent {
    uid: String,
    sequence: i64,
    fingerprint: String,
    summary: String,
    starts_at: String,
    ends_at: String,
    cancelled: bool,
}

/// Everything sent of an event: read once per export (one query, where a
/// query per item cost more than writing the item).
fn sent_of(tx: &Connection, event_id: Id) -> Result<Vec<Sent>> {
    let mut stmt = tx.prepare_cached(
        "SELECT uid, sequence, fingerprint, summary, starts_at, ends_at, cancelled \
         FROM calendar_sent WHERE event_id = ?1",
    )?;
    let rows = stmt.query_map([event_id], Sent::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Sent {
    /// A row of `uid, sequence, fingerprint, summary, starts_at, ends_at,
    /// cancelled`, as both tables of what was sent hold them.
    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Sent> {
        Ok(Sent {
            uid: r.get(0)?,
            sequence: r.get(1)?,
            fingerprint: r.get(2)?,
            summary: r.get(3)?,
            starts_at: r.get(4)?,
            ends_at: r.get(5)?,
            cancelled: r.get(6)?,
        })
    }
}

/// The entry of an item, with its SEQUENCE: raised when the event is
/// published and the item changed (or came back) since it was last sent
/// (`shared.sent`), which is then recorded in `calendar_sent` (and in
/// `shared`, so the next calendar holding it finds it sent as it is).
fn sent_entry<'a>(
    tx: &Connection,
    shared: &mut Shared<'_>,
    (item, room): (&'a Item, &str),
) -> Result<Entry<'a>> {
    let entry = |sequence| Entry {
        uid: Cow::Borrowed(item.uid.as_str()),
        sequence,
        starts_at: item.starts_at,
        ends_at: item.ends_at,
        summary: Cow::Borrowed(item.title.as_str()),
        item: Some(item),
    };
    if let Some(sequence) = item.id.and_then(|id| shared.decided.get(&id)) {
        return Ok(entry(*sequence));
    }
    let sequence = sent_sequence(tx, shared, (item, room))?;
    if let Some(id) = item.id {
        shared.decided.insert(id, sequence);
    }
    Ok(entry(sequence))
}

/// [`sent_entry`]'s SEQUENCE, recorded.
fn sent_sequence(
    tx: &Connection,
    shared: &mut Shared<'_>,
    (item, room): (&Item, &str),
) -> Result<i64> {
    let sent = shared.sent.get(item.uid.as_str());
    if !shared.published {
        // Nothing is recorded before publication: the SEQUENCE stays.
        return Ok(sent.map_or(0, |s| s.sequence));
    }
    let print = fingerprint(item, room);
    // Sent as it is now already (same fingerprint, so same times and
    // room): nothing to record again.
    if let Some(s) = sent {
        if !s.cancelled && s.fingerprint == print && s.summary == item.title {
            return Ok(s.sequence);
        }
    }
    let sequence = match sent {
        None => 0,
        Some(s) if s.fingerprint != print || s.cancelled => s.sequence + 1,
        Some(s) => s.sequence,
    };
    let starts_at = ymdhm::to_string(&item.starts_at);
    let ends_at = ymdhm::to_string(&item.ends_at);
    tx.prepare_cached(
        "INSERT INTO calendar_sent (event_id, uid, sequence, fingerprint, summary, starts_at, ends_at, cancelled) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0) \
         ON CONFLICT (event_id, uid) DO UPDATE SET sequence = excluded.sequence, \
         fingerprint = excluded.fingerprint, summary = excluded.summary, \
         starts_at = excluded.starts_at, ends_at = excluded.ends_at, cancelled = 0",
    )?
    .execute(params![
        shared.event_id,
        item.uid,
        sequence,
        print,
        item.title,
        starts_at,
        ends_at
    ])?;
    shared.sent.insert(
        item.uid.clone(),
        Sent {
            uid: item.uid.clone(),
            sequence,
            fingerprint: print,
            summary: item.title.clone(),
            starts_at,
            ends_at,
            cancelled: false,
        },
    );
    Ok(sequence)
}

/// Items sent before (`shared.sent`) and gone since: each goes out once
/// more, cancelled.
fn cancelled_entries<'a>(
    tx: &Connection,
    shared: &mut Shared<'_>,
    p: &Programme,
) -> Result<Vec<Entry<'a>>> {
    let current: Set<&str> = p.items.iter().map(|i| i.uid.as_str()).collect();
    let mut gone: Vec<&mut Sent> = shared
        .sent
        .values_mut()
        .filter(|s| !current.contains(s.uid.as_str()))
        .collect();
    // By start, then UID (as SQLite's BINARY collation orders text).
    gone.sort_by(|a, b| (&a.starts_at, &a.uid).cmp(&(&b.starts_at, &b.uid)));
    let mut entries = Vec::new();
    for gone in gone {
        if !gone.cancelled {
            gone.sequence += 1;
            gone.cancelled = true;
        }
        tx.prepare_cached(
            "UPDATE calendar_sent SET sequence = ?3, cancelled = 1 WHERE event_id = ?1 AND uid = ?2",
        )?
        .execute(params![shared.event_id, gone.uid, gone.sequence])?;
        entries.push(Entry::cancelled(
            "calendar_sent",
            gone.uid.clone(),
            gone.sequence,
            (&gone.starts_at, &gone.ends_at),
            gone.summary.clone(),
        )?);
    }
    Ok(entries)
}
