//! iCalendar export (RFC 5545) that real calendars accept.
//!
//! What peers get wrong and this module gets right: a VTIMEZONE built from
//! the IANA rules for the event's dates (no bare TZID, no "GMT"), one UID per
//! item that never changes, a SEQUENCE that rises when a published item
//! changes, cancelled items sent as STATUS:CANCELLED instead of vanishing,
//! text escaped, and lines folded at 75 octets without splitting a character
//! or an escape, with CRLF line ends.

mod personal;
pub mod read;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{EventStatus, Id, Item, Programme};
use crate::words::Lang;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{HashMap, HashSet};

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

/// Escapes a TEXT value: backslash, semicolon, comma and newlines.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no physical line exceeds 75
/// octets, never inside a UTF-8 character or a backslash escape, ended by
/// CRLF.
pub fn push_line(out: &mut String, line: &str) {
    const LIMIT: usize = 75;
    let mut used = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // An escape ("\n", "\,") is kept whole.
        let end = if c == '\\' {
            match chars.next() {
                Some((j, d)) => j + d.len_utf8(),
                None => i + 1,
            }
        } else {
            i + c.len_utf8()
        };
        let unit = &line[i..end];
        if used + unit.len() > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push_str(unit);
        used += unit.len();
    }
    out.push_str("\r\n");
}

fn prop(out: &mut String, name: &str, text: &str) {
    push_line(out, &format!("{name}:{}", escape_text(text)));
}

fn local_stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn offset_text(seconds: i64) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    if s % 60 != 0 {
        format!("{sign}{:02}{:02}{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{sign}{:02}{:02}", s / 3600, (s / 60) % 60)
    }
}

/// An offset of a zone at an instant: total seconds east of UTC, whether it
/// is daylight time, and its abbreviation.
#[derive(Debug, Clone, PartialEq)]
struct Offset {
    total: i64,
    dst: bool,
    name: String,
}

fn offset_at(tz: Tz, t: DateTime<Utc>) -> Offset {
    let o = tz.offset_from_utc_datetime(&t.naive_utc());
    let total = (o.base_utc_offset() + o.dst_offset()).num_seconds();
    let name = o
        .abbreviation()
        .map(str::to_owned)
        .unwrap_or_else(|| offset_text(total));
    Offset {
        total,
        dst: !o.dst_offset().is_zero(),
        name,
    }
}

/// A change of offset: the UTC instant, and the offsets before and after.
#[derive(Debug, Clone)]
struct Transition {
    at: DateTime<Utc>,
    from: Offset,
    to: Offset,
}

impl Transition {
    /// The wall-clock time of the change, in the offset before it (what
    /// DTSTART of a STANDARD or DAYLIGHT component means).
    fn local_start(&self) -> NaiveDateTime {
        self.at.naive_utc() + Duration::seconds(self.from.total)
    }
}

/// The transitions of `tz` during `year`, to the minute.
fn transitions(tz: Tz, year: i32) -> Vec<Transition> {
    let start = Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(year + 1, 1, 1, 0, 0, 0).unwrap();
    let mut out = Vec::new();
    let mut t = start;
    let mut current = offset_at(tz, t);
    while t < end {
        let next = t + Duration::hours(1);
        let o = offset_at(tz, next);
        if o.total != current.total || o.dst != current.dst {
            // Narrow down to the minute.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::minutes(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_at(tz, mid) == current {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(Transition {
                at: hi,
                from: current,
                to: o.clone(),
            });
            current = o;
        }
        t = next;
    }
    out
}

/// "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" for a change on a given day, when the
/// same rule gives next year's change too; otherwise None.
fn yearly_rule(day: NaiveDate, next_year: Option<NaiveDate>) -> Option<String> {
    let weekday = match day.weekday() {
        chrono::Weekday::Mon => "MO",
        chrono::Weekday::Tue => "TU",
        chrono::Weekday::Wed => "WE",
        chrono::Weekday::Thu => "TH",
        chrono::Weekday::Fri => "FR",
        chrono::Weekday::Sat => "SA",
        chrono::Weekday::Sun => "SU",
    };
    let last = day + Duration::days(7);
    let ordinal: i64 = if last.month() != day.month() {
        -1
    } else {
        i64::from((day.day() - 1) / 7 + 1)
    };
    let predicted = {
        let next = next_year?;
        let year = next.year();
        let first = NaiveDate::from_ymd_opt(year, day.month(), 1)?;
        let candidates: Vec<NaiveDate> = first
            .iter_days()
            .take_while(|d| d.month() == day.month())
            .filter(|d| d.weekday() == day.weekday())
            .collect();
        if ordinal == -1 {
            *candidates.last()?
        } else {
            *candidates.get(ordinal as usize - 1)?
        }
    };
    (Some(predicted) == next_year).then(|| {
        format!(
            "FREQ=YEARLY;BYMONTH={};BYDAY={ordinal}{weekday}",
            day.month()
        )
    })
}

/// The VTIMEZONE of `tz` with the rules in force during `year`.
pub fn vtimezone(tz: Tz, year: i32) -> String {
    let mut out = String::new();
    push_line(&mut out, "BEGIN:VTIMEZONE");
    push_line(&mut out, &format!("TZID:{}", tz.name()));
    let this_year = transitions(tz, year);
    let next_year = transitions(tz, year + 1);
    if this_year.is_empty() {
        // No change this year: one standard offset from the epoch on.
        let o = offset_at(tz, Utc.with_ymd_and_hms(year, 7, 1, 0, 0, 0).unwrap());
        let kind = if o.dst { "DAYLIGHT" } else { "STANDARD" };
        push_line(&mut out, &format!("BEGIN:{kind}"));
        push_line(&mut out, "DTSTART:19700101T000000");
        push_line(&mut out, &format!("TZOFFSETFROM:{}", offset_text(o.total)));
        push_line(&mut out, &format!("TZOFFSETTO:{}", offset_text(o.total)));
        prop(&mut out, "TZNAME", &o.name);
        push_line(&mut out, &format!("END:{kind}"));
    }
    for t in &this_year {
        let kind = if t.to.dst { "DAYLIGHT" } else { "STANDARD" };
        let next = next_year
            .iter()
            .find(|n| n.to.dst == t.to.dst && n.to.total == t.to.total)
            .map(|n| n.local_start());
        push_line(&mut out, &format!("BEGIN:{kind}"));
        push_line(
            &mut out,
            &format!("DTSTART:{}", local_stamp(t.local_start())),
        );
        push_line(
            &mut out,
            &format!("TZOFFSETFROM:{}", offset_text(t.from.total)),
        );
        push_line(&mut out, &format!("TZOFFSETTO:{}", offset_text(t.to.total)));
        let same_time = next
            .map(|n| n.time() == t.local_start().time())
            .unwrap_or(false);
        if let Some(rule) =
            yearly_rule(t.local_start().date(), next.map(|n| n.date())).filter(|_| same_time)
        {
            push_line(&mut out, &format!("RRULE:{rule}"));
        }
        prop(&mut out, "TZNAME", &t.to.name);
        push_line(&mut out, &format!("END:{kind}"));
    }
    push_line(&mut out, "END:VTIMEZONE");
    out
}

/// What calendars compare to decide that an item changed.
fn fingerprint(item: &Item, room: &str) -> String {
    format!(
        "{}|{}|{}|{}",
        item.starts_at.format(crate::model::ymdhm::FORMAT),
        item.ends_at.format(crate::model::ymdhm::FORMAT),
        room,
        item.title.trim()
    )
}

/// A VEVENT to write: an item, or an item deleted since it was sent.
struct Entry<'a> {
    uid: String,
    sequence: i64,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    summary: String,
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
            uid,
            sequence,
            starts_at: parse(starts)?,
            ends_at: parse(ends)?,
            summary,
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
        let days = selections
            .iter()
            .map(|s| match s {
                Selection::Attendee(id) => personal::Day::read(self, p, *id).map(Some),
                _ => Ok(None),
            })
            .collect::<Result<Vec<_>>>()?;
        self.change("calendar.export", |tx| {
            let calendars = selections
                .iter()
                .zip(&days)
                .map(|(s, day)| write_in(tx, p, s, day.as_ref(), &HashSet::new(), now))
                .collect::<Result<Vec<_>>>()?;
            then(calendars)
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
    write_in(tx, p, selection, None, ghosts, now)
}

/// The calendar of `selection` (of `day` for an attendee's), recording what
/// it sends in `tx`.
fn write_in(
    tx: &Connection,
    p: &Programme,
    selection: &Selection,
    day: Option<&personal::Day>,
    ghosts: &HashSet<String>,
    now: DateTime<Utc>,
) -> Result<String> {
    let event_id = p.event.id.expect("a stored event has an id");
    let tz: Tz = p.event.time_zone.parse().map_err(|_| {
        Error::invalid(
            "timeZone",
            "bad_time_zone",
            format!("unknown time zone {:?}", p.event.time_zone),
        )
    })?;
    let rooms: HashMap<Id, &str> = p
        .rooms
        .iter()
        .filter_map(|r| Some((r.id?, r.name.as_str())))
        .collect();
    let chosen = chosen_items(p, selection, &rooms, day)?;
    let published = p.event.status == EventStatus::Published;
    let mut entries = Vec::new();
    for item in &chosen {
        let room = item
            .room_id
            .and_then(|r| rooms.get(&r).copied())
            .unwrap_or("");
        let mut entry = sent_entry(tx, event_id, item, room, published)?;
        if let Some(day) = day {
            entry.sequence = day.sequence(tx, &entry, room, published)?;
        }
        entries.push(entry);
    }
    if *selection == Selection::All || !ghosts.is_empty() {
        let all = *selection == Selection::All;
        entries.extend(
            cancelled_entries(tx, event_id, p)?
                .into_iter()
                .filter(|e| all || ghosts.contains(&e.uid)),
        );
    }
    if let Some(day) = day {
        entries.extend(day.cancelled_entries(tx, &chosen)?);
    }
    let owner = day.map(|d| d.attendee.name.as_str());
    Ok(write_calendar(p, tz, (selection, owner), &entries, now))
}

/// The items of `p` that `selection` names (a room must be one of `rooms`;
/// an attendee's are those of `day`).
fn chosen_items<'p>(
    p: &'p Programme,
    selection: &Selection,
    rooms: &HashMap<Id, &str>,
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

/// The entry of an item, with its SEQUENCE: raised when the event is
/// published and the item changed (or came back) since it was last sent,
/// which is then recorded in `calendar_sent`.
fn sent_entry<'a>(
    tx: &Connection,
    event_id: Id,
    item: &'a Item,
    room: &str,
    published: bool,
) -> Result<Entry<'a>> {
    let print = fingerprint(item, room);
    // Cached statements: once per item, parsing the SQL each time cost more
    // than running it (5,000 items).
    let sent: Option<(i64, String, bool)> = tx
        .prepare_cached(
            "SELECT sequence, fingerprint, cancelled FROM calendar_sent WHERE event_id = ?1 AND uid = ?2",
        )?
        .query_row(params![event_id, item.uid], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let sequence = match (&sent, published) {
        (None, _) => 0,
        (Some((seq, old, cancelled)), true) if *old != print || *cancelled => seq + 1,
        (Some((seq, ..)), _) => *seq,
    };
    if published {
        tx.prepare_cached(
            "INSERT INTO calendar_sent (event_id, uid, sequence, fingerprint, summary, starts_at, ends_at, cancelled) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0) \
             ON CONFLICT (event_id, uid) DO UPDATE SET sequence = excluded.sequence, \
             fingerprint = excluded.fingerprint, summary = excluded.summary, \
             starts_at = excluded.starts_at, ends_at = excluded.ends_at, cancelled = 0",
        )?
        .execute(params![
                event_id,
                item.uid,
                sequence,
                print,
                item.title,
                item.starts_at.format(crate::model::ymdhm::FORMAT).to_string(),
                item.ends_at.format(crate::model::ymdhm::FORMAT).to_string()
            ],
        )?;
    }
    Ok(Entry {
        uid: item.uid.clone(),
        sequence,
        starts_at: item.starts_at,
        ends_at: item.ends_at,
        summary: item.title.clone(),
        item: Some(item),
    })
}

/// Items sent before and gone since: each goes out once more, cancelled.
fn cancelled_entries<'a>(tx: &Connection, event_id: Id, p: &Programme) -> Result<Vec<Entry<'a>>> {
    let mut entries = Vec::new();
    let current: HashSet<&str> = p.items.iter().map(|i| i.uid.as_str()).collect();
    let mut stmt = tx.prepare(
        "SELECT uid, sequence, summary, starts_at, ends_at, cancelled FROM calendar_sent \
         WHERE event_id = ?1 ORDER BY starts_at, uid",
    )?;
    type Sent = (String, i64, String, String, String, bool);
    let gone: Vec<Sent> = stmt
        .query_map([event_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<Sent>>>()?
        .into_iter()
        .filter(|g| !current.contains(g.0.as_str()))
        .collect();
    drop(stmt);
    for (uid, seq, summary, starts, ends, cancelled) in gone {
        let sequence = if cancelled { seq } else { seq + 1 };
        tx.execute(
            "UPDATE calendar_sent SET sequence = ?3, cancelled = 1 WHERE event_id = ?1 AND uid = ?2",
            params![event_id, uid, sequence],
        )?;
        entries.push(Entry::cancelled(
            "calendar_sent",
            uid,
            sequence,
            (&starts, &ends),
            summary,
        )?);
    }
    Ok(entries)
}

/// The calendar's name: the event's title, with the room, speaker or
/// attendee (`owner`) it is for.
fn calendar_name(p: &Programme, selection: &Selection, owner: Option<&str>) -> String {
    let title = p.event.title.trim();
    match selection {
        Selection::Attendee(_) => format!("{title} — {}", owner.unwrap_or("").trim()),
        Selection::Room(room) => {
            let name = p
                .rooms
                .iter()
                .find(|r| r.id == Some(*room))
                .map(|r| r.name.as_str())
                .unwrap_or("");
            format!("{title} — {name}")
        }
        Selection::Speaker(speaker) => {
            let name = p
                .speakers
                .iter()
                .find(|s| s.id == Some(*speaker))
                .map(|s| s.name.as_str())
                .unwrap_or("");
            format!("{title} — {name}")
        }
        _ => title.to_owned(),
    }
}

/// "Auditorium, L’Atelier …, 7 avenue Maurice Thorez, 69120 Vaulx-en-Velin, France".
fn location(p: &Programme, item: &Item) -> String {
    let v = &p.venue;
    let room = item
        .room_id
        .and_then(|r| p.rooms.iter().find(|x| x.id == Some(r)))
        .map(|r| r.name.as_str())
        .unwrap_or("");
    let city = format!("{} {}", v.postcode.trim(), v.city.trim())
        .trim()
        .to_owned();
    [
        room,
        v.name.trim(),
        v.street.trim(),
        city.as_str(),
        v.country.trim(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ")
}

/// The kind, each speaker with title, organisation, role and question, then
/// the item's own description.
fn description(p: &Programme, item: &Item) -> String {
    let lang = Lang::of_event(&p.event.language);
    let mut lines = vec![lang.kind(item.kind).to_owned()];
    if !item.part_label.trim().is_empty() {
        lines.push(item.part_label.trim().to_owned());
    }
    if item.remote {
        lines.push(lang.calendar_remote().to_owned());
    }
    if !item.speakers.is_empty() {
        lines.push(String::new());
        for link in &item.speakers {
            let Some(s) = p.speakers.iter().find(|s| s.id == Some(link.speaker_id)) else {
                continue;
            };
            let mut who = s.name.clone();
            for part in [&s.title, &s.organisation] {
                if !part.trim().is_empty() {
                    who.push_str(", ");
                    who.push_str(part.trim());
                }
            }
            let mut line = format!("{who} ({})", lang.role(link.role));
            if !link.topic.trim().is_empty() {
                line.push_str(lang.calendar_colon());
                line.push_str(link.topic.trim());
            }
            lines.push(line);
        }
    }
    if !item.description.trim().is_empty() {
        lines.push(String::new());
        lines.push(item.description.trim().to_owned());
    }
    lines.join("\n")
}

fn write_calendar(
    p: &Programme,
    tz: Tz,
    (selection, owner): (&Selection, Option<&str>),
    entries: &[Entry<'_>],
    now: DateTime<Utc>,
) -> String {
    let mut out = String::with_capacity(1024 + entries.len() * 900);
    let lang = if p.event.language == "en" { "EN" } else { "FR" };
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(
        &mut out,
        &format!(
            "PRODID:-//Déroulé//Déroulé {}//{lang}",
            env!("CARGO_PKG_VERSION")
        ),
    );
    push_line(&mut out, "CALSCALE:GREGORIAN");
    push_line(&mut out, "METHOD:PUBLISH");
    prop(
        &mut out,
        "X-WR-CALNAME",
        &calendar_name(p, selection, owner),
    );
    push_line(&mut out, &format!("X-WR-TIMEZONE:{}", tz.name()));
    let mut years: Vec<i32> = entries.iter().map(|e| e.starts_at.year()).collect();
    years.push(p.event.date.year());
    years.sort_unstable();
    years.dedup();
    // One VTIMEZONE per TZID: the rules of the event's (first) year.
    out.push_str(&vtimezone(tz, years[0]));
    let stamp = utc_stamp(now);
    let tzid = tz.name();
    for e in entries {
        push_line(&mut out, "BEGIN:VEVENT");
        prop(&mut out, "UID", &e.uid);
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(&mut out, &format!("SEQUENCE:{}", e.sequence));
        push_line(
            &mut out,
            &format!("DTSTART;TZID={tzid}:{}", local_stamp(e.starts_at)),
        );
        push_line(
            &mut out,
            &format!("DTEND;TZID={tzid}:{}", local_stamp(e.ends_at)),
        );
        prop(&mut out, "SUMMARY", e.summary.trim());
        match e.item {
            Some(item) => {
                let place = location(p, item);
                if !place.is_empty() {
                    prop(&mut out, "LOCATION", &place);
                }
                if let (Some(lat), Some(lon)) = (p.venue.latitude, p.venue.longitude) {
                    push_line(&mut out, &format!("GEO:{lat};{lon}"));
                }
                prop(&mut out, "DESCRIPTION", &description(p, item));
                push_line(
                    &mut out,
                    &format!(
                        "CATEGORIES:{}",
                        escape_text(Lang::of_event(&p.event.language).kind(item.kind))
                    ),
                );
                if !p.event.practical.website.trim().is_empty() {
                    push_line(
                        &mut out,
                        &format!("URL:{}", p.event.practical.website.trim()),
                    );
                }
                // A draft may still change: calendars show it as tentative.
                push_line(
                    &mut out,
                    if p.event.status == EventStatus::Published {
                        "STATUS:CONFIRMED"
                    } else {
                        "STATUS:TENTATIVE"
                    },
                );
            }
            None => push_line(&mut out, "STATUS:CANCELLED"),
        }
        push_line(&mut out, "TRANSP:OPAQUE");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}
